//! Which rule to run and how: satisfaction, completion, tie-break.
//!
//! The names match the `medlemsbudget tally` flags
//! (`--rule mes --satisfaction cost --completion add1-greedy`) and serialize
//! in kebab-case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::rules::tiebreak::TieBreak;

/// An allocation rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Greedy by total satisfaction per cost; skips what does not fit.
    Greedy,
    /// The Method of Equal Shares.
    #[default]
    Mes,
    /// Sequential (budgeted) Phragmén.
    Phragmen,
}

/// How a voter's satisfaction with a funded project is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Satisfaction {
    /// The project's cost when it is on the ballot (greedy: order by number of supporters).
    #[default]
    Cost,
    /// 1 when the project is on the ballot (greedy: supporters per unit of cost).
    Cardinality,
    /// The points the ballot gives it (approval ballots give 1 point).
    Points,
}

/// What MES does when equal shares leave money unspent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Completion {
    /// Nothing: the outcome of equal shares as it is.
    #[default]
    None,
    /// Rerun MES with every voter's budget raised by one currency unit per
    /// run, until the outcome is exhaustive; if a run would exceed the
    /// budget, the previous run's outcome.
    Add1,
    /// `Add1`, then greedy by number of supporters (cost satisfaction) on
    /// what is left, when `Add1` is not exhaustive.
    Add1Greedy,
}

/// Everything a rule needs besides the instance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Options {
    /// The satisfaction measure (greedy and MES; Phragmén uses approvals).
    pub satisfaction: Satisfaction,
    /// The completion (MES only).
    pub completion: Completion,
    /// The order that breaks exact ties.
    pub tie_break: TieBreak,
    /// Whether projects nobody supports may be funded with what is left at
    /// the end (greedy, the greedy completion, Phragmén). pabutools does
    /// this; the service does not. MES never funds them.
    pub fund_unsupported: bool,
}

impl Options {
    /// The service's defaults with the given satisfaction and completion.
    pub fn new(satisfaction: Satisfaction, completion: Completion) -> Options {
        Options {
            satisfaction,
            completion,
            ..Options::default()
        }
    }

    /// The settings under which the rules reproduce pabutools 1.2.3:
    /// lexicographic ties, unsupported projects fundable by greedy and Phragmén.
    pub fn pabutools(satisfaction: Satisfaction, completion: Completion) -> Options {
        Options {
            satisfaction,
            completion,
            tie_break: TieBreak::Lexicographic,
            fund_unsupported: true,
        }
    }
}

macro_rules! named {
    ($ty:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $ty {
            /// The kebab-case name, as used on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(format!(
                        concat!("\"{}\" is not a ", $what, "; use one of: {}"),
                        text,
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}

named!(Rule, "rule", Greedy => "greedy", Mes => "mes", Phragmen => "phragmen");
named!(Satisfaction, "satisfaction", Cost => "cost", Cardinality => "cardinality", Points => "points");
named!(Completion, "completion", None => "none", Add1 => "add1", Add1Greedy => "add1-greedy");

impl Rule {
    /// The name used in reports and in the reference data, e.g.
    /// `greedy_cost`, `mes_card`, `mes_cost_add1_greedy`,
    /// `greedy_additive_cardinal` (points), `phragmen`.
    pub fn report_name(self, options: &Options) -> String {
        let satisfaction = match options.satisfaction {
            Satisfaction::Cost => "cost",
            Satisfaction::Cardinality => "card",
            Satisfaction::Points => "additive_cardinal",
        };
        match self {
            Rule::Greedy => format!("greedy_{satisfaction}"),
            Rule::Phragmen => "phragmen".to_owned(),
            Rule::Mes => {
                let completion = match options.completion {
                    Completion::None => "",
                    Completion::Add1 => "_add1",
                    Completion::Add1Greedy => "_add1_greedy",
                };
                format!("mes_{satisfaction}{completion}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for rule in [Rule::Greedy, Rule::Mes, Rule::Phragmen] {
            assert_eq!(rule.as_str().parse(), Ok(rule));
        }
        assert_eq!("add1-greedy".parse(), Ok(Completion::Add1Greedy));
        assert_eq!("cardinality".parse(), Ok(Satisfaction::Cardinality));
        assert!("card"
            .parse::<Satisfaction>()
            .is_err_and(|e| e.contains("cost, cardinality, points")));
        assert_eq!(
            serde_json::to_string(&Completion::Add1Greedy).ok().as_deref(),
            Some("\"add1-greedy\"")
        );
    }

    #[test]
    fn report_names_match_the_reference_data() {
        let o = |s, c| Options::new(s, c);
        assert_eq!(
            Rule::Mes.report_name(&o(Satisfaction::Cost, Completion::Add1Greedy)),
            "mes_cost_add1_greedy"
        );
        assert_eq!(
            Rule::Greedy.report_name(&o(Satisfaction::Cardinality, Completion::None)),
            "greedy_card"
        );
        assert_eq!(
            Rule::Mes.report_name(&o(Satisfaction::Points, Completion::None)),
            "mes_additive_cardinal"
        );
        assert_eq!(Rule::Phragmen.report_name(&Options::default()), "phragmen");
    }
}
