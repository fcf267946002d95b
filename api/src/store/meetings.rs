//! Meetings where members vote on paper, with their counts. Which members
//! were checked off is not here: each check-off is a row of `ballots` under
//! the member's ballot key (`store::ballots::check_off`), and the paper
//! ballots are rows of `ballots` under random keys; neither names the
//! meeting, and nothing links the two.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use medlemsbudget_domain::meeting::MeetingCounts;
use medlemsbudget_domain::{MeetingName, Storkreds};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::corrupt;
use crate::error::{ApiError, ApiResult};
use crate::store::entity::meeting;

/// A stored meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    /// Identifier.
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// The storkreds holding it.
    pub storkreds: Storkreds,
    /// Its name.
    pub name: String,
    /// The day it is held.
    pub held_on: NaiveDate,
    /// The `sub` of whoever created it.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Members checked off there.
    pub checked_off: u64,
    /// Paper ballots entered that count.
    pub paper_ballots: u64,
    /// Paper ballots entered as spoilt.
    pub spoilt: u64,
    /// Whether its batch is entered.
    pub batch_entered: bool,
}

impl Meeting {
    /// What the domain checks a batch against.
    pub fn counts(&self) -> MeetingCounts {
        MeetingCounts {
            checked_off: self.checked_off,
            batch_entered: self.batch_entered,
        }
    }
}

impl TryFrom<meeting::Model> for Meeting {
    type Error = ApiError;

    fn try_from(row: meeting::Model) -> ApiResult<Meeting> {
        let count = |n: i64| u64::try_from(n).map_err(corrupt);
        Ok(Meeting {
            id: row.id,
            round_id: row.round_id,
            storkreds: row.storkreds.parse().map_err(corrupt)?,
            name: row.name,
            held_on: NaiveDate::parse_from_str(&row.held_on, "%Y-%m-%d").map_err(corrupt)?,
            created_by: row.created_by,
            created_at: row.created_at,
            checked_off: count(row.checked_off)?,
            paper_ballots: count(row.paper_ballots)?,
            spoilt: count(row.spoilt)?,
            batch_entered: row.batch_entered,
        })
    }
}

/// A meeting to create.
#[derive(Clone, Debug)]
pub struct NewMeeting {
    /// The storkreds holding it.
    pub storkreds: Storkreds,
    /// Its name.
    pub name: MeetingName,
    /// The day it is held.
    pub held_on: NaiveDate,
    /// The `sub` of whoever creates it.
    pub created_by: String,
}

/// Stores a new meeting of round `round_id`.
pub async fn insert(db: &impl ConnectionTrait, round_id: i64, new: NewMeeting) -> ApiResult<Meeting> {
    let row = meeting::ActiveModel {
        round_id: Set(round_id),
        storkreds: Set(new.storkreds.slug().to_owned()),
        name: Set(new.name.as_str().to_owned()),
        held_on: Set(new.held_on.format("%Y-%m-%d").to_string()),
        created_by: Set(new.created_by),
        created_at: Set(Utc::now().trunc_subsecs(6)),
        checked_off: Set(0),
        paper_ballots: Set(0),
        spoilt: Set(0),
        batch_entered: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Meeting::try_from(row)
}

fn not_found(round_id: i64, id: i64) -> ApiError {
    ApiError::NotFound(format!("round {round_id} has no meeting {id}"))
}

/// Meeting `id` of round `round_id`, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64, id: i64) -> ApiResult<Meeting> {
    meeting::Entity::find_by_id(id)
        .filter(meeting::Column::RoundId.eq(round_id))
        .one(db)
        .await?
        .ok_or_else(|| not_found(round_id, id))
        .and_then(Meeting::try_from)
}

/// Meeting `id` of round `round_id`, locked until the transaction ends, or 404.
pub async fn get_for_update(db: &impl ConnectionTrait, round_id: i64, id: i64) -> ApiResult<Meeting> {
    meeting::Entity::find_by_id(id)
        .filter(meeting::Column::RoundId.eq(round_id))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| not_found(round_id, id))
        .and_then(Meeting::try_from)
}

/// A round's meetings (of one storkreds, if given), in the order created.
pub async fn list(db: &impl ConnectionTrait, round_id: i64, storkreds: Option<Storkreds>) -> ApiResult<Vec<Meeting>> {
    let mut query = meeting::Entity::find().filter(meeting::Column::RoundId.eq(round_id));
    if let Some(storkreds) = storkreds {
        query = query.filter(meeting::Column::Storkreds.eq(storkreds.slug()));
    }
    query
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Meeting::try_from)
        .collect()
}

/// Spoilt paper ballots of a round's meetings, in all.
pub async fn spoilt(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<u64> {
    Ok(list(db, round_id, None).await?.iter().map(|m| m.spoilt).sum())
}

/// Stores a meeting's counts.
pub async fn update_counts(db: &impl ConnectionTrait, meeting: &Meeting) -> ApiResult<()> {
    let as_i64 = |n: u64| i64::try_from(n).map_err(|e| ApiError::Internal(e.to_string()));
    meeting::ActiveModel {
        id: Set(meeting.id),
        checked_off: Set(as_i64(meeting.checked_off)?),
        paper_ballots: Set(as_i64(meeting.paper_ballots)?),
        spoilt: Set(as_i64(meeting.spoilt)?),
        batch_entered: Set(meeting.batch_entered),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
