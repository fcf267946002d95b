//! A round as a Pabulib file, and a Pabulib file as a round.
//!
//! The export is an ordinary Pabulib file (so pabutools or any other tool can
//! recount it) with a few extra columns and META keys that let medlemsbudget
//! read it back as the same round: PROJECTS `name`, `storkreds` and
//! `submitted_at`; VOTES `storkreds` (the voter's) and, when some ballots
//! were cast on paper at a meeting, `voting_method` (`internet` or `paper`,
//! as Pabulib's own files have it); META `medlemsbudget_ballot`,
//! `medlemsbudget_rule` and `medlemsbudget_split` (the settings as JSON).
//! Voters are numbered 1, 2, … in the order given, which carries no identity.

use std::collections::BTreeMap;

use crate::ballot_rules::{BallotContent, BallotRules};
use crate::candidate::Candidate;
use crate::money::Money;
use crate::pabulib::{self, PbError, PbFile};
use crate::proposal::ProposalId;
use crate::round_rule::RoundRule;
use crate::rules::{Ballot, BallotKind, Instance, Project};
use crate::split::Split;
use crate::storkreds::Storkreds;
use crate::tally::CountedBallot;
use crate::verification::BallotSource;

/// Why a file cannot become a round, or a round a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoundFileError {
    /// The file is not valid Pabulib.
    #[error("{0}")]
    Pabulib(#[from] PbError),
    /// A value does not fit the service (amounts in kroner with two decimals, known storkredse).
    #[error("{0}")]
    Unsupported(String),
}

/// Below this many voters, the ballots of a storkreds come close to naming
/// their voters once they are published with their storkreds.
pub const MIN_VOTERS_PER_STORKREDS: u64 = 5;

/// Whether an export gives each voter's storkreds: only where a recount
/// needs it, under a split into sub-pools per storkreds (there a ballot
/// lists only its own storkreds' bids anyway). Under `national` and `floor`
/// the count does not depend on where voters live, and in a small
/// storkreds the column would all but name them.
pub fn exports_voter_storkreds(split: &Split) -> bool {
    split.per_storkreds_ballots()
}

/// The storkredse with some, but fewer than [`MIN_VOTERS_PER_STORKREDS`],
/// voters, where publishing shows each ballot's storkreds (a sub-pool
/// split): HB is warned before publishing.
pub fn small_storkredse(split: &Split, voters: impl IntoIterator<Item = (Storkreds, u64)>) -> Vec<(Storkreds, u64)> {
    if !exports_voter_storkreds(split) {
        return Vec::new();
    }
    voters
        .into_iter()
        .filter(|&(_, n)| n > 0 && n < MIN_VOTERS_PER_STORKREDS)
        .collect()
}

/// A proposal as exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedProposal {
    /// Its id, its storkreds, its amount and its submission time.
    pub candidate: Candidate,
    /// Its title.
    pub title: String,
}

/// Everything an export holds.
#[derive(Clone, Debug)]
pub struct RoundExport<'a> {
    /// The round's name.
    pub name: &'a str,
    /// The pool.
    pub pool: Money,
    /// The ballot rules.
    pub ballot: BallotRules,
    /// The rule.
    pub rule: RoundRule,
    /// The split.
    pub split: &'a Split,
    /// The accepted proposals.
    pub proposals: &'a [ExportedProposal],
    /// The counted ballots, in the order the voters are to be numbered.
    pub ballots: &'a [CountedBallot],
}

fn unsupported(message: impl Into<String>) -> RoundFileError {
    RoundFileError::Unsupported(message.into())
}

/// Writes the round as a Pabulib file.
pub fn export(round: &RoundExport) -> Result<String, RoundFileError> {
    let position: BTreeMap<ProposalId, usize> = round
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| (p.candidate.id, i))
        .collect();
    let projects = round
        .proposals
        .iter()
        .map(|p| Project {
            id: p.candidate.id.to_string(),
            cost: p.candidate.requested.ore().unsigned_abs(),
            submitted_at: Some(p.candidate.submitted_at),
        })
        .collect();
    let mut ballots = Vec::with_capacity(round.ballots.len());
    for ballot in round.ballots {
        let mut entries = Vec::new();
        for id in ballot.content.supported() {
            let &index = position
                .get(&id)
                .ok_or_else(|| unsupported(format!("a ballot supports unknown proposal {id}")))?;
            entries.push((index, ballot.content.points_for(id)));
        }
        ballots.push(match ballot.content {
            BallotContent::Approvals(_) => Ballot::approval(entries.into_iter().map(|(i, _)| i)),
            BallotContent::Points(_) => Ballot::cumulative(entries),
        });
    }
    let budget = round.pool.ore().unsigned_abs();
    let instance = Instance::new(budget, 2, projects, ballots).map_err(|e| unsupported(e.to_string()))?;
    let json = |value: Result<String, serde_json::Error>| value.map_err(|e| unsupported(e.to_string()));
    let ballot = json(serde_json::to_string(&round.ballot))?;
    let rule = json(serde_json::to_string(&round.rule))?;
    let split = json(serde_json::to_string(round.split))?;
    let rule_name = round.rule.name();
    let mut meta: Vec<(&str, &str)> = vec![
        ("description", round.name),
        ("country", "Denmark"),
        ("unit", "medlemsbudget"),
        ("currency", "DKK"),
        ("rule", &rule_name),
        ("medlemsbudget_ballot", &ballot),
        ("medlemsbudget_rule", &rule),
        ("medlemsbudget_split", &split),
    ];
    let points_text;
    if let BallotRules::Cumulative { points, .. } = round.ballot {
        points_text = points.to_string();
        meta.push(("max_sum_points", &points_text));
    }
    let mut file = PbFile::from_instance(&instance, &meta);
    file.projects
        .columns
        .extend(["name".to_owned(), "storkreds".to_owned()]);
    for (row, proposal) in file.projects.rows.iter_mut().zip(round.proposals) {
        row.extend([proposal.title.clone(), proposal.candidate.storkreds.slug().to_owned()]);
    }
    if exports_voter_storkreds(round.split) {
        file.votes.columns.push("storkreds".to_owned());
        for (row, ballot) in file.votes.rows.iter_mut().zip(round.ballots) {
            row.push(ballot.storkreds.slug().to_owned());
        }
    }
    if round.ballots.iter().any(|b| b.source == BallotSource::Paper) {
        file.votes.columns.push("voting_method".to_owned());
        for (row, ballot) in file.votes.rows.iter_mut().zip(round.ballots) {
            row.push(ballot.source.voting_method().to_owned());
        }
    }
    Ok(pabulib::write(&file))
}

/// A proposal read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedProposal {
    /// The project id in the file.
    pub project_id: String,
    /// Its title (`name` column, else `Project <id>`), at most 200 characters.
    pub title: String,
    /// Its storkreds (`storkreds` column, else the default).
    pub storkreds: Storkreds,
    /// Its cost.
    pub amount: Money,
    /// Its submission time, if the file has one.
    pub submitted_at: Option<i64>,
}

/// A voter's ballot read from a file; proposals by their position in `proposals`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedBallot {
    /// The voter id in the file.
    pub voter_id: String,
    /// The voter's storkreds (`storkreds` column, else the default).
    pub storkreds: Storkreds,
    /// `(proposal position, points)`; points are 1 on approval ballots.
    pub entries: Vec<(usize, u32)>,
    /// Online or paper (`voting_method` column; online when there is none).
    pub source: BallotSource,
}

/// A round read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRound {
    /// META `description`, else "Pabulib import".
    pub name: String,
    /// META `budget`.
    pub pool: Money,
    /// The ballot rules (from `medlemsbudget_ballot`, else from `vote_type`).
    pub ballot: BallotRules,
    /// The rule (from `medlemsbudget_rule`, else greedy).
    pub rule: RoundRule,
    /// The split (from `medlemsbudget_split`, else national).
    pub split: Split,
    /// The projects, in file order.
    pub proposals: Vec<ImportedProposal>,
    /// The votes, in file order.
    pub ballots: Vec<ImportedBallot>,
}

impl ImportedBallot {
    /// The ballot's content, given the ids the proposals got.
    pub fn content(&self, ids: &[ProposalId], cumulative: bool) -> BallotContent {
        if cumulative {
            BallotContent::Points(
                self.entries
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|&(i, n)| (ids[i], n))
                    .collect(),
            )
        } else {
            BallotContent::Approvals(self.entries.iter().map(|&(i, _)| ids[i]).collect())
        }
    }
}

fn storkreds_column(table: &pabulib::Table, row: usize, default: Storkreds) -> Result<Storkreds, RoundFileError> {
    match table
        .column("storkreds")
        .and_then(|c| table.rows[row].get(c))
        .filter(|s| !s.is_empty())
    {
        Some(slug) => slug
            .parse()
            .map_err(|e| unsupported(format!("line {}: {e}", table.line(row)))),
        None => Ok(default),
    }
}

/// Reads a Pabulib file as a round; `default_storkreds` is used where the
/// file names none.
pub fn import(text: &str, default_storkreds: Storkreds) -> Result<ImportedRound, RoundFileError> {
    let file = pabulib::parse(text)?;
    let instance = file.to_instance()?;
    let to_money = |minor: u64, what: &str| {
        instance.amount(minor).to_money().ok_or_else(|| {
            unsupported(format!(
                "{what} ({}) is not an amount in kroner with at most two decimals up to 1000000000.00",
                instance.amount(minor)
            ))
        })
    };
    let pool = to_money(instance.budget(), "the budget")?;
    let title_column = file.projects.column("name");
    let mut proposals = Vec::with_capacity(instance.projects().len());
    for (index, project) in instance.projects().iter().enumerate() {
        let amount = to_money(project.cost, &format!("the cost of project {}", project.id))?;
        if amount.is_zero() {
            return Err(unsupported(format!(
                "line {}: project {} costs nothing",
                file.projects.line(index),
                project.id
            )));
        }
        let title = title_column
            .and_then(|c| file.projects.rows[index].get(c))
            .filter(|t| !t.trim().is_empty())
            .map_or_else(
                || format!("Project {}", project.id),
                |t| t.trim().chars().take(200).collect(),
            );
        proposals.push(ImportedProposal {
            project_id: project.id.clone(),
            title,
            storkreds: storkreds_column(&file.projects, index, default_storkreds)?,
            amount,
            submitted_at: project.submitted_at,
        });
    }
    let voter_column = file.votes.column("voter_id");
    let method_column = file.votes.column("voting_method");
    let cumulative = instance.ballot_kind() == BallotKind::Cumulative;
    let mut ballots = Vec::with_capacity(instance.ballots().len());
    let mut most_points = 0u64;
    for (index, ballot) in instance.ballots().iter().enumerate() {
        let points: Vec<u64> = ballot
            .points()
            .map_or_else(|| vec![1; ballot.projects().len()], <[u64]>::to_vec);
        most_points = most_points.max(points.iter().sum());
        let entries = ballot
            .projects()
            .zip(points)
            .map(|(p, n)| {
                Ok((
                    p,
                    u32::try_from(n)
                        .map_err(|_| unsupported(format!("line {}: too many points", file.votes.line(index))))?,
                ))
            })
            .collect::<Result<Vec<_>, RoundFileError>>()?;
        ballots.push(ImportedBallot {
            voter_id: voter_column
                .and_then(|c| file.votes.rows[index].get(c))
                .cloned()
                .unwrap_or_else(|| (index + 1).to_string()),
            storkreds: storkreds_column(&file.votes, index, default_storkreds)?,
            entries,
            source: method_column
                .and_then(|c| file.votes.rows[index].get(c))
                .map_or(BallotSource::Online, |m| BallotSource::from_voting_method(m)),
        });
    }
    let setting = |key: &str| file.meta_value(key).filter(|v| !v.is_empty());
    let parse_meta = |key: &str| -> Result<Option<serde_json::Value>, RoundFileError> {
        setting(key)
            .map(|v| serde_json::from_str(v).map_err(|e| unsupported(format!("META {key}: {e}"))))
            .transpose()
    };
    let ballot = match parse_meta("medlemsbudget_ballot")? {
        Some(v) => serde_json::from_value(v).map_err(|e| unsupported(format!("META medlemsbudget_ballot: {e}")))?,
        None if cumulative => {
            let points = setting("max_sum_points")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(u32::try_from(most_points.max(1)).unwrap_or(u32::MAX));
            BallotRules::Cumulative {
                points,
                max_per_proposal: None,
            }
        }
        None => BallotRules::default(),
    };
    let rule = match parse_meta("medlemsbudget_rule")? {
        Some(v) => serde_json::from_value(v).map_err(|e| unsupported(format!("META medlemsbudget_rule: {e}")))?,
        None => RoundRule::default(),
    };
    let split = match parse_meta("medlemsbudget_split")? {
        Some(v) => serde_json::from_value(v).map_err(|e| unsupported(format!("META medlemsbudget_split: {e}")))?,
        None => Split::National,
    };
    Ok(ImportedRound {
        name: setting("description").map_or_else(|| "Pabulib import".to_owned(), |d| d.chars().take(200).collect()),
        pool,
        ballot,
        rule,
        split,
        proposals,
        ballots,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    #[test]
    fn an_export_reads_back_as_the_same_round() {
        let proposals = [
            ExportedProposal {
                candidate: Candidate {
                    id: ProposalId(7),
                    storkreds: Storkreds::Fyn,
                    requested: kr("60000.50"),
                    submitted_at: 1,
                },
                title: "Valgkampsbus; Fyn".into(),
            },
            ExportedProposal {
                candidate: Candidate {
                    id: ProposalId(9),
                    storkreds: Storkreds::Bornholm,
                    requested: kr("1000"),
                    submitted_at: 2,
                },
                title: "Folkemødet".into(),
            },
        ];
        let set = |ids: &[i64]| BallotContent::Approvals(ids.iter().map(|&i| ProposalId(i)).collect::<BTreeSet<_>>());
        let ballots = [
            CountedBallot {
                storkreds: Storkreds::Fyn,
                content: set(&[7, 9]),
                source: BallotSource::Online,
            },
            CountedBallot {
                storkreds: Storkreds::Bornholm,
                content: set(&[9]),
                source: BallotSource::Paper,
            },
            CountedBallot {
                storkreds: Storkreds::Kobenhavn,
                content: set(&[]),
                source: BallotSource::Online,
            },
        ];
        let split = Split::Equal { pool_leftovers: true };
        let rule = RoundRule {
            rule: crate::rules::Rule::Mes,
            ..RoundRule::default()
        };
        let export = RoundExport {
            name: "KV17",
            pool: kr("500000.00"),
            ballot: BallotRules::default(),
            rule,
            split: &split,
            proposals: &proposals,
            ballots: &ballots,
        };
        let Ok(text) = super::export(&export) else {
            panic!("export")
        };
        assert!(text.contains("\"Valgkampsbus; Fyn\""), "{text}");
        let Ok(round) = import(&text, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert_eq!(
            (round.name.as_str(), round.pool, round.rule, round.split),
            ("KV17", kr("500000.00"), rule, split.clone())
        );
        assert_eq!(round.proposals[0].title, "Valgkampsbus; Fyn");
        assert_eq!(
            (round.proposals[0].amount, round.proposals[1].storkreds),
            (kr("60000.50"), Storkreds::Bornholm)
        );
        let ids = [ProposalId(7), ProposalId(9)];
        let read: Vec<(Storkreds, BallotContent, BallotSource)> = round
            .ballots
            .iter()
            .map(|b| (b.storkreds, b.content(&ids, false), b.source))
            .collect();
        let written: Vec<(Storkreds, BallotContent, BallotSource)> = ballots
            .iter()
            .map(|b| (b.storkreds, b.content.clone(), b.source))
            .collect();
        assert_eq!(read, written);
        assert!(text.contains("voting_method") && text.contains(";paper"), "{text}");

        // Under a split that does not need it, no voter's storkreds is given.
        let floor = Split::Floor {
            per_storkreds: kr("100.00"),
        };
        let Ok(text) = super::export(&RoundExport {
            split: &floor,
            ..export
        }) else {
            panic!("export")
        };
        let votes = text.split("VOTES").nth(1).unwrap_or_default();
        assert!(!votes.contains("storkreds") && !votes.contains("bornholm"), "{votes}");
        let Ok(round) = import(&text, Storkreds::Kobenhavn) else {
            panic!("import")
        };
        assert!(round.ballots.iter().all(|b| b.storkreds == Storkreds::Kobenhavn));
    }

    #[test]
    fn hb_is_warned_of_storkredse_with_fewer_than_five_voters_where_ballots_show_their_storkreds() {
        let voters = [
            (Storkreds::Fyn, 40),
            (Storkreds::Bornholm, 2),
            (Storkreds::Sjaelland, 0),
        ];
        assert_eq!(
            small_storkredse(&Split::Equal { pool_leftovers: false }, voters),
            vec![(Storkreds::Bornholm, 2)]
        );
        assert!(small_storkredse(&Split::National, voters).is_empty());
    }

    #[test]
    fn files_beyond_the_service_are_refused_clearly() {
        let file = |budget: &str, cost: &str| {
            format!("META\nkey;value\nbudget;{budget}\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;{cost}\nVOTES\nvoter_id;vote\n1;1\n")
        };
        assert!(import(&file("100", "10"), Storkreds::Fyn).is_ok());
        assert!(matches!(
            import(&file("100.001", "10"), Storkreds::Fyn),
            Err(RoundFileError::Unsupported(_))
        ));
        assert!(matches!(
            import(&file("100", "0"), Storkreds::Fyn),
            Err(RoundFileError::Unsupported(_))
        ));
        assert!(matches!(
            import("nonsense", Storkreds::Fyn),
            Err(RoundFileError::Pabulib(_))
        ));
    }
}
