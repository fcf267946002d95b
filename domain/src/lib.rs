//! The rules of medlemsbudget, free of I/O: money, storkredse, rounds and their
//! phases, proposals, ballots and the allocation of a pool.
//!
//! Everything that decides who gets money lives here, so it can be read,
//! unit-tested and property-tested without a database or an HTTP server.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod audit;
pub mod ballot;
pub mod ballot_rules;
pub mod candidate;
pub mod comparison;
pub mod electorate;
pub mod follow_up;
pub mod hex;
pub mod kroner;
pub mod meeting;
pub mod money;
pub mod pabulib;
mod parallel;
pub mod proposal;
pub mod publication;
pub mod round;
pub mod round_file;
pub mod round_rule;
pub mod rules;
pub mod sign_in;
pub mod split;
pub mod storkreds;
pub mod tally;
pub mod text;
pub mod timeline;
pub mod verification;
pub mod voting_code;

pub use access::{AccessError, Actor, Role};
pub use ballot::{ApprovalBallot, BallotError};
pub use candidate::Candidate;
pub use money::{Money, MoneyError};
pub use proposal::{
    check_pool_covers_bids, check_requested_amount, ProposalError, ProposalId, ProposalStatus, ReviewDecision,
};
pub use round::{Phase, PhaseError, RoundSettings, SettingsError, TransitionCheck};
pub use storkreds::{Storkreds, UnknownStorkreds};
pub use text::{ChangeReason, Description, EntryDescription, MeetingName, ProposalTitle, Reason, RoundName, TextError};
pub use timeline::{Milestone, Moment, Timeline, TimelineError};
pub use verification::PublishedBallot;
