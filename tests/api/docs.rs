//! The API documents itself: `/openapi.json`, Swagger UI at `/docs`, health checks.

use axum::http::{Method, StatusCode};

use crate::helpers::spawn_app;

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
        "/healthz",
        "/readyz",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    for (path, operations) in &paths {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            assert!(operation["summary"].is_string(), "{method} {path} has no summary");
            let public = path.ends_with("healthz") || path.ends_with("readyz");
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
