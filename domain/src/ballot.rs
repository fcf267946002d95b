//! Approval ballots as sets of proposals, and the errors a cast ballot can have.

use std::collections::BTreeSet;

use crate::money::Money;
use crate::proposal::{ProposalId, ProposalStatus};
use crate::storkreds::Storkreds;

/// A member's approval ballot: distinct, accepted proposals of one round.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApprovalBallot(BTreeSet<ProposalId>);

/// Why a ballot is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    /// The same proposal appears twice.
    #[error("proposal {0} is listed more than once")]
    Duplicate(ProposalId),
    /// No such proposal in this round.
    #[error("proposal {0} does not exist in this round")]
    Unknown(ProposalId),
    /// The proposal exists but is not on the ballot.
    #[error("proposal {id} is {status}, not accepted, so it cannot be voted for")]
    NotAccepted {
        /// The proposal.
        id: ProposalId,
        /// Its status.
        status: ProposalStatus,
    },
    /// More approvals than the round allows.
    #[error("the ballot approves {given} proposals; this round allows at most {max}")]
    TooMany {
        /// The round's limit.
        max: u32,
        /// How many were given.
        given: usize,
    },
    /// Fewer approvals than the round requires.
    #[error("the ballot approves {given} proposals; this round requires at least {min}")]
    TooFew {
        /// The round's minimum.
        min: u32,
        /// How many were given.
        given: usize,
    },
    /// The approved bids cost more than a knapsack ballot allows.
    #[error("the approved proposals cost {total} kr together; this round allows at most {limit} kr")]
    OverBudget {
        /// Their total cost.
        total: Money,
        /// The round's limit.
        limit: Money,
    },
    /// More points than a cumulative ballot has.
    #[error("the ballot gives {given} points; this round gives each member {max}")]
    TooManyPoints {
        /// The round's points per member.
        max: u64,
        /// How many were given.
        given: u64,
    },
    /// More points on one bid than the round allows.
    #[error("proposal {id} gets {given} points; at most {max} may go to one proposal")]
    OverBidCap {
        /// The proposal.
        id: ProposalId,
        /// The round's cap.
        max: u32,
        /// Points given.
        given: u32,
    },
    /// A bid of another storkreds, in a round where members vote only on their own.
    #[error("proposal {id} is from {storkreds}; in this round you vote only on your own storkreds' proposals")]
    OtherStorkreds {
        /// The proposal.
        id: ProposalId,
        /// Its storkreds.
        storkreds: Storkreds,
    },
    /// Points sent to an approval round, or approvals to a points round.
    #[error("this round takes {expected}")]
    WrongKind {
        /// What the round takes.
        expected: &'static str,
    },
}

impl ApprovalBallot {
    /// A ballot read back from storage, already checked when it was cast.
    pub fn from_stored(approvals: impl IntoIterator<Item = ProposalId>) -> ApprovalBallot {
        ApprovalBallot(approvals.into_iter().collect())
    }

    /// The approved proposals in ascending id order.
    pub fn approvals(&self) -> impl Iterator<Item = ProposalId> + '_ {
        self.0.iter().copied()
    }

    /// How many proposals the ballot approves.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the ballot approves nothing (a blank ballot).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
