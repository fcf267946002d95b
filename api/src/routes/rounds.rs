//! Rounds: create, list, read, and move through phases.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::{MaxApprovals, Money, Phase, ProposalStatus, RoundName, RoundSettings, TransitionCheck};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::{self, rounds::Round};

/// A round as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": "KV17 grundarbejde", "pool": "500000.00", "max_approvals": 5,
    "rule": "greedy", "phase": "submission",
    "created_at": "2026-11-25T12:00:00Z", "updated_at": "2026-11-25T12:05:00Z"
}))]
pub struct RoundView {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The amount to allocate, in kroner with two decimals.
    #[schema(value_type = String, example = "500000.00")]
    pub pool: Money,
    /// The most proposals one ballot may approve; `null` means no limit.
    pub max_approvals: Option<u32>,
    /// The allocation rule: `greedy` funds the most-approved bids first while the pool lasts.
    pub rule: String,
    /// `draft`, `submission`, `review`, `voting`, `closed` or `published`.
    #[schema(value_type = String, example = "submission")]
    pub phase: Phase,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Round> for RoundView {
    fn from(round: Round) -> Self {
        RoundView {
            id: round.id,
            name: round.name,
            pool: round.pool,
            max_approvals: round.max_approvals.map(MaxApprovals::get),
            rule: round.rule,
            phase: round.phase,
            created_at: round.created_at,
            updated_at: round.updated_at,
        }
    }
}

/// What HB sends to create a round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "KV17 grundarbejde", "pool": "500000.00", "max_approvals": 5}))]
pub struct CreateRoundRequest {
    /// A name members recognise, 1–200 characters.
    #[schema(example = "KV17 grundarbejde")]
    pub name: String,
    /// The amount to allocate, as a string with at most two decimals, more than 0.
    #[schema(example = "500000.00")]
    pub pool: String,
    /// The most proposals one ballot may approve (1–1000); omit for no limit.
    #[schema(example = 5)]
    pub max_approvals: Option<u32>,
}

impl TryFrom<CreateRoundRequest> for RoundSettings {
    type Error = ApiError;

    fn try_from(request: CreateRoundRequest) -> Result<Self, Self::Error> {
        let name = RoundName::parse(&request.name).map_err(|e| ApiError::invalid_text("name", e))?;
        let pool = Money::parse(&request.pool).map_err(|e| ApiError::invalid_money("pool", e))?;
        if pool.is_zero() {
            return Err(ApiError::invalid_field(
                "invalid-money",
                "pool",
                "the pool must be more than 0.00 kr",
            ));
        }
        let max_approvals = request
            .max_approvals
            .map(MaxApprovals::new)
            .transpose()
            .map_err(|e| ApiError::invalid_field("invalid-field", "max_approvals", e))?;
        Ok(RoundSettings {
            name,
            pool,
            max_approvals,
        })
    }
}

/// Moves a round to the next phase.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phase": "submission"}))]
pub struct PhaseRequest {
    /// The phase to enter; it must be the one after the current phase.
    #[schema(value_type = String, example = "submission")]
    pub phase: Phase,
}

/// Creates a round in phase `draft` (HB only).
#[utoipa::path(
    post, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    request_body = CreateRoundRequest,
    responses(
        (status = 201, description = "The new round", body = RoundView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, pool or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_round(
    State(state): State<AppState>,
    principal: Principal,
    Json(request): Json<CreateRoundRequest>,
) -> ApiResult<(StatusCode, axum::Json<RoundView>)> {
    principal.require_hb()?;
    let settings = RoundSettings::try_from(request)?;
    let txn = state.db.begin().await?;
    let round = store::rounds::insert(&txn, &settings).await?;
    let details = json!({"name": round.name, "pool": round.pool, "max_approvals": round.max_approvals.map(MaxApprovals::get), "rule": round.rule});
    store::audit::append(&txn, round.id, "round_created", details).await?;
    txn.commit().await?;
    tracing::info!(round = round.id, pool = %round.pool, "round created");
    Ok((StatusCode::CREATED, axum::Json(round.into())))
}

/// Lists all rounds, newest first.
#[utoipa::path(
    get, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All rounds", body = Vec<RoundView>),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_rounds(State(state): State<AppState>, _principal: Principal) -> ApiResult<axum::Json<Vec<RoundView>>> {
    let rounds = store::rounds::list(&state.db).await?;
    Ok(axum::Json(rounds.into_iter().map(Into::into).collect()))
}

/// Reads one round.
#[utoipa::path(
    get, path = "/rounds/{round_id}", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The round", body = RoundView),
        (status = 400, description = "The round id is not a number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_round(
    State(state): State<AppState>,
    _principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(store::rounds::get(&state.db, round_id).await?.into()))
}

/// Moves a round one phase forward (HB only): `draft → submission → review →
/// voting → closed → published`. Voting opens only when every bid is reviewed
/// and at least one is accepted; publishing needs a tally.
#[utoipa::path(
    post, path = "/rounds/{round_id}/phase", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    request_body = PhaseRequest,
    responses(
        (status = 200, description = "The round in its new phase", body = RoundView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the next phase, or the round is not ready for it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a phase", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_phase(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
    Json(request): Json<PhaseRequest>,
) -> ApiResult<axum::Json<RoundView>> {
    principal.require_hb()?;
    let txn = state.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    let proposals = store::proposals::list(&txn, round_id, None, None).await?;
    let count = |status| proposals.iter().filter(|p| p.status == status).count();
    let check = TransitionCheck {
        unreviewed: count(ProposalStatus::Submitted),
        accepted: count(ProposalStatus::Accepted),
        tallied: store::results::exists(&txn, round_id).await?,
    };
    let phase = round.phase.transition_to(request.phase, check)?;
    store::rounds::set_phase(&txn, round_id, phase).await?;
    let mut details = json!({"from": round.phase, "to": phase, "accepted_proposals": check.accepted});
    if phase == Phase::Closed {
        details["ballots"] = json!(store::ballots::voter_count(&txn, round_id).await?);
    }
    store::audit::append(&txn, round_id, "phase_changed", details).await?;
    let round = store::rounds::get(&txn, round_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, %phase, "phase changed");
    Ok(axum::Json(round.into()))
}

/// The rounds routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_round, list_rounds))
        .routes(routes!(get_round))
        .routes(routes!(change_phase))
}
