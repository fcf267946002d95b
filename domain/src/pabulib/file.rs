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
    /// One VOTES row, checked against the header: no more fields than
    /// columns (missing ones are empty).
    fn row(&mut self, line: usize, fields: &[Cow<'a, str>]);
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
    let mut streaming = false;
    let mut seen = [false; 3];
    let mut current: Option<Section> = None;
    let mut need_header: Option<usize> = None;
    let mut reader = Reader::new(text);
    let mut fields = Vec::new();
    while let Some(line) = reader.next_record(&mut fields)? {
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        // No character but the ASCII letters lowercases to a letter of a section name.
        let rest_empty = || fields[1..].iter().all(|f| f.is_empty());
        let section = [Section::Meta, Section::Projects, Section::Votes]
            .into_iter()
            .find(|s| fields[0].eq_ignore_ascii_case(s.name()))
            .filter(|_| rest_empty());
        if let Some(section) = section {
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
                        streaming = true;
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
        if streaming && section == Section::Votes {
            if let Some(sink) = sink.as_deref_mut() {
                sink.row(line, &fields);
            }
            continue;
        }
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
