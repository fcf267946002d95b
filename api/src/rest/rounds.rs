//! Rounds: create, change settings before voting, list, read, and move through phases.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{Money, Phase, RoundName, RoundSettings};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::settings::{BallotRulesBody, RoundRuleBody, SplitBody};
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::rest::formats::{OneLineText, PositiveAmount};
use crate::rest::settings::PhaseName;
use crate::services::rounds::{self, SettingsChanges};
use crate::state::AppState;
use crate::store::rounds::Round;

/// A round as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": "KV17 grundarbejde", "pool": "500000.00",
    "ballot": {"kind": "approval", "min_approvals": 0, "max_approvals": 5},
    "rule": {"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"},
    "split": {"kind": "floor", "per_storkreds": "20000.00"},
    "phase": "submission", "created_at": "2026-11-25T12:00:00Z", "updated_at": "2026-11-25T12:05:00Z"
}))]
pub struct RoundView {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The amount to allocate, in kroner with two decimals.
    #[schema(value_type = String, example = "500000.00")]
    pub pool: Money,
    /// What a ballot may hold.
    pub ballot: BallotRulesBody,
    /// How the pool is allocated.
    pub rule: RoundRuleBody,
    /// How the pool is split among the storkredse first.
    pub split: SplitBody,
    /// `draft`, `submission`, `review`, `voting`, `closed` or `published`.
    #[schema(value_type = PhaseName, example = "submission")]
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
            ballot: round.ballot.into(),
            rule: round.rule.into(),
            split: round.split.into(),
            phase: round.phase,
            created_at: round.created_at,
            updated_at: round.updated_at,
        }
    }
}

/// What HB sends to create a round. Ballot rules, rule and split default to
/// approval ballots, greedy and one national pool.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "KV17 grundarbejde", "pool": "500000.00",
    "ballot": {"kind": "approval", "max_approvals": 5},
    "rule": {"rule": "mes", "completion": "add1-greedy"},
    "split": {"kind": "floor", "per_storkreds": "20000.00"}
}))]
pub struct CreateRoundRequest {
    /// A name members recognise, 1–200 characters on one line.
    #[schema(value_type = OneLineText, example = "KV17 grundarbejde")]
    pub name: String,
    /// The amount to allocate, more than 0.
    #[schema(value_type = PositiveAmount, example = "500000.00")]
    pub pool: String,
    /// Shorthand for approval ballots with at most this many approvals
    /// (1–1000); not together with `ballot` (one of them may be `null`).
    #[schema(minimum = 1, maximum = 1000)]
    pub max_approvals: Option<u32>,
    /// What a ballot may hold (default: approval, no limits).
    pub ballot: Option<BallotRulesBody>,
    /// How the pool is allocated (default: greedy by supporters).
    pub rule: Option<RoundRuleBody>,
    /// How the pool is split first (default: national).
    pub split: Option<SplitBody>,
}

/// Changes to a round's settings before voting opens; omitted fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": {"rule": "mes", "completion": "add1-greedy"}, "split": {"kind": "equal", "pool_leftovers": true}}))]
pub struct UpdateRoundRequest {
    /// New name, 1–200 characters on one line.
    #[schema(value_type = Option<OneLineText>)]
    pub name: Option<String>,
    /// New pool, more than 0.
    #[schema(value_type = Option<PositiveAmount>)]
    pub pool: Option<String>,
    /// New ballot rules.
    pub ballot: Option<BallotRulesBody>,
    /// New allocation rule.
    pub rule: Option<RoundRuleBody>,
    /// New split.
    pub split: Option<SplitBody>,
}

/// Moves a round to the next phase.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phase": "closed"}))]
pub struct PhaseRequest {
    /// The phase to enter; it must be the one after the current phase.
    #[schema(value_type = PhaseName, example = "submission")]
    pub phase: Phase,
}

fn parse_pool(raw: &str) -> ApiResult<Money> {
    Money::parse(raw).map_err(|e| ApiError::invalid_money("pool", e))
}

impl TryFrom<CreateRoundRequest> for RoundSettings {
    type Error = ApiError;

    fn try_from(request: CreateRoundRequest) -> Result<Self, Self::Error> {
        let name = RoundName::parse(&request.name).map_err(|e| ApiError::invalid_text("name", e))?;
        let pool = parse_pool(&request.pool)?;
        let ballot = match (request.max_approvals, request.ballot) {
            (Some(_), Some(_)) => {
                return Err(ApiError::invalid_field(
                    "invalid-settings",
                    "max_approvals",
                    "give max_approvals or ballot, not both",
                ))
            }
            (Some(max), None) => BallotRules::Approval {
                min_approvals: 0,
                max_approvals: Some(max),
            },
            (None, Some(ballot)) => BallotRules::try_from(ballot)?,
            (None, None) => BallotRules::default(),
        };
        let settings = RoundSettings {
            name,
            pool,
            ballot,
            rule: request.rule.map(RoundRule::from).unwrap_or_default(),
            split: request.split.map(Split::try_from).transpose()?.unwrap_or_default(),
        };
        Ok(settings.validate()?)
    }
}

impl TryFrom<UpdateRoundRequest> for SettingsChanges {
    type Error = ApiError;

    fn try_from(request: UpdateRoundRequest) -> Result<Self, Self::Error> {
        Ok(SettingsChanges {
            name: request
                .name
                .map(|name| RoundName::parse(&name))
                .transpose()
                .map_err(|e| ApiError::invalid_text("name", e))?,
            pool: request.pool.as_deref().map(parse_pool).transpose()?,
            ballot: request.ballot.map(BallotRules::try_from).transpose()?,
            rule: request.rule.map(RoundRule::from),
            split: request.split.map(Split::try_from).transpose()?,
        })
    }
}

/// Creates a round in phase `draft` (HB only). Besides each field's own
/// format, the settings must fit together: fixed sub-pools add up to the
/// pool, ten floors fit in it, a knapsack limit is at most the pool,
/// `min_approvals` is at most `max_approvals`, `max_per_proposal` at most
/// `points`; the `points` satisfaction needs cumulative ballots and
/// `phragmen` approval or knapsack ballots. A round that breaks one is a 422.
#[utoipa::path(
    post, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    request_body = CreateRoundRequest,
    responses(
        (status = 201, description = "The new round", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, pool or settings", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_round(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Json(request): Json<CreateRoundRequest>,
) -> ApiResult<(StatusCode, axum::Json<RoundView>)> {
    actor.require_hb()?;
    let settings = RoundSettings::try_from(request)?;
    let round = rounds::create(&state.services, &actor, settings).await?;
    Ok((StatusCode::CREATED, axum::Json(round.into())))
}

/// Changes a round's settings (HB only, before voting opens: in `draft`,
/// `submission` or `review`). Every bid must still fit the pool, and the
/// settings must fit together: a 422 when the request gives all the settings
/// at odds, a 409 when one of them is the round's own (a pool too small for
/// the floors of its split).
#[utoipa::path(
    patch, path = "/rounds/{round_id}", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = UpdateRoundRequest,
    responses(
        (status = 200, description = "The round with its new settings", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has opened: the settings are frozen; a bid is larger than the new pool (`exceeds-pool`); or a new setting does not fit one the round keeps (`invalid-settings`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid settings, or settings given together that do not fit together", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_round(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<UpdateRoundRequest>,
) -> ApiResult<axum::Json<RoundView>> {
    actor.require_hb()?;
    let changes = SettingsChanges::try_from(request)?;
    let round = rounds::change_settings(&state.services, &actor, round_id, changes).await?;
    Ok(axum::Json(round.into()))
}

/// Lists all rounds, newest first.
#[utoipa::path(
    get, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    responses((status = 200, description = "All rounds", body = Vec<RoundView>))
)]
async fn list_rounds(State(state): State<AppState>, _caller: Bearer) -> ApiResult<axum::Json<Vec<RoundView>>> {
    let rounds = rounds::list(&state.services).await?;
    Ok(axum::Json(rounds.into_iter().map(Into::into).collect()))
}

/// Reads one round.
#[utoipa::path(
    get, path = "/rounds/{round_id}", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses((status = 200, description = "The round", body = RoundView))
)]
async fn get_round(
    State(state): State<AppState>,
    _caller: Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(rounds::get(&state.services, round_id).await?.into()))
}

/// Moves a round one phase forward (HB only): `draft → submission → review →
/// voting → closed → published`. Voting opens only when every bid is reviewed,
/// at least one is accepted, and (for a `by-members` split) the electorate roll
/// has members; from then on the settings are frozen. Publishing needs a tally.
#[utoipa::path(
    post, path = "/rounds/{round_id}/phase", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = PhaseRequest,
    responses(
        (status = 200, description = "The round in its new phase", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the next phase, or the round is not ready for it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a phase", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_phase(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<PhaseRequest>,
) -> ApiResult<axum::Json<RoundView>> {
    let round = rounds::change_phase(&state.services, &actor, round_id, request.phase).await?;
    Ok(axum::Json(round.into()))
}

/// The rounds routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_round, list_rounds))
        .routes(routes!(get_round, update_round))
        .routes(routes!(change_phase))
}
