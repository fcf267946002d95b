//! Integer helpers shared by the rules that keep money as big integers
//! (MES and Phragmén).

use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// `gcd(x, k)` for a positive `k`: one division of the big number by the
/// small one, then Euclid on machine words (much faster than a binary gcd
/// of two big numbers).
pub(crate) fn gcd_small(x: &BigInt, k: u128) -> u128 {
    let remainder = (x.magnitude() % k).to_u128().unwrap_or(0);
    let (mut a, mut b) = (k, remainder);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use num_integer::Integer;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn gcd_small_of_known_values() {
        assert_eq!(gcd_small(&BigInt::from(12), 18), 6);
        assert_eq!(gcd_small(&BigInt::from(-12), 18), 6);
        assert_eq!(gcd_small(&BigInt::from(0), 7), 7);
        assert_eq!(gcd_small(&BigInt::from(35), 1), 1);
        let big = BigInt::from(u128::MAX) * BigInt::from(6u8);
        assert_eq!(gcd_small(&big, 4), 2);
    }

    proptest! {
        #[test]
        fn gcd_small_agrees_with_the_big_gcd(x in any::<i128>(), y in any::<u64>(), k in 1u128..=u128::from(u64::MAX)) {
            let x = BigInt::from(x) * BigInt::from(y);
            prop_assert_eq!(BigInt::from(gcd_small(&x, k)), x.gcd(&BigInt::from(k)));
        }
    }
}
