//! The Method of Equal Shares (MES) and its completions.
//!
//! Each voter gets an equal part of the budget and may spend it only on
//! projects on their ballot. See [`engine`] for one run. Completions:
//!
//! * `none`: the run as it is.
//! * `add1`: rerun with every voter's budget raised by one currency unit per
//!   run, from scratch, until the outcome is *exhaustive* (no remaining
//!   supported project fits in what is left of the budget); if a run would
//!   cost more than the budget, the previous run's outcome. Instead of
//!   rerunning for every increment, a parametric run (see [`scalar`]) tells
//!   how many further increments leave every decision, and so the outcome,
//!   unchanged, and the search jumps past them; the plain runs it still
//!   makes skip the first steps they share with an earlier run (see
//!   [`filtered`]'s `Prefix`). The result is exactly that of rerunning with
//!   every increment.
//! * `add1-greedy`: `add1`, then greedy by number of supporters on what is
//!   left, when `add1` is not exhaustive.
//!
//! Free projects with supporters are funded at once; MES never funds a
//! project nobody supports.
//!
//! Two engines compute a run, with the same result: [`engine`] keeps every
//! voter's money exactly (and can run parametrically, for the `add1`
//! jumps, and record price systems); [`filtered`] keeps a fixed-point bound
//! per voter class and computes exactly only what decides, which is
//! several times faster on most profiles ([`prefer_filtered`] says when).

mod ahead;
mod engine;
mod filtered;
mod history;
mod lead;
mod limbs;
mod queue;
mod scalar;
#[cfg(test)]
mod test_instances;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use self::ahead::Ahead;
use self::engine::{Record, Run, Setup};
use self::scalar::Affine;
use crate::rules::amount::Share;
use crate::rules::greedy::{self, Held};
use crate::rules::instance::Instance;
use crate::rules::options::{Completion, Options, Rule, Satisfaction};
use crate::rules::outcome::{Explanation, Outcome, Recorder};
use crate::rules::price::{PriceGroup, PriceSystem};
use crate::rules::profile::{Profile, WeightMode};

/// Runs MES with `options.satisfaction` and `options.completion`.
pub fn mes(instance: &Instance, options: &Options) -> Outcome {
    run_mes(instance, options, Record::Explanations).0
}

/// Runs MES and also returns the price system of its equal-shares run (for
/// `add1-greedy`, the run before the greedy completion), which
/// [`PriceSystem::check`] can verify.
pub fn mes_with_prices(instance: &Instance, options: &Options) -> (Outcome, PriceSystem) {
    run_mes(instance, options, Record::Prices)
}

fn run_mes(instance: &Instance, options: &Options, record: Record) -> (Outcome, PriceSystem) {
    let order = options.tie_break.order(instance);
    let mode = match options.satisfaction {
        Satisfaction::Points => WeightMode::Points,
        Satisfaction::Cost | Satisfaction::Cardinality => WeightMode::Presence,
    };
    let profile = Profile::build(instance, order, mode);
    let costs: Vec<u64> = profile.order.iter().map(|&p| instance.projects()[p].cost).collect();
    let sigma: Vec<u64> = match options.satisfaction {
        Satisfaction::Cost => costs.clone(),
        Satisfaction::Cardinality | Satisfaction::Points => vec![1; costs.len()],
    };
    let setup = Setup {
        budget: instance.budget(),
        currency_unit: instance.currency_unit(),
        costs: &costs,
        sigma: &sigma,
    };
    let increments = match options.completion {
        Completion::None => 0,
        Completion::Add1 | Completion::Add1Greedy => add1_increments(&profile, &setup),
    };
    let filtered = prefer_filtered(&profile, &setup)
        .then(|| filtered::run(&profile, &setup, increments, record))
        .flatten();
    let run = filtered.unwrap_or_else(|| engine::run::<BigInt>(&profile, &setup, increments, record));
    assemble(instance, options, &profile, &setup, &run)
}

/// From how many voter classes the exact engine can be the faster one.
const LARGE_PROFILE: usize = 50_000;

/// Up to how many purchases the exact engine's numbers stay small enough
/// for it to be the faster one on a large profile.
const FEW_PURCHASES: usize = 32;

/// Whether to run the filtered engine ([`filtered`]) rather than the exact
/// one ([`engine`]); both give the same result. The filtered engine reads 8
/// bytes per voter class for every project it prices, the exact engine 4
/// (classes with the same money share one level) plus big-number work that
/// grows with every purchase. Measured (`benchmarks/mes-engine.md`): on
/// small profiles, and on large ones with many purchases (1M × 200:
/// 68), the filtered engine is 3–5× faster; on large profiles with few
/// purchases (1M × 50: 16, at most 27 possible) the exact one is 2× faster.
fn prefer_filtered(profile: &Profile, setup: &Setup<'_>) -> bool {
    profile.classes() < LARGE_PROFILE || most_purchases(profile, setup) > FEW_PURCHASES
}

/// The most purchases a run can make: how many of the cheapest supported
/// projects fit in the budget together.
fn most_purchases(profile: &Profile, setup: &Setup<'_>) -> usize {
    let mut costs: Vec<u64> = (0..profile.projects())
        .filter(|&p| profile.support_weight[p] > 0 && setup.costs[p] > 0)
        .map(|p| setup.costs[p])
        .collect();
    costs.sort_unstable();
    let mut left = setup.budget;
    costs
        .into_iter()
        .take_while(|&cost| match left.checked_sub(cost) {
            Some(rest) => {
                left = rest;
                true
            }
            None => false,
        })
        .count()
}

/// Supported free projects (internal indices), funded before anything else.
fn free_projects(profile: &Profile, setup: &Setup<'_>) -> Vec<u32> {
    (0..profile.projects())
        .filter(|&p| setup.costs[p] == 0 && profile.support_weight[p] > 0)
        .map(|p| p as u32)
        .collect()
}

/// Total cost of free projects plus `selected`.
fn spent(setup: &Setup<'_>, selected: &[u32]) -> u64 {
    selected.iter().map(|&p| setup.costs[p as usize]).sum()
}

/// Whether no supported project outside `selected` fits in what is left.
fn exhaustive(profile: &Profile, setup: &Setup<'_>, selected: &[u32]) -> bool {
    let mut chosen = vec![false; profile.projects()];
    for &p in selected {
        chosen[p as usize] = true;
    }
    let left = setup.budget.saturating_sub(spent(setup, selected));
    (0..profile.projects())
        .filter(|&p| !chosen[p] && profile.support_weight[p] > 0 && setup.costs[p] > 0)
        .all(|p| setup.costs[p] > left)
}

/// The number of `add1` increments whose run gives the `add1` outcome.
///
/// A parametric run says how many further increments cannot change the
/// outcome; those are skipped. It costs several plain runs (4 on Ursynów, 30
/// on a dense 100k-voter election), so it is tried only when the filtered
/// plain run guesses that the next increment changes no decision, and after
/// 128, 256, … increments that the guesses kept to plain runs (so that a
/// wrong guess costs a bounded share). When it says none can be skipped
/// anyway, plain runs are used for a while (1, 2, 4, … up to 32 increments)
/// before a parametric run is tried again.
fn add1_increments(profile: &Profile, setup: &Setup<'_>) -> u64 {
    if profile.voters == 0 {
        return 0;
    }
    let mut increments: u64 = 0;
    let mut plain_left: u64 = 0;
    let mut backoff: u64 = 1;
    let mut guessed: u64 = 0;
    let mut trust: u64 = 128;
    // Whether the last parametric run skipped increments (then the next
    // increment goes straight to one).
    let mut jumping = false;
    let prefer = prefer_filtered(profile, setup);
    let mut ahead = Ahead::new(profile, setup);
    // Whether the search is stepping one increment at a time (then the
    // next increments' runs are computed ahead).
    let mut stepping = false;
    loop {
        let plain = if jumping && plain_left == 0 {
            None
        } else {
            let filtered = prefer.then(|| ahead.run(increments, stepping)).flatten();
            match filtered {
                Some((run, guess)) if plain_left > 0 || (guess < 2 && guessed < trust) => {
                    if plain_left > 0 {
                        plain_left -= 1;
                    } else {
                        guessed += 1;
                    }
                    Some(run.selected)
                }
                None if plain_left > 0 => {
                    plain_left -= 1;
                    let run: Run<BigInt> = engine::run(profile, setup, increments, Record::Selection);
                    Some(run.selected)
                }
                _ => None,
            }
        };
        stepping = plain.is_some() || plain_left > 0;
        let (selected, jump) = match plain {
            Some(selected) => (selected, Some(1)),
            None => {
                let run: Run<Affine> = engine::run(profile, setup, increments, Record::Selection);
                let jump = run.horizon.first_change.as_ref().and_then(ToPrimitive::to_u64);
                if guessed >= trust {
                    trust = trust.saturating_mul(2);
                }
                guessed = 0;
                jumping = jump != Some(1);
                if jump == Some(1) {
                    plain_left = backoff;
                    backoff = (backoff * 2).min(32);
                } else {
                    backoff = 1;
                }
                (run.selected, jump)
            }
        };
        if spent(setup, &selected) > setup.budget {
            // The previous increment's outcome; the first run never overspends.
            return increments.saturating_sub(1);
        }
        if exhaustive(profile, setup, &selected) {
            return increments;
        }
        let Some(jump) = jump else {
            // No decision can change any more: more money changes nothing.
            return increments;
        };
        let Some(next) = increments.checked_add(jump) else {
            return increments;
        };
        increments = next;
    }
}

fn assemble(
    instance: &Instance,
    options: &Options,
    profile: &Profile,
    setup: &Setup<'_>,
    run: &Run<BigInt>,
) -> (Outcome, PriceSystem) {
    let scale = instance.scale();
    let support = greedy::supports(instance, options.satisfaction);
    let mut recorder = Recorder::new(instance, support.clone());
    let free = free_projects(profile, setup);
    for &p in &free {
        let position = profile.order[p as usize];
        recorder.decide(
            position,
            Explanation::Free {
                support: support[position],
            },
            true,
        );
    }
    for (step, purchase) in run.purchases.iter().enumerate() {
        recorder.decide(
            profile.order[purchase.project as usize],
            Explanation::EqualShares {
                step: step + 1,
                payers: purchase.payers,
                share: Share::new(purchase.share.clone(), scale),
                per_point: options.satisfaction == Satisfaction::Points,
                exhausted: purchase.exhausted,
                exhausted_paid: Share::new(purchase.exhausted_paid.clone(), scale),
            },
            true,
        );
    }
    let mut selected = free.clone();
    selected.extend_from_slice(&run.selected);
    let price_system = PriceSystem {
        voter_budget: Share::new(run.voter_budget.clone(), scale),
        funded: selected.iter().map(|&p| profile.order[p as usize]).collect(),
        groups: (0..profile.classes())
            .map(|class| PriceGroup {
                voters: profile.class_mult[class],
                ballot: profile.class_ballot[class],
                payments: run
                    .payments
                    .get(class)
                    .map(|paid| {
                        paid.iter()
                            .map(|(p, amount)| (profile.order[*p as usize], Share::new(amount.clone(), scale)))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    };
    // What the supporters of each unfunded project held at the end.
    let mut held: Vec<Option<(u64, Share)>> = vec![None; instance.projects().len()];
    for p in 0..profile.projects() {
        let position = profile.order[p];
        if !recorder.is_funded(position) && profile.support_weight[p] > 0 {
            held[position] = Some((profile.support[p], Share::new(run.held[p].clone(), scale)));
        }
    }
    let complete = options.completion == Completion::Add1Greedy && !exhaustive(profile, setup, &selected);
    if complete {
        let order = options.tie_break.order(instance);
        let by_voters = greedy::supports(instance, Satisfaction::Cost);
        greedy::walk(
            &mut recorder,
            instance,
            &order,
            &by_voters,
            Satisfaction::Cost,
            options.fund_unsupported,
            Some(Held(&held)),
        );
    }
    for (position, project) in instance.projects().iter().enumerate() {
        if let Some((supporters, held)) = &held[position] {
            if !recorder.is_funded(position) && !complete {
                recorder.decide(
                    position,
                    Explanation::Unaffordable {
                        supporters: *supporters,
                        held: held.clone(),
                        cost: instance.amount(project.cost),
                    },
                    false,
                );
            }
        }
    }
    let outcome = recorder.finish(
        Rule::Mes.report_name(options),
        Some(Share::new(run.voter_budget.clone(), scale)),
    );
    (outcome, price_system)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::{Ballot, Project};

    #[test]
    fn most_purchases_counts_the_cheapest_supported_projects_that_fit() {
        let costs = [40, 10, 30, 5, 0];
        let projects = costs
            .iter()
            .enumerate()
            .map(|(i, &c)| Project::new(format!("p{i}"), c))
            .collect();
        // p3 (cost 5) has no supporter; p4 is free.
        let ballots = vec![Ballot::approval(vec![0, 1, 2, 4]), Ballot::approval(vec![1])];
        let instance = Instance::new(45, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
        let profile = Profile::build(&instance, (0..costs.len()).collect(), WeightMode::Presence);
        let internal: Vec<u64> = profile.order.iter().map(|&p| costs[p]).collect();
        let setup = Setup {
            budget: 45,
            currency_unit: 1,
            costs: &internal,
            sigma: &internal,
        };
        // 10 + 30 fit in 45; 40 does not.
        assert_eq!(most_purchases(&profile, &setup), 2);
        assert!(prefer_filtered(&profile, &setup), "a small profile");
    }
}
