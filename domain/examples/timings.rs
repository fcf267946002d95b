//! Prints how long each rule takes on the largest shared Pabulib instances
//! and on synthetic instances. Run with
//! `cargo run --release -p medlemsbudget-domain --example timings [--quick]`.

use std::time::Instant;

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Instance, Options, Rule, Satisfaction};

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

fn time(label: &str, instance: &Instance, rule: Rule, options: Options) {
    let started = Instant::now();
    let outcome = rules::run(rule, instance, &options);
    let micros = started.elapsed().as_micros();
    println!(
        "{label:<48} {:<24} {:>6} winners  total {:>12}  {:>8}.{:03} ms",
        rule.report_name(&options),
        outcome.winners.len(),
        outcome.total_cost.to_string(),
        micros / 1000,
        micros % 1000
    );
}

fn all_rules(points: bool) -> Vec<(Rule, Options)> {
    let pabu = Options::pabutools;
    let mut rules = vec![
        (Rule::Greedy, pabu(Satisfaction::Cost, Completion::None)),
        (Rule::Greedy, pabu(Satisfaction::Cardinality, Completion::None)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::None)),
        (Rule::Mes, pabu(Satisfaction::Cardinality, Completion::None)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1)),
        (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1Greedy)),
        (Rule::Phragmen, pabu(Satisfaction::Cost, Completion::None)),
    ];
    if points {
        rules.push((Rule::Greedy, pabu(Satisfaction::Points, Completion::None)));
        rules.push((Rule::Mes, pabu(Satisfaction::Points, Completion::None)));
    }
    rules
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/pabulib");
    for file in [
        "Poland_Warszawa_2019_Ursynow.pb",
        "Poland_Poznan_2023_Green_Budget.pb",
        "Poland_Warszawa_2019_Bielany.pb",
        "Hungary_Budapest_2024_VIII_Jozsefvaros.pb",
    ] {
        let Ok(text) = std::fs::read_to_string(format!("{dir}/{file}")) else {
            println!("{file}: not found");
            continue;
        };
        let started = Instant::now();
        let instance = match read_instance(&text) {
            Ok(instance) => instance,
            Err(e) => {
                println!("{file}: {e}");
                continue;
            }
        };
        println!("{file}: parsed in {} ms", started.elapsed().as_millis());
        for (rule, options) in all_rules(false) {
            time(file, &instance, rule, options);
        }
    }
    if std::env::args().any(|a| a == "--add1") {
        for projects in [20, 50, 100, 200] {
            let instance = synthetic::approval_instance(100_000, projects, 8, 42);
            let label = format!("synthetic 100000x{projects}");
            time(
                &label,
                &instance,
                Rule::Mes,
                Options::pabutools(Satisfaction::Cost, Completion::Add1Greedy),
            );
        }
        return;
    }
    let sizes: &[(usize, usize)] = if quick {
        &[(100_000, 50)]
    } else {
        &[
            (100_000, 50),
            (100_000, 200),
            (1_000_000, 50),
            (1_000_000, 100),
            (1_000_000, 200),
        ]
    };
    for &(voters, projects) in sizes {
        let started = Instant::now();
        let instance = synthetic::approval_instance(voters, projects, 8, 42);
        println!(
            "synthetic {voters} voters x {projects} projects: built in {} ms",
            started.elapsed().as_millis()
        );
        let label = format!("synthetic {voters}x{projects}");
        time(
            &label,
            &instance,
            Rule::Mes,
            Options::pabutools(Satisfaction::Cost, Completion::None),
        );
        time(
            &label,
            &instance,
            Rule::Mes,
            Options::pabutools(Satisfaction::Cardinality, Completion::None),
        );
        if voters <= 100_000 {
            time(
                &label,
                &instance,
                Rule::Mes,
                Options::pabutools(Satisfaction::Cost, Completion::Add1Greedy),
            );
        }
        time(
            &label,
            &instance,
            Rule::Greedy,
            Options::pabutools(Satisfaction::Cost, Completion::None),
        );
        time(
            &label,
            &instance,
            Rule::Phragmen,
            Options::pabutools(Satisfaction::Cost, Completion::None),
        );
    }
}
