//! Tallied results in the database: a summary row, one line per proposal and
//! one total per storkreds, money in øre.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::tally::RoundTally;
use medlemsbudget_domain::{Money, ProposalId, Storkreds};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::corrupt;
use crate::entity::{result, result_line, result_storkreds};
use crate::error::{ApiError, ApiResult};

/// A stored result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResult {
    /// Round.
    pub round_id: i64,
    /// Rule used, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// Split used, e.g. `floor`.
    pub split: String,
    /// Pool.
    pub pool: Money,
    /// Sum allocated, grants included.
    pub allocated: Money,
    /// Pool left unallocated.
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots_counted: i64,
    /// Root of the hash chain over the counted ballots.
    pub ballots_root: String,
    /// Every step of the rule, as sentences.
    pub steps: Vec<String>,
    /// When it was tallied.
    pub tallied_at: DateTime<Utc>,
    /// Lines in ranking order.
    pub lines: Vec<StoredLine>,
    /// Totals per storkreds, in `Storkreds::ALL` order.
    pub storkredse: Vec<StoredStorkreds>,
}

/// One proposal's stored outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLine {
    /// Position in the ranking.
    pub rank: i32,
    /// Proposal.
    pub proposal_id: ProposalId,
    /// Ballots supporting it.
    pub votes: i64,
    /// Support under the rule's satisfaction.
    pub support: i64,
    /// Requested.
    pub requested: Money,
    /// Funded or not.
    pub funded: bool,
    /// Allocated.
    pub allocated: Money,
    /// Why, in words.
    pub explanation: String,
}

/// One storkreds' stored totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredStorkreds {
    /// The storkreds.
    pub storkreds: Storkreds,
    /// Accepted proposals.
    pub proposals: i32,
    /// Funded proposals.
    pub funded: i32,
    /// Requested in total.
    pub requested: Money,
    /// Sub-pool, under a sub-pool split.
    pub sub_pool: Option<Money>,
    /// Floor grant.
    pub grant: Money,
    /// Allocated in total, grant included.
    pub allocated: Money,
    /// Ballots cast by its members.
    pub voters: i64,
}

fn int<T: TryFrom<U>, U>(value: U) -> ApiResult<T>
where
    T::Error: std::fmt::Display,
{
    T::try_from(value).map_err(corrupt)
}

/// Stores a tally, replacing any earlier tally of the round.
pub async fn replace(
    db: &impl ConnectionTrait,
    round_id: i64,
    tally: &RoundTally,
    ballots_root: &str,
) -> ApiResult<()> {
    result::Entity::delete_many()
        .filter(result::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    result::Entity::insert(result::ActiveModel {
        round_id: Set(round_id),
        rule: Set(tally.rule.clone()),
        split: Set(tally.split.clone()),
        pool_ore: Set(tally.pool.ore()),
        allocated_ore: Set(tally.allocated.ore()),
        unallocated_ore: Set(tally.unallocated.ore()),
        ballots_counted: Set(int(tally.ballots)?),
        ballots_root: Set(ballots_root.to_owned()),
        steps: Set(serde_json::to_string(&tally.steps).map_err(corrupt)?),
        tallied_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    let mut lines = Vec::with_capacity(tally.lines.len());
    for line in &tally.lines {
        lines.push(result_line::ActiveModel {
            round_id: Set(round_id),
            proposal_id: Set(line.id.0),
            rank: Set(int(line.rank)?),
            votes: Set(int(line.votes)?),
            support: Set(int(line.support)?),
            requested_ore: Set(line.requested.ore()),
            funded: Set(line.funded),
            allocated_ore: Set(line.allocated.ore()),
            explanation: Set(line.explanation.clone()),
        });
    }
    for chunk in lines.chunks(500) {
        result_line::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    let mut totals = Vec::with_capacity(tally.storkredse.len());
    for s in &tally.storkredse {
        totals.push(result_storkreds::ActiveModel {
            round_id: Set(round_id),
            storkreds: Set(s.storkreds.slug().to_owned()),
            proposals: Set(int(s.proposals)?),
            funded: Set(int(s.funded)?),
            requested_ore: Set(s.requested.ore()),
            sub_pool_ore: Set(s.sub_pool.map(Money::ore)),
            grant_ore: Set(s.grant.ore()),
            allocated_ore: Set(s.allocated.ore()),
            voters: Set(int(s.voters)?),
        });
    }
    result_storkreds::Entity::insert_many(totals)
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
                support: row.support,
                requested: money(row.requested_ore)?,
                funded: row.funded,
                allocated: money(row.allocated_ore)?,
                explanation: row.explanation,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut storkredse = result_storkreds::Entity::find()
        .filter(result_storkreds::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            Ok(StoredStorkreds {
                storkreds: row.storkreds.parse().map_err(corrupt)?,
                proposals: row.proposals,
                funded: row.funded,
                requested: money(row.requested_ore)?,
                sub_pool: row.sub_pool_ore.map(money).transpose()?,
                grant: money(row.grant_ore)?,
                allocated: money(row.allocated_ore)?,
                voters: row.voters,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    storkredse.sort_by_key(|s| Storkreds::ALL.iter().position(|x| *x == s.storkreds));
    Ok(StoredResult {
        round_id,
        rule: summary.rule,
        split: summary.split,
        pool: money(summary.pool_ore)?,
        allocated: money(summary.allocated_ore)?,
        unallocated: money(summary.unallocated_ore)?,
        ballots_counted: summary.ballots_counted,
        ballots_root: summary.ballots_root,
        steps: serde_json::from_str(&summary.steps).map_err(corrupt)?,
        tallied_at: summary.tallied_at,
        lines,
        storkredse,
    })
}
