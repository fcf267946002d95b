//! One-time voting codes: HB generates them for a round's roll and gets
//! them once, as CSV for mail merge or print. Only their hashes are kept.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::{Path, Query};
use crate::services::voting_codes;
use crate::state::AppState;
use crate::web::voting_code::{codes_csv, csv_download};

/// Whose code to make.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodeFor {
    /// One member on the roll: only their code is made (replacing their
    /// earlier one). Without it, every member on the roll gets a new code.
    #[param(example = "m-1042", min_length = 1, max_length = 200)]
    pub member: Option<String>,
}

/// Generates one-time voting codes for the round's electorate roll (HB,
/// until voting closes) and answers with them once, as CSV
/// `member_id,storkreds,code`. A new code replaces the member's earlier one.
/// A member types the code on the round's page (`/runder/{id}/kode`) and can
/// vote in that round only, until it closes. The audit log records how many
/// codes were made, never the codes.
#[utoipa::path(
    post, path = "/rounds/{round_id}/voting-codes", tag = "electorate",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), CodeFor),
    responses(
        (status = 200, description = "The codes, shown this once", body = String, content_type = "text/csv",
            example = "member_id,storkreds,code\nm-1042,fyn,7KQ2-9XPM-D4RT-WB6H-CN3J-QY8F-M1VE\n"),
        (status = 400, description = "Bad round id or query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or the member is not on its roll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has closed, or the round has no roll", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn generate_voting_codes(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Query(for_whom): Query<CodeFor>,
) -> ApiResult<Response> {
    let codes = voting_codes::generate(&state.services, &actor, round_id, for_whom.member.as_deref()).await?;
    Ok(csv_download(round_id, codes_csv(&codes)))
}

/// The voting-code routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(generate_voting_codes))
}
