//! Why a Pabulib file cannot be read; every error that concerns a place in
//! the file names its line (1-based).

use crate::rules::amount::AmountError;
use crate::rules::instance::InstanceError;

/// A problem reading a Pabulib file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PbError {
    /// A quoted field is never closed.
    #[error("line {line}: a quoted field starts here and is never closed")]
    UnterminatedQuote {
        /// Where the record starts.
        line: usize,
    },
    /// Data before the first section header.
    #[error("line {line}: data before the first section; a file starts with META, PROJECTS or VOTES")]
    OutsideSection {
        /// The line.
        line: usize,
    },
    /// A section appears twice.
    #[error("line {line}: section {section} appears a second time")]
    DuplicateSection {
        /// The line.
        line: usize,
        /// The section's name.
        section: &'static str,
    },
    /// A section is missing.
    #[error("the file has no {0} section")]
    MissingSection(&'static str),
    /// A section header is not followed by a column header.
    #[error("line {line}: section {section} has no column header")]
    MissingHeader {
        /// The section's line.
        line: usize,
        /// The section's name.
        section: &'static str,
    },
    /// A row has more fields than its header.
    #[error("line {line}: {found} fields, but the {section} header has only {expected}")]
    TooManyFields {
        /// The line.
        line: usize,
        /// The section's name.
        section: &'static str,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A required column is missing.
    #[error("line {line}: the {section} header has no \"{column}\" column")]
    MissingColumn {
        /// The header's line.
        line: usize,
        /// The section's name.
        section: &'static str,
        /// The column.
        column: &'static str,
    },
    /// A required META key is missing.
    #[error("META has no \"{0}\"")]
    MissingMeta(&'static str),
    /// An amount (budget or cost) is not a usable decimal number.
    #[error("line {line}: {what}: {source}")]
    BadAmount {
        /// The line.
        line: usize,
        /// What the amount is, e.g. "the budget" or "the cost of project 12".
        what: String,
        /// The problem.
        source: AmountError,
    },
    /// The vote type is not one the rules can read.
    #[error("line {line}: vote_type \"{value}\" is not supported; use approval, choose-1, ordinal, knapsack, cumulative or scoring")]
    UnsupportedVoteType {
        /// The line.
        line: usize,
        /// The value found.
        value: String,
    },
    /// A project id is not usable.
    #[error("line {line}: project id \"{id}\" is empty, or contains a comma or control characters")]
    BadProjectId {
        /// The line.
        line: usize,
        /// The id.
        id: String,
    },
    /// Two projects share an id.
    #[error("line {line}: project \"{id}\" is listed a second time")]
    DuplicateProject {
        /// The line.
        line: usize,
        /// The id.
        id: String,
    },
    /// A vote names an unknown project.
    #[error("line {line}: the vote names project \"{id}\", which is not in PROJECTS")]
    UnknownProject {
        /// The line.
        line: usize,
        /// The id.
        id: String,
    },
    /// A vote names a project twice.
    #[error("line {line}: the vote names project \"{id}\" twice")]
    DuplicateVote {
        /// The line.
        line: usize,
        /// The id.
        id: String,
    },
    /// A cumulative or scoring vote has no or the wrong number of points.
    #[error("line {line}: the vote lists {projects} projects but {points} points")]
    PointsMismatch {
        /// The line.
        line: usize,
        /// Projects listed.
        projects: usize,
        /// Points listed.
        points: usize,
    },
    /// Points that are not a non-negative whole number.
    #[error("line {line}: points \"{value}\" are not a non-negative whole number")]
    BadPoints {
        /// The line.
        line: usize,
        /// The value.
        value: String,
    },
    /// A submission time that is not an integer.
    #[error("line {line}: submitted_at \"{value}\" is not an integer")]
    BadSubmittedAt {
        /// The line.
        line: usize,
        /// The value.
        value: String,
    },
    /// Amounts need more decimals than supported, or do not fit together.
    #[error("the amounts need {0} decimals; at most 9 are supported")]
    Scale(u8),
    /// The instance could not be built.
    #[error(transparent)]
    Instance(#[from] InstanceError),
}
