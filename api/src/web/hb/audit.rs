//! The round's audit log, with the verdict on its hash chain.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::super::rounds::render;
use super::super::{Page, WebError};
use crate::services::audit;
use crate::state::AppState;

/// One event as shown.
#[derive(Clone, Debug)]
pub struct Entry {
    seq: i64,
    what: String,
    details: String,
    at: String,
    hash: String,
}

#[derive(Template)]
#[template(path = "hb/audit.html")]
struct AuditPage {
    page: Page,
    round_id: i64,
    round_name: String,
    entries: Vec<Entry>,
    verdict: String,
    intact: bool,
    side: usize,
    sides: usize,
}

/// Events shown on one page of the log.
const PER_PAGE: usize = 50;

/// Which page of the log, newest first (`?side=2`).
#[derive(Debug, Default, Deserialize)]
pub struct Side {
    side: Option<usize>,
}

/// `GET /hb/runder/{id}/log`.
pub async fn page(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(Side { side }): Query<Side>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let log = audit::log(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    let t = page.t;
    let sides = log.records.len().div_ceil(PER_PAGE).max(1);
    let side = side.unwrap_or(1).clamp(1, sides);
    let entries = log
        .records
        .iter()
        .rev()
        .skip((side - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|r| Entry {
            seq: r.seq,
            what: t
                .try_get(&format!("audit-{}", r.kind.replace('_', "-")))
                .unwrap_or_else(|| r.kind.clone()),
            details: r.details.clone(),
            at: chrono::DateTime::parse_from_rfc3339(&r.at)
                .map(|d| t.datetime(&d.to_utc()))
                .unwrap_or_else(|_| r.at.clone()),
            hash: r.hash.chars().take(16).collect(),
        })
        .collect();
    let (intact, verdict) = match &log.verdict {
        Ok(n) => (true, t.count("audit-intact", "count", *n as u64)),
        Err(broken) => (false, t.args("audit-broken", &[("seq", broken.seq.into())])),
    };
    let view = AuditPage {
        round_id: id,
        round_name: log.round_name,
        entries,
        verdict,
        intact,
        side,
        sides,
        page,
    };
    render(&view.page, &view)
}
