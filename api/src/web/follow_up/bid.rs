//! One funded bid's follow-up page: its money, its history, and the forms
//! of those who may act on it. The board of the bid's storkreds sets the
//! status and reports expenses and money given back; HB sets the status
//! with a reason and approves spending beyond the grant. A refused form is
//! shown again with its errors next to its fields.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use medlemsbudget_domain::follow_up::{may_correct, may_report, EntryKind, ProjectStatus};
use medlemsbudget_domain::{EntryDescription, Phase, Reason, Role};
use serde::Deserialize;

use super::super::form::{date, kroner, text_error, FieldErrors};
use super::super::i18n::{copenhagen, Tr};
use super::super::rounds::render_form;
use super::super::view::Choice;
use super::super::{Page, WebError};
use super::{status_name, BidRow};
use crate::error::ApiError;
use crate::services::follow_up::{self, BidHistory, EntryInput};
use crate::state::AppState;

/// An expense or money given back as typed (also HB's correction).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    pub(super) date: String,
    #[serde(default)]
    pub(super) amount: String,
    #[serde(default)]
    pub(super) description: String,
}

/// The status form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
}

/// HB's approval of an overrun as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ApprovalForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// What was typed into the page's forms: only the form that was sent
/// keeps its values.
#[derive(Clone, Debug, Default)]
struct Typed {
    status: StatusForm,
    expense: EntryForm,
    refund: EntryForm,
    approval: ApprovalForm,
}

/// The fields of each form: the API's name and the field's id on the page.
const STATUS_FIELDS: [(&str, &str); 2] = [("status", "status-status"), ("reason", "status-reason")];
const EXPENSE_FIELDS: [(&str, &str); 3] = [
    ("date", "expense-date"),
    ("amount", "expense-amount"),
    ("description", "expense-description"),
];
const REFUND_FIELDS: [(&str, &str); 3] = [
    ("date", "refund-date"),
    ("amount", "refund-amount"),
    ("description", "refund-description"),
];
const APPROVAL_FIELDS: [(&str, &str); 2] = [("approved_extra", "approval-amount"), ("reason", "approval-reason")];

/// Each field's label, in the order the page shows them.
const LABELS: [(&str, &str); 10] = [
    ("status-status", "followup-status-label"),
    ("status-reason", "followup-note-label"),
    ("expense-date", "followup-date"),
    ("expense-amount", "followup-amount"),
    ("expense-description", "followup-expense-description"),
    ("refund-date", "followup-date"),
    ("refund-amount", "followup-amount"),
    ("refund-description", "followup-refund-description"),
    ("approval-amount", "followup-approval-amount"),
    ("approval-reason", "followup-reason"),
];

/// One entry of the history as shown.
#[derive(Clone, Debug)]
pub struct EntryRow {
    id: i64,
    what: String,
    date: String,
    amount: String,
    description: String,
    reason: String,
    corrected: String,
    by: String,
    at: String,
    correctable: bool,
}

/// One reported status as shown.
#[derive(Clone, Debug)]
pub struct StatusRow {
    status: String,
    note: String,
    by: String,
    at: String,
}

/// One approval of an overrun as shown.
#[derive(Clone, Debug)]
pub struct ApprovalRow {
    extra: String,
    reason: String,
    at: String,
}

#[derive(Template)]
#[template(path = "follow_up_bid.html")]
struct BidPage {
    page: Page,
    round_id: i64,
    bid: BidRow,
    entries: Vec<EntryRow>,
    statuses: Vec<StatusRow>,
    approvals: Vec<ApprovalRow>,
    reports: bool,
    corrects: bool,
    status_choices: Vec<Choice>,
    typed: Typed,
    errors: FieldErrors,
    error_links: Vec<(String, String)>,
    other_errors: Vec<String>,
    notice: String,
}

fn who(t: &Tr, role: Role) -> String {
    t.get(if role == Role::Hb {
        "followup-by-hb"
    } else {
        "followup-by-board"
    })
}

fn entry_rows(t: &Tr, history: &BidHistory, corrects: bool) -> Vec<EntryRow> {
    history
        .records
        .entries
        .iter()
        .map(|recorded| {
            let entry = &recorded.entry;
            let content = entry.content.as_ref();
            let kind = match recorded.kind {
                EntryKind::Expense => t.get("followup-kind-expense"),
                EntryKind::Refund => t.get("followup-kind-refund"),
            };
            let what = match (entry.corrects, content) {
                (None, _) => kind,
                (Some(target), Some(_)) => t.args(
                    "followup-correction-of",
                    &[("kind", kind.into()), ("entry", target.0.into())],
                ),
                (Some(target), None) => t.with("followup-removal-of", "entry", target.0),
            };
            let corrected_by = history.corrected_by.get(&entry.id);
            EntryRow {
                id: entry.id.0,
                what,
                date: content.map(|c| t.date(&c.date())).unwrap_or_default(),
                amount: content.map(|c| t.money(&c.amount())).unwrap_or_default(),
                description: content.map(|c| c.description().to_string()).unwrap_or_default(),
                reason: recorded.reason.clone().unwrap_or_default(),
                corrected: corrected_by
                    .map(|by| t.with("followup-corrected-by", "entry", by.0))
                    .unwrap_or_default(),
                by: who(
                    t,
                    if entry.corrects.is_some() {
                        Role::Hb
                    } else {
                        Role::Board
                    },
                ),
                at: t.datetime(&recorded.recorded_at),
                correctable: corrects && content.is_some() && corrected_by.is_none(),
            }
        })
        .collect()
}

/// Shows the bid's page with `typed` in its forms and `errors` next to
/// their fields (422 when there are any).
async fn show(
    page: Page,
    state: &AppState,
    (round_id, proposal_id): (i64, i64),
    mut typed: Typed,
    errors: FieldErrors,
    notice: String,
) -> Result<Response, WebError> {
    let today = copenhagen(state.services.clock().now())
        .date()
        .format("%Y-%m-%d")
        .to_string();
    for form in [&mut typed.expense, &mut typed.refund] {
        if form.date.is_empty() {
            form.date.clone_from(&today);
        }
    }
    let history = follow_up::bid(&state.services, round_id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    let t = page.t;
    let summary = &history.summary;
    let (reports, corrects) = page.actor.as_ref().map_or((false, false), |actor| {
        let id = summary.proposal_id;
        (
            may_report(actor, round_id, Phase::Published, id, summary.storkreds, true).is_ok(),
            may_correct(actor, round_id, Phase::Published, id, true).is_ok(),
        )
    });
    let chosen = typed.status.status.parse::<ProjectStatus>().unwrap_or(summary.status);
    let status_choices = ProjectStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: status_name(&t, *s),
            selected: *s == chosen,
        })
        .collect();
    let error_links = LABELS
        .iter()
        .filter(|(field, _)| errors.has(field))
        .map(|(field, label)| ((*field).to_owned(), format!("{}: {}", t.get(label), errors.get(field))))
        .collect();
    let other_errors = errors
        .all()
        .into_iter()
        .filter(|(field, _)| !LABELS.iter().any(|(known, _)| known == field))
        .map(|(_, message)| message)
        .collect();
    let failed = errors.any();
    let view = BidPage {
        round_id,
        bid: BidRow::new(&t, summary),
        entries: entry_rows(&t, &history, corrects),
        statuses: history
            .records
            .statuses
            .iter()
            .map(|s| StatusRow {
                status: status_name(&t, s.status),
                note: s.reason.clone().unwrap_or_default(),
                by: who(&t, s.role),
                at: t.datetime(&s.set_at),
            })
            .collect(),
        approvals: history
            .records
            .approvals
            .iter()
            .map(|a| ApprovalRow {
                extra: t.money(&a.extra),
                reason: a.reason.clone(),
                at: t.datetime(&a.approved_at),
            })
            .collect(),
        reports,
        corrects,
        status_choices,
        typed,
        errors,
        error_links,
        other_errors,
        notice,
        page,
    };
    render_form(&view.page, &view, failed)
}

/// A notice after an action, from the query.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    gjort: Option<String>,
}

/// `GET /runder/{id}/opfoelgning/{proposal}`.
pub async fn page(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64)>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let notice = done
        .gjort
        .and_then(|key| page.t.try_get(&format!("followup-done-{key}")))
        .unwrap_or_default();
    show(page, &state, ids, Typed::default(), FieldErrors::default(), notice).await
}

/// Back to the bid's page after `done`, at its history.
pub(super) fn done((round_id, proposal_id): (i64, i64), done: &str) -> Response {
    Redirect::to(&format!(
        "/runder/{round_id}/opfoelgning/{proposal_id}?gjort={done}#historik"
    ))
    .into_response()
}

/// After a service refused a form: the page again with the errors next to
/// their fields, or the error page when the refusal is not about a field.
async fn refused(
    page: Page,
    state: &AppState,
    ids: (i64, i64),
    typed: Typed,
    error: ApiError,
    fields: &[(&str, &str)],
) -> Result<Response, WebError> {
    match FieldErrors::from_service(&page.t, &error, fields) {
        Some(errors) => show(page, state, ids, typed, errors, String::new()).await,
        None => Err(page.fail(error)),
    }
}

/// A reason that may be left blank.
fn optional_reason(t: &Tr, errors: &mut FieldErrors, field: &str, typed: &str) -> Option<Option<Reason>> {
    if typed.trim().is_empty() {
        return Some(None);
    }
    errors.take(field, Reason::parse(typed), |e| text_error(t, e)).map(Some)
}

/// `POST /runder/{id}/opfoelgning/{proposal}/status`.
pub async fn set_status(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let mut errors = FieldErrors::default();
    let status = errors.take("status-status", form.status.parse::<ProjectStatus>(), |_| {
        t.get("followup-error-status")
    });
    let reason = optional_reason(&t, &mut errors, "status-reason", &form.reason);
    let typed = Typed {
        status: form,
        ..Typed::default()
    };
    let (Some(status), Some(reason)) = (status, reason) else {
        return show(page, &state, ids, typed, errors, String::new()).await;
    };
    match follow_up::set_status(&state.services, &actor, ids.0, ids.1, status, reason).await {
        Ok(_) => Ok(done(ids, "status")),
        Err(error) => refused(page, &state, ids, typed, error, &STATUS_FIELDS).await,
    }
}

/// Reads an expense or money given back, each error under its field's id.
pub(super) fn read_entry(t: &Tr, form: &EntryForm, ids: [&str; 3]) -> Result<EntryInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let date = errors.take(ids[0], date(t, &form.date), |e| e);
    let amount = errors.take(ids[1], kroner(t, &form.amount), |e| e);
    let description = errors.take(ids[2], EntryDescription::parse(&form.description), |e| text_error(t, e));
    match (date, amount, description) {
        (Some(date), Some(amount), Some(description)) => Ok(EntryInput {
            date,
            amount,
            description,
        }),
        _ => Err(errors),
    }
}

async fn add(
    page: Page,
    state: &AppState,
    ids: (i64, i64),
    kind: EntryKind,
    form: EntryForm,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let (fields, typed, key) = match kind {
        EntryKind::Expense => (
            EXPENSE_FIELDS,
            Typed {
                expense: form.clone(),
                ..Typed::default()
            },
            "udgift",
        ),
        EntryKind::Refund => (
            REFUND_FIELDS,
            Typed {
                refund: form.clone(),
                ..Typed::default()
            },
            "retur",
        ),
    };
    let input = match read_entry(&page.t, &form, fields.map(|(_, id)| id)) {
        Ok(input) => input,
        Err(errors) => return show(page, state, ids, typed, errors, String::new()).await,
    };
    match follow_up::record(&state.services, &actor, ids.0, ids.1, kind, input).await {
        Ok(_) => Ok(done(ids, key)),
        Err(error) => refused(page, state, ids, typed, error, &fields).await,
    }
}

/// `POST /runder/{id}/opfoelgning/{proposal}/udgift`.
pub async fn add_expense(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64)>,
    Form(form): Form<EntryForm>,
) -> Result<Response, WebError> {
    add(page, &state, ids, EntryKind::Expense, form).await
}

/// `POST /runder/{id}/opfoelgning/{proposal}/retur`.
pub async fn add_refund(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64)>,
    Form(form): Form<EntryForm>,
) -> Result<Response, WebError> {
    add(page, &state, ids, EntryKind::Refund, form).await
}

/// `POST /runder/{id}/opfoelgning/{proposal}/overforbrug`.
pub async fn approve_overrun(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64)>,
    Form(form): Form<ApprovalForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let mut errors = FieldErrors::default();
    let extra = errors.take("approval-amount", kroner(&t, &form.amount), |e| e);
    let reason = errors.take("approval-reason", Reason::parse(&form.reason), |e| text_error(&t, e));
    let typed = Typed {
        approval: form,
        ..Typed::default()
    };
    let (Some(extra), Some(reason)) = (extra, reason) else {
        return show(page, &state, ids, typed, errors, String::new()).await;
    };
    match follow_up::approve_overrun(&state.services, &actor, ids.0, ids.1, extra, reason).await {
        Ok(_) => Ok(done(ids, "overforbrug")),
        Err(error) => refused(page, &state, ids, typed, error, &APPROVAL_FIELDS).await,
    }
}
