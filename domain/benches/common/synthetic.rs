//! Synthetic instances for benchmarks and timings: many voters approving a
//! few projects each, with skewed popularity. Deterministic (a fixed-seed
//! xorshift generator), integers only.

#![allow(dead_code)]

use medlemsbudget_domain::rules::{Ballot, Instance, Project};

/// A tiny deterministic pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The seed of the benchmark matrix.
pub const MATRIX_SEED: u64 = 42;

/// The fewest and most approvals per ballot in the benchmark matrix.
pub const MATRIX_APPROVALS: (u64, u64) = (5, 15);

/// An instance of the benchmark matrix: `voters` approval ballots over
/// `projects` bids, each approving between 5 and 15 *distinct* bids drawn
/// with Zipf-like popularity (bid `p` has weight `1 / (p + 1)`), fixed seed.
/// With 5–15 approvals out of 50 or 200 bids nearly every ballot is unique,
/// so the rules cannot lean on identical ballots (the worst case for the
/// voter classes of MES and Phragmén).
pub fn matrix_instance(voters: usize, projects: usize) -> Instance {
    let (min, max) = MATRIX_APPROVALS;
    approval_instance_between(voters, projects, min, max, MATRIX_SEED)
}

/// `voters` approval ballots over `projects` projects: each voter approves
/// 1..=`max_approvals` projects; project `p` is chosen with weight
/// `projects / (p + 1)` (a Zipf-like popularity). Costs are 10 000 – 500 000
/// whole currency units; the budget is a third of all costs.
pub fn approval_instance(voters: usize, projects: usize, max_approvals: u64, seed: u64) -> Instance {
    let mut rng = Rng::new(seed);
    let weights: Vec<u64> = (0..projects as u64).map(|p| 1_000_000 / (p + 1)).collect();
    let total: u64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(projects);
    let mut acc = 0;
    for w in &weights {
        acc += w;
        cumulative.push(acc);
    }
    let list: Vec<Project> = (0..projects)
        .map(|p| Project::new(format!("p{p}"), 10_000 + rng.below(49) * 10_000))
        .collect();
    let budget = list.iter().map(|p| p.cost).sum::<u64>() / 3;
    let mut ballots = Vec::with_capacity(voters);
    let mut chosen = Vec::new();
    for _ in 0..voters {
        chosen.clear();
        let size = 1 + rng.below(max_approvals);
        for _ in 0..size {
            let r = rng.below(total);
            let p = cumulative.partition_point(|&c| c <= r);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        ballots.push(Ballot::approval(chosen.iter().copied()));
    }
    Instance::new(budget, 0, list, ballots).unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`approval_instance`], but every ballot approves exactly `size`
/// *distinct* projects, `size` uniform in `min_approvals..=max_approvals`
/// (capped at the number of projects): draws that repeat a project are
/// drawn again.
pub fn approval_instance_between(
    voters: usize,
    projects: usize,
    min_approvals: u64,
    max_approvals: u64,
    seed: u64,
) -> Instance {
    let mut rng = Rng::new(seed);
    let mut cumulative = Vec::with_capacity(projects);
    let mut acc = 0;
    for p in 0..projects as u64 {
        acc += 1_000_000 / (p + 1);
        cumulative.push(acc);
    }
    let total = acc;
    let list: Vec<Project> = (0..projects)
        .map(|p| Project::new(format!("p{p}"), 10_000 + rng.below(49) * 10_000))
        .collect();
    let budget = list.iter().map(|p| p.cost).sum::<u64>() / 3;
    let min = min_approvals.max(1).min(projects as u64);
    let max = max_approvals.max(min).min(projects as u64);
    let mut ballots = Vec::with_capacity(voters);
    let mut chosen = Vec::new();
    for _ in 0..voters {
        chosen.clear();
        let size = (min + rng.below(max - min + 1)) as usize;
        while chosen.len() < size {
            let r = rng.below(total);
            let p = cumulative.partition_point(|&c| c <= r);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        ballots.push(Ballot::approval(chosen.iter().copied()));
    }
    Instance::new(budget, 0, list, ballots).unwrap_or_else(|e| panic!("{e}"))
}
