//! Ballots: a member casts, replaces and reads their own secret ballot; once
//! a round is published, everyone can list the counted ballots.
//!
//! A ballot reads nothing from the database: the round in voting is kept in
//! memory (`VotingRounds`), the domain checks the ballot against it, and the
//! one write checks the phase itself, and the close of the round's timeline
//! against the moment the write starts.

use medlemsbudget_domain::access::may_list_ballots;
use medlemsbudget_domain::ballot_rules::{BallotContent, BallotInput};
use medlemsbudget_domain::meeting::VotedAtMeeting;
use medlemsbudget_domain::verification::{ballots_root, receipt_hash};
use medlemsbudget_domain::{
    AccessError, Actor, BallotError, Milestone, Phase, PhaseError, ProposalStatus, PublishedBallot, Storkreds,
};

use super::ballot_keys::new_receipt;
use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::proposals::Proposal;
use crate::store::rounds::Round;
use crate::store::voting_round::{Standing, VotingRound};
use crate::store::{self, ballots::NewBallot, ballots::OwnRow, ballots::StoredBallot};

/// A ballot as counted, with the receipt code shown to the member once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CastBallot {
    /// The round.
    pub round_id: i64,
    /// What was counted.
    pub content: BallotContent,
    /// The receipt code; only its hash is stored.
    pub receipt: String,
    /// SHA-256 of the receipt code.
    pub receipt_hash: String,
}

/// A published round's counted ballots and the hash-chain root over them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedBallots {
    /// The round.
    pub round_id: i64,
    /// The ballots in ascending receipt-hash order.
    pub ballots: Vec<PublishedBallot>,
    /// Root of the hash chain over them (equals the result's `ballots_root`).
    pub root: String,
}

/// Where the member votes in a round in voting: their storkreds (from the
/// roll when there is one), and the storkreds whose bids they vote on when
/// the split limits ballots to one's own.
fn voter_storkreds(voting: &VotingRound, actor: &Actor, round_id: i64) -> ApiResult<(Storkreds, Option<Storkreds>)> {
    actor.require_voter_in(round_id)?;
    let storkreds = match voting.standing(actor.subject()) {
        Standing::On(storkreds) => storkreds,
        Standing::NotOn => return Err(AccessError::NotOnRoll { round_id }.into()),
        Standing::NoRoll => actor.storkreds().ok_or(AccessError::NoStorkreds)?,
    };
    let own = voting.round.split.per_storkreds_ballots().then_some(storkreds);
    Ok((storkreds, own))
}

/// What a member's ballot form shows: the round, the bids they may vote on,
/// and their current ballot if they have voted.
#[derive(Clone, Debug)]
pub struct BallotSheet {
    /// The round, in voting.
    pub round: Round,
    /// The accepted bids the member may vote on, in submission order.
    pub bids: Vec<Proposal>,
    /// The member's current ballot, if any.
    pub current: Option<BallotContent>,
    /// Whether the member was checked off at a meeting (and so votes on paper, not here).
    pub checked_off: bool,
}

/// The ballot a member fills in: 409 outside voting, 403 off the roll.
pub async fn sheet(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<BallotSheet> {
    let voting = services.voting_rounds.get(&services.reads, round_id).await?;
    let (_, own) = voter_storkreds(&voting, actor, round_id)?;
    let mut bids = store::proposals::list(&services.reads, round_id, own, Some(ProposalStatus::Accepted)).await?;
    bids.retain(|p| voting.facts.contains_key(&p.id));
    let key = services.ballot_keys.ballot_key(round_id, actor.subject());
    let own = store::ballots::own(&services.reads, round_id, &key).await?;
    let checked_off = own == Some(OwnRow::CheckedOff);
    let current = match own {
        Some(OwnRow::Online(stored)) => Some(stored.content),
        _ => None,
    };
    Ok(BallotSheet {
        round: voting.round.clone(),
        bids,
        current,
        checked_off,
    })
}

/// Checks a ballot as `cast` would, without casting it: the outer error is
/// about the member or the round, the inner one about the ballot itself.
pub async fn check(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    input: &BallotInput,
) -> ApiResult<Result<BallotContent, BallotError>> {
    let voting = services.voting_rounds.get(&services.reads, round_id).await?;
    let (_, own) = voter_storkreds(&voting, actor, round_id)?;
    let round = &voting.round;
    Ok(round
        .ballot
        .check(input, |id| voting.facts.get(&id).copied(), round.pool, own))
}

/// Casts the member's ballot in a round in voting, replacing any earlier one.
pub async fn cast(services: &Services, actor: &Actor, round_id: i64, input: BallotInput) -> ApiResult<CastBallot> {
    let voting = services.voting_rounds.get(&services.db, round_id).await?;
    let (storkreds, own) = voter_storkreds(&voting, actor, round_id)?;
    let round = &voting.round;
    let content = round
        .ballot
        .check(&input, |id| voting.facts.get(&id).copied(), round.pool, own)?;
    let receipt = new_receipt();
    let hash = receipt_hash(&receipt);
    let key = services.ballot_keys.ballot_key(round_id, actor.subject());
    let written = services
        .ballot_writer
        .cast(NewBallot {
            round_id,
            ballot_key: &key,
            storkreds,
            content: &content,
            receipt_hash: &hash,
        })
        .await?;
    if !written {
        let current = store::rounds::get(&services.db, round_id).await?;
        if current.phase == Phase::Voting {
            // Still open: the member was checked off at a meeting, or the
            // round's timeline closed the vote before the switch.
            let own = store::ballots::own(&services.db, round_id, &key).await?;
            OwnRow::prior(own.as_ref()).vote_online()?;
            if let Some(timeline) = current.timeline.filter(|t| !t.accepts_ballot(services.clock.moment())) {
                services.voting_rounds.forget(round_id);
                return Err(ApiError::Conflict {
                    slug: "wrong-phase",
                    detail: format!(
                        "voting closed at {}; a ballot cast from then on is not counted",
                        timeline.at(Milestone::VotingCloses)
                    ),
                });
            }
            return Err(ApiError::Internal(format!(
                "a ballot in round {round_id} was not written, with the round in voting"
            )));
        }
        // The round left voting after it was read.
        services.voting_rounds.forget(round_id);
        return Err(PhaseError::WrongPhase {
            action: "casting a ballot",
            allowed: "'voting'",
            current: current.phase,
        }
        .into());
    }
    Ok(CastBallot {
        round_id,
        content,
        receipt,
        receipt_hash: hash,
    })
}

/// The member's own ballot in a round (404 if they have not voted, 409 if
/// they were checked off at a meeting and voted on paper).
pub async fn own(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<StoredBallot> {
    actor.require_voter_in(round_id)?;
    store::rounds::get(&services.reads, round_id).await?;
    let key = services.ballot_keys.ballot_key(round_id, actor.subject());
    match store::ballots::own(&services.reads, round_id, &key).await? {
        Some(OwnRow::Online(ballot)) => Ok(ballot),
        Some(OwnRow::CheckedOff) => Err(VotedAtMeeting.into()),
        None => Err(crate::error::ApiError::NotFound(format!(
            "you have not voted in round {round_id}"
        ))),
    }
}

/// The counted ballot of a published round with this receipt hash, if any:
/// what "was my ballot counted?" asks, without reading the whole list.
pub(super) async fn find_published(
    services: &Services,
    round: &Round,
    receipt_hash: &str,
) -> ApiResult<Option<PublishedBallot>> {
    may_list_ballots(round.id, round.phase)?;
    let found = store::ballots::by_receipt_hash(&services.reads, round.id, receipt_hash).await?;
    Ok(found.map(|b| PublishedBallot {
        receipt_hash: b.receipt_hash,
        content: b.content,
        source: b.source,
    }))
}

/// Every counted ballot of a published round, with the root over them.
pub async fn published(services: &Services, round_id: i64) -> ApiResult<PublishedBallots> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    may_list_ballots(round_id, round.phase)?;
    let ballots = store::ballots::published(&store::ballots::all(&services.reads, round_id).await?);
    let root = ballots_root(round_id, &ballots);
    Ok(PublishedBallots {
        round_id,
        ballots,
        root,
    })
}
