//! An accepted proposal as the allocation rules see it.

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
