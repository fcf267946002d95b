//! Follow-up on the money after publication: a funded bid's storkreds board
//! reports its status, expenses and money given back; HB corrects entries
//! and statuses with a reason and approves spending beyond a grant;
//! everyone reads the totals per bid and per storkreds, and a CSV file.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use medlemsbudget_domain::audit::{AuditEvent, EntryRecord};
use medlemsbudget_domain::follow_up::{
    check_published, may_correct, may_report, may_set_status, per_storkreds, EntryContent, EntryId, EntryKind,
    FollowUpError, Ledger, ProjectStatus, Totals,
};
use medlemsbudget_domain::{Actor, EntryDescription, Money, ProposalId, Reason, Storkreds};
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};

use super::Services;
use crate::clock::copenhagen;
use crate::error::{ApiError, ApiResult};
use crate::store::{
    self,
    follow_up::{Approval, RecordedEntry, Records, StatusReport},
    proposals::Proposal,
    rounds::Round,
};

/// An expense or money given back as typed, before its date is checked
/// against today and its kind is known.
#[derive(Clone, Debug)]
pub struct EntryInput {
    /// When the money was spent or given back.
    pub date: NaiveDate,
    /// How much.
    pub amount: Money,
    /// What it paid for, or why it was given back.
    pub description: EntryDescription,
}

/// One funded bid's follow-up, summed up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidFollowUp {
    /// The bid.
    pub proposal_id: ProposalId,
    /// Its storkreds.
    pub storkreds: Storkreds,
    /// Its title.
    pub title: String,
    /// The latest reported status (not started until one is reported).
    pub status: ProjectStatus,
    /// The money.
    pub totals: Totals,
    /// When anything was last reported, corrected or approved for it.
    pub latest_report: Option<DateTime<Utc>>,
}

/// A storkreds' funded bids, summed up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorkredsFollowUp {
    /// The storkreds.
    pub storkreds: Storkreds,
    /// Its funded bids.
    pub bids: usize,
    /// Their money together.
    pub totals: Totals,
    /// The latest report on any of them.
    pub latest_report: Option<DateTime<Utc>>,
}

/// A published round's follow-up: every funded bid, per storkreds, and in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// The round.
    pub round_id: i64,
    /// Its name.
    pub round_name: String,
    /// The funded bids, in submission order.
    pub bids: Vec<BidFollowUp>,
    /// Per storkreds with funded bids, in the official order.
    pub storkredse: Vec<StorkredsFollowUp>,
    /// The whole round.
    pub totals: Totals,
    /// The latest report on any bid.
    pub latest_report: Option<DateTime<Utc>>,
}

/// One funded bid's follow-up with everything recorded for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidHistory {
    /// The summary.
    pub summary: BidFollowUp,
    /// Statuses, entries and approvals in the order recorded.
    pub records: Records,
    /// For each corrected entry, the correction in force.
    pub corrected_by: BTreeMap<EntryId, EntryId>,
}

impl From<FollowUpError> for ApiError {
    fn from(error: FollowUpError) -> Self {
        match error {
            FollowUpError::Access(access) => access.into(),
            FollowUpError::NotFunded(_) => ApiError::Conflict {
                slug: "not-funded",
                detail: error.to_string(),
            },
            FollowUpError::ZeroAmount => ApiError::invalid_field("invalid-money", "amount", error),
            FollowUpError::DateInFuture { .. } | FollowUpError::DateTooEarly(_) => {
                ApiError::invalid_field("invalid-date", "date", error)
            }
            FollowUpError::ExceedsGrant { .. } => ApiError::conflicting_field("exceeds-grant", "amount", error),
            FollowUpError::UnknownEntry { .. } => ApiError::NotFound(error.to_string()),
            FollowUpError::AlreadyCorrected { .. } => ApiError::Conflict {
                slug: "already-corrected",
                detail: error.to_string(),
            },
            FollowUpError::CorrectionChangesKind { .. } => ApiError::Conflict {
                slug: "wrong-entry-kind",
                detail: error.to_string(),
            },
            FollowUpError::ApprovalBelowSpending { .. } => {
                ApiError::conflicting_field("approval-below-spending", "approved_extra", error)
            }
            FollowUpError::ReasonRequired => ApiError::invalid_field("reason-required", "reason", error),
            FollowUpError::OutOfRange => ApiError::Conflict {
                slug: "out-of-range",
                detail: error.to_string(),
            },
        }
    }
}

/// Today in Denmark, by the service's clock.
fn today(services: &Services) -> NaiveDate {
    copenhagen(services.clock().now()).date()
}

/// A bid, checked to be in the round, and its grant if it was funded.
struct Bid {
    proposal: Proposal,
    grant: Option<Money>,
}

impl Bid {
    fn funded(&self) -> bool {
        self.grant.is_some_and(|g| !g.is_zero())
    }

    fn ledger(&self, records: &Records) -> Ledger {
        let approved_extra = records.approvals.last().map_or(Money::ZERO, |a| a.extra);
        let entries = records.entries.iter().map(|e| e.entry.clone()).collect();
        Ledger::new(
            self.proposal.id,
            self.grant.unwrap_or(Money::ZERO),
            approved_extra,
            entries,
        )
    }
}

/// Locks the round (so reports on it take turns) and reads the bid with
/// its grant and its records.
async fn locked_bid(txn: &DatabaseTransaction, round_id: i64, proposal_id: i64) -> ApiResult<(Round, Bid, Records)> {
    let round = store::rounds::get_for_update(txn, round_id).await?;
    let proposal = store::proposals::get(txn, round_id, proposal_id).await?;
    let grant = store::results::grants(txn, round_id).await?.get(&proposal.id).copied();
    let records = store::follow_up::records(txn, round_id, Some(proposal.id)).await?;
    Ok((round, Bid { proposal, grant }, records))
}

/// Sets a funded bid's status: its own storkreds' board (with an optional
/// note), or HB (with a reason, as a correction).
pub async fn set_status(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    proposal_id: i64,
    status: ProjectStatus,
    reason: Option<Reason>,
) -> ApiResult<StatusReport> {
    let txn = services.db.begin().await?;
    let (round, bid, _) = locked_bid(&txn, round_id, proposal_id).await?;
    let id = bid.proposal.id;
    let storkreds = bid.proposal.storkreds;
    may_set_status(
        actor,
        round_id,
        round.phase,
        (id, storkreds),
        bid.funded(),
        reason.is_some(),
    )?;
    let reason = reason.map(|r| r.to_string());
    let report = store::follow_up::insert_status(
        &txn,
        round_id,
        id,
        status,
        reason.as_deref(),
        (actor.role(), actor.subject()),
    )
    .await?;
    let event = AuditEvent::FollowUpStatusSet {
        proposal_id: id,
        status,
        by: actor.role().as_str(),
        reason,
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, %status, "follow-up status set");
    Ok(report)
}

/// Records an expense or money given back on a funded bid (its own
/// storkreds' board). Refused when spending would pass the grant and what HB
/// approved beyond it, or money given back would pass what is left.
pub async fn record(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    proposal_id: i64,
    kind: EntryKind,
    input: EntryInput,
) -> ApiResult<RecordedEntry> {
    let content = EntryContent::new(kind, input.date, input.amount, input.description, today(services))?;
    let txn = services.db.begin().await?;
    let (round, bid, records) = locked_bid(&txn, round_id, proposal_id).await?;
    let id = bid.proposal.id;
    may_report(actor, round_id, round.phase, id, bid.proposal.storkreds, bid.funded())?;
    bid.ledger(&records).check_new(&content)?;
    let entry =
        store::follow_up::insert_entry(&txn, round_id, id, (kind, Some(&content)), None, actor.subject()).await?;
    let event = AuditEvent::FollowUpEntryRecorded {
        proposal_id: id,
        entry_id: entry.entry.id,
        entry: EntryRecord::new(kind, Some(&content)),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, %kind, amount = %content.amount(), "follow-up entry recorded");
    Ok(entry)
}

/// Corrects an entry (HB, with a reason): replaces it with `replacement`,
/// or removes it. The entry stays in the history, marked as corrected.
pub async fn correct(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    (proposal_id, entry_id): (i64, i64),
    replacement: Option<EntryInput>,
    reason: Reason,
) -> ApiResult<RecordedEntry> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let (round, bid, records) = locked_bid(&txn, round_id, proposal_id).await?;
    let id = bid.proposal.id;
    may_correct(actor, round_id, round.phase, id, bid.funded())?;
    let ledger = bid.ledger(&records);
    let target = EntryId(entry_id);
    let kind = ledger.kind_of(target).ok_or(FollowUpError::UnknownEntry {
        proposal: id,
        entry: target,
    })?;
    let content = replacement
        .map(|r| EntryContent::new(kind, r.date, r.amount, r.description, today(services)))
        .transpose()?;
    ledger.check_correction(target, content.as_ref())?;
    let entry = store::follow_up::insert_entry(
        &txn,
        round_id,
        id,
        (kind, content.as_ref()),
        Some((target, &reason)),
        actor.subject(),
    )
    .await?;
    let event = AuditEvent::FollowUpEntryCorrected {
        proposal_id: id,
        entry_id: entry.entry.id,
        corrects: target,
        entry: EntryRecord::new(kind, content.as_ref()),
        reason: reason.to_string(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(
        round = round_id,
        proposal = proposal_id,
        entry = entry_id,
        "follow-up entry corrected"
    );
    Ok(entry)
}

/// Approves spending up to `extra` beyond a funded bid's grant (HB, with a
/// reason); replaces any earlier approval, and must cover what is already
/// spent beyond the grant.
pub async fn approve_overrun(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    proposal_id: i64,
    extra: Money,
    reason: Reason,
) -> ApiResult<Approval> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let (round, bid, records) = locked_bid(&txn, round_id, proposal_id).await?;
    let id = bid.proposal.id;
    may_correct(actor, round_id, round.phase, id, bid.funded())?;
    bid.ledger(&records).check_approval(extra)?;
    let approval = store::follow_up::insert_approval(&txn, round_id, id, extra, &reason, actor.subject()).await?;
    let event = AuditEvent::OverrunApproved {
        proposal_id: id,
        approved_extra: extra,
        reason: reason.to_string(),
    };
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, %extra, "overrun approved");
    Ok(approval)
}

fn latest(times: impl IntoIterator<Item = DateTime<Utc>>) -> Option<DateTime<Utc>> {
    times.into_iter().max()
}

fn summary(bid: &Bid, records: &Records) -> ApiResult<BidFollowUp> {
    let id = bid.proposal.id;
    let own = Records {
        statuses: records
            .statuses
            .iter()
            .filter(|s| s.proposal_id == id)
            .cloned()
            .collect(),
        entries: records
            .entries
            .iter()
            .filter(|e| e.proposal_id == id)
            .cloned()
            .collect(),
        approvals: records
            .approvals
            .iter()
            .filter(|a| a.proposal_id == id)
            .cloned()
            .collect(),
    };
    let latest_report = latest(
        own.statuses
            .iter()
            .map(|s| s.set_at)
            .chain(own.entries.iter().map(|e| e.recorded_at))
            .chain(own.approvals.iter().map(|a| a.approved_at)),
    );
    Ok(BidFollowUp {
        proposal_id: id,
        storkreds: bid.proposal.storkreds,
        title: bid.proposal.title.clone(),
        status: own.statuses.last().map_or(ProjectStatus::default(), |s| s.status),
        totals: bid.ledger(&own).totals()?,
        latest_report,
    })
}

async fn published(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Round> {
    let round = store::rounds::get(db, round_id).await?;
    check_published(round_id, round.phase)?;
    Ok(round)
}

/// A published round's follow-up, for everyone: each funded bid, each
/// storkreds with funded bids, and the round.
pub async fn overview(services: &Services, round_id: i64) -> ApiResult<FollowUp> {
    let db = &services.reads;
    let round = published(db, round_id).await?;
    let grants = store::results::grants(db, round_id).await?;
    let records = store::follow_up::records(db, round_id, None).await?;
    let bids = store::proposals::list(db, round_id, None, None)
        .await?
        .into_iter()
        .filter_map(|proposal| {
            let grant = grants.get(&proposal.id).copied();
            let bid = Bid { proposal, grant };
            bid.funded().then(|| summary(&bid, &records))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let storkredse = per_storkreds(bids.iter().map(|b| (b.storkreds, &b.totals)))?
        .into_iter()
        .map(|(storkreds, totals)| {
            let own = bids.iter().filter(|b| b.storkreds == storkreds);
            StorkredsFollowUp {
                storkreds,
                bids: own.clone().count(),
                totals,
                latest_report: latest(own.filter_map(|b| b.latest_report)),
            }
        })
        .collect();
    Ok(FollowUp {
        round_id,
        round_name: round.name,
        totals: Totals::sum(bids.iter().map(|b| &b.totals))?,
        latest_report: latest(bids.iter().filter_map(|b| b.latest_report)),
        bids,
        storkredse,
    })
}

/// One funded bid's follow-up with its whole history, for everyone once
/// the round is published.
pub async fn bid(services: &Services, round_id: i64, proposal_id: i64) -> ApiResult<BidHistory> {
    let db = &services.reads;
    published(db, round_id).await?;
    let proposal = store::proposals::get(db, round_id, proposal_id).await?;
    let grant = store::results::grants(db, round_id).await?.get(&proposal.id).copied();
    let bid = Bid { proposal, grant };
    if !bid.funded() {
        return Err(FollowUpError::NotFunded(bid.proposal.id).into());
    }
    let records = store::follow_up::records(db, round_id, Some(bid.proposal.id)).await?;
    let ledger = bid.ledger(&records);
    let corrected_by = records
        .entries
        .iter()
        .filter_map(|e| ledger.corrected_by(e.entry.id).map(|by| (e.entry.id, by)))
        .collect();
    Ok(BidHistory {
        summary: summary(&bid, &records)?,
        records,
        corrected_by,
    })
}
