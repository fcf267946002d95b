//! The audit log: HB reads a round's log with a verdict on its chain; the
//! command line verifies every round's chain.

use medlemsbudget_domain::verification::{verify_audit_chain, AuditBreak, AuditRecord};
use medlemsbudget_domain::Actor;

use super::Services;
use crate::error::ApiResult;
use crate::store;

/// A round's audit log and whether its chain is intact.
#[derive(Clone, Debug)]
pub struct AuditLog {
    /// The round.
    pub round_id: i64,
    /// The round's name.
    pub round_name: String,
    /// The events in order.
    pub records: Vec<AuditRecord>,
    /// Where the chain breaks, if it does.
    pub verdict: Result<usize, AuditBreak>,
}

/// A round's audit log (HB).
pub async fn log(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<AuditLog> {
    actor.require_hb()?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    let records = store::audit::events(&services.reads, round_id).await?;
    let verdict = verify_audit_chain(&records);
    Ok(AuditLog {
        round_id,
        round_name: round.name,
        records,
        verdict,
    })
}
