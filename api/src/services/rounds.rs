//! Rounds: HB creates them, changes their settings before voting, and moves
//! them through their phases (or the schedule does, at the times of the
//! round's timeline: `services::schedule`); everyone signed in reads them.

use medlemsbudget_domain::audit::{AuditEvent, PhaseChanger};
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::{Split, SplitError};
use medlemsbudget_domain::{
    check_pool_covers_bids, Actor, Moment, Money, Phase, PhaseError, ProposalStatus, RoundName, RoundSettings,
    Storkreds, Timeline, TimelineError, TransitionCheck,
};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::electorate::RollCounts;
use super::timeline::TimelineHistory;
use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::timeline_changes::TimelineChange;
use crate::store::{self, proposals::Proposal, rounds::Round};

/// Changes to a round's settings; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct SettingsChanges {
    /// New name.
    pub name: Option<RoundName>,
    /// New pool.
    pub pool: Option<Money>,
    /// New ballot rules.
    pub ballot: Option<BallotRules>,
    /// New allocation rule.
    pub rule: Option<RoundRule>,
    /// New split.
    pub split: Option<Split>,
}

impl SettingsChanges {
    /// Whether the change gives `setting` (`pool`, `ballot`, `rule` or `split`).
    fn gives(&self, setting: &str) -> bool {
        match setting {
            "pool" => self.pool.is_some(),
            "ballot" => self.ballot.is_some(),
            "rule" => self.rule.is_some(),
            "split" => self.split.is_some(),
            _ => false,
        }
    }
}

/// Creates a round in phase `draft` (HB), with its timeline if HB planned
/// one (the moments of `Milestone::ALL`, each in the future and after the
/// one before).
pub async fn create(
    services: &Services,
    actor: &Actor,
    settings: RoundSettings,
    timeline: Option<[Moment; 5]>,
) -> ApiResult<Round> {
    actor.require_hb()?;
    let timeline = timeline
        .map(|moments| Timeline::plan(moments, services.clock.moment()))
        .transpose()
        .map_err(|e| super::timeline::invalid_timeline("timeline.", e))?;
    let txn = services.db.begin().await?;
    let mut round = store::rounds::insert(&txn, &settings).await?;
    let event = AuditEvent::RoundCreated {
        settings: (&settings).into(),
        imported_from: None,
    };
    store::audit::append(&txn, round.id, &event).await?;
    if let Some(timeline) = &timeline {
        round = super::timeline::record_plan(&txn, round.id, timeline).await?;
    }
    txn.commit().await?;
    tracing::info!(round = round.id, pool = %round.pool, "round created");
    Ok(round)
}

/// Changes a round's settings before voting opens (HB). Every bid still in
/// the round must fit the new pool. Settings that do not fit together are a
/// 422 when the change gives all of them, and a 409 when one of them is the
/// round's stored value (a new pool that its floor split no longer fits).
pub async fn change_settings(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    changes: SettingsChanges,
) -> ApiResult<Round> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_settings_change()?;
    let given: Vec<&str> = ["pool", "ballot", "rule", "split"]
        .into_iter()
        .filter(|setting| changes.gives(setting))
        .collect();
    let settings = RoundSettings {
        name: match changes.name {
            Some(name) => name,
            None => RoundName::parse(&round.name).map_err(store::corrupt)?,
        },
        pool: changes.pool.unwrap_or(round.pool),
        ballot: changes.ballot.unwrap_or(round.ballot),
        rule: changes.rule.unwrap_or(round.rule),
        split: changes.split.unwrap_or(round.split),
    }
    .validate()
    .map_err(|e| {
        if e.settings().iter().all(|setting| given.contains(setting)) {
            ApiError::from(e)
        } else {
            ApiError::conflicting_field("invalid-settings", e.field(), e)
        }
    })?;
    let bids = store::proposals::list(&txn, round_id, None, None).await?;
    check_pool_covers_bids(settings.pool, bids.iter().map(|p| (p.id, p.amount, p.status)))?;
    let round = store::rounds::update_settings(&txn, round_id, &settings).await?;
    let event = AuditEvent::SettingsChanged {
        settings: (&settings).into(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    Ok(round)
}

/// All rounds, newest first.
pub async fn list(services: &Services) -> ApiResult<Vec<Round>> {
    store::rounds::list(&services.reads).await
}

/// One round.
pub async fn get(services: &Services, round_id: i64) -> ApiResult<Round> {
    store::rounds::get(&services.reads, round_id).await
}

/// One round with what its timeline shows: the dates HB moved, with the
/// reasons, and what the schedule is waiting for, if anything.
#[derive(Clone, Debug)]
pub struct RoundDetail {
    /// The round, with its timeline if it has one.
    pub round: Round,
    /// Every date HB moved, oldest first.
    pub timeline_changes: Vec<TimelineChange>,
    /// The phase the timeline has reached and the round has not, and why.
    pub schedule: Option<super::timeline::ScheduleStatus>,
}

/// One round with its timeline's changes and the schedule's state.
pub async fn detail(services: &Services, round_id: i64) -> ApiResult<RoundDetail> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    let TimelineHistory { changes, schedule } = super::timeline::history(services, &round).await?;
    Ok(RoundDetail {
        round,
        timeline_changes: changes,
        schedule,
    })
}

/// Everything a round's page shows, read once: the round, its timeline's
/// history, and its bids as `actor` (or a visitor, `None`) sees them by
/// default, or those with `status` (see `proposals::round_and_bids`).
#[derive(Clone, Debug)]
pub struct RoundWithBids {
    /// The round, with its timeline if it has one.
    pub round: Round,
    /// The dates HB moved and what the schedule waits for.
    pub timeline: TimelineHistory,
    /// The bids shown.
    pub bids: Vec<Proposal>,
}

/// A round with its timeline's history and its bids (see [`RoundWithBids`]).
pub async fn with_bids(
    services: &Services,
    actor: Option<&Actor>,
    round_id: i64,
    storkreds: Option<Storkreds>,
    status: Option<ProposalStatus>,
) -> ApiResult<RoundWithBids> {
    let (round, bids) = super::proposals::round_and_bids(services, actor, round_id, storkreds, status).await?;
    let timeline = super::timeline::history(services, &round).await?;
    Ok(RoundWithBids { round, timeline, bids })
}

/// What moving a round to its next phase would do, asked before doing it.
#[derive(Clone, Debug)]
pub struct PhasePreview {
    /// The round as it is.
    pub round: Round,
    /// The phase that would follow (`None`: the round is published).
    pub next: Option<Phase>,
    /// The counts the move is checked against.
    pub check: TransitionCheck,
    /// Why the move would be refused, if it would.
    pub blocked: Option<Blocker>,
}

/// Why a round cannot move to its next phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// The phase rules refuse it (unreviewed bids, nothing accepted, no tally).
    Phase(PhaseError),
    /// The split needs what the round does not have (a roll, for `by-members`).
    Split(SplitError),
    /// The timeline starts the phase later; until then only the schedule moves it.
    Timeline(TimelineError),
}

impl std::fmt::Display for Blocker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Blocker::Phase(e) => e.fmt(f),
            Blocker::Split(e) => e.fmt(f),
            Blocker::Timeline(e) => e.fmt(f),
        }
    }
}

impl From<Blocker> for ApiError {
    fn from(blocker: Blocker) -> ApiError {
        match blocker {
            Blocker::Phase(e) => e.into(),
            Blocker::Split(e) => ApiError::Conflict {
                slug: "split-not-ready",
                detail: e.to_string(),
            },
            Blocker::Timeline(e) => e.into(),
        }
    }
}

/// Checks a move of `round` to `to` against the round's bids, tally and roll.
pub(super) async fn check_move(
    txn: &impl ConnectionTrait,
    round: &Round,
    to: Phase,
) -> ApiResult<(TransitionCheck, Result<Phase, Blocker>)> {
    let bids = store::proposals::list(txn, round.id, None, None).await?;
    let tallied = store::results::exists(txn, round.id).await?;
    let members = match to {
        Phase::Voting => Some(store::electorate::count(txn, round.id).await?),
        _ => None,
    };
    Ok(judge_move(round, to, &bids, tallied, members))
}

/// The domain's verdict on moving `round` to `to`, given its bids, whether
/// it is tallied, and (for a move to voting) the members on its roll.
fn judge_move(
    round: &Round,
    to: Phase,
    bids: &[Proposal],
    tallied: bool,
    members: Option<u64>,
) -> (TransitionCheck, Result<Phase, Blocker>) {
    let count = |status| bids.iter().filter(|p| p.status == status).count();
    let check = TransitionCheck {
        unreviewed: count(ProposalStatus::Submitted),
        accepted: count(ProposalStatus::Accepted),
        tallied,
    };
    let phase = match round.phase.transition_to(to, check) {
        Ok(phase) => phase,
        Err(e) => return (check, Err(Blocker::Phase(e))),
    };
    if let (Phase::Voting, Some(members)) = (phase, members) {
        if let Err(e) = round.split.check_ready(members) {
            return (check, Err(Blocker::Split(e)));
        }
    }
    (check, Ok(phase))
}

/// Whether HB may move `round` to `to` by hand at `now`: not before its
/// timeline, if it has one, starts that phase (the schedule moves it then).
fn by_hand(round: &Round, to: Phase, now: Moment) -> Result<(), Blocker> {
    match &round.timeline {
        Some(timeline) => timeline.check_manual_change(to, now).map_err(Blocker::Timeline),
        None => Ok(()),
    }
}

/// What moving the round to its next phase would do, and what blocks it (HB).
pub async fn preview_next_phase(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<PhasePreview> {
    actor.require_hb()?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    let next = round.phase.next();
    let (check, blocked) = match next {
        Some(to) => {
            let (check, moved) = check_move(&services.reads, &round, to).await?;
            (
                check,
                moved.and_then(|to| by_hand(&round, to, services.clock.moment())).err(),
            )
        }
        None => (TransitionCheck::default(), None),
    };
    Ok(PhasePreview {
        round,
        next,
        check,
        blocked,
    })
}

/// Everything HB's page for a round shows, read once: the next phase and
/// what blocks it, every bid, and the roll counted per storkreds.
#[derive(Clone, Debug)]
pub struct RoundOverview {
    /// The round and its next phase.
    pub preview: PhasePreview,
    /// All its bids, in every status.
    pub bids: Vec<Proposal>,
    /// Its roll per storkreds.
    pub roll: RollCounts,
    /// The dates HB moved on its timeline and what the schedule waits for.
    pub timeline: TimelineHistory,
}

/// HB's overview of a round (see [`RoundOverview`]).
pub async fn overview(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RoundOverview> {
    actor.require_hb()?;
    let db = &services.reads;
    let round = store::rounds::get(db, round_id).await?;
    let bids = store::proposals::list(db, round_id, None, None).await?;
    let roll = RollCounts {
        round_id,
        storkredse: store::electorate::counts_by_storkreds(db, round_id).await?,
    };
    let next = round.phase.next();
    let (check, blocked) = match next {
        Some(to) => {
            let tallied = store::results::exists(db, round_id).await?;
            let (check, moved) = judge_move(&round, to, &bids, tallied, Some(roll.members()));
            (
                check,
                moved.and_then(|to| by_hand(&round, to, services.clock.moment())).err(),
            )
        }
        None => (TransitionCheck::default(), None),
    };
    let timeline = super::timeline::history(services, &round).await?;
    Ok(RoundOverview {
        preview: PhasePreview {
            round,
            next,
            check,
            blocked,
        },
        bids,
        roll,
        timeline,
    })
}

/// Moves a round one phase forward (HB), if the domain finds it ready and
/// its timeline, if it has one, has reached that phase.
pub async fn change_phase(services: &Services, actor: &Actor, round_id: i64, to: Phase) -> ApiResult<Round> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    by_hand(&round, to, services.clock.moment())?;
    let round = enter_phase(services, &txn, &round, to, None)
        .await?
        .map_err(ApiError::from)?;
    txn.commit().await?;
    services.voting_rounds.forget(round_id);
    tracing::info!(round = round_id, phase = %round.phase, "phase changed");
    Ok(round)
}

/// Moves `round`, read under lock in `txn`, to `to` if it is ready (else the
/// blocker, with nothing written): the phase, the audit event (naming the
/// schedule and the planned moment when `scheduled` gives them) and, when
/// publishing, the signed publication.
pub(super) async fn enter_phase(
    services: &Services,
    txn: &impl ConnectionTrait,
    round: &Round,
    to: Phase,
    scheduled: Option<(PhaseChanger, Moment)>,
) -> ApiResult<Result<Round, Blocker>> {
    let (check, moved) = check_move(txn, round, to).await?;
    let phase = match moved {
        Ok(phase) => phase,
        Err(blocker) => return Ok(Err(blocker)),
    };
    if !store::rounds::set_phase_from(txn, round.id, round.phase, phase).await? {
        return Err(ApiError::Conflict {
            slug: "concurrent-change",
            detail: "the round changed phase at the same moment; read it again".into(),
        });
    }
    let ballots = match phase {
        Phase::Closed => Some(store::ballots::count(txn, round.id).await?),
        _ => None,
    };
    let event = AuditEvent::PhaseChanged {
        from: round.phase,
        to: phase,
        accepted_proposals: check.accepted,
        ballots,
        by: scheduled.map(|(by, _)| by),
        planned_at: scheduled.map(|(_, at)| at),
    };
    store::audit::append(txn, round.id, &event).await?;
    let round = store::rounds::get(txn, round.id).await?;
    if phase == Phase::Published {
        super::publication::sign(services, txn, &round).await?;
    }
    Ok(Ok(round))
}
