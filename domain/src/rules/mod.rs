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

pub mod amount;
mod greedy;
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
