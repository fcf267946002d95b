//! Properties of the allocation rules, checked on random instances:
//!
//! * no outcome costs more than the budget;
//! * every MES outcome (completion none or add1) is priceable by its run;
//! * the outcome does not depend on the order of the ballots;
//! * with a fixed tie order (lexicographic or service), it does not depend
//!   on the order the projects are listed in;
//! * the fast engines agree with a naive reference implementation written
//!   here per voter, in plain rationals, rerunning add1 for every increment.

use std::collections::BTreeMap;

use medlemsbudget_domain::rules::{
    self, mes_with_prices, Ballot, Completion, Instance, Options, Project, Rule, Satisfaction, TieBreak,
};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;

// ---------- the naive reference ----------

fn q(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

fn weight(ballot: &Ballot, project: usize, satisfaction: Satisfaction) -> u64 {
    ballot
        .entries()
        .find(|&(p, _)| p == project)
        .map_or(0, |(_, points)| match satisfaction {
            Satisfaction::Points => points,
            _ => 1,
        })
}

/// Positions of the projects by tie priority → rank.
fn ranks(instance: &Instance, tie: TieBreak) -> Vec<usize> {
    let mut rank = vec![0; instance.projects().len()];
    for (r, p) in tie.order(instance).into_iter().enumerate() {
        rank[p] = r;
    }
    rank
}

fn naive_mes_run(instance: &Instance, satisfaction: Satisfaction, tie: TieBreak, increments: u64) -> Vec<usize> {
    let n = instance.ballots().len() as u64;
    let projects = instance.projects();
    let rank = ranks(instance, tie);
    let mut by_rank: Vec<usize> = (0..projects.len()).collect();
    by_rank.sort_by_key(|&p| rank[p]);
    let w = |i: usize, p: usize| weight(&instance.ballots()[i], p, satisfaction);
    let supported = |p: usize| (0..n as usize).any(|i| w(i, p) > 0);
    let mut selected: Vec<usize> = by_rank
        .iter()
        .copied()
        .filter(|&p| projects[p].cost == 0 && supported(p))
        .collect();
    if n == 0 {
        return selected;
    }
    let start = q(instance.budget()) / q(n) + q(increments * instance.currency_unit());
    let mut budget = vec![start; n as usize];
    let mut alive: Vec<bool> = (0..projects.len())
        .map(|p| projects[p].cost > 0 && supported(p))
        .collect();
    loop {
        let mut best: Option<(BigRational, usize, BigRational)> = None;
        for &p in &by_rank {
            if !alive[p] {
                continue;
            }
            let cost = q(projects[p].cost);
            let supporters: Vec<usize> = (0..n as usize).filter(|&i| w(i, p) > 0).collect();
            let total: BigRational = supporters.iter().map(|&i| budget[i].clone()).sum();
            if total < cost {
                alive[p] = false;
                continue;
            }
            let mut order = supporters.clone();
            order.sort_by(|&a, &b| (&budget[a] / q(w(a, p))).cmp(&(&budget[b] / q(w(b, p)))));
            let mut rest = cost.clone();
            let mut weight_left: u64 = order.iter().map(|&i| w(i, p)).sum();
            let mut rho = BigRational::zero();
            for &i in &order {
                let candidate = &rest / q(weight_left);
                if &candidate * q(w(i, p)) <= budget[i] {
                    rho = candidate;
                    break;
                }
                rest -= &budget[i];
                weight_left -= w(i, p);
            }
            let sigma = if satisfaction == Satisfaction::Cost {
                cost.clone()
            } else {
                BigRational::one()
            };
            let key = &rho / sigma;
            if best.as_ref().is_none_or(|(k, _, _)| &key < k) {
                best = Some((key, p, rho));
            }
        }
        let Some((_, p, rho)) = best else {
            return selected;
        };
        for (i, money) in budget.iter_mut().enumerate() {
            let wi = w(i, p);
            if wi > 0 {
                let pay = (&rho * q(wi)).min(money.clone());
                *money -= pay;
            }
        }
        alive[p] = false;
        selected.push(p);
    }
}

fn cost_of(instance: &Instance, selected: &[usize]) -> u64 {
    selected.iter().map(|&p| instance.projects()[p].cost).sum()
}

fn naive_exhaustive(instance: &Instance, satisfaction: Satisfaction, selected: &[usize]) -> bool {
    let left = instance.budget() - cost_of(instance, selected).min(instance.budget());
    (0..instance.projects().len()).all(|p| {
        let supported = instance.ballots().iter().any(|b| weight(b, p, satisfaction) > 0);
        let cost = instance.projects()[p].cost;
        selected.contains(&p) || !supported || cost == 0 || cost > left
    })
}

fn naive_greedy(
    instance: &Instance,
    satisfaction: Satisfaction,
    tie: TieBreak,
    initial: &[usize],
    fund_unsupported: bool,
) -> Vec<usize> {
    let rank = ranks(instance, tie);
    let projects = instance.projects();
    let support = |p: usize| -> u64 { instance.ballots().iter().map(|b| weight(b, p, satisfaction)).sum() };
    // density as (is_infinite, value)
    let density = |p: usize| -> (bool, BigRational) {
        let s = support(p);
        let c = projects[p].cost;
        if s == 0 {
            (false, BigRational::zero())
        } else if c == 0 {
            (true, BigRational::zero())
        } else if satisfaction == Satisfaction::Cost {
            (false, q(s))
        } else {
            (false, q(s) / q(c))
        }
    };
    let mut order: Vec<usize> = (0..projects.len()).filter(|p| !initial.contains(p)).collect();
    order.sort_by(|&a, &b| density(b).cmp(&density(a)).then(rank[a].cmp(&rank[b])));
    let mut selected = initial.to_vec();
    let mut left = instance.budget().saturating_sub(cost_of(instance, initial));
    for p in order {
        if support(p) == 0 && !fund_unsupported {
            continue;
        }
        if projects[p].cost <= left {
            left -= projects[p].cost;
            selected.push(p);
        }
    }
    selected
}

/// The winners and the number of add1 increments of the run behind them.
fn naive_mes(instance: &Instance, options: &Options) -> (Vec<usize>, u64) {
    let sat = options.satisfaction;
    let tie = options.tie_break;
    match options.completion {
        Completion::None => (naive_mes_run(instance, sat, tie, 0), 0),
        Completion::Add1 | Completion::Add1Greedy => {
            let mut t = 0;
            let (result, used) = loop {
                let run = naive_mes_run(instance, sat, tie, t);
                if cost_of(instance, &run) > instance.budget() {
                    break (naive_mes_run(instance, sat, tie, t - 1), t - 1);
                }
                if naive_exhaustive(instance, sat, &run) || instance.ballots().is_empty() {
                    break (run, t);
                }
                t += 1;
                assert!(t < 1_000_000, "add1 does not end");
            };
            if options.completion == Completion::Add1Greedy && !naive_exhaustive(instance, sat, &result) {
                (
                    naive_greedy(instance, Satisfaction::Cost, tie, &result, options.fund_unsupported),
                    used,
                )
            } else {
                (result, used)
            }
        }
    }
}

fn naive_phragmen(instance: &Instance, tie: TieBreak, fund_unsupported: bool) -> Vec<usize> {
    let rank = ranks(instance, tie);
    let projects = instance.projects();
    let n = instance.ballots().len();
    let approves = |i: usize, p: usize| instance.ballots()[i].projects().any(|x| x == p);
    let mut load = vec![BigRational::zero(); n];
    let mut remaining: Vec<usize> = (0..projects.len())
        .filter(|&p| projects[p].cost <= instance.budget())
        .filter(|&p| fund_unsupported || (0..n).any(|i| approves(i, p)))
        .collect();
    remaining.sort_by_key(|&p| rank[p]);
    let mut selected = Vec::new();
    let mut spent = 0;
    while !remaining.is_empty() {
        // None = infinite load (unsupported).
        let new_load = |p: usize| -> Option<BigRational> {
            let supporters: Vec<usize> = (0..n).filter(|&i| approves(i, p)).collect();
            if supporters.is_empty() {
                return None;
            }
            let sum: BigRational = supporters.iter().map(|&i| load[i].clone()).sum();
            Some((sum + q(projects[p].cost)) / q(supporters.len() as u64))
        };
        let loads: Vec<Option<BigRational>> = remaining.iter().map(|&p| new_load(p)).collect();
        let min = loads.iter().flatten().min().cloned();
        let tied: Vec<usize> = remaining
            .iter()
            .zip(&loads)
            .filter(|(_, l)| **l == min)
            .map(|(&p, _)| p)
            .collect();
        if tied.iter().any(|&p| spent + projects[p].cost > instance.budget()) {
            break;
        }
        let x = tied[0];
        if let Some(l) = &min {
            for (i, slot) in load.iter_mut().enumerate() {
                if approves(i, x) {
                    *slot = l.clone();
                }
            }
        }
        spent += projects[x].cost;
        selected.push(x);
        remaining.retain(|&p| p != x);
    }
    selected
}

// ---------- random instances ----------

fn instance_strategy() -> impl Strategy<Value = Instance> {
    let projects = prop::collection::vec((0u64..=40, 0u64..3), 1..7);
    (projects, 0u64..=150, 0u8..=2, any::<bool>(), 0usize..=14)
        .prop_flat_map(|(costs, budget, scale, cumulative, voters)| {
            let count = costs.len();
            let ballot = prop::collection::vec((0..count, 0u64..=3), 0..=count);
            (
                Just((costs, budget, scale, cumulative)),
                prop::collection::vec(ballot, voters),
            )
        })
        .prop_map(|((costs, budget, scale, cumulative), ballots)| {
            let unit = 10u64.pow(u32::from(scale));
            let projects = costs
                .iter()
                .enumerate()
                .map(|(i, &(c, cents))| Project {
                    id: format!("{}", (i * 7) % 11),
                    cost: c * unit + if scale > 0 { cents } else { 0 },
                    submitted_at: Some((i % 3) as i64),
                })
                .collect();
            let ballots = ballots
                .into_iter()
                .map(|entries| {
                    let mut seen = BTreeMap::new();
                    for (p, points) in entries {
                        seen.insert(p, points);
                    }
                    if cumulative {
                        Ballot::cumulative(seen)
                    } else {
                        Ballot::approval(seen.into_keys())
                    }
                })
                .collect();
            Instance::new(budget * unit, scale, projects, ballots).unwrap_or_else(|e| panic!("{e}"))
        })
}

fn all_options() -> Vec<(Rule, Options)> {
    let mut all = Vec::new();
    for tie_break in [TieBreak::Lexicographic, TieBreak::Service, TieBreak::AsListed] {
        for fund_unsupported in [false, true] {
            for satisfaction in [Satisfaction::Cost, Satisfaction::Cardinality, Satisfaction::Points] {
                let base = Options {
                    satisfaction,
                    completion: Completion::None,
                    tie_break,
                    fund_unsupported,
                };
                all.push((Rule::Greedy, base));
                for completion in [Completion::None, Completion::Add1, Completion::Add1Greedy] {
                    all.push((Rule::Mes, Options { completion, ..base }));
                }
            }
            all.push((
                Rule::Phragmen,
                Options {
                    tie_break,
                    fund_unsupported,
                    ..Options::default()
                },
            ));
        }
    }
    all
}

fn reversed_ballots(instance: &Instance) -> Instance {
    let mut ballots: Vec<Ballot> = instance.ballots().to_vec();
    ballots.reverse();
    if ballots.len() > 2 {
        ballots.swap(0, 1);
    }
    Instance::new(
        instance.budget(),
        instance.scale(),
        instance.projects().to_vec(),
        ballots,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Winner ids in order, total, and each project's explanation by id.
fn by_id(outcome: &rules::Outcome) -> (Vec<String>, u64, BTreeMap<String, String>) {
    (
        outcome.winner_ids().into_iter().map(str::to_owned).collect(),
        outcome.total_cost.minor(),
        outcome
            .projects
            .iter()
            .map(|p| (p.id.clone(), p.explanation.to_string()))
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn rules_agree_with_the_naive_reference_and_stay_within_budget(instance in instance_strategy()) {
        for (rule, options) in all_options() {
            let outcome = rules::run(rule, &instance, &options);
            prop_assert!(outcome.total_cost.minor() <= instance.budget(), "{rule:?} {options:?}");
            let sum: u64 = outcome.winners.iter().map(|&p| instance.projects()[p].cost).sum();
            prop_assert_eq!(sum, outcome.total_cost.minor());
            let expected = match rule {
                Rule::Greedy => naive_greedy(&instance, options.satisfaction, options.tie_break, &[], options.fund_unsupported),
                Rule::Mes => {
                    let (winners, increments) = naive_mes(&instance, &options);
                    // The run behind the outcome must be the same too: same voter budget.
                    let n = instance.ballots().len().max(1) as u64;
                    let voter_budget = q(instance.budget()) / q(n) + q(increments * instance.currency_unit());
                    let ours = outcome.voter_budget.as_ref().map(|s| s.minor().clone());
                    prop_assert_eq!(ours, Some(voter_budget), "{:?}", options);
                    winners
                }
                Rule::Phragmen => naive_phragmen(&instance, options.tie_break, options.fund_unsupported),
            };
            prop_assert_eq!(&outcome.winners, &expected, "{:?} {:?}", rule, options);
            for (position, project) in outcome.projects.iter().enumerate() {
                prop_assert_eq!(project.funded, outcome.winners.contains(&position));
            }
        }
    }

    #[test]
    fn mes_outcomes_are_priceable(instance in instance_strategy()) {
        for satisfaction in [Satisfaction::Cost, Satisfaction::Cardinality, Satisfaction::Points] {
            for completion in [Completion::None, Completion::Add1] {
                let options = Options::new(satisfaction, completion);
                let (outcome, prices) = mes_with_prices(&instance, &options);
                let mut funded = prices.funded.clone();
                funded.sort_unstable();
                let mut winners = outcome.winners.clone();
                winners.sort_unstable();
                prop_assert_eq!(funded, winners);
                let checked = prices.check(&instance, satisfaction);
                prop_assert!(checked.is_ok(), "{:?}: {:?}", options, checked);
            }
        }
    }

    #[test]
    fn ballot_order_does_not_matter(instance in instance_strategy()) {
        let shuffled = reversed_ballots(&instance);
        for (rule, options) in all_options() {
            let a = rules::run(rule, &instance, &options);
            let b = rules::run(rule, &shuffled, &options);
            prop_assert_eq!(a, b, "{:?} {:?}", rule, options);
        }
    }

    #[test]
    fn project_order_does_not_matter_with_a_fixed_tie_order(instance in instance_strategy(), seed in any::<u64>()) {
        let count = instance.projects().len();
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|&p| (p as u64).wrapping_mul(seed | 1).rotate_left(17));
        let permuted = instance.with_project_order(&order).unwrap_or_else(|e| panic!("{e}"));
        for (rule, options) in all_options().into_iter().filter(|(_, o)| o.tie_break != TieBreak::AsListed) {
            let a = rules::run(rule, &instance, &options);
            let b = rules::run(rule, &permuted, &options);
            prop_assert_eq!(by_id(&a), by_id(&b), "{:?} {:?}", rule, options);
        }
    }
}
