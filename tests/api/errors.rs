//! Bad input gets a clear problem+json answer and changes nothing.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn malformed_json_is_400_and_writes_nothing() {
    let app = spawn_app().await;
    let reply = app
        .send(
            Method::POST,
            "/api/v1/rounds",
            Some(&app.hb()),
            Some("{\"name\": ".into()),
        )
        .await;
    assert_eq!(
        (reply.status, reply.problem_type()),
        (StatusCode::BAD_REQUEST, "malformed-json")
    );
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(app.get("/api/v1/rounds", &app.hb()).await.body, json!([]));
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_are_422_naming_the_field() {
    let app = spawn_app().await;
    let unknown = app
        .post(
            "/api/v1/rounds",
            &app.hb(),
            json!({"name": "R", "pool": "1.00", "pol": "2"}),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.problem_type()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid-body")
    );
    assert!(
        unknown.body["detail"].as_str().unwrap_or_default().contains("pol"),
        "{}",
        unknown.body
    );
    let wrong_type = app
        .post("/api/v1/rounds", &app.hb(), json!({"name": 5, "pool": "1.00"}))
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_type.body["detail"].as_str().unwrap_or_default().contains("name"),
        "{}",
        wrong_type.body
    );
    let missing = app.post("/api/v1/rounds", &app.hb(), json!({"name": "R"})).await;
    assert!(
        missing.body["detail"].as_str().unwrap_or_default().contains("pool"),
        "{}",
        missing.body
    );
    assert_eq!(app.get("/api/v1/rounds", &app.hb()).await.body, json!([]));
}

#[tokio::test]
async fn bad_money_is_422_and_writes_nothing() {
    let app = spawn_app().await;
    for pool in [
        json!("1,50"),
        json!("1.001"),
        json!("-5.00"),
        json!("NaN"),
        json!("1000000000.01"),
        json!("0.00"),
        json!(500000),
    ] {
        let reply = app
            .post("/api/v1/rounds", &app.hb(), json!({"name": "R", "pool": pool}))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{pool}: {}", reply.body);
        assert!(
            reply.body["detail"].as_str().unwrap_or_default().contains("pool"),
            "{}",
            reply.body
        );
    }
    let comma = app
        .post("/api/v1/rounds", &app.hb(), json!({"name": "R", "pool": "1,50"}))
        .await;
    assert_eq!(comma.problem_type(), "invalid-money");
    assert_eq!(comma.body["errors"][0]["field"], "pool");
    assert_eq!(app.get("/api/v1/rounds", &app.hb()).await.body, json!([]));

    let round = app.round_open_for_bids("1000.00").await;
    let too_much = app.submit(round, "fyn", "For dyrt", "1000.01").await;
    assert_eq!(
        (too_much.status, too_much.problem_type()),
        (StatusCode::CONFLICT, "exceeds-pool")
    );
    assert_eq!(too_much.body["errors"][0]["field"], "amount");
    let zero = app.submit(round, "fyn", "Gratis", "0").await;
    assert_eq!(zero.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = app.get(&format!("/api/v1/rounds/{round}/proposals"), &app.hb()).await;
    assert_eq!(list.body, json!([]));
}

#[tokio::test]
async fn wrong_phase_is_409() {
    let app = spawn_app().await;
    let draft = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let early = app.submit(draft, "fyn", "For tidligt", "10.00").await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let late = app.submit(round, "fyn", "For sent", "10.00").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let closed = app.vote(round, &app.member(1), &ids).await;
    assert_eq!(
        (closed.status, closed.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
}

#[tokio::test]
async fn unknown_paths_methods_and_ids_are_problems_too() {
    let app = spawn_app().await;
    let nowhere = app.get("/api/v1/nowhere", &app.hb()).await;
    assert_eq!(
        (nowhere.status, nowhere.content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    let method = app.send(Method::DELETE, "/api/v1/rounds", Some(&app.hb()), None).await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    let bad_id = app.get("/api/v1/rounds/abc", &app.hb()).await;
    assert_eq!(
        (bad_id.status, bad_id.problem_type()),
        (StatusCode::BAD_REQUEST, "invalid-path")
    );
    let no_json = app.send(Method::POST, "/api/v1/rounds", Some(&app.hb()), None).await;
    assert_eq!(no_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"name\": \"{}\", \"pool\": \"1.00\"}}", "x".repeat(200_000));
    let too_large = app
        .send(Method::POST, "/api/v1/rounds", Some(&app.hb()), Some(huge))
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let long_name = app
        .post(
            "/api/v1/rounds",
            &app.hb(),
            json!({"name": "x".repeat(201), "pool": "1.00"}),
        )
        .await;
    assert_eq!(
        (long_name.status, long_name.body["errors"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("name"))
    );
}
