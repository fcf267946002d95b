//! Follow-up in the database: reported statuses, ledger entries (expenses,
//! money given back, HB's corrections) and HB's approvals of overruns.
//! Rows are only added, never changed; money in øre.

use chrono::{DateTime, SubsecRound, Utc};
use medlemsbudget_domain::follow_up::{Entry, EntryContent, EntryId, EntryKind, ProjectStatus};
use medlemsbudget_domain::{EntryDescription, Money, ProposalId, Reason, Role};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::corrupt;
use super::entity::{follow_up_approval, follow_up_entry, follow_up_status};
use crate::error::ApiResult;

/// A status as reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusReport {
    /// The bid.
    pub proposal_id: ProposalId,
    /// The status.
    pub status: ProjectStatus,
    /// The board's note or HB's reason.
    pub reason: Option<String>,
    /// `Board` or `Hb`.
    pub role: Role,
    /// Who set it.
    pub set_by: String,
    /// When.
    pub set_at: DateTime<Utc>,
}

/// A ledger entry as recorded, with who recorded it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedEntry {
    /// The bid.
    pub proposal_id: ProposalId,
    /// Expense or money given back (for a removal: what it removes).
    pub kind: EntryKind,
    /// The entry as the ledger reads it.
    pub entry: Entry,
    /// HB's reason, for a correction.
    pub reason: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// HB's approval of spending beyond a grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    /// The bid.
    pub proposal_id: ProposalId,
    /// The extra the bid may spend beyond its grant.
    pub extra: Money,
    /// HB's reason.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// When.
    pub approved_at: DateTime<Utc>,
}

/// Everything recorded for a round's (or one bid's) follow-up, each list in
/// the order recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Records {
    /// Statuses.
    pub statuses: Vec<StatusReport>,
    /// Ledger entries.
    pub entries: Vec<RecordedEntry>,
    /// Approvals.
    pub approvals: Vec<Approval>,
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

fn status(row: follow_up_status::Model) -> ApiResult<StatusReport> {
    Ok(StatusReport {
        proposal_id: ProposalId(row.proposal_id),
        status: row.status.parse().map_err(corrupt)?,
        reason: row.reason,
        role: row.set_by_role.parse().map_err(corrupt)?,
        set_by: row.set_by,
        set_at: row.set_at,
    })
}

fn entry(row: follow_up_entry::Model) -> ApiResult<RecordedEntry> {
    let kind: EntryKind = row.kind.parse().map_err(corrupt)?;
    let content = match (row.spent_on, row.amount_ore, row.description) {
        (Some(date), Some(ore), Some(description)) => Some(EntryContent::stored(
            kind,
            date,
            Money::from_ore(ore).map_err(corrupt)?,
            EntryDescription::parse(&description).map_err(corrupt)?,
        )),
        (None, None, None) if row.corrects_id.is_some() => None,
        _ => return Err(corrupt(format!("follow-up entry {} is incomplete", row.id))),
    };
    Ok(RecordedEntry {
        proposal_id: ProposalId(row.proposal_id),
        kind,
        entry: Entry {
            id: EntryId(row.id),
            corrects: row.corrects_id.map(EntryId),
            content,
        },
        reason: row.reason,
        recorded_by: row.recorded_by,
        recorded_at: row.recorded_at,
    })
}

fn approval(row: follow_up_approval::Model) -> ApiResult<Approval> {
    Ok(Approval {
        proposal_id: ProposalId(row.proposal_id),
        extra: Money::from_ore(row.extra_ore).map_err(corrupt)?,
        reason: row.reason,
        approved_by: row.approved_by,
        approved_at: row.approved_at,
    })
}

/// What was recorded for a round's follow-up; only `proposal`'s when given.
pub async fn records(db: &impl ConnectionTrait, round_id: i64, proposal: Option<ProposalId>) -> ApiResult<Records> {
    let mut statuses = follow_up_status::Entity::find().filter(follow_up_status::Column::RoundId.eq(round_id));
    let mut entries = follow_up_entry::Entity::find().filter(follow_up_entry::Column::RoundId.eq(round_id));
    let mut approvals = follow_up_approval::Entity::find().filter(follow_up_approval::Column::RoundId.eq(round_id));
    if let Some(ProposalId(id)) = proposal {
        statuses = statuses.filter(follow_up_status::Column::ProposalId.eq(id));
        entries = entries.filter(follow_up_entry::Column::ProposalId.eq(id));
        approvals = approvals.filter(follow_up_approval::Column::ProposalId.eq(id));
    }
    Ok(Records {
        statuses: statuses
            .order_by_asc(follow_up_status::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(status)
            .collect::<ApiResult<_>>()?,
        entries: entries
            .order_by_asc(follow_up_entry::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(entry)
            .collect::<ApiResult<_>>()?,
        approvals: approvals
            .order_by_asc(follow_up_approval::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(approval)
            .collect::<ApiResult<_>>()?,
    })
}

/// Records a status for a bid.
pub async fn insert_status(
    db: &impl ConnectionTrait,
    round_id: i64,
    proposal: ProposalId,
    new: ProjectStatus,
    reason: Option<&str>,
    (role, by): (Role, &str),
) -> ApiResult<StatusReport> {
    let row = follow_up_status::ActiveModel {
        round_id: Set(round_id),
        proposal_id: Set(proposal.0),
        status: Set(new.as_str().to_owned()),
        reason: Set(reason.map(str::to_owned)),
        set_by_role: Set(role.as_str().to_owned()),
        set_by: Set(by.to_owned()),
        set_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    status(row)
}

/// Records an entry: a new one (`corrects: None`), or a correction of
/// `corrects` with HB's `reason` that replaces it with `content` or removes it.
pub async fn insert_entry(
    db: &impl ConnectionTrait,
    round_id: i64,
    proposal: ProposalId,
    (kind, content): (EntryKind, Option<&EntryContent>),
    correction: Option<(EntryId, &Reason)>,
    recorded_by: &str,
) -> ApiResult<RecordedEntry> {
    let row = follow_up_entry::ActiveModel {
        round_id: Set(round_id),
        proposal_id: Set(proposal.0),
        kind: Set(kind.as_str().to_owned()),
        corrects_id: Set(correction.map(|(id, _)| id.0)),
        spent_on: Set(content.map(EntryContent::date)),
        amount_ore: Set(content.map(|c| c.amount().ore())),
        description: Set(content.map(|c| c.description().to_string())),
        reason: Set(correction.map(|(_, reason)| reason.to_string())),
        recorded_by: Set(recorded_by.to_owned()),
        recorded_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    entry(row)
}

/// Records HB's approval of `extra` beyond a bid's grant.
pub async fn insert_approval(
    db: &impl ConnectionTrait,
    round_id: i64,
    proposal: ProposalId,
    extra: Money,
    reason: &Reason,
    approved_by: &str,
) -> ApiResult<Approval> {
    let row = follow_up_approval::ActiveModel {
        round_id: Set(round_id),
        proposal_id: Set(proposal.0),
        extra_ore: Set(extra.ore()),
        reason: Set(reason.to_string()),
        approved_by: Set(approved_by.to_owned()),
        approved_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    approval(row)
}
