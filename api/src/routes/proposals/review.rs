//! HB accepts or rejects a bid, with a reason the board can read.

use axum::extract::State;
use axum::Json as JsonResponse;
use medlemsbudget_domain::ReviewDecision;
use sea_orm::TransactionTrait;
use serde::Deserialize;
use utoipa::ToSchema;

use super::ProposalView;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store;

/// HB's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "accepted", "reason": "Klar plan og budget"}))]
pub struct ReviewRequest {
    /// `accepted` puts the bid on the ballot; `rejected` keeps it off.
    #[schema(value_type = String, example = "accepted")]
    pub decision: ReviewDecision,
    /// Why, for the board and the members (up to 2,000 characters).
    #[serde(default)]
    pub reason: String,
}

/// The longest review reason accepted.
const MAX_REASON_CHARS: usize = 2_000;

/// Accepts or rejects a bid (HB only, in `submission` or `review`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/proposals/{proposal_id}/review", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round"), ("proposal_id" = i64, Path, description = "The proposal")),
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
    principal: Principal,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
    Json(request): Json<ReviewRequest>,
) -> ApiResult<JsonResponse<ProposalView>> {
    principal.require_hb()?;
    let reason = request.reason.trim().to_owned();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ApiError::invalid_field(
            "invalid-field",
            "reason",
            format!("at most {MAX_REASON_CHARS} characters are allowed"),
        ));
    }
    let txn = state.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    round.phase.check_review()?;
    let status = proposal.status.review(request.decision)?;
    let details = serde_json::json!({"proposal_id": proposal_id, "decision": status, "reason": reason});
    store::proposals::set_status(&txn, proposal.id, status, Some(reason)).await?;
    store::audit::append(&txn, round_id, "proposal_reviewed", details).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, %status, "proposal reviewed");
    Ok(JsonResponse(proposal.into()))
}
