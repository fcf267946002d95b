//! Ballots in the database: one row per member per round, kept unique by the
//! `uq_ballots_round_member` index; a new ballot replaces the old in one upsert.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::{ApprovalBallot, ProposalId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::corrupt;
use crate::entity::ballot;
use crate::error::{ApiError, ApiResult};

/// A member's stored ballot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBallot {
    /// Round.
    pub round_id: i64,
    /// The approvals.
    pub ballot: ApprovalBallot,
    /// First cast.
    pub cast_at: DateTime<Utc>,
    /// Last replaced.
    pub updated_at: DateTime<Utc>,
}

fn decode(approvals: &str) -> ApiResult<ApprovalBallot> {
    let ids: Vec<i64> = serde_json::from_str(approvals).map_err(corrupt)?;
    Ok(ApprovalBallot::from_stored(ids.into_iter().map(ProposalId)))
}

fn encode(ballot: &ApprovalBallot) -> String {
    let ids: Vec<i64> = ballot.approvals().map(|id| id.0).collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned())
}

/// Stores the member's ballot, replacing any earlier one.
pub async fn upsert(db: &impl ConnectionTrait, round_id: i64, member: &str, ballot: &ApprovalBallot) -> ApiResult<()> {
    let now = Utc::now();
    let row = ballot::ActiveModel {
        round_id: Set(round_id),
        member_id: Set(member.to_owned()),
        approvals: Set(encode(ballot)),
        cast_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    ballot::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([ballot::Column::RoundId, ballot::Column::MemberId])
                .update_columns([ballot::Column::Approvals, ballot::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The member's ballot in a round, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64, member: &str) -> ApiResult<StoredBallot> {
    let row = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id))
        .filter(ballot::Column::MemberId.eq(member))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("you have not voted in round {round_id}")))?;
    Ok(StoredBallot {
        round_id,
        ballot: decode(&row.approvals)?,
        cast_at: row.cast_at,
        updated_at: row.updated_at,
    })
}

/// Every ballot of a round, in storage order.
pub async fn all(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<ApprovalBallot>> {
    ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round_id))
        .order_by_asc(ballot::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|row| decode(&row.approvals))
        .collect()
}
