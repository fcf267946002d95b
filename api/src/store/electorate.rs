//! The electorate roll of a round.

use medlemsbudget_domain::Storkreds;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::corrupt;
use crate::entity::electorate;
use crate::error::ApiResult;

/// Replaces the round's roll with `members`.
pub async fn replace(db: &impl ConnectionTrait, round_id: i64, members: &[(String, Storkreds)]) -> ApiResult<()> {
    electorate::Entity::delete_many()
        .filter(electorate::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    for chunk in members.chunks(500) {
        let rows = chunk.iter().map(|(member, storkreds)| electorate::ActiveModel {
            round_id: Set(round_id),
            member_id: Set(member.clone()),
            storkreds: Set(storkreds.slug().to_owned()),
        });
        electorate::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// How many members are on the roll (0: the round has no roll).
pub async fn count(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<u64> {
    Ok(electorate::Entity::find()
        .filter(electorate::Column::RoundId.eq(round_id))
        .count(db)
        .await?)
}

/// The member's storkreds on the roll, if they are on it.
pub async fn storkreds_of(db: &impl ConnectionTrait, round_id: i64, member: &str) -> ApiResult<Option<Storkreds>> {
    match electorate::Entity::find_by_id((round_id, member.to_owned()))
        .one(db)
        .await?
    {
        Some(row) => Ok(Some(row.storkreds.parse().map_err(corrupt)?)),
        None => Ok(None),
    }
}

/// Members on the roll per storkreds, in `Storkreds::ALL` order.
pub async fn counts_by_storkreds(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<(Storkreds, u64)>> {
    let mut counts = Vec::with_capacity(Storkreds::ALL.len());
    for storkreds in Storkreds::ALL {
        let n = electorate::Entity::find()
            .filter(electorate::Column::RoundId.eq(round_id))
            .filter(electorate::Column::Storkreds.eq(storkreds.slug()))
            .count(db)
            .await?;
        counts.push((storkreds, n));
    }
    Ok(counts)
}
