//! Tallying a closed round, reading its result, and simulating other rules.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::tally::{percent_of, tally_round, CountedBallot, RoundTally};
use medlemsbudget_domain::verification::{ballots_root, tally_hash, tally_inputs_hash};
use medlemsbudget_domain::{Candidate, Money, Phase, ProposalId, ProposalStatus, Storkreds};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{Principal, Role};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Json, Path};
use crate::schema::{RoundRuleSchema, SplitSchema};
use crate::state::AppState;
use crate::store::{self, proposals::Proposal, results::StoredResult, rounds::Round};

/// One proposal's line in a result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultLineView {
    /// Position: funded proposals in the order the rule chose them, then the rest by votes.
    pub rank: i64,
    /// The proposal.
    pub id: i64,
    /// Its storkreds (slug).
    #[schema(value_type = String, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its title.
    pub title: String,
    /// Ballots supporting it.
    pub votes: i64,
    /// Its support under the rule's satisfaction: supporters, or points.
    pub support: i64,
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
    #[schema(value_type = String, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its Danish name.
    pub name: &'static str,
    /// Its accepted proposals on the ballot.
    pub proposals: i64,
    /// How many of them are funded.
    pub funded: i64,
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
    /// `allocated` as a percentage of the pool, two decimals.
    #[schema(example = "16.00")]
    pub share_of_pool: String,
    /// Its members on the electorate roll (`null`: the round has no roll).
    pub members: Option<u64>,
    /// Ballots cast by its members.
    pub voters: i64,
}

/// A round's result. `allocated + unallocated == pool`, exactly.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "round_id": 1, "official": true, "rule": "mes_cost_add1_greedy", "split": "national",
    "pool": "500000.00", "allocated": "480000.00", "unallocated": "20000.00",
    "ballots_counted": 25, "ballots_root": "9e3c7d0b36a2ffb1b4f3c0a7c1a0f0e2d1c3b5a7988766554433221100ffeedd",
    "tallied_at": "2026-12-03T20:00:00Z",
    "proposals": [{"rank": 1, "id": 7, "storkreds": "fyn", "title": "Valgkampsbus til Fyn", "votes": 20, "support": 20,
        "requested": "60000.00", "funded": true, "allocated": "60000.00",
        "explanation": "Funded in step 1 of equal shares: 20 supporters each paid 3000.00."}],
    "storkredse": [{"storkreds": "fyn", "name": "Fyn", "proposals": 1, "funded": 1, "requested": "60000.00",
        "sub_pool": null, "grant": "0.00", "allocated": "60000.00", "share_of_pool": "12.00", "members": null, "voters": 20}],
    "steps": ["National step 1: Funded in step 1 of equal shares: 20 supporters each paid 3000.00."]
}))]
pub struct ResultView {
    /// The round.
    pub round_id: i64,
    /// `true` for the stored result of `tally`; `false` for a simulation, which is never stored.
    pub official: bool,
    /// The rule used, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// The split used, e.g. `floor`.
    pub split: String,
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
    pub ballots_counted: i64,
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
}

/// Another rule or split to try on a closed round's ballots.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": {"rule": "mes", "completion": "add1-greedy"}, "split": {"kind": "national"}}))]
pub struct SimulateRequest {
    /// The rule to try (default: the round's).
    #[schema(value_type = Option<RoundRuleSchema>)]
    pub rule: Option<RoundRule>,
    /// The split to try (default: the round's).
    #[schema(value_type = Option<SplitSchema>)]
    pub split: Option<Split>,
}

fn view(
    result: StoredResult,
    official: bool,
    proposals: &BTreeMap<ProposalId, Proposal>,
    members: Option<&BTreeMap<Storkreds, u64>>,
) -> ApiResult<ResultView> {
    let mut lines = Vec::with_capacity(result.lines.len());
    for line in result.lines {
        let proposal = proposals
            .get(&line.proposal_id)
            .ok_or_else(|| ApiError::Internal(format!("result names unknown proposal {}", line.proposal_id)))?;
        lines.push(ResultLineView {
            rank: i64::from(line.rank),
            id: line.proposal_id.0,
            storkreds: proposal.storkreds,
            title: proposal.title.clone(),
            votes: line.votes,
            support: line.support,
            requested: line.requested,
            funded: line.funded,
            allocated: line.allocated,
            explanation: line.explanation,
        });
    }
    let storkredse = result
        .storkredse
        .into_iter()
        .map(|s| StorkredsTotalView {
            storkreds: s.storkreds,
            name: s.storkreds.name(),
            proposals: i64::from(s.proposals),
            funded: i64::from(s.funded),
            requested: s.requested,
            sub_pool: s.sub_pool,
            grant: s.grant,
            allocated: s.allocated,
            share_of_pool: percent_of(s.allocated, result.pool),
            members: members.map(|m| m.get(&s.storkreds).copied().unwrap_or(0)),
            voters: s.voters,
        })
        .collect();
    Ok(ResultView {
        round_id: result.round_id,
        official,
        rule: result.rule,
        split: result.split,
        pool: result.pool,
        allocated: result.allocated,
        unallocated: result.unallocated,
        ballots_counted: result.ballots_counted,
        ballots_root: result.ballots_root,
        tallied_at: result.tallied_at,
        proposals: lines,
        storkredse,
        steps: result.steps,
    })
}

/// A tally as it would be stored, for simulations.
fn unstored(round_id: i64, tally: RoundTally, root: String) -> ApiResult<StoredResult> {
    let int = |n: usize| i64::try_from(n).map_err(|e| ApiError::Internal(e.to_string()));
    Ok(StoredResult {
        round_id,
        rule: tally.rule,
        split: tally.split,
        pool: tally.pool,
        allocated: tally.allocated,
        unallocated: tally.unallocated,
        ballots_counted: int(tally.ballots)?,
        ballots_root: root,
        steps: tally.steps,
        tallied_at: Utc::now(),
        lines: tally
            .lines
            .into_iter()
            .map(|l| {
                Ok(store::results::StoredLine {
                    rank: i32::try_from(l.rank).map_err(|e| ApiError::Internal(e.to_string()))?,
                    proposal_id: l.id,
                    votes: i64::try_from(l.votes).map_err(|e| ApiError::Internal(e.to_string()))?,
                    support: i64::try_from(l.support).map_err(|e| ApiError::Internal(e.to_string()))?,
                    requested: l.requested,
                    funded: l.funded,
                    allocated: l.allocated,
                    explanation: l.explanation,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?,
        storkredse: tally
            .storkredse
            .into_iter()
            .map(|s| {
                Ok(store::results::StoredStorkreds {
                    storkreds: s.storkreds,
                    proposals: i32::try_from(s.proposals).map_err(|e| ApiError::Internal(e.to_string()))?,
                    funded: i32::try_from(s.funded).map_err(|e| ApiError::Internal(e.to_string()))?,
                    requested: s.requested,
                    sub_pool: s.sub_pool,
                    grant: s.grant,
                    allocated: s.allocated,
                    voters: i64::try_from(s.voters).map_err(|e| ApiError::Internal(e.to_string()))?,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?,
    })
}

/// Everything a tally reads from the database.
struct TallyInputs {
    proposals: BTreeMap<ProposalId, Proposal>,
    candidates: Vec<Candidate>,
    ballots: Vec<CountedBallot>,
    root: String,
    members: BTreeMap<Storkreds, u64>,
    has_roll: bool,
}

async fn inputs(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<TallyInputs> {
    let proposals: BTreeMap<ProposalId, Proposal> = store::proposals::list(db, round_id, None, None)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let candidates = proposals
        .values()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .map(|p| Candidate {
            id: p.id,
            storkreds: p.storkreds,
            requested: p.amount,
            submitted_at: p.submitted_at.timestamp_micros(),
        })
        .collect();
    let stored = store::ballots::all(db, round_id).await?;
    let voters = store::ballots::voter_count(db, round_id).await?;
    if voters != stored.len() as u64 {
        return Err(ApiError::Internal(format!(
            "{voters} voters but {} ballots in round {round_id}",
            stored.len()
        )));
    }
    let root = ballots_root(round_id, &store::ballots::published(&stored));
    let ballots = stored
        .into_iter()
        .map(|b| CountedBallot {
            storkreds: b.storkreds,
            content: b.content,
        })
        .collect();
    let members: BTreeMap<Storkreds, u64> = store::electorate::counts_by_storkreds(db, round_id)
        .await?
        .into_iter()
        .collect();
    let has_roll = members.values().any(|&n| n > 0);
    Ok(TallyInputs {
        proposals,
        candidates,
        ballots,
        root,
        members,
        has_roll,
    })
}

/// Runs the rule on a blocking thread: a city-size count takes seconds (and
/// the `add1` search uses several cores), which must not hold up the async
/// workers serving other requests. Hands the inputs back.
async fn run(
    round: &Round,
    inputs: TallyInputs,
    rule: RoundRule,
    split: &Split,
) -> ApiResult<(RoundTally, TallyInputs)> {
    let pool = round.pool;
    let split = split.clone();
    let (result, inputs) = tokio::task::spawn_blocking(move || {
        let result = tally_round(pool, &inputs.candidates, &inputs.ballots, rule, &split, &inputs.members);
        (result, inputs)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("tally task: {e}")))?;
    let result = result.map_err(|e| ApiError::Conflict {
        slug: "cannot-tally",
        detail: e.to_string(),
    })?;
    Ok((result, inputs))
}

/// Counts the ballots of a closed round under its rule and split, stores the
/// result (replacing an earlier tally) and returns it (HB only, in `closed`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/tally", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not `closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn tally(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<ResultView>> {
    principal.require_hb()?;
    let txn = state.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_tally()?;
    let inputs = inputs(&txn, round_id).await?;
    let (result, inputs) = run(&round, inputs, round.rule, &round.split).await?;
    store::results::replace(&txn, round_id, &result, &inputs.root).await?;
    let settings = json!({"rule": round.rule, "split": round.split, "ballot": round.ballot}).to_string();
    let details = json!({
        "rule": result.rule,
        "split": result.split,
        "ballots_counted": result.ballots,
        "ballots_root": inputs.root,
        "inputs_hash": tally_inputs_hash(round.pool, &settings, &inputs.candidates, &inputs.root),
        "result_hash": tally_hash(&result),
        "allocated": result.allocated,
    });
    store::audit::append(&txn, round_id, "tally_run", details).await?;
    let stored = store::results::get(&txn, round_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, ballots = result.ballots, allocated = %result.allocated, "round tallied");
    Ok(JsonResponse(view(
        stored,
        true,
        &inputs.proposals,
        inputs.has_roll.then_some(&inputs.members),
    )?))
}

/// Reads a round's result: HB once tallied, everyone once `published`.
#[utoipa::path(
    get, path = "/rounds/{round_id}/results", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 403, description = "Not HB and the result is not published yet", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or not tallied yet", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_results(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<JsonResponse<ResultView>> {
    let round = store::rounds::get(&state.db, round_id).await?;
    if principal.role != Role::Hb && round.phase != Phase::Published {
        return Err(ApiError::Forbidden(format!(
            "the result of round {round_id} is not published yet (phase '{}')",
            round.phase
        )));
    }
    let result = store::results::get(&state.db, round_id).await?;
    let proposals: BTreeMap<ProposalId, Proposal> = store::proposals::list(&state.db, round_id, None, None)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let members: BTreeMap<Storkreds, u64> = store::electorate::counts_by_storkreds(&state.db, round_id)
        .await?
        .into_iter()
        .collect();
    let has_roll = members.values().any(|&n| n > 0);
    Ok(JsonResponse(view(
        result,
        true,
        &proposals,
        has_roll.then_some(&members),
    )?))
}

/// Runs another rule or split on a closed round's ballots and returns the
/// outcome, marked `official: false`; nothing is stored (HB only, `closed` or
/// `published`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/simulate", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    request_body = SimulateRequest,
    responses(
        (status = 200, description = "The unofficial outcome", body = ResultView),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting is not over", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The rule or split does not fit the round", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn simulate(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
    Json(request): Json<SimulateRequest>,
) -> ApiResult<JsonResponse<ResultView>> {
    principal.require_hb()?;
    let round = store::rounds::get(&state.db, round_id).await?;
    if !matches!(round.phase, Phase::Closed | Phase::Published) {
        return Err(ApiError::Conflict {
            slug: "wrong-phase",
            detail: format!(
                "simulations run once voting is over; the round is in phase '{}'",
                round.phase
            ),
        });
    }
    let rule = request.rule.unwrap_or(round.rule);
    rule.validate(round.ballot)
        .map_err(|e| ApiError::invalid_field("invalid-settings", "rule", e))?;
    let split = request.split.unwrap_or_else(|| round.split.clone());
    split
        .validate(round.pool)
        .map_err(|e| ApiError::invalid_field("invalid-settings", "split", e))?;
    if split.per_storkreds_ballots() && !round.split.per_storkreds_ballots() {
        // Members voted on every bid; counting their ballots within sub-pools is still well defined.
        tracing::info!(
            round = round_id,
            split = split.kind(),
            "simulating a sub-pool split on national ballots"
        );
    }
    let inputs = inputs(&state.db, round_id).await?;
    let (result, inputs) = run(&round, inputs, rule, &split).await?;
    let stored = unstored(round_id, result, inputs.root.clone())?;
    Ok(JsonResponse(view(
        stored,
        false,
        &inputs.proposals,
        inputs.has_roll.then_some(&inputs.members),
    )?))
}

/// The results routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(tally))
        .routes(routes!(get_results))
        .routes(routes!(simulate))
}
