//! Rounds: HB creates them, changes their settings before voting, and moves
//! them through their phases; everyone signed in reads them.

use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::{Split, SplitError};
use medlemsbudget_domain::{
    check_pool_covers_bids, Actor, Money, Phase, PhaseError, ProposalStatus, RoundName, RoundSettings, TransitionCheck,
};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::electorate::RollCounts;
use super::Services;
use crate::error::{ApiError, ApiResult};
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

/// Creates a round in phase `draft` (HB).
pub async fn create(services: &Services, actor: &Actor, settings: RoundSettings) -> ApiResult<Round> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::insert(&txn, &settings).await?;
    let event = AuditEvent::RoundCreated {
        settings: (&settings).into(),
        imported_from: None,
    };
    store::audit::append(&txn, round.id, &event).await?;
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
    store::rounds::list(&services.db).await
}

/// One round.
pub async fn get(services: &Services, round_id: i64) -> ApiResult<Round> {
    store::rounds::get(&services.db, round_id).await
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
}

impl From<Blocker> for ApiError {
    fn from(blocker: Blocker) -> ApiError {
        match blocker {
            Blocker::Phase(e) => e.into(),
            Blocker::Split(e) => ApiError::Conflict {
                slug: "split-not-ready",
                detail: e.to_string(),
            },
        }
    }
}

/// Checks a move of `round` to `to` against the round's bids, tally and roll.
async fn check_move(
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

/// What moving the round to its next phase would do, and what blocks it (HB).
pub async fn preview_next_phase(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<PhasePreview> {
    actor.require_hb()?;
    let round = store::rounds::get(&services.db, round_id).await?;
    let next = round.phase.next();
    let (check, blocked) = match next {
        Some(to) => {
            let (check, moved) = check_move(&services.db, &round, to).await?;
            (check, moved.err())
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
}

/// HB's overview of a round (see [`RoundOverview`]).
pub async fn overview(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RoundOverview> {
    actor.require_hb()?;
    let db = &services.db;
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
            (check, moved.err())
        }
        None => (TransitionCheck::default(), None),
    };
    Ok(RoundOverview {
        preview: PhasePreview {
            round,
            next,
            check,
            blocked,
        },
        bids,
        roll,
    })
}

/// Moves a round one phase forward (HB), if the domain finds it ready.
pub async fn change_phase(services: &Services, actor: &Actor, round_id: i64, to: Phase) -> ApiResult<Round> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let (check, moved) = check_move(&txn, &round, to).await?;
    let phase = moved?;
    store::rounds::set_phase(&txn, round_id, phase).await?;
    let ballots = match phase {
        Phase::Closed => Some(store::ballots::count(&txn, round_id).await?),
        _ => None,
    };
    let event = AuditEvent::PhaseChanged {
        from: round.phase,
        to: phase,
        accepted_proposals: check.accepted,
        ballots,
    };
    store::audit::append(&txn, round_id, &event).await?;
    let round = store::rounds::get(&txn, round_id).await?;
    if phase == Phase::Published {
        super::publication::sign(services, &txn, &round).await?;
    }
    txn.commit().await?;
    services.voting_rounds.forget(round_id);
    tracing::info!(round = round_id, %phase, "phase changed");
    Ok(round)
}
