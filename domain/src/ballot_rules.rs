//! What a member may put on a ballot: the round's ballot rules, fixed when
//! the round is created, and the check of a cast ballot against them.
//!
//! - `approval`: a set of accepted proposals, with an optional minimum and maximum count;
//! - `knapsack`: a set whose total cost is at most a limit (by default the pool);
//! - `cumulative`: up to N points spread over proposals, optionally at most M on one.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ballot::BallotError;
use crate::money::Money;
use crate::proposal::{ProposalId, ProposalStatus};
use crate::storkreds::Storkreds;

/// The most points a cumulative ballot may hand out.
pub const MAX_POINTS: u32 = 1_000_000;

/// The most approvals `min_approvals` and `max_approvals` may ask for.
pub const MAX_APPROVALS: u32 = 1000;

/// A round's ballot rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum BallotRules {
    /// Approve a set of proposals.
    Approval {
        /// At least this many approvals (0: a blank ballot is allowed).
        #[serde(default)]
        min_approvals: u32,
        /// At most this many approvals, if limited.
        #[serde(default)]
        max_approvals: Option<u32>,
    },
    /// Approve proposals whose total cost is within a limit.
    Knapsack {
        /// The limit; `None` means the round's pool.
        #[serde(default)]
        limit: Option<Money>,
    },
    /// Spread points over proposals.
    Cumulative {
        /// Points each member has.
        points: u32,
        /// At most this many points on one proposal, if capped.
        #[serde(default)]
        max_per_proposal: Option<u32>,
    },
}

impl Default for BallotRules {
    fn default() -> Self {
        BallotRules::Approval {
            min_approvals: 0,
            max_approvals: None,
        }
    }
}

/// Why ballot rules are not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotRulesError {
    /// `max_approvals` is zero.
    #[error("max_approvals must be at least 1")]
    MaxApprovalsZero,
    /// `max_approvals` is above the limit.
    #[error("max_approvals must be at most {limit}", limit = MAX_APPROVALS)]
    MaxApprovalsTooLarge {
        /// What was asked for.
        max_approvals: u32,
    },
    /// `min_approvals` is above `max_approvals`.
    #[error("min_approvals ({min_approvals}) exceeds max_approvals ({max_approvals})")]
    MinExceedsMax {
        /// The minimum asked for.
        min_approvals: u32,
        /// The maximum asked for.
        max_approvals: u32,
    },
    /// `min_approvals` is above the limit.
    #[error("min_approvals must be at most {limit}", limit = MAX_APPROVALS)]
    MinApprovalsTooLarge {
        /// What was asked for.
        min_approvals: u32,
    },
    /// The knapsack limit is zero or more than the pool.
    #[error("the knapsack limit must be more than 0 and at most the pool ({pool} kr)")]
    KnapsackLimitOutOfRange {
        /// The limit asked for.
        limit: Money,
        /// The round's pool.
        pool: Money,
    },
    /// The points per member are zero or above [`MAX_POINTS`].
    #[error("points must be between 1 and {max}", max = MAX_POINTS)]
    PointsOutOfRange {
        /// What was asked for.
        points: u32,
    },
    /// The cap per proposal is zero or above the points per member.
    #[error("max_per_proposal must be between 1 and points")]
    MaxPerProposalOutOfRange {
        /// The cap asked for.
        max_per_proposal: u32,
        /// The points per member.
        points: u32,
    },
}

/// What a member sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BallotInput {
    /// Proposal ids, for approval and knapsack rounds.
    Approvals(Vec<ProposalId>),
    /// `(proposal, points)` pairs, for cumulative rounds.
    Points(Vec<(ProposalId, u32)>),
}

impl BallotInput {
    /// Every proposal id the input lists, in the order given (duplicates kept).
    pub fn listed(&self) -> Vec<ProposalId> {
        match self {
            BallotInput::Approvals(ids) => ids.clone(),
            BallotInput::Points(points) => points.iter().map(|(id, _)| *id).collect(),
        }
    }
}

/// A checked ballot: approvals, or points (every entry above zero).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BallotContent {
    /// The approved proposals.
    Approvals(BTreeSet<ProposalId>),
    /// Points per proposal.
    Points(BTreeMap<ProposalId, u32>),
}

impl BallotContent {
    /// The proposals the ballot supports at all (approved, or given points).
    pub fn supported(&self) -> Vec<ProposalId> {
        match self {
            BallotContent::Approvals(set) => set.iter().copied().collect(),
            BallotContent::Points(points) => points.keys().copied().collect(),
        }
    }

    /// Points given to `id` (1 for an approval, 0 when not supported).
    pub fn points_for(&self, id: ProposalId) -> u64 {
        match self {
            BallotContent::Approvals(set) => u64::from(set.contains(&id)),
            BallotContent::Points(points) => points.get(&id).copied().map_or(0, u64::from),
        }
    }
}

/// What the check needs to know about a proposal of the round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProposalFacts {
    /// Its status.
    pub status: ProposalStatus,
    /// Its requested amount.
    pub amount: Money,
    /// Its storkreds.
    pub storkreds: Storkreds,
}

impl BallotRules {
    /// Checks the rules themselves against the round's pool.
    pub fn validate(self, pool: Money) -> Result<BallotRules, BallotRulesError> {
        match self {
            BallotRules::Approval {
                min_approvals,
                max_approvals,
            } => match max_approvals {
                Some(0) => Err(BallotRulesError::MaxApprovalsZero),
                Some(max_approvals) if max_approvals > MAX_APPROVALS => {
                    Err(BallotRulesError::MaxApprovalsTooLarge { max_approvals })
                }
                Some(max_approvals) if max_approvals < min_approvals => Err(BallotRulesError::MinExceedsMax {
                    min_approvals,
                    max_approvals,
                }),
                _ if min_approvals > MAX_APPROVALS => Err(BallotRulesError::MinApprovalsTooLarge { min_approvals }),
                _ => Ok(self),
            },
            BallotRules::Knapsack { limit: Some(limit) } if limit.is_zero() || limit > pool => {
                Err(BallotRulesError::KnapsackLimitOutOfRange { limit, pool })
            }
            BallotRules::Knapsack { .. } => Ok(self),
            BallotRules::Cumulative {
                points,
                max_per_proposal,
            } => match max_per_proposal {
                _ if points == 0 || points > MAX_POINTS => Err(BallotRulesError::PointsOutOfRange { points }),
                Some(max_per_proposal) if max_per_proposal == 0 || max_per_proposal > points => {
                    Err(BallotRulesError::MaxPerProposalOutOfRange {
                        max_per_proposal,
                        points,
                    })
                }
                _ => Ok(self),
            },
        }
    }

    /// The rule's name: `approval`, `knapsack` or `cumulative`.
    pub fn kind(self) -> &'static str {
        match self {
            BallotRules::Approval { .. } => "approval",
            BallotRules::Knapsack { .. } => "knapsack",
            BallotRules::Cumulative { .. } => "cumulative",
        }
    }

    /// Checks a cast ballot. `facts` describes each proposal of the round
    /// (`None`: not in the round); `own_storkreds` is set when members vote
    /// only on their own storkreds' proposals.
    pub fn check(
        self,
        input: &BallotInput,
        facts: impl Fn(ProposalId) -> Option<ProposalFacts>,
        pool: Money,
        own_storkreds: Option<Storkreds>,
    ) -> Result<BallotContent, BallotError> {
        let eligible = |id: ProposalId| -> Result<ProposalFacts, BallotError> {
            let fact = facts(id).ok_or(BallotError::Unknown(id))?;
            if fact.status != ProposalStatus::Accepted {
                return Err(BallotError::NotAccepted {
                    id,
                    status: fact.status,
                });
            }
            match own_storkreds {
                Some(own) if own != fact.storkreds => Err(BallotError::OtherStorkreds {
                    id,
                    storkreds: fact.storkreds,
                }),
                _ => Ok(fact),
            }
        };
        match (self, input) {
            (
                BallotRules::Approval {
                    min_approvals,
                    max_approvals,
                },
                BallotInput::Approvals(ids),
            ) => {
                let set = distinct(ids, |id| eligible(id).map(|_| ()))?;
                if let Some(max) = max_approvals.filter(|max| set.len() > *max as usize) {
                    return Err(BallotError::TooMany { max, given: set.len() });
                }
                if set.len() < min_approvals as usize {
                    return Err(BallotError::TooFew {
                        min: min_approvals,
                        given: set.len(),
                    });
                }
                Ok(BallotContent::Approvals(set))
            }
            (BallotRules::Knapsack { limit }, BallotInput::Approvals(ids)) => {
                let mut total = 0i64;
                let set = distinct(ids, |id| {
                    total += eligible(id)?.amount.ore();
                    Ok(())
                })?;
                let limit = limit.unwrap_or(pool);
                if total > limit.ore() {
                    let total = Money::from_ore(total.min(Money::MAX_ORE)).unwrap_or(limit);
                    return Err(BallotError::OverBudget { total, limit });
                }
                Ok(BallotContent::Approvals(set))
            }
            (
                BallotRules::Cumulative {
                    points,
                    max_per_proposal,
                },
                BallotInput::Points(entries),
            ) => {
                let mut map = BTreeMap::new();
                let mut given = 0u64;
                for &(id, n) in entries {
                    eligible(id)?;
                    if map.contains_key(&id) {
                        return Err(BallotError::Duplicate(id));
                    }
                    if let Some(max) = max_per_proposal.filter(|max| n > *max) {
                        return Err(BallotError::OverBidCap { id, max, given: n });
                    }
                    given += u64::from(n);
                    if n > 0 {
                        map.insert(id, n);
                    }
                }
                if given > u64::from(points) {
                    return Err(BallotError::TooManyPoints {
                        max: u64::from(points),
                        given,
                    });
                }
                Ok(BallotContent::Points(map))
            }
            (BallotRules::Cumulative { .. }, BallotInput::Approvals(_)) => Err(BallotError::WrongKind {
                expected: "points: [{\"proposal_id\": 7, \"points\": 3}, …]",
            }),
            (_, BallotInput::Points(_)) => Err(BallotError::WrongKind {
                expected: "approvals: [7, 9, …]",
            }),
        }
    }
}

fn distinct(
    ids: &[ProposalId],
    mut each: impl FnMut(ProposalId) -> Result<(), BallotError>,
) -> Result<BTreeSet<ProposalId>, BallotError> {
    let mut set = BTreeSet::new();
    for &id in ids {
        each(id)?;
        if !set.insert(id) {
            return Err(BallotError::Duplicate(id));
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    fn facts(id: ProposalId) -> Option<ProposalFacts> {
        let (status, amount, storkreds) = match id.0 {
            1 => (ProposalStatus::Accepted, "100.00", Storkreds::Fyn),
            2 => (ProposalStatus::Accepted, "250.00", Storkreds::Fyn),
            3 => (ProposalStatus::Accepted, "50.00", Storkreds::Bornholm),
            4 => (ProposalStatus::Rejected, "10.00", Storkreds::Fyn),
            _ => return None,
        };
        Some(ProposalFacts {
            status,
            amount: kr(amount),
            storkreds,
        })
    }

    fn approvals(ids: &[i64]) -> BallotInput {
        BallotInput::Approvals(ids.iter().map(|&i| ProposalId(i)).collect())
    }

    #[test]
    fn approval_limits() {
        let rules = BallotRules::Approval {
            min_approvals: 1,
            max_approvals: Some(2),
        };
        let pool = kr("1000");
        assert!(rules.check(&approvals(&[1, 3]), facts, pool, None).is_ok());
        assert_eq!(
            rules.check(&approvals(&[]), facts, pool, None),
            Err(BallotError::TooFew { min: 1, given: 0 })
        );
        assert!(matches!(
            rules.check(&approvals(&[1, 2, 3]), facts, pool, None),
            Err(BallotError::TooMany { .. })
        ));
        assert!(matches!(
            rules.check(&approvals(&[4]), facts, pool, None),
            Err(BallotError::NotAccepted { .. })
        ));
        assert!(matches!(
            rules.check(&approvals(&[1, 3]), facts, pool, Some(Storkreds::Fyn)),
            Err(BallotError::OtherStorkreds { .. })
        ));
    }

    #[test]
    fn knapsack_limit_defaults_to_the_pool() {
        let rules = BallotRules::Knapsack { limit: None };
        assert!(rules.check(&approvals(&[1, 2]), facts, kr("350"), None).is_ok());
        assert!(matches!(
            rules.check(&approvals(&[1, 2]), facts, kr("349.99"), None),
            Err(BallotError::OverBudget { .. })
        ));
        let tight = BallotRules::Knapsack { limit: Some(kr("150")) };
        assert!(tight.check(&approvals(&[1, 3]), facts, kr("1000"), None).is_ok());
        assert!(tight.check(&approvals(&[2]), facts, kr("1000"), None).is_err());
    }

    #[test]
    fn cumulative_points_and_caps() {
        let rules = BallotRules::Cumulative {
            points: 10,
            max_per_proposal: Some(6),
        };
        let points = |e: &[(i64, u32)]| BallotInput::Points(e.iter().map(|&(i, n)| (ProposalId(i), n)).collect());
        let ok = rules.check(&points(&[(1, 6), (3, 4), (2, 0)]), facts, kr("1000"), None);
        assert_eq!(
            ok.map(|c| (c.points_for(ProposalId(1)), c.supported().len())),
            Ok((6, 2))
        );
        assert!(matches!(
            rules.check(&points(&[(1, 6), (3, 5)]), facts, kr("1000"), None),
            Err(BallotError::TooManyPoints { .. })
        ));
        assert!(matches!(
            rules.check(&points(&[(1, 7)]), facts, kr("1000"), None),
            Err(BallotError::OverBidCap { .. })
        ));
        assert!(matches!(
            rules.check(&points(&[(1, 1), (1, 1)]), facts, kr("1000"), None),
            Err(BallotError::Duplicate(_))
        ));
        assert!(matches!(
            rules.check(&approvals(&[1]), facts, kr("1000"), None),
            Err(BallotError::WrongKind { .. })
        ));
    }

    #[test]
    fn rules_are_validated() {
        let pool = kr("100");
        assert!(BallotRules::Approval {
            min_approvals: 3,
            max_approvals: Some(2)
        }
        .validate(pool)
        .is_err());
        assert!(BallotRules::Knapsack {
            limit: Some(kr("100.01"))
        }
        .validate(pool)
        .is_err());
        assert!(BallotRules::Cumulative {
            points: 5,
            max_per_proposal: Some(6)
        }
        .validate(pool)
        .is_err());
        assert!(BallotRules::default().validate(pool).is_ok());
        let json = serde_json::to_string(&BallotRules::Cumulative {
            points: 10,
            max_per_proposal: None,
        })
        .unwrap_or_default();
        assert_eq!(json, r#"{"kind":"cumulative","points":10,"max_per_proposal":null}"#);
    }

    #[test]
    fn rule_errors_read_as_before() {
        let pool = kr("1000.00");
        let approval = |min_approvals, max_approvals| BallotRules::Approval {
            min_approvals,
            max_approvals,
        };
        let cumulative = |points, max_per_proposal| BallotRules::Cumulative {
            points,
            max_per_proposal,
        };
        let message = |rules: BallotRules| rules.validate(pool).err().map(|e| e.to_string());
        let expected = [
            (approval(0, Some(0)), "max_approvals must be at least 1"),
            (approval(0, Some(1001)), "max_approvals must be at most 1000"),
            (approval(5, Some(3)), "min_approvals (5) exceeds max_approvals (3)"),
            (approval(1001, None), "min_approvals must be at most 1000"),
            (
                BallotRules::Knapsack {
                    limit: Some(kr("1000.01")),
                },
                "the knapsack limit must be more than 0 and at most the pool (1000.00 kr)",
            ),
            (cumulative(0, None), "points must be between 1 and 1000000"),
            (
                cumulative(10, Some(11)),
                "max_per_proposal must be between 1 and points",
            ),
        ];
        for (rules, text) in expected {
            assert_eq!(message(rules), Some(text.to_owned()), "{rules:?}");
        }
    }
}
