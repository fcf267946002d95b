//! Ballots from meetings, for a storkreds board and HB: plan a meeting,
//! check off the members who vote there on paper (ids pasted one per line,
//! each refusal shown by its line), and type in the meeting's paper ballots
//! one per line (`7, 9`; `7:3, 9:2` in a points round; `blank`; `ugyldig`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::Form;
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::meeting::{
    parse_member_ids, parse_paper_ballots, BatchError, CheckOffListError, CheckOffRefusal, MemberIdProblem,
    PaperLineProblem,
};
use medlemsbudget_domain::{BallotError, MeetingName, Phase, Storkreds};
use serde::Deserialize;

use super::ballot::ballot_error;
use super::form::{date, text_error, FieldErrors};
use super::i18n::Tr;
use super::rounds::render_form;
use super::view::{storkreds_choices, Choice, RoundView};
use super::{Page, WebError};
use crate::services::meetings::{self, MeetingSheet, RefusedMember};
use crate::state::AppState;
use crate::store::meetings::Meeting;

/// `/runder/{id}/moeder/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/runder/{id}/moeder", get(list).post(create))
        .route("/runder/{id}/moeder/{meeting}", get(show))
        .route("/runder/{id}/moeder/{meeting}/afkrydsning", post(check_off))
        .route("/runder/{id}/moeder/{meeting}/stemmesedler", post(enter))
}

/// A meeting as a list shows it.
struct MeetingRow {
    id: i64,
    name: String,
    storkreds: String,
    held_on: String,
    checked_off: u64,
    paper_ballots: u64,
    spoilt: u64,
    batch_entered: bool,
}

impl MeetingRow {
    fn new(t: &Tr, m: &Meeting) -> MeetingRow {
        MeetingRow {
            id: m.id,
            name: m.name.clone(),
            storkreds: m.storkreds.name().to_owned(),
            held_on: t.date(&m.held_on),
            checked_off: m.checked_off,
            paper_ballots: m.paper_ballots,
            spoilt: m.spoilt,
            batch_entered: m.batch_entered,
        }
    }
}

/// The new-meeting form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewMeetingForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    storkreds: String,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    page: Page,
    round: RoundView,
    may_plan: bool,
    meetings: Vec<MeetingRow>,
    storkredse: Vec<Choice>,
    own_storkreds: String,
    form: NewMeetingForm,
    errors: FieldErrors,
}

async fn list_page(
    page: Page,
    state: &AppState,
    round_id: i64,
    form: NewMeetingForm,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let (round, list) = meetings::overview(&state.services, &actor, round_id)
        .await
        .map_err(|e| page.fail(e))?;
    let own = actor.storkreds().filter(|_| !actor.is_hb());
    let selected = form.storkreds.parse::<Storkreds>().ok().or(own);
    let failed = errors.any();
    let view = MeetingsPage {
        round: RoundView::new(&page.t, &round),
        may_plan: round.phase.check_meeting_planning().is_ok(),
        meetings: list.iter().map(|m| MeetingRow::new(&page.t, m)).collect(),
        storkredse: storkreds_choices(selected),
        own_storkreds: own.map(|s| s.slug().to_owned()).unwrap_or_default(),
        form,
        errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

async fn list(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    list_page(page, &state, id, NewMeetingForm::default(), FieldErrors::default()).await
}

async fn create(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<NewMeetingForm>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let mut errors = FieldErrors::default();
    let name = errors.take("name", MeetingName::parse(&form.name), |e| text_error(&t, e));
    let held_on = errors.take("held_on", date(&t, &form.held_on), |message| message);
    let storkreds = errors.take("storkreds", form.storkreds.parse::<Storkreds>(), |_| {
        t.get("meeting-error-storkreds")
    });
    let (Some(name), Some(held_on), Some(storkreds)) = (name, held_on, storkreds) else {
        return list_page(page, &state, id, form, errors).await;
    };
    let meeting = meetings::create(&state.services, &actor, id, storkreds, name, held_on)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(Redirect::to(&format!("/runder/{id}/moeder/{}", meeting.id)).into_response())
}

/// A notice after an action, from the query.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    afkrydset: Option<u64>,
    indtastet: Option<String>,
}

/// A bid as the secretary reads its number.
struct BidLine {
    id: i64,
    title: String,
    storkreds: String,
}

/// The two forms of a meeting's page as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MeetingForms {
    #[serde(default)]
    medlemmer: String,
    #[serde(default)]
    stemmesedler: String,
    #[serde(default)]
    endelig: Option<String>,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    page: Page,
    round: RoundView,
    meeting: MeetingRow,
    voting: bool,
    points: bool,
    example: String,
    bids: Vec<BidLine>,
    notice: String,
    form: MeetingForms,
    check_errors: Vec<String>,
    batch_errors: Vec<String>,
}

async fn meeting_page(
    page: Page,
    sheet: MeetingSheet,
    notice: String,
    form: MeetingForms,
    (check_errors, batch_errors): (Vec<String>, Vec<String>),
) -> Result<Response, WebError> {
    let t = page.t;
    let points = matches!(sheet.round.ballot, BallotRules::Cumulative { .. });
    let ids: Vec<i64> = sheet.bids.iter().map(|b| b.id.0).take(2).collect();
    let example = match (points, ids.as_slice()) {
        (true, [a, b, ..]) => format!("{a}:3, {b}:2"),
        (true, [a]) => format!("{a}:3"),
        (false, [a, b, ..]) => format!("{a}, {b}"),
        (_, [a]) => a.to_string(),
        _ => String::new(),
    };
    let failed = !check_errors.is_empty() || !batch_errors.is_empty();
    let view = MeetingPage {
        round: RoundView::new(&t, &sheet.round),
        meeting: MeetingRow::new(&t, &sheet.meeting),
        voting: sheet.round.phase == Phase::Voting,
        points,
        example,
        bids: sheet
            .bids
            .iter()
            .map(|b| BidLine {
                id: b.id.0,
                title: b.title.clone(),
                storkreds: b.storkreds.name().to_owned(),
            })
            .collect(),
        notice,
        form,
        check_errors,
        batch_errors,
        page,
    };
    render_form(&view.page, &view, failed)
}

async fn load(page: &Page, state: &AppState, id: i64, meeting: i64) -> Result<MeetingSheet, WebError> {
    let actor = page.require_actor()?;
    meetings::sheet(&state.services, actor, id, meeting)
        .await
        .map_err(|e| page.fail(e))
}

async fn show(
    page: Page,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let sheet = load(&page, &state, id, meeting).await?;
    let t = page.t;
    let notice = match (done.afkrydset, done.indtastet) {
        (Some(n), _) => t.count("meeting-checked-off-done", "count", n),
        (None, Some(_)) => t.get("meeting-batch-done"),
        _ => String::new(),
    };
    meeting_page(page, sheet, notice, MeetingForms::default(), (Vec::new(), Vec::new())).await
}

fn line(t: &Tr, line: usize, message: String) -> String {
    t.args(
        "meeting-line-error",
        &[("line", (line as u64).into()), ("message", message.into())],
    )
}

fn refusal_text(t: &Tr, member: &str, refusal: CheckOffRefusal) -> String {
    match refusal {
        CheckOffRefusal::VotedOnline => t.with("meeting-refused-voted-online", "member", member),
        CheckOffRefusal::AlreadyCheckedOff => t.with("meeting-refused-checked-off", "member", member),
        CheckOffRefusal::NotOnRoll => t.with("meeting-refused-not-on-roll", "member", member),
        CheckOffRefusal::OtherStorkreds { member: of, .. } => t.args(
            "meeting-refused-other-storkreds",
            &[("member", member.to_owned().into()), ("storkreds", of.name().into())],
        ),
    }
}

/// Each refusal by the line that lists the member.
fn refused_lines(t: &Tr, typed: &str, refused: &[RefusedMember]) -> Vec<String> {
    refused
        .iter()
        .map(|r| {
            let at = typed.lines().position(|l| l.trim() == r.member_id).map_or(0, |i| i + 1);
            line(t, at, refusal_text(t, &r.member_id, r.refusal))
        })
        .collect()
}

async fn check_off(
    page: Page,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
    Form(form): Form<MeetingForms>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let errors = match parse_member_ids(form.medlemmer.lines()) {
        Ok(ids) => match meetings::check_off(&state.services, &actor, id, meeting, &ids)
            .await
            .map_err(|e| page.fail(e))?
        {
            Ok(_) => {
                let to = format!("/runder/{id}/moeder/{meeting}?afkrydset={}#optaelling", ids.len());
                return Ok(Redirect::to(&to).into_response());
            }
            Err(refused) => refused_lines(&t, &form.medlemmer, &refused),
        },
        Err(CheckOffListError::Lines(lines)) => lines
            .into_iter()
            .map(|(at, problem)| {
                let message = match problem {
                    MemberIdProblem::BadMemberId => t.get("meeting-error-member-id"),
                    MemberIdProblem::ListedTwice { first, .. } => {
                        t.count("meeting-error-listed-twice", "first", first as u64)
                    }
                };
                line(&t, at, message)
            })
            .collect(),
        Err(CheckOffListError::Empty) => vec![t.get("meeting-error-no-members")],
        Err(CheckOffListError::TooMany) => vec![t.get("meeting-error-too-many")],
    };
    let sheet = load(&page, &state, id, meeting).await?;
    meeting_page(page, sheet, String::new(), form, (errors, Vec::new())).await
}

fn paper_line_text(t: &Tr, problem: &PaperLineProblem) -> String {
    match problem {
        PaperLineProblem::NotABid(typed) => t.with("meeting-error-not-a-bid", "typed", typed),
        PaperLineProblem::PointsNotTaken(typed) => t.with("meeting-error-no-points", "typed", typed),
        PaperLineProblem::PointsMissing(typed) => t.with("meeting-error-points-missing", "typed", typed),
    }
}

fn paper_ballot_text(t: &Tr, error: &BallotError) -> String {
    match error {
        BallotError::Unknown(id) | BallotError::NotAccepted { id, .. } => {
            t.with("meeting-error-unknown-bid", "id", id.0)
        }
        BallotError::Duplicate(id) => t.with("meeting-error-bid-twice", "id", id.0),
        BallotError::OtherStorkreds { id, .. } => t.with("meeting-error-other-storkreds-bid", "id", id.0),
        other => ballot_error(t, other).0,
    }
}

async fn enter(
    page: Page,
    State(state): State<AppState>,
    Path((id, meeting)): Path<(i64, i64)>,
    Form(form): Form<MeetingForms>,
) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let t = page.t;
    let sheet = load(&page, &state, id, meeting).await?;
    let points = matches!(sheet.round.ballot, BallotRules::Cumulative { .. });
    // The line each entry was typed on: parsing skips empty lines.
    let typed_on: Vec<usize> = form
        .stemmesedler
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    let errors = if form.endelig.is_none() {
        vec![t.get("meeting-error-not-final")]
    } else {
        match parse_paper_ballots(&form.stemmesedler, points) {
            Err(lines) => lines
                .iter()
                .map(|(at, problem)| line(&t, *at, paper_line_text(&t, problem)))
                .collect(),
            Ok(entries) => match meetings::enter_batch(&state.services, &actor, id, meeting, &entries)
                .await
                .map_err(|e| page.fail(e))?
            {
                Ok(_) => {
                    let to = format!("/runder/{id}/moeder/{meeting}?indtastet=1#optaelling");
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(BatchError::Ballots(refused)) => refused
                    .iter()
                    .map(|(i, e)| line(&t, typed_on.get(*i).copied().unwrap_or(0), paper_ballot_text(&t, e)))
                    .collect(),
                Err(BatchError::MoreThanCheckedOff { given, checked_off }) => vec![t.args(
                    "meeting-error-more-than-checked-off",
                    &[("given", given.into()), ("checked", checked_off.into())],
                )],
                Err(BatchError::Empty) => vec![t.get("meeting-error-no-ballots")],
                Err(BatchError::TooLarge) => vec![t.get("meeting-error-too-many")],
                Err(BatchError::AlreadyEntered) => vec![t.get("problem-batch-entered")],
            },
        }
    };
    meeting_page(page, sheet, String::new(), form, (Vec::new(), errors)).await
}
