//! Builds one instance of the benchmark matrix (5–15 distinct approvals per
//! ballot, Zipf-like popularity, seed 42: `benches/common/synthetic.rs`) and
//! tallies it, printing how long each part took. Used for peak memory
//! (`/usr/bin/time -v`), for profiling, and to write the instance as a
//! Pabulib file for `scripts/bench-tally.sh`:
//!
//! ```sh
//! cargo run --release -p medlemsbudget-domain --example synthetic_tally -- \
//!     VOTERS PROJECTS [RULE SATISFACTION COMPLETION] [--repeat N] [--write-pb FILE] [--no-tally]
//! ```
//!
//! e.g. `1000000 200 mes cost none`. RULE etc. default to `mes cost none`.

use std::time::Instant;

use medlemsbudget_domain::pabulib::{self, PbFile};
use medlemsbudget_domain::rules::{self, Completion, Options, Rule, Satisfaction};

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

fn usage() -> ! {
    eprintln!(
        "usage: synthetic_tally VOTERS PROJECTS [RULE SATISFACTION COMPLETION] [--repeat N] [--write-pb FILE] [--no-tally]"
    );
    std::process::exit(2)
}

fn main() {
    let mut positional = Vec::new();
    let mut repeat = 1usize;
    let mut write_pb = None;
    let mut tally = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| usage()),
            "--write-pb" => write_pb = Some(args.next().unwrap_or_else(|| usage())),
            "--no-tally" => tally = false,
            _ => positional.push(arg),
        }
    }
    let (Some(Ok(voters)), Some(Ok(projects))) = (
        positional.first().map(|v| v.parse::<usize>()),
        positional.get(1).map(|p| p.parse::<usize>()),
    ) else {
        usage()
    };
    let word = |i: usize, default: &str| positional.get(i).cloned().unwrap_or_else(|| default.to_owned());
    let (Ok(rule), Ok(satisfaction), Ok(completion)) = (
        word(2, "mes").parse::<Rule>(),
        word(3, "cost").parse::<Satisfaction>(),
        word(4, "none").parse::<Completion>(),
    ) else {
        usage()
    };

    let started = Instant::now();
    let instance = synthetic::matrix_instance(voters, projects);
    let approvals: usize = instance.ballots().iter().map(|b| b.projects().len()).sum();
    println!(
        "built {voters} voters x {projects} projects ({approvals} approvals) in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    if let Some(path) = write_pb {
        let started = Instant::now();
        let meta = [("description", "medlemsbudget benchmark matrix (synthetic, seed 42)")];
        let text = pabulib::write(&PbFile::from_instance(&instance, &meta));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
        println!("wrote {path} in {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    }
    if !tally {
        return;
    }
    let options = Options::pabutools(satisfaction, completion);
    for _ in 0..repeat {
        let started = Instant::now();
        let outcome = rules::run(rule, &instance, &options);
        let elapsed = started.elapsed().as_secs_f64() * 1e3;
        // For MES, the per-voter budget of the final run (add1: after the increments).
        let voter_budget = outcome
            .voter_budget
            .as_ref()
            .map(|b| {
                format!(
                    ", voter budget {b} (start {})",
                    instance.budget() as f64 / voters as f64
                )
            })
            .unwrap_or_default();
        println!(
            "{}: {} winners, total {}{voter_budget}, {elapsed:.1} ms",
            rule.report_name(&options),
            outcome.winners.len(),
            outcome.total_cost,
        );
    }
}
