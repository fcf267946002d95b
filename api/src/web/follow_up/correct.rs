//! HB's correction of one entry of a bid's follow-up: what it should have
//! said, or that it goes, always with a reason. The entry stays in the
//! history, marked as corrected.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum_extra::extract::Form;
use medlemsbudget_domain::follow_up::{may_correct, EntryContent, EntryKind};
use medlemsbudget_domain::kroner::danish_number;
use medlemsbudget_domain::{Phase, Reason};
use serde::Deserialize;

use super::super::form::{text_error, FieldErrors};
use super::super::rounds::render_form;
use super::super::{Page, WebError};
use super::bid::{done, read_entry, EntryForm};
use crate::error::ApiError;
use crate::services::follow_up;
use crate::state::AppState;

/// The correction form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CorrectionForm {
    #[serde(flatten)]
    entry: EntryForm,
    #[serde(default)]
    reason: String,
    /// `fjern` removes the entry; anything else replaces it.
    #[serde(default)]
    handling: String,
}

/// The fields of the form: the API's name and the field's id on the page.
const FIELDS: [(&str, &str); 4] = [
    ("date", "date"),
    ("amount", "amount"),
    ("description", "description"),
    ("reason", "reason"),
];

#[derive(Template)]
#[template(path = "follow_up_correct.html")]
struct CorrectionPage {
    page: Page,
    round_id: i64,
    proposal_id: i64,
    entry_id: i64,
    title: String,
    kind: String,
    was: String,
    form: CorrectionForm,
    errors: FieldErrors,
}

/// Shows the form for the entry in force `entry_id`, with `form` typed and
/// `errors` next to their fields.
async fn show(
    page: Page,
    state: &AppState,
    (round_id, proposal_id, entry_id): (i64, i64, i64),
    form: Option<CorrectionForm>,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let history = follow_up::bid(&state.services, round_id, proposal_id)
        .await
        .map_err(|e| page.fail(e))?;
    let summary = &history.summary;
    may_correct(&actor, round_id, Phase::Published, summary.proposal_id, true).map_err(|e| page.fail(e))?;
    let in_force = history.records.entries.iter().find(|e| {
        e.entry.id.0 == entry_id && e.entry.content.is_some() && !history.corrected_by.contains_key(&e.entry.id)
    });
    let Some((recorded, content)) = in_force.and_then(|e| e.entry.content.as_ref().map(|c| (e, c))) else {
        return Err(page.fail(ApiError::NotFound(format!(
            "proposal {proposal_id} has no entry {entry_id} in force to correct"
        ))));
    };
    let t = page.t;
    let kind = t.get(match recorded.kind {
        EntryKind::Expense => "followup-kind-expense",
        EntryKind::Refund => "followup-kind-refund",
    });
    let was = t.args(
        "followup-correct-was",
        &[
            ("date", t.date(&content.date()).into()),
            ("amount", t.money(&content.amount()).into()),
            ("description", content.description().to_string().into()),
        ],
    );
    let failed = errors.any();
    let view = CorrectionPage {
        round_id,
        proposal_id,
        entry_id,
        title: summary.title.clone(),
        kind,
        was,
        form: form.unwrap_or_else(|| typed_as(content)),
        errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

/// The form filled in with what the entry says.
fn typed_as(content: &EntryContent) -> CorrectionForm {
    CorrectionForm {
        entry: EntryForm {
            date: content.date().format("%Y-%m-%d").to_string(),
            amount: danish_number(content.amount()),
            description: content.description().to_string(),
        },
        reason: String::new(),
        handling: String::new(),
    }
}

/// `GET /runder/{id}/opfoelgning/{proposal}/rettelse/{entry}` (HB).
pub async fn page(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64, i64)>,
) -> Result<Response, WebError> {
    show(page, &state, ids, None, FieldErrors::default()).await
}

/// `POST /runder/{id}/opfoelgning/{proposal}/rettelse/{entry}` (HB).
pub async fn correct(
    page: Page,
    State(state): State<AppState>,
    Path(ids): Path<(i64, i64, i64)>,
    Form(form): Form<CorrectionForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let (replacement, mut errors) = if form.handling == "fjern" {
        (Some(None), FieldErrors::default())
    } else {
        match read_entry(&t, &form.entry, ["date", "amount", "description"]) {
            Ok(input) => (Some(Some(input)), FieldErrors::default()),
            Err(errors) => (None, errors),
        }
    };
    let reason = errors.take("reason", Reason::parse(&form.reason), |e| text_error(&t, e));
    let (Some(replacement), Some(reason)) = (replacement, reason) else {
        return show(page, &state, ids, Some(form), errors).await;
    };
    let (round_id, proposal_id, entry_id) = ids;
    match follow_up::correct(
        &state.services,
        &actor,
        round_id,
        (proposal_id, entry_id),
        replacement,
        reason,
    )
    .await
    {
        Ok(_) => Ok(done((round_id, proposal_id), "rettelse")),
        Err(error) => match FieldErrors::from_service(&t, &error, &FIELDS) {
            Some(errors) => show(page, &state, ids, Some(form), errors).await,
            None => Err(page.fail(error)),
        },
    }
}
