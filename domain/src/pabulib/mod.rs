//! Pabulib files: reading, converting to an instance, writing.
//!
//! The Pabulib format (<https://pabulib.org/format>) has three sections,
//! `META` (key/value pairs), `PROJECTS` and `VOTES`, each a `;`-separated
//! table with a header row and CSV quoting. [`parse`] reads the tables,
//! [`PbFile::to_instance`] reads them as an [`crate::rules::Instance`],
//! [`PbFile::from_instance`] and [`write()`] export one (so the service can
//! publish a round), and [`read_instance`] does parse and convert in one go.
//! Every error that concerns a place in the file names its line.

mod convert;
mod csv;
mod error;
mod file;

pub use convert::VoteType;
pub use error::PbError;
pub use file::{parse, write, PbFile, Table};

use crate::rules::Instance;

/// Parses a Pabulib file and reads it as an instance: the same as
/// `parse(text)?.to_instance()`, without copying the fields out of `text`,
/// and (when VOTES comes last, as usual) reading each vote as it is parsed.
pub fn read_instance(text: &str) -> Result<Instance, PbError> {
    let mut votes = convert::StreamedVotes::default();
    let file = file::parse_raw(text, Some(&mut votes))?;
    votes
        .finish()
        .unwrap_or_else(|| convert::to_instance(&file.meta, &file.projects, &file.votes))
}
