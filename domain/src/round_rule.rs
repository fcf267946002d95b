//! A round's allocation rule: which rule, how satisfaction is measured, the
//! MES completion, and how exact ties are broken. Fixed before voting opens.

use serde::{Deserialize, Serialize};

use crate::ballot_rules::BallotRules;
use crate::rules::{Completion, Options, Rule, Satisfaction, TieBreak};

/// The allocation rule of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRule {
    /// `greedy`, `mes` or `phragmen`.
    pub rule: Rule,
    /// `cost`, `cardinality` or `points` (cumulative ballots).
    #[serde(default)]
    pub satisfaction: Satisfaction,
    /// MES only: `none`, `add1` or `add1-greedy`.
    #[serde(default)]
    pub completion: Completion,
    /// Exact ties: `service` (fewer kroner, earlier submission, lower id) or
    /// `lexicographic` (ids as strings).
    #[serde(default)]
    pub tie_break: TieBreak,
}

impl Default for RoundRule {
    fn default() -> Self {
        RoundRule {
            rule: Rule::Greedy,
            satisfaction: Satisfaction::Cost,
            completion: Completion::None,
            tie_break: TieBreak::Service,
        }
    }
}

/// Why a rule does not fit a round.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoundRuleError {
    /// A completion was asked for with a rule other than MES.
    #[error("a completion applies to the mes rule only")]
    CompletionNeedsMes {
        /// The rule asked for.
        rule: Rule,
        /// The completion asked for.
        completion: Completion,
    },
    /// The points satisfaction was asked for without cumulative ballots.
    #[error("the points satisfaction needs cumulative ballots")]
    PointsNeedCumulativeBallots,
    /// Phragmén was asked for with cumulative ballots.
    #[error("phragmen counts approvals; use greedy or mes with cumulative ballots")]
    PhragmenNeedsApprovals,
    /// A tie-break the service does not offer.
    #[error("tie_break must be service or lexicographic")]
    TieBreakNotOffered {
        /// The tie-break asked for.
        tie_break: TieBreak,
    },
}

impl RoundRule {
    /// Checks that the rule fits the round's ballots.
    pub fn validate(self, ballot: BallotRules) -> Result<RoundRule, RoundRuleError> {
        let cumulative = matches!(ballot, BallotRules::Cumulative { .. });
        if self.completion != Completion::None && self.rule != Rule::Mes {
            return Err(RoundRuleError::CompletionNeedsMes {
                rule: self.rule,
                completion: self.completion,
            });
        }
        if self.satisfaction == Satisfaction::Points && !cumulative {
            return Err(RoundRuleError::PointsNeedCumulativeBallots);
        }
        if cumulative && self.rule == Rule::Phragmen {
            return Err(RoundRuleError::PhragmenNeedsApprovals);
        }
        if !matches!(self.tie_break, TieBreak::Service | TieBreak::Lexicographic) {
            return Err(RoundRuleError::TieBreakNotOffered {
                tie_break: self.tie_break,
            });
        }
        Ok(self)
    }

    /// The options the rule runs with; projects nobody supports are never funded.
    pub fn options(self) -> Options {
        Options {
            satisfaction: self.satisfaction,
            completion: self.completion,
            tie_break: self.tie_break,
            fund_unsupported: false,
        }
    }

    /// The report name, e.g. `mes_cost_add1_greedy`.
    pub fn name(self) -> String {
        self.rule.report_name(&self.options())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_must_fit_the_ballots() {
        let approval = BallotRules::default();
        let cumulative = BallotRules::Cumulative {
            points: 10,
            max_per_proposal: None,
        };
        let mes = RoundRule {
            rule: Rule::Mes,
            completion: Completion::Add1Greedy,
            ..RoundRule::default()
        };
        assert_eq!(
            mes.validate(approval).map(RoundRule::name),
            Ok("mes_cost_add1_greedy".to_owned())
        );
        let greedy_add1 = RoundRule {
            completion: Completion::Add1,
            ..RoundRule::default()
        };
        assert!(greedy_add1.validate(approval).is_err());
        let points = RoundRule {
            satisfaction: Satisfaction::Points,
            ..RoundRule::default()
        };
        assert!(points.validate(approval).is_err());
        assert!(points.validate(cumulative).is_ok());
        let phragmen = RoundRule {
            rule: Rule::Phragmen,
            ..RoundRule::default()
        };
        assert!(phragmen.validate(cumulative).is_err());
        let json = serde_json::to_string(&mes).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"rule":"mes","satisfaction":"cost","completion":"add1-greedy","tie_break":"service"}"#
        );
    }

    #[test]
    fn errors_read_as_before() {
        let approval = BallotRules::default();
        let cumulative = BallotRules::Cumulative {
            points: 10,
            max_per_proposal: None,
        };
        let default = RoundRule::default();
        let cases = [
            (
                RoundRule {
                    completion: Completion::Add1,
                    ..default
                },
                approval,
                "a completion applies to the mes rule only",
            ),
            (
                RoundRule {
                    satisfaction: Satisfaction::Points,
                    ..default
                },
                approval,
                "the points satisfaction needs cumulative ballots",
            ),
            (
                RoundRule {
                    rule: Rule::Phragmen,
                    ..default
                },
                cumulative,
                "phragmen counts approvals; use greedy or mes with cumulative ballots",
            ),
            (
                RoundRule {
                    tie_break: TieBreak::AsListed,
                    ..default
                },
                approval,
                "tie_break must be service or lexicographic",
            ),
        ];
        for (rule, ballot, text) in cases {
            assert_eq!(rule.validate(ballot).map_err(|e| e.to_string()), Err(text.to_owned()));
        }
    }
}
