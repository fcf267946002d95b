//! The audit log in the database: appended in the same transaction as the
//! change it records, while the round's row is locked, so each round's chain
//! grows one link at a time even with several server processes.

use chrono::{SecondsFormat, Utc};
use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::verification::{audit_hash, verify_audit_chain, AuditBreak, AuditRecord, GENESIS_HASH};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entity::audit_event;
use crate::error::ApiResult;

fn record(row: audit_event::Model) -> AuditRecord {
    AuditRecord {
        round_id: row.round_id,
        seq: row.seq,
        kind: row.kind,
        details: row.details,
        at: row.at,
        prev_hash: row.prev_hash,
        hash: row.hash,
    }
}

/// Appends `event` to the round's chain and returns its hash.
pub async fn append(db: &impl ConnectionTrait, round_id: i64, event: &AuditEvent) -> ApiResult<String> {
    let kind = event.kind();
    let last = audit_event::Entity::find()
        .filter(audit_event::Column::RoundId.eq(round_id))
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .one(db)
        .await?;
    let (seq, prev_hash) = match last {
        Some(last) => (last.seq + 1, last.hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let details = event.details();
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let hash = audit_hash(&prev_hash, round_id, seq, kind, &details, &at);
    audit_event::Entity::insert(audit_event::ActiveModel {
        round_id: Set(round_id),
        seq: Set(seq),
        kind: Set(kind.to_owned()),
        details: Set(details),
        at: Set(at),
        prev_hash: Set(prev_hash),
        hash: Set(hash.clone()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(hash)
}

/// The round's events in order.
pub async fn events(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<AuditRecord>> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::RoundId.eq(round_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await?
        .into_iter()
        .map(record)
        .collect())
}

/// Verifies every round's chain: `(round, events)` for each, or the first break.
pub async fn verify_all(db: &impl ConnectionTrait) -> ApiResult<Vec<Result<(i64, usize), AuditBreak>>> {
    let rows = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::RoundId)
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await?;
    let mut chains: std::collections::BTreeMap<i64, Vec<AuditRecord>> = std::collections::BTreeMap::new();
    for row in rows {
        chains.entry(row.round_id).or_default().push(record(row));
    }
    Ok(chains
        .into_iter()
        .map(|(round_id, records)| verify_audit_chain(&records).map(|n| (round_id, n)))
        .collect())
}
