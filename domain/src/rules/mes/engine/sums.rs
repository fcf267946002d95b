//! Sums of many levels for the engine: per epoch for levels kept over older
//! denominators, from payment histories when there are many, and what each
//! project's supporters hold at the end.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

use super::{epoch_factor, Engine, Group};
use crate::rules::mes::limbs::Acc;
use crate::rules::mes::scalar::Scalar;

impl<S: Scalar> Engine<'_, S> {
    /// What the groups hold together at the current denominator, for plain
    /// values that may still be kept over older denominators: summed per
    /// epoch, then each epoch's sum scaled once.
    pub(super) fn lazy_sum(&mut self, groups: &[Group]) -> BigInt {
        let current = self.epoch_d.len() - 1;
        if self.epoch_sums.len() <= current {
            self.epoch_sums.resize_with(current + 1, Acc::default);
            self.epoch_used.resize(current + 1, false);
        }
        let mut total = <BigInt as Zero>::zero();
        for g in groups {
            let l = g.level as usize;
            let epoch = self.level_epoch[l] as usize;
            let money = self.levels[l].now();
            if self.epoch_sums[epoch].add_mul(money, g.mult) {
                if !self.epoch_used[epoch] {
                    self.epoch_used[epoch] = true;
                    self.epoch_touched.push(epoch as u32);
                }
            } else {
                // Negative (never for money): scale this one alone.
                let mut value = money * g.mult;
                if epoch != current {
                    value *= epoch_factor(&mut self.factors, &self.d, &self.epoch_d, epoch);
                }
                total += value;
            }
        }
        for &epoch in &self.epoch_touched {
            let epoch = epoch as usize;
            self.epoch_sums[epoch].store(&mut self.tmp);
            self.epoch_sums[epoch].clear();
            self.epoch_used[epoch] = false;
            if epoch != current {
                let factor = epoch_factor(&mut self.factors, &self.d, &self.epoch_d, epoch);
                self.tmp.scale_by(factor, &mut self.acc_sum);
            }
            total += &self.tmp;
        }
        self.epoch_touched.clear();
        total
    }

    /// Whether a sum of this many groups is taken from the payment histories:
    /// when they tell every purchase and the groups outnumber the purchases
    /// enough ([`COUNTED_SUMS_FROM`]; else reading the levels costs less).
    pub(super) fn counts_sums(&self, groups: usize) -> bool {
        match self.paths.counted_sums {
            Some(from) => self.lazy && self.hist.complete() && groups > from * self.hist.purchases(),
            None => false,
        }
    }

    /// What the groups hold together.
    pub(super) fn total(&mut self, groups: &[Group]) -> S {
        if self.counts_sums(groups.len()) {
            let meta = &self.meta;
            return self
                .hist
                .sum(groups.iter().map(|g| (meta[g.level as usize].hist, g.mult)));
        }
        if self.lazy {
            return S::new(self.lazy_sum(groups), <BigInt as Zero>::zero());
        }
        let mut total = S::nil();
        let levels = &self.levels;
        let terms = groups.iter().map(|g| (&levels[g.level as usize], g.mult));
        total.add_sum(terms, &mut self.acc_sum, &mut self.tmp);
        total
    }

    /// What each project's supporters hold now, in minor units (zero for the
    /// projects in `selected`, whose holdings nobody reads).
    pub(super) fn held(&mut self, selected: &[u32]) -> Vec<BigRational> {
        if !self.lazy {
            for level in 0..self.levels.len() as u32 {
                self.fresh(level);
            }
        }
        if self.counts.len() < self.levels.len() {
            self.counts.resize(self.levels.len(), 0);
        }
        let mut bought = vec![false; self.profile.projects()];
        for &p in selected {
            bought[p as usize] = true;
        }
        let mut groups = Vec::new();
        let mut held = Vec::with_capacity(self.profile.projects());
        for (p, &bought) in bought.iter().enumerate() {
            if bought {
                held.push(BigRational::zero());
                continue;
            }
            // Count supporters per level, then add up once per level.
            for (class, _) in self.profile.supporters(p) {
                let level = self.class_level[class as usize];
                let slot = &mut self.counts[level as usize];
                if *slot == 0 {
                    self.touched.push(level);
                }
                *slot += self.profile.class_mult[class as usize];
            }
            groups.clear();
            // Level 0 holds nothing.
            for &level in self.touched.iter().filter(|&&level| level != 0) {
                groups.push(Group {
                    level,
                    weight: 1,
                    mult: std::mem::take(&mut self.counts[level as usize]),
                    epoch: self.level_epoch[level as usize],
                });
            }
            for &level in &self.touched {
                self.counts[level as usize] = 0;
            }
            self.touched.clear();
            let total = self.total(&groups);
            held.push(self.minor(total.now()));
        }
        held
    }
}
