//! Ballot secrecy against someone who holds the whole database (every table
//! and system column) and the service's logs, but not the ballot secret: they
//! must not tell which member cast which ballot better than chance.
//!
//! One round of 300 members on a roll, in three storkredse, each voting
//! through the real server in a shuffled order, some of them twice; then
//! the attacks that linked every member before `voters` went, and others.

use std::collections::{BTreeMap, BTreeSet};

use medlemsbudget::auth::Role;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::json;

use crate::helpers::{connect_migrated, spawn_server_logging_to, token, Api, TestDatabase};

const MEMBERS: usize = 300;
const STORKREDSE: [&str; 3] = ["fyn", "bornholm", "nordjylland"];
/// Correct links an attack may make by luck: one member in a hundred per
/// storkreds is expected; more than this is a leak.
const CHANCE_AND_A_FEW: usize = 12;

fn member_id(n: usize) -> String {
    format!("medlem-{n:04}")
}

/// A round in voting with six bids and a roll of [`MEMBERS`] members; its id
/// and the bids' ids.
async fn round_with_roll(api: &Api, base: &str) -> (i64, Vec<i64>) {
    let hb = token(Role::Hb, "hb", None);
    let call = |method, path: String, who: String, body| {
        let url = format!("{base}/api/v1{path}");
        async move { api.call(method, &url, &who, body).await }
    };
    let (status, round) = call(
        Method::POST,
        "/rounds".into(),
        hb.clone(),
        Some(json!({"name": "Hemmelig", "pool": "10000.00"})),
    )
    .await;
    assert_eq!(status, 201, "{round}");
    let id = round["id"].as_i64().unwrap_or_default();
    call(
        Method::POST,
        format!("/rounds/{id}/phase"),
        hb.clone(),
        Some(json!({"phase": "submission"})),
    )
    .await;
    let roll: String = (0..MEMBERS)
        .map(|n| format!("{},{}\n", member_id(n), STORKREDSE[n % STORKREDSE.len()]))
        .collect();
    let posted = api
        .client
        .post(format!("{base}/api/v1/rounds/{id}/electorate"))
        .bearer_auth(&hb)
        .header("content-type", "text/csv")
        .body(roll)
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(posted.ok(), Some(200));
    let mut bids = Vec::new();
    for (n, storkreds) in STORKREDSE.iter().cycle().take(6).enumerate() {
        let board = token(Role::Board, &format!("board-{storkreds}"), Some(storkreds));
        let bid = json!({"title": format!("Bud {n}"), "description": "Et bud.", "amount": "1000.00"});
        let (status, bid) = call(Method::POST, format!("/rounds/{id}/proposals"), board, Some(bid)).await;
        assert_eq!(status, 201, "{bid}");
        let bid = bid["id"].as_i64().unwrap_or_default();
        let review = json!({"decision": "accepted"});
        call(
            Method::POST,
            format!("/rounds/{id}/proposals/{bid}/review"),
            hb.clone(),
            Some(review),
        )
        .await;
        bids.push(bid);
    }
    for phase in ["review", "voting"] {
        let (status, body) = call(
            Method::POST,
            format!("/rounds/{id}/phase"),
            hb.clone(),
            Some(json!({"phase": phase})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    (id, bids)
}

/// Every row of `table` with each column as text (system columns too).
async fn rows_as_text(db: &DatabaseConnection, table: &str, extra: &[&str]) -> Vec<Vec<Option<String>>> {
    let backend = db.get_database_backend();
    let columns_sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT column_name::text AS name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
        _ => format!("SELECT name FROM pragma_table_info('{table}')"),
    };
    let columns = db
        .query_all(Statement::from_string(backend, columns_sql))
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|row| row.try_get::<String>("", "name").ok())
        .map(|name| format!("\"{name}\""))
        .chain(extra.iter().map(|c| (*c).to_owned()))
        .collect::<Vec<_>>();
    let select = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("CAST({c} AS TEXT) AS c{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = db
        .query_all(Statement::from_string(
            backend,
            format!("SELECT {select} FROM \"{table}\""),
        ))
        .await
        .unwrap_or_default();
    rows.into_iter()
        .map(|row| {
            (0..columns.len())
                .map(|i| row.try_get::<Option<String>>("", &format!("c{i}")).ok().flatten())
                .collect()
        })
        .collect()
}

async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    db.query_all(Statement::from_string(backend, sql))
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|row| row.try_get::<String>("", "name").ok())
        .collect()
}

/// A column of strings from `sql`.
async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|row| row.try_get_by_index::<String>(0).ok())
        .collect()
}

/// How many members a pairing of members with receipt hashes gets right.
fn correct(guess: &[(String, String)], truth: &BTreeMap<String, String>) -> usize {
    guess
        .iter()
        .filter(|(member, receipt)| truth.get(member) == Some(receipt))
        .count()
}

#[tokio::test]
async fn nothing_in_the_database_or_the_logs_links_a_ballot_to_its_member() {
    let database = TestDatabase::create().await;
    let logs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = logs.path().join("serve.log");
    let server = spawn_server_logging_to(&database.url, &log).await;
    let api = Api::new();
    let (round, bids) = round_with_roll(&api, &server.base).await;

    // Members vote in a shuffled order; every fifth votes again later.
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    let mut order: Vec<usize> = (0..MEMBERS).collect();
    order.shuffle(&mut rng);
    let again: Vec<usize> = order.iter().copied().filter(|n| n % 5 == 0).collect();
    let mut receipts: BTreeMap<String, String> = BTreeMap::new();
    for n in order.into_iter().chain(again) {
        let storkreds = STORKREDSE[n % STORKREDSE.len()];
        let chosen: Vec<i64> = bids.iter().copied().filter(|_| rng.gen_bool(0.5)).collect();
        let member = token(Role::Member, &member_id(n), Some(storkreds));
        let (status, ballot) = api
            .call(
                Method::PUT,
                &format!("{}/api/v1/rounds/{round}/ballot", server.base),
                &member,
                Some(json!({"approvals": chosen})),
            )
            .await;
        assert_eq!(status, 200, "{ballot}");
        let hash = ballot["receipt_hash"].as_str().unwrap_or_default().to_owned();
        receipts.insert(member_id(n), hash);
    }
    let db = connect_migrated(&database.url, 1).await;
    let members: BTreeSet<String> = (0..MEMBERS).map(member_id).collect();

    // 1. No table but the roll (written before voting) names a member, in
    //    any column, system columns included.
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let system: &[&str] = if postgres { &["xmin", "ctid"] } else { &[] };
    for table in tables(&db).await {
        if table == "electorate" {
            continue;
        }
        let rows = rows_as_text(&db, &table, system).await;
        let named = rows
            .iter()
            .flatten()
            .flatten()
            .filter(|text| members.iter().any(|m| text.contains(m.as_str())))
            .count();
        assert_eq!(named, 0, "table {table} names members");
    }
    assert!(!tables(&db).await.contains(&"voters".to_owned()));

    // 2. Transaction ids (PostgreSQL): no row of any other table was written
    //    in a ballot's transaction.
    if postgres {
        for table in tables(&db).await {
            if table == "ballots" {
                continue;
            }
            let shared = strings(
                &db,
                &format!("SELECT CAST(count(*) AS TEXT) FROM ballots b JOIN \"{table}\" t ON t.xmin = b.xmin"),
            )
            .await;
            assert_eq!(
                shared,
                vec!["0".to_owned()],
                "{table} shares a transaction with a ballot"
            );
        }
    }

    // 3. Position: line up the roll in its stored order with the ballots in
    //    theirs (PostgreSQL: physical position; SQLite: scan order, and
    //    there are no rowids to order by).
    let (roll_order, ballot_order) = if postgres {
        (
            "SELECT member_id FROM electorate ORDER BY ctid",
            "SELECT receipt_hash FROM ballots ORDER BY ctid",
        )
    } else {
        (
            "SELECT member_id FROM electorate ORDER BY rowid",
            "SELECT receipt_hash FROM ballots",
        )
    };
    if !postgres {
        let rowids = db
            .query_all(Statement::from_string(DbBackend::Sqlite, "SELECT rowid FROM ballots"))
            .await;
        assert!(rowids.is_err(), "ballots has rowids in the order they were cast");
    }
    let roll = strings(&db, roll_order).await;
    let stored = strings(&db, ballot_order).await;
    assert_eq!(stored.len(), MEMBERS);
    let guess: Vec<(String, String)> = roll.into_iter().zip(stored.iter().cloned()).collect();
    assert!(correct(&guess, &receipts) <= CHANCE_AND_A_FEW);
    // The same pairing within each storkreds, where chance is higher.
    for storkreds in STORKREDSE {
        let roll = strings(
            &db,
            &format!(
                "SELECT member_id FROM electorate WHERE storkreds = '{storkreds}' ORDER BY {}",
                if postgres { "ctid" } else { "rowid" }
            ),
        )
        .await;
        let ballots = strings(
            &db,
            &format!(
                "SELECT receipt_hash FROM ballots WHERE storkreds = '{storkreds}'{}",
                if postgres { " ORDER BY ctid" } else { "" }
            ),
        )
        .await;
        let guess: Vec<(String, String)> = roll.into_iter().zip(ballots).collect();
        assert!(correct(&guess, &receipts) <= CHANCE_AND_A_FEW, "{storkreds}");
    }

    // 4. The logs: no member id and no token next to anything.
    drop(server);
    let written = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(written.contains("response"), "the log holds the requests: {written}");
    let named: Vec<&String> = members.iter().filter(|m| written.contains(m.as_str())).collect();
    assert!(named.is_empty(), "the log names {} members", named.len());
    assert!(!written.contains("eyJ"), "the log holds a token");
}
