//! Approval ballots: the set of accepted proposals a member supports.

use std::collections::BTreeSet;

use crate::money::Money;
use crate::proposal::{ProposalId, ProposalStatus};
use crate::round::MaxApprovals;
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
    /// Checks the approvals against the round's proposals (`status_of` gives a
    /// proposal's status, or `None` when it is not in the round) and its limit.
    pub fn parse(
        approvals: &[ProposalId],
        status_of: impl Fn(ProposalId) -> Option<ProposalStatus>,
        max_approvals: Option<MaxApprovals>,
    ) -> Result<ApprovalBallot, BallotError> {
        let mut set = BTreeSet::new();
        for &id in approvals {
            match status_of(id) {
                None => return Err(BallotError::Unknown(id)),
                Some(ProposalStatus::Accepted) => {}
                Some(status) => return Err(BallotError::NotAccepted { id, status }),
            }
            if !set.insert(id) {
                return Err(BallotError::Duplicate(id));
            }
        }
        if let Some(max) = max_approvals {
            if set.len() > max.get() as usize {
                return Err(BallotError::TooMany {
                    max: max.get(),
                    given: set.len(),
                });
            }
        }
        Ok(ApprovalBallot(set))
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn status(id: ProposalId) -> Option<ProposalStatus> {
        match id.0 {
            1..=3 => Some(ProposalStatus::Accepted),
            4 => Some(ProposalStatus::Rejected),
            _ => None,
        }
    }

    #[test]
    fn accepts_distinct_accepted_proposals() {
        let ballot = ApprovalBallot::parse(&[ProposalId(3), ProposalId(1)], status, None);
        let ids: Vec<_> = ballot.iter().flat_map(|b| b.approvals()).collect();
        assert_eq!(ids, vec![ProposalId(1), ProposalId(3)]);
        assert!(ApprovalBallot::parse(&[], status, None).is_ok_and(|b| b.is_empty()));
    }

    #[test]
    fn rejects_unknown_duplicate_unaccepted_and_too_many() {
        assert_eq!(
            ApprovalBallot::parse(&[ProposalId(9)], status, None),
            Err(BallotError::Unknown(ProposalId(9)))
        );
        assert_eq!(
            ApprovalBallot::parse(&[ProposalId(1), ProposalId(1)], status, None),
            Err(BallotError::Duplicate(ProposalId(1)))
        );
        assert!(matches!(
            ApprovalBallot::parse(&[ProposalId(4)], status, None),
            Err(BallotError::NotAccepted { .. })
        ));
        let max = MaxApprovals::new(2).ok();
        assert_eq!(
            ApprovalBallot::parse(&[ProposalId(1), ProposalId(2), ProposalId(3)], status, max),
            Err(BallotError::TooMany { max: 2, given: 3 })
        );
    }
}
