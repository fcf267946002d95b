//! The rules of medlemsbudget, free of I/O: money, storkredse, rounds and their
//! phases, proposals, ballots and the allocation of a pool.
//!
//! Everything that decides who gets money lives here, so it can be read,
//! unit-tested and property-tested without a database or an HTTP server.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod allocation;
pub mod ballot;
pub mod money;
pub mod pabulib;
pub mod proposal;
pub mod round;
pub mod rules;
pub mod split;
pub mod storkreds;
pub mod text;

pub use allocation::{
    allocate_greedy, totals_by_storkreds, Allocation, AllocationError, AllocationLine, Candidate, Outcome,
    StorkredsShare, StorkredsTotal,
};
pub use ballot::{ApprovalBallot, BallotError};
pub use money::{Money, MoneyError};
pub use proposal::{check_requested_amount, ProposalError, ProposalId, ProposalStatus, ReviewDecision};
pub use round::{MaxApprovals, Phase, PhaseError, RoundSettings, TransitionCheck};
pub use split::{split, Split, SplitError, SplitRule};
pub use storkreds::{Storkreds, UnknownStorkreds};
pub use text::{Description, ProposalTitle, RoundName, TextError};
