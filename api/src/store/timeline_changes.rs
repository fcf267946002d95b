//! The dates HB moved on a round's timeline, with the reasons, oldest first.

use medlemsbudget_domain::{ChangeReason, Milestone, Moment};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::corrupt;
use super::entity::timeline_change;
use crate::error::ApiResult;

/// One date moved on a round's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineChange {
    /// The milestone moved.
    pub milestone: Milestone,
    /// Its date before.
    pub from: Moment,
    /// Its date after.
    pub to: Moment,
    /// HB's reason.
    pub reason: String,
    /// When HB moved it.
    pub changed_at: Moment,
}

/// Records that `milestone` of round `round_id` moved from `from` to `to` at `now`.
pub async fn insert(
    db: &impl ConnectionTrait,
    round_id: i64,
    milestone: Milestone,
    (from, to): (Moment, Moment),
    reason: &ChangeReason,
    now: Moment,
) -> ApiResult<()> {
    timeline_change::Entity::insert(timeline_change::ActiveModel {
        round_id: Set(round_id),
        milestone: Set(milestone.as_str().to_owned()),
        from_unix: Set(from.unix_seconds()),
        to_unix: Set(to.unix_seconds()),
        reason: Set(reason.to_string()),
        changed_at_unix: Set(now.unix_seconds()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Every date moved on round `round_id`'s timeline, in the order they were moved.
pub async fn list(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Vec<TimelineChange>> {
    timeline_change::Entity::find()
        .filter(timeline_change::Column::RoundId.eq(round_id))
        .order_by_asc(timeline_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            Ok(TimelineChange {
                milestone: row.milestone.parse().map_err(corrupt)?,
                from: Moment::from_unix_seconds(row.from_unix),
                to: Moment::from_unix_seconds(row.to_unix),
                reason: row.reason,
                changed_at: Moment::from_unix_seconds(row.changed_at_unix),
            })
        })
        .collect()
}
