//! Reading a [`PbFile`] as an [`Instance`], and writing an instance as one.
//!
//! The budget comes from META `budget`, costs from the PROJECTS `cost`
//! column; both are read exactly, and the instance's scale is the largest
//! number of decimals written in any of them. META `vote_type` says how the
//! VOTES `vote` column (project ids separated by commas) is read: `approval`,
//! `choose-1`, `ordinal` and `knapsack` as approval sets (presence on the
//! ballot is approval, ranks are ignored), `cumulative` and `scoring` with
//! the `points` column (whole numbers, one per listed project). Projects keep
//! the file's order; an optional `submitted_at` column is read too.

use std::collections::HashMap;

use super::csv::trim;
use super::error::PbError;
use super::file::{read_votes, PbFile, RawTable, Sheet, Table, VotesSink, VotesText};
use crate::parallel;
use crate::rules::amount::{Decimal, MAX_SCALE};
use crate::rules::instance::{Ballot, BallotKind, Instance, Project};

/// How a file's votes are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VoteType {
    /// Sets of approved projects.
    Approval,
    /// One project per voter, read as an approval set.
    Choose1,
    /// Rankings, read as approval sets.
    Ordinal,
    /// Knapsack votes, read as approval sets.
    Knapsack,
    /// Points per project.
    Cumulative,
    /// Scores per project, read as points.
    Scoring,
}

impl VoteType {
    /// The name used in META `vote_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            VoteType::Approval => "approval",
            VoteType::Choose1 => "choose-1",
            VoteType::Ordinal => "ordinal",
            VoteType::Knapsack => "knapsack",
            VoteType::Cumulative => "cumulative",
            VoteType::Scoring => "scoring",
        }
    }

    /// Whether votes carry points.
    pub fn has_points(self) -> bool {
        matches!(self, VoteType::Cumulative | VoteType::Scoring)
    }

    fn parse(text: &str) -> Option<VoteType> {
        [
            VoteType::Approval,
            VoteType::Choose1,
            VoteType::Ordinal,
            VoteType::Knapsack,
            VoteType::Cumulative,
            VoteType::Scoring,
        ]
        .into_iter()
        .find(|t| t.as_str() == text.to_lowercase())
    }
}

/// Whether a field stands for "no value" (empty or `none`, as in pabutools).
fn missing(field: &str) -> bool {
    field.is_empty() || field.eq_ignore_ascii_case("none")
}

fn require_column(table: &impl Sheet, section: &'static str, column: &'static str) -> Result<usize, PbError> {
    table.column(column).ok_or(PbError::MissingColumn {
        line: table.header_line(),
        section,
        column,
    })
}

fn whole_points(line: usize, text: &str) -> Result<u64, PbError> {
    let bad = || PbError::BadPoints {
        line,
        value: text.to_owned(),
    };
    let decimal = Decimal::parse(text).map_err(|_| bad())?;
    let unit = 10u64.pow(u32::from(decimal.decimals));
    if decimal.digits.checked_rem(unit) != Some(0) {
        return Err(bad());
    }
    Ok(decimal.digits / unit)
}

/// Project positions by id, for looking up every id of every vote: an open
/// addressing table of (id as an integer, position), at most a quarter full.
/// An id of up to 15 bytes (nearly all of them) is its bytes and its length
/// packed into a `u128`, so finding it compares no strings; longer ids go to
/// a `HashMap`.
#[derive(Clone)]
struct ProjectIndex {
    slots: Vec<(u128, usize)>,
    filled: usize,
    shift: u32,
    long: HashMap<String, usize>,
}

/// The `u128` of an id of up to 15 bytes (0 is no id).
fn short_key(id: &str) -> Option<u128> {
    let bytes = id.as_bytes();
    if bytes.len() >= 16 {
        return None;
    }
    let mut key = (bytes.len() as u128) << 120;
    for (at, &byte) in bytes.iter().enumerate() {
        key |= u128::from(byte) << (8 * at);
    }
    Some(key)
}

impl ProjectIndex {
    fn with_capacity(projects: usize) -> ProjectIndex {
        let size = (4 * projects).next_power_of_two().max(16);
        ProjectIndex {
            slots: vec![(0, 0); size],
            filled: 0,
            shift: 64 - size.trailing_zeros(),
            long: HashMap::new(),
        }
    }

    /// The slot holding `key`, or the empty one where it would go.
    fn slot(&self, key: u128) -> usize {
        // `as` keeps the low 64 bits on purpose: a hash.
        let hash = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mask = self.slots.len() - 1;
        let mut at = usize::try_from(hash >> self.shift).unwrap_or(0) & mask;
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        at
    }

    /// Adds an id; false when it is already there.
    fn insert(&mut self, id: &str, position: usize) -> bool {
        let Some(key) = short_key(id) else {
            return self.long.insert(id.to_owned(), position).is_none();
        };
        if 4 * self.filled >= self.slots.len() {
            self.grow();
        }
        let at = self.slot(key);
        if self.slots[at].0 == key {
            return false;
        }
        self.slots[at] = (key, position);
        self.filled += 1;
        true
    }

    fn grow(&mut self) {
        let mut bigger = ProjectIndex::with_capacity(self.slots.len());
        for &(key, position) in self.slots.iter().filter(|(key, _)| *key != 0) {
            let at = bigger.slot(key);
            bigger.slots[at] = (key, position);
        }
        self.slots = bigger.slots;
        self.shift = bigger.shift;
    }

    fn get(&self, id: &str) -> Option<usize> {
        match short_key(id) {
            Some(key) => {
                let (found, position) = self.slots[self.slot(key)];
                (found == key).then_some(position)
            }
            None => self.long.get(id).copied(),
        }
    }
}

/// The META `vote_type` of a file's META section.
fn vote_type(meta: &impl Sheet) -> Result<VoteType, PbError> {
    let (value, line) = meta.meta("vote_type").ok_or(PbError::MissingMeta("vote_type"))?;
    let value = value.ok_or(PbError::MissingMeta("vote_type"))?;
    VoteType::parse(value).ok_or_else(|| PbError::UnsupportedVoteType {
        line,
        value: value.to_owned(),
    })
}

/// Reads a file's three sections as an instance.
pub(crate) fn to_instance<S: Sheet>(meta: &S, projects: &S, votes: &S) -> Result<Instance, PbError> {
    let mut builder = Builder::new(meta, projects, votes)?;
    for row in 0..votes.len() {
        let field = |column: Option<usize>| column.and_then(|c| votes.get(row, c)).unwrap_or_default();
        builder.vote(
            votes.line(row),
            field(Some(builder.vote_column)),
            field(builder.points_column),
        )?;
    }
    builder.finish()
}

/// Reads the VOTES rows into ballots as the file is parsed.
pub(crate) struct StreamedVotes {
    /// Set when VOTES started: the builder, or the first error.
    state: Option<Result<Builder, PbError>>,
    /// The most threads to read a VOTES section on.
    threads: usize,
    /// From what size of VOTES text on to use more than one.
    parallel_from: usize,
}

impl StreamedVotes {
    /// A sink reading a VOTES section of `parallel_from` bytes or more on
    /// up to `threads` threads.
    pub(crate) fn new(threads: usize, parallel_from: usize) -> StreamedVotes {
        StreamedVotes {
            state: None,
            threads: threads.max(1),
            parallel_from,
        }
    }

    /// The instance, or the first error reading it; `None` when the rows
    /// were not streamed (then the tables hold them).
    pub(crate) fn finish(self) -> Option<Result<Instance, PbError>> {
        self.state.map(|state| state.and_then(Builder::finish))
    }
}

impl<'a> VotesSink<'a> for StreamedVotes {
    fn start(&mut self, meta: &RawTable<'a>, projects: &RawTable<'a>, votes: &RawTable<'a>, rows: usize) {
        self.state = Some(Builder::new(meta, projects, votes).map(|mut builder| {
            builder.ballots.reserve(rows);
            builder
        }));
    }

    /// Large VOTES texts are cut into parts of whole lines, each read into
    /// ballots on its own thread by a copy of the builder; the ballots are
    /// then put together in order. The result is the one reading all rows
    /// in order gives: the first error reading a row's structure (which
    /// [`parse_raw`](super::file::parse_raw) reports before any other), else
    /// the first error converting a vote, else every ballot in file order.
    fn rows(&mut self, votes: VotesText<'a>) -> Result<(), PbError> {
        let threads = if votes.text.len() >= self.parallel_from {
            self.threads
        } else {
            1
        };
        let parts = votes.split(threads);
        let Some(Ok(builder)) = &mut self.state else {
            // Nothing to convert; the rows' structure is still checked.
            return parts.into_iter().try_for_each(|part| read_votes(part, |_, _| ()));
        };
        if let [part] = parts.as_slice() {
            return read_into(builder, *part);
        }
        let forks = parallel::map_in_order(parts, |part| {
            let mut fork = builder.fork();
            (read_into(&mut fork, part), fork)
        });
        // In file order: any structural error is returned (the ballots are
        // then of no use); otherwise ballots up to the first bad vote.
        for (read, fork) in forks {
            read?;
            if builder.failed.is_none() {
                match fork.failed {
                    Some(error) => builder.failed = Some(error),
                    None => builder.ballots.extend(fork.ballots),
                }
            }
        }
        Ok(())
    }
}

/// Reads `votes` into `builder`: the first error reading a row's structure;
/// the first error converting a vote is kept in `builder.failed` (rows after
/// it are only checked).
fn read_into<'a>(builder: &mut Builder, votes: VotesText<'a>) -> Result<(), PbError> {
    read_votes(votes, |line, fields| {
        if builder.failed.is_some() {
            return;
        }
        let field = |column: usize| fields.get(column).map_or("", |f| &**f);
        let points = builder.points_column.map_or("", field);
        if let Err(e) = builder.vote(line, field(builder.vote_column), points) {
            builder.failed = Some(e);
        }
    })
}

/// An instance being read: budget, scale and projects from META and
/// PROJECTS, then the ballots one VOTES row at a time.
pub(crate) struct Builder {
    budget: u64,
    scale: u8,
    projects: Vec<Project>,
    position: ProjectIndex,
    /// The VOTES `vote` column.
    pub vote_column: usize,
    /// The VOTES `points` column, for votes with points.
    pub points_column: Option<usize>,
    ballots: Vec<Ballot>,
    /// The first error converting a streamed vote (later rows are only checked).
    failed: Option<PbError>,
    // Scratch space reused for every ballot. The projects on the current
    // ballot as bits: duplicates show at once, and an approval ballot comes
    // out sorted (as the instance keeps it).
    marks: Vec<u64>,
    listed: Vec<usize>,
    sorted: Vec<usize>,
    points: Vec<u64>,
}

impl Builder {
    /// Reads META and PROJECTS, and finds the columns of `votes` (only its
    /// header is looked at).
    pub(crate) fn new<S: Sheet>(meta: &S, projects_table: &S, votes: &S) -> Result<Builder, PbError> {
        let (budget_text, budget_line) = match meta.meta("budget") {
            Some((Some(text), line)) => (text, line),
            _ => return Err(PbError::MissingMeta("budget")),
        };
        let budget = Decimal::parse(budget_text).map_err(|source| PbError::BadAmount {
            line: budget_line,
            what: "the budget".into(),
            source,
        })?;
        let vote_type = vote_type(meta)?;

        let table = projects_table;
        let id_column = require_column(table, "PROJECTS", "project_id")?;
        let cost_column = require_column(table, "PROJECTS", "cost")?;
        let submitted_column = table.column("submitted_at");
        let rows = table.len();
        let mut position = ProjectIndex::with_capacity(rows);
        let mut costs = Vec::with_capacity(rows);
        let mut projects = Vec::with_capacity(rows);
        for index in 0..rows {
            let line = table.line(index);
            let field = |column: usize| table.get(index, column).unwrap_or_default();
            let id = field(id_column);
            if id.is_empty() || id.contains(',') || id.chars().any(char::is_control) {
                return Err(PbError::BadProjectId { line, id: id.into() });
            }
            if !position.insert(id, index) {
                return Err(PbError::DuplicateProject { line, id: id.into() });
            }
            let cost = Decimal::parse(field(cost_column)).map_err(|source| PbError::BadAmount {
                line,
                what: format!("the cost of project {id}"),
                source,
            })?;
            let submitted_at = match submitted_column.map(field) {
                Some(text) if !missing(text) => Some(text.parse::<i64>().map_err(|_| PbError::BadSubmittedAt {
                    line,
                    value: text.into(),
                })?),
                _ => None,
            };
            costs.push((line, cost));
            projects.push(Project {
                id: id.to_owned(),
                cost: 0,
                submitted_at,
            });
        }
        let scale = costs
            .iter()
            .map(|(_, c)| c.decimals)
            .chain([budget.decimals])
            .max()
            .unwrap_or(0);
        if scale > MAX_SCALE {
            return Err(PbError::Scale(scale));
        }
        let too_large = |line: usize, what: String, text: &str| PbError::BadAmount {
            line,
            what,
            source: crate::rules::amount::AmountError::TooLarge(text.to_owned()),
        };
        let budget = budget
            .at_scale(scale)
            .ok_or_else(|| too_large(budget_line, "the budget".into(), budget_text))?;
        for (project, (line, cost)) in projects.iter_mut().zip(&costs) {
            project.cost = cost.at_scale(scale).ok_or_else(|| {
                too_large(
                    *line,
                    format!("the cost of project {}", project.id),
                    &cost.digits.to_string(),
                )
            })?;
        }

        let table = votes;
        let vote_column = require_column(table, "VOTES", "vote")?;
        let points_column = if vote_type.has_points() {
            Some(require_column(table, "VOTES", "points")?)
        } else {
            None
        };
        let count = projects.len();
        Ok(Builder {
            budget,
            scale,
            projects,
            position,
            vote_column,
            points_column,
            ballots: Vec::with_capacity(votes.len()),
            failed: None,
            marks: vec![0; count.div_ceil(64)],
            listed: Vec::with_capacity(count),
            sorted: Vec::with_capacity(count),
            points: Vec::with_capacity(count),
        })
    }

    /// Reads one VOTES row: its `vote` field and, for votes with points, its
    /// `points` field. After an error the builder is of no further use.
    pub(crate) fn vote(&mut self, line: usize, vote: &str, points_text: &str) -> Result<(), PbError> {
        let Builder {
            position,
            marks,
            listed,
            sorted,
            points,
            ..
        } = self;
        listed.clear();
        if !missing(vote) {
            for id in vote.split(',').map(trim).filter(|id| !id.is_empty()) {
                let project = position
                    .get(id)
                    .ok_or_else(|| PbError::UnknownProject { line, id: id.into() })?;
                let (word, bit) = (project / 64, 1u64 << (project % 64));
                if marks[word] & bit != 0 {
                    return Err(PbError::DuplicateVote { line, id: id.into() });
                }
                marks[word] |= bit;
                listed.push(project);
            }
        }
        sorted.clear();
        if marks.len() <= 4 * listed.len() + 4 {
            for (word, bits) in marks.iter_mut().enumerate() {
                let mut rest = std::mem::take(bits);
                while rest != 0 {
                    sorted.push(word * 64 + rest.trailing_zeros() as usize);
                    rest &= rest - 1;
                }
            }
        } else {
            sorted.extend_from_slice(listed);
            sorted.sort_unstable();
            for &project in listed.iter() {
                marks[project / 64] = 0;
            }
        }
        let ballot = match self.points_column {
            None => Ballot::approval(sorted.iter().copied()),
            Some(_) => {
                let given = if missing(points_text) {
                    0
                } else {
                    points_text.split(',').count()
                };
                if given != listed.len() {
                    return Err(PbError::PointsMismatch {
                        line,
                        projects: listed.len(),
                        points: given,
                    });
                }
                points.clear();
                if given > 0 {
                    for p in points_text.split(',').map(str::trim) {
                        points.push(whole_points(line, p)?);
                    }
                }
                Ballot::cumulative(listed.iter().copied().zip(points.iter().copied()))
            }
        };
        self.ballots.push(ballot);
        Ok(())
    }

    /// A builder for other rows of the same VOTES section, with no ballots yet.
    fn fork(&self) -> Builder {
        Builder {
            budget: self.budget,
            scale: self.scale,
            projects: self.projects.clone(),
            position: self.position.clone(),
            vote_column: self.vote_column,
            points_column: self.points_column,
            ballots: Vec::new(),
            failed: None,
            marks: vec![0; self.marks.len()],
            listed: Vec::with_capacity(self.listed.capacity()),
            sorted: Vec::with_capacity(self.sorted.capacity()),
            points: Vec::with_capacity(self.points.capacity()),
        }
    }

    /// The instance, or the first error converting a vote.
    pub(crate) fn finish(self) -> Result<Instance, PbError> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        Ok(Instance::new(self.budget, self.scale, self.projects, self.ballots)?)
    }
}

impl PbFile {
    /// The META `vote_type`.
    pub fn vote_type(&self) -> Result<VoteType, PbError> {
        vote_type(&self.meta)
    }

    /// Reads the file as an instance.
    pub fn to_instance(&self) -> Result<Instance, PbError> {
        to_instance(&self.meta, &self.projects, &self.votes)
    }

    /// An instance as a Pabulib file: META `description`, `num_projects`,
    /// `num_votes`, `budget`, `vote_type` (then `extra_meta`, except keys
    /// already written), PROJECTS `project_id;cost` (and `submitted_at` when
    /// any project has one), VOTES `voter_id;vote` (and `points` for
    /// cumulative ballots), voters numbered from 1. Reading the written file
    /// gives back the same instance.
    pub fn from_instance(instance: &Instance, extra_meta: &[(&str, &str)]) -> PbFile {
        let cumulative = instance.ballot_kind() == BallotKind::Cumulative;
        let mut meta: Vec<Vec<String>> = vec![
            vec!["description".into(), "medlemsbudget export".into()],
            vec!["num_projects".into(), instance.projects().len().to_string()],
            vec!["num_votes".into(), instance.ballots().len().to_string()],
            vec!["budget".into(), instance.budget_amount().to_string()],
            vec![
                "vote_type".into(),
                if cumulative { "cumulative" } else { "approval" }.into(),
            ],
        ];
        for (key, value) in extra_meta {
            let replaces = meta.iter_mut().find(|row| row[0] == *key);
            match replaces {
                Some(row) if *key == "description" => row[1] = (*value).to_owned(),
                Some(_) => {}
                None => meta.push(vec![(*key).to_owned(), (*value).to_owned()]),
            }
        }
        let with_times = instance.projects().iter().any(|p| p.submitted_at.is_some());
        let mut project_columns = vec!["project_id".to_owned(), "cost".to_owned()];
        if with_times {
            project_columns.push("submitted_at".into());
        }
        let projects = instance
            .projects()
            .iter()
            .map(|p| {
                let mut row = vec![p.id.clone(), instance.amount(p.cost).to_string()];
                if with_times {
                    row.push(p.submitted_at.map(|t| t.to_string()).unwrap_or_default());
                }
                row
            })
            .collect();
        let mut vote_columns = vec!["voter_id".to_owned(), "vote".to_owned()];
        if cumulative {
            vote_columns.push("points".into());
        }
        let ids = instance.projects();
        let votes = instance
            .ballots()
            .iter()
            .enumerate()
            .map(|(index, ballot)| {
                let vote: Vec<&str> = ballot.projects().map(|p| ids[p].id.as_str()).collect();
                let mut row = vec![(index + 1).to_string(), vote.join(",")];
                if let Some(points) = ballot.points() {
                    let points: Vec<String> = points.iter().map(u64::to_string).collect();
                    row.push(points.join(","));
                }
                row
            })
            .collect();
        PbFile {
            meta: Table::new(vec!["key".into(), "value".into()], meta),
            projects: Table::new(project_columns, projects),
            votes: Table::new(vote_columns, votes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pabulib::{parse, read_instance, read_instance_on, write};

    /// Reads a file both ways: the tables of [`parse`] converted, and
    /// [`read_instance`] (which streams the votes); they must agree.
    fn both_ways(text: &str) -> Result<Instance, PbError> {
        let converted = parse(text).and_then(|f| f.to_instance());
        assert_eq!(read_instance(text), converted, "{text}");
        converted
    }

    fn file(meta: &str, projects: &str, votes: &str) -> Result<Instance, PbError> {
        both_ways(&format!("META\nkey;value\n{meta}PROJECTS\n{projects}VOTES\n{votes}"))
    }

    /// A file with `rows` votes over 40 projects, with `change` applied to
    /// the VOTES rows (by index).
    fn large_file(rows: usize, change: impl Fn(usize, String) -> String) -> String {
        let projects: String = (0..40).map(|p| format!("p{p};{}\n", 1 + p % 7)).collect();
        let votes: String = (0..rows)
            .map(|i| {
                let vote = (0..1 + i % 9)
                    .map(|k| format!("p{}", (i * 7 + k * 13) % 40))
                    .collect::<Vec<_>>();
                change(i, format!("v{i};{};{}\n", vote.join(","), i % 90))
            })
            .collect();
        format!(
            "META\nkey;value\nbudget;50\nvote_type;approval\nPROJECTS\nproject_id;cost\n{projects}\
             VOTES\nvoter_id;vote;age\n{votes}"
        )
    }

    #[test]
    fn large_votes_read_on_several_threads_report_what_the_tables_report() {
        let rows = 12_000;
        let cases: Vec<(&str, String)> = vec![
            ("clean", large_file(rows, |_, row| row)),
            (
                "blank lines",
                large_file(rows, |i, row| if i % 1000 == 0 { format!("\n{row}") } else { row }),
            ),
            (
                "a bad vote late",
                large_file(rows, |i, row| if i == 11_000 { "x;p99;1\n".into() } else { row }),
            ),
            (
                "two bad votes, the first reported",
                large_file(rows, |i, row| match i {
                    3_000 => "x;p1,p1;1\n".into(),
                    10_000 => "y;p99;1\n".into(),
                    _ => row,
                }),
            ),
            (
                "a bad vote early, a bad row late: the row wins",
                large_file(rows, |i, row| match i {
                    10 => "x;p99;1\n".into(),
                    11_500 => "y;p1;1;extra\n".into(),
                    _ => row,
                }),
            ),
            (
                "a section name in the middle",
                large_file(rows, |i, row| if i == 7_000 { "projects\n".into() } else { row }),
            ),
            (
                "a quote: read on one thread",
                large_file(rows, |i, row| if i == 5 { "\"q\";p1;2\n".into() } else { row }),
            ),
        ];
        for (name, text) in &cases {
            let converted = parse(text).and_then(|f| f.to_instance());
            for threads in [1, 2, 3, 5] {
                assert_eq!(
                    read_instance_on(text, threads, 0),
                    converted,
                    "{name} on {threads} threads"
                );
            }
        }
        assert_eq!(
            parse(&cases[0].1)
                .and_then(|f| f.to_instance())
                .map(|i| i.ballots().len()),
            Ok(rows)
        );
    }

    #[test]
    fn streamed_votes_report_what_the_tables_report() {
        let meta = "META\nkey;value\nbudget;10\nvote_type;approval\n";
        let projects = "PROJECTS\nproject_id;cost\n1;5\n2;5\n";
        // A structural error after a bad vote, or after bad META, still wins.
        assert!(matches!(
            both_ways(&format!("{meta}{projects}VOTES\nvoter_id;vote\nv;9\nw;1;x\n")),
            Err(PbError::TooManyFields { line: 12, .. })
        ));
        assert!(matches!(
            both_ways(&format!(
                "META\nkey;value\n{projects}VOTES\nvoter_id;vote\nv;1\nw;1;x\n"
            )),
            Err(PbError::TooManyFields { line: 10, .. })
        ));
        assert!(matches!(
            both_ways(&format!("{meta}{projects}VOTES\nvoter_id;vote\nv;1\nMETA\n")),
            Err(PbError::DuplicateSection { line: 12, .. })
        ));
        // The first bad vote is the one reported.
        assert!(matches!(
            both_ways(&format!("{meta}{projects}VOTES\nvoter_id;vote\nv;1,1\nw;3\n")),
            Err(PbError::DuplicateVote { line: 11, .. })
        ));
        assert!(matches!(
            both_ways(&format!("{meta}{projects}VOTES\nvoter_id;age\nv;1\n")),
            Err(PbError::MissingColumn { line: 10, .. })
        ));
        // VOTES before PROJECTS is read from the tables.
        let votes_first = both_ways(&format!("{meta}VOTES\nvoter_id;vote\nv;2,1\n\n{projects}"));
        assert_eq!(
            votes_first.map(|i| i.ballots()[0].projects().collect::<Vec<_>>()),
            Ok(vec![0, 1])
        );
        // Rows shorter than the header, quoted fields, many projects.
        let ids: Vec<String> = (0..150).map(|i| format!("p{i}")).collect();
        let many: String = ids.iter().map(|id| format!("{id};1\n")).collect();
        let all = ids.iter().rev().cloned().collect::<Vec<_>>().join(",");
        let text = format!(
            "{meta}PROJECTS\nproject_id;cost\n{many}\"a long project id; quoted\";2\nVOTES\nvoter_id;vote;age\nv;\"p3,p149\"\nw\nx;{all}\ny;\"p7,a long project id; quoted\"\n"
        );
        let instance = both_ways(&text).unwrap_or_else(|e| panic!("{e}"));
        let ballots: Vec<Vec<usize>> = instance.ballots().iter().map(|b| b.projects().collect()).collect();
        assert_eq!(ballots[..2], [vec![3, 149], vec![]]);
        assert_eq!(ballots[2], (0..150).collect::<Vec<_>>());
        assert_eq!(ballots[3], [7, 150]);
        assert!(matches!(
            both_ways(&text.replace("p7,a long", "p7,a longer")),
            Err(PbError::UnknownProject { .. })
        ));
    }

    #[test]
    fn costs_keep_their_decimals() {
        let instance = file(
            "budget;4000000.5\nvote_type;approval\n",
            "project_id;cost\na;3009585.74\nb;10\n",
            "voter_id;vote\n1;a,b\n2;\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(instance.scale(), 2);
        assert_eq!(instance.budget(), 400000050);
        assert_eq!(instance.projects()[0].cost, 300958574);
        assert_eq!(instance.projects()[1].cost, 1000);
        assert_eq!(instance.ballots().len(), 2);
        assert_eq!(instance.ballots()[1].projects().len(), 0);
    }

    #[test]
    fn cumulative_votes_carry_points_and_ordinal_votes_are_sets() {
        let instance = file(
            "budget;10\nvote_type;cumulative\n",
            "project_id;cost\n1;5\n2;5\n",
            "voter_id;vote;points\n7;2,1;3,2.0\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let entries: Vec<(usize, u64)> = instance.ballots()[0].entries().collect();
        assert_eq!(entries, vec![(0, 2), (1, 3)]);
        let ordinal = file(
            "budget;10\nvote_type;ordinal\n",
            "project_id;cost\n1;5\n2;5\n",
            "voter_id;vote\n7;2,1\n",
        );
        assert_eq!(ordinal.map(|i| i.ballot_kind()), Ok(BallotKind::Approval));
    }

    #[test]
    fn errors_name_the_line() {
        let err = |meta: &str, projects: &str, votes: &str| file(meta, projects, votes).err();
        let ok_meta = "budget;10\nvote_type;approval\n";
        assert_eq!(
            err(ok_meta, "project_id;cost\n1;5\n", "voter_id;vote\nv;1,3\n"),
            Some(PbError::UnknownProject {
                line: 10,
                id: "3".into()
            })
        );
        assert_eq!(
            err(ok_meta, "project_id;cost\n1;5\n1;6\n", "voter_id;vote\n"),
            Some(PbError::DuplicateProject {
                line: 8,
                id: "1".into()
            })
        );
        assert!(matches!(
            err(ok_meta, "project_id;cost\n1;-5\n", "voter_id;vote\n"),
            Some(PbError::BadAmount { line: 7, .. })
        ));
        assert!(matches!(
            err(
                "budget;ten\nvote_type;approval\n",
                "project_id;cost\n",
                "voter_id;vote\n"
            ),
            Some(PbError::BadAmount { line: 3, .. })
        ));
        assert_eq!(
            err(ok_meta, "project_id;cost\n1;5\n", "voter_id;vote\nv;1,1\n"),
            Some(PbError::DuplicateVote {
                line: 10,
                id: "1".into()
            })
        );
        assert_eq!(
            err(
                "budget;10\nvote_type;cumulative\n",
                "project_id;cost\n1;5\n",
                "voter_id;vote;points\nv;1;1,2\n"
            ),
            Some(PbError::PointsMismatch {
                line: 10,
                projects: 1,
                points: 2
            })
        );
        assert_eq!(
            err(
                "budget;10\nvote_type;cumulative\n",
                "project_id;cost\n1;5\n",
                "voter_id;vote;points\nv;1;-1\n"
            ),
            Some(PbError::BadPoints {
                line: 10,
                value: "-1".into()
            })
        );
        assert_eq!(
            err(
                "budget;10\nvote_type;pairwise\n",
                "project_id;cost\n",
                "voter_id;vote\n"
            ),
            Some(PbError::UnsupportedVoteType {
                line: 4,
                value: "pairwise".into()
            })
        );
        assert_eq!(
            err(ok_meta, "project_id;price\n", "voter_id;vote\n"),
            Some(PbError::MissingColumn {
                line: 6,
                section: "PROJECTS",
                column: "cost"
            })
        );
    }

    #[test]
    fn an_exported_round_reads_back_as_the_same_instance() {
        let projects = vec![
            Project {
                id: "12".into(),
                cost: 5000050,
                submitted_at: Some(3),
            },
            Project::new("a;b \"x\"", 100),
        ];
        let ballots = vec![Ballot::approval([1, 0]), Ballot::approval([])];
        let instance = Instance::new(10000000, 2, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
        let exported = PbFile::from_instance(&instance, &[("description", "KV round"), ("currency", "DKK")]);
        assert_eq!(exported.meta_value("description"), Some("KV round"));
        let text = write(&exported);
        assert!(text.contains("budget;100000.00\n"));
        let back = parse(&text).and_then(|f| f.to_instance());
        assert_eq!(back, Ok(instance));
        let cumulative = Instance::new(
            7,
            0,
            vec![Project::new("x", 3), Project::new("y", 4)],
            vec![Ballot::cumulative([(1, 0), (0, 5)]), Ballot::cumulative([])],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = write(&PbFile::from_instance(&cumulative, &[]));
        assert_eq!(parse(&text).and_then(|f| f.to_instance()), Ok(cumulative));
    }
}
