//! The router: API routes, OpenAPI document, Swagger UI, and the layers every
//! request passes (request id, tracing, body limit).

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, Response};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::openapi::{ApiDoc, BodyRules, ClosedVariants, StandardErrors};
use crate::rest;
use crate::state::AppState;

/// The largest request body accepted, in bytes: room for the largest body
/// the OpenAPI document allows with every character escaped, a proposal
/// whose 10,000-character description is all `\uXXXX\uXXXX` pairs (120 KB).
pub const MAX_BODY_BYTES: usize = 128 * 1024;

/// The routes and the OpenAPI document that describes them.
fn documented_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", rest::api_v1())
        .merge(rest::health::router())
        .merge(crate::metrics::router())
        .split_for_parts();
    StandardErrors.modify(&mut openapi);
    ClosedVariants.modify(&mut openapi);
    BodyRules.modify(&mut openapi);
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

/// Browsers on the listed origins may call the API with a bearer token; with
/// no origins, no CORS headers are sent and browsers keep to the same origin.
fn cors(origins: &[HeaderValue]) -> CorsLayer {
    if origins.is_empty() {
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(3600))
}

async fn not_found() -> ApiError {
    ApiError::NotFound("there is nothing at this path; see /docs for the API".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// HTTP settings an operator may change.
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// The largest JSON body accepted, in bytes (the electorate import takes up to 16 MiB).
    pub body_limit: usize,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<HeaderValue>,
    /// How many voting-code attempts are let through.
    pub code_limits: crate::web::voting_code::CodeLimits,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            body_limit: MAX_BODY_BYTES,
            cors_origins: Vec::new(),
            code_limits: crate::web::voting_code::CodeLimits::default(),
        }
    }
}

/// The complete application with default HTTP settings.
pub fn router(state: AppState) -> Router {
    router_with(state, &HttpSettings::default())
}

/// The complete application.
pub fn router_with(state: AppState, settings: &HttpSettings) -> Router {
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
    let form_targets = state.oidc.as_ref().map(|oidc| oidc.origins()).unwrap_or_default();
    api.route_layer(axum::middleware::from_fn(crate::metrics::track))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", openapi))
        .merge(crate::web::router(settings.code_limits, &form_targets))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(cors(&settings.cors_origins))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
