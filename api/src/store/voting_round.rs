//! What ballots are checked against, read once per round in voting: the
//! round's settings, the ballot facts of its bids and its roll.
//!
//! Once a round is in voting, its settings, bids and roll can no longer
//! change and phases only move forward, so this is final for as long as the
//! round stays in voting. The one thing that can still change is the phase;
//! the ballot's write checks it itself (`store::ballots::cast`).

use std::collections::{BTreeMap, HashMap};

use medlemsbudget_domain::ballot_rules::ProposalFacts;
pub use medlemsbudget_domain::electorate::Standing;
use medlemsbudget_domain::{ProposalId, Storkreds};
use sea_orm::ConnectionTrait;

use super::rounds::Round;
use crate::error::ApiResult;

/// A round in voting with everything a ballot is checked against.
#[derive(Clone, Debug)]
pub struct VotingRound {
    /// The round, read in phase `voting`.
    pub round: Round,
    /// Ballot facts of every bid of the round.
    pub facts: BTreeMap<ProposalId, ProposalFacts>,
    /// Member → storkreds, or `None` when the round has no roll.
    roll: Option<HashMap<String, Storkreds>>,
}

impl VotingRound {
    /// Where `member` stands with the roll.
    pub fn standing(&self, member: &str) -> Standing {
        match &self.roll {
            None => Standing::NoRoll,
            Some(roll) => roll.get(member).map_or(Standing::NotOn, |s| Standing::On(*s)),
        }
    }

    /// How many members are on the roll (0: no roll).
    pub fn roll_size(&self) -> usize {
        self.roll.as_ref().map_or(0, HashMap::len)
    }
}

/// Reads round `round_id` if it is in voting: 404 if there is no such
/// round, 409 if it is not in voting. The phase is read first, so the bids
/// and the roll read after it are final.
pub async fn load(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<VotingRound> {
    let round = super::rounds::get(db, round_id).await?;
    round.phase.check_voting()?;
    let facts = super::proposals::ballot_facts(db, round_id).await?;
    let members = super::electorate::roll(db, round_id).await?;
    let roll = (!members.is_empty()).then(|| members.into_iter().collect());
    Ok(VotingRound { round, facts, roll })
}
