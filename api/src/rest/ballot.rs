//! Ballots: a member casts, replaces and reads their own secret ballot; once a
//! round is published, everyone can list the counted ballots by receipt hash.

use axum::extract::State;
use axum::Json as JsonResponse;
use medlemsbudget_domain::ballot_rules::{BallotContent, BallotInput};
use medlemsbudget_domain::verification::BallotSource;
use medlemsbudget_domain::{Actor, ProposalId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::services::ballots::{self, PublishedBallots};
use crate::state::AppState;

/// The most ids one ballot request may list.
const MAX_LISTED: usize = 1_000;

/// Points for one proposal on a cumulative ballot.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointsEntry {
    /// The proposal.
    pub proposal_id: i64,
    /// Points given to it.
    pub points: u32,
}

/// A ballot to cast: `approvals` in approval and knapsack rounds, `points` in
/// cumulative rounds; exactly one of them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approvals": [1, 2]}))]
pub struct BallotRequest {
    /// Ids of the accepted proposals you approve, each at most once (at most
    /// 1,000 ids). An empty list is a blank ballot.
    #[schema(max_items = 1000)]
    pub approvals: Option<Vec<i64>>,
    /// Points per proposal, each proposal at most once (at most 1,000 entries).
    #[schema(max_items = 1000)]
    pub points: Option<Vec<PointsEntry>>,
}

impl TryFrom<BallotRequest> for BallotInput {
    type Error = ApiError;

    fn try_from(request: BallotRequest) -> Result<Self, Self::Error> {
        let too_many = |field: &str| {
            ApiError::invalid_field(
                "invalid-ballot",
                field,
                format!("at most {MAX_LISTED} entries may be listed"),
            )
        };
        match (request.approvals, request.points) {
            (Some(ids), None) if ids.len() <= MAX_LISTED => {
                Ok(BallotInput::Approvals(ids.into_iter().map(ProposalId).collect()))
            }
            (None, Some(points)) if points.len() <= MAX_LISTED => Ok(BallotInput::Points(
                points
                    .into_iter()
                    .map(|e| (ProposalId(e.proposal_id), e.points))
                    .collect(),
            )),
            (Some(_), None) => Err(too_many("approvals")),
            (None, Some(_)) => Err(too_many("points")),
            _ => Err(ApiError::invalid_field(
                "invalid-ballot",
                "approvals",
                "send either approvals or points",
            )),
        }
    }
}

/// A member's ballot.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "round_id": 1, "approvals": [1, 2],
    "receipt": "3f9a-51c2-07be-9d44-e1a0-6b2f-c873-1d5e",
    "receipt_hash": "6c1b0e0d1d6a0b8e7a4c5f3e2d1c0b9a8f7e6d5c4b3a29181716151413121110"
}))]
pub struct BallotView {
    /// The round.
    pub round_id: i64,
    /// The proposals the ballot supports (approved, or given points), ascending.
    pub approvals: Vec<i64>,
    /// Points per proposal, on a cumulative ballot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointsEntry>>,
    /// Your receipt code: shown once, when the ballot is cast. Keep it to find
    /// your ballot in the published list; it is not stored anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// SHA-256 of the receipt: how the ballot appears in the published list.
    pub receipt_hash: String,
}

/// One counted ballot in the published list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedBallotView {
    /// SHA-256 of the voter's receipt code (for a paper ballot, of a random
    /// code nobody holds).
    pub receipt_hash: String,
    /// The supported proposal ids, ascending.
    pub approvals: Vec<i64>,
    /// Points per proposal, on a cumulative ballot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointsEntry>>,
    /// How it was cast: `online`, or `paper` at a meeting.
    pub source: BallotSourceName,
}

/// How a ballot was cast.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BallotSourceName {
    /// Online, by the member.
    Online,
    /// On paper at a meeting.
    Paper,
}

fn points_of(content: &BallotContent) -> Option<Vec<PointsEntry>> {
    match content {
        BallotContent::Approvals(_) => None,
        BallotContent::Points(points) => Some(
            points
                .iter()
                .map(|(id, n)| PointsEntry {
                    proposal_id: id.0,
                    points: *n,
                })
                .collect(),
        ),
    }
}

fn supported(content: &BallotContent) -> Vec<i64> {
    content.supported().into_iter().map(|id| id.0).collect()
}

/// Every counted ballot of a published round, and the hash-chain root over them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "round_id": 1, "ballots_counted": 1,
    "root": "9e3c7d0b36a2ffb1b4f3c0a7c1a0f0e2d1c3b5a7988766554433221100ffeedd",
    "ballots": [{"receipt_hash": "6c1b0e0d1d6a0b8e7a4c5f3e2d1c0b9a8f7e6d5c4b3a29181716151413121110", "approvals": [1, 2], "source": "online"}]
}))]
pub struct BallotListView {
    /// The round.
    pub round_id: i64,
    /// How many ballots were counted.
    pub ballots_counted: usize,
    /// `h0 = SHA256(len‖"medlemsbudget-ballots-v1"‖len‖round_id)`, then for each ballot in
    /// ascending receipt-hash order `h = SHA256(len‖h‖len‖receipt_hash‖len‖"7,9,12")`, with
    /// `‖len‖"paper"` appended for a paper ballot, where `len` is the field's byte length as
    /// 8 bytes big-endian. Equals the result's `ballots_root`.
    pub root: String,
    /// The counted ballots, in ascending receipt-hash order.
    pub ballots: Vec<PublishedBallotView>,
}

/// Casts your ballot, replacing any earlier one (members only, in `voting`).
/// The answer carries a new receipt code.
#[utoipa::path(
    put, path = "/rounds/{round_id}/ballot", tag = "ballots",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = BallotRequest,
    responses(
        (status = 200, description = "The ballot as counted, with your receipt", body = BallotView),
        (status = 400, description = "Malformed JSON or bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member, or not on the round's electorate roll", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not in `voting`; you were checked off at a meeting and voted on paper (`voted-at-meeting`); or the ballot does not fit it (`invalid-ballot`): a proposal not in the round, not accepted or of another storkreds; too many or too few approvals; over the knapsack limit; too many points", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A proposal listed twice, or not exactly one of `approvals` and `points`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cast_ballot(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<BallotRequest>,
) -> ApiResult<JsonResponse<BallotView>> {
    let result = cast(&state, &actor, round_id, request).await;
    crate::metrics::ballot_outcome(&result);
    result.map(JsonResponse)
}

/// Casting without the HTTP layer: what `PUT /rounds/{id}/ballot` does once
/// the token is verified and the body parsed. Public so that
/// `medlemsbudget-db-limit` can time the same path without HTTP.
pub async fn cast(state: &AppState, actor: &Actor, round_id: i64, request: BallotRequest) -> ApiResult<BallotView> {
    actor.require_member()?;
    let input = BallotInput::try_from(request)?;
    let cast = ballots::cast(&state.services, actor, round_id, input).await?;
    Ok(BallotView {
        round_id,
        approvals: supported(&cast.content),
        points: points_of(&cast.content),
        receipt: Some(cast.receipt),
        receipt_hash: cast.receipt_hash,
    })
}

/// Reads your own ballot (members only). The receipt code itself is not
/// stored, so only its hash is shown.
#[utoipa::path(
    get, path = "/rounds/{round_id}/ballot", tag = "ballots",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "Your ballot", body = BallotView),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or you have not voted", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "You were checked off at a meeting and voted on paper (`voted-at-meeting`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_ballot(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<BallotView>> {
    let stored = ballots::own(&state.services, &actor, round_id).await?;
    Ok(JsonResponse(BallotView {
        round_id,
        approvals: supported(&stored.content),
        points: points_of(&stored.content),
        receipt: None,
        receipt_hash: stored.receipt_hash,
    }))
}

/// Lists every counted ballot of a published round by receipt hash, with the
/// hash-chain root, so members can find their own and anyone can recount.
#[utoipa::path(
    get, path = "/rounds/{round_id}/ballots", tag = "ballots",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The counted ballots", body = BallotListView),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_ballots(
    State(state): State<AppState>,
    _caller: Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<BallotListView>> {
    let published = ballots::published(&state.services, round_id).await?;
    Ok(JsonResponse(published.into()))
}

impl From<PublishedBallots> for BallotListView {
    fn from(published: PublishedBallots) -> Self {
        BallotListView {
            round_id: published.round_id,
            ballots_counted: published.ballots.len(),
            root: published.root,
            ballots: published
                .ballots
                .into_iter()
                .map(|b| PublishedBallotView {
                    receipt_hash: b.receipt_hash,
                    approvals: supported(&b.content),
                    points: points_of(&b.content),
                    source: match b.source {
                        BallotSource::Online => BallotSourceName::Online,
                        BallotSource::Paper => BallotSourceName::Paper,
                    },
                })
                .collect(),
        }
    }
}

/// The ballot list as `GET /rounds/{id}/ballots` answers it, for download.
pub fn published_json(published: &PublishedBallots) -> ApiResult<String> {
    serde_json::to_string_pretty(&BallotListView::from(published.clone()))
        .map_err(|e| ApiError::Internal(format!("ballot list: {e}")))
}

/// The ballot routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(cast_ballot, get_ballot))
        .routes(routes!(list_ballots))
}
