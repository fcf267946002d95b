//! The web pages: server-rendered HTML in Danish (English second) over the
//! same application services as the REST API. Every page works without
//! JavaScript; every form is protected against cross-site requests.
//!
//! A handler reads the visitor (`Page`), parses its form at the edge, calls
//! one service and renders a template.

pub mod assets;
pub mod ballot;
pub mod board;
pub mod csrf;
pub mod error;
pub mod explain;
pub mod follow_up;
pub mod form;
pub mod hb;
pub mod i18n;
pub mod meetings;
pub mod page;
pub mod results;
pub mod rounds;
pub mod sign_in;
pub mod view;
pub mod voting_code;

use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::response::Response;
use axum::Router;

use crate::state::AppState;

pub use error::WebError;
pub use page::Page;

/// The largest form body accepted (the electorate roll is pasted or uploaded).
pub const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;

/// What a page may load: only this origin; no inline script or style.
/// Forms post to this origin only, and to `form_targets` (the OpenID
/// provider, which sign-in and sign-out redirect to).
fn content_security_policy(form_targets: &[String]) -> HeaderValue {
    let mut form_action = String::from("'self'");
    for origin in form_targets {
        form_action.push(' ');
        form_action.push_str(origin);
    }
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         form-action {form_action}; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| {
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'",
        )
    })
}

/// Every page and its assets, with voting-code attempts limited as `limits`
/// says, and forms allowed to lead on to `form_targets` (origins).
pub fn router(limits: voting_code::CodeLimits, form_targets: &[String]) -> Router<AppState> {
    let policy = content_security_policy(form_targets);
    Router::new()
        .merge(rounds::router())
        .merge(ballot::router())
        .merge(board::router())
        .merge(meetings::router())
        .merge(hb::router())
        .merge(results::router())
        .merge(follow_up::router())
        .merge(sign_in::router())
        .merge(voting_code::router(limits))
        .layer(middleware::from_fn(csrf::guard))
        .layer(middleware::map_response(move |response: Response| {
            let policy = policy.clone();
            async move { security_headers(response, policy) }
        }))
        .merge(assets::router())
}

fn security_headers(mut response: Response, policy: HeaderValue) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
