//! Ballots from meetings: HB or a storkreds board plans a meeting, checks
//! off the members who vote there on paper, and enters the meeting's paper
//! ballots as one anonymous batch (see `services::meetings`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use chrono::NaiveDate;
use medlemsbudget_domain::ballot_rules::BallotInput;
use medlemsbudget_domain::meeting::{
    parse_member_ids, BatchError, CheckOffListError, MemberIdProblem, PaperEntry, MAX_BATCH, MAX_CHECK_OFFS,
};
use medlemsbudget_domain::{BallotError, MeetingName, Storkreds};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::ballot::BallotRequest;
use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::extract::{Json, Path};
use crate::rest::formats::{MemberId, OneLineText};
use crate::rest::settings::StorkredsSlug;
use crate::services::meetings::{self, RefusedMember};
use crate::state::AppState;
use crate::store::meetings::Meeting;

/// A meeting where members vote on paper, with its counts. Who was checked
/// off is not shown (nor stored by name); only how many.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "round_id": 1, "storkreds": "fyn", "name": "Generalforsamling i Odense",
    "held_on": "2026-12-05", "created_by": "board-fyn", "checked_off": 42, "paper_ballots": 40,
    "spoilt": 1, "batch_entered": true
}))]
pub struct MeetingView {
    /// The meeting.
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// The storkreds holding it (slug).
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its name.
    pub name: String,
    /// The day it is held.
    #[schema(value_type = String, format = Date, example = "2026-12-05")]
    pub held_on: NaiveDate,
    /// Who created it (the token's `sub`).
    pub created_by: String,
    /// Members checked off there as having voted on paper.
    pub checked_off: u64,
    /// Paper ballots entered that count.
    pub paper_ballots: u64,
    /// Paper ballots entered as spoilt: handed in, counted for no bid.
    pub spoilt: u64,
    /// Whether the meeting's one batch of paper ballots is entered (then no
    /// more members can be checked off there).
    pub batch_entered: bool,
}

impl From<Meeting> for MeetingView {
    fn from(m: Meeting) -> Self {
        MeetingView {
            id: m.id,
            round_id: m.round_id,
            storkreds: m.storkreds,
            name: m.name,
            held_on: m.held_on,
            created_by: m.created_by,
            checked_off: m.checked_off,
            paper_ballots: m.paper_ballots,
            spoilt: m.spoilt,
            batch_entered: m.batch_entered,
        }
    }
}

/// A meeting to plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"storkreds": "fyn", "name": "Generalforsamling i Odense", "held_on": "2026-12-05"}))]
pub struct CreateMeetingRequest {
    /// The storkreds holding it (slug); a board may plan only its own storkreds' meetings.
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// A name, 1–200 characters on one line.
    #[schema(value_type = OneLineText, example = "Generalforsamling i Odense")]
    pub name: String,
    /// The day it is held, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date, example = "2026-12-05")]
    pub held_on: String,
}

/// Members to check off at a meeting.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"member_ids": ["m-1042", "m-2211"]}))]
pub struct CheckOffRequest {
    /// The members' ids, each once (1–10,000 of them).
    #[schema(min_items = 1, max_items = 10000, value_type = Vec<MemberId>)]
    pub member_ids: Vec<String>,
}

/// A meeting's paper ballots, entered as one anonymous batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ballots": [{"approvals": [7, 9]}, {"approvals": []}], "spoilt": 1}))]
pub struct PaperBatchRequest {
    /// The filled-in ballots, each as an online ballot is sent: `approvals`
    /// in approval and knapsack rounds, `points` in cumulative rounds (an
    /// empty list is a blank ballot). At most 10,000.
    #[schema(max_items = 10000)]
    pub ballots: Vec<BallotRequest>,
    /// How many ballots were spoilt (handed in, but not readable as a vote);
    /// they count for no bid.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10000)]
    pub spoilt: u32,
}

fn held_on(text: &str) -> ApiResult<NaiveDate> {
    super::formats::parse_date(text)
        .ok_or_else(|| ApiError::invalid_field("invalid-field", "held_on", "must be a date as YYYY-MM-DD"))
}

/// Plans a meeting of a storkreds where members vote on paper (HB, or that
/// storkreds' board; until voting closes).
#[utoipa::path(
    post, path = "/rounds/{round_id}/meetings", tag = "meetings",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = CreateMeetingRequest,
    responses(
        (status = 201, description = "The meeting", body = MeetingView),
        (status = 400, description = "Malformed JSON or bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB nor the storkreds' board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has closed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A blank or too long name, or a date that is not YYYY-MM-DD", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_meeting(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<CreateMeetingRequest>,
) -> ApiResult<(StatusCode, JsonResponse<MeetingView>)> {
    let name = MeetingName::parse(&request.name).map_err(|e| ApiError::invalid_text("name", e))?;
    let held_on = held_on(&request.held_on)?;
    let meeting = meetings::create(&state.services, &actor, round_id, request.storkreds, name, held_on).await?;
    Ok((StatusCode::CREATED, JsonResponse(meeting.into())))
}

/// A round's meetings with their counts: all of them for HB, its own
/// storkreds' for a board.
#[utoipa::path(
    get, path = "/rounds/{round_id}/meetings", tag = "meetings",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The meetings, in the order planned", body = [MeetingView]),
        (status = 400, description = "Bad round id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB nor a storkreds board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_meetings(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<Vec<MeetingView>>> {
    let list = meetings::list(&state.services, &actor, round_id).await?;
    Ok(JsonResponse(list.into_iter().map(MeetingView::from).collect()))
}

/// One meeting with its counts (HB, or its storkreds' board).
#[utoipa::path(
    get, path = "/rounds/{round_id}/meetings/{meeting_id}", tag = "meetings",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("meeting_id" = i64, Path, description = "The meeting", example = 1)),
    responses(
        (status = 200, description = "The meeting", body = MeetingView),
        (status = 400, description = "Bad round or meeting id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB nor the meeting's storkreds' board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_meeting(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, meeting_id)): Path<(i64, i64)>,
) -> ApiResult<JsonResponse<MeetingView>> {
    let meeting = meetings::get(&state.services, &actor, round_id, meeting_id).await?;
    Ok(JsonResponse(meeting.into()))
}

/// The 422 for a check-off list that cannot be read.
pub fn list_error(error: CheckOffListError) -> ApiError {
    match error {
        CheckOffListError::Lines(lines) => {
            let errors: Vec<FieldError> = lines
                .iter()
                .map(|(line, problem)| FieldError {
                    field: format!("member_ids[{}]", line - 1),
                    message: problem.to_string(),
                })
                .collect();
            ApiError::Invalid {
                slug: "invalid-member-id",
                detail: format!("{} member id(s) cannot be read; nobody was checked off", errors.len()),
                errors,
            }
        }
        other => ApiError::invalid_field("invalid-member-id", "member_ids", other),
    }
}

/// The 409 for members who cannot be checked off.
pub fn refused_error(refused: &[RefusedMember]) -> ApiError {
    let errors: Vec<FieldError> = refused
        .iter()
        .map(|r| FieldError {
            field: format!("member_ids[{}]", r.position),
            message: format!("member '{}' {}", r.member_id, r.refusal),
        })
        .collect();
    ApiError::FieldConflict {
        slug: "check-off-refused",
        detail: format!(
            "{} member(s) cannot be checked off, so nobody was: {}",
            errors.len(),
            errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
        ),
        errors,
    }
}

/// Checks members off at a meeting as having voted there on paper (HB, or
/// the meeting's storkreds' board; in `voting`, before the meeting's batch
/// is entered). A member checked off cannot vote online any more. All or
/// nothing: a member who has already voted online (their online ballot
/// counts), is already checked off, is not on the roll or is on it in
/// another storkreds makes the whole request fail with 409, each such
/// member named in `errors` (`member_ids[i]`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/meetings/{meeting_id}/check-offs", tag = "meetings",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("meeting_id" = i64, Path, description = "The meeting", example = 1)),
    request_body = CheckOffRequest,
    responses(
        (status = 200, description = "The meeting with its new count", body = MeetingView),
        (status = 400, description = "Malformed JSON or bad ids", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB nor the meeting's storkreds' board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or meeting", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not in `voting`, the meeting's batch is entered (`batch-entered`), or some members cannot be checked off (`check-off-refused`, each in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No ids, a blank or too long id, or a member listed twice, ids compared without surrounding spaces (`invalid-member-id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn check_off_members(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, meeting_id)): Path<(i64, i64)>,
    Json(request): Json<CheckOffRequest>,
) -> ApiResult<JsonResponse<MeetingView>> {
    // In JSON every entry is an id: a blank one is an error, not a blank line.
    let mut bad: Vec<(usize, MemberIdProblem)> = request
        .member_ids
        .iter()
        .enumerate()
        .filter(|(_, id)| id.trim().is_empty() || id.chars().count() > MemberId::MAX_CHARS)
        .map(|(i, _)| (i + 1, MemberIdProblem::BadMemberId))
        .collect();
    if request.member_ids.len() > MAX_CHECK_OFFS {
        return Err(list_error(CheckOffListError::TooMany));
    }
    let ids = match parse_member_ids(request.member_ids.iter().map(String::as_str)) {
        Ok(ids) if bad.is_empty() => ids,
        Ok(_) => return Err(list_error(CheckOffListError::Lines(bad))),
        Err(CheckOffListError::Lines(lines)) => {
            bad.extend(lines);
            bad.sort_by_key(|(line, _)| *line);
            bad.dedup_by_key(|(line, _)| *line);
            return Err(list_error(CheckOffListError::Lines(bad)));
        }
        Err(e) => return Err(list_error(e)),
    };
    match meetings::check_off(&state.services, &actor, round_id, meeting_id, &ids).await? {
        Ok(meeting) => Ok(JsonResponse(meeting.into())),
        Err(refused) => Err(refused_error(&refused)),
    }
}

/// The error for a refused batch: 409 when it conflicts with the meeting or
/// the round (already entered, more than checked off, a ballot breaking the
/// round's rules), 422 when it is wrong in itself.
pub fn batch_error(error: BatchError) -> ApiError {
    match error {
        BatchError::AlreadyEntered => ApiError::Conflict {
            slug: "batch-entered",
            detail: error.to_string(),
        },
        BatchError::MoreThanCheckedOff { .. } => ApiError::Conflict {
            slug: "batch-exceeds-check-offs",
            detail: error.to_string(),
        },
        BatchError::Empty | BatchError::TooLarge => ApiError::invalid_field("invalid-batch", "ballots", error),
        BatchError::Ballots(ref refused) => {
            let in_itself = refused.iter().all(|(_, e)| matches!(e, BallotError::Duplicate(_)));
            let errors: Vec<FieldError> = refused
                .iter()
                .map(|(i, e)| FieldError {
                    field: format!("ballots[{i}]"),
                    message: e.to_string(),
                })
                .collect();
            let detail = format!("{error}; no ballot was entered");
            if in_itself {
                ApiError::Invalid {
                    slug: "invalid-ballot",
                    detail,
                    errors,
                }
            } else {
                ApiError::FieldConflict {
                    slug: "invalid-ballot",
                    detail,
                    errors,
                }
            }
        }
    }
}

/// Enters a meeting's paper ballots as its one anonymous batch (HB, or the
/// meeting's storkreds' board; in `voting`). Each ballot is checked by the
/// round's ballot rules like an online one, and the batch (spoilt ballots
/// included) may hold no more ballots than members checked off at the
/// meeting. A ballot that breaks the rules is refused with the whole batch,
/// never counted as spoilt: enter a spoilt ballot in `spoilt`. Once
/// entered, the batch is final and the meeting takes no more check-offs.
#[utoipa::path(
    post, path = "/rounds/{round_id}/meetings/{meeting_id}/ballots", tag = "meetings",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1), ("meeting_id" = i64, Path, description = "The meeting", example = 1)),
    request_body = PaperBatchRequest,
    responses(
        (status = 200, description = "The meeting with its counts", body = MeetingView),
        (status = 400, description = "Malformed JSON or bad ids", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB nor the meeting's storkreds' board", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round or meeting", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not in `voting`; the batch is already entered (`batch-entered`); more ballots than members checked off (`batch-exceeds-check-offs`); or ballots that break the round's ballot rules (`invalid-ballot`, each in `errors` as `ballots[i]`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No ballots at all (`invalid-batch`), a ballot without exactly one of `approvals` and `points`, or a bid listed twice on a ballot (`invalid-ballot`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn enter_paper_ballots(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((round_id, meeting_id)): Path<(i64, i64)>,
    Json(request): Json<PaperBatchRequest>,
) -> ApiResult<JsonResponse<MeetingView>> {
    if request.ballots.len() + request.spoilt as usize > MAX_BATCH {
        return Err(batch_error(BatchError::TooLarge));
    }
    let mut entries = Vec::with_capacity(request.ballots.len() + request.spoilt as usize);
    for (i, ballot) in request.ballots.into_iter().enumerate() {
        let input = BallotInput::try_from(ballot).map_err(|e| match e {
            ApiError::Invalid { slug, detail, errors } => ApiError::Invalid {
                slug,
                detail: format!("ballots[{i}]: {detail}"),
                errors: errors
                    .into_iter()
                    .map(|f| FieldError {
                        field: format!("ballots[{i}].{}", f.field),
                        message: f.message,
                    })
                    .collect(),
            },
            other => other,
        })?;
        entries.push(PaperEntry::Filled(input));
    }
    entries.extend((0..request.spoilt).map(|_| PaperEntry::Spoilt));
    match meetings::enter_batch(&state.services, &actor, round_id, meeting_id, &entries).await? {
        Ok(meeting) => Ok(JsonResponse(meeting.into())),
        Err(e) => Err(batch_error(e)),
    }
}

/// The meeting routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_meeting, list_meetings))
        .routes(routes!(get_meeting))
        .routes(routes!(check_off_members))
        .routes(routes!(enter_paper_ballots))
}
