//! Follow-up on the money, public once a round is published: what each
//! funded bid and each storkreds was granted, spent, gave back and has
//! left, with the latest report, and a CSV file; each bid's page with its
//! whole history. On that page the board of the bid's storkreds reports
//! (status, expenses, money given back) and HB corrects with a reason and
//! approves spending beyond a grant. Every form calls the same service as
//! the API.

mod bid;
mod correct;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::follow_up::{Balance, ProjectStatus, Totals};

use super::i18n::{Lang, Tr};
use super::rounds::render;
use super::{Page, WebError};
use crate::rest::follow_up::csv;
use crate::services::follow_up::{self, BidFollowUp};
use crate::state::AppState;

/// `/runder/{id}/opfoelgning...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/runder/{id}/opfoelgning", get(overview))
        .route("/runder/{id}/opfoelgning.csv", get(csv_file))
        .route("/runder/{id}/opfoelgning/{proposal}", get(bid::page))
        .route("/runder/{id}/opfoelgning/{proposal}/status", post(bid::set_status))
        .route("/runder/{id}/opfoelgning/{proposal}/udgift", post(bid::add_expense))
        .route("/runder/{id}/opfoelgning/{proposal}/retur", post(bid::add_refund))
        .route(
            "/runder/{id}/opfoelgning/{proposal}/overforbrug",
            post(bid::approve_overrun),
        )
        .route(
            "/runder/{id}/opfoelgning/{proposal}/rettelse/{entry}",
            get(correct::page).post(correct::correct),
        )
}

/// The money of a bid, a storkreds or the round, in the visitor's language.
#[derive(Clone, Debug)]
pub struct MoneyView {
    /// The grant.
    pub granted: String,
    /// What HB approved beyond the grant.
    pub approved_extra: String,
    /// Whether HB approved anything beyond the grant.
    pub has_extra: bool,
    /// Spent.
    pub spent: String,
    /// Given back.
    pub given_back: String,
    /// What is left; below zero only by spending HB approved.
    pub remaining: String,
}

impl MoneyView {
    /// The view of `totals`.
    pub fn new(t: &Tr, totals: &Totals) -> MoneyView {
        MoneyView {
            granted: t.money(&totals.granted),
            approved_extra: t.money(&totals.approved_extra),
            has_extra: !totals.approved_extra.is_zero(),
            spent: t.money(&totals.spent),
            given_back: t.money(&totals.given_back),
            remaining: balance(t, totals.remaining),
        }
    }
}

/// An amount that may be below zero: `-1.500,00 kr.` or `DKK -1,500.00`.
fn balance(t: &Tr, balance: Balance) -> String {
    match t.lang {
        Lang::Da => balance.danish(),
        Lang::En => balance.english(),
    }
}

/// The latest report's time, or that there is none yet.
fn latest(t: &Tr, at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| t.get("followup-no-report"), |at| t.datetime(&at))
}

/// A project status in words.
pub fn status_name(t: &Tr, status: ProjectStatus) -> String {
    t.get(&format!("followup-status-{}", status.as_str().replace('_', "-")))
}

/// One funded bid as the pages show it.
#[derive(Clone, Debug)]
pub struct BidRow {
    /// The bid.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its storkreds' name.
    pub storkreds: String,
    /// Its status in words.
    pub status: String,
    /// Its money.
    pub money: MoneyView,
    /// The latest report, or that there is none yet.
    pub latest: String,
}

impl BidRow {
    /// The view of `bid`.
    pub fn new(t: &Tr, bid: &BidFollowUp) -> BidRow {
        BidRow {
            id: bid.proposal_id.0,
            title: bid.title.clone(),
            storkreds: bid.storkreds.name().to_owned(),
            status: status_name(t, bid.status),
            money: MoneyView::new(t, &bid.totals),
            latest: latest(t, bid.latest_report),
        }
    }
}

/// One storkreds' funded bids together.
#[derive(Clone, Debug)]
pub struct StorkredsRow {
    name: String,
    bids: u64,
    money: MoneyView,
    latest: String,
}

#[derive(Template)]
#[template(path = "follow_up.html")]
struct OverviewPage {
    page: Page,
    round_id: i64,
    round_name: String,
    total: MoneyView,
    sum: String,
    latest: String,
    bids: Vec<BidRow>,
    storkredse: Vec<StorkredsRow>,
}

/// `GET /runder/{id}/opfoelgning`: the round's follow-up, for everyone.
async fn overview(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let follow_up = follow_up::overview(&state.services, id)
        .await
        .map_err(|e| page.fail(e))?;
    let t = page.t;
    let total = MoneyView::new(&t, &follow_up.totals);
    let sum = t.args(
        "followup-sum",
        &[
            ("granted", total.granted.clone().into()),
            ("spent", total.spent.clone().into()),
            ("given_back", total.given_back.clone().into()),
            ("remaining", total.remaining.clone().into()),
        ],
    );
    let view = OverviewPage {
        round_id: id,
        round_name: follow_up.round_name.clone(),
        latest: latest(&t, follow_up.latest_report),
        bids: follow_up.bids.iter().map(|b| BidRow::new(&t, b)).collect(),
        storkredse: follow_up
            .storkredse
            .iter()
            .map(|s| StorkredsRow {
                name: s.storkreds.name().to_owned(),
                bids: s.bids as u64,
                money: MoneyView::new(&t, &s.totals),
                latest: latest(&t, s.latest_report),
            })
            .collect(),
        total,
        sum,
        page,
    };
    render(&view.page, &view)
}

/// `GET /runder/{id}/opfoelgning.csv`: the same file as the API's.
async fn csv_file(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let follow_up = follow_up::overview(&state.services, id)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(csv::download(&follow_up))
}
