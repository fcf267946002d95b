//! The binary's commands as a user runs them, and the committed OpenAPI
//! document's agreement with the code (`UPDATE_OPENAPI=1` rewrites it).

use std::path::PathBuf;

use medlemsbudget::auth::TokenKeys;

use medlemsbudget_domain::audit::AuditEvent;
use medlemsbudget_domain::ProposalId;

use crate::helpers::{binary, connect_migrated, record_audit_event, TestDatabase};

fn committed_openapi() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let Ok(generated) = medlemsbudget::app::openapi_json() else {
        panic!("cannot render the document")
    };
    let path = committed_openapi();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        if let Err(e) = std::fs::write(&path, &generated) {
            panic!("cannot write {}: {e}", path.display());
        }
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p medlemsbudget-tests --test api cli::` and commit it"
    );
}

#[test]
fn openapi_prints_the_same_document() {
    let Ok(output) = binary().arg("openapi").output() else {
        panic!("cannot run the binary")
    };
    assert!(output.status.success());
    let Ok(generated) = medlemsbudget::app::openapi_json() else {
        panic!("cannot render the document")
    };
    assert_eq!(String::from_utf8_lossy(&output.stdout), generated);
}

#[test]
fn token_uses_the_secret_kept_beside_the_sqlite_database() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    let database = dir.path().join("mb.db");
    let url = format!("sqlite://{}", database.display());
    let run = |args: &[&str]| binary().args(args).arg("--database-url").arg(&url).output();

    let Ok(output) = run(&["token", "--role", "member", "--sub", "m-1", "--storkreds", "fyn"]) else {
        panic!("run")
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let secret = std::fs::read_to_string(dir.path().join("mb.db.jwt-secret")).unwrap_or_default();
    let Ok(keys) = TokenKeys::from_secret(secret.trim()) else {
        panic!("the stored secret is unusable")
    };
    let principal = keys.verify(&token);
    assert_eq!(principal.ok().map(|p| p.subject().to_owned()), Some("m-1".to_owned()));

    let Ok(missing) = run(&["token", "--role", "board", "--sub", "b"]) else {
        panic!("run")
    };
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--storkreds"));
}

#[test]
fn a_short_secret_fails_at_start_up_naming_the_setting() {
    let Ok(output) = binary()
        .args(["token", "--jwt-secret", "short", "--role", "hb", "--sub", "x"])
        .output()
    else {
        panic!("run")
    };
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("jwt-secret"));
}

#[test]
fn migrate_creates_the_database() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    let Ok(output) = binary().args(["migrate", "--database-url", &url]).output() else {
        panic!("run")
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.path().join("new.db").exists());
}

#[test]
fn audit_verify_catches_an_event_edited_by_hand() {
    let database = TestDatabase::sqlite();
    let url = database.url.clone();
    let Ok(runtime) = tokio::runtime::Runtime::new() else {
        panic!("runtime")
    };
    let seeded: Result<(), String> = runtime.block_on(async {
        let db = connect_migrated(&url, 1).await;
        for n in 0..3 {
            let event = AuditEvent::ProposalWithdrawn {
                proposal_id: ProposalId(n),
            };
            record_audit_event(&db, 1, &event).await?;
        }
        db.close().await.map_err(|e| e.to_string())
    });
    assert_eq!(seeded, Ok(()));
    let verify = || binary().args(["audit", "verify", "--database-url", &url]).output();

    let Ok(intact) = verify() else { panic!("run") };
    assert!(intact.status.success(), "{}", String::from_utf8_lossy(&intact.stderr));
    assert!(String::from_utf8_lossy(&intact.stdout).contains("round 1: 3 events, chain intact"));

    let edited: Result<(), String> = runtime.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = medlemsbudget::db::connect(&url, 1).await.map_err(|e| e.to_string())?;
        db.execute_unprepared("UPDATE audit_events SET details = '{\"n\":7}' WHERE seq = 2")
            .await
            .map_err(|e| e.to_string())?;
        db.close().await.map_err(|e| e.to_string())
    });
    assert_eq!(edited, Ok(()));
    let Ok(broken) = verify() else { panic!("run") };
    assert!(!broken.status.success());
    assert!(
        String::from_utf8_lossy(&broken.stdout).contains("BROKEN round 1, event 2"),
        "{}",
        String::from_utf8_lossy(&broken.stdout)
    );
}

/// A Pabulib file from `tests/fixtures/pabulib`.
fn pabulib_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pabulib")
        .join(name)
}

#[test]
fn tally_prints_the_pabutools_outcome_of_a_pabulib_file() {
    let file = pabulib_fixture("Poland_Gdynia_2020_Babie_Doly__small.pb");
    assert!(file.exists(), "{} is missing", file.display());
    let Ok(output) = binary()
        .args(["tally", "--rule", "mes", "--completion", "add1-greedy", "--input"])
        .arg(&file)
        .output()
    else {
        panic!("run")
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&output.stdout) else {
        panic!("not JSON")
    };
    let mut winners: Vec<&str> = report["winners"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str())
        .collect();
    winners.sort_unstable();
    assert_eq!(winners, ["2", "4", "5"]);
    assert_eq!(
        (report["rule"].as_str(), report["total_cost"].as_str()),
        (Some("mes_cost_add1_greedy"), Some("21595"))
    );
    assert!(report["projects"][0]["explanation"]
        .as_str()
        .is_some_and(|e| e.starts_with("Funded in step 1")));
}

#[test]
fn tally_names_the_line_of_a_parse_error() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temp dir")
    };
    let file = dir.path().join("bad.pb");
    let text = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n1;1\n";
    assert!(std::fs::write(&file, text).is_ok());
    let Ok(output) = binary()
        .args(["tally", "--rule", "greedy", "--input"])
        .arg(&file)
        .output()
    else {
        panic!("run")
    };
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("line 7"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn tally_timings_go_to_stderr_only_when_asked() {
    let file = pabulib_fixture("Poland_Gdynia_2020_Babie_Doly__small.pb");
    let run = |extra: &[&str]| {
        binary()
            .args(["tally", "--rule", "mes", "--input"])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("run: {e}"))
    };
    let plain = run(&[]);
    let timed = run(&["--timings"]);
    assert!(timed.status.success(), "{}", String::from_utf8_lossy(&timed.stderr));
    assert_eq!(plain.stdout, timed.stdout);
    assert!(plain.stderr.is_empty(), "{}", String::from_utf8_lossy(&plain.stderr));
    let stderr = String::from_utf8_lossy(&timed.stderr);
    let fields: Vec<&str> = stderr
        .trim()
        .strip_prefix("timings: ")
        .unwrap_or_else(|| panic!("{stderr}"))
        .split(' ')
        .map(|pair| pair.split('=').next().unwrap_or_default())
        .collect();
    assert_eq!(fields, ["parse_ms", "rule_ms", "report_ms", "total_ms"]);
}
