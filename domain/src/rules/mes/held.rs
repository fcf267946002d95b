//! What the supporters of each project hold at the end of a run, by counting.
//!
//! With unit weights, a voter class that still has money at the end paid the
//! unit price of every purchase it supported (a class that is poor in a
//! purchase pays all it has and keeps nothing). So its money is the starting
//! budget minus the sum of those prices, and what a project's supporters hold
//! together is `start·A − Σₜ priceₜ·Nₜ`: `A` counts the voters among them who
//! still have money, `Nₜ` those of them who supported purchase `t`. That is
//! integer counting plus one small sum per project, instead of adding up one
//! big number per (project, level) pair.

use num_bigint::BigInt;
use num_traits::Zero;

use super::limbs::Acc;
use crate::rules::profile::Profile;

/// The unit price of one purchase, over the denominator of its epoch.
#[derive(Clone, Debug)]
pub(crate) struct Paid {
    /// Internal project index.
    pub project: u32,
    /// What each rich supporter paid per unit of weight.
    pub price: BigInt,
    /// The epoch whose denominator `price` is over.
    pub epoch: u32,
}

/// What the end of a run looks like, for [`held`].
pub(crate) struct End<'a> {
    /// Each class's level at the end (0: nothing left).
    pub class_level: &'a [u32],
    /// The purchases, in order.
    pub bought: &'a [Paid],
    /// A voter's starting budget over the first epoch's denominator.
    pub start: &'a BigInt,
    /// The common denominator of each epoch; the last is the current one.
    pub epoch_d: &'a [BigInt],
}

/// What each project's supporters hold together at the end, over the current
/// denominator; zero for the projects marked in `skip`. Unit weights only.
pub(crate) fn held(profile: &Profile, end: &End<'_>, skip: &[bool]) -> Vec<BigInt> {
    let bought = end.bought;
    let words = bought.len().div_ceil(64);
    // For each class with money left, which purchases it paid for (a bit per purchase).
    let mut paid_for = vec![0u64; profile.classes() * words];
    for (t, purchase) in bought.iter().enumerate() {
        for (class, _) in profile.supporters(purchase.project as usize) {
            if end.class_level[class as usize] != 0 {
                paid_for[class as usize * words + t / 64] |= 1 << (t % 64);
            }
        }
    }
    let d = end.epoch_d.last().cloned().unwrap_or_else(|| BigInt::from(1u8));
    let prices: Vec<BigInt> = bought
        .iter()
        .map(|purchase| &purchase.price * (&d / &end.epoch_d[purchase.epoch as usize]))
        .collect();
    let start = end.start * &d;
    let mut counts = vec![0u64; bought.len()];
    let mut acc = Acc::default();
    let mut spent = BigInt::zero();
    let mut held = Vec::with_capacity(profile.projects());
    for (p, &skip) in skip.iter().enumerate() {
        if skip {
            held.push(BigInt::zero());
            continue;
        }
        let mut alive = 0u64;
        for (class, _) in profile.supporters(p) {
            let class = class as usize;
            if end.class_level[class] == 0 {
                continue;
            }
            let mult = profile.class_mult[class];
            alive += mult;
            for (w, &word) in paid_for[class * words..(class + 1) * words].iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    counts[w * 64 + bits.trailing_zeros() as usize] += mult;
                    bits &= bits - 1;
                }
            }
        }
        acc.clear();
        let mut extra = BigInt::zero();
        for (price, count) in prices.iter().zip(counts.iter_mut()) {
            if *count != 0 && !acc.add_mul(price, *count) {
                // A negative price (never for money): added the plain way.
                extra += price * *count;
            }
            *count = 0;
        }
        acc.store(&mut spent);
        spent += extra;
        held.push(&start * alive - &spent);
    }
    held
}
