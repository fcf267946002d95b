//! Tallies a Pabulib file and prints the JSON report of the tally contract:
//! `cargo run -p medlemsbudget-domain --example tally_file -- FILE [RULE [SATISFACTION [COMPLETION [TIE-BREAK]]]]`
//! (defaults: mes cost add1-greedy lexicographic).

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Options, Rule, Satisfaction, TieBreak};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: tally_file FILE [RULE [SATISFACTION [COMPLETION [TIE-BREAK]]]]");
        return;
    };
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_owned());
    let (Ok(rule), Ok(satisfaction), Ok(completion), Ok(tie_break)) = (
        arg(2, "mes").parse::<Rule>(),
        arg(3, "cost").parse::<Satisfaction>(),
        arg(4, "add1-greedy").parse::<Completion>(),
        arg(5, "lexicographic").parse::<TieBreak>(),
    ) else {
        eprintln!("unknown rule, satisfaction, completion or tie-break");
        return;
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let instance = match read_instance(&text) {
        Ok(instance) => instance,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let options = Options {
        satisfaction,
        completion,
        tie_break,
        fund_unsupported: false,
    };
    let report = rules::tally(rule, &instance, &options);
    match serde_json::to_string_pretty(&report) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("{e}"),
    }
}
