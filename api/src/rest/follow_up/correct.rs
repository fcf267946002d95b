//! HB corrects a reported entry with a reason (a new entry that replaces or
//! removes it; the old one stays in the history) and approves spending
//! beyond a bid's grant with a reason.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use medlemsbudget_domain::{Money, Reason};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{ApprovalView, EntryRequest, EntryView};
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::services::follow_up::{self, EntryInput};
use crate::state::AppState;

fn reason(text: &str) -> ApiResult<Reason> {
    Reason::parse(text).map_err(|e| ApiError::invalid_text("reason", e))
}

/// HB's correction of an entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "reason": "Bilaget viser 450,00 kr., ikke 4.500,00 kr.",
    "replacement": {"date": "2026-12-01", "amount": "450.00", "description": "Leje af bus, 1.–3. december"}
}))]
pub struct CorrectionRequest {
    /// Why (1–2,000 characters), shown with the entry.
    #[schema(value_type = crate::rest::formats::ReasonText)]
    pub reason: String,
    /// What the entry should have said (same kind); omitted or null removes it.
    pub replacement: Option<EntryRequest>,
}

/// HB's approval of spending beyond a grant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approved_extra": "5000.00", "reason": "Prisen på bussen steg; HB dækker forskellen."}))]
pub struct ApprovalRequest {
    /// What the bid may spend beyond its grant, replacing any earlier
    /// approval; `"0"` takes an approval back. At least what is already
    /// spent beyond the grant (409 `approval-below-spending`).
    #[schema(value_type = crate::rest::formats::Amount, example = "5000.00")]
    pub approved_extra: String,
    /// Why (1–2,000 characters).
    #[schema(value_type = crate::rest::formats::ReasonText)]
    pub reason: String,
}

/// Corrects an entry of a funded bid (HB, with a reason): replaces it or
/// removes it. The corrected entry stays in the history with `corrected_by`.
#[utoipa::path(
    post, path = "/rounds/{round_id}/follow-up/{proposal_id}/entries/{entry_id}/correction", tag = "follow-up",
    security(("bearer" = [])),
    params(
        ("round_id" = i64, Path, description = "The round", example = 1),
        ("proposal_id" = i64, Path, description = "The funded bid", example = 7),
        ("entry_id" = i64, Path, description = "The entry to correct", example = 12),
    ),
    request_body = CorrectionRequest,
    responses(
        (status = 201, description = "The correction as recorded", body = EntryView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, bid or entry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published, not funded, already corrected (`already-corrected`), or the replacement passes the grant (`exceeds-grant`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or an invalid replacement (its date before 2000-01-01 or after today in Denmark, its amount or description)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn correct_entry(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id, entry_id)): Path<(i64, i64, i64)>,
    Json(request): Json<CorrectionRequest>,
) -> ApiResult<(StatusCode, JsonResponse<EntryView>)> {
    actor.require_hb()?;
    let why = reason(&request.reason)?;
    let replacement = request.replacement.map(EntryInput::try_from).transpose()?;
    let entry = follow_up::correct(
        &state.services,
        &actor,
        round_id,
        (proposal_id, entry_id),
        replacement,
        why,
    )
    .await?;
    Ok((StatusCode::CREATED, JsonResponse(EntryView::new(entry, None))))
}

/// Approves spending beyond a funded bid's grant (HB, with a reason).
#[utoipa::path(
    post, path = "/rounds/{round_id}/follow-up/{proposal_id}/overrun-approval", tag = "follow-up",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The funded bid", example = 7)),
    request_body = ApprovalRequest,
    responses(
        (status = 201, description = "The approval as recorded", body = ApprovalView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or bid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published, not funded, or less than is already spent beyond the grant (`approval-below-spending`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid amount or no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn approve_overrun(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
    Json(request): Json<ApprovalRequest>,
) -> ApiResult<(StatusCode, JsonResponse<ApprovalView>)> {
    actor.require_hb()?;
    let extra = Money::parse(&request.approved_extra).map_err(|e| ApiError::invalid_money("approved_extra", e))?;
    let why = reason(&request.reason)?;
    let approval = follow_up::approve_overrun(&state.services, &actor, round_id, proposal_id, extra, why).await?;
    Ok((StatusCode::CREATED, JsonResponse(approval.into())))
}
