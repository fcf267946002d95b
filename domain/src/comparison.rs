//! Which rules and splits HB compares a round's ballots under before
//! publishing: an unofficial side-by-side, never stored.

use crate::ballot_rules::BallotRules;
use crate::round_rule::RoundRule;
use crate::rules::{Completion, Rule, Satisfaction};
use crate::split::Split;

/// Each rule under each split, in the order shown: the round's own split
/// first, then national, equal and (with a roll) by members, each kind of
/// split once; under each, greedy, equal shares (with add1-greedy) and
/// Phragmén, measuring satisfaction as the round does (points for cumulative
/// ballots) and breaking ties as it does. A rule the ballots cannot be
/// counted with is still listed; counting it says why.
pub fn candidates(
    own_rule: RoundRule,
    own_split: &Split,
    ballot: BallotRules,
    has_roll: bool,
) -> Vec<(RoundRule, Split)> {
    let mut splits = vec![
        own_split.clone(),
        Split::National,
        Split::Equal { pool_leftovers: false },
    ];
    if has_roll {
        splits.push(Split::ByMembers { pool_leftovers: false });
    }
    let mut kinds = Vec::new();
    splits.retain(|split| {
        let kind = std::mem::discriminant(split);
        let first = !kinds.contains(&kind);
        kinds.push(kind);
        first
    });
    let satisfaction = if matches!(ballot, BallotRules::Cumulative { .. }) {
        Satisfaction::Points
    } else {
        own_rule.satisfaction
    };
    splits
        .into_iter()
        .flat_map(|split| {
            [Rule::Greedy, Rule::Mes, Rule::Phragmen].map(|rule| {
                let completion = if rule == Rule::Mes {
                    Completion::Add1Greedy
                } else {
                    Completion::None
                };
                let candidate = RoundRule {
                    rule,
                    satisfaction,
                    completion,
                    tie_break: own_rule.tie_break,
                };
                (candidate, split.clone())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splits(candidates: &[(RoundRule, Split)]) -> Vec<Split> {
        let mut seen: Vec<Split> = Vec::new();
        for (_, split) in candidates {
            if seen.last() != Some(split) {
                seen.push(split.clone());
            }
        }
        seen
    }

    #[test]
    fn each_split_is_compared_once_with_the_rounds_own_first() {
        let approval = BallotRules::default();
        let by_members = Split::ByMembers { pool_leftovers: true };
        let compared = candidates(RoundRule::default(), &by_members, approval, true);
        assert_eq!(
            splits(&compared),
            vec![by_members, Split::National, Split::Equal { pool_leftovers: false }]
        );
        assert_eq!(compared.len(), 9);
        let equal = Split::Equal { pool_leftovers: false };
        assert_eq!(
            splits(&candidates(RoundRule::default(), &equal, approval, false)),
            vec![equal, Split::National]
        );
        assert_eq!(
            splits(&candidates(RoundRule::default(), &Split::National, approval, true)),
            vec![
                Split::National,
                Split::Equal { pool_leftovers: false },
                Split::ByMembers { pool_leftovers: false }
            ]
        );
    }

    #[test]
    fn the_rules_follow_the_rounds_satisfaction_and_ties_and_only_mes_completes() {
        let own = RoundRule {
            satisfaction: Satisfaction::Cardinality,
            tie_break: crate::rules::TieBreak::Lexicographic,
            ..RoundRule::default()
        };
        let approval = BallotRules::default();
        let compared = candidates(own, &Split::National, approval, false);
        let rules: Vec<Rule> = compared.iter().map(|(r, _)| r.rule).collect();
        assert_eq!(&rules[..3], &[Rule::Greedy, Rule::Mes, Rule::Phragmen]);
        for (rule, _) in &compared {
            assert_eq!(rule.satisfaction, Satisfaction::Cardinality);
            assert_eq!(rule.tie_break, own.tie_break);
            let completes = rule.completion == Completion::Add1Greedy;
            assert_eq!(completes, rule.rule == Rule::Mes);
        }
        let cumulative = BallotRules::Cumulative {
            points: 10,
            max_per_proposal: None,
        };
        assert!(candidates(own, &Split::National, cumulative, false)
            .iter()
            .all(|(rule, _)| rule.satisfaction == Satisfaction::Points));
    }
}
