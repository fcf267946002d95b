//! Benchmarks of the allocation rules:
//! `cargo bench -p medlemsbudget-domain --bench rules [-- FILTER]`.
//!
//! The matrix (method and current figures in `BENCHMARKS.md`):
//!
//! * rules: `greedy_cost`, `mes_cost` (no completion), `mes_cost_add1`,
//!   `mes_cost_add1_greedy`, `phragmen`, all with pabutools' settings
//!   ([`Options::pabutools`]);
//! * synthetic approval instances of 10k, 100k and 1M voters × 50 and 200
//!   bids: seed 42, Zipf-like popularity, 5–15 distinct approvals per ballot
//!   (`common/synthetic.rs`, [`synthetic::matrix_instance`]);
//! * the largest Pabulib instance of the fixtures, `Poland_Warszawa_2019_Ursynow.pb`
//!   (7,683 voters × 58 bids, 100,346 approvals: the most approvals and the
//!   most bids of `tests/fixtures/pabulib/`; Poznań has more voters, 40,092, but
//!   each approves one bid).
//!
//! Benchmark ids are `tally_{10k,100k,1m}/RULE/{50,200}_bids` and
//! `pabulib_largest/RULE/FILE`, so e.g. `-- 'tally_1m/mes_cost/'` runs only
//! the 1M-voter MES group and `-- 'tally_100k/mes_cost_add1_greedy/'` only
//! add1-greedy on 100k voters. Instances are built on first use, outside the
//! measurement, so a filter also skips building the ones it does not need.
//!
//! Run time: every benchmark takes at least 10 samples (criterion's minimum);
//! the slow ones use flat sampling and a short warm-up, so they cost about
//! 11 runs each. The whole default matrix takes roughly 15 minutes on 2 cores,
//! most of it add1 on 200 bids.
//!
//! Excluded by default: `mes_cost_add1` and `mes_cost_add1_greedy` on
//! 1M voters × 200 bids: the add1 search needs many full MES runs over
//! nearly unique ballots, so 10 samples take minutes per benchmark. Set
//! `MEDLEMSBUDGET_BENCH_SLOW=1` to include them (bounded to the minimum of
//! 10 samples, no warm-up beyond one run); for a single timed run use
//! `examples/synthetic_tally.rs` instead.

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode};
use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Instance, Options, Rule, Satisfaction};

#[path = "common/synthetic.rs"]
mod synthetic;

/// The largest Pabulib instance of the fixtures (see the module documentation).
const LARGEST_PABULIB: &str = "Poland_Warszawa_2019_Ursynow.pb";

/// The rules of the matrix, with pabutools' settings.
fn matrix_rules() -> [(Rule, Options); 5] {
    let pabu = Options::pabutools;
    [
        (Rule::Greedy, pabu(Satisfaction::Cost, Completion::None)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::None)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1Greedy)),
        (Rule::Phragmen, pabu(Satisfaction::Cost, Completion::None)),
    ]
}

fn slow_included() -> bool {
    std::env::var_os("MEDLEMSBUDGET_BENCH_SLOW").is_some_and(|v| !v.is_empty() && v != "0")
}

/// One synthetic size: group name, voters, and how criterion samples it.
struct Size {
    group: &'static str,
    voters: usize,
    /// Flat sampling, 10 samples, short warm-up: for runs of a second or more.
    heavy: bool,
}

const SIZES: [Size; 3] = [
    Size {
        group: "tally_10k",
        voters: 10_000,
        heavy: false,
    },
    Size {
        group: "tally_100k",
        voters: 100_000,
        heavy: true,
    },
    Size {
        group: "tally_1m",
        voters: 1_000_000,
        heavy: true,
    },
];

const BIDS: [usize; 2] = [50, 200];

/// Settings for the next benchmarks of `group`: heavy ones (a run of a
/// second or more) take the minimum of 10 samples of one run each.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, heavy: bool) {
    if heavy {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(10));
    } else {
        group
            .sample_size(20)
            .sampling_mode(SamplingMode::Auto)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(5));
    }
}

fn bench_synthetic(c: &mut Criterion) {
    let slow = slow_included();
    for size in &SIZES {
        let mut group = c.benchmark_group(size.group);
        for bids in BIDS {
            // Built on first use by a benchmark that passes the filter.
            let instance: OnceCell<Instance> = OnceCell::new();
            let build = || synthetic::matrix_instance(size.voters, bids);
            for (rule, options) in matrix_rules() {
                let add1 = options.completion != Completion::None;
                if add1 && size.voters >= 1_000_000 && bids >= 200 && !slow {
                    // ~80-90 s a run: see the module documentation.
                    continue;
                }
                // add1 on 200 bids takes seconds a run even at 10k voters.
                configure(&mut group, size.heavy || (add1 && bids >= 200));
                let id = BenchmarkId::new(rule.report_name(&options), format!("{bids}_bids"));
                group.bench_function(id, |b| {
                    let instance = instance.get_or_init(build);
                    b.iter(|| black_box(rules::run(rule, instance, &options)))
                });
            }
        }
        group.finish();
    }
}

fn bench_pabulib_largest(c: &mut Criterion) {
    let path = format!(
        "{}/../tests/fixtures/pabulib/{LARGEST_PABULIB}",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("pabulib_largest: {path} not found; skipped");
        return;
    };
    let instance = match read_instance(&text) {
        Ok(instance) => instance,
        Err(e) => panic!("{path}: {e}"),
    };
    let mut group = c.benchmark_group("pabulib_largest");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for (rule, options) in matrix_rules() {
        let id = BenchmarkId::new(rule.report_name(&options), LARGEST_PABULIB);
        group.bench_function(id, |b| b.iter(|| black_box(rules::run(rule, &instance, &options))));
    }
    group.finish();
}

criterion_group!(benches, bench_synthetic, bench_pabulib_largest);
criterion_main!(benches);
