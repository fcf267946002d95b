//! Voters grouped into classes of identical ballots.
//!
//! Under MES and Phragmén, voters with the same ballot (and, as everywhere
//! here, the same budget) are treated identically at every step: they are
//! rich or poor together and pay the same. So the rules work on *classes*:
//! one entry per distinct ballot with its multiplicity. Projects are
//! renumbered internally by tie-break priority (internal index 0 wins all
//! exact ties), so the rules resolve ties by the smaller internal index.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::rules::instance::Instance;

/// What a ballot entry weighs for a satisfaction measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WeightMode {
    /// Presence on the ballot: weight 1 (points are ignored, 0 points included).
    Presence,
    /// Points given (approvals weigh 1); entries with 0 points are dropped.
    Points,
}

/// Ballots grouped by content, with project and supporter lists.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// Voters in total (blank ballots included).
    pub voters: u64,
    /// Internal project index → position in the instance.
    pub order: Vec<usize>,
    /// Voters per class.
    pub class_mult: Vec<u64>,
    /// One ballot (position in the instance) of each class.
    pub class_ballot: Vec<usize>,
    class_start: Vec<usize>,
    class_items: Vec<(u32, u64)>,
    sup_start: Vec<usize>,
    sup_items: Vec<(u32, u64)>,
    /// Voters supporting each project (weight above zero).
    pub support: Vec<u64>,
    /// Total weight of each project's supporters.
    pub support_weight: Vec<u128>,
}

impl Profile {
    /// Groups `instance`'s ballots; `order` lists instance positions by tie priority.
    pub fn build(instance: &Instance, order: Vec<usize>, mode: WeightMode) -> Profile {
        let projects = instance.projects().len();
        let mut rank_of = vec![0u32; projects];
        for (rank, &position) in order.iter().enumerate() {
            rank_of[position] = rank as u32;
        }
        type Key<'a> = (&'a [u32], Option<&'a [u64]>);
        let mut class_of: HashMap<Key<'_>, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut class_mult: Vec<u64> = Vec::new();
        let mut class_ballot = Vec::new();
        for (index, ballot) in instance.ballots().iter().enumerate() {
            let key = match mode {
                WeightMode::Presence => (ballot.raw_projects(), None),
                WeightMode::Points => (ballot.raw_projects(), ballot.raw_points()),
            };
            let next = class_mult.len() as u32;
            let class = *class_of.entry(key).or_insert(next);
            if class == next {
                class_mult.push(0);
                class_ballot.push(index);
            }
            class_mult[class as usize] += 1;
        }
        let mut class_start = Vec::with_capacity(class_mult.len() + 1);
        let mut class_items = Vec::new();
        let mut support = vec![0u64; projects];
        let mut support_weight = vec![0u128; projects];
        let mut sup_count = vec![0usize; projects];
        class_start.push(0);
        for (class, &ballot) in class_ballot.iter().enumerate() {
            let ballot = &instance.ballots()[ballot];
            let begin = class_items.len();
            for (position, points) in ballot.entries() {
                let weight = match mode {
                    WeightMode::Presence => 1,
                    WeightMode::Points => points,
                };
                if weight == 0 {
                    continue;
                }
                let project = rank_of[position];
                class_items.push((project, weight));
                let m = class_mult[class];
                support[project as usize] += m;
                support_weight[project as usize] += u128::from(m) * u128::from(weight);
                sup_count[project as usize] += 1;
            }
            class_items[begin..].sort_unstable_by_key(|&(p, _)| p);
            class_start.push(class_items.len());
        }
        let mut sup_start = Vec::with_capacity(projects + 1);
        sup_start.push(0);
        for count in &sup_count {
            let last = sup_start.last().copied().unwrap_or(0);
            sup_start.push(last + count);
        }
        let mut fill = sup_start.clone();
        let mut sup_items = vec![(0u32, 0u64); class_items.len()];
        for class in 0..class_mult.len() {
            for &(project, weight) in &class_items[class_start[class]..class_start[class + 1]] {
                let slot = &mut fill[project as usize];
                sup_items[*slot] = (class as u32, weight);
                *slot += 1;
            }
        }
        Profile {
            voters: instance.ballots().len() as u64,
            order,
            class_mult,
            class_ballot,
            class_start,
            class_items,
            sup_start,
            sup_items,
            support,
            support_weight,
        }
    }

    /// Number of projects.
    pub fn projects(&self) -> usize {
        self.order.len()
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.class_mult.len()
    }

    /// `(internal project, weight)` for each project a class supports.
    pub fn projects_of(&self, class: usize) -> &[(u32, u64)] {
        &self.class_items[self.class_start[class]..self.class_start[class + 1]]
    }

    /// `(class, weight)` for each class supporting a project.
    pub fn supporters(&self, project: usize) -> &[(u32, u64)] {
        &self.sup_items[self.sup_start[project]..self.sup_start[project + 1]]
    }

    /// Whether every supporter of every project has weight 1.
    pub fn unit_weights(&self) -> bool {
        self.sup_items.iter().all(|&(_, w)| w == 1)
    }
}

/// A small, fast, deterministic hasher for ballot slices (the Fx hash).
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::{Ballot, Project};

    #[test]
    fn identical_ballots_form_one_class() {
        let projects = vec![Project::new("a", 1), Project::new("b", 1), Project::new("c", 1)];
        let ballots = vec![
            Ballot::cumulative([(0, 2), (1, 0)]),
            Ballot::cumulative([(1, 0), (0, 2)]),
            Ballot::cumulative([(0, 1)]),
            Ballot::cumulative([]),
        ];
        let instance = Instance::new(10, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"));
        // Priority: c, a, b.
        let presence = Profile::build(&instance, vec![2, 0, 1], WeightMode::Presence);
        assert_eq!(presence.voters, 4);
        assert_eq!(presence.class_mult, vec![2, 1, 1]);
        assert_eq!(presence.projects_of(0), &[(1, 1), (2, 1)]);
        assert_eq!(presence.support, vec![0, 3, 2]);
        assert_eq!(presence.supporters(1), &[(0, 1), (1, 1)]);
        let points = Profile::build(&instance, vec![0, 1, 2], WeightMode::Points);
        assert_eq!(points.projects_of(0), &[(0, 2)]);
        assert_eq!(points.support, vec![3, 0, 0]);
        assert_eq!(points.support_weight, vec![5, 0, 0]);
        assert!(!points.unit_weights());
    }
}
