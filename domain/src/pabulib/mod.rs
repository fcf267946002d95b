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

/// VOTES sections from this size on are read on several threads (smaller
/// ones gain less than starting the threads costs: measured on the shared
/// Pabulib files, up to 700 KB).
const PARALLEL_FROM: usize = 1024 * 1024;

/// Parses a Pabulib file and reads it as an instance: the same as
/// `parse(text)?.to_instance()`, without copying the fields out of `text`,
/// and (when VOTES comes last, as usual) reading each vote as it is parsed,
/// a large VOTES section on several threads.
pub fn read_instance(text: &str) -> Result<Instance, PbError> {
    read_instance_on(text, crate::parallel::threads(), PARALLEL_FROM)
}

/// [`read_instance`] on up to `threads` threads for a VOTES section of
/// `parallel_from` bytes or more.
pub(crate) fn read_instance_on(text: &str, threads: usize, parallel_from: usize) -> Result<Instance, PbError> {
    let mut votes = convert::StreamedVotes::new(threads, parallel_from);
    let file = file::parse_raw(text, Some(&mut votes))?;
    votes
        .finish()
        .unwrap_or_else(|| convert::to_instance(&file.meta, &file.projects, &file.votes))
}
