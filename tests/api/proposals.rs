//! Bids: submitted by boards for their own storkreds, edited until reviewed,
//! withdrawn before voting, filtered in lists.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_board_bids_for_its_own_storkreds_and_edits_until_reviewed() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("500000.00").await;
    let bid = app.submit(round, "nordjylland", "Kandidatskole", "85000.00").await;
    assert_eq!(bid.body["storkreds"], "nordjylland");
    assert_eq!(bid.body["amount"], "85000.00");
    let id = bid.body["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/rounds/{round}/proposals/{id}");
    let board = app.board("nordjylland");

    let edited = app
        .send(
            Method::PATCH,
            &path,
            Some(&board),
            Some(json!({"amount": "80000.5", "title": " Kandidatskolen "}).to_string()),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(
        (edited.body["amount"].clone(), edited.body["title"].clone()),
        (json!("80000.50"), json!("Kandidatskolen"))
    );

    app.review(round, id, "accepted").await;
    let after_review = app
        .send(
            Method::PATCH,
            &path,
            Some(&board),
            Some(json!({"amount": "1.00"}).to_string()),
        )
        .await;
    assert_eq!(
        (after_review.status, after_review.problem_type()),
        (StatusCode::CONFLICT, "wrong-proposal-status")
    );
    assert_eq!(app.get(&path, &app.member(1)).await.body["amount"], "80000.50");
}

#[tokio::test]
async fn withdrawn_bids_leave_the_ballot() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let keep = app.submit(round, "fyn", "Bliver", "100.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let gone = app.submit(round, "fyn", "Trækkes", "100.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    app.review(round, keep, "accepted").await;
    app.review(round, gone, "accepted").await;
    let withdrawn = app
        .post(
            &format!("/api/v1/rounds/{round}/proposals/{gone}/withdraw"),
            &app.board("fyn"),
            json!({}),
        )
        .await;
    assert_eq!(withdrawn.body["status"], "withdrawn");
    let again = app
        .post(
            &format!("/api/v1/rounds/{round}/proposals/{gone}/withdraw"),
            &app.board("fyn"),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(app.review(round, gone, "accepted").await.status, StatusCode::CONFLICT);
    app.set_phase(round, "review").await;
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);
    let vote = app.vote(round, &app.member(1), &[gone]).await;
    assert_eq!(
        (vote.status, vote.problem_type()),
        (StatusCode::CONFLICT, "invalid-ballot")
    );
    let late = app
        .post(
            &format!("/api/v1/rounds/{round}/proposals/{keep}/withdraw"),
            &app.board("fyn"),
            json!({}),
        )
        .await;
    assert_eq!(
        (late.status, late.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
}

#[tokio::test]
async fn proposals_can_be_filtered_by_storkreds_and_status() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let a = app.submit(round, "fyn", "A", "1.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let b = app.submit(round, "fyn", "B", "2.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let c = app.submit(round, "bornholm", "C", "3.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    app.review(round, b, "rejected").await;
    let ids = |reply: crate::helpers::Reply| -> Vec<i64> {
        reply
            .body
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["id"].as_i64())
            .collect()
    };
    let base = format!("/api/v1/rounds/{round}/proposals");
    // Members see the bids that are or may come on the ballot; rejected ones when they ask.
    assert_eq!(ids(app.get(&base, &app.member(1)).await), vec![a, c]);
    assert_eq!(ids(app.get(&base, &app.hb()).await), vec![a, b, c]);
    assert_eq!(
        ids(app.get(&format!("{base}?storkreds=fyn"), &app.member(1)).await),
        vec![a]
    );
    assert_eq!(
        ids(app
            .get(&format!("{base}?storkreds=fyn&status=rejected"), &app.member(1))
            .await),
        vec![b]
    );
    assert_eq!(
        ids(app
            .get(&format!("{base}?storkreds=fyn&status=submitted"), &app.member(1))
            .await),
        vec![a]
    );
    let bad = app.get(&format!("{base}?storkreds=aarhus"), &app.member(1)).await;
    assert_eq!(
        (bad.status, bad.body["errors"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("storkreds"))
    );
    assert_eq!(
        app.get("/api/v1/rounds/4242/proposals", &app.member(1)).await.status,
        StatusCode::NOT_FOUND
    );
}
