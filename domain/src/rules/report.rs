//! The tally report: the JSON contract of `medlemsbudget tally`.
//!
//! ```json
//! {"rule": "mes_cost_add1_greedy", "budget": "4000000", "winners": ["ZB.7", "ZB.2"],
//!  "total_cost": "2300000",
//!  "projects": [{"id": "ZB.7", "cost": "2000000", "support": 16177, "funded": true,
//!                "explanation": "Funded in step 1 of equal shares: …"}]}
//! ```
//!
//! Money is written as decimal strings at the instance's scale; `support` is
//! the number of supporters (points under the points satisfaction); winners
//! are in selection order and projects in the instance's order.

use serde::{Deserialize, Serialize};

use crate::rules::outcome::Outcome;

/// One project's line in a [`TallyReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectReport {
    /// The project's id.
    pub id: String,
    /// Its cost, as a decimal string.
    pub cost: String,
    /// Its supporters (or points).
    pub support: u64,
    /// Whether it is funded.
    pub funded: bool,
    /// Why, in a sentence with the numbers.
    pub explanation: String,
}

/// The result of a tally, ready to serialize.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyReport {
    /// The rule's report name, e.g. `mes_cost_add1_greedy`.
    pub rule: String,
    /// The budget, as a decimal string.
    pub budget: String,
    /// Funded project ids in selection order.
    pub winners: Vec<String>,
    /// What the winners cost together, as a decimal string.
    pub total_cost: String,
    /// Every project, in the instance's order.
    pub projects: Vec<ProjectReport>,
}

impl From<&Outcome> for TallyReport {
    fn from(outcome: &Outcome) -> Self {
        TallyReport {
            rule: outcome.rule.clone(),
            budget: outcome.budget.to_string(),
            winners: outcome.winner_ids().into_iter().map(str::to_owned).collect(),
            total_cost: outcome.total_cost.to_string(),
            projects: outcome
                .projects
                .iter()
                .map(|p| ProjectReport {
                    id: p.id.clone(),
                    cost: p.cost.to_string(),
                    support: p.support.count(),
                    funded: p.funded,
                    explanation: p.explanation.to_string(),
                })
                .collect(),
        }
    }
}
