//! Allocation rules that are fair, exact and explainable.
//!
//! An [`Instance`] (budget, projects with exact costs, approval or cumulative
//! ballots) goes in; an [`Outcome`] comes out: the winners in selection
//! order, the total cost, and for every project whether it is funded and why,
//! with the numbers behind it, plus every step of the rule. The rules are
//! [`greedy`], the Method of Equal Shares [`mes`] (with the `add1` and
//! `add1-greedy` completions) and sequential [`phragmen`]; [`run`] picks one.
//! They are deterministic: exact ties go to the [`TieBreak`] order, and the
//! order of the ballots never matters. All arithmetic is exact, on integers
//! and big integers; there is no floating point anywhere.
//!
//! ```
//! use medlemsbudget_domain::rules::{self, Ballot, Completion, Instance, Options, Project, Rule, Satisfaction};
//!
//! // 1000.00 kr (in øre, scale 2) for two projects; two members vote.
//! let projects = vec![Project::new("park", 60_000_00), Project::new("bench", 50_00)];
//! let ballots = vec![Ballot::approval([0, 1]), Ballot::approval([1])];
//! let instance = Instance::new(1_000_00, 2, projects, ballots)?;
//! let options = Options::new(Satisfaction::Cost, Completion::Add1Greedy);
//! let outcome = rules::run(Rule::Mes, &instance, &options);
//! assert_eq!(outcome.winner_ids(), ["bench"]);
//! assert_eq!(outcome.total_cost.to_string(), "50.00");
//! let report = rules::tally(Rule::Mes, &instance, &options); // the JSON contract
//! assert_eq!(report.rule, "mes_cost_add1_greedy");
//! println!("{}", outcome.projects[0].explanation);
//! # Ok::<(), rules::InstanceError>(())
//! ```

pub mod amount;
mod arith;
mod greedy;
mod grouping;
pub mod instance;
mod mes;
pub mod options;
pub mod outcome;
mod phragmen;
pub mod price;
mod profile;
pub mod report;
pub mod tiebreak;

pub use amount::{Amount, AmountError, Decimal, Share};
pub use greedy::greedy;
pub use instance::{Ballot, BallotKind, Instance, InstanceError, Project};
pub use mes::{mes, mes_with_prices};
pub use options::{Completion, Options, Rule, Satisfaction};
pub use outcome::{Explanation, Outcome, ProjectOutcome, Step, Support};
pub use phragmen::phragmen;
pub use price::{PriceGroup, PriceSystem, PriceViolation};
pub use report::{ProjectReport, TallyReport};
pub use tiebreak::TieBreak;

/// Runs `rule` on `instance`.
pub fn run(rule: Rule, instance: &Instance, options: &Options) -> Outcome {
    match rule {
        Rule::Greedy => greedy(instance, options),
        Rule::Mes => mes(instance, options),
        Rule::Phragmen => phragmen(instance, options),
    }
}

/// Runs `rule` and returns the report of the `medlemsbudget tally` contract.
pub fn tally(rule: Rule, instance: &Instance, options: &Options) -> TallyReport {
    TallyReport::from(&run(rule, instance, options))
}
