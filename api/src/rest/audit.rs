//! The round's audit log, for HB: every state change, hash-chained, with a
//! verdict on whether the chain is intact.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::Path;
use crate::services::audit;
use crate::state::AppState;

/// One event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    /// Position in the round's chain, from 1.
    pub seq: i64,
    /// What happened: `round_created`, `phase_changed`, `electorate_imported`,
    /// `proposal_submitted`, `proposal_edited`, `proposal_reviewed`,
    /// `proposal_withdrawn`, `tally_run`, `timeline_set`, `timeline_moved`.
    /// A `phase_changed` made by the service at a date of the timeline has
    /// `"by": "schedule"` and `planned_at` in its details.
    pub kind: String,
    /// The event's data (counts, never how anyone voted).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// When (RFC 3339).
    pub at: String,
    /// The previous event's hash.
    pub prev_hash: String,
    /// `SHA256` over the previous hash and this event's fields.
    pub hash: String,
}

/// A round's audit log and whether it is intact.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"round_id": 1, "intact": true, "problem": null, "events": [{"seq": 1, "kind": "round_created",
    "details": {"name": "KV17 grundarbejde", "pool": "500000.00"}, "at": "2026-11-25T12:00:00.000000Z",
    "prev_hash": "0000000000000000000000000000000000000000000000000000000000000000",
    "hash": "5f0c6a3f8d1e4b2a9c7e6d5b4a3928171615141312111009080706050403020a"}]}))]
pub struct AuditView {
    /// The round.
    pub round_id: i64,
    /// Whether every event checks out against its hash and its predecessor.
    pub intact: bool,
    /// Where the chain breaks, if it does.
    pub problem: Option<String>,
    /// The events in order.
    pub events: Vec<AuditEventView>,
}

/// Reads the round's audit log (HB only).
#[utoipa::path(
    get, path = "/rounds/{round_id}/audit", tag = "audit",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The audit log", body = AuditView),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_audit(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<Json<AuditView>> {
    let log = audit::log(&state.services, &actor, round_id).await?;
    Ok(Json(AuditView {
        round_id: log.round_id,
        intact: log.verdict.is_ok(),
        problem: log.verdict.err().map(|b| b.to_string()),
        events: log
            .records
            .into_iter()
            .map(|r| AuditEventView {
                seq: r.seq,
                kind: r.kind,
                details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::String(r.details)),
                at: r.at,
                prev_hash: r.prev_hash,
                hash: r.hash,
            })
            .collect(),
    }))
}

/// The audit routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_audit))
}
