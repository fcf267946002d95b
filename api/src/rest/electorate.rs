//! The electorate roll: HB imports who may vote (CSV `member_id,storkreds`)
//! before voting opens. With a roll, only members on it can vote, and their
//! storkreds comes from the roll, not from their token.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use medlemsbudget_domain::electorate::parse_roll;
use medlemsbudget_domain::Storkreds;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::extract::Path;
use crate::rest::formats::ElectorateRoll;
use crate::rest::settings::StorkredsSlug;
use crate::services::electorate::{self, RollCounts};
use crate::state::AppState;

/// The largest roll accepted, in bytes (about 300,000 members).
const MAX_ROLL_BYTES: usize = 16 * 1024 * 1024;

/// Members on the roll of one storkreds.
#[derive(Debug, Serialize, ToSchema)]
pub struct StorkredsCount {
    /// The storkreds (slug).
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Members on the roll in it.
    pub members: u64,
}

/// A round's electorate roll, counted.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"round_id": 1, "members": 2, "storkredse": [{"storkreds": "fyn", "members": 2}]}))]
pub struct ElectorateView {
    /// The round.
    pub round_id: i64,
    /// Members on the roll; 0 means the round has no roll and every member may vote.
    pub members: u64,
    /// Members per storkreds, all ten.
    pub storkredse: Vec<StorkredsCount>,
}

impl From<RollCounts> for ElectorateView {
    fn from(counts: RollCounts) -> Self {
        ElectorateView {
            round_id: counts.round_id,
            members: counts.members(),
            storkredse: counts
                .storkredse
                .into_iter()
                .map(|(storkreds, members)| StorkredsCount { storkreds, members })
                .collect(),
        }
    }
}

/// Replaces the round's electorate roll (HB only, before voting opens). The
/// body is CSV: an optional header `member_id,storkreds`, then one member per
/// line. Any bad line rejects the whole import, with every bad line numbered.
#[utoipa::path(
    post, path = "/rounds/{round_id}/electorate", tag = "electorate",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body(content = ElectorateRoll, content_type = "text/csv", description = "member_id,storkreds lines",
        example = "member_id,storkreds\nm-1042,fyn\nm-2211,kobenhavn\n"),
    responses(
        (status = 200, description = "The new roll, counted", body = ElectorateView),
        (status = 400, description = "Bad round id or not UTF-8", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has opened", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Roll larger than 16 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not text/csv", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad lines, each named by number in `errors`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn import_electorate(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ElectorateView>> {
    actor.require_hb()?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !(content_type.starts_with("text/csv") || content_type.starts_with("text/plain")) {
        return Err(ApiError::UnsupportedMediaType(
            "send the roll as 'Content-Type: text/csv'".into(),
        ));
    }
    let body = body.map_err(|e| ApiError::PayloadTooLarge(e.body_text()))?;
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::BadRequest {
        slug: "invalid-body",
        detail: "the roll is not UTF-8 text".into(),
    })?;
    let members = parse_roll(text).map_err(|errors| ApiError::Invalid {
        slug: "invalid-electorate",
        detail: format!("{} line(s) of the roll are invalid; nothing was imported", errors.len()),
        errors: errors
            .into_iter()
            .map(|e| FieldError {
                field: format!("line {}", e.line),
                message: e.problem.to_string(),
            })
            .collect(),
    })?;
    let counts = electorate::replace(&state.services, &actor, round_id, &members).await?;
    Ok(Json(counts.into()))
}

/// Counts the round's electorate roll (HB only).
#[utoipa::path(
    get, path = "/rounds/{round_id}/electorate", tag = "electorate",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The roll, counted", body = ElectorateView),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_electorate(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<Json<ElectorateView>> {
    Ok(Json(electorate::get(&state.services, &actor, round_id).await?.into()))
}

/// The electorate routes; the import takes bodies up to 16 MiB.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_electorate, get_electorate))
        .layer(DefaultBodyLimit::max(MAX_ROLL_BYTES))
}
