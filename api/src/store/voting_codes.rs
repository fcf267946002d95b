//! One-time voting codes, as hashes.

use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ApiResult;
use crate::store::entity::voting_code;

/// Stores `codes` (member, code hash) for the round, replacing each member's earlier code.
pub async fn replace(db: &impl ConnectionTrait, round_id: i64, codes: &[(String, String)], now: i64) -> ApiResult<()> {
    for chunk in codes.chunks(500) {
        voting_code::Entity::delete_many()
            .filter(voting_code::Column::RoundId.eq(round_id))
            .filter(voting_code::Column::MemberId.is_in(chunk.iter().map(|(member, _)| member.clone())))
            .exec(db)
            .await?;
        let rows = chunk.iter().map(|(member, hash)| voting_code::ActiveModel {
            round_id: Set(round_id),
            member_id: Set(member.clone()),
            code_hash: Set(hash.clone()),
            created_at: Set(now),
        });
        voting_code::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The member whose code in `round_id` has this hash, if any.
pub async fn member_with(db: &impl ConnectionTrait, round_id: i64, code_hash: &str) -> ApiResult<Option<String>> {
    Ok(voting_code::Entity::find()
        .filter(voting_code::Column::CodeHash.eq(code_hash))
        .filter(voting_code::Column::RoundId.eq(round_id))
        .one(db)
        .await?
        .map(|row| row.member_id))
}
