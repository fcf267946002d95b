//! Sequential (budgeted) Phragmén.
//!
//! Buying a project puts a *load* on its supporters: the cost is shared so
//! that all of them end up carrying the same total load. In each step the
//! project that leads to the smallest new load for its supporters,
//! `(their current loads + cost) / number of supporters`, is bought (exact
//! ties: the earlier in tie-break order). When that project (or any project
//! tied with it) no longer fits the budget, the rule stops. Ballots count as
//! approval sets; projects costing more than the budget are never considered.
//! As in pabutools, unsupported projects are bought last, only with
//! `fund_unsupported`, while they all fit.
//!
//! Loads are big integers over one common denominator that grows only when
//! a new load does not divide evenly; voters with identical ballots are one
//! class, and each project keeps the sum of its supporters' loads, updated
//! only for the projects the buyers also support.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::rules::amount::{ratio, Share};
use crate::rules::arith::gcd_small;
use crate::rules::greedy::supports;
use crate::rules::instance::Instance;
use crate::rules::options::{Options, Rule, Satisfaction};
use crate::rules::outcome::{Explanation, Outcome, Recorder};
use crate::rules::profile::{Profile, WeightMode};

/// Runs sequential Phragmén on `instance` (satisfaction and completion are ignored).
pub fn phragmen(instance: &Instance, options: &Options) -> Outcome {
    let order = options.tie_break.order(instance);
    let profile = Profile::build(instance, order, WeightMode::Presence);
    let class_projects = profile.class_projects(instance);
    let support = supports(instance, Satisfaction::Cost);
    let mut recorder = Recorder::new(instance, support);
    let projects = profile.projects();
    let scale = instance.scale();
    let budget = instance.budget();
    let cost = |p: usize| instance.projects()[profile.order[p]].cost;
    let mut remaining = vec![false; projects];
    for (p, slot) in remaining.iter_mut().enumerate() {
        let position = profile.order[p];
        let supported = profile.support[p] > 0;
        if cost(p) > budget {
            if supported {
                let explanation = Explanation::TooExpensive {
                    cost: instance.amount(cost(p)),
                    budget: instance.amount(budget),
                };
                recorder.decide(position, explanation, false);
            }
        } else {
            *slot = supported || options.fund_unsupported;
        }
    }
    let mut d = BigInt::one();
    let mut loads: Vec<BigInt> = vec![BigInt::zero()];
    let mut class_level: Vec<u32> = vec![0; profile.classes()];
    let mut sums: Vec<BigInt> = vec![BigInt::zero(); projects];
    let mut counts: Vec<u64> = vec![0; projects];
    let mut touched: Vec<u32> = Vec::new();
    let mut step = 0;
    loop {
        step += 1;
        let spent = recorder.spent();
        // The smallest new load, and every project tied for it.
        let mut best: Option<(BigInt, u64)> = None;
        let mut tied: Vec<usize> = Vec::new();
        for p in (0..projects).filter(|&p| remaining[p] && profile.support[p] > 0) {
            let numer = &sums[p] + BigInt::from(cost(p)) * &d;
            let denom = profile.support[p];
            let order = match &best {
                None => Ordering::Less,
                Some((n, k)) => (&numer * BigInt::from(*k)).cmp(&(n * BigInt::from(denom))),
            };
            match order {
                Ordering::Less => {
                    best = Some((numer, denom));
                    tied.clear();
                    tied.push(p);
                }
                Ordering::Equal => tied.push(p),
                Ordering::Greater => {}
            }
        }
        let Some((numer, denom)) = best else {
            // Only unsupported projects remain: bought in tie order while they all fit.
            let rest: Vec<usize> = (0..projects).filter(|&p| remaining[p]).collect();
            let all_fit = rest.iter().all(|&p| spent.saturating_add(cost(p)) <= budget);
            match rest.first() {
                Some(&p) if all_fit => {
                    remaining[p] = false;
                    let explanation = Explanation::FundedUnsupported {
                        remaining_before: instance.amount(budget - spent),
                        cost: instance.amount(cost(p)),
                    };
                    recorder.decide(profile.order[p], explanation, true);
                    continue;
                }
                _ => break,
            }
        };
        let load = |numer: &BigInt, d: &BigInt| Share::new(ratio(numer.clone(), d * BigInt::from(denom)), scale);
        if let Some(&blocker) = tied.iter().find(|&&p| spent.saturating_add(cost(p)) > budget) {
            let explanation = Explanation::PhragmenNoRoom {
                step,
                supporters: profile.support[blocker],
                load: load(&numer, &d),
                remaining: instance.amount(budget.saturating_sub(spent)),
                cost: instance.amount(cost(blocker)),
            };
            recorder.decide(profile.order[blocker], explanation, true);
            let blocker_id = instance.projects()[profile.order[blocker]].id.clone();
            for p in (0..projects).filter(|&p| remaining[p] && p != blocker && profile.support[p] > 0) {
                let explanation = Explanation::PhragmenStopped {
                    step,
                    blocker: blocker_id.clone(),
                };
                recorder.decide(profile.order[p], explanation, false);
            }
            break;
        }
        let x = tied[0];
        // The new load numer / denom, kept over a common denominator.
        let k = BigInt::from(denom);
        let factor = BigInt::from(u128::from(denom) / gcd_small(&numer, u128::from(denom)));
        let mut numer = numer;
        if !factor.is_one() {
            d *= &factor;
            numer *= &factor;
            for value in loads.iter_mut().chain(sums.iter_mut()) {
                *value *= &factor;
            }
        }
        let new_load = &numer / &k;
        let new_level = loads.len() as u32;
        loads.push(new_load.clone());
        let mut movers: Vec<(u32, u32)> = profile
            .supporters(x)
            .iter()
            .map(|(class, _)| (class_level[class as usize], class))
            .collect();
        movers.sort_unstable();
        for chunk in movers.chunk_by(|a, b| a.0 == b.0) {
            let old = chunk[0].0;
            for &(_, class) in chunk {
                let mult = profile.class_mult[class as usize];
                for &q in class_projects.of(class as usize) {
                    if counts[q as usize] == 0 {
                        touched.push(q);
                    }
                    counts[q as usize] += mult;
                }
                class_level[class as usize] = new_level;
            }
            let rise = &new_load - &loads[old as usize];
            for &q in &touched {
                sums[q as usize] += &rise * counts[q as usize];
                counts[q as usize] = 0;
            }
            touched.clear();
        }
        remaining[x] = false;
        let explanation = Explanation::PhragmenFunded {
            step,
            supporters: profile.support[x],
            load: Share::new(ratio(new_load, d.clone()), scale),
        };
        recorder.decide(profile.order[x], explanation, true);
    }
    recorder.finish(Rule::Phragmen.report_name(options), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::{Ballot, Project};
    use crate::rules::tiebreak::TieBreak;

    #[test]
    fn buys_by_smallest_load_and_stops_when_the_next_does_not_fit() {
        // a: 3 supporters, cost 30 → load 10; b: 1 supporter cost 5 → 5; c: 2 supporters cost 40 → 20.
        let projects = vec![
            Project::new("a", 30),
            Project::new("b", 5),
            Project::new("c", 40),
            Project::new("d", 1),
        ];
        let ballots = vec![
            Ballot::approval([0, 2]),
            Ballot::approval([0, 2]),
            Ballot::approval([0]),
            Ballot::approval([1]),
        ];
        let instance = Instance::new(60, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
        let options = Options {
            tie_break: TieBreak::AsListed,
            ..Options::default()
        };
        let outcome = phragmen(&instance, &options);
        // b (5), a (10), then c: (10 + 10 + 40) / 2 = 30 — but 35 + 40 > 60: stop.
        assert_eq!(outcome.winner_ids(), vec!["b", "a"]);
        assert_eq!(
            outcome.projects[2].explanation.to_string(),
            "Not funded: in step 3 it came next (each of its 2 supporters would carry a load of 30.00), but only 25 remained of the budget for its cost of 40, so the rule stopped."
        );
        assert!(outcome.projects[3].explanation.to_string().contains("nobody"));
        assert_eq!(outcome.steps.len(), 3);
    }
}
