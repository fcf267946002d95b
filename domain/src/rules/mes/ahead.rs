//! The `add1` search's filtered runs, a few increments ahead.
//!
//! On a dense election the search steps one increment at a time, and each
//! step is an independent run from scratch. While it does, the runs of the
//! next increments are computed side by side on the machine's cores; the
//! search still looks at them one at a time, in order, so its result is the
//! same as with one core (runs it ends up not needing are thrown away).

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::thread;

use num_bigint::BigInt;

use super::engine::{Record, Run, Setup};
use super::filtered;
use crate::rules::profile::Profile;

/// The most runs computed at once.
const MOST_THREADS: usize = 4;

/// A filtered selection run with its guess (see [`filtered::run_guessing`]).
type Guessed = Option<(Run<BigInt>, u64)>;

/// Filtered selection runs by increment, computed ahead.
pub(crate) struct Ahead<'a> {
    profile: &'a Profile,
    setup: &'a Setup<'a>,
    threads: usize,
    /// Runs already computed, by increment, ascending.
    ready: VecDeque<(u64, Guessed)>,
}

impl<'a> Ahead<'a> {
    pub fn new(profile: &'a Profile, setup: &'a Setup<'a>) -> Self {
        let threads = thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .min(MOST_THREADS);
        Ahead {
            profile,
            setup,
            threads,
            ready: VecDeque::new(),
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
        if last == increments {
            return one(self.profile, self.setup, increments);
        }
        let (profile, setup) = (self.profile, self.setup);
        let runs: Vec<(u64, Guessed)> = thread::scope(|scope| {
            let handles: Vec<_> = (increments..=last)
                .map(|k| scope.spawn(move || (k, one(profile, setup, k))))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        self.ready.extend(runs);
        self.ready.pop_front().and_then(|(_, run)| run)
    }
}

fn one(profile: &Profile, setup: &Setup<'_>, increments: u64) -> Guessed {
    filtered::run_guessing(profile, setup, increments, Record::Selection)
}
