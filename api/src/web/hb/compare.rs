//! Compare rules on the real ballots before publishing: greedy, equal shares
//! and Phragmén under the round's split and the other splits, side by side,
//! marked unofficial. Nothing is stored.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use medlemsbudget_domain::rules::Rule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{Money, ProposalId};

use super::super::i18n::Tr;
use super::super::rounds::render;
use super::super::view::RoundView;
use super::super::{Page, WebError};
use crate::services::results;
use crate::state::AppState;

/// One rule under one split.
#[derive(Clone, Debug)]
pub struct Column {
    heading: String,
    official: bool,
    allocated: String,
    unallocated: String,
    funded: usize,
}

/// One bid across the columns.
#[derive(Clone, Debug)]
pub struct Row {
    title: String,
    storkreds: String,
    requested: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "hb/compare.html")]
struct ComparePage {
    page: Page,
    round: RoundView,
    columns: Vec<Column>,
    rows: Vec<Row>,
    skipped: Vec<String>,
}

fn split_name(t: &Tr, split: &Split) -> String {
    let key = match split {
        Split::National => "split-national",
        Split::Equal { .. } => "split-equal",
        Split::ByMembers { .. } => "split-by-members",
        Split::Floor { .. } => "split-floor",
        Split::Fixed { .. } => "split-fixed",
    };
    t.get(key)
}

fn rule_name(t: &Tr, rule: Rule) -> String {
    t.get(match rule {
        Rule::Greedy => "rule-greedy",
        Rule::Mes => "rule-mes",
        Rule::Phragmen => "rule-phragmen",
    })
}

/// `GET /hb/runder/{id}/sammenlign`.
pub async fn page(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let results::RoundComparison { round, comparison } = results::compare(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    let t = page.t;
    let mut columns = Vec::new();
    let mut outcomes: Vec<std::collections::BTreeMap<ProposalId, Money>> = Vec::new();
    let mut skipped = Vec::new();
    let mut titles = std::collections::BTreeMap::new();
    let mut requested = Vec::new();
    for (candidate, split, answer) in comparison.iter() {
        let heading = format!("{} · {}", rule_name(&t, candidate.rule), split_name(&t, split));
        let Some(result) = answer else {
            skipped.push(heading);
            continue;
        };
        let tally = &result.stored.tally;
        if requested.is_empty() {
            requested = tally
                .lines
                .iter()
                .map(|l| (l.id, l.storkreds, l.requested))
                .collect::<Vec<_>>();
            titles.clone_from(&result.titles);
        }
        columns.push(Column {
            heading,
            official: *candidate == round.rule && *split == round.split,
            allocated: t.money(&tally.allocated),
            unallocated: t.money(&tally.unallocated),
            funded: tally.lines.iter().filter(|l| l.funded).count(),
        });
        outcomes.push(
            tally
                .lines
                .iter()
                .filter(|l| l.funded)
                .map(|l| (l.id, l.allocated))
                .collect(),
        );
    }
    requested.sort_by_key(|(id, _, _)| *id);
    let rows = requested
        .iter()
        .map(|(id, storkreds, amount)| Row {
            title: titles.get(id).cloned().unwrap_or_default(),
            storkreds: storkreds.name().to_owned(),
            requested: t.money(amount),
            cells: outcomes
                .iter()
                .map(|funded| funded.get(id).map_or_else(|| "–".to_owned(), |m| t.money(m)))
                .collect(),
        })
        .collect();
    let view = ComparePage {
        round: RoundView::new(&t, &round),
        columns,
        rows,
        skipped,
        page,
    };
    render(&view.page, &view)
}
