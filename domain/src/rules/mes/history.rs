//! Sums of many levels from their payment histories.
//!
//! With unit weights, every class at a level has paid the same purchases,
//! each at its unit price, since the start (a class that is poor pays all it
//! has and leaves the levels). So a level's money over the current
//! denominator is `start − Σ_{t ∈ H} priceₜ`, with `H` the level's history
//! (a bit per purchase) and every amount over the current denominator, and
//!
//! `Σ money·mult = start·M − Σₜ priceₜ·Nₜ`
//!
//! where `M` counts the voters of the groups and `Nₜ` those who paid
//! purchase `t`. Summing many levels is then integer counting on bits the
//! engine already holds, plus one product per purchase, instead of reading
//! every level's big number (a cache miss or two each).

use num_bigint::BigInt;

use super::limbs::Acc;
use super::scalar::Scalar;

/// Purchases a level's classes have paid for, a bit per purchase.
pub(crate) type Hist = [u64; 2];

/// The most purchases a [`Hist`] can tell.
const CAPACITY: usize = 128;

/// The starting budget and every unit price so far, over the current
/// denominator.
#[derive(Debug)]
pub(crate) struct Histories<S> {
    start: S,
    prices: Vec<S>,
    /// Voters counted per purchase (scratch).
    counts: Vec<u64>,
    acc: Acc,
    tmp: BigInt,
}

impl<S: Scalar> Histories<S> {
    /// Histories of a run where each voter starts with `start`.
    pub fn new(start: S) -> Self {
        Histories {
            start,
            prices: Vec::new(),
            counts: Vec::new(),
            acc: Acc::default(),
            tmp: BigInt::default(),
        }
    }

    /// Whether the histories still tell every purchase.
    pub fn complete(&self) -> bool {
        self.prices.len() <= CAPACITY
    }

    /// Every unit price so far, over the current denominator.
    pub fn prices(&self) -> &[S] {
        &self.prices
    }

    /// Number of purchases so far.
    pub fn purchases(&self) -> usize {
        self.prices.len()
    }

    /// The denominator was multiplied by `factor`.
    pub fn rescale(&mut self, factor: u128) {
        self.start = self.start.times(factor);
        for price in &mut self.prices {
            *price = price.times(factor);
        }
    }

    /// Records a purchase at `price` (over the current denominator); returns
    /// its bit and word in a [`Hist`], or `None` past the capacity.
    pub fn push(&mut self, price: S) -> Option<(usize, u64)> {
        let t = self.prices.len();
        self.prices.push(price);
        self.counts.push(0);
        (t < CAPACITY).then(|| (t / 64, 1u64 << (t % 64)))
    }

    /// `Σ money·mult` over levels given by `(history, mult)`, over the
    /// current denominator. Only while [`Histories::complete`].
    ///
    /// The voters per purchase are counted bit-sliced: plane `j` holds bit
    /// `j` of every purchase's count, and adding a history is a carry-save
    /// addition of its two words (about two steps each, whatever the number
    /// of purchases it holds).
    pub fn sum(&mut self, levels: impl Iterator<Item = (Hist, u64)>) -> S {
        let mut voters: u64 = 0;
        let mut planes = [[0u64; 2]; 64];
        let mut used = 0;
        for (hist, mult) in levels {
            voters += mult;
            let mut rest = mult;
            while rest != 0 {
                let from = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                for (w, &word) in hist.iter().enumerate() {
                    let mut carry = word;
                    let mut plane = from;
                    while carry != 0 {
                        let bits = planes[plane][w];
                        planes[plane][w] = bits ^ carry;
                        carry &= bits;
                        plane += 1;
                    }
                    used = used.max(plane);
                }
            }
        }
        for (j, plane) in planes[..used].iter().enumerate() {
            for (w, &word) in plane.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    self.counts[w * 64 + bits.trailing_zeros() as usize] += 1 << j;
                    bits &= bits - 1;
                }
            }
        }
        let mut total = S::nil();
        total.add_mul(&self.start, u128::from(voters), &mut self.tmp);
        let paid = self.prices.iter().zip(&self.counts).filter(|(_, &count)| count != 0);
        total.sub_sum(paid.map(|(price, &count)| (price, count)), &mut self.acc, &mut self.tmp);
        self.counts.fill(0);
        total
    }
}
