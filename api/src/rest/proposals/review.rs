//! HB accepts or rejects a bid, with a reason the board can read.

use axum::extract::State;
use axum::Json as JsonResponse;
use medlemsbudget_domain::ReviewDecision;
use serde::Deserialize;
use utoipa::ToSchema;

use super::ProposalView;
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::rest::settings::DecisionName;
use crate::services::proposals::{self, ReviewReason};
use crate::state::AppState;

/// HB's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "accepted", "reason": "Klar plan og budget"}))]
pub struct ReviewRequest {
    /// `accepted` puts the bid on the ballot; `rejected` keeps it off.
    #[schema(value_type = DecisionName, example = "accepted")]
    pub decision: ReviewDecision,
    /// Why, for the board and the members (up to 2,000 characters); omitted
    /// or blank means no reason.
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

/// Accepts or rejects a bid (HB only, in `submission` or `review`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/proposals/{proposal_id}/review", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The proposal", example = 1)),
    request_body = ReviewRequest,
    responses(
        (status = 200, description = "The reviewed proposal", body = ProposalView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in `submission` or `review`, or the bid is withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid decision or reason", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn review_proposal(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
    Json(request): Json<ReviewRequest>,
) -> ApiResult<JsonResponse<ProposalView>> {
    actor.require_hb()?;
    let reason = ReviewReason::parse(request.reason.as_deref())
        .map_err(|e| ApiError::invalid_field("invalid-field", "reason", e))?;
    let proposal = proposals::review(&state.services, &actor, round_id, proposal_id, request.decision, reason).await?;
    Ok(JsonResponse(proposal.into()))
}
