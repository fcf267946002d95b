//! Benchmarks of the allocation rules on synthetic instances and on the
//! largest shared Pabulib instances:
//! `cargo bench -p medlemsbudget-domain --bench rules`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Instance, Options, Rule, Satisfaction};

#[path = "common/synthetic.rs"]
mod synthetic;

fn shared(file: &str) -> Option<Instance> {
    let path = format!("{}/../../shared/pabulib/{file}", env!("CARGO_MANIFEST_DIR"));
    read_instance(&std::fs::read_to_string(path).ok()?).ok()
}

fn bench_mes_large(c: &mut Criterion) {
    let mut group = c.benchmark_group("mes_cost_1m_voters");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for projects in [50, 200] {
        let instance = synthetic::approval_instance(1_000_000, projects, 8, 42);
        let options = Options::pabutools(Satisfaction::Cost, Completion::None);
        group.bench_function(format!("{projects}_projects"), |b| {
            b.iter(|| black_box(rules::run(Rule::Mes, &instance, &options)))
        });
    }
    group.finish();
}

fn bench_add1_greedy(c: &mut Criterion) {
    let mut group = c.benchmark_group("mes_cost_add1_greedy_100k_voters");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let instance = synthetic::approval_instance(100_000, 50, 8, 42);
    let options = Options::pabutools(Satisfaction::Cost, Completion::Add1Greedy);
    group.bench_function("50_projects", |b| {
        b.iter(|| black_box(rules::run(Rule::Mes, &instance, &options)))
    });
    group.finish();
}

fn bench_shared(c: &mut Criterion) {
    let mut group = c.benchmark_group("shared");
    group.sample_size(10);
    for file in ["Poland_Warszawa_2019_Ursynow.pb", "Poland_Poznan_2023_Green_Budget.pb"] {
        let Some(instance) = shared(file) else {
            continue;
        };
        for (rule, satisfaction, completion) in [
            (Rule::Greedy, Satisfaction::Cost, Completion::None),
            (Rule::Mes, Satisfaction::Cost, Completion::None),
            (Rule::Mes, Satisfaction::Cardinality, Completion::None),
            (Rule::Phragmen, Satisfaction::Cost, Completion::None),
        ] {
            let options = Options::pabutools(satisfaction, completion);
            group.bench_function(format!("{file}/{}", rule.report_name(&options)), |b| {
                b.iter(|| black_box(rules::run(rule, &instance, &options)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_shared, bench_mes_large, bench_add1_greedy);
criterion_main!(benches);
