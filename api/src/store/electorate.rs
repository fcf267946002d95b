//! The electorate roll of a round.

use medlemsbudget_domain::Storkreds;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::corrupt;
use crate::error::ApiResult;
use crate::store::entity::{electorate, electorate_count};

/// Replaces the round's roll with `members`, and its counts per storkreds.
pub async fn replace(db: &impl ConnectionTrait, round_id: i64, members: &[(String, Storkreds)]) -> ApiResult<()> {
    electorate::Entity::delete_many()
        .filter(electorate::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    electorate_count::Entity::delete_many()
        .filter(electorate_count::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    let counts = Storkreds::ALL.iter().filter_map(|&storkreds| {
        let n = members.iter().filter(|(_, s)| *s == storkreds).count();
        (n > 0).then(|| electorate_count::ActiveModel {
            round_id: Set(round_id),
            storkreds: Set(storkreds.slug().to_owned()),
            members: Set(i64::try_from(n).unwrap_or(i64::MAX)),
        })
    });
    electorate_count::Entity::insert_many(counts)
        .on_empty_do_nothing()
        .exec_without_returning(db)
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
    Ok(counts_by_storkreds(db, round_id).await?.iter().map(|(_, n)| n).sum())
}

/// The whole roll of a round as `(member, storkreds)` (empty: no roll).
pub async fn roll(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<(String, Storkreds)>> {
    let rows: Vec<(String, String)> = electorate::Entity::find()
        .select_only()
        .columns([electorate::Column::MemberId, electorate::Column::Storkreds])
        .filter(electorate::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(member, storkreds)| Ok((member, storkreds.parse().map_err(corrupt)?)))
        .collect()
}

/// Members on the roll per storkreds, in `Storkreds::ALL` order (the
/// counts kept with the roll).
pub async fn counts_by_storkreds(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<(Storkreds, u64)>> {
    let rows: Vec<(String, i64)> = electorate_count::Entity::find()
        .select_only()
        .columns([electorate_count::Column::Storkreds, electorate_count::Column::Members])
        .filter(electorate_count::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: Vec<(Storkreds, u64)> = Storkreds::ALL.iter().map(|s| (*s, 0)).collect();
    for (slug, n) in rows {
        let storkreds: Storkreds = slug.parse().map_err(corrupt)?;
        let n = u64::try_from(n).map_err(corrupt)?;
        if let Some(entry) = counts.iter_mut().find(|(s, _)| *s == storkreds) {
            entry.1 = n;
        }
    }
    Ok(counts)
}
