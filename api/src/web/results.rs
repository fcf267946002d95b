//! The result of a round, public once published (HB sees the tally before):
//! funded and unfunded bids, why, the rule's steps, each storkreds' kroner
//! against its members and voters, the published ballots with a search by
//! receipt, and the files anyone can recount from.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use medlemsbudget_domain::verification::{content_text, normalize_receipt, receipt_hash};
use medlemsbudget_domain::Phase;
use serde::Deserialize;

use super::explain;
use super::i18n::Tr;
use super::rounds::render;
use super::view::RoundView;
use super::{Page, WebError};
use crate::services::results::RoundResult;
use crate::services::{ballots, publication, results};
use crate::state::AppState;

/// `/runder/{id}/resultat` and its downloads.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/runder/{id}/resultat", get(page))
        .route("/runder/{id}/resultat/runde.pb", get(export))
        .route("/runder/{id}/resultat/stemmer.json", get(ballot_list))
        .route("/runder/{id}/resultat/offentliggoerelse.json", get(signed))
}

/// One bid's line.
#[derive(Clone, Debug)]
pub struct Line {
    title: String,
    storkreds: String,
    requested: String,
    allocated: String,
    votes: u64,
    summary: String,
    explanation: String,
    /// Whether `explanation` is the published English sentence (results
    /// tallied before reasons were kept).
    in_english: bool,
    allocated_ore: i64,
}

/// One storkreds' row, with its shares for the chart.
#[derive(Clone, Debug)]
pub struct StorkredsRow {
    name: String,
    allocated: String,
    members: String,
    voters: String,
    kroner_share: String,
    members_share: String,
    voters_share: String,
    y: u32,
    kroner_width: u32,
    members_width: u32,
    voters_width: u32,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultPage {
    page: Page,
    round: RoundView,
    published: bool,
    pool: String,
    allocated: String,
    unallocated: String,
    ballots: u64,
    max_ore: i64,
    funded: Vec<Line>,
    unfunded: Vec<Line>,
    steps: Vec<String>,
    steps_in_english: bool,
    storkredse: Vec<StorkredsRow>,
    has_roll: bool,
    chart_height: u32,
    search: String,
    search_result: String,
    search_found: bool,
    published_count: u64,
    public_key: String,
}

/// The receipt search.
#[derive(Debug, Default, Deserialize)]
pub struct Search {
    kvittering: Option<String>,
}

fn line(t: &Tr, result: &RoundResult, l: &medlemsbudget_domain::tally::TallyLine) -> Line {
    let summary = if l.funded {
        t.args(
            "result-funded-summary",
            &[("rank", (l.rank as u64).into()), ("votes", l.votes.into())],
        )
    } else {
        t.count("result-unfunded-summary", "votes", l.votes)
    };
    let told = explain::reasons(t, &l.reasons, &result.titles);
    Line {
        in_english: told.is_none(),
        explanation: told.unwrap_or_else(|| l.explanation.clone()),
        title: result.titles.get(&l.id).cloned().unwrap_or_default(),
        storkreds: l.storkreds.name().to_owned(),
        requested: t.money(&l.requested),
        allocated: t.money(&l.allocated),
        votes: l.votes,
        summary,
        allocated_ore: l.allocated.ore(),
    }
}

/// Where the chart's first storkreds starts, below the legend.
const CHART_TOP: u32 = 30;
/// Height of one storkreds in the chart: its name above its three bars,
/// so the chart stays narrow and its text readable on a phone.
const CHART_ROW: u32 = 62;

/// Bar width (of 300) for `part` of `whole`.
fn width(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as u128 * 300 + whole as u128 / 2) / whole as u128) as u32
    }
}

fn storkreds_rows(t: &Tr, result: &RoundResult) -> Vec<StorkredsRow> {
    let tally = &result.stored.tally;
    let total_ore: u64 = tally.storkredse.iter().map(|s| s.allocated.ore().max(0) as u64).sum();
    let members: BTreeMap<_, u64> = result.members.clone().unwrap_or_default();
    let total_members: u64 = members.values().sum();
    let total_voters: u64 = tally.storkredse.iter().map(|s| s.voters).sum();
    tally
        .storkredse
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let ore = s.allocated.ore().max(0) as u64;
            let m = members.get(&s.storkreds).copied().unwrap_or(0);
            StorkredsRow {
                name: s.storkreds.name().to_owned(),
                allocated: t.money(&s.allocated),
                members: t.number(&m),
                voters: t.number(&s.voters),
                kroner_share: t.percent(ore, total_ore),
                members_share: t.percent(m, total_members),
                voters_share: t.percent(s.voters, total_voters),
                y: CHART_TOP + i as u32 * CHART_ROW,
                kroner_width: width(ore, total_ore),
                members_width: width(m, total_members),
                voters_width: width(s.voters, total_voters),
            }
        })
        .collect()
}

async fn page(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(search): Query<Search>,
) -> Result<Response, WebError> {
    let services = &state.services;
    let typed = search.kvittering.unwrap_or_default();
    let asked = (!typed.trim().is_empty()).then(|| normalize_receipt(&typed));
    let hash = asked.clone().flatten().map(|receipt| receipt_hash(&receipt));
    let results::ResultPage { round, result, found } =
        results::page(services, page.actor.as_ref(), id, hash.as_deref())
            .await
            .map_err(|e| page.fail(e))?;
    let t = page.t;
    let tally = &result.stored.tally;
    let published = round.phase == Phase::Published;
    let mut funded: Vec<Line> = tally
        .lines
        .iter()
        .filter(|l| l.funded)
        .map(|l| line(&t, &result, l))
        .collect();
    funded.sort_by_key(|l| std::cmp::Reverse(l.allocated_ore));
    let unfunded = tally
        .lines
        .iter()
        .filter(|l| !l.funded)
        .map(|l| line(&t, &result, l))
        .collect();
    let public_key = if published {
        publication::public_key(services)
    } else {
        String::new()
    };
    let (search_result, search_found) = match (asked, found) {
        (None, _) => (String::new(), false),
        _ if !published => (String::new(), false),
        (Some(None), _) => (t.get("receipt-search-malformed"), false),
        (Some(Some(_)), None) => (t.get("receipt-search-missing"), false),
        (Some(Some(_)), Some(ballot)) => {
            let names: Vec<String> = ballot
                .content
                .supported()
                .iter()
                .map(|id| result.titles.get(id).cloned().unwrap_or_else(|| id.to_string()))
                .collect();
            let content = if names.is_empty() {
                t.get("receipt-search-blank")
            } else {
                names.join(", ")
            };
            (
                t.args(
                    "receipt-search-found",
                    &[
                        ("content", content.into()),
                        ("raw", content_text(&ballot.content).into()),
                    ],
                ),
                true,
            )
        }
    };
    let storkredse = storkreds_rows(&t, &result);
    let view = ResultPage {
        round: RoundView::new(&t, &round),
        published,
        pool: t.money(&tally.pool),
        allocated: t.money(&tally.allocated),
        unallocated: t.money(&tally.unallocated),
        ballots: tally.ballots as u64,
        max_ore: tally.lines.iter().map(|l| l.requested.ore()).max().unwrap_or(1).max(1),
        funded,
        unfunded,
        steps_in_english: tally.step_log.is_empty() && !tally.steps.is_empty(),
        steps: if tally.step_log.is_empty() {
            tally.steps.clone()
        } else {
            tally
                .step_log
                .iter()
                .map(|s| explain::step(&t, s, &result.titles))
                .collect()
        },
        chart_height: CHART_TOP + storkredse.len() as u32 * CHART_ROW,
        storkredse,
        has_roll: result.members.is_some(),
        search: typed,
        search_result,
        search_found,
        published_count: if published { tally.ballots as u64 } else { 0 },
        public_key,
        page,
    };
    render(&view.page, &view)
}

fn download(body: String, content_type: &'static str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

async fn export(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let file = results::export_for(&state.services, page.actor.as_ref(), id)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(download(file, "text/plain; charset=utf-8", format!("runde-{id}.pb")))
}

async fn ballot_list(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let list = ballots::published(&state.services, id)
        .await
        .map_err(|e| page.fail(e))?;
    let body = crate::rest::ballot::published_json(&list).map_err(|e| page.fail(e))?;
    Ok(download(body, "application/json", format!("stemmer-{id}.json")))
}

async fn signed(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let signed = publication::get(&state.services, id).await.map_err(|e| page.fail(e))?;
    let body = crate::rest::publication::signed_json(&signed).map_err(|e| page.fail(e))?;
    Ok(download(
        body,
        "application/json",
        format!("offentliggoerelse-{id}.json"),
    ))
}
