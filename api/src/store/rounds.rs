//! Rounds in the database. Settings are stored as the JSON text of their
//! domain values (money inside them as exact decimal strings); the timeline
//! as five columns of whole seconds since 1970-01-01 UTC.

use chrono::{DateTime, Utc};
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{Milestone, Moment, Money, Phase, RoundSettings, Timeline};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::corrupt;
use crate::error::{ApiError, ApiResult};
use crate::store::entity::round;

/// A stored round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Pool to allocate.
    pub pool: Money,
    /// What a ballot may hold.
    pub ballot: BallotRules,
    /// The allocation rule.
    pub rule: RoundRule,
    /// The pool split.
    pub split: Split,
    /// Current phase.
    pub phase: Phase,
    /// When each phase after the draft starts, if HB has planned it.
    pub timeline: Option<Timeline>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<round::Model> for Round {
    type Error = ApiError;

    fn try_from(row: round::Model) -> Result<Self, Self::Error> {
        let timeline = stored_timeline(&row)?;
        Ok(Round {
            id: row.id,
            name: row.name,
            pool: Money::from_ore(row.pool_ore).map_err(corrupt)?,
            ballot: setting(&row.ballot_rules)?,
            rule: setting(&row.allocation_rule)?,
            split: setting(&row.split)?,
            phase: row.phase.parse().map_err(corrupt)?,
            timeline,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// The timeline stored in `row`: all five moments, or none.
fn stored_timeline(row: &round::Model) -> ApiResult<Option<Timeline>> {
    let columns = [
        row.submission_opens_unix,
        row.review_opens_unix,
        row.voting_opens_unix,
        row.voting_closes_unix,
        row.publication_unix,
    ];
    if columns.iter().all(Option::is_none) {
        return Ok(None);
    }
    let mut moments = [Moment::from_unix_seconds(0); 5];
    for (moment, column) in moments.iter_mut().zip(columns) {
        *moment = Moment::from_unix_seconds(column.ok_or_else(|| corrupt("a timeline with a date missing"))?);
    }
    Timeline::new(moments).map(Some).map_err(corrupt)
}

/// The version of the stored settings' form, kept in each settings column as
/// `"v"` beside the domain value's own fields. Rows written before versions
/// were numbered have no `"v"` and the same form as version 1.
const SETTINGS_VERSION: u64 = 1;

/// A setting (ballot rules, rule, split) as stored.
fn json(value: &impl serde::Serialize) -> ApiResult<String> {
    let mut stored = serde_json::to_value(value).map_err(|e| ApiError::Internal(e.to_string()))?;
    match stored.as_object_mut() {
        Some(fields) => {
            fields.insert("v".to_owned(), SETTINGS_VERSION.into());
            Ok(stored.to_string())
        }
        None => Err(ApiError::Internal("a round setting is not a JSON object".into())),
    }
}

/// A stored setting read back, whichever version wrote it.
fn setting<T: serde::de::DeserializeOwned>(text: &str) -> ApiResult<T> {
    let mut stored: serde_json::Value = serde_json::from_str(text).map_err(corrupt)?;
    let version = stored
        .as_object_mut()
        .and_then(|fields| fields.remove("v"))
        .map_or(Some(SETTINGS_VERSION), |v| v.as_u64());
    if version != Some(SETTINGS_VERSION) {
        return Err(corrupt(format!("round settings of unknown version {version:?}")));
    }
    serde_json::from_value(stored).map_err(corrupt)
}

/// Creates a round in phase `draft`.
pub async fn insert(db: &impl ConnectionTrait, settings: &RoundSettings) -> ApiResult<Round> {
    let now = Utc::now();
    let row = round::ActiveModel {
        name: Set(settings.name.to_string()),
        pool_ore: Set(settings.pool.ore()),
        ballot_rules: Set(json(&settings.ballot)?),
        allocation_rule: Set(json(&settings.rule)?),
        split: Set(json(&settings.split)?),
        phase: Set(Phase::Draft.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Round::try_from(row)
}

/// Replaces a round's settings.
pub async fn update_settings(db: &impl ConnectionTrait, id: i64, settings: &RoundSettings) -> ApiResult<Round> {
    let row = round::ActiveModel {
        id: Set(id),
        name: Set(settings.name.to_string()),
        pool_ore: Set(settings.pool.ore()),
        ballot_rules: Set(json(&settings.ballot)?),
        allocation_rule: Set(json(&settings.rule)?),
        split: Set(json(&settings.split)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Round::try_from(row)
}

/// A round by id, or 404.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> ApiResult<Round> {
    round::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no round {id}")))
        .and_then(Round::try_from)
}

/// A round by id, locked against concurrent phase changes until the
/// transaction ends (PostgreSQL `FOR UPDATE`; SQLite serialises writers anyway).
pub async fn get_for_update(db: &impl ConnectionTrait, id: i64) -> ApiResult<Round> {
    round::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no round {id}")))
        .and_then(Round::try_from)
}

/// All rounds, newest first.
pub async fn list(db: &impl ConnectionTrait) -> ApiResult<Vec<Round>> {
    round::Entity::find()
        .order_by_desc(round::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// Gives a round its timeline (replacing any).
pub async fn set_timeline(db: &impl ConnectionTrait, id: i64, timeline: &Timeline) -> ApiResult<Round> {
    let seconds = |milestone| Set(Some(timeline.at(milestone).unix_seconds()));
    round::ActiveModel {
        id: Set(id),
        submission_opens_unix: seconds(Milestone::SubmissionOpens),
        review_opens_unix: seconds(Milestone::ReviewOpens),
        voting_opens_unix: seconds(Milestone::VotingOpens),
        voting_closes_unix: seconds(Milestone::VotingCloses),
        publication_unix: seconds(Milestone::Publication),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map_err(ApiError::from)
    .and_then(Round::try_from)
}

/// The rounds the schedule looks after: those with a timeline, not yet published.
pub async fn scheduled(db: &impl ConnectionTrait) -> ApiResult<Vec<Round>> {
    round::Entity::find()
        .filter(round::Column::VotingClosesUnix.is_not_null())
        .filter(round::Column::Phase.ne(Phase::Published.as_str()))
        .order_by_asc(round::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Round::try_from)
        .collect()
}

/// Moves a round from `from` to `to`, only if it is still in `from`;
/// returns whether it did.
pub async fn set_phase_from(db: &impl ConnectionTrait, id: i64, from: Phase, to: Phase) -> ApiResult<bool> {
    let moved = round::Entity::update_many()
        .col_expr(round::Column::Phase, sea_orm::sea_query::Expr::value(to.as_str()))
        .col_expr(round::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(round::Column::Id.eq(id))
        .filter(round::Column::Phase.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// Moves a round to `phase`.
pub async fn set_phase(db: &impl ConnectionTrait, id: i64, phase: Phase) -> ApiResult<()> {
    round::ActiveModel {
        id: Set(id),
        phase: Set(phase.to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use medlemsbudget_domain::split::Split;

    use super::*;

    #[test]
    fn settings_are_stored_with_their_version_and_read_back_with_or_without_it() {
        let split = Split::Equal { pool_leftovers: true };
        let Ok(stored) = json(&split) else { panic!("not stored") };
        assert_eq!(stored, r#"{"kind":"equal","pool_leftovers":true,"v":1}"#);
        assert_eq!(setting::<Split>(&stored).ok(), Some(split.clone()));
        assert_eq!(
            setting::<Split>(r#"{"kind":"equal","pool_leftovers":true}"#).ok(),
            Some(split)
        );
        assert!(setting::<Split>(r#"{"kind":"national","v":2}"#).is_err());
    }
}
