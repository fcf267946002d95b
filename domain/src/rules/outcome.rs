//! What a rule decided, step by step, and why, with the numbers behind it.
//!
//! An [`Outcome`] lists the winners in the order they were selected, the
//! total cost, one [`ProjectOutcome`] per project (in the instance's order)
//! with an [`Explanation`] a member can read, and every [`Step`] of the rule
//! in order. Explanations keep their numbers exact ([`Amount`], [`Share`]) and
//! print them as decimal strings.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::amount::{Amount, Share};
use crate::rules::instance::Instance;

/// How much support a project has: voters, or points under the points satisfaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The number of voters whose ballot lists it.
    Voters(u64),
    /// The total points given to it.
    Points(u64),
}

impl Support {
    /// The count, whatever its unit.
    pub fn count(self) -> u64 {
        match self {
            Support::Voters(n) | Support::Points(n) => n,
        }
    }
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Support::Voters(1) => f.write_str("1 supporter"),
            Support::Voters(n) => write!(f, "{n} supporters"),
            Support::Points(1) => f.write_str("1 point"),
            Support::Points(n) => write!(f, "{n} points"),
        }
    }
}

fn supporters(n: u64) -> String {
    Support::Voters(n).to_string()
}

/// Why a project was or was not funded. Stored as JSON tagged by `kind`,
/// so a result can be explained again in any language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Explanation {
    /// Greedy: its turn came and it fit.
    Funded {
        /// 1-based position in the greedy ranking.
        rank: usize,
        /// Its support.
        support: Support,
        /// What was left of the budget before it was funded.
        remaining_before: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// Greedy: its turn came but it did not fit.
    NotEnoughLeft {
        /// 1-based position in the greedy ranking.
        rank: usize,
        /// Its support.
        support: Support,
        /// What was left of the budget at its turn.
        remaining: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// Nobody supported it.
    NoSupport {
        /// Its cost.
        cost: Amount,
    },
    /// Nobody supported it, but it was funded from what was left at the end
    /// (only with [`crate::rules::Options::fund_unsupported`]).
    FundedUnsupported {
        /// What was left of the budget before it was funded.
        remaining_before: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// It costs nothing and has supporters, so it was funded at once.
    Free {
        /// Its support.
        support: Support,
    },
    /// It costs more than the whole budget.
    TooExpensive {
        /// Its cost.
        cost: Amount,
        /// The budget.
        budget: Amount,
    },
    /// MES: bought in a step of equal shares.
    EqualShares {
        /// 1-based step of equal shares.
        step: usize,
        /// Supporters who paid the full share.
        payers: u64,
        /// What each of them paid (per point under the points satisfaction).
        share: Share,
        /// Whether `share` is per point given.
        per_point: bool,
        /// Supporters with less left than the share, who paid all they had.
        exhausted: u64,
        /// What those paid together.
        exhausted_paid: Share,
    },
    /// MES: its supporters never held enough money together.
    Unaffordable {
        /// Its supporters.
        supporters: u64,
        /// What they held together when equal shares ended.
        held: Share,
        /// Its cost.
        cost: Amount,
    },
    /// MES completion: funded by the greedy completion.
    CompletionFunded {
        /// 1-based position in the completion's ranking.
        rank: usize,
        /// Its support.
        support: Support,
        /// What was left of the budget before it was funded.
        remaining_before: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// MES completion: not affordable under equal shares, and too expensive
    /// for what was left in the greedy completion.
    CompletionNotEnoughLeft {
        /// Its supporters.
        supporters: u64,
        /// What they held together when equal shares ended.
        held: Share,
        /// What was left of the budget at its turn in the completion.
        remaining: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// Phragmén: bought in a step, its supporters' loads evened out.
    PhragmenFunded {
        /// 1-based step.
        step: usize,
        /// Its supporters.
        supporters: u64,
        /// The load each of them carries afterwards.
        load: Share,
    },
    /// Phragmén: it came next but did not fit, so the rule stopped.
    PhragmenNoRoom {
        /// 1-based step in which the rule stopped.
        step: usize,
        /// Its supporters.
        supporters: u64,
        /// The load each would have carried.
        load: Share,
        /// What was left of the budget.
        remaining: Amount,
        /// Its cost.
        cost: Amount,
    },
    /// Phragmén: the rule stopped before its turn.
    PhragmenStopped {
        /// 1-based step in which the rule stopped.
        step: usize,
        /// The project that came next and did not fit.
        blocker: String,
    },
}

impl Explanation {
    /// Whether this explanation is one of a funded project.
    pub fn funded(&self) -> bool {
        matches!(
            self,
            Explanation::Funded { .. }
                | Explanation::FundedUnsupported { .. }
                | Explanation::Free { .. }
                | Explanation::EqualShares { .. }
                | Explanation::CompletionFunded { .. }
                | Explanation::PhragmenFunded { .. }
        )
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Explanation::Funded {
                rank,
                support,
                remaining_before,
                cost,
            } => write!(
                f,
                "Funded: ranked {rank} with {support}; {remaining_before} remained of the budget, enough for its cost of {cost}."
            ),
            Explanation::NotEnoughLeft {
                rank,
                support,
                remaining,
                cost,
            } => write!(
                f,
                "Not funded: ranked {rank} with {support}, but only {remaining} remained of the budget for its cost of {cost}."
            ),
            Explanation::NoSupport { .. } => f.write_str("Not funded: nobody supported it."),
            Explanation::FundedUnsupported {
                remaining_before,
                cost,
            } => write!(
                f,
                "Funded although nobody supported it: {remaining_before} remained at the end, enough for its cost of {cost}."
            ),
            Explanation::Free { support } => write!(f, "Funded: it costs nothing and has {support}."),
            Explanation::TooExpensive { cost, budget } => write!(
                f,
                "Not funded: its cost of {cost} is more than the whole budget of {budget}."
            ),
            Explanation::EqualShares {
                step,
                payers,
                share,
                per_point,
                exhausted,
                exhausted_paid,
            } => {
                // "each" only where there are several to pay it.
                let unit = match (*per_point, *payers) {
                    (true, _) => " for each point they gave",
                    (false, 1) => "",
                    (false, _) => " each",
                };
                write!(
                    f,
                    "Funded in step {step} of equal shares, with {} paying {share}{unit}",
                    supporters(*payers)
                )?;
                if *exhausted > 0 {
                    write!(
                        f,
                        " and {} with less money left paying all they had, {exhausted_paid} in total",
                        supporters(*exhausted)
                    )?;
                }
                f.write_str(".")
            }
            Explanation::Unaffordable {
                supporters: n,
                held,
                cost,
            } => write!(
                f,
                "Not funded: when equal shares ended, its {} held only {held} in total, less than its cost of {cost}.",
                supporters(*n)
            ),
            Explanation::CompletionFunded {
                rank,
                support,
                remaining_before,
                cost,
            } => write!(
                f,
                "Funded in the completion (greedy by number of supporters): ranked {rank} with {support}; {remaining_before} remained of the budget, enough for its cost of {cost}."
            ),
            Explanation::CompletionNotEnoughLeft {
                supporters: n,
                held,
                remaining,
                cost,
            } => write!(
                f,
                "Not funded: under equal shares its {} held only {held} in total, and in the completion only {remaining} remained of the budget for its cost of {cost}.",
                supporters(*n)
            ),
            Explanation::PhragmenFunded {
                step,
                supporters: n,
                load,
            } => write!(
                f,
                "Funded in step {step} of Phragmén: its {} shared the cost so that each carries a load of {load} in total.",
                supporters(*n)
            ),
            Explanation::PhragmenNoRoom {
                step,
                supporters: n,
                load,
                remaining,
                cost,
            } => write!(
                f,
                "Not funded: in step {step} it came next (each of its {} would carry a load of {load}), but only {remaining} remained of the budget for its cost of {cost}, so the rule stopped.",
                supporters(*n)
            ),
            Explanation::PhragmenStopped { step, blocker } => write!(
                f,
                "Not funded: the rule stopped in step {step}, when project {blocker} came next and did not fit the budget."
            ),
        }
    }
}

/// One project's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectOutcome {
    /// Its id.
    pub id: String,
    /// Its cost.
    pub cost: Amount,
    /// Its support under the rule's satisfaction measure.
    pub support: Support,
    /// Whether it is funded.
    pub funded: bool,
    /// Why.
    pub explanation: Explanation,
}

/// One step of a rule, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based position among all steps.
    pub number: usize,
    /// The project decided in this step (position in the instance).
    pub project: usize,
    /// Whether it was funded in this step.
    pub funded: bool,
    /// The decision, with its numbers.
    pub explanation: Explanation,
}

/// The result of running a rule on an instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The rule's report name, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// The budget.
    pub budget: Amount,
    /// Funded projects (positions in the instance) in the order they were selected.
    pub winners: Vec<usize>,
    /// What the winners cost together.
    pub total_cost: Amount,
    /// One entry per project, in the instance's order.
    pub projects: Vec<ProjectOutcome>,
    /// Every step of the rule, in order.
    pub steps: Vec<Step>,
    /// MES: each voter's budget in the run that produced the outcome
    /// (budget / voters, plus the increments of `add1`).
    pub voter_budget: Option<Share>,
}

impl Outcome {
    /// The winners' ids, in selection order.
    pub fn winner_ids(&self) -> Vec<&str> {
        self.winners.iter().map(|&p| self.projects[p].id.as_str()).collect()
    }
}

/// Collects a rule's decisions and assembles the [`Outcome`].
pub(crate) struct Recorder<'a> {
    instance: &'a Instance,
    winners: Vec<usize>,
    spent: u64,
    steps: Vec<Step>,
    explanations: Vec<Option<Explanation>>,
    support: Vec<Support>,
}

impl<'a> Recorder<'a> {
    pub fn new(instance: &'a Instance, support: Vec<Support>) -> Recorder<'a> {
        Recorder {
            instance,
            winners: Vec::new(),
            spent: 0,
            steps: Vec::new(),
            explanations: vec![None; instance.projects().len()],
            support,
        }
    }

    pub fn spent(&self) -> u64 {
        self.spent
    }

    pub fn remaining(&self) -> u64 {
        self.instance.budget().saturating_sub(self.spent)
    }

    pub fn is_funded(&self, project: usize) -> bool {
        self.explanations[project].as_ref().is_some_and(Explanation::funded)
    }

    /// Records a decision on `project`, as a step when `step` is true.
    pub fn decide(&mut self, project: usize, explanation: Explanation, step: bool) {
        let funded = explanation.funded();
        if funded {
            self.winners.push(project);
            self.spent = self.spent.saturating_add(self.instance.projects()[project].cost);
        }
        if step {
            self.steps.push(Step {
                number: self.steps.len() + 1,
                project,
                funded,
                explanation: explanation.clone(),
            });
        }
        self.explanations[project] = Some(explanation);
    }

    /// The outcome; projects without a decision are explained as unsupported.
    pub fn finish(self, rule: String, voter_budget: Option<Share>) -> Outcome {
        let instance = self.instance;
        let projects = instance
            .projects()
            .iter()
            .zip(self.explanations)
            .zip(&self.support)
            .map(|((project, explanation), &support)| {
                let cost = instance.amount(project.cost);
                let explanation = explanation.unwrap_or(Explanation::NoSupport { cost });
                ProjectOutcome {
                    id: project.id.clone(),
                    cost,
                    support,
                    funded: explanation.funded(),
                    explanation,
                }
            })
            .collect();
        Outcome {
            rule,
            budget: instance.budget_amount(),
            winners: self.winners,
            total_cost: instance.amount(self.spent),
            projects,
            steps: self.steps,
            voter_budget,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::amount::ratio;

    #[test]
    fn explanations_read_well() {
        let kr = |minor| Amount::new(minor, 2).unwrap_or_default();
        let share = Share::new(ratio(100000.into(), 3.into()), 2);
        let text = Explanation::EqualShares {
            step: 2,
            payers: 3,
            share: share.clone(),
            per_point: false,
            exhausted: 1,
            exhausted_paid: Share::whole(150, 2),
        }
        .to_string();
        assert_eq!(
            text,
            "Funded in step 2 of equal shares, with 3 supporters paying 333.33… each and 1 supporter with less money left paying all they had, 1.50 in total."
        );
        let alone = Explanation::EqualShares {
            step: 1,
            payers: 1,
            share: Share::whole(4500000, 2),
            per_point: false,
            exhausted: 0,
            exhausted_paid: Share::whole(0, 2),
        }
        .to_string();
        assert_eq!(
            alone,
            "Funded in step 1 of equal shares, with 1 supporter paying 45000.00."
        );
        let text = Explanation::NotEnoughLeft {
            rank: 4,
            support: Support::Voters(12),
            remaining: kr(2500000),
            cost: kr(3000000),
        }
        .to_string();
        assert!(text.contains("only 25000.00 remained of the budget for its cost of 30000.00"));
        let text = Explanation::Unaffordable {
            supporters: 1,
            held: share,
            cost: kr(50000),
        }
        .to_string();
        assert!(text.contains("its 1 supporter held only 333.33… in total, less than its cost of 500.00"));
    }
}
