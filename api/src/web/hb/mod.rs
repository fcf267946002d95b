//! HB's pages: create a round, plan its timeline and move a date, review
//! bids, upload the roll, move the round through its phases with a
//! confirmation that says what happens and what blocks it, tally, compare
//! rules, publish, read the audit log.

mod audit;
mod compare;
mod new_round;
mod timeline;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::Form;
use medlemsbudget_domain::electorate::{parse_roll, RollError, RollProblem};
use medlemsbudget_domain::{Phase, ProposalStatus, ReviewDecision};
use serde::Deserialize;

use self::timeline::{movable_choices, DateField, MoveForm, PlanForm};
use super::form::FieldErrors;
use super::rounds::{render, render_form};
use super::view::{phase_name, BidView, Choice, RoundView, TimelineView};
use super::{Page, WebError};
use crate::error::ApiError;
use crate::services::proposals::{self, ReviewReason};
use crate::services::rounds::{self, Blocker, PhasePreview, RoundOverview};
use crate::services::{electorate, results};
use crate::state::AppState;

/// `/hb/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hb/runder/ny", get(new_round::form).post(new_round::create))
        .route("/hb/runder/{id}", get(dashboard))
        .route("/hb/runder/{id}/fase", get(confirm_phase).post(change_phase))
        .route("/hb/runder/{id}/tidsplan", post(timeline::plan))
        .route("/hb/runder/{id}/tidsplan/flyt", post(timeline::move_date))
        .route("/hb/runder/{id}/forslag/{proposal}/behandling", post(review))
        .route(
            "/hb/runder/{id}/medlemsliste",
            post(upload_roll).layer(DefaultBodyLimit::max(super::MAX_FORM_BYTES)),
        )
        .route("/hb/runder/{id}/stemmekoder", post(super::voting_code::hb_generate))
        .route("/hb/runder/{id}/optaelling", post(tally))
        .route("/hb/runder/{id}/sammenlign", get(compare::page))
        .route("/hb/runder/{id}/log", get(audit::page))
}

#[derive(Template)]
#[template(path = "hb/dashboard.html")]
struct Dashboard {
    page: Page,
    round: RoundView,
    next_phase: String,
    next_action: String,
    blocked: String,
    queue: Vec<BidView>,
    counts: Vec<(String, usize)>,
    roll_members: u64,
    roll_rows: Vec<(String, u64)>,
    may_change_roll: bool,
    may_tally: bool,
    may_hand_out_codes: bool,
    tallied: bool,
    notice: String,
    roll_errors: Vec<String>,
    timeline: TimelineView,
    may_plan: bool,
    plan_fields: Vec<DateField>,
    movable: Vec<Choice>,
    moving: MoveForm,
    errors: FieldErrors,
}

/// The timeline forms on HB's round page, as typed, with what was refused.
#[derive(Debug, Default)]
pub struct TimelineForms {
    plan: PlanForm,
    moving: MoveForm,
    errors: FieldErrors,
}

impl TimelineForms {
    /// The plan form shown again with its errors.
    fn planning(plan: PlanForm, errors: FieldErrors) -> TimelineForms {
        TimelineForms {
            plan,
            errors,
            ..TimelineForms::default()
        }
    }

    /// The move form shown again with its errors.
    fn moving(moving: MoveForm, errors: FieldErrors) -> TimelineForms {
        TimelineForms {
            moving,
            errors,
            ..TimelineForms::default()
        }
    }
}

/// A notice after an action, from the query.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    gjort: Option<String>,
}

/// Why the next phase is blocked, in words.
fn blocker_text(page: &Page, blocker: &Blocker) -> String {
    super::view::blocker_text(&page.t, blocker)
}

async fn dashboard_page(
    page: Page,
    state: &AppState,
    id: i64,
    notice: String,
    roll_errors: Vec<String>,
    forms: TimelineForms,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let RoundOverview {
        preview,
        bids,
        roll,
        timeline,
    } = rounds::overview(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    let now = state.services.clock().moment();
    let t = page.t;
    let round = &preview.round;
    let counts = [
        ProposalStatus::Submitted,
        ProposalStatus::Accepted,
        ProposalStatus::Rejected,
        ProposalStatus::Withdrawn,
    ]
    .iter()
    .map(|s| {
        (
            super::view::status_name(&t, *s),
            bids.iter().filter(|b| b.status == *s).count(),
        )
    })
    .collect();
    let failed = !roll_errors.is_empty() || forms.errors.any();
    let movable = round.timeline.as_ref().map_or_else(Vec::new, |planned| {
        movable_choices(&t, planned, round.phase, now, &forms.moving.milestone)
    });
    let view = Dashboard {
        round: RoundView::new(&t, round),
        next_phase: preview.next.map(|p| phase_name(&t, p)).unwrap_or_default(),
        next_action: preview
            .next
            .map(|p| t.get(&format!("phase-action-{}", p.as_str())))
            .unwrap_or_default(),
        blocked: preview
            .blocked
            .as_ref()
            .map(|b| blocker_text(&page, b))
            .unwrap_or_default(),
        queue: bids
            .iter()
            .filter(|b| b.status == ProposalStatus::Submitted)
            .map(|b| BidView::new(&t, b))
            .collect(),
        counts,
        roll_members: roll.members(),
        roll_rows: roll.storkredse.iter().map(|(s, n)| (s.name().to_owned(), *n)).collect(),
        may_change_roll: round.phase.check_settings_change().is_ok(),
        may_tally: round.phase == Phase::Closed,
        may_hand_out_codes: round.phase.check_voting_codes().is_ok(),
        tallied: preview.check.tallied,
        notice,
        roll_errors,
        timeline: TimelineView::new(&t, round, &timeline, now),
        may_plan: round.timeline.is_none() && round.phase == Phase::Draft,
        plan_fields: forms.plan.fields(&t),
        movable,
        moving: forms.moving,
        errors: forms.errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

async fn dashboard(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let notice = done
        .gjort
        .and_then(|key| page.t.try_get(&format!("hb-done-{key}")))
        .unwrap_or_default();
    dashboard_page(page, &state, id, notice, Vec::new(), TimelineForms::default()).await
}

#[derive(Template)]
#[template(path = "hb/phase.html")]
struct PhasePage {
    page: Page,
    round: RoundView,
    next: String,
    action: String,
    confirm: String,
    next_slug: String,
    what_happens: String,
    blocked: String,
    accepted: u64,
    unreviewed: u64,
}

async fn confirm_phase(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let preview = rounds::preview_next_phase(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    phase_page(page, preview)
}

/// The confirmation of the next phase: what it does, or what blocks it.
fn phase_page(page: Page, preview: PhasePreview) -> Result<Response, WebError> {
    let PhasePreview {
        round,
        next,
        check,
        blocked,
    } = preview;
    let t = page.t;
    let view = PhasePage {
        round: RoundView::new(&t, &round),
        next: next.map(|p| phase_name(&t, p)).unwrap_or_default(),
        action: next
            .map(|p| t.get(&format!("phase-action-{}", p.as_str())))
            .unwrap_or_default(),
        confirm: next
            .map(|p| t.get(&format!("phase-confirm-{}", p.as_str())))
            .unwrap_or_default(),
        next_slug: next.map(|p| p.as_str().to_owned()).unwrap_or_default(),
        what_happens: next
            .map(|p| t.get(&format!("phase-move-{}", p.as_str())))
            .unwrap_or_default(),
        blocked: blocked.as_ref().map(|b| blocker_text(&page, b)).unwrap_or_default(),
        accepted: check.accepted as u64,
        unreviewed: check.unreviewed as u64,
        page,
    };
    render(&view.page, &view)
}

/// The phase form: the phase to move to, as confirmed.
#[derive(Debug, Deserialize)]
pub struct PhaseForm {
    til: String,
}

async fn change_phase(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<PhaseForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let to: Phase = form
        .til
        .parse()
        .map_err(|_| page.fail(ApiError::invalid_field("invalid-field", "til", "unknown phase")))?;
    if let Err(refused) = rounds::change_phase(&state.services, &actor, id, to).await {
        // Refused for what the confirmation page names (bids awaiting review,
        // a timeline that starts the phase later): that page again, saying so.
        let preview = match refused {
            ApiError::Conflict { .. } => rounds::preview_next_phase(&state.services, &actor, id).await.ok(),
            _ => None,
        };
        return match preview {
            Some(preview) if preview.next == Some(to) && preview.blocked.is_some() => {
                Ok((axum::http::StatusCode::CONFLICT, phase_page(page, preview)?).into_response())
            }
            _ => Err(page.fail(refused)),
        };
    }
    let target = if to == Phase::Published {
        format!("/runder/{id}/resultat")
    } else {
        format!("/hb/runder/{id}?gjort=phase")
    };
    Ok(Redirect::to(&target).into_response())
}

/// HB's decision on a bid.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn review(
    page: Page,
    State(state): State<AppState>,
    Path((id, proposal_id)): Path<(i64, i64)>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let decision = match form.decision.as_str() {
        "accepted" => ReviewDecision::Accepted,
        "rejected" => ReviewDecision::Rejected,
        _ => return Err(page.fail(ApiError::invalid_field("invalid-field", "decision", "unknown decision"))),
    };
    let reason = ReviewReason::parse(Some(&form.reason))
        .map_err(|e| page.fail(ApiError::invalid_field("invalid-field", "reason", e)))?;
    proposals::review(&state.services, &actor, id, proposal_id, decision, reason)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(Redirect::to(&format!("/hb/runder/{id}?gjort=review#queue")).into_response())
}

fn roll_error(page: &Page, error: &RollError) -> String {
    let t = page.t;
    let problem = match &error.problem {
        RollProblem::FieldCount { found } => t.count("roll-error-fields", "found", *found as u64),
        RollProblem::BadMemberId => t.get("roll-error-member-id"),
        RollProblem::UnknownStorkreds(unknown) => t.with("roll-error-storkreds", "typed", &unknown.0),
        RollProblem::AlreadyListed { first, .. } => t.count("roll-error-duplicate", "first", *first as u64),
        other => other.to_string(),
    };
    t.args(
        "roll-error-line",
        &[("line", (error.line as u64).into()), ("problem", problem.into())],
    )
}

async fn upload_roll(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let mut text = String::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("roll") {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| page.fail(ApiError::invalid_field("invalid-roll", "roll", e)))?;
            text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                page.fail(ApiError::invalid_field(
                    "invalid-roll",
                    "roll",
                    "the roll is not UTF-8 text",
                ))
            })?;
        }
    }
    let members = match parse_roll(&text) {
        Ok(members) => members,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().take(50).map(|e| roll_error(&page, e)).collect();
            return dashboard_page(page, &state, id, String::new(), lines, TimelineForms::default()).await;
        }
    };
    electorate::replace(&state.services, &actor, id, &members)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(Redirect::to(&format!("/hb/runder/{id}?gjort=roll#roll")).into_response())
}

async fn tally(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    results::tally(&state.services, &actor, id)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(Redirect::to(&format!("/runder/{id}/resultat")).into_response())
}
