//! The leading word of a big integer, to compare money without its digits.
//!
//! Deciding who is poor compares each level with a threshold. The levels are
//! big integers scattered over the heap, and reading one costs two cache
//! misses (the number, then its digits). A [`Lead`] (length in 64-bit words
//! and the top word) kept next to the level's other small data decides
//! almost every such comparison exactly; only when lengths and top words are
//! equal must the full numbers be compared.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

/// The length and top 64-bit word of a non-negative integer (or "unknown"
/// for a negative one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lead {
    top: u64,
    /// Number of 64-bit words; [`Lead::UNKNOWN`] for negative numbers.
    len: u32,
}

impl Lead {
    const UNKNOWN: u32 = u32::MAX;

    /// The lead of `x`.
    pub fn of(x: &BigInt) -> Lead {
        if x.sign() == Sign::Minus {
            return Lead {
                top: 0,
                len: Self::UNKNOWN,
            };
        }
        let mut digits = x.iter_u64_digits();
        let len = digits.len();
        match (digits.next_back(), u32::try_from(len)) {
            (Some(top), Ok(len)) if len != Self::UNKNOWN => Lead { top, len },
            (None, _) => Lead { top: 0, len: 0 },
            _ => Lead {
                top: 0,
                len: Self::UNKNOWN,
            },
        }
    }

    /// The order of the two numbers when their leads decide it, else `None`.
    pub fn cmp(self, other: Lead) -> Option<Ordering> {
        if self.len == Self::UNKNOWN || other.len == Self::UNKNOWN {
            return None;
        }
        match self.len.cmp(&other.len).then(self.top.cmp(&other.top)) {
            Ordering::Equal => None,
            order => Some(order),
        }
    }

    /// Whether `x ≤ y`, where `lx` and `ly` are their leads.
    pub fn le(x: &BigInt, lx: Lead, y: &BigInt, ly: Lead) -> bool {
        match lx.cmp(ly) {
            Some(order) => order == Ordering::Less,
            None => x <= y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_decide_like_the_numbers() {
        let word: BigInt = BigInt::from(u64::MAX) + 1u8;
        let values: Vec<BigInt> = vec![
            BigInt::from(0),
            BigInt::from(1),
            BigInt::from(-1),
            BigInt::from(-7) * &word,
            BigInt::from(u64::MAX),
            word.clone(),
            &word + 1,
            &word * 2,
            &word * &word,
            &word * &word - 1,
            &word * &word + &word,
        ];
        for x in &values {
            for y in &values {
                let (lx, ly) = (Lead::of(x), Lead::of(y));
                assert_eq!(Lead::le(x, lx, y, ly), x <= y, "{x} <= {y}");
                if let Some(order) = lx.cmp(ly) {
                    assert_eq!(order, x.cmp(y), "{x} vs {y}");
                }
            }
        }
    }
}
