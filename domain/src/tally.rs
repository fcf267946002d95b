//! Tallying a round: the round's ballots and accepted proposals through its
//! rule, with every proposal's outcome explained and the totals exact to the
//! øre (`allocated + unallocated = pool`).

use std::collections::BTreeMap;

use crate::allocation::{totals_by_storkreds, Candidate, StorkredsShare, StorkredsTotal};
use crate::ballot_rules::BallotContent;
use crate::money::Money;
use crate::proposal::ProposalId;
use crate::round_rule::RoundRule;
use crate::rules::{self, Ballot, Instance, Project};
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
    /// Why, with the numbers.
    pub explanation: String,
}

/// The result of a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundTally {
    /// The rule's report name, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// The pool.
    pub pool: Money,
    /// What was allocated.
    pub allocated: Money,
    /// `pool - allocated`.
    pub unallocated: Money,
    /// Ballots counted.
    pub ballots: usize,
    /// One line per accepted proposal.
    pub lines: Vec<TallyLine>,
    /// Every step of the rule, in order, as sentences.
    pub steps: Vec<String>,
    /// All ten storkredse.
    pub storkredse: Vec<StorkredsTotal>,
    /// Ballots cast per storkreds, in `Storkreds::ALL` order.
    pub voters: Vec<(Storkreds, u64)>,
}

/// Why a tally could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// A ballot names a proposal that is not an accepted proposal of the round.
    #[error("a ballot supports proposal {0}, which is not an accepted proposal of this round")]
    UnknownProposal(ProposalId),
    /// The instance could not be built.
    #[error("the round cannot be tallied: {0}")]
    Instance(String),
    /// An amount left the money range.
    #[error("an amount is out of range")]
    OutOfRange,
}

fn money(minor: u64) -> Result<Money, TallyError> {
    i64::try_from(minor).ok().and_then(|ore| Money::from_ore(ore).ok()).ok_or(TallyError::OutOfRange)
}

/// Runs `rule` on the round.
pub fn tally_round(
    pool: Money,
    candidates: &[Candidate],
    ballots: &[CountedBallot],
    rule: RoundRule,
) -> Result<RoundTally, TallyError> {
    let position: BTreeMap<ProposalId, usize> = candidates.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut votes = vec![0u64; candidates.len()];
    let mut instance_ballots = Vec::with_capacity(ballots.len());
    for ballot in ballots {
        let mut entries = Vec::new();
        for id in ballot.content.supported() {
            let &index = position.get(&id).ok_or(TallyError::UnknownProposal(id))?;
            votes[index] += 1;
            entries.push((index, ballot.content.points_for(id)));
        }
        instance_ballots.push(match ballot.content {
            BallotContent::Approvals(_) => Ballot::approval(entries.into_iter().map(|(i, _)| i)),
            BallotContent::Points(_) => Ballot::cumulative(entries),
        });
    }
    let projects = candidates
        .iter()
        .map(|c| {
            let cost = u64::try_from(c.requested.ore()).map_err(|_| TallyError::OutOfRange)?;
            Ok(Project { id: c.id.to_string(), cost, submitted_at: Some(c.submitted_at) })
        })
        .collect::<Result<Vec<_>, TallyError>>()?;
    let budget = u64::try_from(pool.ore()).map_err(|_| TallyError::OutOfRange)?;
    let voters = Storkreds::ALL
        .into_iter()
        .map(|s| (s, ballots.iter().filter(|b| b.storkreds == s).count() as u64))
        .collect();

    let (outcome_projects, winners, steps) = if candidates.is_empty() {
        (Vec::new(), Vec::new(), Vec::new())
    } else {
        let instance = Instance::new(budget, 2, projects, instance_ballots)
            .map_err(|e| TallyError::Instance(e.to_string()))?;
        let outcome = rules::run(rule.rule, &instance, &rule.options());
        let steps = outcome.steps.iter().map(|s| format!("Step {}: {}", s.number, s.explanation)).collect();
        (outcome.projects, outcome.winners, steps)
    };

    let mut order: Vec<usize> = winners.clone();
    let mut rest: Vec<usize> = (0..candidates.len()).filter(|i| !winners.contains(i)).collect();
    rest.sort_by_key(|&i| std::cmp::Reverse(outcome_projects.get(i).map_or(0, |p| p.support.count())));
    order.extend(rest);

    let mut lines = Vec::with_capacity(candidates.len());
    let mut allocated = 0u64;
    for (rank, index) in order.into_iter().enumerate() {
        let (candidate, outcome) = (&candidates[index], &outcome_projects[index]);
        if outcome.funded {
            allocated += outcome.cost.minor();
        }
        lines.push(TallyLine {
            rank: rank + 1,
            id: candidate.id,
            storkreds: candidate.storkreds,
            requested: candidate.requested,
            votes: votes[index],
            support: outcome.support.count(),
            funded: outcome.funded,
            allocated: if outcome.funded { candidate.requested } else { Money::ZERO },
            explanation: outcome.explanation.to_string(),
        });
    }
    let allocated = money(allocated)?;
    let unallocated = pool.checked_sub(allocated).map_err(|_| TallyError::OutOfRange)?;
    let storkredse = totals_by_storkreds(lines.iter().map(|l| StorkredsShare {
        storkreds: l.storkreds,
        funded: l.funded,
        requested: l.requested,
        allocated: l.allocated,
    }))
    .map_err(|_| TallyError::OutOfRange)?;
    Ok(RoundTally {
        rule: rule.name(),
        pool,
        allocated,
        unallocated,
        ballots: ballots.len(),
        lines,
        steps,
        storkredse,
        voters,
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
    use crate::allocation::allocate_greedy;
    use crate::ballot::ApprovalBallot;
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
        Candidate { id: ProposalId(id), storkreds, requested: kr(amount), submitted_at: id }
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
        let greedy = tally_round(kr("600.00"), &candidates, &ballots, RoundRule::default());
        let mes_rule = RoundRule { rule: Rule::Mes, completion: Completion::Add1Greedy, ..RoundRule::default() };
        let mes = tally_round(kr("600.00"), &candidates, &ballots, mes_rule);
        let funded = |t: &Result<RoundTally, TallyError>| -> Vec<i64> {
            t.iter().flat_map(|t| t.lines.iter().filter(|l| l.funded).map(|l| l.id.0)).collect()
        };
        assert_eq!(funded(&greedy), vec![1, 2]);
        assert_eq!(funded(&mes), vec![1, 3]);
        let Ok(mes) = mes else { panic!("mes") };
        assert_eq!((mes.allocated, mes.unallocated, mes.rule.as_str()), (kr("600.00"), kr("0.00"), "mes_cost_add1_greedy"));
        assert_eq!(mes.voters[3], (Storkreds::Bornholm, 40));
        assert!(mes.lines[1].explanation.contains("Funded"), "{}", mes.lines[1].explanation);
        assert!(!mes.steps.is_empty());
    }

    #[test]
    fn percentages_are_exact_and_rounded_half_up() {
        assert_eq!(percent_of(kr("50000.00"), kr("500000.00")), "10.00");
        assert_eq!(percent_of(kr("1.00"), kr("3.00")), "33.33");
        assert_eq!(percent_of(kr("2.00"), kr("3.00")), "66.67");
        assert_eq!(percent_of(kr("1.00"), kr("0.00")), "0.00");
    }

    proptest! {
        /// The general greedy rule with the service's tie order reproduces the
        /// simple greedy of the foundation, line for line.
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
            let reference: Vec<ApprovalBallot> = ids.iter().map(|b| ApprovalBallot::from_stored(b.iter().map(|&i| ProposalId(i)))).collect();
            let general = tally_round(pool, &candidates, &counted, RoundRule::default());
            let simple = allocate_greedy(pool, &candidates, &reference);
            prop_assert!(general.is_ok() && simple.is_ok());
            let (Ok(general), Ok(simple)) = (general, simple) else { return Ok(()) };
            let funded = |ids: Vec<(i64, bool)>| ids.into_iter().filter(|(_, f)| *f).map(|(i, _)| i).collect::<BTreeSet<_>>();
            prop_assert_eq!(
                funded(general.lines.iter().map(|l| (l.id.0, l.funded)).collect()),
                funded(simple.lines.iter().map(|l| (l.id.0, l.funded)).collect())
            );
            prop_assert_eq!(general.allocated, simple.allocated);
            prop_assert_eq!(general.allocated.ore() + general.unallocated.ore(), pool.ore());
        }
    }
}
