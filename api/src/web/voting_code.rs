//! Signing in with a one-time voting code on a round's page
//! (`/runder/{id}/kode`), limited per client and overall so that guessing
//! gets nowhere, and the code file HB downloads for mail merge or print.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use axum_extra::extract::Form;
use serde::Deserialize;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::{GlobalKeyExtractor, KeyExtractor};
use tower_governor::{GovernorError, GovernorLayer};

use super::i18n::{Lang, Tr};
use super::page::Page;
use super::rounds::render_form;
use super::sign_in::start_session;
use super::view::RoundView;
use super::WebError;
use crate::auth::session::SignInMethod;
use crate::error::ApiError;
use crate::services::voting_codes::HandedOut;
use crate::services::{rounds, voting_codes};
use crate::state::AppState;

/// How many code attempts are let through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeLimits {
    /// Attempts one client may make at once.
    pub per_client_burst: u32,
    /// One more attempt per client after this long.
    pub per_client_every: Duration,
    /// Attempts all clients together may make at once.
    pub global_burst: u32,
    /// One more attempt overall after this long.
    pub global_every: Duration,
    /// Whether the client is the last address in `X-Forwarded-For` (behind
    /// a reverse proxy that sets it) rather than the connection's peer.
    pub trust_forwarded_for: bool,
}

impl Default for CodeLimits {
    fn default() -> Self {
        CodeLimits {
            per_client_burst: 10,
            per_client_every: Duration::from_secs(6),
            global_burst: 200,
            global_every: Duration::from_millis(20),
            trust_forwarded_for: false,
        }
    }
}

/// The client a code attempt comes from: the connection's peer address, or
/// the last `X-Forwarded-For` address when the proxy in front is trusted.
#[derive(Clone, Copy, Debug)]
struct ClientKey {
    trust_forwarded_for: bool,
}

impl KeyExtractor for ClientKey {
    type Key = Option<IpAddr>;

    fn extract<T>(&self, request: &Request<T>) -> Result<Self::Key, GovernorError> {
        let forwarded = self
            .trust_forwarded_for
            .then(|| {
                request
                    .headers()
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.rsplit(',').next())
                    .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
            })
            .flatten();
        Ok(forwarded.or_else(|| {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip())
        }))
    }
}

/// The page a refused attempt gets, in Danish with the English beneath
/// (the visitor's language is not read before the limit).
#[derive(Template)]
#[template(path = "too_many_codes.html")]
struct TooManyPage {
    da: Tr,
    en: Tr,
}

fn too_many(error: GovernorError) -> Response {
    let wait = match error {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        _ => 60,
    };
    let page = TooManyPage {
        da: Tr { lang: Lang::Da },
        en: Tr { lang: Lang::En },
    };
    let html = page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "rendering the too-many-codes page failed");
        String::new()
    });
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn nanos(every: Duration) -> u64 {
    u64::try_from(every.as_nanos()).unwrap_or(u64::MAX).max(1)
}

/// `/runder/{id}/kode`: the form, and the attempts, limited per client and overall.
pub fn router(limits: CodeLimits) -> Router<AppState> {
    let per_client = GovernorConfigBuilder::default()
        .per_nanosecond(nanos(limits.per_client_every))
        .burst_size(limits.per_client_burst.max(1))
        .key_extractor(ClientKey {
            trust_forwarded_for: limits.trust_forwarded_for,
        })
        .finish();
    let global = GovernorConfigBuilder::default()
        .per_nanosecond(nanos(limits.global_every))
        .burst_size(limits.global_burst.max(1))
        .key_extractor(GlobalKeyExtractor)
        .finish();
    let form = get(code_form);
    let attempt = match (per_client, global) {
        (Some(per_client), Some(global)) => axum::routing::post(sign_in_with_code)
            .layer::<_, Infallible>(GovernorLayer::<_, _, Body>::new(Arc::new(global)).error_handler(too_many))
            .layer::<_, Infallible>(GovernorLayer::<_, _, Body>::new(Arc::new(per_client)).error_handler(too_many)),
        // The limits are checked to be positive above, so this cannot happen;
        // without them, no attempt is let through.
        _ => axum::routing::post(|| async { too_many(GovernorError::UnableToExtractKey) }),
    };
    Router::new().route("/runder/{id}/kode", form.merge(attempt))
}

#[derive(Template)]
#[template(path = "voting_code.html")]
struct CodePage {
    page: Page,
    round: RoundView,
    error: String,
}

async fn code_page(page: Page, state: &AppState, id: i64, error: String) -> Result<Response, WebError> {
    let round = rounds::get(&state.services, id).await.map_err(|e| page.fail(e))?;
    let failed = !error.is_empty();
    let view = CodePage {
        round: RoundView::new(&page.t, &round),
        error,
        page,
    };
    render_form(&view.page, &view, failed)
}

async fn code_form(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    code_page(page, &state, id, String::new()).await
}

/// The code form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn sign_in_with_code(
    page: Page,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    match voting_codes::sign_in(&state.services, id, &form.code).await {
        Ok(signed_in) => {
            let to = format!("/runder/{id}/stemme");
            start_session(
                &page,
                &state,
                jar,
                &signed_in.actor,
                SignInMethod::Code,
                signed_in.until,
                &to,
            )
            .await
        }
        Err(ApiError::Invalid { .. }) => {
            let message = page.t.get("code-malformed");
            code_page(page, &state, id, message).await
        }
        Err(ApiError::Unauthorized(_)) => {
            let message = page.t.get("code-unknown");
            code_page(page, &state, id, message)
                .await
                .map(|r| (StatusCode::UNAUTHORIZED, r).into_response())
        }
        Err(other) => Err(page.fail(other)),
    }
}

/// The codes as CSV for mail merge or print: `member_id,storkreds,code`.
pub fn codes_csv(codes: &[HandedOut]) -> String {
    let mut csv = String::from("member_id,storkreds,code\n");
    for handed in codes {
        let member = if handed.member_id.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", handed.member_id.replace('"', "\"\""))
        } else {
            handed.member_id.clone()
        };
        csv.push_str(&format!("{member},{},{}\n", handed.storkreds.slug(), handed.code));
    }
    csv
}

/// The CSV file as a download that is never cached.
pub fn csv_download(round_id: i64, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"stemmekoder-runde-{round_id}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv,
    )
        .into_response()
}

/// HB's button: generates a code for every member on the roll and sends the file.
pub async fn hb_generate(page: Page, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let actor = page.require_actor()?.clone();
    let codes = voting_codes::generate(&state.services, &actor, id, None)
        .await
        .map_err(|e| page.fail(e))?;
    Ok(csv_download(id, codes_csv(&codes)))
}
