//! The round's audit log, with the verdict on its hash chain.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::super::rounds::render;
use super::super::{Page, WebError};
use crate::services::{audit, rounds};
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
}

/// `GET /hb/runder/{id}/log`.
pub async fn page(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let log = audit::log(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    let round = rounds::get(&state.services, id).await.map_err(|e| page.fail(e))?;
    let t = page.t;
    let entries = log
        .records
        .iter()
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
        round_name: round.name,
        entries,
        verdict,
        intact,
        page,
    };
    render(&view.page, &view)
}
