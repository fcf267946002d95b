//! Follow-up on the money after publication: boards report on their funded
//! bids, HB corrects and approves overruns, and everyone reads the totals
//! (no sign-in needed), as JSON or as a CSV file.

mod correct;
pub mod csv;
mod read;
mod report;

use chrono::{DateTime, NaiveDate, Utc};
use medlemsbudget_domain::follow_up::{Balance, EntryKind, ProjectStatus, Totals};
use medlemsbudget_domain::{Money, Role, Storkreds};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{ApiError, ApiResult};
use crate::rest::settings::StorkredsSlug;
use crate::services::follow_up::{BidFollowUp, EntryInput, StorkredsFollowUp};
use crate::state::AppState;
use crate::store::follow_up::{Approval, RecordedEntry, StatusReport};

/// A funded project's status.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatusName {
    /// Nothing has happened yet (until the board reports a status).
    NotStarted,
    /// The work is under way.
    UnderWay,
    /// The work is done.
    Done,
    /// The project will not happen.
    Cancelled,
}

/// What an entry records.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKindName {
    /// Money spent.
    Expense,
    /// Money given back.
    Refund,
}

/// The money of a bid, a storkreds or a round, in kroner with two decimals.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "granted": "60000.00", "approved_extra": "0.00", "spent": "41250.50",
    "given_back": "5000.00", "remaining": "13749.50"
}))]
pub struct TotalsView {
    /// The grant: the bid's allocation in the published result.
    #[schema(value_type = String, example = "60000.00")]
    pub granted: Money,
    /// What HB approved for spending beyond the grant.
    #[schema(value_type = String, example = "0.00")]
    pub approved_extra: Money,
    /// Spent, by the entries in force (corrections applied).
    #[schema(value_type = String, example = "41250.50")]
    pub spent: Money,
    /// Given back, by the entries in force.
    #[schema(value_type = String, example = "5000.00")]
    pub given_back: Money,
    /// `granted − spent − given_back`, exactly; negative (`"-500.00"`) only
    /// by spending HB approved.
    #[schema(value_type = String, example = "13749.50")]
    pub remaining: Balance,
}

impl From<Totals> for TotalsView {
    fn from(t: Totals) -> Self {
        TotalsView {
            granted: t.granted,
            approved_extra: t.approved_extra,
            spent: t.spent,
            given_back: t.given_back,
            remaining: t.remaining,
        }
    }
}

/// One funded bid's follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct BidFollowUpView {
    /// The bid.
    pub proposal_id: i64,
    /// Its storkreds.
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its title.
    pub title: String,
    /// The latest reported status.
    #[schema(value_type = ProjectStatusName, example = "under_way")]
    pub status: ProjectStatus,
    /// The money.
    pub totals: TotalsView,
    /// When anything was last reported, corrected or approved for it; null
    /// before the first report.
    pub latest_report: Option<DateTime<Utc>>,
}

impl From<BidFollowUp> for BidFollowUpView {
    fn from(b: BidFollowUp) -> Self {
        BidFollowUpView {
            proposal_id: b.proposal_id.0,
            storkreds: b.storkreds,
            title: b.title,
            status: b.status,
            totals: b.totals.into(),
            latest_report: b.latest_report,
        }
    }
}

/// A storkreds' funded bids together.
#[derive(Debug, Serialize, ToSchema)]
pub struct StorkredsFollowUpView {
    /// The storkreds.
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its funded bids.
    pub bids: usize,
    /// Their money, summed exactly.
    pub totals: TotalsView,
    /// The latest report on any of them.
    pub latest_report: Option<DateTime<Utc>>,
}

impl From<StorkredsFollowUp> for StorkredsFollowUpView {
    fn from(s: StorkredsFollowUp) -> Self {
        StorkredsFollowUpView {
            storkreds: s.storkreds,
            bids: s.bids,
            totals: s.totals.into(),
            latest_report: s.latest_report,
        }
    }
}

/// A status as reported.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusReportView {
    /// The bid.
    pub proposal_id: i64,
    /// The status.
    #[schema(value_type = ProjectStatusName, example = "under_way")]
    pub status: ProjectStatus,
    /// The board's note, or HB's reason when HB set it.
    pub reason: Option<String>,
    /// `board` or `hb`.
    #[schema(example = "board")]
    pub by: String,
    /// When.
    pub set_at: DateTime<Utc>,
}

impl From<StatusReport> for StatusReportView {
    fn from(s: StatusReport) -> Self {
        StatusReportView {
            proposal_id: s.proposal_id.0,
            status: s.status,
            reason: s.reason,
            by: s.role.as_str().to_owned(),
            set_at: s.set_at,
        }
    }
}

/// An expense or money given back, or HB's correction of one.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "proposal_id": 7, "kind": "expense", "corrects": null, "corrected_by": null,
    "date": "2026-12-01", "amount": "4500.00", "description": "Leje af bus, 1.–3. december",
    "reason": null, "by": "board", "recorded_at": "2026-12-04T17:00:00Z"
}))]
pub struct EntryView {
    /// The entry.
    pub id: i64,
    /// The bid.
    pub proposal_id: i64,
    /// `expense` or `refund` (money given back).
    #[schema(value_type = EntryKindName, example = "expense")]
    pub kind: EntryKind,
    /// The entry this one corrects (HB's corrections only).
    pub corrects: Option<i64>,
    /// The correction that replaced or removed this entry, if any: then it no longer counts.
    pub corrected_by: Option<i64>,
    /// When the money was spent or given back; null for a removal.
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-01")]
    pub date: Option<NaiveDate>,
    /// How much; null for a removal.
    #[schema(value_type = Option<String>, example = "4500.00")]
    pub amount: Option<Money>,
    /// What it paid for, or why it was given back; null for a removal.
    pub description: Option<String>,
    /// HB's reason, for a correction.
    pub reason: Option<String>,
    /// `board` for a report, `hb` for a correction.
    #[schema(example = "board")]
    pub by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

impl EntryView {
    fn new(recorded: RecordedEntry, corrected_by: Option<i64>) -> EntryView {
        let content = recorded.entry.content.as_ref();
        let by = if recorded.entry.corrects.is_some() {
            Role::Hb
        } else {
            Role::Board
        };
        EntryView {
            id: recorded.entry.id.0,
            proposal_id: recorded.proposal_id.0,
            kind: recorded.kind,
            corrects: recorded.entry.corrects.map(|c| c.0),
            corrected_by,
            date: content.map(|c| c.date()),
            amount: content.map(|c| c.amount()),
            description: content.map(|c| c.description().to_string()),
            reason: recorded.reason,
            by: by.as_str().to_owned(),
            recorded_at: recorded.recorded_at,
        }
    }
}

/// HB's approval of spending beyond a grant.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalView {
    /// The bid.
    pub proposal_id: i64,
    /// What the bid may spend beyond its grant (replaces earlier approvals).
    #[schema(value_type = String, example = "5000.00")]
    pub approved_extra: Money,
    /// HB's reason.
    pub reason: String,
    /// When.
    pub approved_at: DateTime<Utc>,
}

impl From<Approval> for ApprovalView {
    fn from(a: Approval) -> Self {
        ApprovalView {
            proposal_id: a.proposal_id.0,
            approved_extra: a.extra,
            reason: a.reason,
            approved_at: a.approved_at,
        }
    }
}

/// An expense or money given back, as a board reports it (or HB's replacement).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-12-01", "amount": "4500.00", "description": "Leje af bus, 1.–3. december"}))]
pub struct EntryRequest {
    /// When the money was spent or given back (`YYYY-MM-DD`), not after
    /// today in Denmark and not before 2000-01-01.
    #[schema(value_type = String, format = Date, example = "2026-12-01")]
    pub date: String,
    /// Kroner, more than 0. Spending and money given back together may not
    /// pass the grant (409 `exceeds-grant`), except spending up to what HB
    /// approved beyond it.
    #[schema(value_type = crate::rest::formats::PositiveAmount, example = "4500.00")]
    pub amount: String,
    /// What it paid for, or why it was given back (1–500 characters on one line).
    #[schema(value_type = crate::rest::formats::EntryText, example = "Leje af bus, 1.–3. december")]
    pub description: String,
}

impl TryFrom<EntryRequest> for EntryInput {
    type Error = ApiError;

    fn try_from(request: EntryRequest) -> ApiResult<EntryInput> {
        Ok(EntryInput {
            date: super::formats::parse_date(&request.date).ok_or_else(|| {
                ApiError::invalid_field(
                    "invalid-date",
                    "date",
                    format!("\"{}\" is not a date like \"2026-12-01\"", request.date),
                )
            })?,
            amount: Money::parse(&request.amount).map_err(|e| ApiError::invalid_money("amount", e))?,
            description: medlemsbudget_domain::EntryDescription::parse(&request.description)
                .map_err(|e| ApiError::invalid_text("description", e))?,
        })
    }
}

/// The follow-up routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read::get_follow_up))
        .routes(routes!(csv::get_follow_up_csv))
        .routes(routes!(read::get_bid_follow_up))
        .routes(routes!(report::set_status))
        .routes(routes!(report::add_expense))
        .routes(routes!(report::add_refund))
        .routes(routes!(correct::correct_entry))
        .routes(routes!(correct::approve_overrun))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(value: impl Serialize) -> String {
        serde_json::to_string(&value).unwrap_or_default()
    }

    #[test]
    fn the_documented_names_are_the_domains() {
        let documented = [
            ProjectStatusName::NotStarted,
            ProjectStatusName::UnderWay,
            ProjectStatusName::Done,
            ProjectStatusName::Cancelled,
        ];
        let documented: Vec<String> = documented.iter().map(name).collect();
        let domain: Vec<String> = ProjectStatus::ALL.iter().map(name).collect();
        assert_eq!(documented, domain);
        assert_eq!(name(EntryKindName::Refund), name(EntryKind::Refund));
        assert_eq!(name(EntryKindName::Expense), name(EntryKind::Expense));
    }
}
