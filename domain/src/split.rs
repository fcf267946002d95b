//! Splitting a round's pool into a national pool and one sub-pool per storkreds.
//!
//! HB chooses how: everything national; an equal part per storkreds; parts
//! proportional to each storkreds' eligible members; parts HB fixes itself;
//! or a fixed floor per storkreds for the basics with the rest national.
//! Every split adds up to the pool exactly, to the øre. Where øre cannot be
//! shared evenly, the leftover øre go one each, deterministically: for
//! `equal` in the customary order of the storkredse ([`Storkreds::ALL`]); for
//! `by-members` by largest remainder, ties to the storkreds with more members,
//! then in the customary order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::storkreds::Storkreds;

/// How the pool is split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum SplitRule {
    /// Everything in the national pool.
    National,
    /// The pool divided equally among the ten storkredse.
    Equal,
    /// The pool divided in proportion to eligible members per storkreds.
    ByMembers {
        /// Eligible members per storkreds (missing ones count as 0).
        members: BTreeMap<Storkreds, u64>,
    },
    /// Sub-pools fixed by HB (missing storkredse get 0); they must add up to the pool.
    Fixed {
        /// The sub-pool of each storkreds.
        pools: BTreeMap<Storkreds, Money>,
    },
    /// The same floor for every storkreds; the rest is national.
    Floor {
        /// What each storkreds gets.
        per_storkreds: Money,
    },
}

/// A pool split into a national pool and ten sub-pools.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The national pool.
    pub national: Money,
    /// Each storkreds' sub-pool, all ten in [`Storkreds::ALL`] order.
    pub storkredse: Vec<(Storkreds, Money)>,
}

impl Split {
    /// The national pool plus all sub-pools.
    pub fn total(&self) -> i64 {
        self.national.ore() + self.storkredse.iter().map(|(_, m)| m.ore()).sum::<i64>()
    }

    /// The sub-pool of one storkreds.
    pub fn of(&self, storkreds: Storkreds) -> Money {
        self.storkredse
            .iter()
            .find(|(s, _)| *s == storkreds)
            .map_or(Money::ZERO, |(_, m)| *m)
    }
}

/// Why a split is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// `by-members` with no members anywhere.
    #[error("no storkreds has eligible members, so the pool cannot be split by members")]
    NoMembers,
    /// `fixed` sub-pools that do not add up to the pool.
    #[error("the fixed sub-pools add up to {sum} kr, but the pool is {pool} kr")]
    FixedMismatch {
        /// What the sub-pools add up to, in kroner (may exceed the largest amount).
        sum: String,
        /// The pool.
        pool: Money,
    },
    /// `floor` asks for more than the pool.
    #[error("a floor of {floor} kr for each of the 10 storkredse needs {needed} kr, more than the pool of {pool} kr")]
    FloorTooHigh {
        /// The floor.
        floor: Money,
        /// Ten floors, in kroner.
        needed: String,
        /// The pool.
        pool: Money,
    },
}

fn money(ore: i64) -> Money {
    // Callers only pass parts of a valid pool.
    Money::from_ore(ore).unwrap_or(Money::ZERO)
}

fn kroner(ore: i128) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let ore = ore.unsigned_abs();
    format!("{sign}{}.{:02}", ore / 100, ore % 100)
}

/// Splits `pool` by `rule`.
pub fn split(pool: Money, rule: &SplitRule) -> Result<Split, SplitError> {
    let total = pool.ore();
    let count = Storkreds::ALL.len() as i64;
    let with = |national: i64, parts: [i64; 10]| Split {
        national: money(national),
        storkredse: Storkreds::ALL
            .into_iter()
            .zip(parts)
            .map(|(s, ore)| (s, money(ore)))
            .collect(),
    };
    match rule {
        SplitRule::National => Ok(with(total, [0; 10])),
        SplitRule::Equal => {
            let (base, left) = (total / count, total % count);
            let mut parts = [base; 10];
            for part in parts.iter_mut().take(left as usize) {
                *part += 1;
            }
            Ok(with(0, parts))
        }
        SplitRule::ByMembers { members } => {
            let counts: Vec<u64> = Storkreds::ALL
                .iter()
                .map(|s| members.get(s).copied().unwrap_or(0))
                .collect();
            let all: u128 = counts.iter().map(|&m| u128::from(m)).sum();
            if all == 0 {
                return Err(SplitError::NoMembers);
            }
            let pool = total as u128;
            let mut parts = [0i64; 10];
            let mut remainders = Vec::with_capacity(10);
            for (index, &m) in counts.iter().enumerate() {
                let share = pool * u128::from(m);
                parts[index] = (share / all) as i64;
                remainders.push((share % all, m, index));
            }
            let left = total - parts.iter().sum::<i64>();
            // Largest remainder first; then more members; then customary order.
            remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            for &(_, _, index) in remainders.iter().take(left as usize) {
                parts[index] += 1;
            }
            Ok(with(0, parts))
        }
        SplitRule::Fixed { pools } => {
            let sum: i128 = pools.values().map(|m| i128::from(m.ore())).sum();
            if sum != i128::from(total) {
                return Err(SplitError::FixedMismatch { sum: kroner(sum), pool });
            }
            let parts = Storkreds::ALL.map(|s| pools.get(&s).map_or(0, |m| m.ore()));
            Ok(with(0, parts))
        }
        SplitRule::Floor { per_storkreds } => {
            let needed = i128::from(per_storkreds.ore()) * i128::from(count);
            if needed > i128::from(total) {
                return Err(SplitError::FloorTooHigh {
                    floor: *per_storkreds,
                    needed: kroner(needed),
                    pool,
                });
            }
            Ok(with(total - needed as i64, [per_storkreds.ore(); 10]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    #[test]
    fn equal_gives_leftover_ore_in_customary_order() {
        let Ok(split) = split(kr("100.05"), &SplitRule::Equal) else {
            panic!("split refused")
        };
        assert_eq!(split.of(Storkreds::Kobenhavn), kr("10.01"));
        assert_eq!(split.of(Storkreds::Sjaelland), kr("10.01"));
        assert_eq!(split.of(Storkreds::Fyn), kr("10.00"));
        assert_eq!(split.national, Money::ZERO);
        assert_eq!(split.total(), 10005);
    }

    #[test]
    fn by_members_uses_largest_remainders() {
        let members = BTreeMap::from([(Storkreds::Kobenhavn, 1), (Storkreds::Fyn, 1), (Storkreds::Bornholm, 1)]);
        let Ok(split) = split(kr("1.00"), &SplitRule::ByMembers { members }) else {
            panic!("split refused")
        };
        // 100 øre / 3: 33 each, one øre left; equal remainders and members: customary order.
        assert_eq!(split.of(Storkreds::Kobenhavn), kr("0.34"));
        assert_eq!(split.of(Storkreds::Bornholm), kr("0.33"));
        assert_eq!(split.of(Storkreds::Fyn), kr("0.33"));
        assert_eq!(split.of(Storkreds::Nordjylland), Money::ZERO);
        let none = SplitRule::ByMembers {
            members: BTreeMap::new(),
        };
        assert_eq!(super::split(kr("1"), &none), Err(SplitError::NoMembers));
    }

    #[test]
    fn fixed_must_add_up_and_floor_must_fit() {
        let pools = BTreeMap::from([(Storkreds::Fyn, kr("60")), (Storkreds::Bornholm, kr("40"))]);
        assert!(split(kr("100"), &SplitRule::Fixed { pools: pools.clone() }).is_ok());
        assert_eq!(
            split(kr("100.01"), &SplitRule::Fixed { pools }),
            Err(SplitError::FixedMismatch {
                sum: "100.00".into(),
                pool: kr("100.01")
            })
        );
        let Ok(floor) = split(
            kr("1000"),
            &SplitRule::Floor {
                per_storkreds: kr("25"),
            },
        ) else {
            panic!("split refused")
        };
        assert_eq!(floor.national, kr("750"));
        assert!(split(
            kr("249.99"),
            &SplitRule::Floor {
                per_storkreds: kr("25")
            }
        )
        .is_err());
        assert_eq!(split(kr("5"), &SplitRule::National).map(|s| s.national), Ok(kr("5")));
    }

    fn rule() -> impl Strategy<Value = SplitRule> {
        let members = prop::collection::btree_map(0usize..10, 0u64..=5_000_000, 0..10)
            .prop_map(|m| m.into_iter().map(|(i, n)| (Storkreds::ALL[i], n)).collect());
        prop_oneof![
            Just(SplitRule::National),
            Just(SplitRule::Equal),
            members.prop_map(|members| SplitRule::ByMembers { members }),
            (0i64..=Money::MAX_ORE / 10).prop_map(|ore| SplitRule::Floor {
                per_storkreds: Money::from_ore(ore).unwrap_or_default()
            }),
        ]
    }

    proptest! {
        #[test]
        fn every_split_adds_up_to_the_pool(pool in 0i64..=Money::MAX_ORE, rule in rule(), cuts in prop::collection::vec(0i64..=1000, 10)) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            if let Ok(split) = split(pool, &rule) {
                prop_assert_eq!(split.total(), pool.ore());
                prop_assert_eq!(split.storkredse.len(), 10);
                prop_assert!(split.storkredse.iter().all(|(_, m)| m.ore() >= 0));
            }
            // Fixed pools cut from the pool itself always add up.
            let weight: i64 = cuts.iter().sum::<i64>().max(1);
            let mut pools = BTreeMap::new();
            let mut given = 0;
            for (index, cut) in cuts.iter().enumerate() {
                let ore = if index == 9 { pool.ore() - given } else { pool.ore() / weight * cut };
                given += ore;
                pools.insert(Storkreds::ALL[index], Money::from_ore(ore).unwrap_or_default());
            }
            let fixed = split(pool, &SplitRule::Fixed { pools });
            prop_assert!(fixed.is_ok());
            prop_assert_eq!(fixed.map(|s| s.total()).unwrap_or_default(), pool.ore());
        }

        #[test]
        fn by_members_is_proportional_to_the_ore(pool in 0i64..=Money::MAX_ORE, counts in prop::collection::vec(1u64..=1_000_000, 10)) {
            let members: BTreeMap<Storkreds, u64> = Storkreds::ALL.into_iter().zip(counts.iter().copied()).collect();
            let all: u64 = counts.iter().sum();
            let split = split(Money::from_ore(pool).unwrap_or_default(), &SplitRule::ByMembers { members });
            prop_assert!(split.is_ok());
            for ((_, money), &m) in split.iter().flat_map(|s| s.storkredse.clone()).zip(&counts) {
                let exact = i128::from(pool) * i128::from(m);
                let got = i128::from(money.ore()) * i128::from(all);
                // Within one øre of the exact proportional share.
                prop_assert!((got - exact).abs() < i128::from(all));
            }
        }
    }
}
