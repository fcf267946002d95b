//! Times reading + parsing a Pabulib file and running MES (cost, no
//! completion) on it, in process, and prints the medians:
//! `cargo run --release -p medlemsbudget-domain --example parse_timing -- FILE... [--reps N]`.

use std::time::Instant;

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Options, Rule, Satisfaction};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(21usize);
    let files = args.iter().take_while(|a| *a != "--reps");
    let options = Options::pabutools(Satisfaction::Cost, Completion::None);
    for file in files {
        let mut parse = Vec::with_capacity(reps);
        let mut rule = Vec::with_capacity(reps);
        for _ in 0..reps {
            let started = Instant::now();
            let instance = match std::fs::read_to_string(file)
                .map_err(|e| e.to_string())
                .and_then(|text| read_instance(&text).map_err(|e| e.to_string()))
            {
                Ok(instance) => instance,
                Err(e) => {
                    eprintln!("{file}: {e}");
                    return;
                }
            };
            let parsed = Instant::now();
            let outcome = rules::run(Rule::Mes, &instance, &options);
            let done = Instant::now();
            std::hint::black_box(outcome);
            parse.push((parsed - started).as_secs_f64() * 1e3);
            rule.push((done - parsed).as_secs_f64() * 1e3);
        }
        let name = std::path::Path::new(file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        println!(
            "{name:<48} read+parse {:>8.3} ms (min {:.3})  mes_cost {:>8.3} ms (min {:.3})  n={reps}",
            median(parse.clone()),
            parse.iter().copied().fold(f64::INFINITY, f64::min),
            median(rule.clone()),
            rule.iter().copied().fold(f64::INFINITY, f64::min),
        );
    }
}
