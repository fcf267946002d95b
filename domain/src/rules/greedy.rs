//! Greedy by total satisfaction per unit of cost.
//!
//! Projects are ranked by their supporters' total satisfaction divided by
//! the cost: with `cost` satisfaction that is the number of supporters, with
//! `cardinality` it is supporters per unit of cost, with `points` it is points
//! per unit of cost. A free project with support ranks first. Exact ties go to
//! the tie-break order. Walking down the ranking, a project is funded when it
//! fits in what is left and skipped otherwise, and the walk continues.
//! Unsupported projects are funded only with `fund_unsupported`, last.
//! All arithmetic is on integers; cross-multiplications that would overflow
//! 128 bits are redone with big integers.

use std::cmp::Ordering;

use num_bigint::BigUint;

use crate::rules::amount::Share;
use crate::rules::instance::Instance;
use crate::rules::options::{Options, Rule, Satisfaction};
use crate::rules::outcome::{Explanation, Outcome, Recorder, Support};

/// Runs greedy with `options.satisfaction` on `instance`.
pub fn greedy(instance: &Instance, options: &Options) -> Outcome {
    let order = options.tie_break.order(instance);
    let support = supports(instance, options.satisfaction);
    let mut recorder = Recorder::new(instance, support.clone());
    walk(
        &mut recorder,
        instance,
        &order,
        &support,
        options.satisfaction,
        options.fund_unsupported,
        None,
    );
    recorder.finish(Rule::Greedy.report_name(options), None)
}

/// Each project's support under a satisfaction measure.
pub(crate) fn supports(instance: &Instance, satisfaction: Satisfaction) -> Vec<Support> {
    let mut voters = vec![0u64; instance.projects().len()];
    let mut points = vec![0u64; instance.projects().len()];
    for ballot in instance.ballots() {
        for (project, given) in ballot.entries() {
            if given > 0 {
                points[project] = points[project].saturating_add(given);
            }
            let counts = satisfaction != Satisfaction::Points || given > 0;
            if counts {
                voters[project] += 1;
            }
        }
    }
    match satisfaction {
        Satisfaction::Points => points.into_iter().map(Support::Points).collect(),
        _ => voters.into_iter().map(Support::Voters).collect(),
    }
}

/// For the MES completion: what each unfunded project's supporters held.
pub(crate) struct Held<'a>(pub &'a [Option<(u64, Share)>]);

/// Ranks the projects not yet funded by `support` under `satisfaction` and
/// funds those that fit. With `held`, this is the completion of MES and the
/// explanations say so.
pub(crate) fn walk(
    recorder: &mut Recorder<'_>,
    instance: &Instance,
    order: &[usize],
    support: &[Support],
    satisfaction: Satisfaction,
    fund_unsupported: bool,
    held: Option<Held<'_>>,
) {
    let projects = instance.projects();
    let density = |project: usize| -> (u128, u128) {
        match (support[project].count(), projects[project].cost) {
            (0, _) => (0, 1),
            (_, 0) => (1, 0),
            (s, _) if satisfaction == Satisfaction::Cost => (u128::from(s), 1),
            (s, cost) => (u128::from(s), u128::from(cost)),
        }
    };
    let mut ranking: Vec<(usize, usize)> = order
        .iter()
        .enumerate()
        .filter(|&(_, &p)| !recorder.is_funded(p))
        .map(|(priority, &p)| (priority, p))
        .collect();
    ranking.sort_by(|&(pa, a), &(pb, b)| {
        let (na, da) = density(a);
        let (nb, db) = density(b);
        compare_fractions(nb, db, na, da).then(pa.cmp(&pb))
    });
    for (index, &(_, project)) in ranking.iter().enumerate() {
        let rank = index + 1;
        let cost = projects[project].cost;
        let support = support[project];
        let remaining = recorder.remaining();
        let amount = |minor| instance.amount(minor);
        let unsupported = support.count() == 0;
        if unsupported && !fund_unsupported {
            recorder.decide(project, Explanation::NoSupport { cost: amount(cost) }, false);
            continue;
        }
        let explanation = if cost <= remaining {
            match (&held, unsupported) {
                (_, true) => Explanation::FundedUnsupported {
                    remaining_before: amount(remaining),
                    cost: amount(cost),
                },
                (None, false) => Explanation::Funded {
                    rank,
                    support,
                    remaining_before: amount(remaining),
                    cost: amount(cost),
                },
                (Some(_), false) => Explanation::CompletionFunded {
                    rank,
                    support,
                    remaining_before: amount(remaining),
                    cost: amount(cost),
                },
            }
        } else {
            match held.as_ref().and_then(|h| h.0[project].clone()) {
                Some((supporters, held)) if !unsupported => Explanation::CompletionNotEnoughLeft {
                    supporters,
                    held,
                    remaining: amount(remaining),
                    cost: amount(cost),
                },
                _ if unsupported => Explanation::NoSupport { cost: amount(cost) },
                _ => Explanation::NotEnoughLeft {
                    rank,
                    support,
                    remaining: amount(remaining),
                    cost: amount(cost),
                },
            }
        };
        recorder.decide(project, explanation, true);
    }
}

/// Compares `a/b` with `c/d` (non-negative; a zero denominator is infinity).
pub(crate) fn compare_fractions(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    match (b, d) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        _ => match (a.checked_mul(d), c.checked_mul(b)) {
            (Some(left), Some(right)) => left.cmp(&right),
            _ => (BigUint::from(a) * d).cmp(&(BigUint::from(c) * b)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::{Ballot, Project};
    use crate::rules::tiebreak::TieBreak;

    fn instance(budget: u64, costs: &[u64], ballots: &[&[usize]]) -> Instance {
        let projects = costs
            .iter()
            .enumerate()
            .map(|(i, &c)| Project::new(format!("p{i}"), c))
            .collect();
        let ballots = ballots.iter().map(|b| Ballot::approval(b.iter().copied())).collect();
        Instance::new(budget, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"))
    }

    fn options(satisfaction: Satisfaction) -> Options {
        Options {
            satisfaction,
            tie_break: TieBreak::AsListed,
            ..Options::default()
        }
    }

    #[test]
    fn cost_satisfaction_ranks_by_supporters_and_skips_what_does_not_fit() {
        let i = instance(100, &[60, 50, 40, 10], &[&[0, 1], &[0, 1, 2], &[0, 2], &[3]]);
        let outcome = greedy(&i, &options(Satisfaction::Cost));
        assert_eq!(outcome.winners, vec![0, 2]);
        assert_eq!(outcome.total_cost.minor(), 100);
        assert_eq!(
            outcome.projects[1].explanation.to_string(),
            "Not funded: ranked 2 with 2 supporters, but only 40 remained of the budget for its cost of 50."
        );
        assert_eq!(outcome.steps.len(), 4);
    }

    #[test]
    fn cardinality_ranks_by_supporters_per_cost() {
        let i = instance(100, &[60, 50, 40, 10], &[&[0, 1], &[0, 1, 2], &[0, 2], &[3]]);
        let outcome = greedy(&i, &options(Satisfaction::Cardinality));
        // densities: 3/60, 2/50, 2/40, 1/10 → p3, p0, p2 (p0 and p2 tie at 1/20; p0 listed first).
        assert_eq!(outcome.winners, vec![3, 0]);
    }

    #[test]
    fn unsupported_projects_only_with_the_option() {
        let i = instance(100, &[10, 20], &[&[0]]);
        assert_eq!(greedy(&i, &options(Satisfaction::Cost)).winners, vec![0]);
        let pabu = Options {
            fund_unsupported: true,
            ..options(Satisfaction::Cost)
        };
        let outcome = greedy(&i, &pabu);
        assert_eq!(outcome.winners, vec![0, 1]);
        assert!(outcome.projects[1]
            .explanation
            .to_string()
            .starts_with("Funded although nobody"));
    }

    #[test]
    fn fractions_compare_exactly_even_past_128_bits() {
        assert_eq!(compare_fractions(1, 3, 2, 6), Ordering::Equal);
        assert_eq!(compare_fractions(u128::MAX, u128::MAX - 1, 1, 1), Ordering::Greater);
        assert_eq!(compare_fractions(5, 0, u128::MAX, 1), Ordering::Greater);
    }
}
