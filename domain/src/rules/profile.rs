//! Voters grouped into classes of identical ballots.
//!
//! Under MES and Phragmén, voters with the same ballot (and, as everywhere
//! here, the same budget) are treated identically at every step: they are
//! rich or poor together and pay the same. So the rules work on *classes*:
//! one entry per distinct ballot with its multiplicity. Projects are
//! renumbered internally by tie-break priority (internal index 0 wins all
//! exact ties), so the rules resolve ties by the smaller internal index.
//!
//! Memory: at a million voters the per-class lists are larger than the
//! instance itself unless kept compact. Only the supporters of each project
//! are stored, as `u32` class numbers; their weights (a parallel `u64` list)
//! only when some weight is not 1, which happens only for points ballots
//! under [`WeightMode::Points`]. A class's projects are read from its ballot
//! in the instance ([`Profile::projects_of`]), or copied once into one flat
//! `u32` list by the rule that visits them often ([`Profile::class_projects`],
//! Phragmén). Classes are found by sorting the ballots' positions by a
//! hash of the ballot (8 bytes a ballot, freed before the supporter lists
//! are built) rather than with a hash map of ballots.

use crate::rules::grouping::group;
use crate::rules::instance::Instance;

/// What a ballot entry weighs for a satisfaction measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WeightMode {
    /// Presence on the ballot: weight 1 (points are ignored, 0 points included).
    Presence,
    /// Points given (approvals weigh 1); entries with 0 points are dropped.
    Points,
}

/// Ids (`u32`) with their weights: a project's supporters.
///
/// Weights are all 1 when `weights` is `None`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entries<'a> {
    ids: &'a [u32],
    weights: Option<&'a [u64]>,
}

impl<'a> Entries<'a> {
    /// The ids, ascending.
    pub fn ids(&self) -> &'a [u32] {
        self.ids
    }

    /// `(id, weight)` for each entry, ids ascending.
    pub fn iter(&self) -> EntryIter<'a> {
        EntryIter {
            ids: self.ids.iter(),
            weights: self.weights.map(<[u64]>::iter),
        }
    }
}

impl<'a> IntoIterator for Entries<'a> {
    type Item = (u32, u64);
    type IntoIter = EntryIter<'a>;

    fn into_iter(self) -> EntryIter<'a> {
        self.iter()
    }
}

/// Iterator over [`Entries`]: `(id, weight)`.
#[derive(Clone, Debug)]
pub(crate) struct EntryIter<'a> {
    ids: std::slice::Iter<'a, u32>,
    weights: Option<std::slice::Iter<'a, u64>>,
}

impl Iterator for EntryIter<'_> {
    type Item = (u32, u64);

    #[inline]
    fn next(&mut self) -> Option<(u32, u64)> {
        let id = *self.ids.next()?;
        let weight = match &mut self.weights {
            None => 1,
            Some(weights) => weights.next().copied().unwrap_or(1),
        };
        Some((id, weight))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl ExactSizeIterator for EntryIter<'_> {}

/// Ballots grouped by content, with supporter lists.
///
/// A class's projects are not stored: [`Profile::projects_of`] reads them
/// from the class's ballot in the instance.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// Voters in total (blank ballots included).
    pub voters: u64,
    /// Internal project index → position in the instance.
    pub order: Vec<usize>,
    /// Position in the instance → internal project index.
    rank_of: Vec<u32>,
    /// How ballot entries weigh.
    mode: WeightMode,
    /// Voters per class.
    pub class_mult: Vec<u64>,
    /// One ballot (position in the instance) of each class.
    pub class_ballot: Vec<usize>,
    /// Where each project's supporters start in `sup_items` (one more entry than projects).
    sup_start: Vec<usize>,
    /// The classes supporting each project, ascending within a project.
    sup_items: Vec<u32>,
    /// The weight of each entry of `sup_items`; `None` when all are 1.
    sup_weights: Option<Vec<u64>>,
    /// Voters supporting each project (weight above zero).
    pub support: Vec<u64>,
    /// Total weight of each project's supporters.
    pub support_weight: Vec<u128>,
}

impl WeightMode {
    /// What an entry with `points` weighs (approvals count 1 point).
    fn weight(self, points: u64) -> u64 {
        match self {
            WeightMode::Presence => 1,
            WeightMode::Points => points,
        }
    }
}

impl Profile {
    /// Groups `instance`'s ballots; `order` lists instance positions by tie priority.
    pub fn build(instance: &Instance, order: Vec<usize>, mode: WeightMode) -> Profile {
        let projects = instance.projects().len();
        let ballots = instance.ballots();
        let mut rank_of = vec![0u32; projects];
        for (rank, &position) in order.iter().enumerate() {
            rank_of[position] = rank as u32;
        }
        let (class_mult, class_ballot) = group(ballots, mode);

        // Count first, so that the supporter lists are allocated once at their final size.
        let mut support = vec![0u64; projects];
        let mut support_weight = vec![0u128; projects];
        let mut sup_count = vec![0usize; projects];
        let mut unit = true;
        for (&ballot, &mult) in class_ballot.iter().zip(&class_mult) {
            for (position, points) in ballots[ballot].entries() {
                let weight = mode.weight(points);
                if weight == 0 {
                    continue;
                }
                unit &= weight == 1;
                let project = rank_of[position] as usize;
                support[project] += mult;
                support_weight[project] += u128::from(mult) * u128::from(weight);
                sup_count[project] += 1;
            }
        }
        let mut sup_start = Vec::with_capacity(projects + 1);
        sup_start.push(0);
        for count in &sup_count {
            let last = sup_start.last().copied().unwrap_or(0);
            sup_start.push(last + count);
        }
        let total = sup_start.last().copied().unwrap_or(0);
        // Filled class by class, so each project's supporters come out ascending.
        let mut fill = sup_start.clone();
        let mut sup_items = vec![0u32; total];
        let mut sup_weights = (!unit).then(|| vec![0u64; total]);
        for (class, &ballot) in class_ballot.iter().enumerate() {
            for (position, points) in ballots[ballot].entries() {
                let weight = mode.weight(points);
                if weight == 0 {
                    continue;
                }
                let slot = &mut fill[rank_of[position] as usize];
                sup_items[*slot] = class as u32;
                if let Some(weights) = &mut sup_weights {
                    weights[*slot] = weight;
                }
                *slot += 1;
            }
        }
        Profile {
            voters: ballots.len() as u64,
            order,
            rank_of,
            mode,
            class_mult,
            class_ballot,
            sup_start,
            sup_items,
            sup_weights,
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

    /// `(internal project, weight)` for each project a class supports, in
    /// the order of the instance's project list (not by internal index).
    /// `instance` must be the instance the profile was built from.
    pub fn projects_of<'a>(&'a self, instance: &'a Instance, class: usize) -> impl Iterator<Item = (u32, u64)> + 'a {
        instance.ballots()[self.class_ballot[class]]
            .entries()
            .map(|(position, points)| (self.rank_of[position], self.mode.weight(points)))
            .filter(|&(_, weight)| weight != 0)
    }

    /// The projects of every class (internal indices, weights dropped),
    /// stored flat for rules that visit them often. `instance` must be the
    /// instance the profile was built from.
    pub fn class_projects(&self, instance: &Instance) -> ClassProjects {
        let mut start = Vec::with_capacity(self.classes() + 1);
        let mut items = Vec::with_capacity(self.sup_items.len());
        start.push(0);
        for class in 0..self.classes() {
            items.extend(self.projects_of(instance, class).map(|(project, _)| project));
            start.push(items.len());
        }
        ClassProjects { start, items }
    }

    /// `(class, weight)` for each class supporting a project, classes ascending.
    pub fn supporters(&self, project: usize) -> Entries<'_> {
        let range = self.sup_start[project]..self.sup_start[project + 1];
        Entries {
            ids: &self.sup_items[range.clone()],
            weights: self.sup_weights.as_ref().map(|weights| &weights[range]),
        }
    }

    /// Whether every supporter of every project has weight 1.
    pub fn unit_weights(&self) -> bool {
        self.sup_weights.is_none()
    }
}

/// The projects of each class, from [`Profile::class_projects`].
#[derive(Clone, Debug)]
pub(crate) struct ClassProjects {
    /// Where each class's projects start in `items` (one more entry than classes).
    start: Vec<usize>,
    /// The projects of each class, in the order of the instance's list.
    items: Vec<u32>,
}

impl ClassProjects {
    /// The internal projects a class supports, in the order of the instance's list.
    pub fn of(&self, class: usize) -> &[u32] {
        &self.items[self.start[class]..self.start[class + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::instance::{Ballot, Project};

    fn pairs(entries: impl IntoIterator<Item = (u32, u64)>) -> Vec<(u32, u64)> {
        entries.into_iter().collect()
    }

    /// A class's projects sorted by internal index.
    fn projects_of(profile: &Profile, instance: &Instance, class: usize) -> Vec<(u32, u64)> {
        let mut projects = pairs(profile.projects_of(instance, class));
        projects.sort_unstable();
        projects
    }

    fn instance(projects: usize, ballots: Vec<Ballot>) -> Instance {
        let projects = (0..projects).map(|p| Project::new(format!("p{p}"), 1)).collect();
        Instance::new(10, 0, projects, ballots).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn identical_ballots_form_one_class() {
        let instance = instance(
            3,
            vec![
                Ballot::cumulative([(0, 2), (1, 0)]),
                Ballot::cumulative([(1, 0), (0, 2)]),
                Ballot::cumulative([(0, 1)]),
                Ballot::cumulative([]),
            ],
        );
        // Priority: c, a, b.
        let presence = Profile::build(&instance, vec![2, 0, 1], WeightMode::Presence);
        assert_eq!(presence.voters, 4);
        assert_eq!(presence.class_mult, vec![2, 1, 1]);
        assert_eq!(presence.class_ballot, vec![0, 2, 3]);
        assert_eq!(projects_of(&presence, &instance, 0), vec![(1, 1), (2, 1)]);
        assert_eq!(presence.support, vec![0, 3, 2]);
        assert_eq!(pairs(presence.supporters(1)), vec![(0, 1), (1, 1)]);
        assert!(presence.unit_weights());
        let points = Profile::build(&instance, vec![0, 1, 2], WeightMode::Points);
        assert_eq!(projects_of(&points, &instance, 0), vec![(0, 2)]);
        assert_eq!(points.support, vec![3, 0, 0]);
        assert_eq!(points.support_weight, vec![5, 0, 0]);
        assert!(!points.unit_weights());
    }

    #[test]
    fn points_other_than_one_keep_their_weight() {
        let instance = instance(
            3,
            vec![
                Ballot::cumulative([(2, 5), (0, 1)]),
                Ballot::cumulative([(0, 1), (2, 5)]),
                Ballot::cumulative([(0, 3), (1, 0), (2, 1)]),
                Ballot::cumulative([(1, 7)]),
            ],
        );
        // Priority: b, c, a (internal 0 = b, 1 = c, 2 = a).
        let points = Profile::build(&instance, vec![1, 2, 0], WeightMode::Points);
        assert_eq!(points.class_mult, vec![2, 1, 1]);
        assert_eq!(projects_of(&points, &instance, 0), vec![(1, 5), (2, 1)]);
        assert_eq!(projects_of(&points, &instance, 1), vec![(1, 1), (2, 3)]);
        assert_eq!(projects_of(&points, &instance, 2), vec![(0, 7)]);
        assert_eq!(pairs(points.supporters(0)), vec![(2, 7)]);
        assert_eq!(pairs(points.supporters(1)), vec![(0, 5), (1, 1)]);
        assert_eq!(pairs(points.supporters(2)), vec![(0, 1), (1, 3)]);
        assert_eq!(points.support, vec![1, 3, 3]);
        assert_eq!(points.support_weight, vec![7, 11, 5]);
        assert!(!points.unit_weights());
        let flat = points.class_projects(&instance);
        assert_eq!(flat.of(0), &[2, 1]);
        assert_eq!(flat.of(1), &[2, 1]);
        assert_eq!(flat.of(2), &[0]);
    }

    #[test]
    fn presence_ignores_points() {
        let instance = instance(
            2,
            vec![
                Ballot::cumulative([(0, 4), (1, 0)]),
                Ballot::cumulative([(0, 9), (1, 2)]),
                Ballot::cumulative([(1, 3)]),
            ],
        );
        let presence = Profile::build(&instance, vec![0, 1], WeightMode::Presence);
        // The first two ballots differ only in points: one class.
        assert_eq!(presence.class_mult, vec![2, 1]);
        assert_eq!(projects_of(&presence, &instance, 0), vec![(0, 1), (1, 1)]);
        assert_eq!(pairs(presence.supporters(1)), vec![(0, 1), (1, 1)]);
        assert_eq!(presence.support, vec![2, 3]);
        assert_eq!(presence.support_weight, vec![2, 3]);
        assert!(presence.unit_weights());
        let points = Profile::build(&instance, vec![0, 1], WeightMode::Points);
        assert_eq!(points.class_mult, vec![1, 1, 1]);
        assert_eq!(points.support_weight, vec![13, 5]);
    }

    #[test]
    fn points_of_one_need_no_weights() {
        let instance = instance(
            2,
            vec![Ballot::cumulative([(0, 1), (1, 0)]), Ballot::cumulative([(1, 1)])],
        );
        let points = Profile::build(&instance, vec![0, 1], WeightMode::Points);
        assert!(points.unit_weights());
        assert_eq!(projects_of(&points, &instance, 0), vec![(0, 1)]);
        assert_eq!(pairs(points.supporters(1)), vec![(1, 1)]);
    }

    #[test]
    fn classes_are_numbered_by_first_appearance_even_with_many_ballots() {
        // Enough ballots for the table to wrap and probe; 37 distinct ballots.
        let ballots: Vec<Ballot> = (0..5000usize)
            .map(|i| Ballot::approval((0..6).filter(|&p| (i * 7 % 37) >> p & 1 == 1)))
            .collect();
        let instance = instance(6, ballots.clone());
        let profile = Profile::build(&instance, (0..6).collect(), WeightMode::Presence);
        let mut expected: Vec<(Vec<usize>, u64, usize)> = Vec::new();
        for (index, ballot) in ballots.iter().enumerate() {
            let projects: Vec<usize> = ballot.projects().collect();
            match expected.iter_mut().find(|(p, _, _)| *p == projects) {
                Some(entry) => entry.1 += 1,
                None => expected.push((projects, 1, index)),
            }
        }
        assert_eq!(profile.classes(), expected.len());
        for (class, (projects, mult, first)) in expected.iter().enumerate() {
            assert_eq!(profile.class_mult[class], *mult);
            assert_eq!(profile.class_ballot[class], *first);
            let ids: Vec<usize> = profile.projects_of(&instance, class).map(|(p, _)| p as usize).collect();
            assert_eq!(&ids, projects);
        }
        let total: u64 = profile.class_mult.iter().sum();
        assert_eq!(total, 5000);
    }
}
