//! The schedule: moves rounds through their phases at the times of their
//! timelines, as `serve` runs it every second.
//!
//! With several processes on one database each switch happens once: the
//! round's row is locked (`FOR UPDATE` on PostgreSQL), the phase is read
//! again under the lock and changed only if it is still the one left
//! (`UPDATE … WHERE phase = from`), and the audit event, naming the schedule
//! as the one who changed it, is appended in that same transaction, so only
//! the process that made the change records it.
//!
//! When a round is not ready for its next phase (bids still awaiting review
//! when voting should open, no bid accepted, a `by-members` split without a
//! roll, no tally when it should be published), the schedule leaves it where
//! it is and tries again every turn: the round page shows HB what blocks it,
//! and the round moves on as soon as HB has dealt with it (or HB moves the
//! date). Voting still closes on the second: ballots written from the close
//! on are refused in the ballot's own write, whenever the switch happens.

use std::time::Duration;

use medlemsbudget_domain::audit::PhaseChanger;
use medlemsbudget_domain::{Milestone, Moment, Phase};
use sea_orm::TransactionTrait;

use super::rounds::{enter_phase, Blocker};
use super::Services;
use crate::error::ApiResult;
use crate::store;

/// How often `serve` runs the schedule.
pub const TURN: Duration = Duration::from_secs(1);

/// What one turn of the schedule did with a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleStep {
    /// It moved the round to its next phase.
    Moved {
        /// The round.
        round_id: i64,
        /// The phase it left.
        from: Phase,
        /// The phase it entered.
        to: Phase,
    },
    /// The round is due for `to` but not ready for it.
    Blocked {
        /// The round.
        round_id: i64,
        /// The phase it is due for.
        to: Phase,
        /// Why it cannot move.
        blocker: Blocker,
    },
}

/// How a switch attempted by this process ended.
enum Switch {
    Moved(store::rounds::Round),
    Blocked(Blocker),
    /// Another process moved it first, or HB moved the date.
    NotDue,
}

/// One turn: every round whose timeline has reached a phase it has not
/// entered moves forward, one phase at a time, as far as the timeline has
/// reached and the round is ready. A round that fails (the database) is
/// logged and left for the next turn.
pub async fn run_due(services: &Services) -> Vec<ScheduleStep> {
    let now = services.clock.moment();
    let rounds = match store::rounds::scheduled(&services.db).await {
        Ok(rounds) => rounds,
        Err(e) => {
            tracing::warn!(error = %e, "the schedule cannot read the rounds");
            return Vec::new();
        }
    };
    let mut steps = Vec::new();
    for mut round in rounds {
        while let Some((to, planned)) = due(&round, now) {
            let from = round.phase;
            match switch(services, round.id, from, to, planned, now).await {
                Ok(Switch::Moved(moved)) => {
                    tracing::info!(round = round.id, %from, %to, %planned, "phase changed by the schedule");
                    steps.push(ScheduleStep::Moved {
                        round_id: round.id,
                        from,
                        to,
                    });
                    round = moved;
                }
                Ok(Switch::Blocked(blocker)) => {
                    steps.push(ScheduleStep::Blocked {
                        round_id: round.id,
                        to,
                        blocker,
                    });
                    break;
                }
                Ok(Switch::NotDue) => break,
                Err(e) => {
                    tracing::warn!(round = round.id, %to, error = %e, "the schedule could not change the phase");
                    break;
                }
            }
        }
    }
    steps
}

/// The phase `round` is due for at `now`, with the moment it was planned.
fn due(round: &store::rounds::Round, now: Moment) -> Option<(Phase, Moment)> {
    let timeline = round.timeline.as_ref()?;
    let to = timeline.next_due(round.phase, now)?;
    Some((to, timeline.at(Milestone::starting(to)?)))
}

/// Moves round `round_id` from `from` to `to` in a transaction of its own,
/// if it is still in `from` and still due under the lock.
async fn switch(
    services: &Services,
    round_id: i64,
    from: Phase,
    to: Phase,
    planned: Moment,
    now: Moment,
) -> ApiResult<Switch> {
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    if round.phase != from || due(&round, now) != Some((to, planned)) {
        return Ok(Switch::NotDue);
    }
    let scheduled = Some((PhaseChanger::Schedule, planned));
    match enter_phase(services, &txn, &round, to, scheduled).await? {
        Ok(moved) => {
            txn.commit().await?;
            services.voting_rounds.forget(round_id);
            Ok(Switch::Moved(moved))
        }
        Err(blocker) => Ok(Switch::Blocked(blocker)),
    }
}

/// Runs the schedule every [`TURN`] until the process stops, logging each
/// blocker once, when it first appears or changes.
pub async fn run(services: Services) {
    let mut logged: std::collections::HashMap<i64, (Phase, String)> = std::collections::HashMap::new();
    let mut turns = tokio::time::interval(TURN);
    turns.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        turns.tick().await;
        let steps = run_due(&services).await;
        let mut blocked_now = std::collections::HashSet::new();
        for step in steps {
            if let ScheduleStep::Blocked { round_id, to, blocker } = step {
                blocked_now.insert(round_id);
                let reason = blocker.to_string();
                if logged.get(&round_id) != Some(&(to, reason.clone())) {
                    tracing::warn!(round = round_id, %to, %reason, "the schedule is waiting: the round is not ready for its next phase");
                    logged.insert(round_id, (to, reason));
                }
            }
        }
        logged.retain(|round_id, _| blocked_now.contains(round_id));
    }
}
