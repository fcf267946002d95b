//! Pool splits: how a round's pool is divided among the storkredse before the
//! rule runs. Fixed before voting opens. Every split sums to the pool exactly.
//!
//! - `national`: one pool; every member votes on every bid.
//! - `equal`: ten equal sub-pools; the øre that do not divide go one each to
//!   the first storkredse in the customary order.
//! - `by-members`: sub-pools proportional to each storkreds' members on the
//!   electorate roll, by largest remainder to the øre (ties: customary order).
//! - `fixed`: HB names each sub-pool; they must add up to the pool.
//! - `floor`: every storkreds gets a fixed amount for the basics; the rest is
//!   allocated nationally.
//!
//! In `equal`, `by-members` and `fixed` members vote only on their own
//! storkreds' bids; with `pool_leftovers`, what a storkreds does not spend is
//! pooled and allocated nationally in a second pass.

use std::collections::BTreeMap;
use std::num::TryFromIntError;

use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};
use crate::storkreds::Storkreds;

/// A round's pool split.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Split {
    /// One national pool.
    #[default]
    National,
    /// Ten equal sub-pools.
    Equal {
        /// Allocate unspent sub-pool money nationally in a second pass.
        #[serde(default)]
        pool_leftovers: bool,
    },
    /// Sub-pools proportional to members on the electorate roll.
    ByMembers {
        /// Allocate unspent sub-pool money nationally in a second pass.
        #[serde(default)]
        pool_leftovers: bool,
    },
    /// Sub-pools named by HB.
    Fixed {
        /// The sub-pool of each storkreds (missing ones get nothing).
        pools: BTreeMap<Storkreds, Money>,
        /// Allocate unspent sub-pool money nationally in a second pass.
        #[serde(default)]
        pool_leftovers: bool,
    },
    /// A fixed amount per storkreds for the basics; the rest nationally.
    Floor {
        /// What each storkreds gets.
        per_storkreds: Money,
    },
}

/// Why a split does not work for a round.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// HB's fixed sub-pools do not add up to the pool.
    #[error("the fixed sub-pools add up to {total} kr, not the pool of {pool} kr")]
    FixedPoolsDoNotAddUp {
        /// What the sub-pools add up to (capped at the largest amount).
        total: Money,
        /// The round's pool.
        pool: Money,
    },
    /// Ten floor grants are more than the pool.
    #[error("ten floors of {per_storkreds} kr exceed the pool of {pool} kr")]
    FloorsExceedPool {
        /// The grant per storkreds.
        per_storkreds: Money,
        /// The round's pool.
        pool: Money,
    },
    /// Voting would open on a `by-members` split with no electorate roll.
    #[error("a by-members split divides the pool by the electorate roll; import the roll before voting opens")]
    RollNotImported,
    /// A `by-members` split was computed with no members on the roll.
    #[error("a by-members split needs an electorate roll with members")]
    NoMembers,
    /// A sub-pool left the money range.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An amount did not fit the integer type of the computation.
    #[error(transparent)]
    Conversion(#[from] TryFromIntError),
}

impl Split {
    /// The split's name, e.g. `by-members`.
    pub fn kind(&self) -> &'static str {
        match self {
            Split::National => "national",
            Split::Equal { .. } => "equal",
            Split::ByMembers { .. } => "by-members",
            Split::Fixed { .. } => "fixed",
            Split::Floor { .. } => "floor",
        }
    }

    /// Whether members vote only on their own storkreds' bids.
    pub fn per_storkreds_ballots(&self) -> bool {
        matches!(
            self,
            Split::Equal { .. } | Split::ByMembers { .. } | Split::Fixed { .. }
        )
    }

    /// Whether unspent sub-pool money goes to a national second pass.
    pub fn pools_leftovers(&self) -> bool {
        match self {
            Split::Equal { pool_leftovers }
            | Split::ByMembers { pool_leftovers }
            | Split::Fixed { pool_leftovers, .. } => *pool_leftovers,
            Split::National | Split::Floor { .. } => false,
        }
    }

    /// Checks what can be checked without the electorate: fixed pools sum to
    /// the pool, the floor fits it.
    pub fn validate(&self, pool: Money) -> Result<(), SplitError> {
        match self {
            Split::Fixed { pools, .. } => {
                let sum: i64 = pools.values().map(|m| m.ore()).sum();
                if sum != pool.ore() {
                    let sum = Money::from_ore(sum.min(Money::MAX_ORE)).unwrap_or_default();
                    return Err(SplitError::FixedPoolsDoNotAddUp { total: sum, pool });
                }
                Ok(())
            }
            Split::Floor { per_storkreds } => {
                if per_storkreds.ore() * Storkreds::ALL.len() as i64 > pool.ore() {
                    return Err(SplitError::FloorsExceedPool {
                        per_storkreds: *per_storkreds,
                        pool,
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Checks, when voting opens, that the split can be computed: a
    /// `by-members` split needs members on the electorate roll.
    pub fn check_ready(&self, electorate_members: u64) -> Result<(), SplitError> {
        match self {
            Split::ByMembers { .. } if electorate_members == 0 => Err(SplitError::RollNotImported),
            _ => Ok(()),
        }
    }

    /// The sub-pools (`equal`, `by-members`, `fixed`) or the floor grants
    /// (`floor`), one per storkreds in `Storkreds::ALL` order; `None` for `national`.
    pub fn shares(
        &self,
        pool: Money,
        members: &BTreeMap<Storkreds, u64>,
    ) -> Result<Option<Vec<(Storkreds, Money)>>, SplitError> {
        self.validate(pool)?;
        let ore = |o: i64| Money::from_ore(o).map_err(SplitError::from);
        let shares: Result<Vec<(Storkreds, Money)>, SplitError> = match self {
            Split::National => return Ok(None),
            Split::Equal { .. } => {
                let n = Storkreds::ALL.len() as i64;
                let (each, rest) = (pool.ore() / n, pool.ore() % n);
                Storkreds::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Ok((*s, ore(each + i64::from((i as i64) < rest))?)))
                    .collect()
            }
            Split::ByMembers { .. } => {
                let counts: Vec<u64> = Storkreds::ALL
                    .iter()
                    .map(|s| members.get(s).copied().unwrap_or(0))
                    .collect();
                let total: u64 = counts.iter().sum();
                if total == 0 {
                    return Err(SplitError::NoMembers);
                }
                let pool_ore = u128::try_from(pool.ore())?;
                let mut whole: Vec<u128> = Vec::with_capacity(counts.len());
                let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(counts.len());
                for (i, &count) in counts.iter().enumerate() {
                    let exact = pool_ore * u128::from(count);
                    whole.push(exact / u128::from(total));
                    remainders.push((exact % u128::from(total), i));
                }
                let left = pool_ore - whole.iter().sum::<u128>();
                // Largest remainder first; equal remainders in the customary order.
                remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for &(_, i) in remainders.iter().take(usize::try_from(left).unwrap_or(0)) {
                    whole[i] += 1;
                }
                Storkreds::ALL
                    .iter()
                    .zip(whole)
                    .map(|(s, o)| Ok((*s, ore(i64::try_from(o)?)?)))
                    .collect()
            }
            Split::Fixed { pools, .. } => Storkreds::ALL
                .iter()
                .map(|s| Ok((*s, pools.get(s).copied().unwrap_or(Money::ZERO))))
                .collect(),
            Split::Floor { per_storkreds } => Storkreds::ALL.iter().map(|s| Ok((*s, *per_storkreds))).collect(),
        };
        shares.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    fn sum(shares: &[(Storkreds, Money)]) -> i64 {
        shares.iter().map(|(_, m)| m.ore()).sum()
    }

    #[test]
    fn equal_split_of_kv17() {
        let shares = Split::Equal { pool_leftovers: false }.shares(kr("500000.00"), &BTreeMap::new());
        let Ok(Some(shares)) = shares else { panic!("{shares:?}") };
        assert!(shares.iter().all(|(_, m)| *m == kr("50000.00")));
        let odd = Split::Equal { pool_leftovers: false }.shares(kr("0.13"), &BTreeMap::new());
        let Ok(Some(odd)) = odd else { panic!("{odd:?}") };
        assert_eq!(
            odd.iter().map(|(_, m)| m.ore()).collect::<Vec<_>>(),
            vec![2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
        );
    }

    #[test]
    fn by_members_uses_largest_remainders() {
        let members = BTreeMap::from([(Storkreds::Kobenhavn, 2), (Storkreds::Fyn, 1)]);
        let shares = Split::ByMembers { pool_leftovers: false }.shares(kr("1.00"), &members);
        let Ok(Some(shares)) = shares else { panic!("{shares:?}") };
        assert_eq!(shares[0], (Storkreds::Kobenhavn, kr("0.67")));
        assert_eq!(shares[5], (Storkreds::Fyn, kr("0.33")));
        assert!(Split::ByMembers { pool_leftovers: false }
            .shares(kr("1.00"), &BTreeMap::new())
            .is_err());
    }

    #[test]
    fn fixed_and_floor_must_fit_the_pool() {
        let pools = BTreeMap::from([(Storkreds::Fyn, kr("60.00")), (Storkreds::Bornholm, kr("40.00"))]);
        assert!(Split::Fixed {
            pools: pools.clone(),
            pool_leftovers: false
        }
        .validate(kr("100.00"))
        .is_ok());
        assert!(Split::Fixed {
            pools,
            pool_leftovers: false
        }
        .validate(kr("100.01"))
        .is_err());
        assert!(Split::Floor {
            per_storkreds: kr("10.00")
        }
        .validate(kr("100.00"))
        .is_ok());
        assert!(Split::Floor {
            per_storkreds: kr("10.01")
        }
        .validate(kr("100.00"))
        .is_err());
        let json = serde_json::to_string(&Split::Floor {
            per_storkreds: kr("20000"),
        })
        .unwrap_or_default();
        assert_eq!(json, r#"{"kind":"floor","per_storkreds":"20000.00"}"#);
    }

    proptest! {
        #[test]
        fn every_split_sums_to_the_pool(pool in 0i64..=Money::MAX_ORE, counts in prop::collection::vec(0u64..100_000, 10)) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            let members: BTreeMap<Storkreds, u64> = Storkreds::ALL.into_iter().zip(counts.iter().copied()).collect();
            for split in [Split::Equal { pool_leftovers: false }, Split::ByMembers { pool_leftovers: true }] {
                match split.shares(pool, &members) {
                    Ok(Some(shares)) => prop_assert_eq!(sum(&shares), pool.ore()),
                    Ok(None) => prop_assert!(false),
                    Err(_) => prop_assert!(counts.iter().all(|&c| c == 0)),
                }
            }
            let floor = Money::from_ore(pool.ore() / 10).unwrap_or_default();
            let shares = Split::Floor { per_storkreds: floor }.shares(pool, &members);
            prop_assert!(matches!(shares, Ok(Some(ref s)) if sum(s) <= pool.ore()));
        }
    }

    #[test]
    fn errors_read_as_before() {
        let pools = BTreeMap::from([(Storkreds::Fyn, kr("60.00"))]);
        let fixed = Split::Fixed {
            pools,
            pool_leftovers: false,
        };
        assert_eq!(
            fixed.validate(kr("100.00")).map_err(|e| e.to_string()),
            Err("the fixed sub-pools add up to 60.00 kr, not the pool of 100.00 kr".to_owned())
        );
        let floor = Split::Floor {
            per_storkreds: kr("10.01"),
        };
        assert_eq!(
            floor.validate(kr("100.00")).map_err(|e| e.to_string()),
            Err("ten floors of 10.01 kr exceed the pool of 100.00 kr".to_owned())
        );
        let by_members = Split::ByMembers { pool_leftovers: false };
        assert_eq!(
            by_members.check_ready(0).map_err(|e| e.to_string()),
            Err(
                "a by-members split divides the pool by the electorate roll; import the roll before voting opens"
                    .to_owned()
            )
        );
        assert_eq!(
            by_members
                .shares(kr("1.00"), &BTreeMap::new())
                .map_err(|e| e.to_string()),
            Err("a by-members split needs an electorate roll with members".to_owned())
        );
    }
}
