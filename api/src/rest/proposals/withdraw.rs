//! A board withdraws its own bid before voting opens.

use axum::extract::State;
use axum::Json;

use super::ProposalView;
use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::proposals;
use crate::state::AppState;

/// Withdraws a bid (its own board only, in `submission` or `review`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/proposals/{proposal_id}/withdraw", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The proposal", example = 1)),
    responses(
        (status = 200, description = "The withdrawn proposal", body = ProposalView),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the board of the proposal's storkreds", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has opened, or already withdrawn", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_proposal(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
) -> ApiResult<Json<ProposalView>> {
    let proposal = proposals::withdraw(&state.services, &actor, round_id, proposal_id).await?;
    Ok(Json(proposal.into()))
}
