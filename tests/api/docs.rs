//! The API documents itself: `/openapi.json`, Swagger UI at `/docs`, health checks.

use axum::http::{Method, StatusCode};

use crate::helpers::{spawn_app, spawn_app_with, test_settings};

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_with_bearer_auth() {
    let app = spawn_app().await;
    let doc = app.send(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap_or_default().starts_with("3.1"));
    assert_eq!(doc.body["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let paths = doc.body["paths"].as_object().cloned().unwrap_or_default();
    for path in [
        "/api/v1/storkredse",
        "/api/v1/rounds",
        "/api/v1/rounds/{round_id}",
        "/api/v1/rounds/{round_id}/phase",
        "/api/v1/rounds/{round_id}/proposals",
        "/api/v1/rounds/{round_id}/proposals/{proposal_id}",
        "/api/v1/rounds/{round_id}/proposals/{proposal_id}/withdraw",
        "/api/v1/rounds/{round_id}/proposals/{proposal_id}/review",
        "/api/v1/rounds/{round_id}/ballot",
        "/api/v1/rounds/{round_id}/tally",
        "/api/v1/rounds/{round_id}/results",
        "/api/v1/rounds/{round_id}/ballots",
        "/api/v1/rounds/{round_id}/electorate",
        "/api/v1/rounds/{round_id}/audit",
        "/api/v1/rounds/{round_id}/publication",
        "/api/v1/publication-key",
        "/api/v1/rounds/{round_id}/follow-up",
        "/api/v1/rounds/{round_id}/follow-up/{proposal_id}/expenses",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    for (path, operations) in &paths {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            assert!(operation["summary"].is_string(), "{method} {path} has no summary");
            let public = [
                "/healthz",
                "/readyz",
                "/metrics",
                "/api/v1/publication-key",
                "/api/v1/rounds/{round_id}/follow-up",
                "/api/v1/rounds/{round_id}/follow-up.csv",
                "/api/v1/rounds/{round_id}/follow-up/{proposal_id}",
            ]
            .contains(&path.as_str());
            assert_eq!(operation["security"].is_array(), !public, "{method} {path} security");
        }
    }
}

#[tokio::test]
async fn swagger_ui_is_served_offline() {
    let app = spawn_app().await;
    let page = app.send(Method::GET, "/docs/", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
}

#[tokio::test]
async fn health_and_readiness_answer_and_requests_get_an_id() {
    let app = spawn_app().await;
    let health = app.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(
        (health.status, health.body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let ready = app.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert!(ready.request_id.is_some_and(|id| id.len() >= 32));
}

fn metric(text: &str, name_and_labels: &str) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(name_and_labels))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn metrics_count_requests_ballots_and_phases() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let scrape = || async {
        let request = axum::http::Request::builder()
            .uri("/metrics")
            .body(axum::body::Body::empty());
        let Ok(request) = request else { panic!("request") };
        let Ok(response) = tower::ServiceExt::oneshot(app.router.clone(), request).await;
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let before = scrape().await;
    assert_eq!(app.vote(round, &app.member(1), &ids).await.status, StatusCode::OK);
    assert_eq!(
        app.vote(round, &app.member(1), &[999_999]).await.status,
        StatusCode::CONFLICT
    );
    let after = scrape().await;

    let accepted = "medlemsbudget_ballots_accepted_total";
    assert!(metric(&after, accepted) >= metric(&before, accepted) + 1.0, "{after}");
    let rejected = "medlemsbudget_ballots_rejected_total{reason=\"invalid-ballot\"}";
    assert!(metric(&after, rejected) >= metric(&before, rejected) + 1.0, "{after}");
    let puts =
        "medlemsbudget_http_requests_total{method=\"PUT\",route=\"/api/v1/rounds/{round_id}/ballot\",status=\"200\"}";
    assert!(metric(&after, puts) >= metric(&before, puts) + 1.0, "{after}");
    assert!(after.contains("medlemsbudget_http_request_duration_seconds_bucket"));
    let phase = format!("medlemsbudget_round_phase{{round=\"{round}\",phase=\"voting\"}} 1");
    assert!(after.contains(&phase), "{after}");
    assert!(after.contains("medlemsbudget_db_pool_in_use"));
}

#[tokio::test]
async fn cors_answers_only_the_configured_origins_and_the_body_limit_is_configurable() {
    let settings = medlemsbudget::app::HttpSettings {
        body_limit: 2048,
        cors_origins: vec![axum::http::HeaderValue::from_static("https://medlem.example.dk")],
        ..Default::default()
    };
    let app = spawn_app_with(test_settings(), &settings).await;
    let router = app.router.clone();
    let preflight = |origin: &'static str| {
        axum::http::Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/rounds")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,content-type")
            .body(axum::body::Body::empty())
    };
    let Ok(allowed) = preflight("https://medlem.example.dk") else {
        panic!("request")
    };
    let Ok(response) = tower::ServiceExt::oneshot(router.clone(), allowed).await;
    let allow = response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(allow.as_deref(), Some("https://medlem.example.dk"));
    let Ok(other) = preflight("https://evil.example") else {
        panic!("request")
    };
    let Ok(response) = tower::ServiceExt::oneshot(router.clone(), other).await;
    assert!(response.headers().get("access-control-allow-origin").is_none());

    let body = format!("{{\"name\": \"{}\", \"pool\": \"1.00\"}}", "x".repeat(3000));
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/rounds")
        .header("authorization", format!("Bearer {}", app.hb()))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body));
    let Ok(request) = request else { panic!("request") };
    let Ok(response) = tower::ServiceExt::oneshot(router, request).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
