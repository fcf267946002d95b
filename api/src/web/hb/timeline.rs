//! HB plans a round's timeline (with the new round, or on the round's HB
//! page while it is a draft) and moves one date with a reason. The dates are
//! typed in Copenhagen time, read at the edge into moments and checked by the
//! domain's timeline; what it refuses is shown next to the field concerned.

use std::str::FromStr;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use medlemsbudget_domain::{ChangeReason, Milestone, Moment, Phase, Timeline, TimelineError};
use serde::Deserialize;

use super::super::form::{text_error, FieldErrors};
use super::super::i18n::{copenhagen_input, from_copenhagen, Tr};
use super::super::view::{milestone_name, refusal, Choice};
use super::super::{Page, WebError};
use super::{dashboard_page, TimelineForms};
use crate::clock::{date_time, moment};
use crate::services::timeline;
use crate::state::AppState;

/// The five dates of a timeline as typed, each field named after its milestone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    submission_opens: String,
    #[serde(default)]
    review_opens: String,
    #[serde(default)]
    voting_opens: String,
    #[serde(default)]
    voting_closes: String,
    #[serde(default)]
    publication: String,
}

/// One date field of the plan form.
#[derive(Clone, Debug)]
pub struct DateField {
    /// The field's name and id: the milestone's API name.
    pub id: &'static str,
    /// What starts then.
    pub label: String,
    /// The value to show: as the field takes it when it reads as a time, else as typed.
    pub value: String,
}

impl PlanForm {
    fn typed(&self) -> [&str; 5] {
        [
            &self.submission_opens,
            &self.review_opens,
            &self.voting_opens,
            &self.voting_closes,
            &self.publication,
        ]
    }

    /// The fields, in the order of the milestones.
    pub fn fields(&self, t: &Tr) -> Vec<DateField> {
        Milestone::ALL
            .into_iter()
            .zip(self.typed())
            .map(|(milestone, typed)| DateField {
                id: milestone.as_str(),
                label: milestone_name(t, milestone),
                value: from_copenhagen(typed).map_or_else(|| typed.trim().to_owned(), |at| copenhagen_input(&at)),
            })
            .collect()
    }

    /// The five moments, checked by the domain as a plan made at `now`;
    /// `Ok(None)` when every field is empty. Every field's error is recorded.
    pub fn read(&self, t: &Tr, now: Moment) -> Result<Option<[Moment; 5]>, FieldErrors> {
        let typed = self.typed();
        if typed.iter().all(|text| text.trim().is_empty()) {
            return Ok(None);
        }
        let mut errors = FieldErrors::default();
        let mut moments = [Moment::from_unix_seconds(0); 5];
        for ((slot, text), milestone) in moments.iter_mut().zip(typed).zip(Milestone::ALL) {
            if text.trim().is_empty() {
                errors.add(milestone.as_str(), t.get("form-error-timeline-partial"));
            } else if let Some(at) = from_copenhagen(text) {
                *slot = moment(at);
            } else {
                errors.add(milestone.as_str(), t.get("form-error-datetime"));
            }
        }
        if errors.any() {
            return Err(errors);
        }
        Timeline::plan(moments, now).map_err(|error| {
            let field = error.milestone().map_or("", Milestone::as_str);
            errors.add(field, refusal(t, &error));
            errors
        })?;
        Ok(Some(moments))
    }
}

/// How a service's error about a planned timeline names the form's fields
/// (`timeline.` inside a new round).
pub const PLAN_FIELDS: [(&str, &str); 10] = [
    ("submission_opens", "submission_opens"),
    ("review_opens", "review_opens"),
    ("voting_opens", "voting_opens"),
    ("voting_closes", "voting_closes"),
    ("publication", "publication"),
    ("timeline.submission_opens", "submission_opens"),
    ("timeline.review_opens", "review_opens"),
    ("timeline.voting_opens", "voting_opens"),
    ("timeline.voting_closes", "voting_closes"),
    ("timeline.publication", "publication"),
];

/// The move form: which date, to when, and why.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MoveForm {
    /// The milestone's API name.
    #[serde(default)]
    pub milestone: String,
    /// The new time as typed.
    #[serde(default)]
    pub to: String,
    /// HB's reason, shown on the round.
    #[serde(default)]
    pub reason: String,
}

impl MoveForm {
    /// The new time as the field shows it again.
    pub fn to_value(&self) -> String {
        from_copenhagen(&self.to).map_or_else(|| self.to.trim().to_owned(), |at| copenhagen_input(&at))
    }

    fn read(&self, t: &Tr) -> Result<(Milestone, Moment, ChangeReason), FieldErrors> {
        let mut errors = FieldErrors::default();
        let milestone = errors.take("milestone", Milestone::from_str(&self.milestone), |_| {
            t.get("form-error-empty")
        });
        let to = errors.take("to", from_copenhagen(&self.to).ok_or(()), |()| {
            t.get("form-error-datetime")
        });
        let reason = errors.take("reason", ChangeReason::parse(&self.reason), |e| text_error(t, e));
        match (milestone, to, reason) {
            (Some(milestone), Some(to), Some(reason)) => Ok((milestone, moment(to), reason)),
            _ => Err(errors),
        }
    }
}

/// The dates that may still move for a round in `phase` at `now`, as
/// choices with their current date, `selected` chosen.
pub fn movable_choices(t: &Tr, timeline: &Timeline, phase: Phase, now: Moment, selected: &str) -> Vec<Choice> {
    Milestone::ALL
        .into_iter()
        .filter(|milestone| timeline.check_movable(*milestone, phase, now).is_ok())
        .map(|milestone| Choice {
            value: milestone.as_str().to_owned(),
            label: format!(
                "{} ({})",
                milestone_name(t, milestone),
                t.datetime(&date_time(timeline.at(milestone)))
            ),
            selected: milestone.as_str() == selected,
        })
        .collect()
}

/// The move form's field a refused move concerns.
fn move_field(error: &TimelineError) -> &'static str {
    match error {
        TimelineError::PhaseStarted { .. }
        | TimelineError::VotingClosed { .. }
        | TimelineError::AheadOfTimeline { .. } => "milestone",
        TimelineError::OutOfOrder { .. }
        | TimelineError::InThePast { .. }
        | TimelineError::Unchanged { .. }
        | TimelineError::VotingShortened { .. } => "to",
    }
}

/// HB's round page again, with the timeline forms as typed and what was refused.
async fn show_again(page: Page, state: &AppState, id: i64, forms: TimelineForms) -> Result<Response, WebError> {
    dashboard_page(page, state, id, String::new(), Vec::new(), forms).await
}

/// `POST /hb/runder/{id}/tidsplan`: HB plans the timeline of a draft.
pub async fn plan(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<PlanForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let read = form.read(&page.t, state.services.clock().moment()).and_then(|moments| {
        moments.ok_or_else(|| {
            let mut errors = FieldErrors::default();
            for milestone in Milestone::ALL {
                errors.add(milestone.as_str(), page.t.get("form-error-timeline-partial"));
            }
            errors
        })
    });
    let moments = match read {
        Ok(moments) => moments,
        Err(errors) => return show_again(page, &state, id, TimelineForms::planning(form, errors)).await,
    };
    match timeline::plan(&state.services, &actor, id, moments).await {
        Ok(_) => Ok(Redirect::to(&format!("/hb/runder/{id}?gjort=timeline#tidsplan")).into_response()),
        Err(error) => match FieldErrors::from_service(&page.t, &error, &PLAN_FIELDS) {
            Some(errors) => show_again(page, &state, id, TimelineForms::planning(form, errors)).await,
            None => Err(page.fail(error)),
        },
    }
}

/// `POST /hb/runder/{id}/tidsplan/flyt`: HB moves one date, with a reason.
pub async fn move_date(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let (milestone, to, reason) = match form.read(&page.t) {
        Ok(read) => read,
        Err(errors) => return show_again(page, &state, id, TimelineForms::moving(form, errors)).await,
    };
    match timeline::move_date(&state.services, &actor, id, milestone, to, reason).await {
        Ok(Ok(_)) => Ok(Redirect::to(&format!("/hb/runder/{id}?gjort=moved#tidsplan")).into_response()),
        Ok(Err(refused)) => {
            let mut errors = FieldErrors::default();
            errors.add(move_field(&refused), refusal(&page.t, &refused));
            show_again(page, &state, id, TimelineForms::moving(form, errors)).await
        }
        Err(error) => match FieldErrors::from_service(&page.t, &error, &[]) {
            Some(errors) => show_again(page, &state, id, TimelineForms::moving(form, errors)).await,
            None => Err(page.fail(error)),
        },
    }
}
