//! Reading the follow-up: a round's funded bids and storkredse, and one
//! bid's history. Public once the round is published; no sign-in needed.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApprovalView, BidFollowUpView, EntryView, StatusReportView, StorkredsFollowUpView, TotalsView};
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::follow_up::{self, BidHistory, FollowUp};
use crate::state::AppState;

/// A published round's follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    /// The round.
    pub round_id: i64,
    /// Its name.
    pub round_name: String,
    /// The whole round's funded bids together.
    pub totals: TotalsView,
    /// The latest report on any bid.
    pub latest_report: Option<DateTime<Utc>>,
    /// Each funded bid, in submission order.
    pub bids: Vec<BidFollowUpView>,
    /// Each storkreds with funded bids, in the official order.
    pub storkredse: Vec<StorkredsFollowUpView>,
}

impl From<FollowUp> for FollowUpView {
    fn from(f: FollowUp) -> Self {
        FollowUpView {
            round_id: f.round_id,
            round_name: f.round_name,
            totals: f.totals.into(),
            latest_report: f.latest_report,
            bids: f.bids.into_iter().map(Into::into).collect(),
            storkredse: f.storkredse.into_iter().map(Into::into).collect(),
        }
    }
}

/// One funded bid's follow-up and everything recorded for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BidHistoryView {
    /// The bid summed up.
    pub summary: BidFollowUpView,
    /// Every status reported, oldest first.
    pub statuses: Vec<StatusReportView>,
    /// Every expense, money given back and correction, oldest first; an
    /// entry with `corrected_by` no longer counts.
    pub entries: Vec<EntryView>,
    /// HB's approvals of spending beyond the grant, oldest first; the latest is in force.
    pub approvals: Vec<ApprovalView>,
}

impl From<BidHistory> for BidHistoryView {
    fn from(h: BidHistory) -> Self {
        let corrected_by = h.corrected_by;
        BidHistoryView {
            summary: h.summary.into(),
            statuses: h.records.statuses.into_iter().map(Into::into).collect(),
            entries: h
                .records
                .entries
                .into_iter()
                .map(|e| {
                    let by = corrected_by.get(&e.entry.id).map(|id| id.0);
                    EntryView::new(e, by)
                })
                .collect(),
            approvals: h.records.approvals.into_iter().map(Into::into).collect(),
        }
    }
}

/// A published round's follow-up on the money, per funded bid and per
/// storkreds: granted, approved extra, spent, given back, remaining and the
/// latest report (everyone, no sign-in needed).
#[utoipa::path(
    get, path = "/rounds/{round_id}/follow-up", tag = "follow-up",
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The follow-up", body = FollowUpView),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_follow_up(State(state): State<AppState>, Path(round_id): Path<i64>) -> ApiResult<Json<FollowUpView>> {
    Ok(Json(follow_up::overview(&state.services, round_id).await?.into()))
}

/// One funded bid's follow-up with its statuses, entries (corrections
/// included, never overwritten) and approvals (everyone, no sign-in needed).
#[utoipa::path(
    get, path = "/rounds/{round_id}/follow-up/{proposal_id}", tag = "follow-up",
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The funded bid", example = 7)),
    responses(
        (status = 200, description = "The bid's follow-up", body = BidHistoryView),
        (status = 404, description = "No such round or bid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not published yet (`not-published`), or the bid was not funded (`not-funded`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_bid_follow_up(
    State(state): State<AppState>,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
) -> ApiResult<Json<BidHistoryView>> {
    Ok(Json(
        follow_up::bid(&state.services, round_id, proposal_id).await?.into(),
    ))
}
