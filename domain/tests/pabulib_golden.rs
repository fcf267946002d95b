//! Golden tests: every instance × rule in `tests/fixtures/pabulib/expected.json`
//! (computed by pabutools 1.2.3 in exact arithmetic) must give the same set
//! of winners and the same total cost. Entries marked `skipped` have no
//! reference answer. The folder must exist: a missing folder is a failure.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use medlemsbudget_domain::pabulib::read_instance;
use medlemsbudget_domain::rules::{self, Completion, Decimal, Instance, Options, Rule, Satisfaction};
use serde_json::Value;

fn folder() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/pabulib"))
}

fn rule(name: &str) -> Option<(Rule, Options)> {
    let pabu = Options::pabutools;
    Some(match name {
        "greedy_cost" => (Rule::Greedy, pabu(Satisfaction::Cost, Completion::None)),
        "greedy_card" => (Rule::Greedy, pabu(Satisfaction::Cardinality, Completion::None)),
        "greedy_additive_cardinal" => (Rule::Greedy, pabu(Satisfaction::Points, Completion::None)),
        "mes_cost" => (Rule::Mes, pabu(Satisfaction::Cost, Completion::None)),
        "mes_card" => (Rule::Mes, pabu(Satisfaction::Cardinality, Completion::None)),
        "mes_additive_cardinal" => (Rule::Mes, pabu(Satisfaction::Points, Completion::None)),
        "mes_cost_add1" => (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1)),
        "mes_cost_add1_greedy" => (Rule::Mes, pabu(Satisfaction::Cost, Completion::Add1Greedy)),
        "phragmen" => (Rule::Phragmen, pabu(Satisfaction::Cost, Completion::None)),
        _ => return None,
    })
}

/// Whether `text` (a decimal like "399000" or "1234.5") equals `minor` at `scale`.
fn same_amount(text: &str, minor: u64, scale: u8) -> bool {
    let Ok(expected) = Decimal::parse(text) else {
        return false;
    };
    let expected = u128::from(expected.digits) * 10u128.pow(u32::from(scale));
    let ours = u128::from(minor) * 10u128.pow(u32::from(Decimal::parse(text).map_or(0, |d| d.decimals)));
    expected == ours
}

#[test]
fn pabutools_reference_outcomes_are_reproduced() {
    let dir = folder();
    assert!(
        dir.join("expected.json").is_file(),
        "the reference folder {} is missing; it must hold the Pabulib files and expected.json",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
    let expected: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let Some(files) = expected.as_object() else {
        panic!("expected.json is not a JSON object");
    };
    let mut checked = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for (file, rules_expected) in files.iter().filter(|(k, _)| k.ends_with(".pb")) {
        let pb = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let instance: Instance = match read_instance(&pb) {
            Ok(instance) => instance,
            Err(e) => {
                failures.push(format!("{file}: cannot read: {e}"));
                continue;
            }
        };
        let Some(rules_expected) = rules_expected.as_object() else {
            continue;
        };
        for (name, reference) in rules_expected.iter().filter(|(k, _)| !k.starts_with('_')) {
            if reference.get("skipped").is_some() {
                skipped += 1;
                continue;
            }
            let Some((rule, options)) = rule(name) else {
                failures.push(format!("{file}: unknown rule {name}"));
                continue;
            };
            let started = Instant::now();
            let outcome = rules::run(rule, &instance, &options);
            let millis = started.elapsed().as_millis();
            let winners: BTreeSet<&str> = outcome.winner_ids().into_iter().collect();
            let want: BTreeSet<&str> = reference["winners"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let total = reference["total_cost"].as_str().unwrap_or("");
            let cost_ok = same_amount(total, outcome.total_cost.minor(), instance.scale());
            eprintln!(
                "{file} {name}: {} winners, total {} ({millis} ms){}",
                winners.len(),
                outcome.total_cost,
                if winners == want && cost_ok { "" } else { "  MISMATCH" }
            );
            if winners != want || !cost_ok {
                failures.push(format!(
                    "{file} {name}: got {winners:?} total {}, expected {want:?} total {total}",
                    outcome.total_cost
                ));
            }
            assert_eq!(outcome.rule, *name);
            checked += 1;
        }
    }
    eprintln!("{checked} instance×rule pairs checked, {skipped} skipped (no reference)");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0, "nothing was checked");
}

/// Every shared file, written back with `write`, parses to the same tables
/// and the same instance; and exporting the instance gives it back too.
#[test]
fn written_files_read_back_as_the_same_instance() {
    use medlemsbudget_domain::pabulib::{parse, write, PbFile};
    let dir = folder();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "pb") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let file = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let instance = file.to_instance().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = parse(&write(&file)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(again, file, "{}", path.display());
        assert_eq!(again.to_instance().ok(), Some(instance.clone()), "{}", path.display());
        let exported = write(&PbFile::from_instance(&instance, &[("country", "Denmark")]));
        assert_eq!(read_instance(&exported).ok(), Some(instance), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} files found in {}", dir.display());
}
