//! Who may do what: 401 without a valid token, 403 outside one's role or storkreds.

use axum::http::{Method, StatusCode};
use jsonwebtoken::{encode, EncodingKey, Header};
use medlemsbudget::auth::{Claims, Role};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn requests_without_a_valid_token_are_401() {
    let app = spawn_app().await;
    let claims = |lifetime| Claims::new("hb-1", Role::Hb, None, lifetime);
    let sign = |claims: &Claims, secret: &str| {
        encode(&Header::default(), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap_or_default()
    };
    let expired = sign(&claims(-3600), crate::helpers::SECRET);
    let wrong_key = sign(&claims(3600), "another-secret-another-secret-another");
    let no_storkreds = app.token(Role::Member, "m", None);

    let missing = app.send(Method::GET, "/api/v1/rounds", None, None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.content_type, "application/problem+json");
    assert_eq!(missing.problem_type(), "unauthorized");
    for token in ["garbage", expired.as_str(), wrong_key.as_str(), no_storkreds.as_str()] {
        let reply = app.get("/api/v1/rounds", token).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{token}: {}", reply.body);
    }
    assert!(app.get("/api/v1/rounds", &expired).await.body["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("expired"));
}

#[tokio::test]
async fn only_hb_creates_rounds_and_changes_phases() {
    let app = spawn_app().await;
    let body = json!({"name": "Min runde", "pool": "100.00"});
    for token in [app.member(1), app.board("fyn")] {
        let reply = app.post("/api/v1/rounds", &token, body.clone()).await;
        assert_eq!(
            (reply.status, reply.problem_type()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
    }
    let round = app.create_round("100.00").await.body["id"].as_i64().unwrap_or_default();
    let reply = app
        .post(
            &format!("/api/v1/rounds/{round}/phase"),
            &app.member(1),
            json!({"phase": "submission"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let listed = app.get("/api/v1/rounds", &app.hb()).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_board_cannot_edit_or_withdraw_another_storkreds_bid() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let bid = app.submit(round, "fyn", "Fynsk bud", "100.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let path = format!("/api/v1/rounds/{round}/proposals/{bid}");
    let edit = app
        .send(
            Method::PATCH,
            &path,
            Some(&app.board("bornholm")),
            Some(json!({"amount": "1.00"}).to_string()),
        )
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    let withdraw = app
        .post(&format!("{path}/withdraw"), &app.board("bornholm"), json!({}))
        .await;
    assert_eq!(withdraw.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&path, &app.hb()).await.body["amount"], "100.00");
}

#[tokio::test]
async fn members_vote_boards_bid_hb_reviews() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let by_board = app.vote(round, &app.board("fyn"), &ids).await;
    assert_eq!(by_board.status, StatusCode::FORBIDDEN);
    let by_hb = app.vote(round, &app.hb(), &ids).await;
    assert_eq!(by_hb.status, StatusCode::FORBIDDEN);
    let review = app
        .post(
            &format!("/api/v1/rounds/{round}/proposals/{}/review", ids[0]),
            &app.board("fyn"),
            json!({"decision": "accepted"}),
        )
        .await;
    assert_eq!(review.status, StatusCode::FORBIDDEN);
    let tally = app
        .send(
            Method::POST,
            &format!("/api/v1/rounds/{round}/tally"),
            Some(&app.member(1)),
            None,
        )
        .await;
    assert_eq!(tally.status, StatusCode::FORBIDDEN);
    let submit = app
        .post(
            &format!("/api/v1/rounds/{round}/proposals"),
            &app.member(1),
            json!({"title": "x", "description": "y", "amount": "1.00"}),
        )
        .await;
    assert_eq!(submit.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_member_only_sees_their_own_ballot() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    assert_eq!(app.vote(round, &app.member(1), &ids).await.status, StatusCode::OK);
    let other = app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(2)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let own = app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(1)).await;
    assert_eq!(own.body["approvals"], json!(ids));
}
