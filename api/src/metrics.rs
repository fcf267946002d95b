//! `/metrics` in Prometheus text format: requests by route and status,
//! latency, ballots accepted and rejected, each round's phase and the
//! database pool. Phases and pool figures are read when scraped, not cached,
//! so every process reports the same truth.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use medlemsbudget_domain::Phase;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process-wide Prometheus recorder, installed on first use.
fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), &LATENCY_BUCKETS)
                .ok()?
                .install_recorder()
                .ok()
        })
        .as_ref()
}

/// Installs the recorder so that counters record from the first request.
pub fn init() {
    let _ = handle();
}

/// Counts a request and its latency, labelled by route template and status.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("medlemsbudget_http_requests_total", &labels).increment(1);
    metrics::histogram!("medlemsbudget_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// Counts a ballot request's outcome.
pub fn ballot_outcome(result: &ApiResult<impl Sized>) {
    match result {
        Ok(_) => metrics::counter!("medlemsbudget_ballots_accepted_total").increment(1),
        Err(error) => {
            let reason = error.problem().type_.rsplit('/').next().unwrap_or_default().to_owned();
            metrics::counter!("medlemsbudget_ballots_rejected_total", "reason" => reason).increment(1);
        }
    }
}

/// Prometheus metrics for this process (text exposition format).
#[utoipa::path(
    get, path = "/metrics", tag = "health",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_metrics(State(state): State<AppState>) -> ApiResult<Response> {
    let handle = handle().ok_or_else(|| ApiError::Internal("the metrics recorder is not installed".into()))?;
    let rounds = crate::services::rounds::list(&state.services)
        .await
        .map_err(|e| ApiError::Unavailable(format!("cannot read rounds: {e}")))?;
    for round in rounds {
        for phase in Phase::ALL {
            let labels = [("round", round.id.to_string()), ("phase", phase.to_string())];
            metrics::gauge!("medlemsbudget_round_phase", &labels).set(if phase == round.phase { 1.0 } else { 0.0 });
        }
    }
    let (size, idle) = pool_figures(state.services.db());
    metrics::gauge!("medlemsbudget_db_pool_connections").set(f64::from(size));
    metrics::gauge!("medlemsbudget_db_pool_in_use").set(f64::from(size.saturating_sub(idle)));
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response())
}

fn pool_figures(db: &sea_orm::DatabaseConnection) -> (u32, u32) {
    match db {
        sea_orm::DatabaseConnection::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(u32::MAX))
        }
        sea_orm::DatabaseConnection::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(u32::MAX))
        }
        _ => (0, 0),
    }
}

/// The metrics route (outside `/api/v1`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_metrics))
}
