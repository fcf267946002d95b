//! A board reports on its storkreds' funded bids: the status, each expense
//! and money given back. HB may set the status too, with a reason.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use medlemsbudget_domain::follow_up::{EntryKind, ProjectStatus};
use medlemsbudget_domain::Reason;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{EntryRequest, EntryView, ProjectStatusName, StatusReportView};
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::services::follow_up::{self, EntryInput};
use crate::state::AppState;

/// A bid's status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "under_way", "reason": "Bussen er bestilt"}))]
pub struct StatusRequest {
    /// The status.
    #[schema(value_type = ProjectStatusName, example = "under_way")]
    pub status: ProjectStatus,
    /// A board's note (optional), or HB's reason (required when HB sets it).
    #[schema(value_type = Option<crate::rest::formats::ReasonText>)]
    pub reason: Option<String>,
}

/// A reason that may be left out; blank is none.
pub(super) fn optional_reason(reason: Option<&str>) -> ApiResult<Option<Reason>> {
    match reason {
        Some(text) if !text.trim().is_empty() || text.chars().count() > Reason::MAX_CHARS => Reason::parse(text)
            .map(Some)
            .map_err(|e| ApiError::invalid_text("reason", e)),
        _ => Ok(None),
    }
}

/// Sets a funded bid's status: the board of its storkreds (with an
/// optional note) or HB (with a reason), once the round is published.
#[utoipa::path(
    post, path = "/rounds/{round_id}/follow-up/{proposal_id}/status", tag = "follow-up",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The funded bid", example = 7)),
    request_body = StatusRequest,
    responses(
        (status = 201, description = "The status as recorded", body = StatusReportView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the board of the bid's storkreds, nor HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or bid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not published (`not-published`) or the bid not funded (`not-funded`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown status, or HB gave no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_status(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
    Json(request): Json<StatusRequest>,
) -> ApiResult<(StatusCode, JsonResponse<StatusReportView>)> {
    let reason = optional_reason(request.reason.as_deref())?;
    let report = follow_up::set_status(&state.services, &actor, round_id, proposal_id, request.status, reason).await?;
    Ok((StatusCode::CREATED, JsonResponse(report.into())))
}

async fn add(
    state: AppState,
    actor: medlemsbudget_domain::Actor,
    (round_id, proposal_id): (i64, i64),
    kind: EntryKind,
    request: EntryRequest,
) -> ApiResult<(StatusCode, JsonResponse<EntryView>)> {
    actor.require_board()?;
    let input = EntryInput::try_from(request)?;
    let entry = follow_up::record(&state.services, &actor, round_id, proposal_id, kind, input).await?;
    Ok((StatusCode::CREATED, JsonResponse(EntryView::new(entry, None))))
}

/// Reports an expense on a funded bid (the board of its storkreds, once the
/// round is published). Spending beyond the grant is refused (409
/// `exceeds-grant`) unless HB has approved it.
#[utoipa::path(
    post, path = "/rounds/{round_id}/follow-up/{proposal_id}/expenses", tag = "follow-up",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The funded bid", example = 7)),
    request_body = EntryRequest,
    responses(
        (status = 201, description = "The expense as recorded", body = EntryView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the board of the bid's storkreds", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or bid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published (`not-published`), not funded (`not-funded`), or beyond the grant and HB's approved extra (`exceeds-grant`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid amount or description, or a date before 2000-01-01 or after today in Denmark (`invalid-date`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_expense(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(ids): Path<(i64, i64)>,
    Json(request): Json<EntryRequest>,
) -> ApiResult<(StatusCode, JsonResponse<EntryView>)> {
    add(state, actor, ids, EntryKind::Expense, request).await
}

/// Reports money given back from a funded bid's grant (the board of its
/// storkreds, once the round is published); at most what is left of the
/// grant (409 `exceeds-grant`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/follow-up/{proposal_id}/refunds", tag = "follow-up",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The funded bid", example = 7)),
    request_body = EntryRequest,
    responses(
        (status = 201, description = "The money given back, as recorded", body = EntryView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the board of the bid's storkreds", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or bid", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published (`not-published`), not funded (`not-funded`), or more than is left of the grant (`exceeds-grant`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid amount or description, or a date before 2000-01-01 or after today in Denmark (`invalid-date`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_refund(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(ids): Path<(i64, i64)>,
    Json(request): Json<EntryRequest>,
) -> ApiResult<(StatusCode, JsonResponse<EntryView>)> {
    add(state, actor, ids, EntryKind::Refund, request).await
}
