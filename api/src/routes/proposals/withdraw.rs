//! A board withdraws its own bid before voting opens.

use axum::extract::State;
use axum::Json;
use sea_orm::TransactionTrait;

use super::ProposalView;
use crate::auth::Principal;
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::state::AppState;
use crate::store;

/// Withdraws a bid (its own board only, in `submission` or `review`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/proposals/{proposal_id}/withdraw", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round"), ("proposal_id" = i64, Path, description = "The proposal")),
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
    principal: Principal,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
) -> ApiResult<Json<ProposalView>> {
    principal.require_board()?;
    let txn = state.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    principal.require_board_of(proposal.storkreds)?;
    round.phase.check_withdrawal()?;
    let status = proposal.status.withdraw()?;
    store::proposals::set_status(&txn, proposal.id, status, None).await?;
    store::audit::append(
        &txn,
        round_id,
        "proposal_withdrawn",
        serde_json::json!({"proposal_id": proposal_id}),
    )
    .await?;
    let proposal = store::proposals::get(&txn, round_id, proposal_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, proposal = proposal_id, "proposal withdrawn");
    Ok(Json(proposal.into()))
}
