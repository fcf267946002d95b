//! What users see, as reviewed snapshots (`tests/api/snapshots/`): the
//! published result of a small round, a simulation under another rule, and
//! one problem+json answer for each kind of error. A change in any of them
//! shows up as a diff to review (`INSTA_UPDATE=always` writes new snapshots).
//! Times and anything derived from random receipts are redacted; the rest
//! is the same on SQLite and PostgreSQL.

use axum::http::Method;
use insta::assert_json_snapshot;
use medlemsbudget::auth::Role;
use serde_json::{json, Map, Value};

use crate::helpers::{spawn_app, Reply, TestApp};

/// A round of 1,000.00 kr with four bids from three storkredse, eight
/// ballots from members of two storkredse, closed and tallied (greedy, the
/// default rule); returns the round id.
async fn tallied_round(app: &TestApp) -> i64 {
    let (round, ids) = app
        .round_open_for_voting(
            "1000.00",
            &[
                ("fyn", "400.00"),
                ("fyn", "350.00"),
                ("kobenhavn", "300.00"),
                ("bornholm", "250.50"),
            ],
        )
        .await;
    let ballots: [(&str, &[usize]); 8] = [
        ("fyn", &[0, 1]),
        ("fyn", &[0]),
        ("fyn", &[1, 3]),
        ("fyn", &[0, 2]),
        ("kobenhavn", &[2]),
        ("kobenhavn", &[2, 3]),
        ("kobenhavn", &[1, 2]),
        ("kobenhavn", &[3]),
    ];
    for (n, (storkreds, picks)) in ballots.iter().enumerate() {
        let token = app.token(Role::Member, &format!("member-{n}"), Some(storkreds));
        let approvals: Vec<i64> = picks.iter().map(|&i| ids[i]).collect();
        let vote = app.vote(round, &token, &approvals).await;
        assert_eq!(vote.status, 200, "{}", vote.body);
    }
    assert_eq!(app.set_phase(round, "closed").await.status, 200);
    let tally = app.tally(round).await;
    assert_eq!(tally.status, 200, "{}", tally.body);
    round
}

/// A tally or simulation as JSON, with its time and its receipt-derived hash redacted.
fn assert_result_snapshot(name: &str, reply: &Reply) {
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_json_snapshot!(name, reply.body, {
        ".tallied_at" => "[time]",
        // The root of the ballots' receipt hashes; receipts are random.
        ".ballots_root" => "[hash of the receipts]",
    });
}

#[tokio::test]
async fn the_published_result() {
    let app = spawn_app().await;
    let round = tallied_round(&app).await;
    assert_eq!(app.set_phase(round, "published").await.status, 200);
    let result = app
        .get(&format!("/api/v1/rounds/{round}/results"), &app.member(0))
        .await;
    assert_result_snapshot("published_result", &result);
}

#[tokio::test]
async fn a_simulation_under_equal_shares() {
    let app = spawn_app().await;
    let round = tallied_round(&app).await;
    let simulation = app
        .post(
            &format!("/api/v1/rounds/{round}/simulate"),
            &app.hb(),
            json!({"rule": {"rule": "mes", "completion": "add1-greedy"}}),
        )
        .await;
    assert_result_snapshot("simulation_mes_add1_greedy", &simulation);
}

/// One answer of the error map: status, content type and the problem document.
fn view(reply: &Reply) -> Value {
    json!({
        "status": reply.status.as_u16(),
        "content_type": reply.content_type,
        "body": reply.body,
    })
}

#[tokio::test]
async fn the_error_views() {
    let app = spawn_app().await;
    let (hb, member) = (app.hb(), app.member(0));
    let draft = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let rounds = "/api/v1/rounds";
    let mut views = Map::new();
    let mut add = |key: &str, reply: Reply| {
        views.insert(key.to_owned(), view(&reply));
    };

    add(
        "400 malformed JSON",
        app.send(Method::POST, rounds, Some(&hb), Some("{\"name\": ".into()))
            .await,
    );
    add("401 no token", app.send(Method::GET, rounds, None, None).await);
    add(
        "403 a member creates a round",
        app.post(rounds, &member, json!({"name": "R", "pool": "1.00"})).await,
    );
    add("404 no such round", app.get("/api/v1/rounds/999", &hb).await);
    add(
        "405 DELETE on the rounds",
        app.send(Method::DELETE, rounds, Some(&hb), None).await,
    );
    add("409 a ballot in a draft round", app.vote(draft, &member, &[1]).await);
    let too_large = format!("{{\"name\": \"{}\", \"pool\": \"1.00\"}}", "x".repeat(140 * 1024));
    add(
        "413 a body over 128 KiB",
        app.send(Method::POST, rounds, Some(&hb), Some(too_large)).await,
    );
    add(
        "415 a body that is not JSON",
        app.send_as(
            Method::POST,
            rounds,
            Some(&hb),
            Some("text/plain"),
            Some("name=R".into()),
        )
        .await,
    );
    add(
        "422 money with a decimal comma",
        app.post(rounds, &hb, json!({"name": "R", "pool": "1,50"})).await,
    );
    add(
        "422 a string where a number belongs",
        app.post(rounds, &hb, json!({"name": "R", "pool": "1.00", "max_approvals": "x"}))
            .await,
    );
    assert_json_snapshot!("error_views", views);
}
