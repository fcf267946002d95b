//! The numbers the MES engine computes with.
//!
//! All money in a run of MES is kept as big integers over one common
//! denominator, so comparing and adding budgets is integer work and nothing
//! can overflow. The engine is generic over [`Scalar`]:
//!
//! * a plain [`BigInt`], for an ordinary run;
//! * an [`Affine`] value `a + b·u`, where `u` counts *extra* `add1`
//!   increments beyond the run's starting point. The engine decides every
//!   comparison at `u = 0`, and [`Scalar::cmp_keep`] notes in a [`Horizon`]
//!   the first `u ≥ 1` at which that decision could come out differently.
//!   Until that point every decision, and so the outcome, stays the same,
//!   which lets `add1` skip whole ranges of increments exactly.

use std::cmp::Ordering;
use std::fmt::Debug;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};

use super::limbs::Acc;
use crate::rules::arith::gcd_small;

/// A number the engine computes with; see the module documentation.
pub(crate) trait Scalar: Clone + Debug {
    /// Where decisions could change (nothing for plain numbers).
    type Horizon: Default + Debug;

    /// Whether values depend on the increment `u`.
    const PARAMETRIC: bool;

    /// `value + slope·u` (a plain number ignores the slope).
    fn new(value: BigInt, slope: BigInt) -> Self;

    /// Zero.
    fn nil() -> Self {
        Self::new(<BigInt as Zero>::zero(), <BigInt as Zero>::zero())
    }

    /// The value at `u = 0`.
    fn now(&self) -> &BigInt;

    /// Whether the value is zero for every `u`.
    fn vanishes(&self) -> bool;

    /// `self += other·k` (`tmp` is scratch space, to save allocations).
    fn add_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt);

    /// `self -= other·k` (`tmp` is scratch space, to save allocations).
    fn sub_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt);

    /// `self += Σ value·k` over `terms` (`acc` and `tmp` are scratch space).
    fn add_sum<'a>(&mut self, terms: impl Iterator<Item = (&'a Self, u64)>, acc: &mut Acc, tmp: &mut BigInt)
    where
        Self: 'a,
    {
        let _ = acc;
        for (value, k) in terms {
            self.add_mul(value, u128::from(k), tmp);
        }
    }

    /// `self -= Σ value·k` over `terms` (`acc` and `tmp` are scratch space).
    fn sub_sum<'a>(&mut self, terms: impl Iterator<Item = (&'a Self, u64)>, acc: &mut Acc, tmp: &mut BigInt)
    where
        Self: 'a,
    {
        let _ = acc;
        for (value, k) in terms {
            self.sub_mul(value, u128::from(k), tmp);
        }
    }

    /// Notes in `horizon` when the sign of `self·k − other·w` could change
    /// (parametric values only; `scratch` saves allocations).
    fn keep_scaled(&self, k: u128, other: &Self, w: u128, horizon: &mut Self::Horizon, scratch: &mut Scratch);

    /// `self·k`.
    fn times(&self, k: u128) -> Self;

    /// `self·k`.
    fn times_big(&self, k: &BigInt) -> Self;

    /// `self *= k` for a positive `k` (`acc` is scratch space).
    fn scale_by(&mut self, k: &BigInt, acc: &mut Acc);

    /// `self / k`, where `k` divides every coefficient.
    fn div_exact(&self, k: &BigInt) -> Self;

    /// The greatest common divisor of `k` (positive) and every coefficient.
    fn gcd_with(&self, k: u128) -> u128;

    /// Compares the values at `u = 0`.
    fn cmp_now(&self, other: &Self) -> Ordering;

    /// Compares at `u = 0` and notes in `horizon` when the result could change.
    fn cmp_keep(&self, other: &Self, horizon: &mut Self::Horizon) -> Ordering;
}

impl Scalar for BigInt {
    type Horizon = ();

    const PARAMETRIC: bool = false;

    fn new(value: BigInt, _slope: BigInt) -> Self {
        value
    }

    fn now(&self) -> &BigInt {
        self
    }

    fn vanishes(&self) -> bool {
        Zero::is_zero(self)
    }

    fn add_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt) {
        if k == 1 {
            *self += other;
        } else {
            tmp.clone_from(other);
            *tmp *= k;
            *self += &*tmp;
        }
    }

    fn sub_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt) {
        if k == 1 {
            *self -= other;
        } else {
            tmp.clone_from(other);
            *tmp *= k;
            *self -= &*tmp;
        }
    }

    fn add_sum<'a>(&mut self, terms: impl Iterator<Item = (&'a Self, u64)>, acc: &mut Acc, tmp: &mut BigInt) {
        acc.clear();
        for (value, k) in terms {
            if !acc.add_mul(value, k) {
                self.add_mul(value, u128::from(k), tmp);
            }
        }
        acc.store(tmp);
        *self += &*tmp;
    }

    fn sub_sum<'a>(&mut self, terms: impl Iterator<Item = (&'a Self, u64)>, acc: &mut Acc, tmp: &mut BigInt) {
        acc.clear();
        for (value, k) in terms {
            if !acc.add_mul(value, k) {
                self.sub_mul(value, u128::from(k), tmp);
            }
        }
        acc.store(tmp);
        *self -= &*tmp;
    }

    fn keep_scaled(&self, _k: u128, _other: &Self, _w: u128, _horizon: &mut (), _scratch: &mut Scratch) {}

    fn times(&self, k: u128) -> Self {
        self * k
    }

    fn times_big(&self, k: &BigInt) -> Self {
        self * k
    }

    fn scale_by(&mut self, k: &BigInt, acc: &mut Acc) {
        scale_in_place(self, k, acc);
    }

    fn div_exact(&self, k: &BigInt) -> Self {
        self / k
    }

    fn gcd_with(&self, k: u128) -> u128 {
        gcd_small(self, k)
    }

    fn cmp_now(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }

    fn cmp_keep(&self, other: &Self, _horizon: &mut ()) -> Ordering {
        self.cmp(other)
    }
}

/// Reusable big integers, so hot loops do not allocate.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    alpha: BigInt,
    beta: BigInt,
    tmp: BigInt,
}

/// `a + b·u`: a value that grows by `b` with each extra `add1` increment.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Affine {
    a: BigInt,
    b: BigInt,
}

impl Clone for Affine {
    fn clone(&self) -> Self {
        Affine {
            a: self.a.clone(),
            b: self.b.clone(),
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.a.clone_from(&source.a);
        self.b.clone_from(&source.b);
    }
}

/// The first extra increment `u ≥ 1` at which some decision taken at `u = 0`
/// could turn out differently; `None` when none can.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Horizon {
    pub first_change: Option<BigInt>,
}

impl Horizon {
    /// Notes the decision "`alpha + beta·u` has the sign it has at `u = 0`".
    fn keep_sign(&mut self, alpha: &BigInt, beta: &BigInt) {
        let change = match (alpha.sign(), beta.sign()) {
            (_, num_bigint::Sign::NoSign) => None,
            (num_bigint::Sign::NoSign, _) => Some(BigInt::one()),
            (num_bigint::Sign::Plus, num_bigint::Sign::Minus) => Some(ceil_div(alpha, &-beta)),
            (num_bigint::Sign::Minus, num_bigint::Sign::Plus) => Some(ceil_div(&-alpha, beta)),
            _ => None,
        };
        if let Some(change) = change {
            let sooner = self.first_change.as_ref().is_none_or(|current| &change < current);
            if sooner {
                self.first_change = Some(change);
            }
        }
    }
}

/// `x *= k` for a positive `k`, without a new buffer for the product when
/// `k` fits in one machine word.
fn scale_in_place(x: &mut BigInt, k: &BigInt, acc: &mut Acc) {
    match k.to_u64() {
        Some(small) => *x *= small,
        None => acc.scale(x, k),
    }
}

/// `⌈x / y⌉` for positive `x` and `y`.
fn ceil_div(x: &BigInt, y: &BigInt) -> BigInt {
    let (q, r) = x.div_rem(y);
    if Zero::is_zero(&r) {
        q
    } else {
        q + 1
    }
}

impl Scalar for Affine {
    type Horizon = Horizon;

    const PARAMETRIC: bool = true;

    fn new(value: BigInt, slope: BigInt) -> Self {
        Affine { a: value, b: slope }
    }

    fn now(&self) -> &BigInt {
        &self.a
    }

    fn vanishes(&self) -> bool {
        Zero::is_zero(&self.a) && Zero::is_zero(&self.b)
    }

    fn add_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt) {
        self.a.add_mul(&other.a, k, tmp);
        if !Zero::is_zero(&other.b) {
            self.b.add_mul(&other.b, k, tmp);
        }
    }

    fn sub_mul(&mut self, other: &Self, k: u128, tmp: &mut BigInt) {
        self.a.sub_mul(&other.a, k, tmp);
        if !Zero::is_zero(&other.b) {
            self.b.sub_mul(&other.b, k, tmp);
        }
    }

    fn keep_scaled(&self, k: u128, other: &Self, w: u128, horizon: &mut Horizon, scratch: &mut Scratch) {
        let Scratch { alpha, beta, tmp } = scratch;
        alpha.clone_from(&self.a);
        *alpha *= k;
        alpha.sub_mul(&other.a, w, tmp);
        beta.clone_from(&self.b);
        *beta *= k;
        beta.sub_mul(&other.b, w, tmp);
        horizon.keep_sign(alpha, beta);
    }

    fn times(&self, k: u128) -> Self {
        Affine {
            a: &self.a * k,
            b: &self.b * k,
        }
    }

    fn times_big(&self, k: &BigInt) -> Self {
        Affine {
            a: &self.a * k,
            b: &self.b * k,
        }
    }

    fn scale_by(&mut self, k: &BigInt, acc: &mut Acc) {
        scale_in_place(&mut self.a, k, acc);
        scale_in_place(&mut self.b, k, acc);
    }

    fn div_exact(&self, k: &BigInt) -> Self {
        Affine {
            a: &self.a / k,
            b: &self.b / k,
        }
    }

    fn gcd_with(&self, k: u128) -> u128 {
        gcd_small(&self.b, gcd_small(&self.a, k))
    }

    fn cmp_now(&self, other: &Self) -> Ordering {
        self.a.cmp(&other.a)
    }

    fn cmp_keep(&self, other: &Self, horizon: &mut Horizon) -> Ordering {
        let alpha = &self.a - &other.a;
        let beta = &self.b - &other.b;
        horizon.keep_sign(&alpha, &beta);
        self.a.cmp(&other.a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn affine(a: i64, b: i64) -> Affine {
        Affine::new(a.into(), b.into())
    }

    #[test]
    fn horizon_is_the_first_increment_that_can_flip_a_decision() {
        let mut h = Horizon::default();
        // 10 - 3u > 0 until u = 4 (10 - 12 < 0); at u = 3 it is still 1 > 0.
        assert_eq!(affine(10, -3).cmp_keep(&affine(0, 0), &mut h), Ordering::Greater);
        assert_eq!(h.first_change, Some(4.into()));
        // 9 - 3u: zero at u = 3, which already changes "greater".
        assert_eq!(affine(9, -3).cmp_keep(&affine(0, 0), &mut h), Ordering::Greater);
        assert_eq!(h.first_change, Some(3.into()));
        // Growing apart never changes.
        assert_eq!(affine(-1, -5).cmp_keep(&affine(0, 0), &mut h), Ordering::Less);
        assert_eq!(h.first_change, Some(3.into()));
        // Equal now but not later: changes at once.
        assert_eq!(affine(5, 1).cmp_keep(&affine(5, 2), &mut h), Ordering::Equal);
        assert_eq!(h.first_change, Some(1.into()));
    }

    #[test]
    fn identical_values_never_change() {
        let mut h = Horizon::default();
        assert_eq!(affine(5, 2).cmp_keep(&affine(5, 2), &mut h), Ordering::Equal);
        assert_eq!(h.first_change, None);
        let mut plain = ();
        assert_eq!(BigInt::from(3).cmp_keep(&BigInt::from(4), &mut plain), Ordering::Less);
    }
}
