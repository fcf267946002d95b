//! Running it in production: graceful shutdown under load, several processes
//! on one database, migrations started by several processes at once.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use medlemsbudget::auth::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{binary_on, spawn_server, spawn_servers, token, Api, TestDatabase};

/// What became of one request: a status, or how it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Status(u16),
    /// Refused before it was sent: the server had stopped listening.
    NotAccepted,
    /// Sent, then the connection closed with no answer: the connection was
    /// still in the kernel's accept queue when the server stopped accepting,
    /// so the server never saw the request. It must then have changed nothing.
    Cut,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_lets_ballots_in_flight_finish() {
    let database = TestDatabase::create().await;
    let mut server = spawn_server(&database.url).await;
    let api = Api::new();
    let (round, ids) = api.round_in_voting(&server.base, 3).await;

    let mut tasks = Vec::new();
    for member in 0..200usize {
        let url = format!("{}/api/v1/rounds/{round}/ballot", server.base);
        let approvals = vec![ids[member % 3]];
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis((member as u64 % 50) * 2)).await;
            // A connection of its own, so no idle keep-alive connection is reused across the shutdown.
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap_or_default();
            let sent = client
                .put(&url)
                .bearer_auth(token(Role::Member, &format!("member-{member}"), Some("fyn")))
                .json(&json!({"approvals": approvals}))
                .send()
                .await;
            let outcome = match sent {
                Ok(response) => Outcome::Status(response.status().as_u16()),
                Err(e) if e.is_connect() => Outcome::NotAccepted,
                Err(_) => Outcome::Cut,
            };
            (member, outcome)
        }));
    }
    tokio::time::sleep(Duration::from_millis(40)).await;
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .is_ok_and(|s| s.success()));

    let mut outcomes: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut acknowledged = Vec::new();
    let mut unanswered = Vec::new();
    for task in tasks {
        let Ok((member, outcome)) = task.await else {
            panic!("task failed")
        };
        *outcomes.entry(outcome).or_default() += 1;
        match outcome {
            Outcome::Status(200) => acknowledged.push(member),
            Outcome::Cut | Outcome::NotAccepted => unanswered.push(member),
            Outcome::Status(_) => {}
        }
    }
    assert!(
        outcomes
            .keys()
            .all(|o| matches!(o, Outcome::Status(200) | Outcome::NotAccepted | Outcome::Cut)),
        "only 200s, or requests the server never took: {outcomes:?}"
    );
    assert!(
        !acknowledged.is_empty(),
        "no ballot got in before the signal: {outcomes:?}"
    );
    let Ok(status) = server.child.wait() else {
        panic!("wait")
    };
    assert!(status.success(), "the server did not stop cleanly: {status}");

    let restarted = spawn_server(&database.url).await;
    for member in &acknowledged {
        let url = format!("{}/api/v1/rounds/{round}/ballot", restarted.base);
        let (status, _) = api
            .call(
                Method::GET,
                &url,
                &token(Role::Member, &format!("member-{member}"), Some("fyn")),
                None,
            )
            .await;
        assert_eq!(status, 200, "member-{member}'s acknowledged ballot is gone");
    }
    // A request without an answer was never handled: it left no ballot behind.
    for member in &unanswered {
        let url = format!("{}/api/v1/rounds/{round}/ballot", restarted.base);
        let (status, _) = api
            .call(
                Method::GET,
                &url,
                &token(Role::Member, &format!("member-{member}"), Some("fyn")),
                None,
            )
            .await;
        assert_eq!(
            status, 404,
            "member-{member} got no answer, but their ballot was stored: a response was lost"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_round_driven_through_two_servers_alternately_adds_up() {
    let database = TestDatabase::create().await;
    // On SQLite one process serves the database; the round still alternates over two connections' worth of calls.
    let servers = spawn_servers(&database).await;
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let at = |n: usize| bases[n % bases.len()].clone();
    let api = Arc::new(Api::new());
    let hb = token(Role::Hb, "hb", None);

    let (status, round) = api
        .call(
            Method::POST,
            &format!("{}/api/v1/rounds", at(0)),
            &hb,
            Some(json!({"name": "KV17", "pool": "500000.00"})),
        )
        .await;
    assert_eq!(status, 201);
    let round = round["id"].as_i64().unwrap_or_default();
    let phase = |n: usize, p: &str| {
        let (api, hb, url) = (
            api.clone(),
            hb.clone(),
            format!("{}/api/v1/rounds/{round}/phase", at(n)),
        );
        let body = json!({"phase": p});
        async move { api.call(Method::POST, &url, &hb, Some(body)).await.0 }
    };
    assert_eq!(phase(1, "submission").await, 200);
    let mut ids = Vec::new();
    for (n, (storkreds, amount)) in [
        ("fyn", "300000.00"),
        ("kobenhavn", "150000.50"),
        ("bornholm", "120000.00"),
    ]
    .iter()
    .enumerate()
    {
        let board = token(Role::Board, &format!("board-{storkreds}"), Some(storkreds));
        let bid = json!({"title": format!("Bud {n}"), "description": "Et bud.", "amount": amount});
        let (status, p) = api
            .call(
                Method::POST,
                &format!("{}/api/v1/rounds/{round}/proposals", at(n)),
                &board,
                Some(bid),
            )
            .await;
        assert_eq!(status, 201, "{p}");
        ids.push(p["id"].as_i64().unwrap_or_default());
    }
    assert_eq!(phase(0, "review").await, 200);
    for (n, id) in ids.iter().enumerate() {
        let decision = if n < 2 { "accepted" } else { "rejected" };
        let url = format!("{}/api/v1/rounds/{round}/proposals/{id}/review", at(n + 1));
        assert_eq!(
            api.call(
                Method::POST,
                &url,
                &hb,
                Some(json!({"decision": decision, "reason": "ok"}))
            )
            .await
            .0,
            200
        );
    }
    assert_eq!(phase(1, "voting").await, 200);
    for member in 0..25usize {
        let approvals = if member < 20 {
            vec![ids[1]]
        } else {
            vec![ids[0], ids[1]]
        };
        let url = format!("{}/api/v1/rounds/{round}/ballot", at(member));
        let (status, _) = api
            .call(
                Method::PUT,
                &url,
                &token(Role::Member, &format!("m-{member}"), Some("fyn")),
                Some(json!({"approvals": approvals})),
            )
            .await;
        assert_eq!(status, 200);
    }
    assert_eq!(phase(0, "closed").await, 200);
    let (status, result) = api
        .call(
            Method::POST,
            &format!("{}/api/v1/rounds/{round}/tally", at(1)),
            &hb,
            None,
        )
        .await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(phase(0, "published").await, 200);
    let (_, published) = api
        .call(
            Method::GET,
            &format!("{}/api/v1/rounds/{round}/results", at(1)),
            &token(Role::Member, "m-1", Some("fyn")),
            None,
        )
        .await;
    assert_eq!(published, result);
    assert_eq!(
        (result["ballots_counted"].clone(), result["allocated"].clone()),
        (json!(25), json!("450000.50"))
    );
    assert_eq!(result["unallocated"], "49999.50");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn migrations_started_by_several_processes_at_once_apply_once() {
    let database = TestDatabase::create().await;
    let processes = if database.postgres { 4 } else { 1 };
    let spawned: Vec<_> = (0..processes)
        .map(|_| {
            binary_on(&database.url)
                .args(["migrate"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
        })
        .collect();
    for child in spawned {
        let Ok(child) = child else { panic!("spawn") };
        let Ok(output) = child.wait_with_output() else {
            panic!("wait")
        };
        assert!(
            output.status.success(),
            "a migrate process failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let server = spawn_server(&database.url).await;
    let api = Api::new();
    let (status, storkredse) = api
        .call(
            Method::GET,
            &format!("{}/api/v1/storkredse", server.base),
            &token(Role::Hb, "hb", None),
            None,
        )
        .await;
    assert_eq!(
        (status, storkredse.as_array().map(Vec::len)),
        (200, Some(10)),
        "the seed ran exactly once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_connection_that_died_while_idle_is_replaced_before_use() {
    use sea_orm::ConnectionTrait;
    let database = TestDatabase::create().await;
    if !database.postgres {
        return;
    }
    let db = medlemsbudget::db::connect(&database.url, 2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let alive = |db: sea_orm::DatabaseConnection| async move { db.execute_unprepared("SELECT 1").await.map(|_| ()) };
    alive(db.clone()).await.unwrap_or_else(|e| panic!("{e}"));

    // Another session kills every connection of the pool, as a restart or a
    // network cut would.
    let name = database.url.rsplit('/').next().unwrap_or_default().to_owned();
    let other = sea_orm::Database::connect(&database.url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    other
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = other.close().await;
    tokio::time::sleep(medlemsbudget::db::PING_IF_IDLE_FOR + Duration::from_millis(500)).await;

    for _ in 0..3 {
        alive(db.clone())
            .await
            .unwrap_or_else(|e| panic!("a dead connection was used: {e}"));
    }
    let _ = db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_see_every_commit_and_never_wait_for_a_writer() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let database = TestDatabase::create().await;
    let db = medlemsbudget::db::connect(&database.url, 2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let reads = medlemsbudget::db::readers(&db);
    let count = |reads: sea_orm::DatabaseConnection| async move {
        reads
            .query_one(sea_orm::Statement::from_string(
                reads.get_database_backend(),
                "SELECT COUNT(*) AS n FROM probe",
            ))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .and_then(|row| row.try_get::<i64>("", "n").ok())
    };
    db.execute_unprepared("CREATE TABLE probe (x INTEGER)")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    db.execute_unprepared("INSERT INTO probe VALUES (1)")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count(reads.clone()).await,
        Some(1),
        "a read sees what was committed before it"
    );

    // A write in progress holds no read back, and is not seen until it commits.
    let txn = db.begin().await.unwrap_or_else(|e| panic!("{e}"));
    txn.execute_unprepared("INSERT INTO probe VALUES (2)")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let during = tokio::time::timeout(Duration::from_secs(2), count(reads.clone())).await;
    assert_eq!(
        during.ok().flatten(),
        Some(1),
        "a read during a write sees the last commit, at once"
    );
    txn.commit().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(reads.clone()).await, Some(2));

    if !database.postgres {
        let refused = reads.execute_unprepared("INSERT INTO probe VALUES (3)").await;
        assert!(refused.is_err(), "SQLite's readers cannot write");
        assert_eq!(count(reads.clone()).await, Some(2));
    }
    let _ = reads.close().await;
    let _ = db.close().await;
}
