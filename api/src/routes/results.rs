//! Tallying a closed round and reading its result.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use medlemsbudget_domain::verification::{allocation_hash, ballots_root, tally_inputs_hash};
use medlemsbudget_domain::{
    allocate_greedy, totals_by_storkreds, ApprovalBallot, Candidate, Money, Phase, ProposalId, ProposalStatus,
    Storkreds, StorkredsShare,
};
use sea_orm::TransactionTrait;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{Principal, Role};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Path;
use crate::state::AppState;
use crate::store::{self, proposals::Proposal, results::StoredResult, rounds::RULE_GREEDY};

/// One proposal's line in a result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultLineView {
    /// Position in the ranking (1 = most approvals).
    pub rank: i32,
    /// The proposal.
    pub id: i64,
    /// Its storkreds (slug).
    #[schema(value_type = String, example = "fyn")]
    pub storkreds: Storkreds,
    /// Its title.
    pub title: String,
    /// Ballots approving it.
    pub votes: i64,
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
    pub proposals: usize,
    /// How many of them are funded.
    pub funded: usize,
    /// Total requested by them.
    #[schema(value_type = String, example = "120000.00")]
    pub requested: Money,
    /// Total allocated to it.
    #[schema(value_type = String, example = "60000.00")]
    pub allocated: Money,
}

/// A round's tallied result. `allocated + unallocated == pool`, exactly.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "round_id": 1, "rule": "greedy", "pool": "500000.00", "allocated": "480000.00", "unallocated": "20000.00",
    "ballots_counted": 25, "ballots_root": "9e3c7d0b36a2ffb1b4f3c0a7c1a0f0e2d1c3b5a7988766554433221100ffeedd", "tallied_at": "2026-12-03T20:00:00Z",
    "proposals": [{"rank": 1, "id": 7, "storkreds": "fyn", "title": "Valgkampsbus til Fyn", "votes": 20,
        "requested": "60000.00", "funded": true, "allocated": "60000.00",
        "explanation": "Funded: ranked 1 with 20 votes; 500000.00 kr remained of the pool, enough for the 60000.00 kr requested."}],
    "storkredse": [{"storkreds": "fyn", "name": "Fyn", "proposals": 1, "funded": 1, "requested": "60000.00", "allocated": "60000.00"}]
}))]
pub struct ResultView {
    /// The round.
    pub round_id: i64,
    /// The rule used.
    pub rule: String,
    /// The pool.
    #[schema(value_type = String, example = "500000.00")]
    pub pool: Money,
    /// Sum allocated.
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
    /// When the tally ran.
    pub tallied_at: DateTime<Utc>,
    /// Every accepted proposal, in ranking order.
    pub proposals: Vec<ResultLineView>,
    /// All ten storkredse.
    pub storkredse: Vec<StorkredsTotalView>,
}

fn view(result: StoredResult, proposals: &BTreeMap<ProposalId, Proposal>) -> ApiResult<ResultView> {
    let mut lines = Vec::with_capacity(result.lines.len());
    for line in result.lines {
        let proposal = proposals
            .get(&line.proposal_id)
            .ok_or_else(|| ApiError::Internal(format!("result names unknown proposal {}", line.proposal_id)))?;
        lines.push(ResultLineView {
            rank: line.rank,
            id: line.proposal_id.0,
            storkreds: proposal.storkreds,
            title: proposal.title.clone(),
            votes: line.votes,
            requested: line.requested,
            funded: line.funded,
            allocated: line.allocated,
            explanation: line.explanation,
        });
    }
    let shares = lines.iter().map(|l| StorkredsShare {
        storkreds: l.storkreds,
        funded: l.funded,
        requested: l.requested,
        allocated: l.allocated,
    });
    let storkredse = totals_by_storkreds(shares)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .into_iter()
        .map(|t| StorkredsTotalView {
            storkreds: t.storkreds,
            name: t.storkreds.name(),
            proposals: t.proposals,
            funded: t.funded,
            requested: t.requested,
            allocated: t.allocated,
        })
        .collect();
    Ok(ResultView {
        round_id: result.round_id,
        rule: result.rule,
        pool: result.pool,
        allocated: result.allocated,
        unallocated: result.unallocated,
        ballots_counted: result.ballots_counted,
        ballots_root: result.ballots_root,
        tallied_at: result.tallied_at,
        proposals: lines,
        storkredse,
    })
}

/// Counts the ballots of a closed round, stores the result (replacing an
/// earlier tally) and returns it (HB only, in `closed`).
#[utoipa::path(
    post, path = "/rounds/{round_id}/tally", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The round is not `closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn tally(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<Json<ResultView>> {
    principal.require_hb()?;
    let txn = state.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_tally()?;
    let proposals: BTreeMap<ProposalId, Proposal> = store::proposals::list(&txn, round_id, None, None)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let candidates: Vec<Candidate> = proposals
        .values()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .map(|p| Candidate {
            id: p.id,
            storkreds: p.storkreds,
            requested: p.amount,
            submitted_at: p.submitted_at.timestamp_micros(),
        })
        .collect();
    let stored = store::ballots::all(&txn, round_id).await?;
    let voters = store::ballots::voter_count(&txn, round_id).await?;
    if voters != stored.len() as u64 {
        return Err(ApiError::Internal(format!(
            "{voters} voters but {} ballots in round {round_id}",
            stored.len()
        )));
    }
    let root = ballots_root(round_id, &store::ballots::published(&stored));
    let ballots: Vec<ApprovalBallot> = stored.into_iter().map(|b| b.ballot).collect();
    let allocation =
        allocate_greedy(round.pool, &candidates, &ballots).map_err(|e| ApiError::Internal(e.to_string()))?;
    store::results::replace(&txn, round_id, RULE_GREEDY, &allocation, &root).await?;
    let details = json!({
        "rule": RULE_GREEDY,
        "ballots_counted": allocation.ballots,
        "ballots_root": root,
        "inputs_hash": tally_inputs_hash(round.pool, &candidates, &root),
        "result_hash": allocation_hash(&allocation),
        "allocated": allocation.allocated,
    });
    store::audit::append(&txn, round_id, "tally_run", details).await?;
    let result = store::results::get(&txn, round_id).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, ballots = allocation.ballots, allocated = %allocation.allocated, "round tallied");
    Ok(Json(view(result, &proposals)?))
}

/// Reads a round's result: HB once tallied, everyone once `published`.
#[utoipa::path(
    get, path = "/rounds/{round_id}/results", tag = "results",
    security(("bearer" = [])),
    params(("round_id" = i64, Path, description = "The round")),
    responses(
        (status = 200, description = "The stored result", body = ResultView),
        (status = 401, description = "Missing, invalid or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not HB and the result is not published yet", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round, or not tallied yet", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_results(
    State(state): State<AppState>,
    principal: Principal,
    Path(round_id): Path<i64>,
) -> ApiResult<Json<ResultView>> {
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
    Ok(Json(view(result, &proposals)?))
}

/// The results routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(tally)).routes(routes!(get_results))
}
