//! A member's own ballot: cast or replace it during `voting`, and read it back.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::{ApprovalBallot, ProposalId};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Principal;
use crate::error::{ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store;

/// The most ids one ballot request may list.
const MAX_LISTED: usize = 1_000;

/// A ballot to cast.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approvals": [7, 9, 12]}))]
pub struct BallotRequest {
    /// Ids of the accepted proposals you approve, each at most once. An empty
    /// list is a blank ballot.
    pub approvals: Vec<i64>,
}

/// A member's ballot.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"round_id": 1, "approvals": [7, 9, 12], "cast_at": "2026-12-01T18:00:00Z", "updated_at": "2026-12-02T08:15:00Z"}))]
pub struct BallotView {
    /// The round.
    pub round_id: i64,
    /// The approved proposal ids, ascending.
    pub approvals: Vec<i64>,
    /// When the ballot was first cast.
    pub cast_at: DateTime<Utc>,
    /// When it was last replaced.
    pub updated_at: DateTime<Utc>,
}

/// Casts the caller's ballot, replacing any earlier one (members only, in `voting`).
#[utoipa::path(
    put, path = "/rounds/{round_id}/ballot", tag = "ballots",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    request_body = BallotRequest,
    responses(
        (status = 200, description = "The ballot as stored", body = BallotView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not in `voting`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown, duplicate or non-accepted proposal, or too many approvals", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cast_ballot(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
    Json(request): Json<BallotRequest>,
) -> ApiResult<JsonResponse<BallotView>> {
    principal.require_member()?;
    if request.approvals.len() > MAX_LISTED {
        return Err(crate::error::ApiError::invalid_field(
            "invalid-ballot",
            "approvals",
            format!("at most {MAX_LISTED} ids may be listed"),
        ));
    }
    let txn = state.db.begin().await?;
    // Holding the round row shared makes closing wait for ballots in flight.
    let round = store::rounds::get_for_share(&txn, round_id).await?;
    round.phase.check_voting()?;
    let statuses: BTreeMap<ProposalId, _> = store::proposals::list(&txn, round_id, None, None)
        .await?
        .into_iter()
        .map(|p| (p.id, p.status))
        .collect();
    let ids: Vec<ProposalId> = request.approvals.iter().copied().map(ProposalId).collect();
    let ballot = ApprovalBallot::parse(&ids, |id| statuses.get(&id).copied(), round.max_approvals)?;
    store::ballots::upsert(&txn, round_id, &principal.subject, &ballot).await?;
    let stored = store::ballots::get(&txn, round_id, &principal.subject).await?;
    txn.commit().await?;
    Ok(JsonResponse(view(stored)))
}

/// Reads the caller's own ballot (members only).
#[utoipa::path(
    get, path = "/rounds/{round_id}/ballot", tag = "ballots",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "Your ballot", body = BallotView),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or you have not voted", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_ballot(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<BallotView>> {
    principal.require_member()?;
    store::rounds::get(&state.db, round_id).await?;
    let stored = store::ballots::get(&state.db, round_id, &principal.subject).await?;
    Ok(JsonResponse(view(stored)))
}

fn view(stored: store::ballots::StoredBallot) -> BallotView {
    BallotView {
        round_id: stored.round_id,
        approvals: stored.ballot.approvals().map(|id| id.0).collect(),
        cast_at: stored.cast_at,
        updated_at: stored.updated_at,
    }
}

/// The ballot routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(cast_ballot, get_ballot))
}
