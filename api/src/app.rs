//! The router: API routes, OpenAPI document, Swagger UI, and the layers every
//! request passes (request id, tracing, body limit).

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, Response};
use axum::Router;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::openapi::{ApiDoc, StandardErrors};
use crate::routes;
use crate::state::AppState;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The routes and the OpenAPI document that describes them.
fn documented_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", routes::api_v1())
        .merge(routes::health::router())
        .merge(crate::metrics::router())
        .split_for_parts();
    StandardErrors.modify(&mut openapi);
    (router, openapi)
}

/// The OpenAPI document the code describes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented_routes().1
}

/// The OpenAPI document as the pretty JSON committed in `openapi/openapi.json`.
pub fn openapi_json() -> Result<String, serde_json::Error> {
    openapi().to_pretty_json().map(|json| json + "\n")
}

async fn not_found() -> ApiError {
    ApiError::NotFound("there is nothing at this path; see /docs for the API".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The complete application.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = documented_routes();
    let request_id = HeaderName::from_static("x-request-id");
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            let path = request
                .extensions()
                .get::<MatchedPath>()
                .map_or_else(|| request.uri().path().to_owned(), |p| p.as_str().to_owned());
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), path, request_id = id, status = tracing::field::Empty)
        })
        .on_response(|response: &Response<_>, latency: Duration, span: &Span| {
            span.record("status", response.status().as_u16());
            tracing::info!(status = response.status().as_u16(), latency_ms = latency.as_secs_f64() * 1000.0, "response");
        });
    crate::metrics::init();
    api.route_layer(axum::middleware::from_fn(crate::metrics::track))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
