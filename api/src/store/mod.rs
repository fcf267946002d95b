//! Persistence as plain functions over any sea-orm connection or transaction.
//! Rows are converted to domain values here; money is stored in øre.

pub mod audit;
pub mod ballot_writer;
pub mod ballots;
pub mod electorate;
pub mod entity;
pub mod follow_up;
pub mod meetings;
pub mod proposals;
pub mod publications;
pub mod results;
pub mod rounds;
pub mod sessions;
pub mod timeline_changes;
pub mod voting_codes;
pub mod voting_round;

use crate::error::ApiError;

/// A row that does not convert back to a domain value is a fault on our side.
pub(crate) fn corrupt(what: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("stored data is invalid: {what}"))
}
