//! Rounds: create, change settings before voting, list, read, and move
//! through phases; plan the timeline and move its dates.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{ChangeReason, Milestone, Moment, Money, Phase, RoundName, RoundSettings, Timeline};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::settings::{BallotRulesBody, RoundRuleBody, SplitBody};
use crate::auth::Bearer;
use crate::clock::date_time;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::rest::formats::{parse_date_time, DateTimeSeconds, OneLineText, PositiveAmount};
use crate::rest::settings::PhaseName;
use crate::services::rounds::{self, RoundDetail, SettingsChanges};
use crate::services::timeline::{self, ScheduleStatus};
use crate::state::AppState;
use crate::store::rounds::Round;
use crate::store::timeline_changes::TimelineChange;

/// A round as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": "KV17 grundarbejde", "pool": "500000.00",
    "ballot": {"kind": "approval", "min_approvals": 0, "max_approvals": 5},
    "rule": {"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"},
    "split": {"kind": "floor", "per_storkreds": "20000.00"},
    "phase": "submission",
    "timeline": {
        "submission_opens": "2026-12-07T08:00:00Z", "review_opens": "2027-01-11T11:00:00Z",
        "voting_opens": "2027-01-25T08:00:00Z", "voting_closes": "2027-02-07T19:00:00Z",
        "publication": "2027-02-09T11:00:00Z"
    },
    "created_at": "2026-11-25T12:00:00Z", "updated_at": "2026-11-25T12:05:00Z"
}))]
pub struct RoundView {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The amount to allocate, in kroner with two decimals.
    #[schema(value_type = String, example = "500000.00")]
    pub pool: Money,
    /// What a ballot may hold.
    pub ballot: BallotRulesBody,
    /// How the pool is allocated.
    pub rule: RoundRuleBody,
    /// How the pool is split among the storkredse first.
    pub split: SplitBody,
    /// `draft`, `submission`, `review`, `voting`, `closed` or `published`.
    #[schema(value_type = PhaseName, example = "submission")]
    pub phase: Phase,
    /// When each phase after the draft starts, as HB planned it (`null`
    /// when the round has none; then HB moves it by hand). The service
    /// moves the round at these times.
    pub timeline: Option<TimelineView>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Round> for RoundView {
    fn from(round: Round) -> Self {
        RoundView {
            id: round.id,
            name: round.name,
            pool: round.pool,
            ballot: round.ballot.into(),
            rule: round.rule.into(),
            split: round.split.into(),
            phase: round.phase,
            timeline: round.timeline.as_ref().map(TimelineView::from),
            created_at: round.created_at,
            updated_at: round.updated_at,
        }
    }
}

/// When each phase after the draft starts, in UTC.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineView {
    /// Boards may submit bids (`submission`).
    pub submission_opens: DateTime<Utc>,
    /// Bids are frozen for HB's review (`review`).
    pub review_opens: DateTime<Utc>,
    /// Members may vote (`voting`).
    pub voting_opens: DateTime<Utc>,
    /// Voting ends (`closed`): a ballot is counted only if cast before this second.
    pub voting_closes: DateTime<Utc>,
    /// The result is published (`published`), once HB has tallied it.
    pub publication: DateTime<Utc>,
}

impl From<&Timeline> for TimelineView {
    fn from(timeline: &Timeline) -> Self {
        let at = |milestone| date_time(timeline.at(milestone));
        TimelineView {
            submission_opens: at(Milestone::SubmissionOpens),
            review_opens: at(Milestone::ReviewOpens),
            voting_opens: at(Milestone::VotingOpens),
            voting_closes: at(Milestone::VotingCloses),
            publication: at(Milestone::Publication),
        }
    }
}

/// A timeline HB plans: when each phase after the draft starts, each in the
/// future and after the one before.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "submission_opens": "2026-12-07T09:00:00+01:00", "review_opens": "2027-01-11T12:00:00+01:00",
    "voting_opens": "2027-01-25T09:00:00+01:00", "voting_closes": "2027-02-07T20:00:00+01:00",
    "publication": "2027-02-09T12:00:00+01:00"
}))]
pub struct TimelineBody {
    /// Boards may submit bids from then.
    #[schema(value_type = DateTimeSeconds)]
    pub submission_opens: String,
    /// Bids are frozen for review from then.
    #[schema(value_type = DateTimeSeconds)]
    pub review_opens: String,
    /// Members may vote from then.
    #[schema(value_type = DateTimeSeconds)]
    pub voting_opens: String,
    /// Voting closes then, on the second.
    #[schema(value_type = DateTimeSeconds)]
    pub voting_closes: String,
    /// The result is published then (once tallied).
    #[schema(value_type = DateTimeSeconds)]
    pub publication: String,
}

impl TimelineBody {
    /// The moments, in the order of the milestones, each field read on its
    /// own (the field named after `prefix`).
    fn moments(&self, prefix: &str) -> ApiResult<[Moment; 5]> {
        let texts = [
            &self.submission_opens,
            &self.review_opens,
            &self.voting_opens,
            &self.voting_closes,
            &self.publication,
        ];
        let mut moments = [Moment::from_unix_seconds(0); 5];
        for ((moment, text), milestone) in moments.iter_mut().zip(texts).zip(Milestone::ALL) {
            *moment = parse_date_time(text)
                .map_err(|e| ApiError::invalid_field("invalid-timeline", &format!("{prefix}{milestone}"), e))?;
        }
        Ok(moments)
    }
}

/// The name of a milestone on the timeline.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneName {
    /// Submission opens.
    SubmissionOpens,
    /// Review opens.
    ReviewOpens,
    /// Voting opens.
    VotingOpens,
    /// Voting closes.
    VotingCloses,
    /// Publication.
    Publication,
}

impl From<MilestoneName> for Milestone {
    fn from(name: MilestoneName) -> Self {
        match name {
            MilestoneName::SubmissionOpens => Milestone::SubmissionOpens,
            MilestoneName::ReviewOpens => Milestone::ReviewOpens,
            MilestoneName::VotingOpens => Milestone::VotingOpens,
            MilestoneName::VotingCloses => Milestone::VotingCloses,
            MilestoneName::Publication => Milestone::Publication,
        }
    }
}

impl From<Milestone> for MilestoneName {
    fn from(milestone: Milestone) -> Self {
        match milestone {
            Milestone::SubmissionOpens => MilestoneName::SubmissionOpens,
            Milestone::ReviewOpens => MilestoneName::ReviewOpens,
            Milestone::VotingOpens => MilestoneName::VotingOpens,
            Milestone::VotingCloses => MilestoneName::VotingCloses,
            Milestone::Publication => MilestoneName::Publication,
        }
    }
}

/// HB moves one date of the timeline, with a reason that is shown on the round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "milestone": "voting_closes", "to": "2027-02-08T20:00:00+01:00",
    "reason": "Landsmødet er flyttet, så medlemmerne får en dag mere."
}))]
pub struct MoveDateRequest {
    /// The date to move.
    pub milestone: MilestoneName,
    /// Its new date and time, in the future.
    #[schema(value_type = DateTimeSeconds)]
    pub to: String,
    /// Why, for the members: 1–1000 characters on one line.
    #[schema(value_type = OneLineText, max_length = 1000)]
    pub reason: String,
}

/// A date HB moved, with the reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineChangeView {
    /// The date moved.
    pub milestone: MilestoneName,
    /// When it was planned before.
    pub from: DateTime<Utc>,
    /// When it is planned now.
    pub to: DateTime<Utc>,
    /// HB's reason.
    pub reason: String,
    /// When HB moved it.
    pub changed_at: DateTime<Utc>,
}

impl From<TimelineChange> for TimelineChangeView {
    fn from(change: TimelineChange) -> Self {
        TimelineChangeView {
            milestone: change.milestone.into(),
            from: date_time(change.from),
            to: date_time(change.to),
            reason: change.reason,
            changed_at: date_time(change.changed_at),
        }
    }
}

/// The next phase, due on the timeline, that the round has not entered.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleView {
    /// The phase due.
    #[schema(value_type = PhaseName, example = "voting")]
    pub due: Phase,
    /// Since when.
    pub since: DateTime<Utc>,
    /// Why the service has not moved the round there yet, e.g. bids still
    /// awaiting review (`null`: it will within seconds). HB clears it, or
    /// moves the date.
    pub blocked: Option<String>,
}

impl From<ScheduleStatus> for ScheduleView {
    fn from(status: ScheduleStatus) -> Self {
        ScheduleView {
            due: status.due,
            since: date_time(status.since),
            blocked: status.blocked.map(|b| b.to_string()),
        }
    }
}

/// One round with its timeline's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDetailView {
    /// The round.
    #[serde(flatten)]
    pub round: RoundView,
    /// Every date HB moved on the timeline, oldest first, with the reasons.
    pub timeline_changes: Vec<TimelineChangeView>,
    /// Set when the timeline has reached a phase the round has not entered.
    pub schedule: Option<ScheduleView>,
}

impl From<RoundDetail> for RoundDetailView {
    fn from(detail: RoundDetail) -> Self {
        RoundDetailView {
            round: detail.round.into(),
            timeline_changes: detail.timeline_changes.into_iter().map(Into::into).collect(),
            schedule: detail.schedule.map(Into::into),
        }
    }
}

/// What HB sends to create a round. Ballot rules, rule and split default to
/// approval ballots, greedy and one national pool.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "KV17 grundarbejde", "pool": "500000.00",
    "ballot": {"kind": "approval", "max_approvals": 5},
    "rule": {"rule": "mes", "completion": "add1-greedy"},
    "split": {"kind": "floor", "per_storkreds": "20000.00"}
}))]
pub struct CreateRoundRequest {
    /// A name members recognise, 1–200 characters on one line.
    #[schema(value_type = OneLineText, example = "KV17 grundarbejde")]
    pub name: String,
    /// The amount to allocate, more than 0.
    #[schema(value_type = PositiveAmount, example = "500000.00")]
    pub pool: String,
    /// Shorthand for approval ballots with at most this many approvals
    /// (1–1000); not together with `ballot` (one of them may be `null`).
    #[schema(minimum = 1, maximum = 1000)]
    pub max_approvals: Option<u32>,
    /// What a ballot may hold (default: approval, no limits).
    pub ballot: Option<BallotRulesBody>,
    /// How the pool is allocated (default: greedy by supporters).
    pub rule: Option<RoundRuleBody>,
    /// How the pool is split first (default: national).
    pub split: Option<SplitBody>,
    /// When each phase starts (optional; without it HB moves the round by
    /// hand, and can plan it later while the round is a draft).
    pub timeline: Option<TimelineBody>,
}

/// Changes to a round's settings before voting opens; omitted fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": {"rule": "mes", "completion": "add1-greedy"}, "split": {"kind": "equal", "pool_leftovers": true}}))]
pub struct UpdateRoundRequest {
    /// New name, 1–200 characters on one line.
    #[schema(value_type = Option<OneLineText>)]
    pub name: Option<String>,
    /// New pool, more than 0.
    #[schema(value_type = Option<PositiveAmount>)]
    pub pool: Option<String>,
    /// New ballot rules.
    pub ballot: Option<BallotRulesBody>,
    /// New allocation rule.
    pub rule: Option<RoundRuleBody>,
    /// New split.
    pub split: Option<SplitBody>,
}

/// Moves a round to the next phase.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phase": "closed"}))]
pub struct PhaseRequest {
    /// The phase to enter; it must be the one after the current phase.
    #[schema(value_type = PhaseName, example = "submission")]
    pub phase: Phase,
}

fn parse_pool(raw: &str) -> ApiResult<Money> {
    Money::parse(raw).map_err(|e| ApiError::invalid_money("pool", e))
}

impl TryFrom<&CreateRoundRequest> for RoundSettings {
    type Error = ApiError;

    fn try_from(request: &CreateRoundRequest) -> Result<Self, Self::Error> {
        let name = RoundName::parse(&request.name).map_err(|e| ApiError::invalid_text("name", e))?;
        let pool = parse_pool(&request.pool)?;
        let ballot = match (request.max_approvals, request.ballot.clone()) {
            (Some(_), Some(_)) => {
                return Err(ApiError::invalid_field(
                    "invalid-settings",
                    "max_approvals",
                    "give max_approvals or ballot, not both",
                ))
            }
            (Some(max), None) => BallotRules::Approval {
                min_approvals: 0,
                max_approvals: Some(max),
            },
            (None, Some(ballot)) => BallotRules::try_from(ballot)?,
            (None, None) => BallotRules::default(),
        };
        let settings = RoundSettings {
            name,
            pool,
            ballot,
            rule: request.rule.map(RoundRule::from).unwrap_or_default(),
            split: request
                .split
                .clone()
                .map(Split::try_from)
                .transpose()?
                .unwrap_or_default(),
        };
        Ok(settings.validate()?)
    }
}

impl TryFrom<UpdateRoundRequest> for SettingsChanges {
    type Error = ApiError;

    fn try_from(request: UpdateRoundRequest) -> Result<Self, Self::Error> {
        Ok(SettingsChanges {
            name: request
                .name
                .map(|name| RoundName::parse(&name))
                .transpose()
                .map_err(|e| ApiError::invalid_text("name", e))?,
            pool: request.pool.as_deref().map(parse_pool).transpose()?,
            ballot: request.ballot.map(BallotRules::try_from).transpose()?,
            rule: request.rule.map(RoundRule::from),
            split: request.split.map(Split::try_from).transpose()?,
        })
    }
}

/// Creates a round in phase `draft` (HB only). Besides each field's own
/// format, the settings must fit together: fixed sub-pools add up to the
/// pool, ten floors fit in it, a knapsack limit is at most the pool,
/// `min_approvals` is at most `max_approvals`, `max_per_proposal` at most
/// `points`; the `points` satisfaction needs cumulative ballots and
/// `phragmen` approval or knapsack ballots. A round that breaks one is a 422.
/// A timeline, if given, must be in the future with each date after the one
/// before (422 `invalid-timeline` naming the date).
#[utoipa::path(
    post, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    request_body = CreateRoundRequest,
    responses(
        (status = 201, description = "The new round", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, pool or settings", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_round(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Json(request): Json<CreateRoundRequest>,
) -> ApiResult<(StatusCode, axum::Json<RoundView>)> {
    actor.require_hb()?;
    let settings = RoundSettings::try_from(&request)?;
    let timeline = request.timeline.as_ref().map(|t| t.moments("timeline.")).transpose()?;
    let round = rounds::create(&state.services, &actor, settings, timeline).await?;
    Ok((StatusCode::CREATED, axum::Json(round.into())))
}

/// Changes a round's settings (HB only, before voting opens: in `draft`,
/// `submission` or `review`). Every bid must still fit the pool, and the
/// settings must fit together: a 422 when the request gives all the settings
/// at odds, a 409 when one of them is the round's own (a pool too small for
/// the floors of its split).
#[utoipa::path(
    patch, path = "/rounds/{round_id}", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = UpdateRoundRequest,
    responses(
        (status = 200, description = "The round with its new settings", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has opened: the settings are frozen; a bid is larger than the new pool (`exceeds-pool`); or a new setting does not fit one the round keeps (`invalid-settings`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid settings, or settings given together that do not fit together", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_round(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<UpdateRoundRequest>,
) -> ApiResult<axum::Json<RoundView>> {
    actor.require_hb()?;
    let changes = SettingsChanges::try_from(request)?;
    let round = rounds::change_settings(&state.services, &actor, round_id, changes).await?;
    Ok(axum::Json(round.into()))
}

/// Lists all rounds, newest first.
#[utoipa::path(
    get, path = "/rounds", tag = "rounds",
    security(("bearer" = [])),
    responses((status = 200, description = "All rounds", body = Vec<RoundView>))
)]
async fn list_rounds(State(state): State<AppState>, _caller: Bearer) -> ApiResult<axum::Json<Vec<RoundView>>> {
    let rounds = rounds::list(&state.services).await?;
    Ok(axum::Json(rounds.into_iter().map(Into::into).collect()))
}

/// Reads one round, with its timeline, every date HB moved on it (with the
/// reasons) and, when the timeline has reached a phase the round is not in
/// yet, what the service is waiting for.
#[utoipa::path(
    get, path = "/rounds/{round_id}", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses((status = 200, description = "The round", body = RoundDetailView))
)]
async fn get_round(
    State(state): State<AppState>,
    _caller: Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<axum::Json<RoundDetailView>> {
    Ok(axum::Json(rounds::detail(&state.services, round_id).await?.into()))
}

/// Plans the timeline of a round that is still a draft and has none (HB
/// only): when each phase starts. From then on the service moves the round
/// at those times, and HB moves a date only with a reason
/// (`POST /rounds/{round_id}/timeline/moves`).
#[utoipa::path(
    put, path = "/rounds/{round_id}/timeline", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = TimelineBody,
    responses(
        (status = 200, description = "The round with its timeline", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is past its draft (`wrong-phase`) or already has a timeline (`timeline-planned`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date that is not a date, in the past, or not after the one before (`invalid-timeline`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn plan_timeline(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<TimelineBody>,
) -> ApiResult<axum::Json<RoundView>> {
    actor.require_hb()?;
    let moments = request.moments("")?;
    let round = timeline::plan(&state.services, &actor, round_id, moments).await?;
    Ok(axum::Json(round.into()))
}

/// Moves one date of a round's timeline, with a reason shown on the round
/// and kept in the audit log (HB only). A date moves only before its phase
/// starts, into the future, and stays between its neighbours; once voting
/// has opened, only the close moves, and only later, while voting is open.
#[utoipa::path(
    post, path = "/rounds/{round_id}/timeline/moves", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = MoveDateRequest,
    responses(
        (status = 200, description = "The round with the date moved and the change listed", body = RoundDetailView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round has no timeline (`no-timeline`); the date's phase has started, or voting would be shortened or has closed (`timeline-fixed`); the new date is not between the dates before and after it (`invalid-timeline`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a date, in the past, the same date, or a blank reason", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn move_date(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<MoveDateRequest>,
) -> ApiResult<axum::Json<RoundDetailView>> {
    actor.require_hb()?;
    let to = parse_date_time(&request.to).map_err(|e| ApiError::invalid_field("invalid-timeline", "to", e))?;
    let reason = ChangeReason::parse(&request.reason).map_err(|e| ApiError::invalid_text("reason", e))?;
    let detail = timeline::move_date(&state.services, &actor, round_id, request.milestone.into(), to, reason)
        .await?
        .map_err(timeline::move_refused)?;
    Ok(axum::Json(detail.into()))
}

/// Moves a round one phase forward (HB only): `draft → submission → review →
/// voting → closed → published`. Voting opens only when every bid is reviewed,
/// at least one is accepted, and (for a `by-members` split) the electorate roll
/// has members; from then on the settings are frozen. Publishing needs a tally.
/// A round with a timeline moves by itself at its dates; HB may move it by
/// hand only once the date of the phase has come (409 `ahead-of-timeline`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/phase", tag = "rounds",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = PhaseRequest,
    responses(
        (status = 200, description = "The round in its new phase", body = RoundView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the next phase, the round is not ready for it, or its timeline has not reached it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a phase", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_phase(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<PhaseRequest>,
) -> ApiResult<axum::Json<RoundView>> {
    let round = rounds::change_phase(&state.services, &actor, round_id, request.phase).await?;
    Ok(axum::Json(round.into()))
}

/// The rounds routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_round, list_rounds))
        .routes(routes!(get_round, update_round))
        .routes(routes!(change_phase))
        .routes(routes!(plan_timeline))
        .routes(routes!(move_date))
}
