//! Tallying a round: the round's ballots and accepted proposals through its
//! rule, with every proposal's outcome explained and the totals exact to the
//! øre (`allocated + unallocated = pool`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ballot_rules::BallotContent;
use crate::candidate::Candidate;
use crate::money::Money;
use crate::proposal::ProposalId;
use crate::round_rule::RoundRule;
use crate::rules::{self, Ballot, Explanation, Instance, InstanceError, Project};
use crate::split::{Split, SplitError};
use crate::storkreds::Storkreds;

/// A counted ballot and the storkreds of the member who cast it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedBallot {
    /// The voter's storkreds.
    pub storkreds: Storkreds,
    /// What they voted.
    pub content: BallotContent,
}

/// One proposal's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyLine {
    /// Position: funded proposals in the order they were selected, then the rest by support.
    pub rank: usize,
    /// The proposal.
    pub id: ProposalId,
    /// Its storkreds.
    pub storkreds: Storkreds,
    /// The amount asked for.
    pub requested: Money,
    /// Ballots that support it.
    pub votes: u64,
    /// Its support under the rule's satisfaction (supporters, or points).
    pub support: u64,
    /// Whether it is funded.
    pub funded: bool,
    /// The full request when funded, else zero.
    pub allocated: Money,
    /// Why, with the numbers, in English (as published).
    pub explanation: String,
    /// Why, as the rule decided it in each pass the bid took part in, so
    /// it can be told in any language. Empty for results stored before
    /// reasons were kept.
    pub reasons: Vec<Reason>,
}

/// Which run of the rule a decision was made in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pass", content = "storkreds", rename_all = "snake_case")]
pub enum Pass {
    /// The whole pool (or what a floor split leaves), over every bid.
    National,
    /// One storkreds' sub-pool over its own bids.
    Storkreds(Storkreds),
    /// The sub-pools' unspent money over the bids not yet funded.
    Leftovers,
}

impl Pass {
    /// The English label used in the published step sentences.
    pub fn label(self) -> &'static str {
        match self {
            Pass::National => "National",
            Pass::Storkreds(storkreds) => storkreds.name(),
            Pass::Leftovers => "Leftovers",
        }
    }
}

/// One pass's decision on a bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The pass.
    pub pass: Pass,
    /// The decision, with its numbers.
    pub explanation: Explanation,
}

/// One step of the rule, in the order the tally took them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyStep {
    /// The pass it belongs to.
    pub pass: Pass,
    /// 1-based position within the pass.
    pub number: usize,
    /// The bid decided.
    pub proposal: ProposalId,
    /// The decision, with its numbers.
    pub explanation: Explanation,
}

/// What one storkreds asked for and got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorkredsResult {
    /// The storkreds.
    pub storkreds: Storkreds,
    /// Its accepted proposals.
    pub proposals: usize,
    /// How many of them are funded.
    pub funded: usize,
    /// What they asked for together.
    pub requested: Money,
    /// Its sub-pool, under a split into sub-pools.
    pub sub_pool: Option<Money>,
    /// Its floor grant for the basics, under a `floor` split (else zero).
    pub grant: Money,
    /// Everything it gets: its funded proposals plus its grant.
    pub allocated: Money,
    /// Ballots cast by its members.
    pub voters: u64,
}

/// The result of a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundTally {
    /// The rule's report name, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// The split's name, e.g. `floor`.
    pub split: String,
    /// The pool.
    pub pool: Money,
    /// What was allocated, grants included.
    pub allocated: Money,
    /// `pool - allocated`.
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots: usize,
    /// One line per accepted proposal.
    pub lines: Vec<TallyLine>,
    /// Every step of every pass, in order, as English sentences (as published).
    pub steps: Vec<String>,
    /// The same steps with their numbers, to be told in any language.
    /// Empty for results stored before they were kept.
    pub step_log: Vec<TallyStep>,
    /// All ten storkredse, in `Storkreds::ALL` order.
    pub storkredse: Vec<StorkredsResult>,
}

/// Why a tally could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// A ballot names a proposal that is not an accepted proposal of the round.
    #[error("a ballot supports proposal {0}, which is not an accepted proposal of this round")]
    UnknownProposal(ProposalId),
    /// The instance could not be built.
    #[error("the round cannot be tallied: {0}")]
    Instance(#[from] InstanceError),
    /// The split cannot be applied.
    #[error("the split cannot be applied: {0}")]
    Split(#[from] SplitError),
    /// An amount left the money range.
    #[error("an amount is out of range")]
    OutOfRange,
}

fn money(minor: u64) -> Result<Money, TallyError> {
    i64::try_from(minor)
        .ok()
        .and_then(|ore| Money::from_ore(ore).ok())
        .ok_or(TallyError::OutOfRange)
}

/// One proposal's result in one pass of the rule.
struct PassLine {
    funded: bool,
    support: u64,
    explanation: Explanation,
}

/// The result of running the rule once, on some proposals with some budget.
struct PassResult {
    /// Keyed by proposal.
    lines: BTreeMap<ProposalId, PassLine>,
    /// Funded proposals in selection order.
    winners: Vec<ProposalId>,
    spent: i64,
    steps: Vec<TallyStep>,
}

/// Keeps of a ballot only what concerns `wanted` proposals.
fn restrict(content: &BallotContent, wanted: &dyn Fn(ProposalId) -> bool) -> BallotContent {
    match content {
        BallotContent::Approvals(set) => {
            BallotContent::Approvals(set.iter().copied().filter(|&id| wanted(id)).collect())
        }
        BallotContent::Points(points) => BallotContent::Points(
            points
                .iter()
                .filter(|(&id, _)| wanted(id))
                .map(|(&id, &n)| (id, n))
                .collect(),
        ),
    }
}

fn run_pass(
    budget: Money,
    candidates: &[&Candidate],
    ballots: &[BallotContent],
    rule: RoundRule,
    pass: Pass,
) -> Result<PassResult, TallyError> {
    if candidates.is_empty() {
        return Ok(PassResult {
            lines: BTreeMap::new(),
            winners: Vec::new(),
            spent: 0,
            steps: Vec::new(),
        });
    }
    let position: BTreeMap<ProposalId, usize> = candidates.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut instance_ballots = Vec::with_capacity(ballots.len());
    for content in ballots {
        let mut entries = Vec::new();
        for id in content.supported() {
            let &index = position.get(&id).ok_or(TallyError::UnknownProposal(id))?;
            entries.push((index, content.points_for(id)));
        }
        instance_ballots.push(match content {
            BallotContent::Approvals(_) => Ballot::approval(entries.into_iter().map(|(i, _)| i)),
            BallotContent::Points(_) => Ballot::cumulative(entries),
        });
    }
    let projects = candidates
        .iter()
        .map(|c| {
            let cost = u64::try_from(c.requested.ore()).map_err(|_| TallyError::OutOfRange)?;
            Ok(Project {
                id: c.id.to_string(),
                cost,
                submitted_at: Some(c.submitted_at),
            })
        })
        .collect::<Result<Vec<_>, TallyError>>()?;
    let budget = u64::try_from(budget.ore()).map_err(|_| TallyError::OutOfRange)?;
    let instance = Instance::new(budget, 2, projects, instance_ballots)?;
    let outcome = rules::run(rule.rule, &instance, &rule.options());
    let steps = outcome
        .steps
        .iter()
        .map(|s| TallyStep {
            pass,
            number: s.number,
            proposal: candidates[s.project].id,
            explanation: s.explanation.clone(),
        })
        .collect();
    let mut lines = BTreeMap::new();
    let mut spent = 0i64;
    for (candidate, result) in candidates.iter().zip(&outcome.projects) {
        if result.funded {
            spent += candidate.requested.ore();
        }
        let line = PassLine {
            funded: result.funded,
            support: result.support.count(),
            explanation: result.explanation.clone(),
        };
        lines.insert(candidate.id, line);
    }
    let winners = outcome.winners.iter().map(|&i| candidates[i].id).collect();
    Ok(PassResult {
        lines,
        winners,
        spent,
        steps,
    })
}

/// Runs `rule` on the round under `split`. `members` counts the electorate
/// roll per storkreds (needed by `by-members`).
pub fn tally_round(
    pool: Money,
    candidates: &[Candidate],
    ballots: &[CountedBallot],
    rule: RoundRule,
    split: &Split,
    members: &BTreeMap<Storkreds, u64>,
) -> Result<RoundTally, TallyError> {
    let known: BTreeMap<ProposalId, &Candidate> = candidates.iter().map(|c| (c.id, c)).collect();
    let mut votes: BTreeMap<ProposalId, u64> = BTreeMap::new();
    for ballot in ballots {
        for id in ballot.content.supported() {
            if !known.contains_key(&id) {
                return Err(TallyError::UnknownProposal(id));
            }
            *votes.entry(id).or_default() += 1;
        }
    }
    let shares = split.shares(pool, members)?;
    let all: Vec<&Candidate> = candidates.iter().collect();
    let every_ballot: Vec<BallotContent> = ballots.iter().map(|b| b.content.clone()).collect();

    let mut passes: Vec<(Pass, PassResult)> = Vec::new();
    let mut grants: BTreeMap<Storkreds, Money> = BTreeMap::new();
    let mut sub_pools: BTreeMap<Storkreds, Money> = BTreeMap::new();
    match (split, shares) {
        (Split::Floor { .. }, Some(shares)) => {
            let granted: i64 = shares.iter().map(|(_, m)| m.ore()).sum();
            grants = shares.into_iter().collect();
            let rest = Money::from_ore(pool.ore() - granted).map_err(|_| TallyError::OutOfRange)?;
            passes.push((
                Pass::National,
                run_pass(rest, &all, &every_ballot, rule, Pass::National)?,
            ));
        }
        (_, Some(shares)) => {
            let mut leftover = 0i64;
            for (storkreds, sub_pool) in shares {
                sub_pools.insert(storkreds, sub_pool);
                let own: Vec<&Candidate> = all.iter().copied().filter(|c| c.storkreds == storkreds).collect();
                let own_ballots: Vec<BallotContent> = ballots
                    .iter()
                    .filter(|b| b.storkreds == storkreds)
                    .map(|b| b.content.clone())
                    .collect();
                let label = Pass::Storkreds(storkreds);
                let pass = run_pass(sub_pool, &own, &own_ballots, rule, label)?;
                leftover += sub_pool.ore() - pass.spent;
                passes.push((label, pass));
            }
            if split.pools_leftovers() && leftover > 0 {
                let funded: Vec<ProposalId> = passes.iter().flat_map(|(_, p)| p.winners.iter().copied()).collect();
                let open: Vec<&Candidate> = all.iter().copied().filter(|c| !funded.contains(&c.id)).collect();
                let wanted = |id: ProposalId| open.iter().any(|c| c.id == id);
                let restricted: Vec<BallotContent> = every_ballot.iter().map(|b| restrict(b, &wanted)).collect();
                let budget = Money::from_ore(leftover).map_err(|_| TallyError::OutOfRange)?;
                let pass = run_pass(budget, &open, &restricted, rule, Pass::Leftovers)?;
                passes.push((Pass::Leftovers, pass));
            }
        }
        (_, None) => passes.push((
            Pass::National,
            run_pass(pool, &all, &every_ballot, rule, Pass::National)?,
        )),
    }

    // Funded proposals in the order they were selected, pass by pass; then the rest by votes.
    let mut order: Vec<ProposalId> = passes.iter().flat_map(|(_, p)| p.winners.iter().copied()).collect();
    let mut rest: Vec<&Candidate> = all.iter().copied().filter(|c| !order.contains(&c.id)).collect();
    rest.sort_by_key(|c| std::cmp::Reverse(votes.get(&c.id).copied().unwrap_or(0)));
    order.extend(rest.iter().map(|c| c.id));

    let mut lines = Vec::with_capacity(order.len());
    for (rank, id) in order.into_iter().enumerate() {
        let Some(&candidate) = known.get(&id) else { continue };
        let results: Vec<(Pass, &PassLine)> = passes
            .iter()
            .filter_map(|(pass, p)| p.lines.get(&id).map(|line| (*pass, line)))
            .collect();
        let funded = results.iter().any(|(_, l)| l.funded);
        let explanation = match results.as_slice() {
            [] => "Not funded: it was in no pass of the rule.".to_owned(),
            [(_, only)] => only.explanation.to_string(),
            [(_, first), (_, second), ..] => format!(
                "{} Then, in the national pass over unspent sub-pool money: {}",
                first.explanation, second.explanation
            ),
        };
        let reasons = results
            .iter()
            .map(|(pass, line)| Reason {
                pass: *pass,
                explanation: line.explanation.clone(),
            })
            .collect();
        lines.push(TallyLine {
            rank: rank + 1,
            id,
            storkreds: candidate.storkreds,
            requested: candidate.requested,
            votes: votes.get(&id).copied().unwrap_or(0),
            support: results.first().map_or(0, |(_, l)| l.support),
            funded,
            allocated: if funded { candidate.requested } else { Money::ZERO },
            explanation,
            reasons,
        });
    }

    let granted: i64 = grants.values().map(|m| m.ore()).sum();
    let spent: u64 = lines
        .iter()
        .filter(|l| l.funded)
        .map(|l| l.requested.ore().unsigned_abs())
        .sum();
    let allocated = money(spent + granted.unsigned_abs())?;
    let unallocated = pool.checked_sub(allocated).map_err(|_| TallyError::OutOfRange)?;
    let mut storkredse = Vec::with_capacity(Storkreds::ALL.len());
    for storkreds in Storkreds::ALL {
        let own: Vec<&TallyLine> = lines.iter().filter(|l| l.storkreds == storkreds).collect();
        let grant = grants.get(&storkreds).copied().unwrap_or(Money::ZERO);
        let funded_ore: i64 = own.iter().map(|l| l.allocated.ore()).sum();
        let requested: i64 = own.iter().map(|l| l.requested.ore()).sum();
        storkredse.push(StorkredsResult {
            storkreds,
            proposals: own.len(),
            funded: own.iter().filter(|l| l.funded).count(),
            requested: Money::from_ore(requested.min(Money::MAX_ORE)).map_err(|_| TallyError::OutOfRange)?,
            sub_pool: sub_pools.get(&storkreds).copied(),
            grant,
            allocated: Money::from_ore(funded_ore + grant.ore()).map_err(|_| TallyError::OutOfRange)?,
            voters: ballots.iter().filter(|b| b.storkreds == storkreds).count() as u64,
        });
    }
    let step_log: Vec<TallyStep> = passes.into_iter().flat_map(|(_, p)| p.steps).collect();
    Ok(RoundTally {
        rule: rule.name(),
        split: split.kind().to_owned(),
        pool,
        allocated,
        unallocated,
        ballots: ballots.len(),
        lines,
        steps: step_log
            .iter()
            .map(|s| format!("{} step {}: {}", s.pass.label(), s.number, s.explanation))
            .collect(),
        step_log,
        storkredse,
    })
}

/// `part` as a percentage of `whole` with two decimals, rounded half up
/// (`"12.50"`); `"0.00"` when `whole` is zero.
pub fn percent_of(part: Money, whole: Money) -> String {
    if whole.is_zero() {
        return "0.00".to_owned();
    }
    let (part, whole) = (i128::from(part.ore()), i128::from(whole.ore()));
    let basis_points = (part * 10_000 * 2 + whole) / (whole * 2);
    format!("{}.{:02}", basis_points / 100, basis_points % 100)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::rules::{Completion, Rule};
    use proptest::prelude::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    fn approvals(storkreds: Storkreds, ids: &[i64]) -> CountedBallot {
        CountedBallot {
            storkreds,
            content: BallotContent::Approvals(ids.iter().map(|&i| ProposalId(i)).collect::<BTreeSet<_>>()),
        }
    }

    fn candidate(id: i64, storkreds: Storkreds, amount: &str) -> Candidate {
        Candidate {
            id: ProposalId(id),
            storkreds,
            requested: kr(amount),
            submitted_at: id,
        }
    }

    /// The service's greedy written out plainly, as a reference: most votes
    /// first, then fewer kroner, earlier submission, lower id; walking down,
    /// a supported bid is funded in full when what is left covers it.
    /// Returns the funded ids and the amount allocated.
    fn reference_greedy(pool: Money, candidates: &[Candidate], ballots: &[Vec<i64>]) -> (BTreeSet<i64>, Money) {
        let votes = |id: ProposalId| ballots.iter().filter(|b| b.contains(&id.0)).count();
        let mut ranking: Vec<&Candidate> = candidates.iter().collect();
        ranking.sort_by_key(|c| (std::cmp::Reverse(votes(c.id)), c.requested, c.submitted_at, c.id));
        let mut remaining = pool.ore();
        let mut funded = BTreeSet::new();
        for c in ranking {
            if votes(c.id) > 0 && c.requested.ore() <= remaining {
                remaining -= c.requested.ore();
                funded.insert(c.id.0);
            }
        }
        (funded, Money::from_ore(pool.ore() - remaining).unwrap_or_default())
    }

    fn national_greedy(pool: &str, candidates: &[Candidate], ballots: &[CountedBallot]) -> RoundTally {
        let tally = tally_round(
            kr(pool),
            candidates,
            ballots,
            RoundRule::default(),
            &Split::National,
            &BTreeMap::new(),
        );
        let Ok(tally) = tally else { panic!("{tally:?}") };
        tally
    }

    #[test]
    fn greedy_funds_by_votes_and_skips_what_does_not_fit() {
        let candidates = [
            candidate(1, Storkreds::Fyn, "300000.00"),
            candidate(2, Storkreds::Bornholm, "250000.00"),
            candidate(3, Storkreds::Kobenhavn, "150000.00"),
            candidate(4, Storkreds::Fyn, "80000.00"),
        ];
        let ballots = [
            approvals(Storkreds::Fyn, &[1, 2, 3]),
            approvals(Storkreds::Fyn, &[1, 2]),
            approvals(Storkreds::Fyn, &[1, 3, 4]),
            approvals(Storkreds::Fyn, &[2]),
        ];
        let tally = national_greedy("500000.00", &candidates, &ballots);
        // 1 and 2 tie on 3 votes; 2 is cheaper so it goes first, and then 1 does not fit.
        let funded: Vec<(i64, u64)> = tally
            .lines
            .iter()
            .filter(|l| l.funded)
            .map(|l| (l.id.0, l.votes))
            .collect();
        assert_eq!(funded, vec![(2, 3), (3, 2), (4, 1)]);
        assert_eq!((tally.allocated, tally.unallocated), (kr("480000.00"), kr("20000.00")));
        let fyn = tally.storkredse.iter().find(|t| t.storkreds == Storkreds::Fyn);
        assert_eq!(
            fyn.map(|t| (t.proposals, t.funded, t.allocated)),
            Some((2, 1, kr("80000.00")))
        );
    }

    #[test]
    fn greedy_ties_go_to_fewer_kroner_then_earlier_submission_then_id() {
        let mut early = candidate(9, Storkreds::Fyn, "100.00");
        early.submitted_at = 1;
        let candidates = [
            candidate(5, Storkreds::Fyn, "100.00"),
            early,
            candidate(7, Storkreds::Fyn, "50.00"),
        ];
        let tally = national_greedy("1000.00", &candidates, &[approvals(Storkreds::Fyn, &[5, 7, 9])]);
        let order: Vec<i64> = tally.lines.iter().map(|l| l.id.0).collect();
        assert_eq!(order, vec![7, 9, 5]);
    }

    #[test]
    fn unsupported_proposals_are_not_funded_and_unknown_ones_are_an_error() {
        let candidates = [candidate(1, Storkreds::Fyn, "10.00")];
        let tally = national_greedy("100.00", &candidates, &[approvals(Storkreds::Fyn, &[])]);
        assert_eq!((tally.allocated, tally.lines[0].funded), (Money::ZERO, false));
        let unknown = tally_round(
            kr("100.00"),
            &candidates,
            &[approvals(Storkreds::Fyn, &[2])],
            RoundRule::default(),
            &Split::National,
            &BTreeMap::new(),
        );
        assert_eq!(unknown, Err(TallyError::UnknownProposal(ProposalId(2))));
    }

    #[test]
    fn mes_gives_the_minority_its_share() {
        // 60 members like two Fyn bids; 40 like a Bornholm bid. Greedy funds only Fyn; MES funds Bornholm too.
        let candidates = [
            candidate(1, Storkreds::Fyn, "300.00"),
            candidate(2, Storkreds::Fyn, "300.00"),
            candidate(3, Storkreds::Bornholm, "300.00"),
        ];
        let mut ballots: Vec<CountedBallot> = (0..60).map(|_| approvals(Storkreds::Fyn, &[1, 2])).collect();
        ballots.extend((0..40).map(|_| approvals(Storkreds::Bornholm, &[3])));
        let greedy = tally_round(
            kr("600.00"),
            &candidates,
            &ballots,
            RoundRule::default(),
            &Split::National,
            &BTreeMap::new(),
        );
        let mes_rule = RoundRule {
            rule: Rule::Mes,
            completion: Completion::Add1Greedy,
            ..RoundRule::default()
        };
        let mes = tally_round(
            kr("600.00"),
            &candidates,
            &ballots,
            mes_rule,
            &Split::National,
            &BTreeMap::new(),
        );
        let funded = |t: &Result<RoundTally, TallyError>| -> Vec<i64> {
            t.iter()
                .flat_map(|t| t.lines.iter().filter(|l| l.funded).map(|l| l.id.0))
                .collect()
        };
        assert_eq!(funded(&greedy), vec![1, 2]);
        assert_eq!(funded(&mes), vec![1, 3]);
        let Ok(mes) = mes else { panic!("mes") };
        assert_eq!(
            (mes.allocated, mes.unallocated, mes.rule.as_str()),
            (kr("600.00"), kr("0.00"), "mes_cost_add1_greedy")
        );
        assert_eq!(mes.storkredse[3].voters, 40);
        assert!(
            mes.lines[1].explanation.contains("Funded"),
            "{}",
            mes.lines[1].explanation
        );
        assert!(!mes.steps.is_empty());
    }

    #[test]
    fn a_floor_split_grants_every_storkreds_then_allocates_the_rest_nationally() {
        let candidates = [
            candidate(1, Storkreds::Fyn, "250.00"),
            candidate(2, Storkreds::Bornholm, "100.00"),
        ];
        let ballots = [approvals(Storkreds::Fyn, &[1]), approvals(Storkreds::Bornholm, &[1, 2])];
        let split = Split::Floor {
            per_storkreds: kr("20.00"),
        };
        let Ok(tally) = tally_round(
            kr("500.00"),
            &candidates,
            &ballots,
            RoundRule::default(),
            &split,
            &BTreeMap::new(),
        ) else {
            panic!("tally")
        };
        // 10 × 20.00 granted; 300.00 left nationally: 250.00 funded, 100.00 does not fit.
        assert_eq!((tally.allocated, tally.unallocated), (kr("450.00"), kr("50.00")));
        let fyn = &tally.storkredse[5];
        assert_eq!((fyn.grant, fyn.allocated, fyn.voters), (kr("20.00"), kr("270.00"), 1));
        assert_eq!(tally.storkredse[0].allocated, kr("20.00"));
    }

    #[test]
    fn sub_pools_keep_money_at_home_unless_leftovers_are_pooled() {
        let candidates = [
            candidate(1, Storkreds::Fyn, "60.00"),
            candidate(2, Storkreds::Fyn, "40.00"),
        ];
        let ballots = [approvals(Storkreds::Fyn, &[1, 2])];
        let members = BTreeMap::new();
        let alone = tally_round(
            kr("500.00"),
            &candidates,
            &ballots,
            RoundRule::default(),
            &Split::Equal { pool_leftovers: false },
            &members,
        );
        let Ok(alone) = alone else { panic!("tally") };
        // Fyn's sub-pool is 50.00: only the 40.00 bid fits.
        assert_eq!(
            alone
                .lines
                .iter()
                .filter(|l| l.funded)
                .map(|l| l.id.0)
                .collect::<Vec<_>>(),
            vec![2]
        );
        assert_eq!(alone.storkredse[5].sub_pool, Some(kr("50.00")));
        let pooled = tally_round(
            kr("500.00"),
            &candidates,
            &ballots,
            RoundRule::default(),
            &Split::Equal { pool_leftovers: true },
            &members,
        );
        let Ok(pooled) = pooled else { panic!("tally") };
        assert_eq!(pooled.allocated, kr("100.00"));
        let first = pooled
            .lines
            .iter()
            .find(|l| l.id.0 == 1)
            .map(|l| l.explanation.clone())
            .unwrap_or_default();
        assert!(first.contains("national pass"), "{first}");
    }

    #[test]
    fn percentages_are_exact_and_rounded_half_up() {
        assert_eq!(percent_of(kr("50000.00"), kr("500000.00")), "10.00");
        assert_eq!(percent_of(kr("1.00"), kr("3.00")), "33.33");
        assert_eq!(percent_of(kr("2.00"), kr("3.00")), "66.67");
        assert_eq!(percent_of(kr("1.00"), kr("0.00")), "0.00");
    }

    fn any_split() -> impl Strategy<Value = Split> {
        prop_oneof![
            Just(Split::National),
            any::<bool>().prop_map(|pool_leftovers| Split::Equal { pool_leftovers }),
            any::<bool>().prop_map(|pool_leftovers| Split::ByMembers { pool_leftovers }),
            (0i64..=1_000).prop_map(|ore| Split::Floor {
                per_storkreds: Money::from_ore(ore).unwrap_or_default()
            }),
        ]
    }

    proptest! {
        #[test]
        fn every_split_and_rule_allocates_at_most_the_pool_exactly(
            pool in 10_000i64..=2_000_000,
            costs in prop::collection::vec(1i64..=500_000, 1..8),
            raw in prop::collection::vec((0usize..10, prop::collection::btree_set(0usize..8, 0..5)), 1..25),
            split in any_split(),
            rule in prop_oneof![Just(Rule::Greedy), Just(Rule::Mes), Just(Rule::Phragmen)],
        ) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            let candidates: Vec<Candidate> = costs.iter().enumerate().map(|(i, &c)| Candidate {
                id: ProposalId(i as i64 + 1),
                storkreds: Storkreds::ALL[(i * 3) % 10],
                requested: Money::from_ore(c).unwrap_or_default(),
                submitted_at: i as i64,
            }).collect();
            let n = candidates.len();
            let ballots: Vec<CountedBallot> = raw.iter().map(|(s, ids)| {
                let storkreds = Storkreds::ALL[*s];
                let ids: Vec<i64> = ids.iter().filter(|&&i| i < n)
                    .filter(|&&i| !split.per_storkreds_ballots() || candidates[i].storkreds == storkreds)
                    .map(|&i| i as i64 + 1).collect();
                approvals(storkreds, &ids)
            }).collect();
            let members: BTreeMap<Storkreds, u64> = Storkreds::ALL.into_iter().map(|s| (s, 1 + s as u64)).collect();
            let rule = RoundRule { rule, ..RoundRule::default() };
            let tally = tally_round(pool, &candidates, &ballots, rule, &split, &members);
            prop_assert!(tally.is_ok(), "{:?}", tally);
            let Ok(tally) = tally else { return Ok(()) };
            prop_assert!(tally.allocated <= pool);
            prop_assert_eq!(tally.allocated.ore() + tally.unallocated.ore(), pool.ore());
            let by_storkreds: i64 = tally.storkredse.iter().map(|s| s.allocated.ore()).sum();
            prop_assert_eq!(by_storkreds, tally.allocated.ore());
            // The kept reasons and steps say what the English sentences say, and survive storage.
            for line in &tally.lines {
                prop_assert!(!line.reasons.is_empty());
                prop_assert!(line.explanation.starts_with(&line.reasons[0].explanation.to_string()));
                prop_assert_eq!(line.reasons.iter().any(|r| r.explanation.funded()), line.funded);
                let stored = serde_json::to_string(&line.reasons).unwrap_or_default();
                let read: Vec<Reason> = serde_json::from_str(&stored).unwrap_or_default();
                prop_assert_eq!(&read, &line.reasons);
            }
            prop_assert_eq!(tally.steps.len(), tally.step_log.len());
            let stored = serde_json::to_string(&tally.step_log).unwrap_or_default();
            let read: Vec<TallyStep> = serde_json::from_str(&stored).unwrap_or_default();
            prop_assert_eq!(read, tally.step_log);
        }

        /// The general greedy rule with the service's tie order reproduces a
        /// plain greedy written out by hand, proposal for proposal.
        #[test]
        fn greedy_matches_the_reference_greedy(
            pool in 1i64..=1_000_000,
            costs in prop::collection::vec(1i64..=400_000, 1..8),
            raw in prop::collection::vec(prop::collection::btree_set(0usize..8, 0..5), 0..25),
        ) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            let candidates: Vec<Candidate> = costs.iter().enumerate().map(|(i, &c)| Candidate {
                id: ProposalId(i as i64 + 1),
                storkreds: Storkreds::ALL[i % 10],
                requested: Money::from_ore(c).unwrap_or_default(),
                submitted_at: (i % 3) as i64,
            }).collect();
            let n = candidates.len();
            let ids: Vec<Vec<i64>> = raw.iter().map(|s| s.iter().filter(|&&i| i < n).map(|&i| i as i64 + 1).collect()).collect();
            let counted: Vec<CountedBallot> = ids.iter().map(|b| approvals(Storkreds::Fyn, b)).collect();
            let general = tally_round(pool, &candidates, &counted, RoundRule::default(), &Split::National, &BTreeMap::new());
            let (simple_funded, simple_allocated) = reference_greedy(pool, &candidates, &ids);
            prop_assert!(general.is_ok());
            let Ok(general) = general else { return Ok(()) };
            let funded: BTreeSet<i64> = general.lines.iter().filter(|l| l.funded).map(|l| l.id.0).collect();
            prop_assert_eq!(funded, simple_funded);
            prop_assert_eq!(general.allocated, simple_allocated);
            prop_assert_eq!(general.allocated.ore() + general.unallocated.ore(), pool.ore());
        }
    }
}
