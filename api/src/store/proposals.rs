//! Proposals in the database.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use medlemsbudget_domain::ballot_rules::ProposalFacts;
use medlemsbudget_domain::{Candidate, Description, Money, ProposalId, ProposalStatus, ProposalTitle, Storkreds};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::corrupt;
use crate::error::{ApiError, ApiResult};
use crate::store::entity::proposal;

/// A stored proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// Identifier.
    pub id: ProposalId,
    /// Round it belongs to.
    pub round_id: i64,
    /// Bidding storkreds.
    pub storkreds: Storkreds,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Requested amount.
    pub amount: Money,
    /// Review status.
    pub status: ProposalStatus,
    /// HB's reason for the last review decision.
    pub review_reason: Option<String>,
    /// The `sub` of the board member who submitted it.
    pub submitted_by: String,
    /// Submitted.
    pub submitted_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Proposal {
    /// The bid as the rules see it.
    pub fn candidate(&self) -> Candidate {
        Candidate {
            id: self.id,
            storkreds: self.storkreds,
            requested: self.amount,
            submitted_at: self.submitted_at.timestamp_micros(),
        }
    }
}

impl TryFrom<proposal::Model> for Proposal {
    type Error = ApiError;

    fn try_from(row: proposal::Model) -> Result<Self, Self::Error> {
        Ok(Proposal {
            id: ProposalId(row.id),
            round_id: row.round_id,
            storkreds: row.storkreds.parse().map_err(corrupt)?,
            title: row.title,
            description: row.description,
            amount: Money::from_ore(row.amount_ore).map_err(corrupt)?,
            status: row.status.parse().map_err(corrupt)?,
            review_reason: row.review_reason,
            submitted_by: row.submitted_by,
            submitted_at: row.submitted_at,
            updated_at: row.updated_at,
        })
    }
}

/// A new bid, already validated.
#[derive(Clone, Debug)]
pub struct NewProposal {
    /// Bidding storkreds.
    pub storkreds: Storkreds,
    /// Title.
    pub title: ProposalTitle,
    /// Description.
    pub description: Description,
    /// Requested amount.
    pub amount: Money,
    /// Who submits it.
    pub submitted_by: String,
}

/// Stores a new bid in status `submitted`, submitted now.
pub async fn insert(db: &impl ConnectionTrait, round_id: i64, new: NewProposal) -> ApiResult<Proposal> {
    insert_at(db, round_id, new, None).await
}

/// Stores a bid in status `submitted` with a given submission time (imports).
pub async fn insert_at(
    db: &impl ConnectionTrait,
    round_id: i64,
    new: NewProposal,
    submitted_at: Option<DateTime<Utc>>,
) -> ApiResult<Proposal> {
    let now = Utc::now();
    let row = proposal::ActiveModel {
        round_id: Set(round_id),
        storkreds: Set(new.storkreds.slug().to_owned()),
        title: Set(new.title.to_string()),
        description: Set(new.description.to_string()),
        amount_ore: Set(new.amount.ore()),
        status: Set(ProposalStatus::Submitted.to_string()),
        review_reason: Set(None),
        submitted_by: Set(new.submitted_by),
        submitted_at: Set(submitted_at.unwrap_or(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Proposal::try_from(row)
}

/// A proposal of a round, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64, id: i64) -> ApiResult<Proposal> {
    proposal::Entity::find_by_id(id)
        .filter(proposal::Column::RoundId.eq(round_id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("round {round_id} has no proposal {id}")))
        .and_then(Proposal::try_from)
}

/// A round's proposals in submission order, optionally filtered.
pub async fn list(
    db: &impl ConnectionTrait,
    round_id: i64,
    storkreds: Option<Storkreds>,
    status: Option<ProposalStatus>,
) -> ApiResult<Vec<Proposal>> {
    let mut query = proposal::Entity::find().filter(proposal::Column::RoundId.eq(round_id));
    if let Some(storkreds) = storkreds {
        query = query.filter(proposal::Column::Storkreds.eq(storkreds.slug()));
    }
    if let Some(status) = status {
        query = query.filter(proposal::Column::Status.eq(status.as_str()));
    }
    query
        .order_by_asc(proposal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Proposal::try_from)
        .collect()
}

/// What ballots are checked against, for every proposal of a round (one
/// query over four columns).
pub async fn ballot_facts(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<BTreeMap<ProposalId, ProposalFacts>> {
    let rows: Vec<(i64, String, i64, String)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::Status,
            proposal::Column::AmountOre,
            proposal::Column::Storkreds,
        ])
        .filter(proposal::Column::RoundId.eq(round_id))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter().map(facts_of_row).collect()
}

/// A bid's ballot facts from `(id, status, amount_ore, storkreds)` as stored.
fn facts_of_row(
    (id, status, amount_ore, storkreds): (i64, String, i64, String),
) -> ApiResult<(ProposalId, ProposalFacts)> {
    Ok((
        ProposalId(id),
        ProposalFacts {
            status: status.parse().map_err(corrupt)?,
            amount: Money::from_ore(amount_ore).map_err(corrupt)?,
            storkreds: storkreds.parse().map_err(corrupt)?,
        },
    ))
}

/// Changes of a bid's content; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct ProposalChanges {
    /// New title.
    pub title: Option<ProposalTitle>,
    /// New description.
    pub description: Option<Description>,
    /// New amount.
    pub amount: Option<Money>,
}

/// Applies content changes.
pub async fn update_content(db: &impl ConnectionTrait, id: ProposalId, changes: ProposalChanges) -> ApiResult<()> {
    let mut row = proposal::ActiveModel {
        id: Set(id.0),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(title) = changes.title {
        row.title = Set(title.to_string());
    }
    if let Some(description) = changes.description {
        row.description = Set(description.to_string());
    }
    if let Some(amount) = changes.amount {
        row.amount_ore = Set(amount.ore());
    }
    row.update(db).await?;
    Ok(())
}

/// Sets a proposal's status and, for a review (`Some`), HB's reason (which
/// may be none).
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: ProposalId,
    status: ProposalStatus,
    review_reason: Option<Option<String>>,
) -> ApiResult<()> {
    let mut row = proposal::ActiveModel {
        id: Set(id.0),
        status: Set(status.to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(reason) = review_reason {
        row.review_reason = Set(reason);
    }
    row.update(db).await?;
    Ok(())
}
