//! Tallied results in the database: a summary row, one line per proposal and
//! one total per storkreds, money in øre. The domain's `RoundTally` goes in
//! and comes back out; nothing else describes a result.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use medlemsbudget_domain::tally::{RoundTally, StorkredsResult, TallyLine};
use medlemsbudget_domain::{Money, ProposalId, Storkreds};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::corrupt;
use super::entity::{result, result_line, result_storkreds};
use crate::error::{ApiError, ApiResult};

/// A stored tally: the domain's result with its ballots root and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTally {
    /// The result.
    pub tally: RoundTally,
    /// Root of the hash chain over the counted ballots.
    pub ballots_root: String,
    /// When it was tallied.
    pub tallied_at: DateTime<Utc>,
}

fn int<T: TryFrom<U>, U>(value: U) -> ApiResult<T>
where
    T::Error: std::fmt::Display,
{
    T::try_from(value).map_err(corrupt)
}

fn money(ore: i64) -> ApiResult<Money> {
    Money::from_ore(ore).map_err(corrupt)
}

/// A kept JSON list, or an empty one for results stored before it was kept.
fn kept<T: serde::de::DeserializeOwned>(json: Option<&str>) -> ApiResult<Vec<T>> {
    json.map_or(Ok(Vec::new()), |json| serde_json::from_str(json).map_err(corrupt))
}

/// Stores a tally, replacing any earlier tally of the round.
pub async fn replace(db: &impl ConnectionTrait, round_id: i64, stored: &StoredTally) -> ApiResult<()> {
    let tally = &stored.tally;
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
        ballots_root: Set(stored.ballots_root.clone()),
        steps: Set(serde_json::to_string(&tally.steps).map_err(corrupt)?),
        step_log: Set(Some(serde_json::to_string(&tally.step_log).map_err(corrupt)?)),
        tallied_at: Set(stored.tallied_at),
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
            reasons: Set(Some(serde_json::to_string(&line.reasons).map_err(corrupt)?)),
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

/// The round's stored tally, or 404. `storkreds_of` names each line's
/// storkreds (the bids' own, which lines do not repeat).
pub async fn get(
    db: &impl ConnectionTrait,
    round_id: i64,
    storkreds_of: &BTreeMap<ProposalId, Storkreds>,
) -> ApiResult<StoredTally> {
    let summary = result::Entity::find_by_id(round_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("round {round_id} has not been tallied yet")))?;
    let lines = result_line::Entity::find()
        .filter(result_line::Column::RoundId.eq(round_id))
        .order_by_asc(result_line::Column::Rank)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let id = ProposalId(row.proposal_id);
            Ok(TallyLine {
                rank: int(row.rank)?,
                id,
                storkreds: *storkreds_of
                    .get(&id)
                    .ok_or_else(|| corrupt(format!("result names unknown proposal {id}")))?,
                requested: money(row.requested_ore)?,
                votes: int(row.votes)?,
                support: int(row.support)?,
                funded: row.funded,
                allocated: money(row.allocated_ore)?,
                explanation: row.explanation,
                reasons: kept(row.reasons.as_deref())?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut storkredse = result_storkreds::Entity::find()
        .filter(result_storkreds::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            Ok(StorkredsResult {
                storkreds: row.storkreds.parse().map_err(corrupt)?,
                proposals: int(row.proposals)?,
                funded: int(row.funded)?,
                requested: money(row.requested_ore)?,
                sub_pool: row.sub_pool_ore.map(money).transpose()?,
                grant: money(row.grant_ore)?,
                allocated: money(row.allocated_ore)?,
                voters: int(row.voters)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    storkredse.sort_by_key(|s| Storkreds::ALL.iter().position(|x| *x == s.storkreds));
    Ok(StoredTally {
        tally: RoundTally {
            rule: summary.rule,
            split: summary.split,
            pool: money(summary.pool_ore)?,
            allocated: money(summary.allocated_ore)?,
            unallocated: money(summary.unallocated_ore)?,
            ballots: int(summary.ballots_counted)?,
            lines,
            steps: serde_json::from_str(&summary.steps).map_err(corrupt)?,
            step_log: kept(summary.step_log.as_deref())?,
            storkredse,
        },
        ballots_root: summary.ballots_root,
        tallied_at: summary.tallied_at,
    })
}

/// The grant of each bid funded in the round's stored tally, by bid: its
/// allocation. Empty when the round has not been tallied.
pub async fn grants(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<BTreeMap<ProposalId, Money>> {
    let rows: Vec<(i64, i64)> = result_line::Entity::find()
        .select_only()
        .columns([result_line::Column::ProposalId, result_line::Column::AllocatedOre])
        .filter(result_line::Column::RoundId.eq(round_id))
        .filter(result_line::Column::Funded.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(proposal, allocated)| Ok((ProposalId(proposal), money(allocated)?)))
        .collect()
}
