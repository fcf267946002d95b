//! The `add1` search's filtered runs, a few increments ahead.
//!
//! On a dense election the search steps one increment at a time, and each
//! step is an independent run from scratch. While it does, the runs of the
//! next increments are computed side by side on the machine's cores; the
//! search still looks at them one at a time, in order, so its result is the
//! same as with one core (runs it ends up not needing are thrown away).
//! Each run starts after the longest steady first steps of a run with fewer
//! increments (see [`Prefix`]), which it would only repeat.

use std::collections::VecDeque;

use num_bigint::BigInt;

use super::engine::{Run, Setup};
use super::filtered::{self, Prefix};
use crate::parallel;
use crate::rules::profile::Profile;

/// A filtered selection run with its guess (see [`filtered::run_guessing`]).
type Guessed = Option<(Run<BigInt>, u64)>;

/// A run's result, and its steady first steps when they are the longest yet.
type Computed = (Guessed, Option<Prefix>);

/// Filtered selection runs by increment, computed ahead.
pub(crate) struct Ahead<'a> {
    profile: &'a Profile,
    setup: &'a Setup<'a>,
    threads: usize,
    /// Runs already computed, by increment, ascending.
    ready: VecDeque<(u64, Guessed)>,
    /// The longest steady first steps of a run so far (the search only
    /// moves to more increments, so they apply to every run still to come).
    prefix: Option<Prefix>,
}

impl<'a> Ahead<'a> {
    pub fn new(profile: &'a Profile, setup: &'a Setup<'a>) -> Self {
        Ahead {
            profile,
            setup,
            threads: parallel::threads(),
            ready: VecDeque::new(),
            prefix: None,
        }
    }

    /// The filtered run at `increments`; with `ahead`, the runs of the next
    /// increments too, when it has to be computed (one per core).
    pub fn run(&mut self, increments: u64, ahead: bool) -> Guessed {
        while self.ready.front().is_some_and(|&(k, _)| k < increments) {
            self.ready.pop_front();
        }
        if let Some((k, _)) = self.ready.front() {
            if *k == increments {
                return self.ready.pop_front().and_then(|(_, run)| run);
            }
        }
        self.ready.clear();
        let count = if ahead { self.threads as u64 } else { 1 };
        let last = increments.saturating_add(count - 1);
        let (profile, setup, from) = (self.profile, self.setup, self.prefix.as_ref());
        let batch: Vec<u64> = (increments..=last).collect();
        let runs = parallel::map_in_order(batch, |k| (k, one(profile, setup, k, from)));
        for (k, (run, prefix)) in runs {
            if let Some(prefix) = prefix {
                if self.prefix.as_ref().is_none_or(|known| prefix.steps() > known.steps()) {
                    self.prefix = Some(prefix);
                }
            }
            self.ready.push_back((k, run));
        }
        self.ready.pop_front().and_then(|(_, run)| run)
    }
}

/// The filtered selection run at `increments`, from `from` when it applies.
fn one(profile: &Profile, setup: &Setup<'_>, increments: u64, from: Option<&Prefix>) -> Computed {
    match filtered::run_resuming(profile, setup, increments, from) {
        Some((run, guess, prefix)) => (Some((run, guess)), prefix),
        None => (None, None),
    }
}
