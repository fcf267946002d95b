//! Reading proposals: a round's list (filterable) and one proposal.

use axum::extract::State;
use axum::Json;
use medlemsbudget_domain::{ProposalStatus, Storkreds};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ProposalView;
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Path, Query};
use crate::rest::settings::{ProposalStatusName, StorkredsSlug};
use crate::services::proposals;
use crate::state::AppState;

/// Filters for the proposal list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalFilter {
    /// Only this storkreds' proposals (slug, e.g. `fyn`).
    #[param(value_type = Option<StorkredsSlug>)]
    pub storkreds: Option<String>,
    /// Only proposals with this status: `submitted`, `accepted`, `rejected` or `withdrawn`.
    #[param(value_type = Option<ProposalStatusName>)]
    pub status: Option<String>,
}

/// Lists a round's proposals in submission order. Members see rejected and
/// withdrawn bids only when they ask for that `status`.
#[utoipa::path(
    get, path = "/rounds/{round_id}/proposals", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ProposalFilter),
    responses(
        (status = 200, description = "The proposals", body = Vec<ProposalView>),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown storkreds or status in the filter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_proposals(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Query(filter): Query<ProposalFilter>,
) -> ApiResult<Json<Vec<ProposalView>>> {
    let storkreds = filter
        .storkreds
        .map(|s| s.parse::<Storkreds>())
        .transpose()
        .map_err(|e| ApiError::invalid_field("invalid-field", "storkreds", e))?;
    let status = filter
        .status
        .map(|s| s.parse::<ProposalStatus>())
        .transpose()
        .map_err(|e| ApiError::invalid_field("invalid-field", "status", e))?;
    let proposals = proposals::list(&state.services, &actor, round_id, storkreds, status).await?;
    Ok(Json(proposals.into_iter().map(Into::into).collect()))
}

/// Reads one proposal.
#[utoipa::path(
    get, path = "/rounds/{round_id}/proposals/{proposal_id}", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The proposal", example = 1)),
    responses(
        (status = 200, description = "The proposal", body = ProposalView),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or proposal", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_proposal(
    State(state): State<AppState>,
    _caller: Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
) -> ApiResult<Json<ProposalView>> {
    Ok(Json(
        proposals::get(&state.services, round_id, proposal_id).await?.into(),
    ))
}
