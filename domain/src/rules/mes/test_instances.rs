//! Instances for the engines' tests.

use crate::rules::instance::{Ballot, Instance, Project};

/// An approval instance: projects `p0, p1, …` costing `costs`, and a ballot
/// per entry of `ballots` (indices taken modulo the number of projects,
/// duplicates dropped).
pub(crate) fn approval(costs: &[u64], ballots: &[Vec<usize>], budget: u64) -> Instance {
    let projects: Vec<Project> = costs
        .iter()
        .enumerate()
        .map(|(i, &c)| Project::new(format!("p{i}"), c))
        .collect();
    let ballots: Vec<Ballot> = ballots
        .iter()
        .map(|b| {
            let mut chosen: Vec<usize> = b.iter().map(|&p| p % projects.len()).collect();
            chosen.sort_unstable();
            chosen.dedup();
            Ballot::approval(chosen)
        })
        .collect();
    Instance::new(budget, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"))
}
