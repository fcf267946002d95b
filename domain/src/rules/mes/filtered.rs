//! One run of MES on unit-weight voter classes that keeps each class's money
//! as a small fixed-point bound and computes exactly only what decides.
//!
//! The exact engine ([`super::engine`]) keeps every level's money as a big
//! integer over a common denominator that passes 900 bits on a large
//! election, and rescales and compares those numbers all run long. This run
//! gives the same result (same purchases, prices, payers and holdings, as
//! exact rationals) with far less big-number work:
//!
//! * **Sums are exact and counted.** With unit weights a class's money is
//!   `start − Σ_{t ∈ H} priceₜ` over its payment history `H`, so the money of
//!   any set of classes is one count per purchase ([`Histories`]); the prices
//!   are the only big numbers kept.
//! * **Comparisons are filtered.** Each class also keeps `approx`, its money
//!   as a fraction of the starting budget in units of 2⁻³⁰ (rounded so that
//!   `approx − k ≤ exact ≤ approx` after `k` purchases). Whether a class is
//!   poor at a price is read off `approx` unless the two are within `k + 1`
//!   units of each other; only then is that class's exact money computed.
//!   The same holds for whether a class is left with nothing (`approx` 0).
//! * **No levels.** The exact engine groups classes with equal money to
//!   share their big numbers; here pricing a project reads 8 bytes per
//!   supporting class (`approx` and its voters) in the order of the
//!   project's supporter list, so there is nothing to group. The purchase
//!   bits (16 bytes) are kept apart and read only for exact sums and when a
//!   class pays: on 100k classes the 8-byte records fit in a core's L2
//!   cache, and `add1` runs 13 % faster than with 24-byte records.
//!
//! Runs with more purchases than a [`Hist`] can tell return `None` (the
//! caller then runs the exact engine).

use std::cmp::Ordering;
use std::iter;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

use super::engine::{minor_units, Purchase, Record, Run, Setup};
use super::history::{Hist, Histories};
use super::queue::{Price, PriceQueue};
use crate::rules::amount::ratio;
use crate::rules::arith::gcd_small;
use crate::rules::profile::Profile;

mod prefix;

pub(crate) use self::prefix::Prefix;

/// Fixed-point bits: the starting money is `1 << FRACTION`.
const FRACTION: u32 = 30;

/// Extra bits of the prices per unit of satisfaction kept for the guess
/// (with the cost satisfaction they are small fractions of a voter's money).
const PACE_BITS: u32 = 32;

/// A price ρ = `num / den`, as in the exact engine.
#[derive(Clone, Debug)]
struct Key {
    num: BigInt,
    den: BigInt,
}

impl Price for Key {
    fn cmp_price(&self, other: &Key) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}

/// What the run reads of a class to price a project (8 bytes; its history
/// is kept apart, in `Filtered::paid`).
#[derive(Clone, Copy, Debug)]
struct Class {
    /// Its money in units of 2⁻³⁰ of the starting money, rounded up; 0
    /// exactly when it has nothing left.
    approx: u32,
    /// Its voters.
    mult: u32,
}

/// A supporting class that has money left.
#[derive(Clone, Copy, Debug)]
struct Entry {
    state: Class,
    class: u32,
}

/// A project's price with how its supporters split into poor and rich.
#[derive(Clone, Debug)]
struct Eval {
    key: Key,
    rest: BigInt,
    rich_weight: u128,
    /// The poor first (`..split`), then the rich.
    entries: Vec<Entry>,
    split: usize,
    /// Supporters with nothing left.
    broke: u64,
}

/// A project's supporting classes with money left (see [`Filtered::gather`]).
struct Gathered {
    /// Those found poor first (`..split`).
    entries: Vec<Entry>,
    split: usize,
    /// The voters of those found poor.
    poor_weight: u64,
    /// Supporters with nothing left.
    broke: u64,
    /// `Σ approx × voters` over the entries: at least what they hold, in
    /// units of 2⁻³⁰ of the starting money.
    bound: u128,
}

/// The run was cut short: more purchases than the histories can tell.
struct Overflow;

struct Filtered<'a> {
    profile: &'a Profile,
    setup: &'a Setup<'a>,
    /// The common denominator now (money is in units of 1/(voters × d) minor units).
    d: BigInt,
    /// The factors `d` was multiplied by.
    epoch_factors: Vec<u128>,
    /// Each voter's starting money over `d`.
    start_d: BigInt,
    /// The starting money and every unit price over `d`.
    hist: Histories<BigInt>,
    classes: Vec<Class>,
    /// Per class, the purchases whose unit price it paid.
    paid: Vec<Hist>,
    /// The projects for sale by a lower bound of their price.
    queue: PriceQueue<Key>,
    record: Record,
    purchases: Vec<Purchase>,
    /// What one `add1` increment adds to a voter's money, in fixed-point units.
    step: u128,
    /// Per project, its last price and how much that falls per increment,
    /// in fixed-point units per unit of satisfaction, times 2^[`PACE_BITS`]
    /// (for the guess).
    pace: Vec<(u128, u128)>,
    /// The guessed number of increments that keep every decision seen so far.
    guess: u128,
    /// Whether every project evaluated in this step so far was affordable
    /// with every supporter paying its price and none broke (see [`Prefix`]).
    steady: bool,
}

/// Runs MES with each voter's budget raised by `increments` currency units,
/// for `Record::Selection` or `Record::Explanations` on unit weights; `None`
/// when this run cannot tell the result (see the module documentation).
pub(crate) fn run(profile: &Profile, setup: &Setup<'_>, increments: u64, record: Record) -> Option<Run<BigInt>> {
    run_guessing(profile, setup, increments, record).map(|(run, _)| run)
}

/// [`run`], with a guess of how many further `add1` increments leave every
/// decision of the run as it is: the least, over the decisions, of how far
/// it is from turning over by how fast one increment moves it (the poor
/// towards paying the price, an unaffordable project's supporters towards
/// its cost, another evaluated project's price towards the bought one's).
/// Only a guess, in integer fixed point: it tells the `add1` search whether an
/// exact parametric run, which says for certain, is worth its cost.
pub(crate) fn run_guessing(
    profile: &Profile,
    setup: &Setup<'_>,
    increments: u64,
    record: Record,
) -> Option<(Run<BigInt>, u64)> {
    run_from(profile, setup, increments, record, None).map(|(run, guess, _)| (run, guess))
}

/// [`run_guessing`] for `Record::Selection`, started from `from` where that
/// is a [`Prefix`] of a run with fewer increments; also this run's own
/// prefix when it is longer than `from`'s.
pub(crate) fn run_resuming(
    profile: &Profile,
    setup: &Setup<'_>,
    increments: u64,
    from: Option<&Prefix>,
) -> Option<(Run<BigInt>, u64, Option<Prefix>)> {
    run_from(profile, setup, increments, Record::Selection, from)
}

fn run_from(
    profile: &Profile,
    setup: &Setup<'_>,
    increments: u64,
    record: Record,
    from: Option<&Prefix>,
) -> Option<(Run<BigInt>, u64, Option<Prefix>)> {
    let voters = profile.voters;
    let start = BigInt::from(setup.budget)
        + BigInt::from(increments) * BigInt::from(setup.currency_unit) * BigInt::from(voters);
    if record == Record::Prices || !profile.unit_weights() || voters == 0 || start.is_zero() {
        return None;
    }
    // Classes of 2³² voters or more: the exact engine.
    let classes = profile
        .class_mult
        .iter()
        .map(|&mult| {
            u32::try_from(mult).ok().map(|mult| Class {
                approx: 1 << FRACTION,
                mult,
            })
        })
        .collect::<Option<Vec<Class>>>()?;
    let projects = profile.projects();
    let mut engine = Filtered {
        profile,
        setup,
        d: BigInt::one(),
        epoch_factors: Vec::new(),
        start_d: start.clone(),
        hist: Histories::new(start.clone()),
        paid: vec![Hist::default(); classes.len()],
        classes,
        queue: PriceQueue::default(),
        record,
        purchases: Vec::new(),
        step: 1,
        pace: vec![(0, 0); projects],
        guess: u128::MAX,
        steady: true,
    };
    let increment = BigInt::from(setup.currency_unit) * BigInt::from(voters);
    engine.step = engine.fixed(&increment, 1).max(1);
    let alive = (0..projects)
        .map(|p| profile.support_weight[p] > 0 && setup.costs[p] > 0)
        .collect();
    let stale = (0..projects)
        .map(|p| Key {
            num: engine.cost_units(p),
            den: BigInt::from(profile.support_weight[p].max(1)) * BigInt::from(setup.sigma[p]),
        })
        .collect();
    engine.queue = PriceQueue::new(stale, alive);
    let mut selected = Vec::new();
    let resumed = match from {
        Some(prefix) if record == Record::Selection && prefix.applies(increments) => {
            selected = engine.resume(prefix);
            selected.len()
        }
        _ => 0,
    };
    // While every step so far is steady, the queue before the step (see [`Prefix`]).
    let mut tracking = record == Record::Selection;
    let mut prefix = None;
    loop {
        let before = tracking.then(|| engine.queue.clone());
        engine.steady = true;
        let best = engine.best();
        if let Some(queue) = before {
            if !engine.steady || best.is_none() {
                // The steady steps end here (or the run does).
                tracking = false;
                if selected.len() > resumed {
                    prefix = Some(engine.prefix(increments, queue, &selected));
                }
            }
        }
        let Some((project, eval)) = best else {
            break;
        };
        engine.buy(project, eval).ok()?;
        selected.push(project);
    }
    let held = if record == Record::Selection {
        Vec::new()
    } else {
        engine.held(&selected)
    };
    let guess = engine.guess;
    let run = Run {
        selected,
        horizon: (),
        purchases: engine.purchases,
        payments: Vec::new(),
        held,
        voter_budget: ratio(start, BigInt::from(voters)),
    };
    // Saturating: a guess past u64 is as good as never.
    Some((run, u64::try_from(guess).unwrap_or(u64::MAX), prefix))
}

impl Filtered<'_> {
    /// A project's cost in units of 1/voters minor units.
    fn cost_units(&self, p: usize) -> BigInt {
        BigInt::from(self.setup.costs[p]) * BigInt::from(self.profile.voters)
    }

    /// `value / divisor` (money over `d`) as a fraction of the starting
    /// money in units of 2⁻³⁰, rounded down (saturating).
    fn fixed(&self, value: &BigInt, divisor: u128) -> u128 {
        saturating_u128(&((value << FRACTION) / (&self.start_d * divisor)))
    }

    /// The exact money of a class with history `paid`, over `d`.
    fn money(&mut self, paid: Hist) -> BigInt {
        self.hist.sum(iter::once((paid, 1)))
    }

    /// What the entries' classes hold together, over `d`.
    fn total(&mut self, entries: &[Entry]) -> BigInt {
        let paid = &self.paid;
        self.hist.sum(
            entries
                .iter()
                .map(|e| (paid[e.class as usize], u64::from(e.state.mult))),
        )
    }

    /// The project to buy next with its price, or `None` when nothing is affordable.
    fn best(&mut self) -> Option<(u32, Eval)> {
        let mut queue = std::mem::take(&mut self.queue);
        let (best, evaluated) = queue.cheapest(|p| self.evaluate(p), |eval| &eval.key);
        self.queue = queue;
        if let Some((b, _)) = &best {
            // How soon another evaluated project could become the cheaper one.
            let (key, pace) = self.pace[*b as usize];
            for &q in &evaluated {
                let (other, other_pace) = self.pace[q as usize];
                let closing = other_pace.saturating_sub(pace);
                if q != *b && closing > 0 {
                    self.guess = self.guess.min(other.saturating_sub(key) / closing);
                }
            }
        }
        best
    }

    /// The supporting classes of a project that have money left, those with
    /// `approx` below `poor_below` first; also how many supporters have
    /// nothing left and an upper bound of their money.
    fn gather(&self, p: usize, poor_below: u128) -> Gathered {
        let classes = self.profile.supporters(p).ids();
        let mut entries = Vec::with_capacity(classes.len());
        let mut split = 0;
        let mut poor_weight = 0;
        let mut broke = 0;
        let mut bound: u128 = 0;
        for &class in classes {
            let state = self.classes[class as usize];
            if state.approx == 0 {
                broke += u64::from(state.mult);
                continue;
            }
            bound += u128::from(state.approx) * u128::from(state.mult);
            entries.push(Entry { state, class });
            if u128::from(state.approx) < poor_below {
                let last = entries.len() - 1;
                entries.swap(split, last);
                split += 1;
                poor_weight += u64::from(state.mult);
            }
        }
        Gathered {
            entries,
            split,
            poor_weight,
            broke,
            bound,
        }
    }

    /// The project's current price, or `None` when its supporters cannot pay for it.
    ///
    /// As in the exact engine: everyone starts rich; whoever cannot pay the
    /// resulting price (money × rich weight < rest) is poor and pays all they
    /// have; repeat until nobody else is poor.
    fn evaluate(&mut self, p: usize) -> Option<Eval> {
        let need = self.cost_units(p) * &self.d;
        // Whoever has less than the price if every supporter paid it is poor.
        let everyone = self.profile.support_weight[p].max(1);
        let first = self.fixed(&need, everyone);
        let Gathered {
            mut entries,
            mut split,
            poor_weight,
            broke,
            bound,
        } = self.gather(p, first);
        let supporters = self.profile.support[p];
        // All they hold is at most `bound` units of the starting money.
        if BigInt::from(bound) * &self.start_d < (&need << FRACTION) {
            // At the earliest: they hold at most `bound`.
            let short = self.fixed(&need, 1).saturating_sub(bound);
            return self.unaffordable(short, supporters);
        }
        let mut rest = need.clone() - self.total(&entries[..split]);
        let mut rich_weight = u128::from(supporters - broke - poor_weight);
        // Every class is less than this many units below its `approx`.
        let slack = self.hist.purchases() as u128 + 1;
        let mut rounds = 0;
        let mut affordable = None;
        while rich_weight > 0 {
            rounds += 1;
            if rounds == 8 && affordable.is_none() {
                let ok = self.total(&entries) >= need;
                affordable = Some(ok);
                if !ok {
                    break;
                }
            }
            // ρ in fixed point is at least `threshold` and below `threshold + 1`.
            let threshold = self.fixed(&rest, rich_weight).min(u128::MAX - slack);
            let before = split;
            for index in before..entries.len() {
                let state = entries[index].state;
                let approx = u128::from(state.approx);
                let poor = if approx < threshold {
                    true
                } else if approx >= threshold + slack {
                    false
                } else {
                    self.money(self.paid[entries[index].class as usize]) * rich_weight < rest
                };
                if poor {
                    entries.swap(index, split);
                    split += 1;
                }
            }
            if split == before {
                affordable = Some(true);
                break;
            }
            rest -= self.total(&entries[before..split]);
            for e in &entries[before..split] {
                rich_weight -= u128::from(u64::from(e.state.mult));
            }
        }
        if affordable != Some(true) {
            let short = need - self.total(&entries);
            let short = self.fixed(&short, 1);
            return self.unaffordable(short, supporters);
        }
        if split > 0 || broke > 0 {
            self.steady = false;
        }
        // The price falls as those who cannot pay it get more money.
        let per_satisfaction = BigInt::from(rich_weight) * BigInt::from(self.setup.sigma[p]);
        let poor = u128::from(supporters).saturating_sub(rich_weight);
        let fall = (BigInt::from(poor) * BigInt::from(self.step)) << PACE_BITS;
        self.pace[p] = (
            saturating_u128(&((&rest << (FRACTION + PACE_BITS)) / (&self.start_d * &per_satisfaction))),
            saturating_u128(&(fall / &per_satisfaction)),
        );
        let den = &self.d * BigInt::from(rich_weight) * BigInt::from(self.setup.sigma[p]);
        Some(Eval {
            key: Key { num: rest.clone(), den },
            rest,
            rich_weight,
            entries,
            split,
            broke,
        })
    }

    /// A project its `supporters` cannot pay for, `short` fixed-point units
    /// of the starting money short: no evaluation, the step is not steady,
    /// and the guess is at most how many increments they need to afford it.
    fn unaffordable(&mut self, short: u128, supporters: u64) -> Option<Eval> {
        self.steady = false;
        let rise = u128::from(supporters).saturating_mul(self.step).max(1);
        self.guess = self.guess.min(short / rise);
        None
    }

    /// Buys `p` at the evaluated price: the poor pay all they have, the rich
    /// pay the unit price.
    fn buy(&mut self, p: u32, eval: Eval) -> Result<(), Overflow> {
        let Eval {
            mut rest,
            rich_weight,
            entries,
            split,
            broke,
            ..
        } = eval;
        let factor = rich_weight / gcd_small(&rest, rich_weight);
        if factor != 1 {
            self.epoch_factors.push(factor);
            self.d *= factor;
            self.start_d *= factor;
            self.hist.rescale(factor);
            rest *= factor;
        }
        let unit_price = rest / rich_weight;
        let (poor, rich) = entries.split_at(split);
        if self.record != Record::Selection {
            let exhausted_paid = self.total(poor);
            let voters = self.profile.voters;
            self.purchases.push(Purchase {
                project: p,
                payers: rich.iter().map(|e| u64::from(e.state.mult)).sum(),
                share: minor_units(&unit_price, voters, &self.epoch_factors),
                exhausted: broke + poor.iter().map(|e| u64::from(e.state.mult)).sum::<u64>(),
                exhausted_paid: minor_units(&exhausted_paid, voters, &self.epoch_factors),
            });
        }
        // The poor get more money with each increment: how soon one could pay.
        let threshold = self.fixed(&unit_price, 1);
        let closest = poor_entries_gap(poor, threshold);
        self.guess = self.guess.min(closest / self.step);
        let price = u32::try_from(threshold).unwrap_or(u32::MAX);
        let Some((word, mask)) = self.hist.push(unit_price) else {
            return Err(Overflow);
        };
        for e in poor {
            self.classes[e.class as usize].approx = 0;
        }
        // Every class is now less than `slack` units below its `approx`.
        let slack = self.hist.purchases() as u32;
        for e in rich {
            let paid = &mut self.paid[e.class as usize];
            paid[word] |= mask;
            let paid = *paid;
            let approx = e.state.approx.saturating_sub(price);
            let nothing_left = approx < slack && self.money(paid).is_zero();
            let state = &mut self.classes[e.class as usize];
            state.approx = if nothing_left { 0 } else { approx };
        }
        self.queue.alive[p as usize] = false;
        Ok(())
    }

    /// What each project's supporters hold at the end, in minor units (zero
    /// for the projects in `selected`).
    fn held(&mut self, selected: &[u32]) -> Vec<BigRational> {
        let mut bought = vec![false; self.profile.projects()];
        for &p in selected {
            bought[p as usize] = true;
        }
        let voters = self.profile.voters;
        let mut held = Vec::with_capacity(bought.len());
        for (p, &bought) in bought.iter().enumerate() {
            if bought {
                held.push(BigRational::zero());
                continue;
            }
            // Read straight from the supporter list, without copying entries;
            // classes with nothing left are skipped (the bits of a class that
            // paid all it had do not tell that last payment).
            let (classes, paid) = (&self.classes, &self.paid);
            let supporters = self.profile.supporters(p).ids().iter().filter_map(|&class| {
                let class = class as usize;
                let state = classes[class];
                (state.approx != 0).then(|| (paid[class], u64::from(state.mult)))
            });
            let total = self.hist.sum(supporters);
            held.push(minor_units(&total, voters, &self.epoch_factors));
        }
        held
    }
}

/// The least amount, in fixed-point units, that one of the poor lacks to pay `price`.
fn poor_entries_gap(poor: &[Entry], price: u128) -> u128 {
    poor.iter()
        .map(|e| price.saturating_sub(u128::from(e.state.approx)))
        .min()
        .unwrap_or(u128::MAX)
}

/// `value` as a `u128`, or `u128::MAX` past it (non-negative values).
fn saturating_u128(value: &BigInt) -> u128 {
    value.to_u128().unwrap_or(u128::MAX)
}
