//! Cross-site request forgery protection, double-submit style: every visitor
//! gets a random token in an HttpOnly, SameSite cookie, every form carries
//! it in a hidden `csrf` field (or, for file uploads, in the action's query),
//! and a POST whose field does not match the cookie is refused before any
//! handler runs. Requests a browser marks as cross-site are refused too.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use rand::RngCore;

use super::MAX_FORM_BYTES;

/// The cookie that holds the visitor's token.
pub const COOKIE: &str = "mb_csrf";

/// The form field (or query parameter) that must repeat it.
pub const FIELD: &str = "csrf";

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    medlemsbudget_domain::hex::encode(&bytes)
}

/// Whether the request was sent over plain HTTP to this machine, where a
/// `Secure` cookie would not come back.
pub fn is_local(request_headers: &axum::http::HeaderMap) -> bool {
    let host = request_headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let forwarded_https = request_headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    !forwarded_https && (host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]"))
}

/// A cookie as the pages set it: HttpOnly, SameSite=Lax, whole site, Secure
/// unless served to this machine over plain HTTP.
pub fn cookie(name: &'static str, value: String, local: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(!local)
        .build()
}

/// The first value of `name` in an `application/x-www-form-urlencoded` text.
fn urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_html_form::from_bytes::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// The page a refused POST gets: a whole HTML document (title, language)
/// in Danish with the English beneath, since the visitor's language is not
/// read before the guard.
const REFUSED_PAGE: &str = "<!doctype html>
<html lang=\"da\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>Formularen kunne ikke sendes · medlemsbudget</title>
<link rel=\"stylesheet\" href=\"/assets/app.css\">
</head>
<body>
<main class=\"wrap\">
<h1>Formularen kunne ikke sendes</h1>
<p>Formularen kunne ikke sendes, fordi siden var for gammel eller kom fra et andet websted. \
Gå tilbage, genindlæs siden og prøv igen.</p>
<div lang=\"en\">
<h2>The form could not be sent</h2>
<p>The form could not be sent because the page was too old or came from another site. \
Go back, reload the page and try again.</p>
</div>
<p><a href=\"/\">Til forsiden</a> (<span lang=\"en\">to the front page</span>)</p>
</main>
</body>
</html>
";

fn refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        REFUSED_PAGE,
    )
        .into_response()
}

/// Gives every visitor a token and refuses POSTs that do not repeat it.
pub async fn guard(jar: CookieJar, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let local = is_local(&parts.headers);
    let existing = jar.get(COOKIE).map(|c| c.value().to_owned()).filter(|t| t.len() == 48);
    let body = if parts.method == Method::POST {
        let cross_site = parts
            .headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site");
        let Some(expected) = existing.as_deref().filter(|_| !cross_site) else {
            return refused();
        };
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "for stor / too large").into_response();
        };
        let in_query = parts.uri.query().and_then(|q| urlencoded_field(q.as_bytes(), FIELD));
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let sent = in_query.or_else(|| if is_form { urlencoded_field(&bytes, FIELD) } else { None });
        if !sent.is_some_and(|sent| constant_time_eq(sent.as_bytes(), expected.as_bytes())) {
            return refused();
        }
        Body::from(bytes)
    } else {
        body
    };
    let mut fresh = None;
    if existing.is_none() {
        let token = new_token();
        let pair = format!("{COOKIE}={token}");
        let cookies = match parts.headers.get(header::COOKIE).and_then(|v| v.to_str().ok()) {
            Some(other) if !other.is_empty() => format!("{other}; {pair}"),
            _ => pair,
        };
        if let Ok(value) = HeaderValue::from_str(&cookies) {
            parts.headers.insert(header::COOKIE, value);
        }
        fresh = Some(token);
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    match fresh {
        Some(token) => (CookieJar::new().add(cookie(COOKIE, token, local)), response).into_response(),
        None => response,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
