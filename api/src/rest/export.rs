//! `GET /rounds/{round_id}/export.pb`: the round's accepted proposals and
//! counted ballots as a Pabulib file, so anyone can recount it with another tool.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::results;
use crate::state::AppState;

/// The round as a Pabulib `.pb` file: HB once voting is closed, everyone once
/// published. Voters are numbered in ascending order of their receipt hash,
/// which says nothing about who they are. `medlemsbudget import` reads it back.
#[utoipa::path(
    get, path = "/rounds/{round_id}/export.pb", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The Pabulib file", body = String, content_type = "text/plain",
            example = "META\nkey;value\ndescription;KV17\nbudget;500000.00\nvote_type;approval\nPROJECTS\nproject_id;cost;submitted_at;name;storkreds\n7;60000.00;1764072000000000;Valgkampsbus;fyn\nVOTES\nvoter_id;vote;storkreds\n1;7;fyn\n"),
        (status = 409, description = "Voting is not over, or (not HB) the round is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn export_round(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<Response> {
    let file = results::export(&state.services, &actor, round_id).await?;
    let disposition = format!("attachment; filename=\"medlemsbudget-round-{round_id}.pb\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file,
    )
        .into_response())
}

/// The export route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_round))
}
