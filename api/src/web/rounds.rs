//! Pages for everyone: the rounds, one round with its bids, and the
//! language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use medlemsbudget_domain::{Phase, ProposalStatus, Storkreds};
use serde::Deserialize;

use super::csrf;
use super::i18n::Lang;
use super::page::{Page, LANG_COOKIE};
use super::view::{storkreds_choices, BidView, Choice, RoundView, TimelineView};
use super::WebError;
use crate::services::rounds::{self, RoundWithBids};
use crate::state::AppState;

/// `/`, `/runder/{id}` and `/sprog`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/runder/{id}", get(round))
        .route("/sprog", get(switch_language))
}

/// Renders a template, or the error page if it cannot be rendered.
pub fn render(page: &Page, template: &impl Template) -> Result<Response, WebError> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| page.fail(crate::error::ApiError::Internal(format!("template: {e}"))))
}

/// Renders a form page: 422 when it shows errors to correct, else 200.
pub fn render_form(page: &Page, template: &impl Template, has_errors: bool) -> Result<Response, WebError> {
    let response = render(page, template)?;
    Ok(if has_errors {
        (axum::http::StatusCode::UNPROCESSABLE_ENTITY, response).into_response()
    } else {
        response
    })
}

#[derive(Template)]
#[template(path = "rounds.html")]
struct RoundsPage {
    page: Page,
    rounds: Vec<RoundView>,
}

async fn index(page: Page, State(state): State<AppState>) -> Result<Response, WebError> {
    let list = rounds::list(&state.services).await.map_err(|e| page.fail(e))?;
    let mut views: Vec<RoundView> = list.iter().map(|r| RoundView::new(&page.t, r)).collect();
    views.reverse();
    render(
        &page,
        &RoundsPage {
            page: page.clone(),
            rounds: views,
        },
    )
}

/// The filters of a round's bid list.
#[derive(Debug, Default, Deserialize)]
pub struct BidFilter {
    storkreds: Option<String>,
    status: Option<String>,
    indsendt: Option<String>,
    rettet: Option<String>,
    trukket: Option<String>,
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    page: Page,
    round: RoundView,
    timeline: TimelineView,
    bids: Vec<BidView>,
    storkredse: Vec<Choice>,
    statuses: Vec<Choice>,
    filtered: bool,
    may_bid: bool,
    own_storkreds: String,
    notice: String,
}

async fn round(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(filter): Query<BidFilter>,
) -> Result<Response, WebError> {
    let storkreds = filter
        .storkreds
        .as_deref()
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse::<Storkreds>().ok());
    let status = filter
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse::<ProposalStatus>().ok());
    let RoundWithBids {
        round,
        timeline,
        bids: list,
    } = rounds::with_bids(&state.services, page.actor.as_ref(), id, storkreds, status)
        .await
        .map_err(|e| page.fail(e))?;
    let statuses = [
        ProposalStatus::Submitted,
        ProposalStatus::Accepted,
        ProposalStatus::Rejected,
        ProposalStatus::Withdrawn,
    ]
    .iter()
    .map(|s| Choice {
        value: s.to_string(),
        label: super::view::status_name(&page.t, *s),
        selected: Some(*s) == status,
    })
    .collect();
    let may_bid = page.is_board() && round.phase == Phase::Submission;
    let notice = if filter.indsendt.is_some() {
        page.t.get("notice-submitted")
    } else if filter.rettet.is_some() {
        page.t.get("notice-edited")
    } else if filter.trukket.is_some() {
        page.t.get("notice-withdrawn")
    } else {
        String::new()
    };
    let view = RoundPage {
        round: RoundView::new(&page.t, &round),
        timeline: TimelineView::new(&page.t, &round, &timeline, state.services.clock().moment()),
        bids: list.iter().map(|p| BidView::new(&page.t, p)).collect(),
        storkredse: storkreds_choices(storkreds),
        statuses,
        filtered: storkreds.is_some() || status.is_some(),
        may_bid,
        notice,
        own_storkreds: page
            .actor
            .as_ref()
            .and_then(|a| a.storkreds())
            .map(|s| s.name().to_owned())
            .unwrap_or_default(),
        page,
    };
    render(&view.page, &view)
}

/// The language switch's query.
#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    til: String,
    tilbage: Option<String>,
}

async fn switch_language(page: Page, jar: CookieJar, Query(choice): Query<LanguageChoice>) -> Response {
    let lang = Lang::from_code(&choice.til).unwrap_or(Lang::Da);
    let back = choice
        .tilbage
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let jar = jar.add(csrf::cookie(LANG_COOKIE, lang.code().to_owned(), page.local));
    (jar, Redirect::to(&back)).into_response()
}
