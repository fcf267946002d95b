//! Allocating a pool to proposals from members' ballots.
//!
//! The types here describe an allocation and why each proposal got what it
//! got; the rules that compute one live in their own files (`greedy`).

mod greedy;

pub use greedy::allocate_greedy;

use crate::money::Money;
use crate::proposal::ProposalId;
use crate::storkreds::Storkreds;

/// An accepted proposal as the allocation rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The proposal.
    pub id: ProposalId,
    /// The storkreds that bid.
    pub storkreds: Storkreds,
    /// The amount asked for.
    pub requested: Money,
    /// When it was submitted, as a sortable instant (e.g. microseconds since
    /// the Unix epoch); earlier wins ties.
    pub submitted_at: i64,
}

/// Why a proposal got what it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Funded in full; `remaining_before` was left of the pool when its turn came.
    Funded {
        /// What was left of the pool before this proposal was funded.
        remaining_before: Money,
    },
    /// Its turn came but the rest of the pool did not cover the full amount.
    NotEnoughLeft {
        /// What was left of the pool at its turn.
        remaining: Money,
    },
    /// No member approved it, so it is not funded.
    NoSupport,
}

/// One proposal's line in an allocation, in ranking order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocationLine {
    /// 1-based position in the ranking.
    pub rank: usize,
    /// The proposal.
    pub id: ProposalId,
    /// Its storkreds.
    pub storkreds: Storkreds,
    /// Ballots that approve it.
    pub votes: u64,
    /// The amount asked for.
    pub requested: Money,
    /// Whether it is funded.
    pub funded: bool,
    /// The amount allocated: the full request when funded, else zero.
    pub allocated: Money,
    /// Why.
    pub outcome: Outcome,
}

impl AllocationLine {
    /// A sentence a member understands, with the numbers behind it.
    pub fn explanation(&self) -> String {
        let votes = match self.votes {
            1 => "1 vote".to_owned(),
            n => format!("{n} votes"),
        };
        match self.outcome {
            Outcome::Funded { remaining_before } => format!(
                "Funded: ranked {} with {votes}; {remaining_before} kr remained of the pool, enough for the {} kr requested.",
                self.rank, self.requested
            ),
            Outcome::NotEnoughLeft { remaining } => format!(
                "Not funded: ranked {} with {votes}, but only {remaining} kr remained of the pool for a {} kr bid.",
                self.rank, self.requested
            ),
            Outcome::NoSupport => format!("Not funded: ranked {} with no votes.", self.rank),
        }
    }
}

/// What one storkreds asked for and received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorkredsTotal {
    /// The storkreds.
    pub storkreds: Storkreds,
    /// Accepted proposals it had on the ballot.
    pub proposals: usize,
    /// Of those, how many were funded.
    pub funded: usize,
    /// Total requested by its accepted proposals.
    pub requested: Money,
    /// Total allocated to it.
    pub allocated: Money,
}

/// The result of allocating a pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// The pool allocated.
    pub pool: Money,
    /// The sum of all allocations.
    pub allocated: Money,
    /// `pool - allocated`, exactly.
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots: usize,
    /// One line per candidate, in ranking order.
    pub lines: Vec<AllocationLine>,
    /// One total per storkreds, all ten, in `Storkreds::ALL` order.
    pub storkredse: Vec<StorkredsTotal>,
}

/// Why an allocation cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    /// A ballot approves something that is not a candidate.
    #[error("a ballot approves proposal {0}, which is not an accepted proposal of this round")]
    UnknownApproval(ProposalId),
    /// Two candidates share an id.
    #[error("proposal {0} is listed twice")]
    DuplicateCandidate(ProposalId),
    /// The sum of requests overflowed the money range.
    #[error("amounts out of range")]
    OutOfRange,
}

/// One proposal's amounts, as `totals_by_storkreds` needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorkredsShare {
    /// The bidding storkreds.
    pub storkreds: Storkreds,
    /// Whether the proposal is funded.
    pub funded: bool,
    /// Requested amount.
    pub requested: Money,
    /// Allocated amount.
    pub allocated: Money,
}

impl From<&AllocationLine> for StorkredsShare {
    fn from(line: &AllocationLine) -> Self {
        StorkredsShare {
            storkreds: line.storkreds,
            funded: line.funded,
            requested: line.requested,
            allocated: line.allocated,
        }
    }
}

/// Sums proposals per storkreds: one total for each of the ten, in
/// `Storkreds::ALL` order, exact to the øre.
pub fn totals_by_storkreds(
    shares: impl IntoIterator<Item = StorkredsShare>,
) -> Result<Vec<StorkredsTotal>, AllocationError> {
    let mut sums = [(0usize, 0usize, 0i64, 0i64); 10];
    for share in shares {
        let index = Storkreds::ALL
            .iter()
            .position(|s| *s == share.storkreds)
            .unwrap_or_default();
        let sum = &mut sums[index];
        sum.0 += 1;
        sum.1 += usize::from(share.funded);
        sum.2 = sum.2.saturating_add(share.requested.ore());
        sum.3 = sum.3.saturating_add(share.allocated.ore());
    }
    Storkreds::ALL
        .into_iter()
        .zip(sums)
        .map(|(storkreds, (proposals, funded, requested, allocated))| {
            Ok(StorkredsTotal {
                storkreds,
                proposals,
                funded,
                // Each request fits the pool, but together they may pass the maximum.
                requested: Money::from_ore(requested.min(Money::MAX_ORE)).map_err(|_| AllocationError::OutOfRange)?,
                allocated: Money::from_ore(allocated).map_err(|_| AllocationError::OutOfRange)?,
            })
        })
        .collect()
}
