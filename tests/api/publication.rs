//! The signed publication: a member checks a published round with
//! `medlemsbudget verify` from the published files alone, and every change
//! to those files, or to the round's records in the database after
//! publication, is found and named.

use std::path::{Path, PathBuf};

use medlemsbudget::auth::Role;
use medlemsbudget::signing::Signer;
use medlemsbudget_domain::verification::{audit_hash, verify_audit_chain};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{json, Value};

use axum::http::StatusCode;

use crate::helpers::{binary, connect_migrated, spawn_app, spawn_server, token, Api, TestDatabase, SIGNING_SECRET};

/// A published round: 250.00 kr, three bids of 100.00, six ballots; its id.
async fn published_round(api: &Api, base: &str) -> i64 {
    let hb = token(Role::Hb, "hb", None);
    let board = token(Role::Board, "board-fyn", Some("fyn"));
    let url = |path: &str| format!("{base}/api/v1{path}");
    let (_, round) = api
        .call(
            Method::POST,
            &url("/rounds"),
            &hb,
            Some(json!({"name": "Offentlig", "pool": "250.00"})),
        )
        .await;
    let id = round["id"].as_i64().unwrap_or_default();
    let phase = |p: &str| Some(json!({"phase": p}));
    api.call(
        Method::POST,
        &url(&format!("/rounds/{id}/phase")),
        &hb,
        phase("submission"),
    )
    .await;
    let mut bids = Vec::new();
    for n in 0..3 {
        let bid = json!({"title": format!("Bud {n}"), "description": "Et bud.", "amount": "100.00"});
        let (_, bid) = api
            .call(
                Method::POST,
                &url(&format!("/rounds/{id}/proposals")),
                &board,
                Some(bid),
            )
            .await;
        let bid = bid["id"].as_i64().unwrap_or_default();
        let review = Some(json!({"decision": "accepted"}));
        api.call(
            Method::POST,
            &url(&format!("/rounds/{id}/proposals/{bid}/review")),
            &hb,
            review,
        )
        .await;
        bids.push(bid);
    }
    for p in ["review", "voting"] {
        api.call(Method::POST, &url(&format!("/rounds/{id}/phase")), &hb, phase(p))
            .await;
    }
    // Bids 0 and 1 win 3 and 2 supporters; bid 2 has 1.
    let ballots: [&[usize]; 6] = [&[0], &[0, 1], &[0], &[1], &[2], &[]];
    for (n, chosen) in ballots.iter().enumerate() {
        let member = token(Role::Member, &format!("m-{n}"), Some("fyn"));
        let approvals: Vec<i64> = chosen.iter().map(|&i| bids[i]).collect();
        let (status, _) = api
            .call(
                Method::PUT,
                &url(&format!("/rounds/{id}/ballot")),
                &member,
                Some(json!({"approvals": approvals})),
            )
            .await;
        assert_eq!(status, 200);
    }
    api.call(Method::POST, &url(&format!("/rounds/{id}/phase")), &hb, phase("closed"))
        .await;
    let (status, tally) = api
        .call(Method::POST, &url(&format!("/rounds/{id}/tally")), &hb, None)
        .await;
    assert_eq!(status, 200, "{tally}");
    let (status, published) = api
        .call(
            Method::POST,
            &url(&format!("/rounds/{id}/phase")),
            &hb,
            phase("published"),
        )
        .await;
    assert_eq!(status, 200, "{published}");
    id
}

async fn download(api: &Api, url: &str, to: &Path) {
    let member = token(Role::Member, "m-0", Some("fyn"));
    let Ok(response) = api.client.get(url).bearer_auth(member).send().await else {
        panic!("GET {url}")
    };
    assert_eq!(response.status().as_u16(), 200, "GET {url}");
    let text = response.text().await.unwrap_or_default();
    assert!(std::fs::write(to, text).is_ok());
}

struct Files {
    publication: PathBuf,
    ballots: PathBuf,
    export: PathBuf,
}

/// Runs `verify` with `key` on `files` (and the database, if given):
/// whether it passed, and what it printed.
fn verify(key: &str, files: &Files, database: Option<&str>) -> (bool, String) {
    let mut command = binary();
    command
        .arg("verify")
        .arg("--key")
        .arg(key)
        .arg("--publication")
        .arg(&files.publication)
        .arg("--ballots")
        .arg(&files.ballots)
        .arg("--export")
        .arg(&files.export);
    if let Some(url) = database {
        command.arg("--database-url").arg(url);
    }
    let Ok(output) = command.output() else { panic!("verify") };
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

async fn execute(db: &DatabaseConnection, sql: &str) {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    assert!(db.execute(statement).await.is_ok(), "{sql}");
}

async fn one_string(db: &DatabaseConnection, sql: &str) -> String {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    let row = db.query_one(statement).await.ok().flatten();
    row.and_then(|r| r.try_get_by_index::<String>(0).ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_member_checks_a_published_round_and_every_change_is_named() {
    let database = TestDatabase::create().await;
    let server = spawn_server(&database.url).await;
    let api = Api::new();
    let round = published_round(&api, &server.base).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = Files {
        publication: dir.path().join("publication.json"),
        ballots: dir.path().join("ballots.json"),
        export: dir.path().join("round.pb"),
    };
    let base = format!("{}/api/v1/rounds/{round}", server.base);
    download(&api, &format!("{base}/publication"), &files.publication).await;
    download(&api, &format!("{base}/ballots"), &files.ballots).await;
    download(&api, &format!("{base}/export.pb"), &files.export).await;
    let Ok(reply) = api
        .client
        .get(format!("{}/api/v1/publication-key", server.base))
        .send()
        .await
    else {
        panic!("key")
    };
    let key: Value = reply.json().await.unwrap_or_default();
    let key = key["public_key"].as_str().unwrap_or_default().to_owned();
    assert_eq!(key, Signer::from_secret(SIGNING_SECRET).public_key());

    // The published files check out, and so do the records.
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(passed, "{printed}");
    assert!(
        printed.contains("ok: recount") && printed.contains("ok: audit log"),
        "{printed}"
    );

    // Another key, or a payload changed under its signature.
    let other = Signer::from_secret("another-secret-another-secret-another").public_key();
    let (passed, printed) = verify(&other, &files, None);
    assert!(!passed && printed.contains("DIFFERS: signature"), "{printed}");
    let original = std::fs::read_to_string(&files.publication).unwrap_or_default();
    let forged = original.replacen(
        "\\\"allocated\\\":\\\"200.00\\\"",
        "\\\"allocated\\\":\\\"250.00\\\"",
        1,
    );
    assert_ne!(forged, original);
    assert!(std::fs::write(&files.publication, &forged).is_ok());
    let (passed, printed) = verify(&key, &files, None);
    assert!(!passed && printed.contains("DIFFERS: signature"), "{printed}");
    assert!(std::fs::write(&files.publication, &original).is_ok());

    // A ballot changed in the published list.
    let ballots = std::fs::read_to_string(&files.ballots).unwrap_or_default();
    let mut list: Value = serde_json::from_str(&ballots).unwrap_or_default();
    let blank = list["ballots"][0]["approvals"] == json!([]);
    list["ballots"][0]["approvals"] = if blank { json!([999]) } else { json!([]) };
    assert!(std::fs::write(&files.ballots, list.to_string()).is_ok());
    let (passed, printed) = verify(&key, &files, None);
    assert!(!passed && printed.contains("DIFFERS: ballot list"), "{printed}");
    assert!(std::fs::write(&files.ballots, &ballots).is_ok());

    // Votes moved in the Pabulib file: the recount funds other bids.
    let export = std::fs::read_to_string(&files.export).unwrap_or_default();
    let Some((head, votes)) = export.split_once("\nVOTES\n") else {
        panic!("{export}")
    };
    let bid = |n: usize| {
        head.lines()
            .find(|l| l.contains(&format!(";Bud {n};")))
            .and_then(|l| l.split(';').next())
            .unwrap_or_default()
            .to_owned()
    };
    let (winner, loser) = (bid(0), bid(2));
    let moved: Vec<String> = votes
        .lines()
        .map(|line| match line.split_once(';') {
            Some((voter, vote)) if vote == winner => format!("{voter};{loser}"),
            _ => line.to_owned(),
        })
        .collect();
    let moved = format!("{head}\nVOTES\n{}\n", moved.join("\n"));
    assert_ne!(moved, export);
    assert!(std::fs::write(&files.export, &moved).is_ok());
    let (passed, printed) = verify(&key, &files, None);
    assert!(!passed && printed.contains("DIFFERS: recount"), "{printed}");
    assert!(std::fs::write(&files.export, &export).is_ok());

    // The records in the database, changed after publication: each is found.
    let db = connect_migrated(&database.url, 1).await;
    let by_round = format!("round_id = {round}");
    let content = one_string(
        &db,
        &format!("SELECT content FROM ballots WHERE {by_round} ORDER BY ballot_key LIMIT 1"),
    )
    .await;
    let changed = if content == r#"{"approvals":[]}"# {
        r#"{"approvals":[999]}"#
    } else {
        r#"{"approvals":[]}"#
    };
    let key_of_first = one_string(
        &db,
        &format!("SELECT ballot_key FROM ballots WHERE {by_round} ORDER BY ballot_key LIMIT 1"),
    )
    .await;
    execute(
        &db,
        &format!("UPDATE ballots SET content = '{changed}' WHERE ballot_key = '{key_of_first}'"),
    )
    .await;
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(!passed && printed.contains("DIFFERS: counted ballots"), "{printed}");
    execute(
        &db,
        &format!("UPDATE ballots SET content = '{content}' WHERE ballot_key = '{key_of_first}'"),
    )
    .await;
    assert!(verify(&key, &files, Some(&database.url)).0);

    // An audit event edited and the chain after it recomputed, as anyone
    // with the database but without the signing key can.
    let records = medlemsbudget::store::audit::events(&db, round)
        .await
        .unwrap_or_default();
    let mut prev = records[0].hash.clone();
    for record in records.iter().skip(1) {
        let details = if record.seq == 2 {
            "{}".to_owned()
        } else {
            record.details.clone()
        };
        let hash = audit_hash(&prev, round, record.seq, &record.kind, &details, &record.at);
        execute(
            &db,
            &format!(
                "UPDATE audit_events SET details = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE {by_round} AND seq = {}",
                details.replace('\'', "''"),
                record.seq
            ),
        )
        .await;
        prev = hash;
    }
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(!passed && printed.contains("DIFFERS: audit log"), "{printed}");
    let intact = medlemsbudget::store::audit::events(&db, round)
        .await
        .unwrap_or_default();
    assert!(
        verify_audit_chain(&intact).is_ok(),
        "the rewritten chain is intact in itself"
    );

    // The newest audit events deleted (the publication's own among them).
    execute(&db, &format!("DELETE FROM audit_events WHERE {by_round} AND seq > 3")).await;
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(!passed && printed.contains("DIFFERS: audit log"), "{printed}");

    // A counted ballot deleted, and one added.
    execute(&db, &format!("DELETE FROM ballots WHERE ballot_key = '{key_of_first}'")).await;
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(!passed && printed.contains("DIFFERS: counted ballots"), "{printed}");
    execute(
        &db,
        &format!(
            "INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash) \
             VALUES ({round}, '{key_of_first}', 'fyn', '{content}', '{}'), ({round}, '{}', 'fyn', '{content}', '{}')",
            "a".repeat(64),
            "b".repeat(64),
            "c".repeat(64)
        ),
    )
    .await;
    let (passed, printed) = verify(&key, &files, Some(&database.url));
    assert!(!passed && printed.contains("DIFFERS: counted ballots"), "{printed}");
}

#[tokio::test]
async fn a_publication_is_there_only_once_the_round_is_published() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    app.vote(round, &app.member(1), &ids).await;
    let path = format!("/api/v1/rounds/{round}/publication");
    let early = app.get(&path, &app.hb()).await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "not-published"),
        "{}",
        early.body
    );
    let missing = app.get("/api/v1/rounds/999/publication", &app.member(1)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = app.get("/api/v1/rounds/x/publication", &app.member(1)).await;
    assert_eq!(
        (bad.status, bad.content_type.as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json")
    );
    assert_eq!(app.get(&path, "not-a-token").await.status, StatusCode::UNAUTHORIZED);

    app.set_phase(round, "closed").await;
    app.tally(round).await;
    assert_eq!(app.set_phase(round, "published").await.status, StatusCode::OK);
    let published = app.get(&path, &app.member(1)).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let payload = published.body["payload"].as_str().unwrap_or_default();
    let signature = published.body["signature"].as_str().unwrap_or_default();
    let key = Signer::from_secret(SIGNING_SECRET).public_key();
    assert_eq!(published.body["public_key"], key.as_str());
    assert!(medlemsbudget::signing::verify(&key, payload.as_bytes(), signature));
}
