//! The electorate roll of a round.

use medlemsbudget_domain::Storkreds;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};

use super::corrupt;
use crate::entity::electorate;
use crate::error::{ApiError, ApiResult};

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

/// Where a member stands with a round's roll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The round has no roll: the token's storkreds counts.
    NoRoll,
    /// On the roll, in this storkreds.
    On(Storkreds),
    /// The round has a roll and the member is not on it.
    NotOn,
}

impl Standing {
    /// From the member's storkreds on the roll (`None` if not on it) and
    /// whether the round has a roll at all.
    pub(crate) fn from_lookup(on_roll: Option<String>, has_roll: bool) -> ApiResult<Standing> {
        Ok(match on_roll {
            Some(storkreds) => Standing::On(storkreds.parse().map_err(corrupt)?),
            None if has_roll => Standing::NotOn,
            None => Standing::NoRoll,
        })
    }
}

/// The member's standing, in one statement of two index lookups: the
/// member's row, and whether the round has any row at all (never a count).
pub async fn standing(db: &impl ConnectionTrait, round_id: i64, member: &str) -> ApiResult<Standing> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => STANDING_POSTGRES,
        _ => STANDING_SQLITE,
    };
    let row = db
        .query_one(Statement::from_sql_and_values(
            backend,
            sql,
            [round_id.into(), member.into(), round_id.into()],
        ))
        .await?
        .ok_or_else(|| ApiError::Internal("the standing query returned no row".into()))?;
    Standing::from_lookup(row.try_get("", "roll_storkreds")?, row.try_get("", "has_roll")?)
}

const STANDING_SQLITE: &str = "SELECT \
     (SELECT storkreds FROM electorate WHERE round_id = ? AND member_id = ?) AS roll_storkreds, \
     EXISTS (SELECT 1 FROM electorate WHERE round_id = ?) AS has_roll";
const STANDING_POSTGRES: &str = "SELECT \
     (SELECT storkreds FROM electorate WHERE round_id = $1 AND member_id = $2) AS roll_storkreds, \
     EXISTS (SELECT 1 FROM electorate WHERE round_id = $3) AS has_roll";

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
