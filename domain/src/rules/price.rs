//! Price systems: who paid what under equal shares, and the check that the
//! outcome is *priceable*.
//!
//! A run of MES gives every voter the same budget and records what each voter
//! paid for each funded project. The outcome is priceable by that price
//! system when (1) voters pay only for funded projects they support, never
//! more than their budget in total; (2) each funded project's payments add up
//! exactly to its cost; and (3) for every project left unfunded, its
//! supporters' leftover money together is less than its cost (so no group of
//! supporters could still have bought it). [`PriceSystem::check`] verifies all
//! of it in exact arithmetic, so anyone can audit a result.

use std::collections::BTreeMap;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::rules::amount::Share;
use crate::rules::instance::Instance;
use crate::rules::options::Satisfaction;

/// Voters with identical ballots and what each of them paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceGroup {
    /// How many voters.
    pub voters: u64,
    /// One of their ballots (position in the instance).
    pub ballot: usize,
    /// What each of them paid, per project (position in the instance).
    pub payments: Vec<(usize, Share)>,
}

/// A budget per voter and every voter's payments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceSystem {
    /// Each voter's budget.
    pub voter_budget: Share,
    /// The funded projects (positions in the instance) the prices pay for.
    pub funded: Vec<usize>,
    /// The voters, grouped by ballot.
    pub groups: Vec<PriceGroup>,
}

/// A broken priceability condition, with the numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceViolation {
    /// A payment is negative.
    #[error("voters with ballot {ballot} pay a negative amount for project {project}")]
    Negative {
        /// The group's ballot.
        ballot: usize,
        /// The project's id.
        project: String,
    },
    /// A payment goes to a project that is unfunded or not supported by the payer.
    #[error("voters with ballot {ballot} pay for project {project}, which they do not support or which is not funded")]
    Misdirected {
        /// The group's ballot.
        ballot: usize,
        /// The project's id.
        project: String,
    },
    /// A voter pays more than the budget.
    #[error("voters with ballot {ballot} pay {paid} in total, more than their budget of {budget}")]
    Overspent {
        /// The group's ballot.
        ballot: usize,
        /// What each paid (exact).
        paid: String,
        /// The budget (exact).
        budget: String,
    },
    /// A funded project's payments do not add up to its cost.
    #[error("project {project} costs {cost} but its supporters paid {paid}")]
    NotCovered {
        /// The project's id.
        project: String,
        /// Its cost.
        cost: String,
        /// What was paid (exact).
        paid: String,
    },
    /// An unfunded project's supporters had enough left to buy it.
    #[error("project {project} costs {cost} and is not funded, yet its supporters had {left} left")]
    Affordable {
        /// The project's id.
        project: String,
        /// Its cost.
        cost: String,
        /// What its supporters had left together (exact).
        left: String,
    },
}

impl PriceSystem {
    /// Checks the priceability conditions (see the module documentation)
    /// against `instance`, with supporters as `satisfaction` defines them
    /// (on the ballot; with points, more than 0 points).
    pub fn check(&self, instance: &Instance, satisfaction: Satisfaction) -> Result<(), PriceViolation> {
        let projects = instance.projects();
        let funded: Vec<bool> = (0..projects.len()).map(|p| self.funded.contains(&p)).collect();
        let budget = self.voter_budget.minor();
        let id = |p: usize| projects[p].id.clone();
        let mut paid_for: BTreeMap<usize, BigRational> = BTreeMap::new();
        let mut left_for: BTreeMap<usize, BigRational> = BTreeMap::new();
        for group in &self.groups {
            let ballot = &instance.ballots()[group.ballot];
            let supports = |p: usize| {
                ballot
                    .entries()
                    .any(|(q, points)| q == p && (satisfaction != Satisfaction::Points || points > 0))
            };
            let mut spent = BigRational::zero();
            for (project, share) in &group.payments {
                let amount = share.minor();
                if amount.is_negative() {
                    return Err(PriceViolation::Negative {
                        ballot: group.ballot,
                        project: id(*project),
                    });
                }
                if !funded.get(*project).copied().unwrap_or(false) || !supports(*project) {
                    return Err(PriceViolation::Misdirected {
                        ballot: group.ballot,
                        project: id(*project),
                    });
                }
                spent += amount;
                *paid_for.entry(*project).or_insert_with(BigRational::zero) +=
                    amount * BigRational::from_integer(group.voters.into());
            }
            if &spent > budget {
                return Err(PriceViolation::Overspent {
                    ballot: group.ballot,
                    paid: Share::new(spent, self.voter_budget.scale()).exact(),
                    budget: self.voter_budget.exact(),
                });
            }
            let left = (budget - spent) * BigRational::from_integer(group.voters.into());
            for (project, points) in ballot.entries() {
                if satisfaction != Satisfaction::Points || points > 0 {
                    *left_for.entry(project).or_insert_with(BigRational::zero) += &left;
                }
            }
        }
        let scale = instance.scale();
        for (p, project) in projects.iter().enumerate() {
            let cost = BigRational::from_integer(project.cost.into());
            if funded[p] {
                let paid = paid_for.remove(&p).unwrap_or_else(BigRational::zero);
                if paid != cost {
                    return Err(PriceViolation::NotCovered {
                        project: id(p),
                        cost: instance.amount(project.cost).to_string(),
                        paid: Share::new(paid, scale).exact(),
                    });
                }
            } else if let Some(left) = left_for.get(&p) {
                if left >= &cost {
                    return Err(PriceViolation::Affordable {
                        project: id(p),
                        cost: instance.amount(project.cost).to_string(),
                        left: Share::new(left.clone(), scale).exact(),
                    });
                }
            }
        }
        Ok(())
    }
}
