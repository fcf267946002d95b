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
//!   unchanged, and the search jumps past them. The result is exactly that of
//!   rerunning with every increment.
//! * `add1-greedy`: `add1`, then greedy by number of supporters on what is
//!   left, when `add1` is not exhaustive.
//!
//! Free projects with supporters are funded at once; MES never funds a
//! project nobody supports.

mod engine;
mod history;
mod lead;
mod limbs;
mod scalar;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use self::engine::{Record, Run, Setup};
pub(crate) use self::scalar::gcd_small;
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
    let run = engine::run::<BigInt>(&profile, &setup, increments, record);
    assemble(instance, options, &profile, &setup, &run)
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
/// outcome; those are skipped. When it says none (every increment changes
/// some decision, as in dense elections), plain runs, which cost about half
/// as much, are used for a while (1, 2, 4, … up to 32 increments) before a
/// parametric run is tried again.
fn add1_increments(profile: &Profile, setup: &Setup<'_>) -> u64 {
    if profile.voters == 0 {
        return 0;
    }
    let mut increments: u64 = 0;
    let mut plain_left: u64 = 0;
    let mut backoff: u64 = 1;
    loop {
        let (selected, jump) = if plain_left > 0 {
            plain_left -= 1;
            let run: Run<BigInt> = engine::run(profile, setup, increments, Record::Selection);
            (run.selected, Some(1))
        } else {
            let run: Run<Affine> = engine::run(profile, setup, increments, Record::Selection);
            let jump = run.horizon.first_change.as_ref().and_then(ToPrimitive::to_u64);
            if jump == Some(1) {
                plain_left = backoff;
                backoff = (backoff * 2).min(32);
            } else {
                backoff = 1;
            }
            (run.selected, jump)
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
