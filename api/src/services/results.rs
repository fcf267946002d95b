//! Results: HB tallies a closed round and tries other rules on its ballots;
//! HB reads the result once tallied and everyone once published; the round
//! is exported as a Pabulib file for anyone to recount.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use medlemsbudget_domain::access::published_or_hb;
use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::comparison;
use medlemsbudget_domain::round_file::{export as export_file, small_storkredse, ExportedProposal, RoundExport};
use medlemsbudget_domain::round_rule::{RoundRule, RoundRuleError};
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::tally::{tally_round, CountedBallot, RoundTally};
use medlemsbudget_domain::verification::{ballots_root, tally_hash, tally_inputs_hash};
use medlemsbudget_domain::{Actor, Candidate, Money, Phase, ProposalId, ProposalStatus, PublishedBallot, Storkreds};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::Services;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, ballots::StoredBallot, proposals::Proposal, results::StoredTally, rounds::Round};

/// A result as the service hands it out: the domain's tally, the rule and
/// split it was counted with, and what a reader needs beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundResult {
    /// The round.
    pub round_id: i64,
    /// The stored result (`true`), or a simulation that is never stored.
    pub official: bool,
    /// The rule counted with.
    pub rule: RoundRule,
    /// The split counted with.
    pub split: Split,
    /// The tally with its ballots root and time.
    pub stored: StoredTally,
    /// Each bid's title.
    pub titles: BTreeMap<ProposalId, String>,
    /// Members on the roll per storkreds (`None`: the round has no roll).
    pub members: Option<BTreeMap<Storkreds, u64>>,
    /// Storkredse whose few voters' ballots would show their storkreds once
    /// published (`round_file::small_storkredse`), with their voters.
    pub small_storkredse: Vec<(Storkreds, u64)>,
}

fn small(split: &Split, tally: &RoundTally) -> Vec<(Storkreds, u64)> {
    small_storkredse(split, tally.storkredse.iter().map(|s| (s.storkreds, s.voters)))
}

/// Everything a count reads.
struct Inputs {
    proposals: Vec<Proposal>,
    candidates: Vec<Candidate>,
    ballots: Vec<CountedBallot>,
    root: String,
    members: BTreeMap<Storkreds, u64>,
}

/// A result with what a reader needs beside the tally: the bids' titles,
/// the roll's counts (if the round has a roll) and the privacy warnings.
fn assemble(
    round_id: i64,
    official: bool,
    (rule, split): (RoundRule, Split),
    stored: StoredTally,
    proposals: Vec<Proposal>,
    members: BTreeMap<Storkreds, u64>,
) -> RoundResult {
    let has_roll = members.values().any(|&n| n > 0);
    RoundResult {
        round_id,
        official,
        small_storkredse: small(&split, &stored.tally),
        rule,
        split,
        stored,
        titles: proposals.into_iter().map(|p| (p.id, p.title)).collect(),
        members: has_roll.then_some(members),
    }
}

impl Inputs {
    fn result(self, round: &Round, official: bool, rule: RoundRule, split: Split, tally: StoredTally) -> RoundResult {
        assemble(round.id, official, (rule, split), tally, self.proposals, self.members)
    }
}

async fn roll_counts(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<BTreeMap<Storkreds, u64>> {
    Ok(store::electorate::counts_by_storkreds(db, round_id)
        .await?
        .into_iter()
        .collect())
}

async fn read_inputs(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Inputs> {
    let proposals = store::proposals::list(db, round_id, None, None).await?;
    let candidates = proposals
        .iter()
        .filter(|p| p.status == ProposalStatus::Accepted)
        .map(Proposal::candidate)
        .collect();
    let stored = store::ballots::all(db, round_id).await?;
    let root = ballots_root(round_id, &store::ballots::published(&stored));
    let ballots = stored.into_iter().map(StoredBallot::counted).collect();
    let members = roll_counts(db, round_id).await?;
    Ok(Inputs {
        proposals,
        candidates,
        ballots,
        root,
        members,
    })
}

/// Runs the rule on a blocking thread: a city-size count takes seconds (and
/// the `add1` search uses several cores), which must not hold up the async
/// workers serving other requests. Hands the inputs back.
async fn count(pool: Money, inputs: Inputs, rule: RoundRule, split: &Split) -> ApiResult<(RoundTally, Inputs)> {
    let split = split.clone();
    let (tally, inputs) = tokio::task::spawn_blocking(move || {
        let tally = tally_round(pool, &inputs.candidates, &inputs.ballots, rule, &split, &inputs.members);
        (tally, inputs)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("tally task: {e}")))?;
    Ok((tally?, inputs))
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Counts a closed round's ballots under its rule and split and stores the
/// result, replacing an earlier tally (HB, in `closed`).
pub async fn tally(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RoundResult> {
    actor.require_hb()?;
    let txn = services.db.begin().await?;
    let round = store::rounds::get_for_update(&txn, round_id).await?;
    round.phase.check_tally()?;
    let inputs = read_inputs(&txn, round_id).await?;
    let (tally, inputs) = count(round.pool, inputs, round.rule, &round.split).await?;
    let settings = serde_json::json!({"rule": round.rule, "split": round.split, "ballot": round.ballot}).to_string();
    let event = AuditEvent::TallyRun {
        rule: round.rule,
        split: round.split.clone(),
        ballots_counted: tally.ballots,
        ballots_root: inputs.root.clone(),
        inputs_hash: tally_inputs_hash(round.pool, &settings, &inputs.candidates, &inputs.root),
        result_hash: tally_hash(&tally),
        allocated: tally.allocated,
    };
    let stored = StoredTally {
        tally,
        ballots_root: inputs.root.clone(),
        tallied_at: now(),
    };
    store::results::replace(&txn, round_id, &stored).await?;
    store::audit::append(&txn, round_id, &event).await?;
    txn.commit().await?;
    tracing::info!(round = round_id, ballots = stored.tally.ballots, allocated = %stored.tally.allocated, "round tallied");
    Ok(inputs.result(&round, true, round.rule, round.split.clone(), stored))
}

/// The stored result: HB once tallied, everyone once published.
pub async fn get(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RoundResult> {
    Ok(RoundResult::clone(&*read(services, Some(actor), round_id).await?))
}

/// The stored result for a visitor who may not be signed in (`None`): HB
/// once tallied, everyone once published.
pub async fn read(services: &Services, actor: Option<&Actor>, round_id: i64) -> ApiResult<Arc<RoundResult>> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    result_of(services, actor, &round).await
}

/// What the result page shows, with the round read once.
#[derive(Debug)]
pub struct ResultPage {
    /// The round.
    pub round: Round,
    /// Its stored result.
    pub result: Arc<RoundResult>,
    /// The counted ballot with the receipt hash asked for, once published.
    pub found: Option<PublishedBallot>,
}

/// The result page: the round, its stored result (HB once tallied, everyone
/// once published) and, when a receipt hash is asked for and the round is
/// published, the counted ballot with it.
pub async fn page(
    services: &Services,
    actor: Option<&Actor>,
    round_id: i64,
    receipt_hash: Option<&str>,
) -> ApiResult<ResultPage> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    let result = result_of(services, actor, &round).await?;
    let found = match receipt_hash {
        Some(hash) if round.phase == Phase::Published => super::ballots::find_published(services, &round, hash).await?,
        _ => None,
    };
    Ok(ResultPage { round, result, found })
}

/// A published result is read once and then kept: it cannot change.
async fn result_of(services: &Services, actor: Option<&Actor>, round: &Round) -> ApiResult<Arc<RoundResult>> {
    published_or_hb(actor, "the result", round.id, round.phase)?;
    if round.phase == Phase::Published {
        services
            .published_results
            .get_or_make(round.id, || stored_result(services, round))
            .await
    } else {
        stored_result(services, round).await.map(Arc::new)
    }
}

async fn stored_result(services: &Services, round: &Round) -> ApiResult<RoundResult> {
    let proposals = store::proposals::list(&services.reads, round.id, None, None).await?;
    let storkreds_of = proposals.iter().map(|p| (p.id, p.storkreds)).collect();
    let stored = store::results::get(&services.reads, round.id, &storkreds_of).await?;
    let members = roll_counts(&services.reads, round.id).await?;
    let settings = (round.rule, round.split.clone());
    Ok(assemble(round.id, true, settings, stored, proposals, members))
}

/// Counts a closed round's ballots under another rule or split; nothing is
/// stored (HB, once voting is over).
pub async fn simulate(
    services: &Services,
    actor: &Actor,
    round_id: i64,
    rule: Option<RoundRule>,
    split: Option<Split>,
) -> ApiResult<RoundResult> {
    actor.require_hb()?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    round.phase.check_voting_over("simulating another rule")?;
    let rule = rule.unwrap_or(round.rule);
    let split = split.unwrap_or_else(|| round.split.clone());
    fits(&round, rule, &split)?;
    let inputs = read_inputs(&services.reads, round_id).await?;
    let (tally, inputs) = count(round.pool, inputs, rule, &split).await?;
    let stored = StoredTally {
        tally,
        ballots_root: inputs.root.clone(),
        tallied_at: now(),
    };
    Ok(inputs.result(&round, false, rule, split, stored))
}

/// Whether `rule` and `split` can count this round's ballots: 422 for a rule
/// wrong in itself, 409 for one that does not fit the round.
fn fits(round: &Round, rule: RoundRule, split: &Split) -> ApiResult<()> {
    rule.validate(round.ballot).map_err(|e| match e {
        // Wrong in the rule itself, whatever the round.
        RoundRuleError::CompletionNeedsMes { .. } | RoundRuleError::TieBreakNotOffered { .. } => {
            ApiError::invalid_field("invalid-settings", "rule", e)
        }
        // Wrong for this round's ballots.
        RoundRuleError::PointsNeedCumulativeBallots | RoundRuleError::PhragmenNeedsApprovals => {
            ApiError::conflicting_field("invalid-settings", "rule", e)
        }
    })?;
    // The split's amounts must fit this round's pool.
    split
        .validate(round.pool)
        .map_err(|e| ApiError::conflicting_field("invalid-settings", "split", e))
}

/// Each rule and split HB compares (`comparison::candidates`) with its
/// result, or `None` where it cannot count the round's ballots.
pub type Comparison = Vec<(RoundRule, Split, Option<RoundResult>)>;

/// A round and its rule comparison.
#[derive(Debug)]
pub struct RoundComparison {
    /// The round.
    pub round: Round,
    /// Each rule under each split, in the order shown.
    pub comparison: Arc<Comparison>,
}

/// Counts a closed round's ballots under every rule and split HB compares,
/// reading them once. Nothing is stored; the comparison is kept in this
/// process and given again, since nothing it depends on changes once voting
/// is over (HB, once voting is over).
pub async fn compare(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<RoundComparison> {
    actor.require_hb()?;
    let round = store::rounds::get(&services.reads, round_id).await?;
    round.phase.check_voting_over("comparing rules")?;
    let comparison = services
        .comparisons
        .get_or_make(round_id, || count_comparison(services, &round))
        .await?;
    Ok(RoundComparison { round, comparison })
}

async fn count_comparison(services: &Services, round: &Round) -> ApiResult<Comparison> {
    let inputs = read_inputs(&services.reads, round.id).await?;
    let has_roll = inputs.members.values().any(|&n| n > 0);
    let candidates = comparison::candidates(round.rule, &round.split, round.ballot, has_roll);
    let checked: Vec<_> = candidates
        .into_iter()
        .map(|(rule, split)| {
            let fit = fits(round, rule, &split).is_ok();
            (rule, split, fit)
        })
        .collect();
    let pool = round.pool;
    let (tallies, inputs) = tokio::task::spawn_blocking(move || {
        let tallies: Vec<_> = checked
            .into_iter()
            .map(|(rule, split, fit)| {
                let tally = fit
                    .then(|| tally_round(pool, &inputs.candidates, &inputs.ballots, rule, &split, &inputs.members).ok())
                    .flatten();
                (rule, split, tally)
            })
            .collect();
        (tallies, inputs)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("tally task: {e}")))?;
    let tallied_at = now();
    Ok(tallies
        .into_iter()
        .map(|(rule, split, tally)| {
            let result = tally.map(|tally| {
                let stored = StoredTally {
                    tally,
                    ballots_root: inputs.root.clone(),
                    tallied_at,
                };
                let settings = (rule, split.clone());
                assemble(
                    round.id,
                    false,
                    settings,
                    stored,
                    inputs.proposals.clone(),
                    inputs.members.clone(),
                )
            });
            (rule, split, result)
        })
        .collect())
}

/// The round as a Pabulib file: HB once voting is over, everyone once
/// published. Voters are numbered by receipt hash, which says nothing about
/// who they are.
pub async fn export(services: &Services, actor: &Actor, round_id: i64) -> ApiResult<String> {
    export_for(services, Some(actor), round_id).await
}

/// The Pabulib file for a visitor who may not be signed in (`None`).
pub async fn export_for(services: &Services, actor: Option<&Actor>, round_id: i64) -> ApiResult<String> {
    let round = store::rounds::get(&services.reads, round_id).await?;
    published_or_hb(actor, "the export", round_id, round.phase)?;
    round.phase.check_voting_over("exporting the round")?;
    let proposals: Vec<ExportedProposal> =
        store::proposals::list(&services.reads, round_id, None, Some(ProposalStatus::Accepted))
            .await?
            .into_iter()
            .map(|p| ExportedProposal {
                candidate: p.candidate(),
                title: p.title,
            })
            .collect();
    let ballots: Vec<CountedBallot> = store::ballots::all(&services.reads, round_id)
        .await?
        .into_iter()
        .map(StoredBallot::counted)
        .collect();
    export_file(&RoundExport {
        name: &round.name,
        pool: round.pool,
        ballot: round.ballot,
        rule: round.rule,
        split: &round.split,
        proposals: &proposals,
        ballots: &ballots,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))
}
