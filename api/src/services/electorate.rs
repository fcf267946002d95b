//! The electorate roll: HB replaces it before voting opens and reads it
//! counted. With a roll, only members on it vote, in the roll's storkreds.

use std::collections::BTreeMap;

use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::{Actor, Storkreds};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::Services;
use crate::error::ApiResult;
use crate::store;

/// A round's roll, counted per storkreds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollCounts {
    /// The round.
    pub round_id: i64,
    /// Members per storkreds, all ten in `Storkreds::ALL` order.
    pub storkredse: Vec<(Storkreds, u64)>,
}

impl RollCounts {
    /// Members on the roll; 0 means the round has no roll.
    pub fn members(&self) -> u64 {
        self.storkredse.iter().map(|(_, n)| n).sum()
    }
}

async fn counts(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<RollCounts> {
    Ok(RollCounts {
        round_id,
        storkredse: store::electorate::counts_by_storkreds(db, round_id).await?,
    })
}

/// Replaces the round's roll with `members` (HB, before voting opens).
pub async fn replace(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    members: &[(String, Storkreds)],
) -> ApiResult<RollCounts> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_settings_change()?;
    store::electorate::replace(&txn, round_id, members).await?;
    let counts = counts(&txn, round_id).await?;
    let event = AuditEvent::ElectorateImported {
        members: counts.members(),
        storkredse: counts.storkredse.iter().copied().collect::<BTreeMap<_, _>>(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, members = counts.members(), "electorate imported");
    Ok(counts)
}

/// The round's roll, counted (HB).
pub async fn get(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RollCounts> {
    actor.require_hb()?;
    store::rounds::get(&services.reads, round_id).await?;
    counts(&services.reads, round_id).await
}
