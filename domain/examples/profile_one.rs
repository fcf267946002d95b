//! Runs one rule on one Pabulib file (for profiling):
//! `cargo run --release -p medlemsbudget-domain --example profile_one -- FILE RULE SATISFACTION COMPLETION [REPEAT]`;
//! FILE may be `synthetic:VOTERS:PROJECTS` for a generated instance.

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Options};

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: profile_one FILE RULE SATISFACTION COMPLETION [REPEAT]");
        return;
    }
    // FILE may also be `synthetic:VOTERS:PROJECTS`.
    let synthetic: Vec<usize> = args[1]
        .strip_prefix("synthetic:")
        .map(|rest| rest.split(':').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    let instance = if let [voters, projects] = synthetic[..] {
        synthetic::approval_instance(voters, projects, 8, 42)
    } else {
        let text = std::fs::read_to_string(&args[1]).unwrap_or_default();
        match read_instance(&text) {
            Ok(instance) => instance,
            Err(e) => {
                eprintln!("{e}");
                return;
            }
        }
    };
    let (Ok(rule), Ok(satisfaction), Ok(completion)) = (args[2].parse(), args[3].parse(), args[4].parse()) else {
        eprintln!("bad rule, satisfaction or completion");
        return;
    };
    let repeat: usize = args.get(5).and_then(|r| r.parse().ok()).unwrap_or(1);
    let options = Options::pabutools(satisfaction, completion);
    for _ in 0..repeat {
        let outcome = rules::run(rule, &instance, &options);
        println!("{} winners, total {}", outcome.winners.len(), outcome.total_cost);
    }
}
