//! A Pabulib file as tables of text: META, PROJECTS and VOTES.
//!
//! [`parse`] keeps every field as written (trimmed), so a file read and
//! written back with [`write`] says the same thing; the typed reading into an
//! [`crate::rules::Instance`] lives in `convert`.

use std::borrow::Cow;

use super::csv::{write_record, Reader};
use super::error::PbError;

/// A section's column names and rows. Rows shorter than the header are
/// padded with empty fields.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// The rows, each with one field per column.
    pub rows: Vec<Vec<String>>,
    /// The line of the column header, 0 when built in memory.
    pub header_line: usize,
    /// The line of each row, empty when built in memory.
    pub row_lines: Vec<usize>,
}

impl PartialEq for Table {
    /// Tables are equal when their columns and rows are; lines do not count.
    fn eq(&self, other: &Self) -> bool {
        self.columns == other.columns && self.rows == other.rows
    }
}

impl Eq for Table {}

impl Table {
    /// A table built in memory.
    pub fn new(columns: Vec<String>, rows: Vec<Vec<String>>) -> Table {
        Table {
            columns,
            rows,
            header_line: 0,
            row_lines: Vec::new(),
        }
    }

    /// The position of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The line of row `index` (0 when unknown).
    pub fn line(&self, index: usize) -> usize {
        self.row_lines.get(index).copied().unwrap_or(0)
    }
}

/// A parsed Pabulib file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PbFile {
    /// The META section (columns `key` and `value`).
    pub meta: Table,
    /// The PROJECTS section.
    pub projects: Table,
    /// The VOTES section.
    pub votes: Table,
}

impl PbFile {
    /// The value of a META key.
    pub fn meta_value(&self, key: &str) -> Option<&str> {
        self.meta
            .rows
            .iter()
            .find(|row| row.first().is_some_and(|k| k == key))
            .and_then(|row| row.get(1))
            .map(String::as_str)
    }

    /// The line of a META key (0 when unknown).
    pub fn meta_line(&self, key: &str) -> usize {
        self.meta
            .rows
            .iter()
            .position(|row| row.first().is_some_and(|k| k == key))
            .map_or(0, |index| self.meta.line(index))
    }
}

/// Read access to a section's rows, for the conversion into an instance:
/// implemented by [`Table`] and by the borrowed [`RawTable`].
pub(crate) trait Sheet {
    /// The position of a column.
    fn column(&self, name: &str) -> Option<usize>;
    /// The line of the column header.
    fn header_line(&self) -> usize;
    /// How many rows there are.
    fn len(&self) -> usize;
    /// The field of `row` in `column`, if both exist.
    fn get(&self, row: usize, column: usize) -> Option<&str>;
    /// The line of `row` (0 when unknown).
    fn line(&self, row: usize) -> usize;

    /// The value of a META key (column 1 of the first row whose column 0 is
    /// `key`) and the line of that row.
    fn meta(&self, key: &str) -> Option<(Option<&str>, usize)> {
        (0..self.len())
            .find(|&row| self.get(row, 0) == Some(key))
            .map(|row| (self.get(row, 1), self.line(row)))
    }
}

impl Sheet for Table {
    fn column(&self, name: &str) -> Option<usize> {
        Table::column(self, name)
    }

    fn header_line(&self) -> usize {
        self.header_line
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn get(&self, row: usize, column: usize) -> Option<&str> {
        self.rows.get(row)?.get(column).map(String::as_str)
    }

    fn line(&self, row: usize) -> usize {
        Table::line(self, row)
    }
}

/// A section as read: fields borrowed from the text where possible, the
/// rows one after another in `cells` (each as wide as `columns`).
#[derive(Debug, Default)]
pub(crate) struct RawTable<'a> {
    columns: Vec<Cow<'a, str>>,
    cells: Vec<Cow<'a, str>>,
    header_line: usize,
    row_lines: Vec<usize>,
}

impl RawTable<'_> {
    fn into_table(self) -> Table {
        let width = self.columns.len().max(1);
        let mut cells = self.cells.into_iter().map(Cow::into_owned);
        let rows = self
            .row_lines
            .iter()
            .map(|_| cells.by_ref().take(width).collect())
            .collect();
        Table {
            columns: self.columns.into_iter().map(Cow::into_owned).collect(),
            rows,
            header_line: self.header_line,
            row_lines: self.row_lines,
        }
    }
}

impl Sheet for RawTable<'_> {
    fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    fn header_line(&self) -> usize {
        self.header_line
    }

    fn len(&self) -> usize {
        self.row_lines.len()
    }

    fn get(&self, row: usize, column: usize) -> Option<&str> {
        let width = self.columns.len();
        if column >= width {
            return None;
        }
        self.cells.get(row * width + column).map(|c| &**c)
    }

    fn line(&self, row: usize) -> usize {
        self.row_lines.get(row).copied().unwrap_or(0)
    }
}

/// Takes the VOTES rows as they are read, instead of the table keeping them.
pub(crate) trait VotesSink<'a> {
    /// The VOTES header has been read, after complete META and PROJECTS
    /// sections; `votes` has its columns but no rows, and at most `rows`
    /// rows are to come.
    fn start(&mut self, meta: &RawTable<'a>, projects: &RawTable<'a>, votes: &RawTable<'a>, rows: usize);
    /// Reads the rest of the file, all VOTES rows, with [`read_votes`];
    /// returns its error, if any.
    fn rows(&mut self, rows: VotesText<'a>) -> Result<(), PbError>;
}

/// The rest of a file after the VOTES header: nothing but VOTES rows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VotesText<'a> {
    /// The text.
    pub text: &'a str,
    /// The line it starts on.
    pub line: usize,
    /// The VOTES columns.
    pub columns: usize,
}

impl<'a> VotesText<'a> {
    /// The text cut into up to `parts` parts of whole lines, in order, for
    /// reading on as many threads; one part when a quote (a field could
    /// span lines) or a carriage return (a line break the line count below
    /// does not see) could make a cut wrong.
    pub fn split(self, parts: usize) -> Vec<VotesText<'a>> {
        let bytes = self.text.as_bytes();
        if parts < 2 || bytes.contains(&b'"') || bytes.contains(&b'\r') {
            return vec![self];
        }
        let mut out = Vec::with_capacity(parts);
        let (mut from, mut line) = (0, self.line);
        for part in 1..=parts {
            let to = if part == parts {
                bytes.len()
            } else {
                let target = (bytes.len() * part / parts).max(from);
                bytes[target..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |at| target + at + 1)
            };
            if to > from {
                out.push(VotesText {
                    text: &self.text[from..to],
                    line,
                    columns: self.columns,
                });
                line += bytes[from..to].iter().filter(|&&b| b == b'\n').count();
                from = to;
            }
        }
        out
    }
}

/// Reads VOTES rows to the end of `votes`, as [`parse_raw`] does (blank
/// rows skipped, a section name is a duplicate section, no more fields than
/// columns) and gives each to `row` with its line.
pub(crate) fn read_votes<'a>(votes: VotesText<'a>, mut row: impl FnMut(usize, &[Cow<'a, str>])) -> Result<(), PbError> {
    let mut reader = Reader::at_line(votes.text, votes.line);
    let mut fields = Vec::new();
    while let Some(line) = reader.next_record(&mut fields)? {
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if let Some(section) = section_name(&fields) {
            // Every section has been seen when VOTES rows are streamed.
            return Err(PbError::DuplicateSection {
                line,
                section: section.name(),
            });
        }
        check_width(&mut fields, votes.columns, line, Section::Votes)?;
        row(line, &fields);
    }
    Ok(())
}

/// The section a row names (a section name alone on its row), if any.
fn section_name(fields: &[Cow<'_, str>]) -> Option<Section> {
    // No character but the ASCII letters lowercases to a letter of a section name.
    [Section::Meta, Section::Projects, Section::Votes]
        .into_iter()
        .find(|s| fields[0].eq_ignore_ascii_case(s.name()))
        .filter(|_| fields[1..].iter().all(|f| f.is_empty()))
}

/// Drops empty fields past the `expected` columns; more non-empty fields
/// than columns is an error.
fn check_width(fields: &mut Vec<Cow<'_, str>>, expected: usize, line: usize, section: Section) -> Result<(), PbError> {
    if fields.len() > expected {
        if fields[expected..].iter().all(|f| f.is_empty()) {
            fields.truncate(expected);
        } else {
            return Err(PbError::TooManyFields {
                line,
                section: section.name(),
                expected,
                found: fields.len(),
            });
        }
    }
    Ok(())
}

/// A parsed Pabulib file whose fields borrow from its text.
#[derive(Debug, Default)]
pub(crate) struct RawFile<'a> {
    /// The META section.
    pub meta: RawTable<'a>,
    /// The PROJECTS section.
    pub projects: RawTable<'a>,
    /// The VOTES section.
    pub votes: RawTable<'a>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Meta,
    Projects,
    Votes,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Meta => "META",
            Section::Projects => "PROJECTS",
            Section::Votes => "VOTES",
        }
    }
}

/// Reads the sections of a Pabulib file. Blank lines are skipped; a section
/// starts with a line `META`, `PROJECTS` or `VOTES` (any case) followed by
/// its column header.
pub fn parse(text: &str) -> Result<PbFile, PbError> {
    let raw = parse_raw(text, None)?;
    Ok(PbFile {
        meta: raw.meta.into_table(),
        projects: raw.projects.into_table(),
        votes: raw.votes.into_table(),
    })
}

/// [`parse`], keeping the fields borrowed from `text`. With a `sink`, the
/// VOTES rows go to it instead of the table when META and PROJECTS come
/// before VOTES (the errors [`parse`] reports are still reported, for the
/// whole file).
pub(crate) fn parse_raw<'a>(text: &'a str, mut sink: Option<&mut dyn VotesSink<'a>>) -> Result<RawFile<'a>, PbError> {
    let mut file = RawFile::default();
    let mut seen = [false; 3];
    let mut current: Option<Section> = None;
    let mut need_header: Option<usize> = None;
    let mut reader = Reader::new(text);
    let mut fields = Vec::new();
    while let Some(line) = reader.next_record(&mut fields)? {
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if let Some(section) = section_name(&fields) {
            if let Some(line) = need_header {
                let section = current.map_or("META", Section::name);
                return Err(PbError::MissingHeader { line, section });
            }
            let index = section as usize;
            if seen[index] {
                return Err(PbError::DuplicateSection {
                    line,
                    section: section.name(),
                });
            }
            seen[index] = true;
            current = Some(section);
            need_header = Some(line);
            continue;
        }
        let Some(section) = current else {
            return Err(PbError::OutsideSection { line });
        };
        let table = match section {
            Section::Meta => &mut file.meta,
            Section::Projects => &mut file.projects,
            Section::Votes => &mut file.votes,
        };
        if need_header.take().is_some() {
            table.columns = std::mem::take(&mut fields);
            table.header_line = line;
            if section == Section::Votes {
                let rows = reader.lines_left();
                match sink.as_deref_mut() {
                    Some(sink) if seen[Section::Meta as usize] && seen[Section::Projects as usize] => {
                        sink.start(&file.meta, &file.projects, &file.votes, rows);
                        let (text, line) = reader.rest();
                        let columns = file.votes.columns.len();
                        sink.rows(VotesText { text, line, columns })?;
                        // The rest of the file was VOTES rows, all read.
                        return Ok(file);
                    }
                    _ => {
                        table.row_lines.reserve(rows);
                        table.cells.reserve(rows * table.columns.len());
                    }
                }
            }
            continue;
        }
        let expected = table.columns.len();
        check_width(&mut fields, expected, line, section)?;
        let missing = expected - fields.len();
        table.cells.append(&mut fields);
        table.cells.extend(std::iter::repeat_n(Cow::Borrowed(""), missing));
        table.row_lines.push(line);
    }
    if let (Some(line), Some(section)) = (need_header, current) {
        return Err(PbError::MissingHeader {
            line,
            section: section.name(),
        });
    }
    for section in [Section::Meta, Section::Projects, Section::Votes] {
        if !seen[section as usize] {
            return Err(PbError::MissingSection(section.name()));
        }
    }
    Ok(file)
}

/// Writes a Pabulib file: META, PROJECTS and VOTES, `;`-separated, quoting
/// fields that contain `;`, quotes or line breaks.
pub fn write(file: &PbFile) -> String {
    let mut out = String::new();
    for (name, table) in [
        ("META", &file.meta),
        ("PROJECTS", &file.projects),
        ("VOTES", &file.votes),
    ] {
        out.push_str(name);
        out.push('\n');
        write_record(&mut out, table.columns.iter().map(String::as_str));
        for row in &table.rows {
            write_record(&mut out, row.iter().map(String::as_str));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "META\nkey;value\nbudget;100\nvote_type;approval\ncomment;\"a;b\"\n\nPROJECTS\nproject_id;cost;name\n1;60;Park\n2;50\nVOTES\nvoter_id;vote\nv1;1,2\n";

    #[test]
    fn sections_are_read_into_tables() {
        let file = parse(SMALL).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.meta_value("budget"), Some("100"));
        assert_eq!(file.meta_value("comment"), Some("a;b"));
        assert_eq!(file.meta_line("vote_type"), 4);
        assert_eq!(file.projects.rows[1], vec!["2", "50", ""]);
        assert_eq!(file.projects.line(1), 10);
        assert_eq!(file.votes.rows, vec![vec!["v1", "1,2"]]);
    }

    #[test]
    fn writing_and_reading_back_gives_the_same_file() {
        let file = parse(SMALL).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse(&write(&file)), Ok(file));
    }

    #[test]
    fn structural_errors_name_the_line() {
        assert_eq!(parse("budget;1\n"), Err(PbError::OutsideSection { line: 1 }));
        assert_eq!(
            parse("META\nkey;value\nMETA\n"),
            Err(PbError::DuplicateSection {
                line: 3,
                section: "META"
            })
        );
        assert_eq!(
            parse("META\nkey;value\nPROJECTS\nproject_id;cost\n1;2;3\n"),
            Err(PbError::TooManyFields {
                line: 5,
                section: "PROJECTS",
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            parse("META\nkey;value\nPROJECTS\nproject_id;cost\n"),
            Err(PbError::MissingSection("VOTES"))
        );
        assert_eq!(
            parse("META\nkey;value\nPROJECTS\nVOTES\n"),
            Err(PbError::MissingHeader {
                line: 3,
                section: "PROJECTS"
            })
        );
    }
}
