//! A multiply-accumulate buffer for sums of many big integers.
//!
//! `num-bigint` has no fused `x += y·k`: the engine had to copy `y` into a
//! scratch number, multiply it, and add it, three passes over the digits and
//! a copy of a number that usually sits far away in memory. [`Acc`] keeps the
//! sum as plain 64-bit limbs and adds `y·k` in one pass straight from `y`'s
//! digits; the sum becomes a [`BigInt`] once, at the end.

use num_bigint::{BigInt, Sign};

/// A non-negative sum `Σ yᵢ·kᵢ` of non-negative big integers and small factors.
#[derive(Debug, Default)]
pub(crate) struct Acc {
    /// Little-endian 64-bit limbs of the sum.
    limbs: Vec<u64>,
    /// Scratch space for converting to a [`BigInt`].
    words: Vec<u32>,
}

impl Acc {
    /// Sets the sum to zero (keeping the buffer).
    pub fn clear(&mut self) {
        self.limbs.clear();
    }

    /// `sum += y·k`. Returns `false` (and leaves the sum alone) when `y` is
    /// negative, which the caller must then handle otherwise.
    #[must_use]
    pub fn add_mul(&mut self, y: &BigInt, k: u64) -> bool {
        match y.sign() {
            Sign::Minus => return false,
            Sign::NoSign => return true,
            Sign::Plus => {}
        }
        if k == 0 {
            return true;
        }
        let digits = y.iter_u64_digits();
        let len = digits.len();
        if self.limbs.len() < len + 1 {
            self.limbs.resize(len + 1, 0);
        }
        let mut carry: u128 = 0;
        for (slot, digit) in self.limbs.iter_mut().zip(digits) {
            let t = u128::from(*slot) + u128::from(digit) * u128::from(k) + carry;
            *slot = t as u64;
            carry = t >> 64;
        }
        let mut at = len;
        while carry != 0 {
            if at == self.limbs.len() {
                self.limbs.push(0);
            }
            let t = u128::from(self.limbs[at]) + carry;
            self.limbs[at] = t as u64;
            carry = t >> 64;
            at += 1;
        }
        true
    }

    /// `x *= k` for a positive `k` of several limbs, through this buffer
    /// (`num-bigint` would allocate a new number for the product).
    pub fn scale(&mut self, x: &mut BigInt, k: &BigInt) {
        let sign = x.sign();
        if sign == Sign::NoSign {
            return;
        }
        let digits = x.iter_u64_digits();
        let len = digits.len();
        self.limbs.clear();
        self.limbs.resize(len + k.iter_u64_digits().len() + 1, 0);
        for (shift, factor) in k.iter_u64_digits().enumerate() {
            let mut carry: u128 = 0;
            for (slot, digit) in self.limbs[shift..].iter_mut().zip(x.iter_u64_digits()) {
                let t = u128::from(*slot) + u128::from(digit) * u128::from(factor) + carry;
                *slot = t as u64;
                carry = t >> 64;
            }
            let mut at = shift + len;
            while carry != 0 {
                let t = u128::from(self.limbs[at]) + carry;
                self.limbs[at] = t as u64;
                carry = t >> 64;
                at += 1;
            }
        }
        self.store_signed(sign, x);
    }

    /// Writes the sum into `out` (reusing its buffer).
    pub fn store(&mut self, out: &mut BigInt) {
        self.store_signed(Sign::Plus, out);
    }

    fn store_signed(&mut self, sign: Sign, out: &mut BigInt) {
        self.words.clear();
        for &limb in &self.limbs {
            self.words.push(limb as u32);
            self.words.push((limb >> 32) as u32);
        }
        out.assign_from_slice(sign, &self.words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_products_exactly() {
        let big: BigInt = BigInt::from(u64::MAX) * BigInt::from(u64::MAX) * 7;
        let mut acc = Acc::default();
        let mut expected = BigInt::default();
        for (y, k) in [
            (big.clone(), u64::MAX),
            (BigInt::from(3), 5),
            (BigInt::default(), 9),
            (big.clone(), 1),
        ] {
            assert!(acc.add_mul(&y, k));
            expected += &y * k;
        }
        let mut sum = BigInt::from(12);
        acc.store(&mut sum);
        assert_eq!(sum, expected);
        assert!(!acc.add_mul(&BigInt::from(-1), 2));
        acc.store(&mut sum);
        assert_eq!(sum, expected);
        acc.clear();
        acc.store(&mut sum);
        assert_eq!(sum, BigInt::default());
        for (x, k) in [
            (big.clone(), big.clone()),
            (-big.clone(), big.clone() + 1),
            (BigInt::from(0), big.clone()),
        ] {
            let mut scaled = x.clone();
            acc.scale(&mut scaled, &k);
            assert_eq!(scaled, &x * &k);
        }
    }
}
