//! The member's ballot: fill in, review, cast, and the receipt shown once.
//! The ballot can be changed until voting closes.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use axum_extra::extract::Form;
use medlemsbudget_domain::ballot_rules::{BallotContent, BallotInput, BallotRules};
use medlemsbudget_domain::{BallotError, Money, ProposalId};

use super::i18n::Tr;
use super::rounds::{render, render_form};
use super::{Page, WebError};
use crate::services::ballots::{self, BallotSheet};
use crate::state::AppState;

/// `/runder/{id}/stemme`.
pub fn router() -> Router<AppState> {
    Router::new().route("/runder/{id}/stemme", get(show).post(submit))
}

/// A bid on the ballot, as filled in so far.
#[derive(Clone, Debug)]
pub struct BallotItem {
    id: i64,
    title: String,
    description: String,
    storkreds: String,
    amount: String,
    ore: i64,
    checked: bool,
    points: u32,
    points_label: String,
    error: String,
}

impl BallotItem {
    /// Whether the item carries its own error.
    pub fn has_error(&self) -> bool {
        !self.error.is_empty()
    }
}

#[derive(Template)]
#[template(path = "ballot.html")]
struct BallotPage {
    page: Page,
    round_id: i64,
    round_name: String,
    instructions: String,
    kind: &'static str,
    limit: i64,
    live: String,
    live_template: String,
    live_over: String,
    items: Vec<BallotItem>,
    error: String,
    has_voted: bool,
    /// Checked off at a meeting: voted on paper, so no form.
    checked_off: bool,
}

#[derive(Template)]
#[template(path = "ballot_review.html")]
struct ReviewPage {
    page: Page,
    round_id: i64,
    round_name: String,
    chosen: Vec<BallotItem>,
    kind: &'static str,
    total: String,
    blank: bool,
}

#[derive(Template)]
#[template(path = "ballot_receipt.html")]
struct ReceiptPage {
    page: Page,
    round_id: i64,
    round_name: String,
    receipt: String,
    changed: bool,
}

fn kind(rules: &BallotRules) -> &'static str {
    match rules {
        BallotRules::Approval { .. } => "approval",
        BallotRules::Knapsack { .. } => "knapsack",
        BallotRules::Cumulative { .. } => "cumulative",
    }
}

/// The limit the live counter counts against: approvals, øre or points (0: none).
fn limit(rules: &BallotRules, pool: Money) -> i64 {
    match rules {
        BallotRules::Approval { max_approvals, .. } => max_approvals.map_or(0, i64::from),
        BallotRules::Knapsack { limit } => limit.unwrap_or(pool).ore(),
        BallotRules::Cumulative { points, .. } => i64::from(*points),
    }
}

fn items(t: &Tr, sheet: &BallotSheet, content: Option<&BallotContent>) -> Vec<BallotItem> {
    sheet
        .bids
        .iter()
        .map(|p| {
            let (checked, points) = match content {
                Some(BallotContent::Approvals(set)) => (set.contains(&p.id), 0),
                Some(BallotContent::Points(map)) => {
                    let points = map.get(&p.id).copied().unwrap_or(0);
                    (points > 0, points)
                }
                None => (false, 0),
            };
            BallotItem {
                id: p.id.0,
                title: p.title.clone(),
                description: p.description.clone(),
                storkreds: p.storkreds.name().to_owned(),
                amount: t.money(&p.amount),
                ore: p.amount.ore(),
                checked,
                points,
                points_label: t.count("ballot-points", "points", u64::from(points)),
                error: String::new(),
            }
        })
        .collect()
}

/// The live counter's text for what is ticked or spread.
fn live_text(t: &Tr, kind: &str, limit: i64, items: &[BallotItem]) -> (String, String, String) {
    let key = format!("ballot-live-{kind}");
    let template = t.get(&key);
    let over = t.get(&format!("{key}-over"));
    let used: i64 = match kind {
        "knapsack" => items.iter().filter(|i| i.checked).map(|i| i.ore).sum(),
        "cumulative" => items.iter().map(|i| i64::from(i.points)).sum(),
        _ => items.iter().filter(|i| i.checked).count() as i64,
    };
    if limit == 0 {
        return (String::new(), String::new(), String::new());
    }
    let show = |v: i64| match kind {
        "knapsack" => Money::from_ore(v.max(0)).map(|m| t.money(&m)).unwrap_or_default(),
        _ => v.to_string(),
    };
    let text = template
        .replace("%used%", &show(used))
        .replace("%limit%", &show(limit))
        .replace("%left%", &show((limit - used).max(0)));
    let text = if used > limit { format!("{text} {over}") } else { text };
    (text, template, over)
}

fn ballot_page(
    page: Page,
    round_id: i64,
    sheet: &BallotSheet,
    items: Vec<BallotItem>,
    error: String,
) -> Result<Response, WebError> {
    let t = page.t;
    let kind = kind(&sheet.round.ballot);
    let limit = limit(&sheet.round.ballot, sheet.round.pool);
    let (live, live_template, live_over) = live_text(&t, kind, limit, &items);
    let view = BallotPage {
        round_id,
        round_name: sheet.round.name.clone(),
        instructions: super::view::RoundView::new(&t, &sheet.round).ballot,
        kind,
        limit,
        live,
        live_template,
        live_over,
        items,
        error,
        has_voted: sheet.current.is_some(),
        checked_off: sheet.checked_off,
        page,
    };
    render_form(&view.page, &view, !view.error.is_empty())
}

async fn show(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let sheet = ballots::sheet(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    let items = items(&page.t, &sheet, sheet.current.as_ref());
    ballot_page(page, id, &sheet, items, String::new())
}

/// Reads the form into a ballot: `forslag` values for approvals, `point-<id>`
/// fields for points. A points field that is not a whole number is named.
fn read_form(pairs: &[(String, String)], rules: &BallotRules) -> Result<BallotInput, (i64, String)> {
    match rules {
        BallotRules::Cumulative { .. } => {
            let mut points = Vec::new();
            for (key, value) in pairs {
                let Some(id) = key.strip_prefix("point-").and_then(|id| id.parse::<i64>().ok()) else {
                    continue;
                };
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                let n: u32 = value.parse().map_err(|_| (id, value.to_owned()))?;
                if n > 0 {
                    points.push((ProposalId(id), n));
                }
            }
            Ok(BallotInput::Points(points))
        }
        _ => Ok(BallotInput::Approvals(
            pairs
                .iter()
                .filter(|(key, _)| key == "forslag")
                .filter_map(|(_, value)| value.parse::<i64>().ok().map(ProposalId))
                .collect(),
        )),
    }
}

/// The ballot as the form sent it, for showing it again.
fn as_content(input: &BallotInput) -> BallotContent {
    match input {
        BallotInput::Approvals(ids) => BallotContent::Approvals(ids.iter().copied().collect()),
        BallotInput::Points(points) => BallotContent::Points(points.iter().copied().collect()),
    }
}

/// A ballot error in the visitor's language, and the bid it concerns.
pub(super) fn ballot_error(t: &Tr, error: &BallotError) -> (String, Option<ProposalId>) {
    match error {
        BallotError::TooMany { max, given } => (
            t.args(
                "ballot-error-too-many",
                &[("max", u64::from(*max).into()), ("given", (*given as u64).into())],
            ),
            None,
        ),
        BallotError::TooFew { min, given } => (
            t.args(
                "ballot-error-too-few",
                &[("min", u64::from(*min).into()), ("given", (*given as u64).into())],
            ),
            None,
        ),
        BallotError::OverBudget { total, limit } => (
            t.args(
                "ballot-error-over-budget",
                &[("total", t.money(total).into()), ("limit", t.money(limit).into())],
            ),
            None,
        ),
        BallotError::TooManyPoints { max, given } => (
            t.args(
                "ballot-error-too-many-points",
                &[("max", (*max).into()), ("given", (*given).into())],
            ),
            None,
        ),
        BallotError::OverBidCap { id, max, .. } => {
            (t.count("ballot-error-over-cap", "max", u64::from(*max)), Some(*id))
        }
        BallotError::OtherStorkreds { id, .. } => (t.get("ballot-error-other-storkreds"), Some(*id)),
        BallotError::Duplicate(_)
        | BallotError::Unknown(_)
        | BallotError::NotAccepted { .. }
        | BallotError::WrongKind { .. } => (t.get("ballot-error-stale"), None),
    }
}

async fn submit(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let services = &state.services;
    let sheet = ballots::sheet(services, &actor, id).await.map_err(|e| page.fail(e))?;
    let t = page.t;
    let step = pairs
        .iter()
        .find(|(k, _)| k == "trin")
        .map(|(_, v)| v.as_str())
        .unwrap_or("gennemse");
    let input = match read_form(&pairs, &sheet.round.ballot) {
        Ok(input) => input,
        Err((bad, typed)) => {
            let mut items = items(&t, &sheet, None);
            for item in &mut items {
                if item.id == bad {
                    item.error = t.with("ballot-error-points", "typed", &typed);
                }
            }
            return ballot_page(page, id, &sheet, items, t.get("ballot-error-fix"));
        }
    };
    let shown = as_content(&input);
    if step == "ret" {
        let items = items(&t, &sheet, Some(&shown));
        return ballot_page(page, id, &sheet, items, String::new());
    }
    let checked = ballots::check(services, &actor, id, &input)
        .await
        .map_err(|e| page.fail(e))?;
    let content = match checked {
        Ok(content) => content,
        Err(error) => {
            let (message, bid) = ballot_error(&t, &error);
            let mut items = items(&t, &sheet, Some(&shown));
            if let Some(bid) = bid {
                for item in items.iter_mut().filter(|i| i.id == bid.0) {
                    item.error.clone_from(&message);
                }
            }
            return ballot_page(page, id, &sheet, items, message);
        }
    };
    if step != "afgiv" {
        let all = items(&t, &sheet, Some(&content));
        let kind = kind(&sheet.round.ballot);
        let chosen: Vec<BallotItem> = all.into_iter().filter(|i| i.checked).collect();
        let total_ore: i64 = chosen.iter().map(|i| i.ore).sum();
        let total = match kind {
            "cumulative" => t.count(
                "ballot-review-points",
                "points",
                chosen.iter().map(|i| u64::from(i.points)).sum::<u64>(),
            ),
            _ => t.with(
                "ballot-review-total",
                "total",
                Money::from_ore(total_ore).map(|m| t.money(&m)).unwrap_or_default(),
            ),
        };
        let view = ReviewPage {
            round_id: id,
            round_name: sheet.round.name.clone(),
            blank: chosen.is_empty(),
            chosen,
            kind,
            total,
            page,
        };
        return render(&view.page, &view);
    }
    let cast = ballots::cast(services, &actor, id, input)
        .await
        .map_err(|e| page.fail(e))?;
    let view = ReceiptPage {
        round_id: id,
        round_name: sheet.round.name.clone(),
        receipt: cast.receipt,
        changed: sheet.current.is_some(),
        page,
    };
    render(&view.page, &view)
}
