//! Tallied results in the database: a summary row and one line per proposal.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::{Allocation, Money, ProposalId};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::corrupt;
use crate::entity::{result, result_line};
use crate::error::{ApiError, ApiResult};

/// A stored result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResult {
    /// Round.
    pub round_id: i64,
    /// Rule used.
    pub rule: String,
    /// Pool.
    pub pool: Money,
    /// Sum allocated.
    pub allocated: Money,
    /// Pool left unallocated.
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots_counted: i64,
    /// Root of the hash chain over the counted ballots.
    pub ballots_root: String,
    /// When it was tallied.
    pub tallied_at: DateTime<Utc>,
    /// Lines in ranking order.
    pub lines: Vec<StoredLine>,
}

/// One proposal's stored outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLine {
    /// Position in the ranking.
    pub rank: i32,
    /// Proposal.
    pub proposal_id: ProposalId,
    /// Approvals.
    pub votes: i64,
    /// Requested.
    pub requested: Money,
    /// Funded or not.
    pub funded: bool,
    /// Allocated.
    pub allocated: Money,
    /// Why, in words.
    pub explanation: String,
}

/// Stores a tally, replacing any earlier tally of the round.
pub async fn replace(
    db: &impl ConnectionTrait,
    round_id: i64,
    rule: &str,
    allocation: &Allocation,
    ballots_root: &str,
) -> ApiResult<()> {
    result::Entity::delete_many()
        .filter(result::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    let counted = i64::try_from(allocation.ballots).map_err(corrupt)?;
    result::Entity::insert(result::ActiveModel {
        round_id: Set(round_id),
        rule: Set(rule.to_owned()),
        pool_ore: Set(allocation.pool.ore()),
        allocated_ore: Set(allocation.allocated.ore()),
        unallocated_ore: Set(allocation.unallocated.ore()),
        ballots_counted: Set(counted),
        ballots_root: Set(ballots_root.to_owned()),
        tallied_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    if allocation.lines.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::with_capacity(allocation.lines.len());
    for line in &allocation.lines {
        rows.push(result_line::ActiveModel {
            round_id: Set(round_id),
            proposal_id: Set(line.id.0),
            rank: Set(i32::try_from(line.rank).map_err(corrupt)?),
            votes: Set(i64::try_from(line.votes).map_err(corrupt)?),
            requested_ore: Set(line.requested.ore()),
            funded: Set(line.funded),
            allocated_ore: Set(line.allocated.ore()),
            explanation: Set(line.explanation()),
        });
    }
    result_line::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Whether the round has a stored tally.
pub async fn exists(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<bool> {
    Ok(result::Entity::find_by_id(round_id).one(db).await?.is_some())
}

/// The round's stored tally, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<StoredResult> {
    let summary = result::Entity::find_by_id(round_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("round {round_id} has not been tallied yet")))?;
    let money = |ore: i64| Money::from_ore(ore).map_err(corrupt);
    let lines = result_line::Entity::find()
        .filter(result_line::Column::RoundId.eq(round_id))
        .order_by_asc(result_line::Column::Rank)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            Ok(StoredLine {
                rank: row.rank,
                proposal_id: ProposalId(row.proposal_id),
                votes: row.votes,
                requested: money(row.requested_ore)?,
                funded: row.funded,
                allocated: money(row.allocated_ore)?,
                explanation: row.explanation,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(StoredResult {
        round_id,
        rule: summary.rule,
        pool: money(summary.pool_ore)?,
        allocated: money(summary.allocated_ore)?,
        unallocated: money(summary.unallocated_ore)?,
        ballots_counted: summary.ballots_counted,
        ballots_root: summary.ballots_root,
        tallied_at: summary.tallied_at,
        lines,
    })
}
