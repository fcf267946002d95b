//! Tallying a closed round, reading its result, and simulating other rules.

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::rules::Satisfaction;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::tally::percent_of;
use medlemsbudget_domain::{Money, Storkreds};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::settings::{RoundRuleBody, SplitBody};
use crate::auth::Bearer;
use crate::error::{ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::rest::settings::StorkredsSlug;
use crate::services::results::{self, RoundResult};
use crate::state::AppState;

/// One proposal's line in a result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultLineView {
    /// Position: funded proposals in the order the rule chose them, then the rest by votes.
    pub rank: usize,
    /// The proposal.
    pub id: i64,
    /// Its storkreds (slug).
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its title.
    pub title: String,
    /// Ballots that support it (approve it, or give it points).
    pub supporters: u64,
    /// The points given to it, when the rule counts points (`satisfaction: points`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u64>,
    /// Requested kroner.
    #[schema(value_type = String, example = "60000.00")]
    pub requested: Money,
    /// Whether it is funded.
    pub funded: bool,
    /// Allocated kroner: the full request when funded, else `0.00`.
    #[schema(value_type = String, example = "60000.00")]
    pub allocated: Money,
    /// Why, in words, with the numbers behind it.
    pub explanation: String,
}

/// What one storkreds asked for and got.
#[derive(Debug, Serialize, ToSchema)]
pub struct StorkredsTotalView {
    /// The storkreds (slug).
    #[schema(value_type = StorkredsSlug, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its Danish name.
    pub name: &'static str,
    /// Its accepted proposals on the ballot.
    pub proposals: usize,
    /// How many of them are funded.
    pub funded: usize,
    /// Total requested by them.
    #[schema(value_type = String, example = "120000.00")]
    pub requested: Money,
    /// Its sub-pool, under an `equal`, `by-members` or `fixed` split.
    #[schema(value_type = Option<String>, example = "50000.00")]
    pub sub_pool: Option<Money>,
    /// Its floor grant for the basics, under a `floor` split.
    #[schema(value_type = String, example = "20000.00")]
    pub grant: Money,
    /// Everything it gets: funded proposals plus grant.
    #[schema(value_type = String, example = "80000.00")]
    pub allocated: Money,
    /// `allocated` as a percentage of the pool, rounded to two decimals
    /// (`"16.00"` is 16 %).
    #[schema(example = "16.00")]
    pub share_of_pool_percent: String,
    /// Its members on the electorate roll (`null`: the round has no roll).
    pub members: Option<u64>,
    /// Ballots cast by its members.
    pub voters: u64,
}

/// A round's result. `allocated + unallocated == pool`, exactly.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "round_id": 1, "official": true,
    "rule": {"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"},
    "split": {"kind": "national"},
    "pool": "500000.00", "allocated": "480000.00", "unallocated": "20000.00",
    "ballots_counted": 25, "ballots_root": "9e3c7d0b36a2ffb1b4f3c0a7c1a0f0e2d1c3b5a7988766554433221100ffeedd",
    "tallied_at": "2026-12-03T20:00:00Z",
    "proposals": [{"rank": 1, "id": 7, "storkreds": "fyn", "title": "Valgkampsbus til Fyn", "supporters": 20,
        "requested": "60000.00", "funded": true, "allocated": "60000.00",
        "explanation": "Funded in step 1 of equal shares: 20 supporters each paid 3000.00."}],
    "storkredse": [{"storkreds": "fyn", "name": "Fyn", "proposals": 1, "funded": 1, "requested": "60000.00",
        "sub_pool": null, "grant": "0.00", "allocated": "60000.00", "share_of_pool_percent": "12.00", "members": null, "voters": 20}],
    "steps": ["National step 1: Funded in step 1 of equal shares: 20 supporters each paid 3000.00."]
}))]
pub struct ResultView {
    /// The round.
    pub round_id: i64,
    /// `true` for the stored result of `tally`; `false` for a simulation, which is never stored.
    pub official: bool,
    /// The rule counted with.
    pub rule: RoundRuleBody,
    /// The split counted with.
    pub split: SplitBody,
    /// The pool.
    #[schema(value_type = String, example = "500000.00")]
    pub pool: Money,
    /// Sum allocated, floor grants included.
    #[schema(value_type = String, example = "480000.00")]
    pub allocated: Money,
    /// What is left of the pool.
    #[schema(value_type = String, example = "20000.00")]
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots_counted: usize,
    /// Root of the hash chain over the counted ballots; equals the `root` of
    /// `GET /rounds/{round_id}/ballots` once published.
    pub ballots_root: String,
    /// When the tally (or simulation) ran.
    pub tallied_at: DateTime<Utc>,
    /// Every accepted proposal.
    pub proposals: Vec<ResultLineView>,
    /// All ten storkredse.
    pub storkredse: Vec<StorkredsTotalView>,
    /// Every step of the rule, in order.
    pub steps: Vec<String>,
    /// For HB before publishing: storkredse with fewer than 5 voters under a
    /// split whose published ballots show their storkreds.
    pub privacy_warnings: Vec<String>,
}

/// Another rule or split to try on a closed round's ballots.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": {"rule": "mes", "completion": "add1-greedy"}, "split": {"kind": "national"}}))]
pub struct SimulateRequest {
    /// The rule to try (default: the round's).
    pub rule: Option<RoundRuleBody>,
    /// The split to try (default: the round's).
    pub split: Option<SplitBody>,
}

impl From<RoundResult> for ResultView {
    fn from(result: RoundResult) -> Self {
        let tally = result.stored.tally;
        let counts_points = result.rule.satisfaction == Satisfaction::Points;
        let proposals = tally
            .lines
            .into_iter()
            .map(|line| ResultLineView {
                rank: line.rank,
                id: line.id.0,
                storkreds: line.storkreds,
                title: result.titles.get(&line.id).cloned().unwrap_or_default(),
                supporters: line.votes,
                points: counts_points.then_some(line.support),
                requested: line.requested,
                funded: line.funded,
                allocated: line.allocated,
                explanation: line.explanation,
            })
            .collect();
        let storkredse = tally
            .storkredse
            .into_iter()
            .map(|s| StorkredsTotalView {
                storkreds: s.storkreds,
                name: s.storkreds.name(),
                proposals: s.proposals,
                funded: s.funded,
                requested: s.requested,
                sub_pool: s.sub_pool,
                grant: s.grant,
                allocated: s.allocated,
                share_of_pool_percent: percent_of(s.allocated, tally.pool),
                members: result
                    .members
                    .as_ref()
                    .map(|m| m.get(&s.storkreds).copied().unwrap_or(0)),
                voters: s.voters,
            })
            .collect();
        ResultView {
            round_id: result.round_id,
            official: result.official,
            rule: result.rule.into(),
            split: result.split.into(),
            pool: tally.pool,
            allocated: tally.allocated,
            unallocated: tally.unallocated,
            ballots_counted: tally.ballots,
            ballots_root: result.stored.ballots_root,
            tallied_at: result.stored.tallied_at,
            proposals,
            storkredse,
            steps: tally.steps,
            privacy_warnings: result
                .small_storkredse
                .iter()
                .map(|(storkreds, voters)| {
                    format!(
                        "{} has {voters} voter(s): under this split each published ballot shows its storkreds, \
                         so these ballots are all but named",
                        storkreds.name()
                    )
                })
                .collect(),
        }
    }
}

/// Counts the ballots of a closed round under its rule and split, stores the
/// result (replacing an earlier tally) and returns it (HB only, in `closed`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/tally", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not `closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn tally(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<ResultView>> {
    Ok(JsonResponse(
        results::tally(&state.services, &actor, round_id).await?.into(),
    ))
}

/// Reads a round's result: HB once tallied, everyone once `published`.
#[utoipa::path(
    get, path = "/rounds/{round_id}/results", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 404, description = "No such round, or not tallied yet", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not HB and the result is not published yet (`not-published`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_results(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<ResultView>> {
    Ok(JsonResponse(
        results::get(&state.services, &actor, round_id).await?.into(),
    ))
}

/// Runs another rule or split on a closed round's ballots and returns the
/// outcome, marked `official: false`; nothing is stored (HB only, `closed` or
/// `published`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/simulate", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round", example = 1)),
    request_body = SimulateRequest,
    responses(
        (status = 200, description = "The unofficial outcome", body = ResultView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting is not over, or the rule or split does not fit the round's ballots or pool (`invalid-settings`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The rule is wrong in itself: a completion with a rule other than `mes`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn simulate(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(round_id): Path<i64>,
    Json(request): Json<SimulateRequest>,
) -> ApiResult<JsonResponse<ResultView>> {
    actor.require_hb()?;
    let rule = request.rule.map(RoundRule::from);
    let split = request.split.map(Split::try_from).transpose()?;
    let result = results::simulate(&state.services, &actor, round_id, rule, split).await?;
    Ok(JsonResponse(result.into()))
}

/// The results routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(tally))
        .routes(routes!(get_results))
        .routes(routes!(simulate))
}
