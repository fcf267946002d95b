//! Ballots from meetings: HB or a storkreds board plans a meeting, checks
//! off the members who vote there on paper, and enters the meeting's paper
//! ballots as one anonymous batch.
//!
//! A check-off is written under the member's ballot key, where their online
//! ballot would be (`store::ballots::check_off`), so the database itself
//! keeps a member to one of the two. The batch is written in a transaction
//! of its own, under random keys: nothing links a paper ballot to a name.
//! The audit log records counts only.

use chrono::NaiveDate;
use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::meeting::{
    check_batch, eligible_at_meeting, may_record_meeting, BatchError, BatchRound, CheckOffRefusal, PaperEntry,
};
use medlemsbudget_domain::verification::receipt_hash;
use medlemsbudget_domain::{AccessError, Actor, MeetingName, ProposalStatus, Storkreds};
use sea_orm::TransactionTrait;

use super::ballot_keys::{new_receipt, random_key};
use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::meetings::{Meeting, NewMeeting};
use crate::store::proposals::Proposal;
use crate::store::rounds::Round;
use crate::store::{self, ballots::OwnRow};

/// A member who could not be checked off, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedMember {
    /// Position in the list sent (from 0).
    pub position: usize,
    /// The member id as sent.
    pub member_id: String,
    /// Why.
    pub refusal: CheckOffRefusal,
}

/// Plans a meeting of `storkreds` in a round, until voting closes (HB, or
/// that storkreds' board).
pub async fn create(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    storkreds: Storkreds,
    name: MeetingName,
    held_on: NaiveDate,
) -> ApiResult<Meeting> {
    may_record_meeting(actor, storkreds)?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_meeting_planning()?;
    let new = NewMeeting {
        storkreds,
        name,
        held_on,
        created_by: actor.subject().to_owned(),
    };
    let meeting = store::meetings::insert(&txn, round_id, new).await?;
    let event = AuditEvent::MeetingCreated {
        meeting_id: meeting.id,
        storkreds,
        name: meeting.name.clone(),
        held_on: meeting.held_on.format("%Y-%m-%d").to_string(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    Ok(meeting)
}

/// A round's meetings: all of them for HB, a board's own storkreds' for a board.
pub async fn list(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<Vec<Meeting>> {
    store::rounds::get(&services.reads, round_id).await?;
    let storkreds = if actor.is_hb() {
        None
    } else {
        Some(actor.require_board().map_err(|e| match e {
            AccessError::WrongRole { role, .. } => AccessError::WrongRole {
                needed: "only HB or a storkreds board can see meetings",
                role,
            },
            other => other,
        })?)
    };
    store::meetings::list(&services.reads, round_id, storkreds).await
}

/// One meeting with its counts (HB, or its storkreds' board).
pub async fn get(services: &Services, actor: &Actor, round_id: i64, meeting_id: i64) -> ApiResult<Meeting> {
    let meeting = store::meetings::get(&services.reads, round_id, meeting_id).await?;
    may_record_meeting(actor, meeting.storkreds)?;
    Ok(meeting)
}

/// Checks members off at a meeting as having voted there, while voting is
/// open. All or nothing: if any member cannot be checked off (not on the
/// roll, of another storkreds, voted online, already checked off), none is,
/// and every refusal is returned.
pub async fn check_off(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    meeting_id: i64,
    member_ids: &[String],
) -> ApiResult<Result<Meeting, Vec<RefusedMember>>> {
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let mut meeting = store::meetings::get_for_update(&txn, round_id, meeting_id).await?;
    may_record_meeting(actor, meeting.storkreds)?;
    round.phase.check_meeting_ballots("checking members off at a meeting")?;
    meeting.counts().check_off_open().map_err(|e| ApiError::Conflict {
        slug: "batch-entered",
        detail: e.to_string(),
    })?;
    let voting = services.voting_rounds.get(&txn, round_id).await?;
    let mut refused = Vec::new();
    let mut eligible = Vec::with_capacity(member_ids.len());
    for (position, member_id) in member_ids.iter().enumerate() {
        match eligible_at_meeting(voting.standing(member_id), meeting.storkreds) {
            Ok(storkreds) => {
                let key = services.ballot_keys.ballot_key(round_id, member_id);
                eligible.push((position, key, storkreds));
            }
            Err(refusal) => refused.push(RefusedMember {
                position,
                member_id: member_id.clone(),
                refusal,
            }),
        }
    }
    let rows: Vec<(String, Storkreds)> = eligible.iter().map(|(_, k, s)| (k.clone(), *s)).collect();
    let written: std::collections::HashSet<String> = store::ballots::check_off(&txn, round_id, &rows)
        .await?
        .into_iter()
        .collect();
    for (position, key, _) in &eligible {
        if written.contains(key) {
            continue;
        }
        let prior = OwnRow::prior(store::ballots::own(&txn, round_id, key).await?.as_ref());
        if let Err(refusal) = prior.check_off() {
            refused.push(RefusedMember {
                position: *position,
                member_id: member_ids[*position].clone(),
                refusal,
            });
        }
    }
    if !refused.is_empty() {
        refused.sort_by_key(|r| r.position);
        // Dropping the transaction rolls back the check-offs written.
        return Ok(Err(refused));
    }
    let newly = written.len() as u64;
    meeting.checked_off += newly;
    store::meetings::update_counts(&txn, &meeting).await?;
    let event = AuditEvent::MembersCheckedOff {
        meeting_id,
        checked_off: newly,
        total: meeting.checked_off,
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(
        round = round_id,
        meeting = meeting_id,
        checked_off = newly,
        "members checked off"
    );
    Ok(Ok(meeting))
}

/// Enters a meeting's paper ballots as its one anonymous batch, while
/// voting is open: each ballot checked by the round's ballot rules, spoilt
/// ones counted apart, no more in all than members checked off there.
pub async fn enter_batch(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    meeting_id: i64,
    entries: &[PaperEntry],
) -> ApiResult<Result<Meeting, BatchError>> {
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let mut meeting = store::meetings::get_for_update(&txn, round_id, meeting_id).await?;
    may_record_meeting(actor, meeting.storkreds)?;
    round
        .phase
        .check_meeting_ballots("entering a meeting's paper ballots")?;
    let voting = services.voting_rounds.get(&txn, round_id).await?;
    let checked = BatchRound {
        rules: round.ballot,
        facts: |id| voting.facts.get(&id).copied(),
        pool: round.pool,
        own_storkreds: round.split.per_storkreds_ballots().then_some(meeting.storkreds),
    };
    let batch = match check_batch(&checked, meeting.counts(), entries) {
        Ok(batch) => batch,
        Err(e) => return Ok(Err(e)),
    };
    for content in batch.ballots() {
        let receipt = receipt_hash(&new_receipt());
        store::ballots::insert_paper(&txn, round_id, &random_key(), meeting.storkreds, content, &receipt).await?;
    }
    meeting.paper_ballots = batch.ballots().len() as u64;
    meeting.spoilt = batch.spoilt();
    meeting.batch_entered = true;
    store::meetings::update_counts(&txn, &meeting).await?;
    let event = AuditEvent::PaperBallotsEntered {
        meeting_id,
        ballots: batch.handed_in(),
        spoilt: batch.spoilt(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(
        round = round_id,
        meeting = meeting_id,
        ballots = batch.handed_in(),
        spoilt = batch.spoilt(),
        "paper ballots entered"
    );
    Ok(Ok(meeting))
}

/// What a round's meetings page shows: the round and the meetings the
/// actor may see (all for HB, a board's own).
pub async fn overview(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<(Round, Vec<Meeting>)> {
    let meetings = list(services, actor, round_id).await?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    Ok((round, meetings))
}

/// What a meeting's page shows: the round, the meeting, and the bids a
/// paper ballot may mark (accepted; only the meeting's storkreds' under a
/// split that asks for that), so the secretary can read the numbers off.
#[derive(Clone, Debug)]
pub struct MeetingSheet {
    /// The round.
    pub round: Round,
    /// The meeting.
    pub meeting: Meeting,
    /// The bids on its paper ballots, in submission order.
    pub bids: Vec<Proposal>,
}

/// A meeting's page (HB, or its storkreds' board).
pub async fn sheet(services: &Services, actor: &Actor, round_id: i64, meeting_id: i64) -> ApiResult<MeetingSheet> {
    let meeting = get(services, actor, round_id, meeting_id).await?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    let own = round.split.per_storkreds_ballots().then_some(meeting.storkreds);
    let bids = store::proposals::list(&services.reads, round_id, own, Some(ProposalStatus::Accepted)).await?;
    Ok(MeetingSheet { round, meeting, bids })
}
