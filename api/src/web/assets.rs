//! The pages' stylesheet, script and icon, compiled into the binary: no CDN,
//! no external fonts. They are cached for a day and revalidated by ETag.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

const CSS: &str = include_str!("../../assets/app.css");
const JS: &str = include_str!("../../assets/app.js");
const ICON: &str = include_str!("../../assets/icon.svg");

/// `/assets/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/app.css",
            get(|h: HeaderMap| async move { asset(&h, CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/app.js",
            get(|h: HeaderMap| async move { asset(&h, JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/icon.svg",
            get(|h: HeaderMap| async move { asset(&h, ICON, "image/svg+xml") }),
        )
}

fn etag(body: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", medlemsbudget_domain::hex::encode(&digest[..8]))
}

fn asset(headers: &HeaderMap, body: &'static str, content_type: &'static str) -> Response {
    let tag = etag(body);
    let cache = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
        (header::ETAG, tag.clone()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, body).into_response()
}
