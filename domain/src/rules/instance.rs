//! The general instance model: a budget, projects with exact costs, ballots.
//!
//! An [`Instance`] is what every rule reads. Amounts are whole minor units at
//! the instance's scale (see [`crate::rules::amount`]). Projects have string
//! ids and keep the order they were given in; ballots name projects by their
//! position in that list. A ballot is either an approval ballot (a set of
//! projects) or a cumulative ballot (points per project); ordinal, choose-1
//! and knapsack ballots are read as approval sets. All ballots of an instance
//! are of one kind. Every voter has the same weight.

use std::collections::HashMap;

use crate::ballot::ApprovalBallot;
use crate::candidate::Candidate;
use crate::money::Money;
use crate::rules::amount::{Amount, MAX_SCALE};

/// A project (bid) that can be funded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Project {
    /// Its identifier: non-empty, no surrounding spaces, no `,` or control characters.
    pub id: String,
    /// What it costs, in minor units at the instance's scale.
    pub cost: u64,
    /// When it was submitted (any sortable instant, e.g. microseconds since
    /// the Unix epoch); used only by [`crate::rules::TieBreak::Service`].
    pub submitted_at: Option<i64>,
}

impl Project {
    /// A project without a submission time.
    pub fn new(id: impl Into<String>, cost: u64) -> Project {
        Project {
            id: id.into(),
            cost,
            submitted_at: None,
        }
    }
}

/// Which kind of ballot an instance holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BallotKind {
    /// Sets of approved projects.
    Approval,
    /// Points per project.
    Cumulative,
}

/// One voter's ballot. Projects are positions in the instance's project list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ballot {
    projects: Vec<u32>,
    points: Option<Vec<u64>>,
}

impl Ballot {
    /// An approval ballot approving the given projects (in any order).
    pub fn approval(projects: impl IntoIterator<Item = usize>) -> Ballot {
        Ballot {
            projects: projects.into_iter().map(saturate_u32).collect(),
            points: None,
        }
    }

    /// A cumulative ballot giving `points` to each listed project. A project
    /// listed with 0 points counts as present (approved) for the `cost` and
    /// `cardinality` satisfactions and as unsupported for `points`.
    pub fn cumulative(entries: impl IntoIterator<Item = (usize, u64)>) -> Ballot {
        let (projects, points) = entries
            .into_iter()
            .map(|(project, points)| (saturate_u32(project), points))
            .unzip();
        Ballot {
            projects,
            points: Some(points),
        }
    }

    /// The kind of ballot.
    pub fn kind(&self) -> BallotKind {
        match self.points {
            None => BallotKind::Approval,
            Some(_) => BallotKind::Cumulative,
        }
    }

    /// The projects on the ballot, ascending (once the ballot is in an instance).
    pub fn projects(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.projects.iter().map(|&p| p as usize)
    }

    /// The points given to each project of [`Ballot::projects`], for a cumulative ballot.
    pub fn points(&self) -> Option<&[u64]> {
        self.points.as_deref()
    }

    /// `(project, points)` for each listed project; approvals count 1 point.
    pub fn entries(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.projects
            .iter()
            .enumerate()
            .map(|(i, &p)| (p as usize, self.points.as_ref().map_or(1, |pts| pts[i])))
    }

    pub(crate) fn raw_projects(&self) -> &[u32] {
        &self.projects
    }

    pub(crate) fn raw_points(&self) -> Option<&[u64]> {
        self.points.as_deref()
    }

    /// Sorts the entries by project and reports the first duplicate, if any.
    fn normalize(&mut self) -> Result<(), u32> {
        let sorted = self.projects.windows(2).all(|w| w[0] < w[1]);
        if !sorted {
            match &mut self.points {
                None => self.projects.sort_unstable(),
                Some(points) => {
                    let mut pairs: Vec<(u32, u64)> =
                        self.projects.iter().copied().zip(points.iter().copied()).collect();
                    pairs.sort_unstable_by_key(|&(p, _)| p);
                    (self.projects, *points) = pairs.into_iter().unzip();
                }
            }
            if let Some(w) = self.projects.windows(2).find(|w| w[0] == w[1]) {
                return Err(w[0]);
            }
        }
        Ok(())
    }
}

fn saturate_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Why an instance is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    /// The scale is above [`MAX_SCALE`].
    #[error("scale {0} is not supported; at most {max} decimals", max = MAX_SCALE)]
    Scale(u8),
    /// A project id is empty, padded with spaces, or contains `,` or control characters.
    #[error("project id \"{0}\" is not usable: ids must be non-empty, without surrounding spaces, commas or control characters")]
    BadId(String),
    /// Two projects share an id.
    #[error("project \"{0}\" is listed twice")]
    DuplicateProject(String),
    /// More projects than the rules handle.
    #[error("{0} projects; at most 4294967295 are supported")]
    TooManyProjects(usize),
    /// The costs together do not fit in 64 bits of minor units.
    #[error("the projects' costs add up to more than 18446744073709551615 minor units")]
    CostsTooLarge,
    /// A ballot names a project position outside the list.
    #[error("ballot {ballot} names project number {project}, but there are only {projects} projects")]
    UnknownProject {
        /// Position of the ballot (0-based).
        ballot: usize,
        /// The position it named.
        project: usize,
        /// How many projects there are.
        projects: usize,
    },
    /// A ballot lists the same project twice.
    #[error("ballot {ballot} lists project \"{project}\" twice")]
    DuplicateInBallot {
        /// Position of the ballot (0-based).
        ballot: usize,
        /// The project's id.
        project: String,
    },
    /// Approval and cumulative ballots are mixed.
    #[error("ballot {ballot} is of another kind than the first ballot; an instance holds one kind of ballot")]
    MixedBallotKinds {
        /// Position of the first ballot of the other kind (0-based).
        ballot: usize,
    },
    /// A cumulative ballot lists a different number of projects and points.
    #[error("ballot {ballot} has {projects} projects but {points} points")]
    PointsMismatch {
        /// Position of the ballot (0-based).
        ballot: usize,
        /// Projects listed.
        projects: usize,
        /// Points listed.
        points: usize,
    },
    /// A round's pool or request could not be read.
    #[error("amount out of range")]
    OutOfRange,
}

/// A participatory-budgeting instance: budget, projects and ballots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    budget: u64,
    scale: u8,
    projects: Vec<Project>,
    ballots: Vec<Ballot>,
    kind: BallotKind,
}

impl Instance {
    /// Checks and builds an instance. `budget` and costs are minor units at
    /// `scale` decimals. Ballot entries are sorted by project position.
    pub fn new(
        budget: u64,
        scale: u8,
        projects: Vec<Project>,
        mut ballots: Vec<Ballot>,
    ) -> Result<Instance, InstanceError> {
        if scale > MAX_SCALE {
            return Err(InstanceError::Scale(scale));
        }
        if u32::try_from(projects.len()).is_err() {
            return Err(InstanceError::TooManyProjects(projects.len()));
        }
        let mut seen = HashMap::with_capacity(projects.len());
        let mut total: u64 = 0;
        for project in &projects {
            let id = project.id.as_str();
            let usable = !id.is_empty() && id.trim() == id && !id.contains(',') && !id.chars().any(char::is_control);
            if !usable {
                return Err(InstanceError::BadId(project.id.clone()));
            }
            if seen.insert(id, ()).is_some() {
                return Err(InstanceError::DuplicateProject(project.id.clone()));
            }
            total = total.checked_add(project.cost).ok_or(InstanceError::CostsTooLarge)?;
        }
        let kind = ballots.first().map_or(BallotKind::Approval, Ballot::kind);
        for (index, ballot) in ballots.iter_mut().enumerate() {
            if ballot.kind() != kind {
                return Err(InstanceError::MixedBallotKinds { ballot: index });
            }
            if let Some(points) = &ballot.points {
                if points.len() != ballot.projects.len() {
                    return Err(InstanceError::PointsMismatch {
                        ballot: index,
                        projects: ballot.projects.len(),
                        points: points.len(),
                    });
                }
            }
            if let Some(&bad) = ballot.projects.iter().find(|&&p| p as usize >= projects.len()) {
                return Err(InstanceError::UnknownProject {
                    ballot: index,
                    project: bad as usize,
                    projects: projects.len(),
                });
            }
            ballot
                .normalize()
                .map_err(|duplicate| InstanceError::DuplicateInBallot {
                    ballot: index,
                    project: projects[duplicate as usize].id.clone(),
                })?;
        }
        Ok(Instance {
            budget,
            scale,
            projects,
            ballots,
            kind,
        })
    }

    /// The service's round as an instance: the pool, the accepted proposals
    /// (ids become strings, amounts øre at scale 2, submission times kept)
    /// and the members' approval ballots.
    pub fn from_round(
        pool: Money,
        candidates: &[Candidate],
        ballots: &[ApprovalBallot],
    ) -> Result<Instance, InstanceError> {
        let to_minor = |money: Money| u64::try_from(money.ore()).map_err(|_| InstanceError::OutOfRange);
        let mut position = HashMap::with_capacity(candidates.len());
        let mut projects = Vec::with_capacity(candidates.len());
        for (index, candidate) in candidates.iter().enumerate() {
            if position.insert(candidate.id, index).is_some() {
                return Err(InstanceError::DuplicateProject(candidate.id.to_string()));
            }
            projects.push(Project {
                id: candidate.id.to_string(),
                cost: to_minor(candidate.requested)?,
                submitted_at: Some(candidate.submitted_at),
            });
        }
        let mut converted = Vec::with_capacity(ballots.len());
        for (index, ballot) in ballots.iter().enumerate() {
            let mut approvals = Vec::with_capacity(ballot.len());
            for id in ballot.approvals() {
                let Some(&project) = position.get(&id) else {
                    return Err(InstanceError::UnknownProject {
                        ballot: index,
                        project: usize::try_from(id.0).unwrap_or(usize::MAX),
                        projects: candidates.len(),
                    });
                };
                approvals.push(project);
            }
            converted.push(Ballot::approval(approvals));
        }
        Instance::new(to_minor(pool)?, 2, projects, converted)
    }

    /// The budget in minor units.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// The budget as an amount.
    pub fn budget_amount(&self) -> Amount {
        self.amount(self.budget)
    }

    /// The number of decimals of all amounts.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// `minor` units as an amount at this instance's scale.
    pub fn amount(&self, minor: u64) -> Amount {
        Amount::new(minor, self.scale).unwrap_or_default()
    }

    /// Minor units in one unit of the currency (`10^scale`).
    pub fn currency_unit(&self) -> u64 {
        10u64.pow(u32::from(self.scale))
    }

    /// The projects, in the order given.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The ballots, in the order given.
    pub fn ballots(&self) -> &[Ballot] {
        &self.ballots
    }

    /// The kind of the ballots.
    pub fn ballot_kind(&self) -> BallotKind {
        self.kind
    }

    /// The position of the project with this id.
    pub fn project_index(&self, id: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.id == id)
    }

    /// The same election with the projects listed in `order` (a permutation
    /// of positions) and the ballots renumbered to match.
    pub fn with_project_order(&self, order: &[usize]) -> Result<Instance, InstanceError> {
        let mut new_position = vec![usize::MAX; self.projects.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = new_position.get_mut(old) {
                *slot = new;
            }
        }
        let projects = order
            .iter()
            .filter_map(|&old| self.projects.get(old).cloned())
            .collect();
        let ballots = self
            .ballots
            .iter()
            .map(|ballot| {
                let projects = ballot.projects().map(|p| new_position[p]);
                match ballot.points() {
                    None => Ballot::approval(projects),
                    Some(points) => Ballot::cumulative(projects.zip(points.iter().copied())),
                }
            })
            .collect();
        Instance::new(self.budget, self.scale, projects, ballots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::ProposalId;
    use crate::storkreds::Storkreds;

    fn projects(costs: &[u64]) -> Vec<Project> {
        costs
            .iter()
            .enumerate()
            .map(|(i, &c)| Project::new(format!("p{i}"), c))
            .collect()
    }

    #[test]
    fn ballots_are_sorted_and_checked() {
        let instance = Instance::new(
            100,
            0,
            projects(&[10, 20, 30]),
            vec![Ballot::approval([2, 0]), Ballot::approval([])],
        );
        let Ok(instance) = instance else { panic!("{instance:?}") };
        let first: Vec<usize> = instance.ballots()[0].projects().collect();
        assert_eq!(first, vec![0, 2]);
        assert_eq!(
            Instance::new(100, 0, projects(&[1]), vec![Ballot::approval([1])]),
            Err(InstanceError::UnknownProject {
                ballot: 0,
                project: 1,
                projects: 1
            })
        );
        assert_eq!(
            Instance::new(100, 0, projects(&[1]), vec![Ballot::approval([0, 0])]),
            Err(InstanceError::DuplicateInBallot {
                ballot: 0,
                project: "p0".into()
            })
        );
        assert_eq!(
            Instance::new(
                100,
                0,
                projects(&[1, 2]),
                vec![Ballot::approval([0]), Ballot::cumulative([(1, 2)])]
            ),
            Err(InstanceError::MixedBallotKinds { ballot: 1 })
        );
        let cumulative = Instance::new(9, 0, projects(&[1, 2]), vec![Ballot::cumulative([(1, 2), (0, 5)])]);
        let entries: Vec<(usize, u64)> = cumulative
            .iter()
            .flat_map(|i| i.ballots()[0].entries().collect::<Vec<_>>())
            .collect();
        assert_eq!(entries, vec![(0, 5), (1, 2)]);
    }

    #[test]
    fn ids_must_be_usable_and_unique() {
        for bad in ["", " a", "a,b", "x\n"] {
            assert!(matches!(
                Instance::new(1, 0, vec![Project::new(bad, 1)], vec![]),
                Err(InstanceError::BadId(_))
            ));
        }
        assert!(matches!(
            Instance::new(1, 0, vec![Project::new("a", 1), Project::new("a", 2)], vec![]),
            Err(InstanceError::DuplicateProject(_))
        ));
        assert!(matches!(
            Instance::new(1, 0, vec![Project::new("a", u64::MAX), Project::new("b", 1)], vec![]),
            Err(InstanceError::CostsTooLarge)
        ));
        assert_eq!(Instance::new(1, 10, vec![], vec![]), Err(InstanceError::Scale(10)));
    }

    #[test]
    fn a_round_becomes_an_instance_in_ore() {
        let kr = |s: &str| Money::parse(s).unwrap_or_default();
        let candidates = [
            Candidate {
                id: ProposalId(7),
                storkreds: Storkreds::Fyn,
                requested: kr("100.50"),
                submitted_at: 3,
            },
            Candidate {
                id: ProposalId(9),
                storkreds: Storkreds::Bornholm,
                requested: kr("20"),
                submitted_at: 1,
            },
        ];
        let ballots = [ApprovalBallot::from_stored([ProposalId(9), ProposalId(7)])];
        let instance = Instance::from_round(kr("500"), &candidates, &ballots);
        let Ok(instance) = instance else { panic!("{instance:?}") };
        assert_eq!(instance.budget(), 50000);
        assert_eq!(instance.scale(), 2);
        assert_eq!(instance.projects()[0].cost, 10050);
        assert_eq!(instance.projects()[1].submitted_at, Some(1));
        assert_eq!(instance.ballots()[0].projects().collect::<Vec<_>>(), vec![0, 1]);
        let unknown = [ApprovalBallot::from_stored([ProposalId(8)])];
        assert!(Instance::from_round(kr("500"), &candidates, &unknown).is_err());
    }

    #[test]
    fn reordering_projects_renumbers_ballots() {
        let instance = Instance::new(10, 0, projects(&[1, 2, 3]), vec![Ballot::approval([0, 2])]);
        let reordered = instance.as_ref().ok().map(|i| i.with_project_order(&[2, 0, 1]));
        let Some(Ok(reordered)) = reordered else {
            panic!("{reordered:?}")
        };
        assert_eq!(reordered.projects()[0].id, "p2");
        assert_eq!(reordered.ballots()[0].projects().collect::<Vec<_>>(), vec![0, 1]);
    }
}
