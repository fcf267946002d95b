//! A round's timeline: HB plans it while the round is a draft and moves a
//! date, with a reason, before that date's phase starts; everyone reads it,
//! with each move and what the schedule is waiting for.

use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::{Actor, ChangeReason, Milestone, Moment, Phase, PhaseError, Timeline, TimelineError};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::rounds::{check_move, Blocker};
use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::timeline_changes::TimelineChange;
use crate::store::{self, rounds::Round};

/// A timeline error about a timeline HB gave in full: 422 when the timeline
/// is wrong in itself, 409 when it conflicts with the round; the field is
/// the milestone's name after `prefix` (`timeline.` inside a new round).
pub(super) fn invalid_timeline(prefix: &str, error: TimelineError) -> ApiError {
    let field = error.milestone().map_or_else(String::new, |m| format!("{prefix}{m}"));
    if error.is_invalid_request() {
        ApiError::invalid_field("invalid-timeline", &field, error)
    } else {
        ApiError::from(error)
    }
}

/// Stores `timeline` as round `round_id`'s plan, with its audit event.
pub(super) async fn record_plan(db: &impl ConnectionTrait, round_id: i64, timeline: &Timeline) -> ApiResult<Round> {
    let round = store::rounds::set_timeline(db, round_id, timeline).await?;
    let event = AuditEvent::TimelineSet {
        timeline: timeline.into(),
    };
    store::audit::append(db, round_id, &event).await?;
    Ok(round)
}

/// Plans the timeline of a round still in its draft that has none (HB): the
/// moments of `Milestone::ALL`, each in the future and after the one before.
/// Once planned, dates move one at a time with a reason ([`move_date`]).
pub async fn plan(services: &Services, actor: &Actor, round_id: i64, moments: [Moment; 5]) -> ApiResult<Round> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    if round.timeline.is_some() {
        return Err(ApiError::Conflict {
            slug: "timeline-planned",
            detail: format!("round {round_id} already has a timeline; move its dates one at a time, with a reason"),
        });
    }
    if round.phase != Phase::Draft {
        return Err(PhaseError::WrongPhase {
            action: "planning a timeline",
            allowed: "'draft'",
            current: round.phase,
        }
        .into());
    }
    let timeline = Timeline::plan(moments, services.clock.moment()).map_err(|e| invalid_timeline("", e))?;
    let round = record_plan(&txn, round_id, &timeline).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, "timeline planned");
    Ok(round)
}

/// A refused move of a date as the API answers it: the new date against the
/// dates the round keeps is a 409 naming `to`, a new date in the past or the
/// same date a 422 naming `to`, a date that can no longer move a 409.
pub fn move_refused(error: TimelineError) -> ApiError {
    match error {
        TimelineError::OutOfOrder { .. } => ApiError::conflicting_field("invalid-timeline", "to", error),
        TimelineError::InThePast { .. } | TimelineError::Unchanged { .. } => {
            ApiError::invalid_field("invalid-timeline", "to", error)
        }
        other => other.into(),
    }
}

/// Moves one date of a round's timeline, with HB's reason, kept with the
/// round and in its audit log. Only before the date's phase starts and into
/// the future; once voting has opened, only a later close. The outer error
/// is about the caller or the round, the inner one why the timeline refuses
/// the move ([`move_refused`] as the API answers it). Returns the round with
/// every change, this one last.
pub async fn move_date(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    milestone: Milestone,
    to: Moment,
    reason: ChangeReason,
) -> ApiResult<Result<super::rounds::RoundDetail, TimelineError>> {
    actor.require_hb()?;
    let now = services.clock.moment();
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let Some(timeline) = round.timeline else {
        return Err(ApiError::Conflict {
            slug: "no-timeline",
            detail: format!("round {round_id} has no timeline; plan one first"),
        });
    };
    let moved = match timeline.moved(milestone, to, round.phase, now) {
        Ok(moved) => moved,
        Err(refused) => return Ok(Err(refused)),
    };
    let from = timeline.at(milestone);
    store::rounds::set_timeline(&txn, round_id, &moved).await?;
    store::timeline_changes::insert(&txn, round_id, milestone, (from, to), &reason, now).await?;
    let event = AuditEvent::TimelineMoved {
        milestone,
        from,
        to,
        reason: reason.to_string(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    services.voting_rounds.forget(round_id);
    tracing::info!(round = round_id, %milestone, %from, %to, "timeline date moved");
    super::rounds::detail(services, round_id).await.map(Ok)
}

/// What a round shows beside its timeline's dates: every date HB moved,
/// with the reasons, and what the schedule is waiting for.
#[derive(Clone, Debug, Default)]
pub struct TimelineHistory {
    /// Every date HB moved, oldest first.
    pub changes: Vec<TimelineChange>,
    /// The phase the timeline has reached and the round has not, and why.
    pub schedule: Option<ScheduleStatus>,
}

/// The history of `round`'s timeline now (empty when it has none).
pub async fn history(services: &Services, round: &Round) -> ApiResult<TimelineHistory> {
    if round.timeline.is_none() {
        return Ok(TimelineHistory::default());
    }
    Ok(TimelineHistory {
        changes: store::timeline_changes::list(&services.reads, round.id).await?,
        schedule: schedule_status(&services.reads, round, services.clock.moment()).await?,
    })
}

/// A phase the timeline has reached and the round has not entered yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleStatus {
    /// The next phase, due on the timeline.
    pub due: Phase,
    /// When it was due.
    pub since: Moment,
    /// Why the schedule has not moved the round there (`None`: it will at
    /// its next turn, within seconds).
    pub blocked: Option<Blocker>,
}

/// What the schedule is waiting for with `round` at `now`, if the timeline
/// has reached its next phase.
pub async fn schedule_status(
    db: &impl ConnectionTrait,
    round: &Round,
    now: Moment,
) -> ApiResult<Option<ScheduleStatus>> {
    let Some(timeline) = &round.timeline else {
        return Ok(None);
    };
    let Some(due) = timeline.next_due(round.phase, now) else {
        return Ok(None);
    };
    let Some(milestone) = Milestone::starting(due) else {
        return Ok(None);
    };
    let (_, moved) = check_move(db, round, due).await?;
    Ok(Some(ScheduleStatus {
        due,
        since: timeline.at(milestone),
        blocked: moved.err(),
    }))
}
