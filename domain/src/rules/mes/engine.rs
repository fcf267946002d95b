//! One run of the Method of Equal Shares on voter classes, exactly.
//!
//! Every voter starts with `budget / voters` (plus `increments` currency units
//! for `add1`). In each step, every remaining project gets its price per unit
//! of satisfaction ρ: the least ρ at which its supporters, each paying
//! `min(own money, ρ × satisfaction)`, cover its cost. The project with the
//! least ρ is bought (exact ties: the earlier in tie-break order), its
//! supporters pay, and the step repeats until no project is affordable.
//!
//! Exactness: the money of every voter is an integer over one common
//! denominator `voters × d` minor units, where `d` grows only when a payment
//! does not divide evenly, so every comparison and sum is big-integer work.
//! Speed: voters with identical ballots form one class; classes with the same
//! money share one *level*, so a project's supporters collapse to a few
//! (level, satisfaction) groups; prices only rise as money is spent, so the
//! previous price of a project is a lower bound and most projects need no
//! recomputation in a step (lazy evaluation).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::history::{Hist, Histories};
use super::lead::Lead;
use super::limbs::Acc;
use super::queue::{Price, PriceQueue};
use super::scalar::{Scalar, Scratch};
use crate::rules::amount::ratio;
use crate::rules::arith::gcd_small;
use crate::rules::profile::Profile;

/// How many times more groups than purchases a sum needs to be taken from
/// the payment histories (not tuned: the sums that matter, at 1M × 200, have
/// thousands of groups against at most 68 purchases; small sums read the
/// levels).
const COUNTED_SUMS_FROM: usize = 4;

/// From how many voter classes the `add1` search's plain runs keep levels
/// over older denominators too (measured on two sizes only; see `lazy`).
const LAZY_SELECTION_FROM: usize = 50_000;

/// What the engine needs to know besides the profile.
pub(crate) struct Setup<'a> {
    /// The budget in minor units.
    pub budget: u64,
    /// Minor units per currency unit (the `add1` increment).
    pub currency_unit: u64,
    /// Cost of each project, by internal index.
    pub costs: &'a [u64],
    /// Satisfaction per unit of weight, by internal index (the cost for the
    /// cost satisfaction, 1 otherwise).
    pub sigma: &'a [u64],
}

/// What a run keeps besides the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Record {
    /// Only the selection (and the horizon).
    Selection,
    /// Also each purchase and what supporters held at the end, for explanations.
    Explanations,
    /// Also every class's payments, for the price system.
    Prices,
}

/// One purchase, for explanations.
#[derive(Clone, Debug)]
pub(crate) struct Purchase {
    /// Internal project index.
    pub project: u32,
    /// Supporters who paid the full price.
    pub payers: u64,
    /// What each paid per unit of weight, in minor units.
    pub share: BigRational,
    /// Supporters who paid all they had (or had nothing left).
    pub exhausted: u64,
    /// What those paid together, in minor units.
    pub exhausted_paid: BigRational,
}

/// The result of a run.
#[derive(Debug)]
pub(crate) struct Run<S: Scalar> {
    /// Projects bought, in order (internal indices).
    pub selected: Vec<u32>,
    /// When decisions could change (parametric runs).
    pub horizon: S::Horizon,
    /// Details of each purchase (recorded runs).
    pub purchases: Vec<Purchase>,
    /// Per class, what it paid for which project, in minor units per voter (recorded runs).
    pub payments: Vec<Vec<(u32, BigRational)>>,
    /// Per internal project, what its supporters held at the end, in minor
    /// units (recorded runs; zero for the projects in `selected`).
    pub held: Vec<BigRational>,
    /// Each voter's starting budget, in minor units.
    pub voter_budget: BigRational,
}

/// A price ρ = `num / den` (the common factor `voters` left out).
#[derive(Clone, Debug)]
struct Key<S> {
    num: S,
    den: BigInt,
}

impl<S: Scalar> Price for Key<S> {
    fn cmp_price(&self, other: &Self) -> Ordering {
        self.num.times_big(&other.den).cmp_now(&other.num.times_big(&self.den))
    }
}

/// Supporters of a project at one level with one weight.
#[derive(Clone, Copy, Debug)]
struct Group {
    level: u32,
    weight: u64,
    mult: u64,
    /// The level's epoch when grouped (lazy runs).
    epoch: u32,
}

/// What the engine keeps about a level besides its value, side by side so
/// that a group of supporters reads it in one place (lazy runs).
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    /// The lead of the value.
    lead: Lead,
    /// The purchases its classes paid for (see [`Histories`]).
    hist: Hist,
}

#[derive(Clone, Debug)]
struct Eval<S> {
    key: Key<S>,
    rest: S,
    rich_weight: u128,
    groups: Vec<Group>,
    split: usize,
    broke: u64,
}

struct Engine<'a, S: Scalar> {
    profile: &'a Profile,
    setup: &'a Setup<'a>,
    unit_weights: bool,
    /// The common denominator now.
    d: BigInt,
    /// The common denominator of each epoch (it changes only when a payment
    /// does not divide evenly); levels are rescaled lazily when next used.
    epoch_d: Vec<BigInt>,
    /// `d / epoch_d[e]`, computed when first needed in the current epoch.
    factors: Vec<Option<BigInt>>,
    /// Whether plain levels stay over their epoch's denominator until they
    /// change (unit weights, plain recorded runs): comparisons scale the threshold
    /// down instead and sums scale once per epoch.
    lazy: bool,
    /// Per epoch, the threshold of the current round over that epoch's
    /// denominator, with its lead.
    epoch_thresholds: Vec<Option<(BigInt, Lead)>>,
    /// Per epoch, a partial sum of levels kept over that epoch's denominator.
    epoch_sums: Vec<Acc>,
    /// Epochs whose partial sum is in use (`epoch_touched` lists them).
    epoch_used: Vec<bool>,
    epoch_touched: Vec<u32>,
    /// `epoch_d[e + 1] / epoch_d[e]`: `d` is their product.
    epoch_factors: Vec<u128>,
    levels: Vec<S>,
    /// Per level, the epoch whose denominator its value is over.
    level_epoch: Vec<u32>,
    /// Per level: its lead and history (see [`Meta`]; lazy runs, else empty).
    meta: Vec<Meta>,
    /// Per level, scratch: voters counted while grouping supporters.
    counts: Vec<u64>,
    /// Per level, how many voters are at it.
    refs: Vec<u64>,
    free: Vec<u32>,
    class_level: Vec<u32>,
    /// The projects for sale by a lower bound of their price.
    queue: PriceQueue<Key<S>>,
    horizon: S::Horizon,
    scratch: Scratch,
    tmp: BigInt,
    /// Scratch space for sums of many levels.
    acc_sum: Acc,
    spare: S,
    touched: Vec<u32>,
    remap: Vec<u32>,
    record: Record,
    purchases: Vec<Purchase>,
    payments: Vec<Vec<(u32, BigRational)>>,
    /// Which of the faster paths to take.
    paths: Paths,
    /// Every unit price over the current denominator, for sums of many levels.
    hist: Histories<S>,
}

/// Which of the faster, equivalent computations a run uses (all of them,
/// except in tests that compare them with the plain ones).
#[derive(Clone, Copy, Debug)]
struct Paths {
    /// Keep plain levels over older denominators (the engine's `lazy`).
    lazy: bool,
    /// From how many classes selection-only runs are lazy too.
    lazy_selection_from: usize,
    /// Change a level in place when all its classes pay the same (unit weights).
    in_place: bool,
    /// Sum levels from their payment histories ([`Histories`]; lazy runs)
    /// when the groups outnumber the purchases this many times.
    counted_sums: Option<usize>,
}

impl Paths {
    const FAST: Paths = Paths {
        lazy: true,
        lazy_selection_from: LAZY_SELECTION_FROM,
        in_place: true,
        counted_sums: Some(COUNTED_SUMS_FROM),
    };
}

/// Runs MES with each voter's budget raised by `increments` currency units.
/// The budget of a voter is affine in further increments for parametric scalars.
pub(crate) fn run<S: Scalar>(profile: &Profile, setup: &Setup<'_>, increments: u64, record: Record) -> Run<S> {
    run_with(profile, setup, increments, record, Paths::FAST)
}

/// [`run`], optionally without some of the faster paths (the same outcome,
/// computed the slower way; for tests).
fn run_with<S: Scalar>(profile: &Profile, setup: &Setup<'_>, increments: u64, record: Record, paths: Paths) -> Run<S> {
    let voters = profile.voters;
    let projects = profile.projects();
    // Money is counted in units of 1/(voters × d) minor units; d starts at 1.
    let start = BigInt::from(setup.budget)
        + BigInt::from(increments) * BigInt::from(setup.currency_unit) * BigInt::from(voters);
    let slope = BigInt::from(setup.currency_unit) * BigInt::from(voters);
    let voter_budget = ratio(start.clone(), BigInt::from(voters.max(1)));
    let classes = profile.classes();
    let unit_weights = profile.unit_weights();
    // Not for the `add1` search's selection-only runs on smaller profiles:
    // on mid-size files (Ursynów) their many evaluations over few levels made
    // the per-epoch divisions cost more than the rescaling they save
    // (`benchmarks/mes-engine.md`: 30k × 200 slower, 100k × 200 faster).
    let lazy = paths.lazy
        && unit_weights
        && !S::PARAMETRIC
        && (record != Record::Selection || classes >= paths.lazy_selection_from);
    let mut engine = Engine::<S> {
        profile,
        setup,
        unit_weights,
        d: BigInt::one(),
        epoch_d: vec![BigInt::one()],
        factors: vec![None],
        lazy,
        epoch_thresholds: Vec::new(),
        epoch_sums: Vec::new(),
        epoch_used: Vec::new(),
        epoch_touched: Vec::new(),
        epoch_factors: Vec::new(),
        levels: vec![S::nil(), S::new(start.clone(), slope.clone())],
        level_epoch: vec![0, 0],
        meta: if lazy {
            vec![
                Meta::default(),
                Meta {
                    lead: Lead::of(&start),
                    ..Meta::default()
                },
            ]
        } else {
            Vec::new()
        },
        counts: vec![0; 2],
        refs: vec![0, profile.class_mult.iter().sum()],
        free: Vec::new(),
        class_level: vec![1; classes],
        queue: PriceQueue::default(),
        horizon: S::Horizon::default(),
        scratch: Scratch::default(),
        tmp: BigInt::default(),
        acc_sum: Acc::default(),
        spare: S::nil(),
        touched: Vec::new(),
        remap: vec![0; 2],
        record,
        purchases: Vec::new(),
        payments: if record == Record::Prices {
            vec![Vec::new(); classes]
        } else {
            Vec::new()
        },
        paths,
        hist: Histories::new(S::new(start.clone(), slope)),
    };
    let alive = (0..projects)
        .map(|p| profile.support_weight[p] > 0 && setup.costs[p] > 0 && voters > 0)
        .collect();
    let stale = (0..projects)
        .map(|p| Key {
            num: S::new(engine.cost_units(p), <BigInt as Zero>::zero()),
            den: BigInt::from(profile.support_weight[p].max(1)) * BigInt::from(setup.sigma[p]),
        })
        .collect();
    engine.queue = PriceQueue::new(stale, alive);
    let mut selected = Vec::new();
    while let Some((project, eval)) = engine.best() {
        engine.buy(project, eval);
        selected.push(project);
    }
    let held = if record == Record::Selection {
        Vec::new()
    } else {
        engine.held(&selected)
    };
    Run {
        selected,
        horizon: engine.horizon,
        purchases: engine.purchases,
        payments: engine.payments,
        held,
        voter_budget,
    }
}

impl<S: Scalar> Engine<'_, S> {
    /// A project's cost in units of 1/voters minor units (times `d` for current units).
    fn cost_units(&self, p: usize) -> BigInt {
        BigInt::from(self.setup.costs[p]) * BigInt::from(self.profile.voters)
    }

    /// Converts money in current units to minor units.
    fn minor(&self, value: &BigInt) -> BigRational {
        minor_units(value, self.profile.voters, &self.epoch_factors)
    }

    /// The project to buy next with its price, or `None` when nothing is affordable.
    fn best(&mut self) -> Option<(u32, Eval<S>)> {
        let mut queue = std::mem::take(&mut self.queue);
        let (best, _) = queue.cheapest(|p| self.evaluate(p), |eval| &eval.key);
        self.queue = queue;
        let (x, eval) = best?;
        if S::PARAMETRIC {
            // The chosen price must stay exact: the same supporters must stay
            // poor and rich. (Other projects' prices need no such care: with
            // any split into poor and rich, (cost − what the poor have) /
            // (weight of the rich) is a lower bound of the true price.)
            for g in &eval.groups {
                self.levels[g.level as usize].keep_scaled(
                    eval.rich_weight,
                    &eval.rest,
                    u128::from(g.weight),
                    &mut self.horizon,
                    &mut self.scratch,
                );
            }
            if eval.broke > 0 {
                eval.rest.cmp_keep(&S::nil(), &mut self.horizon);
            }
            // Certify the choice against every other candidate's price or lower bound.
            for q in 0..self.queue.alive.len() {
                if q != x as usize && self.queue.alive[q] {
                    let stale = &self.queue.stale[q];
                    let left = eval.key.num.times_big(&stale.den);
                    let right = stale.num.times_big(&eval.key.den);
                    let order = left.cmp_keep(&right, &mut self.horizon);
                    debug_assert!(order == Ordering::Less || (order == Ordering::Equal && (x as usize) < q));
                }
            }
        }
        Some((x, eval))
    }

    /// The groups of a project's supporters: (level, weight) with voter counts.
    fn groups(&mut self, p: usize) -> (Vec<Group>, u64) {
        let supporters = self.profile.supporters(p);
        let mut groups = Vec::new();
        if self.unit_weights {
            if self.counts.len() < self.levels.len() {
                self.counts.resize(self.levels.len(), 0);
            }
            for (class, _) in supporters {
                let level = self.class_level[class as usize];
                let slot = &mut self.counts[level as usize];
                if *slot == 0 {
                    self.touched.push(level);
                }
                *slot += self.profile.class_mult[class as usize];
            }
            groups.reserve_exact(self.touched.len());
            for &level in &self.touched {
                groups.push(Group {
                    level,
                    weight: 1,
                    mult: std::mem::take(&mut self.counts[level as usize]),
                    epoch: self.level_epoch[level as usize],
                });
            }
            self.touched.clear();
        } else {
            let mut entries: Vec<(u32, u64, u64)> = supporters
                .iter()
                .map(|(class, weight)| {
                    (
                        self.class_level[class as usize],
                        weight,
                        self.profile.class_mult[class as usize],
                    )
                })
                .collect();
            entries.sort_unstable_by_key(|&(level, weight, _)| (level, weight));
            for (level, weight, mult) in entries {
                match groups.last_mut() {
                    Some(g) if g.level == level && g.weight == weight => g.mult += mult,
                    _ => groups.push(Group {
                        level,
                        weight,
                        mult,
                        epoch: 0,
                    }),
                }
            }
        }
        let broke = groups.iter().filter(|g| g.level == 0).map(|g| g.mult).sum();
        groups.retain(|g| g.level != 0);
        (groups, broke)
    }

    /// The project's current price, or `None` when its supporters cannot pay for it.
    fn evaluate(&mut self, p: usize) -> Option<Eval<S>> {
        let (mut groups, broke) = self.groups(p);
        // Eager runs bring every level to the current denominator (their
        // groups' leads and epochs are then not used).
        if !self.lazy {
            let current = self.epoch_d.len() - 1;
            for g in &groups {
                let epoch = self.level_epoch[g.level as usize] as usize;
                if epoch != current {
                    self.rescale(g.level, epoch);
                }
            }
        }
        let current = self.epoch_d.len() - 1;
        let need = S::new(self.cost_units(p) * &self.d, <BigInt as Zero>::zero());
        // Find the poor (who cannot pay ρ × weight) by refining ρ: start with
        // everyone rich; whoever cannot pay the resulting price is poor and
        // pays all they have; recompute; repeat until nobody else is poor.
        // The price only rises, so this ends with the unique exact ρ — or
        // with nobody rich, when the supporters together cannot pay.
        let mut rest = need.clone();
        let mut rich_weight: u128 = groups.iter().map(|g| u128::from(g.mult) * u128::from(g.weight)).sum();
        let mut split = 0;
        let mut rounds = 0;
        let mut affordable = None;
        while rich_weight > 0 {
            rounds += 1;
            if rounds == 8 && affordable.is_none() {
                // Many rounds: settle affordability directly.
                let ok = self.total(&groups).cmp_now(&need) != Ordering::Less;
                affordable = Some(ok);
                if !ok {
                    break;
                }
            }
            let before = split;
            // For unit weights: poor ⟺ money × rich_weight < rest ⟺ money ≤ ⌈rest / rich_weight⌉ − 1.
            let threshold = (rest.now() - 1u8) / rich_weight;
            let threshold_lead = Lead::of(&threshold);
            if self.lazy {
                self.epoch_thresholds.clear();
                self.epoch_thresholds.resize(current + 1, None);
            }
            let start = split;
            for index in start..groups.len() {
                let g = groups[index];
                let money = &self.levels[g.level as usize];
                let poor = if self.lazy {
                    // A level kept over an older denominator: money·F ≤ t ⟺ money ≤ ⌊t / F⌋.
                    let epoch = g.epoch as usize;
                    let (bound, bound_lead) = if epoch == current {
                        (&threshold, threshold_lead)
                    } else {
                        let factor = epoch_factor(&mut self.factors, &self.d, &self.epoch_d, epoch);
                        let (bound, lead) = self.epoch_thresholds[epoch].get_or_insert_with(|| {
                            let bound = &threshold / factor;
                            let lead = Lead::of(&bound);
                            (bound, lead)
                        });
                        (&*bound, *lead)
                    };
                    Lead::le(money.now(), self.meta[g.level as usize].lead, bound, bound_lead)
                } else if self.unit_weights {
                    money.now() <= &threshold
                } else {
                    money.times(rich_weight).cmp_now(&rest.times(u128::from(g.weight))) == Ordering::Less
                };
                if poor {
                    groups.swap(index, split);
                    split += 1;
                }
            }
            if split == before {
                affordable = Some(true);
                break;
            }
            if self.counts_sums(split - before) {
                let meta = &self.meta;
                let paid = self.hist.sum(
                    groups[before..split]
                        .iter()
                        .map(|g| (meta[g.level as usize].hist, g.mult)),
                );
                rest.sub_mul(&paid, 1, &mut self.tmp);
            } else if self.lazy {
                let paid = self.lazy_sum(&groups[before..split]);
                rest.sub_mul(&S::new(paid, <BigInt as Zero>::zero()), 1, &mut self.tmp);
            } else {
                let levels = &self.levels;
                let poor = groups[before..split]
                    .iter()
                    .map(|g| (&levels[g.level as usize], g.mult));
                rest.sub_sum(poor, &mut self.acc_sum, &mut self.tmp);
            }
            for g in &groups[before..split] {
                rich_weight -= u128::from(g.mult) * u128::from(g.weight);
            }
        }
        if affordable != Some(true) {
            // Dropped for good: this must stay so for the outcome to stay.
            if S::PARAMETRIC {
                self.total(&groups).cmp_keep(&need, &mut self.horizon);
            }
            return None;
        }
        let den = &self.d * BigInt::from(rich_weight) * BigInt::from(self.setup.sigma[p]);
        Some(Eval {
            key: Key { num: rest.clone(), den },
            rest,
            rich_weight,
            groups,
            split,
            broke,
        })
    }

    /// Brings a level to the current common denominator.
    fn fresh(&mut self, level: u32) {
        let epoch = self.level_epoch[level as usize] as usize;
        if epoch != self.epoch_d.len() - 1 {
            self.rescale(level, epoch);
        }
    }

    /// [`Engine::fresh`] for a level over an older epoch's denominator.
    fn rescale(&mut self, level: u32, epoch: usize) {
        let l = level as usize;
        if level != 0 {
            let factor = epoch_factor(&mut self.factors, &self.d, &self.epoch_d, epoch);
            self.levels[l].scale_by(factor, &mut self.acc_sum);
            if self.lazy {
                self.meta[l].lead = Lead::of(self.levels[l].now());
            }
        }
        self.level_epoch[l] = (self.epoch_d.len() - 1) as u32;
    }

    fn new_level(&mut self, value: S, hist: Hist) -> u32 {
        if value.vanishes() {
            self.spare = value;
            return 0;
        }
        let meta = self.lazy.then(|| Meta {
            lead: Lead::of(value.now()),
            hist,
        });
        let epoch = (self.epoch_d.len() - 1) as u32;
        match self.free.pop() {
            Some(slot) => {
                self.spare = std::mem::replace(&mut self.levels[slot as usize], value);
                if let Some(meta) = meta {
                    self.meta[slot as usize] = meta;
                }
                self.level_epoch[slot as usize] = epoch;
                self.refs[slot as usize] = 0;
                slot
            }
            None => {
                self.levels.push(value);
                if let Some(meta) = meta {
                    self.meta.push(meta);
                }
                self.level_epoch.push(epoch);
                self.refs.push(0);
                (self.levels.len() - 1) as u32
            }
        }
    }

    /// Buys `p` at the evaluated price: the poor pay all they have, the rich
    /// pay the price times their weight.
    fn buy(&mut self, p: u32, eval: Eval<S>) {
        let Eval {
            mut rest,
            rich_weight,
            groups,
            split,
            broke,
            ..
        } = eval;
        let rich = BigInt::from(rich_weight);
        let small_factor = rich_weight / rest.gcd_with(rich_weight);
        let factor = BigInt::from(small_factor);
        if !factor.is_one() {
            self.epoch_factors.push(small_factor);
            self.d *= &factor;
            self.epoch_d.push(self.d.clone());
            self.factors = vec![None; self.epoch_d.len()];
            rest.scale_by(&factor, &mut self.acc_sum);
            if self.lazy {
                self.hist.rescale(small_factor);
            }
        }
        // Bring what is read below to the current denominator: the rich
        // (their new levels) and, where their payments are read one by one
        // or summed as if current (eager runs), the poor.
        let poor_read = self.record == Record::Prices || (self.record != Record::Selection && !self.lazy);
        for (index, g) in groups.iter().enumerate() {
            if index >= split || poor_read {
                self.fresh(g.level);
            }
        }
        let unit_price = rest.div_exact(&rich);
        if self.record != Record::Selection {
            let exhausted = broke + groups[..split].iter().map(|g| g.mult).sum::<u64>();
            let exhausted_paid = self.total(&groups[..split]).now().clone();
            let payers = groups[split..].iter().map(|g| g.mult).sum();
            self.purchases.push(Purchase {
                project: p,
                payers,
                share: self.minor(unit_price.now()),
                exhausted,
                exhausted_paid: self.minor(&exhausted_paid),
            });
        }
        if self.record == Record::Prices {
            // What one voter of each group pays: all they have, or the price times their weight.
            let mut paid: Vec<((u32, u64), BigRational)> = groups
                .iter()
                .enumerate()
                .map(|(index, g)| {
                    let money = self.levels[g.level as usize].now();
                    let amount = if index < split {
                        money.clone()
                    } else {
                        unit_price.now() * g.weight
                    };
                    ((g.level, g.weight), self.minor(&amount))
                })
                .collect();
            paid.sort_by_key(|(key, _)| *key);
            for (class, weight) in self.profile.supporters(p as usize) {
                let level = self.class_level[class as usize];
                if let Ok(at) = paid.binary_search_by_key(&(level, weight), |(key, _)| *key) {
                    self.payments[class as usize].push((p, paid[at].1.clone()));
                }
            }
        }
        // The bit of this purchase in the rich's histories.
        let bit = if self.lazy {
            self.hist.push(unit_price.clone())
        } else {
            None
        };
        let mark = |mut hist: Hist| {
            if let Some((word, mask)) = bit {
                hist[word] |= mask;
            }
            hist
        };
        // Where each group's money moves to.
        let mut moves: Vec<(u32, u64, u32)> = Vec::with_capacity(groups.len());
        for (index, g) in groups.iter().enumerate() {
            let target = if index < split {
                0
            } else if self.paths.in_place && self.lazy && g.mult == self.refs[g.level as usize] {
                // Every voter at this level supports `p`: its money changes in place.
                let l = g.level as usize;
                self.levels[l].sub_mul(&unit_price, u128::from(g.weight), &mut self.tmp);
                if self.levels[l].vanishes() {
                    0
                } else {
                    if self.lazy {
                        self.meta[l].lead = Lead::of(self.levels[l].now());
                    }
                    self.meta[l].hist = mark(self.meta[l].hist);
                    g.level
                }
            } else {
                // Reuse a spare value's buffer rather than allocating.
                let mut value = std::mem::replace(&mut self.spare, S::nil());
                value.clone_from(&self.levels[g.level as usize]);
                value.sub_mul(&unit_price, u128::from(g.weight), &mut self.tmp);
                let hist = if self.lazy {
                    mark(self.meta[g.level as usize].hist)
                } else {
                    Hist::default()
                };
                self.new_level(value, hist)
            };
            moves.push((g.level, g.weight, target));
        }
        if self.unit_weights {
            // Every supporter at a level moves to the same place: count the
            // voters per group, then move each class.
            if self.remap.len() < self.levels.len() {
                self.remap.resize(self.levels.len(), 0);
            }
            for (g, &(level, _, target)) in groups.iter().zip(&moves) {
                self.remap[level as usize] = target;
                self.refs[target as usize] += g.mult;
                let refs = &mut self.refs[level as usize];
                *refs -= g.mult;
                if *refs == 0 {
                    self.free.push(level);
                }
            }
            for (class, _) in self.profile.supporters(p as usize) {
                let old = self.class_level[class as usize];
                if old != 0 {
                    self.class_level[class as usize] = self.remap[old as usize];
                }
            }
        } else {
            moves.sort_unstable_by_key(|&(level, weight, _)| (level, weight));
            for (class, weight) in self.profile.supporters(p as usize) {
                let old = self.class_level[class as usize];
                if old == 0 {
                    continue;
                }
                let new = match moves.binary_search_by_key(&(old, weight), |&(l, w, _)| (l, w)) {
                    Ok(at) => moves[at].2,
                    Err(_) => 0,
                };
                self.class_level[class as usize] = new;
                let mult = self.profile.class_mult[class as usize];
                self.refs[new as usize] += mult;
                let refs = &mut self.refs[old as usize];
                *refs -= mult;
                if *refs == 0 {
                    self.free.push(old);
                }
            }
        }
        self.queue.alive[p as usize] = false;
    }
}

/// Converts money in units of 1/(`voters` × d) minor units to minor units,
/// where d is the product of `factors`.
///
/// The denominator is a product of known small factors (the voters and each
/// epoch's factor), so the fraction is reduced by one small gcd per factor
/// instead of a gcd of two big numbers.
pub(super) fn minor_units(value: &BigInt, voters: u64, factors: &[u128]) -> BigRational {
    let mut numer = value.clone();
    let mut denom = BigInt::one();
    for factor in std::iter::once(u128::from(voters.max(1))).chain(factors.iter().copied()) {
        let common = gcd_small(&numer, factor);
        if common > 1 {
            numer /= common;
        }
        denom *= factor / common;
    }
    BigRational::new_raw(numer, denom)
}

/// `d / epoch_d[epoch]`: what turns money over that epoch's denominator into
/// money over the current one (cached until the denominator changes).
fn epoch_factor<'f>(factors: &'f mut [Option<BigInt>], d: &BigInt, epoch_d: &[BigInt], epoch: usize) -> &'f BigInt {
    factors[epoch].get_or_insert_with(|| d / &epoch_d[epoch])
}

mod sums;

#[cfg(test)]
mod tests;
