//! `GET /rounds/{round_id}/export.pb`: the round's accepted proposals and
//! counted ballots as a Pabulib file, so anyone can recount it with another tool.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use medlemsbudget_domain::round_file::{export, ExportedProposal, RoundExport};
use medlemsbudget_domain::tally::CountedBallot;
use medlemsbudget_domain::{Candidate, Phase, ProposalStatus};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{Principal, Role};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Path;
use crate::state::AppState;
use crate::store;

/// The round as a Pabulib `.pb` file: HB once voting is closed, everyone once
/// published. Voters are numbered in ascending order of their receipt hash,
/// which says nothing about who they are. `medlemsbudget import` reads it back.
#[utoipa::path(
    get, path = "/rounds/{round_id}/export.pb", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The Pabulib file", body = String, content_type = "text/plain",
            example = "META\nkey;value\ndescription;KV17\nbudget;500000.00\nvote_type;approval\nPROJECTS\nproject_id;cost;submitted_at;name;storkreds\n7;60000.00;1764072000000000;Valgkampsbus;fyn\nVOTES\nvoter_id;vote;storkreds\n1;7;fyn\n"),
        (status = 403, description = "Not HB and the round is not published", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting is not over", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn export_round(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<Response> {
    let round = store::rounds::get(&state.db, round_id).await?;
    let over = matches!(round.phase, Phase::Closed | Phase::Published);
    if principal.role != Role::Hb && round.phase != Phase::Published {
        return Err(ApiError::Forbidden(format!(
            "round {round_id} is exported for everyone once it is published"
        )));
    }
    if !over {
        return Err(ApiError::Conflict {
            slug: "wrong-phase",
            detail: format!(
                "the export is available once voting is closed; the round is '{}'",
                round.phase
            ),
        });
    }
    let proposals: Vec<ExportedProposal> =
        store::proposals::list(&state.db, round_id, None, Some(ProposalStatus::Accepted))
            .await?
            .into_iter()
            .map(|p| ExportedProposal {
                candidate: Candidate {
                    id: p.id,
                    storkreds: p.storkreds,
                    requested: p.amount,
                    submitted_at: p.submitted_at.timestamp_micros(),
                },
                title: p.title,
            })
            .collect();
    let ballots: Vec<CountedBallot> = store::ballots::all(&state.db, round_id)
        .await?
        .into_iter()
        .map(|b| CountedBallot {
            storkreds: b.storkreds,
            content: b.content,
        })
        .collect();
    let file = export(&RoundExport {
        name: &round.name,
        pool: round.pool,
        ballot: round.ballot,
        rule: round.rule,
        split: &round.split,
        proposals: &proposals,
        ballots: &ballots,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
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
