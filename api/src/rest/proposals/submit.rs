//! Boards submit bids for their own storkreds and edit them while the round
//! is in `submission` and HB has not yet reviewed them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use medlemsbudget_domain::{Description, Money, ProposalTitle};
use serde::Deserialize;
use utoipa::ToSchema;

use super::ProposalView;
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::rest::formats::{LongText, OneLineText, PositiveAmount};
use crate::services::proposals::{self, Bid, BidChanges};
use crate::state::AppState;

/// A new bid.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Valgkampsbus til Fyn",
    "description": "En bus der kører rundt til alle fynske kommuner i valgkampen.",
    "amount": "60000.00"
}))]
pub struct SubmitProposalRequest {
    /// 1–200 characters on one line.
    #[schema(value_type = OneLineText, example = "Valgkampsbus til Fyn")]
    pub title: String,
    /// 1–10,000 characters.
    #[schema(value_type = LongText)]
    pub description: String,
    /// Requested kroner, more than 0 and at most the round's pool (409 `exceeds-pool` above it).
    #[schema(value_type = PositiveAmount, example = "60000.00")]
    pub amount: String,
}

/// Changes to a bid; omitted fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "55000.00"}))]
pub struct UpdateProposalRequest {
    /// New title, 1–200 characters on one line.
    #[schema(value_type = Option<OneLineText>)]
    pub title: Option<String>,
    /// New description, 1–10,000 characters.
    #[schema(value_type = Option<LongText>)]
    pub description: Option<String>,
    /// New requested amount, more than 0 and at most the round's pool.
    #[schema(value_type = Option<PositiveAmount>, example = "55000.00")]
    pub amount: Option<String>,
}

fn parse_amount(raw: &str) -> ApiResult<Money> {
    Money::parse(raw).map_err(|e| ApiError::invalid_money("amount", e))
}

impl TryFrom<SubmitProposalRequest> for Bid {
    type Error = ApiError;

    fn try_from(request: SubmitProposalRequest) -> Result<Self, Self::Error> {
        Ok(Bid {
            title: ProposalTitle::parse(&request.title).map_err(|e| ApiError::invalid_text("title", e))?,
            description: Description::parse(&request.description)
                .map_err(|e| ApiError::invalid_text("description", e))?,
            amount: parse_amount(&request.amount)?,
        })
    }
}

impl TryFrom<UpdateProposalRequest> for BidChanges {
    type Error = ApiError;

    fn try_from(request: UpdateProposalRequest) -> Result<Self, Self::Error> {
        Ok(BidChanges {
            title: request
                .title
                .map(|t| ProposalTitle::parse(&t))
                .transpose()
                .map_err(|e| ApiError::invalid_text("title", e))?,
            description: request
                .description
                .map(|d| Description::parse(&d))
                .transpose()
                .map_err(|e| ApiError::invalid_text("description", e))?,
            amount: request.amount.as_deref().map(parse_amount).transpose()?,
        })
    }
}

/// Submits a bid for the caller's storkreds (boards only, in `submission`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/proposals", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = SubmitProposalRequest,
    responses(
        (status = 201, description = "The new proposal, status `submitted`", body = ProposalView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a storkreds board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not in `submission`, or the amount is above its pool (`exceeds-pool`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title, description or amount", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_proposal(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<SubmitProposalRequest>,
) -> ApiResult<(StatusCode, JsonResponse<ProposalView>)> {
    actor.require_board()?;
    let bid = Bid::try_from(request)?;
    let proposal = proposals::submit(&state.services, &actor, round_id, bid).await?;
    Ok((StatusCode::CREATED, JsonResponse(proposal.into())))
}

/// Edits a bid (its own board only, in `submission`, before HB reviews it).
#[utoipa::path(
    patch, path = "/rounds/{round_id}/proposals/{proposal_id}", tag = "proposals",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("proposal_id" = i64, Path, description = "The proposal", example = 1)),
    request_body = UpdateProposalRequest,
    responses(
        (status = 200, description = "The changed proposal", body = ProposalView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the board of the proposal's storkreds", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in `submission`, already reviewed or withdrawn, or the amount is above the round's pool (`exceeds-pool`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title, description or amount", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_proposal(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, proposal_id)): Path<(i64, i64)>,
    Json(request): Json<UpdateProposalRequest>,
) -> ApiResult<JsonResponse<ProposalView>> {
    actor.require_board()?;
    let changes = BidChanges::try_from(request)?;
    let proposal = proposals::edit(&state.services, &actor, round_id, proposal_id, changes).await?;
    Ok(JsonResponse(proposal.into()))
}
