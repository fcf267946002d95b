//! Tests of the engine's faster paths against the plain ones.

use proptest::prelude::*;

use super::*;
use crate::rules::instance::{Ballot, Instance, Project};
use crate::rules::mes::scalar::Affine;
use crate::rules::profile::WeightMode;

/// Every faster path off.
const PLAIN: Paths = Paths {
    lazy: false,
    lazy_selection_from: usize::MAX,
    in_place: false,
    counted_sums: None,
};

/// The variants compared with [`Paths::FAST`]: each faster path off alone,
/// selection-only runs lazy at any size, sums from histories whenever
/// possible, and everything off.
const VARIANTS: [Paths; 6] = [
    Paths {
        lazy_selection_from: 0,
        ..Paths::FAST
    },
    Paths {
        lazy: false,
        ..Paths::FAST
    },
    Paths {
        in_place: false,
        ..Paths::FAST
    },
    Paths {
        counted_sums: None,
        ..Paths::FAST
    },
    Paths {
        counted_sums: Some(0),
        ..Paths::FAST
    },
    PLAIN,
];

/// Everything a run returns, in comparable form.
fn summary(run: &Run<BigInt>) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        run.selected, run.purchases, run.payments, run.held, run.voter_budget
    )
}

/// A pseudo-random approval instance with many cheap projects, so runs
/// make more than 64 purchases (several words of purchase bits).
fn many_purchases(seed: u64) -> (Instance, Vec<u64>) {
    let mut state = seed;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    let costs: Vec<u64> = (0..150).map(|_| 1 + next(30)).collect();
    let projects: Vec<Project> = costs
        .iter()
        .enumerate()
        .map(|(i, &c)| Project::new(format!("p{i}"), c))
        .collect();
    let ballots: Vec<Ballot> = (0..300)
        .map(|_| {
            let mut chosen: Vec<usize> = (0..1 + next(40)).map(|_| next(150) as usize).collect();
            chosen.sort_unstable();
            chosen.dedup();
            Ballot::approval(chosen)
        })
        .collect();
    let budget = costs.iter().sum::<u64>() * 2 / 3;
    let instance = Instance::new(budget, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
    (instance, costs)
}

#[test]
fn fast_paths_change_nothing_past_64_purchases() {
    for seed in 0..6 {
        let (instance, costs) = many_purchases(seed);
        let order: Vec<usize> = (0..costs.len()).collect();
        let profile = Profile::build(&instance, order, WeightMode::Presence);
        for sigma in [costs.clone(), vec![1; costs.len()]] {
            let setup = Setup {
                budget: instance.budget(),
                currency_unit: 1,
                costs: &costs,
                sigma: &sigma,
            };
            let fast: Run<BigInt> = run_with(&profile, &setup, 0, Record::Explanations, Paths::FAST);
            assert!(fast.selected.len() > 64, "only {} purchases", fast.selected.len());
            assert!(fast.selected.len() < costs.len());
            for paths in VARIANTS {
                let other: Run<BigInt> = run_with(&profile, &setup, 0, Record::Explanations, paths);
                assert_eq!(summary(&fast), summary(&other), "{paths:?}");
            }
            // The filtered run tells up to 128 purchases and gives up past them.
            let filtered = crate::rules::mes::filtered::run(&profile, &setup, 0, Record::Explanations);
            match filtered {
                Some(filtered) => assert_eq!(summary(&fast), summary(&filtered)),
                None => assert!(fast.selected.len() > 128, "gave up at {}", fast.selected.len()),
            }
        }
    }
}

/// Runs every combination of paths on one instance and compares each with
/// the fast one: selection, purchases, payments, holdings and (parametric
/// runs) the horizon must be identical.
fn paths_agree(
    costs: &[u64],
    ballots: &[Vec<usize>],
    budget: u64,
    increments: u64,
    cost_satisfaction: bool,
) -> Result<(), TestCaseError> {
    let instance = crate::rules::mes::test_instances::approval(costs, ballots, budget);
    let order: Vec<usize> = (0..costs.len()).collect();
    let profile = Profile::build(&instance, order, WeightMode::Presence);
    let sigma = if cost_satisfaction {
        costs.to_vec()
    } else {
        vec![1; costs.len()]
    };
    let setup = Setup {
        budget,
        currency_unit: 1,
        costs,
        sigma: &sigma,
    };
    for record in [Record::Selection, Record::Explanations, Record::Prices] {
        let fast: Run<BigInt> = run_with(&profile, &setup, increments, record, Paths::FAST);
        for paths in VARIANTS {
            let other: Run<BigInt> = run_with(&profile, &setup, increments, record, paths);
            prop_assert_eq!(summary(&fast), summary(&other), "{:?} {:?}", record, paths);
        }
    }
    for record in [Record::Selection, Record::Explanations] {
        let exact: Run<BigInt> = run_with(&profile, &setup, increments, record, Paths::FAST);
        let filtered = crate::rules::mes::filtered::run(&profile, &setup, increments, record);
        prop_assert!(filtered.is_some(), "the filtered run gave up");
        if let Some(filtered) = filtered {
            prop_assert_eq!(summary(&exact), summary(&filtered), "filtered {:?}", record);
        }
    }
    let fast: Run<Affine> = run_with(&profile, &setup, increments, Record::Selection, Paths::FAST);
    let reference: Run<Affine> = run_with(&profile, &setup, increments, Record::Selection, PLAIN);
    prop_assert_eq!(&fast.selected, &reference.selected);
    prop_assert_eq!(&fast.horizon, &reference.horizon);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The faster paths (plain levels kept over older denominators, levels
    /// changed in place, sums from payment histories) change nothing, alone
    /// and together: small instances.
    #[test]
    fn lazy_denominators_change_nothing(
        costs in prop::collection::vec(0u64..40, 1..9),
        ballots in prop::collection::vec(prop::collection::vec(0usize..8, 0..6), 1..40),
        budget in 1u64..200,
        increments in 0u64..3,
        cost_satisfaction in any::<bool>(),
    ) {
        paths_agree(&costs, &ballots, budget, increments, cost_satisfaction)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The same on larger instances: many levels and purchases, so sums of
    /// many groups are taken from the payment histories.
    #[test]
    fn fast_paths_change_nothing_on_larger_instances(
        costs in prop::collection::vec(0u64..60, 10..40),
        ballots in prop::collection::vec(prop::collection::vec(0usize..40, 0..12), 50..400),
        budget in 50u64..1500,
        increments in 0u64..3,
        cost_satisfaction in any::<bool>(),
    ) {
        paths_agree(&costs, &ballots, budget, increments, cost_satisfaction)?;
    }
}

/// The exact run and the filtered one on `ballots` (project indices) with
/// costs `costs`, for both recorded kinds of run.
fn filtered_agrees(costs: &[u64], ballots: &[&[usize]], budget: u64) -> Run<BigInt> {
    let projects: Vec<Project> = costs
        .iter()
        .enumerate()
        .map(|(i, &c)| Project::new(format!("p{i}"), c))
        .collect();
    let ballots: Vec<Ballot> = ballots.iter().map(|b| Ballot::approval(b.to_vec())).collect();
    let instance = Instance::new(budget, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
    let profile = Profile::build(&instance, (0..costs.len()).collect(), WeightMode::Presence);
    let sigma = vec![1; costs.len()];
    let setup = Setup {
        budget,
        currency_unit: 1,
        costs,
        sigma: &sigma,
    };
    for record in [Record::Selection, Record::Explanations] {
        let exact: Run<BigInt> = run_with(&profile, &setup, 0, record, Paths::FAST);
        let filtered = crate::rules::mes::filtered::run(&profile, &setup, 0, record)
            .unwrap_or_else(|| panic!("the filtered run gave up"));
        assert_eq!(summary(&exact), summary(&filtered), "{record:?}");
    }
    run_with(&profile, &setup, 0, Record::Explanations, Paths::FAST)
}

#[test]
fn filtered_run_settles_exact_ties_exactly() {
    // Each voter has 25 and p0's price is exactly 25: its supporters pay all
    // they have but count as payers, and are left with nothing.
    let run = filtered_agrees(&[50, 90], &[&[0, 1], &[0, 1], &[1], &[]], 100);
    assert_eq!(run.purchases[0].payers, 2);
    assert_eq!(run.purchases[0].exhausted, 0);
    // Each voter has 1; p0 costs 1/3 each, leaving 2/3 (not a binary
    // fraction, so the fixed-point bound is off), and p1's price is exactly
    // 2/3 for the same three voters.
    let run = filtered_agrees(&[1, 2, 1], &[&[0, 1], &[0, 1], &[0, 1, 2]], 3);
    assert_eq!(run.selected, vec![0, 1]);
    assert_eq!(run.purchases[1].payers, 3);
    // Levels a rounding apart: two voters pay 1/3 + 1/3 + 1/3 and one pays
    // 1, then a project needs exactly what the first two have left.
    filtered_agrees(
        &[1, 1, 1, 3, 4],
        &[&[0, 1, 2, 4], &[0, 1, 2, 4], &[0, 1, 2, 3, 4], &[3], &[3, 4]],
        20,
    );
}
