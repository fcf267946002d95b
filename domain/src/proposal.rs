//! Proposals (bids) and their review status.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// A proposal's identifier within the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProposalId(pub i64);

impl fmt::Display for ProposalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProposalStatus {
    /// Submitted by a board, awaiting HB's review.
    Submitted,
    /// Accepted by HB: on the ballot.
    Accepted,
    /// Rejected by HB: not on the ballot.
    Rejected,
    /// Withdrawn by its board.
    Withdrawn,
}

/// HB's decision on a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewDecision {
    /// Put it on the ballot.
    Accepted,
    /// Keep it off the ballot.
    Rejected,
}

/// Why an action on a proposal is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    /// The requested amount is zero.
    #[error("the requested amount must be more than 0.00 kr")]
    ZeroAmount,
    /// The requested amount exceeds the whole pool, so it could never be funded.
    #[error("the requested amount {requested} kr exceeds the round's pool of {pool} kr")]
    ExceedsPool {
        /// What was asked for.
        requested: Money,
        /// The pool.
        pool: Money,
    },
    /// A new pool would be smaller than a bid that is still in the round.
    #[error("proposal {proposal} asks for {requested} kr, more than the new pool of {pool} kr")]
    PoolBelowBid {
        /// The bid.
        proposal: ProposalId,
        /// What it asks for.
        requested: Money,
        /// The new pool.
        pool: Money,
    },
    /// The proposal's status does not allow the action.
    #[error("the proposal is {status}; {action} is only possible while it is {allowed}")]
    WrongStatus {
        /// What was attempted.
        action: &'static str,
        /// The current status.
        status: ProposalStatus,
        /// The statuses that allow it.
        allowed: &'static str,
    },
}

impl ProposalStatus {
    /// The lowercase name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Rejected => "rejected",
            ProposalStatus::Withdrawn => "withdrawn",
        }
    }

    /// A board may edit its bid only until HB has reviewed it.
    pub fn check_editable(self) -> Result<(), ProposalError> {
        match self {
            ProposalStatus::Submitted => Ok(()),
            status => Err(ProposalError::WrongStatus {
                action: "editing",
                status,
                allowed: "submitted",
            }),
        }
    }

    /// HB may review (or re-review) any bid that has not been withdrawn.
    pub fn review(self, decision: ReviewDecision) -> Result<ProposalStatus, ProposalError> {
        match self {
            ProposalStatus::Withdrawn => Err(ProposalError::WrongStatus {
                action: "reviewing",
                status: self,
                allowed: "submitted, accepted or rejected",
            }),
            _ => Ok(match decision {
                ReviewDecision::Accepted => ProposalStatus::Accepted,
                ReviewDecision::Rejected => ProposalStatus::Rejected,
            }),
        }
    }

    /// A board may withdraw a bid that is not already withdrawn.
    pub fn withdraw(self) -> Result<ProposalStatus, ProposalError> {
        match self {
            ProposalStatus::Withdrawn => Err(ProposalError::WrongStatus {
                action: "withdrawing",
                status: self,
                allowed: "submitted, accepted or rejected",
            }),
            _ => Ok(ProposalStatus::Withdrawn),
        }
    }
}

/// Checks a requested amount against the pool of the round it is for.
pub fn check_requested_amount(requested: Money, pool: Money) -> Result<Money, ProposalError> {
    if requested.is_zero() {
        Err(ProposalError::ZeroAmount)
    } else if requested > pool {
        Err(ProposalError::ExceedsPool { requested, pool })
    } else {
        Ok(requested)
    }
}

/// Checks that a new pool still covers every bid that has not been withdrawn:
/// each must remain fundable on its own. `bids` are `(id, amount, status)`.
pub fn check_pool_covers_bids(
    pool: Money,
    bids: impl IntoIterator<Item = (ProposalId, Money, ProposalStatus)>,
) -> Result<(), ProposalError> {
    match bids
        .into_iter()
        .find(|&(_, amount, status)| status != ProposalStatus::Withdrawn && amount > pool)
    {
        Some((proposal, requested, _)) => Err(ProposalError::PoolBelowBid {
            proposal,
            requested,
            pool,
        }),
        None => Ok(()),
    }
}

impl fmt::Display for ProposalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProposalStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            ProposalStatus::Submitted,
            ProposalStatus::Accepted,
            ProposalStatus::Rejected,
            ProposalStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| format!("\"{text}\" is not a proposal status"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    #[test]
    fn amounts_must_be_positive_and_fit_the_pool() {
        assert_eq!(
            check_requested_amount(kr("0"), kr("100")),
            Err(ProposalError::ZeroAmount)
        );
        assert!(check_requested_amount(kr("100.01"), kr("100")).is_err());
        assert_eq!(check_requested_amount(kr("100"), kr("100")), Ok(kr("100")));
    }

    #[test]
    fn status_rules() {
        assert!(ProposalStatus::Submitted.check_editable().is_ok());
        assert!(ProposalStatus::Accepted.check_editable().is_err());
        assert_eq!(
            ProposalStatus::Rejected.review(ReviewDecision::Accepted),
            Ok(ProposalStatus::Accepted)
        );
        assert!(ProposalStatus::Withdrawn.review(ReviewDecision::Accepted).is_err());
        assert!(ProposalStatus::Withdrawn.withdraw().is_err());
    }

    #[test]
    fn a_new_pool_must_cover_every_bid_still_in_the_round() {
        let bids = [
            (ProposalId(1), kr("80"), ProposalStatus::Accepted),
            (ProposalId(2), kr("120"), ProposalStatus::Withdrawn),
        ];
        assert_eq!(check_pool_covers_bids(kr("100"), bids), Ok(()));
        assert_eq!(
            check_pool_covers_bids(kr("70"), bids),
            Err(ProposalError::PoolBelowBid {
                proposal: ProposalId(1),
                requested: kr("80"),
                pool: kr("70")
            })
        );
    }
}
