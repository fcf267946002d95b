//! Signing in to the pages and out again. Every way in starts a server-side
//! session with a fresh id (`services::sessions`): the organisation's OpenID
//! provider, a voting code (`web::voting_code`), a pasted token (as
//! `medlemsbudget token` or the organisation's own system issues them), and,
//! only under `serve --demo`, picking the demo HB, a board or a member.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use axum_extra::extract::Form;
use medlemsbudget_domain::electorate::MAX_MEMBER_ID_LEN;
use medlemsbudget_domain::{Actor, Role, Storkreds};
use serde::Deserialize;

use super::csrf;
use super::page::{Page, SESSION_COOKIE};
use super::rounds::render;
use super::view::{storkreds_choices, Choice};
use super::WebError;
use crate::auth::oidc::OidcError;
use crate::auth::session::{SessionClaims, SignInMethod};
use crate::error::ApiError;
use crate::services::sessions;
use crate::state::AppState;

/// The cookie that ties a sign-in at the provider to this browser (its `state`).
const OIDC_STATE_COOKIE: &str = "mb_oidc_state";

/// `/log-ind`, `/log-ind/demo`, `/log-ind/noegle`, `/log-ind/oidc`,
/// `/log-ind/oidc/retur` and `/log-ud`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log-ind", get(sign_in_page))
        .route("/log-ind/demo", post(demo_sign_in))
        .route("/log-ind/noegle", post(token_sign_in))
        .route("/log-ind/oidc", post(oidc_start))
        .route("/log-ind/oidc/retur", get(oidc_return))
        .route("/log-ud", post(sign_out))
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Page,
    storkredse: Vec<Choice>,
    error: String,
}

fn sign_in_view(page: &Page, storkreds: Option<Storkreds>, error: String) -> SignInPage {
    SignInPage {
        storkredse: storkreds_choices(storkreds),
        error,
        page: page.clone(),
    }
}

async fn sign_in_page(page: Page) -> Result<Response, WebError> {
    let view = sign_in_view(&page, Some(Storkreds::Fyn), String::new());
    render(&view.page, &view)
}

/// The sign-in page again with `message`, answered with `status`.
fn refused(page: &Page, status: StatusCode, message: String) -> Result<Response, WebError> {
    let view = sign_in_view(page, Some(Storkreds::Fyn), message);
    render(page, &view).map(|r| (status, r).into_response())
}

/// Starts a session for `actor` with a fresh id (ending the browser's earlier
/// one), sets its cookie and sends the browser to `to`.
pub(super) async fn start_session(
    page: &Page,
    state: &AppState,
    jar: CookieJar,
    actor: &Actor,
    via: SignInMethod,
    not_after: Option<i64>,
    to: &str,
) -> Result<Response, WebError> {
    let earlier = page.session.as_ref().map(SessionClaims::id_hash);
    let session = sessions::start(&state.services, state.sessions, earlier.as_deref(), not_after)
        .await
        .map_err(|e| page.fail(e))?;
    let claims = SessionClaims {
        sid: session.id,
        sub: actor.subject().to_owned(),
        role: actor.role(),
        storkreds: actor.storkreds(),
        round: actor.only_round(),
        via,
        exp: session.expires_at,
    };
    let cookie = state
        .keys
        .sessions()
        .sign(&claims)
        .map_err(|e| page.fail(ApiError::Internal(format!("signing a session cookie: {e}"))))?;
    let jar = jar.add(csrf::cookie(SESSION_COOKIE, cookie, page.local));
    Ok((jar, Redirect::to(to)).into_response())
}

/// The development sign-in's form.
#[derive(Debug, Deserialize)]
pub struct DemoChoice {
    role: String,
    #[serde(default)]
    storkreds: String,
    #[serde(default)]
    member: String,
}

async fn demo_sign_in(
    page: Page,
    State(state): State<AppState>,
    jar: CookieJar,
    Form(choice): Form<DemoChoice>,
) -> Result<Response, WebError> {
    if !state.demo_sign_in {
        return Err(page.fail(ApiError::NotFound(
            "the development sign-in exists only under serve --demo".into(),
        )));
    }
    let role: Role = choice
        .role
        .parse()
        .map_err(|_| page.fail(ApiError::invalid_field("invalid-field", "role", "unknown role")))?;
    let storkreds = choice.storkreds.parse::<Storkreds>().ok();
    let member = choice.member.trim();
    let (subject, storkreds) = match (role, storkreds) {
        (Role::Hb, _) => ("demo-hb".to_owned(), None),
        (Role::Board, Some(s)) => (format!("demo-board-{}", s.slug()), Some(s)),
        (Role::Member, Some(s))
            if !member.is_empty()
                && member.chars().count() <= MAX_MEMBER_ID_LEN
                && !member.chars().any(char::is_control) =>
        {
            (member.to_owned(), Some(s))
        }
        _ => {
            let view = sign_in_view(&page, storkreds, page.t.get("sign-in-demo-incomplete"));
            return render(&page, &view);
        }
    };
    let actor = Actor::new(subject, role, storkreds);
    start_session(&page, &state, jar, &actor, SignInMethod::Demo, None, "/").await
}

/// The token sign-in's form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    token: String,
}

async fn token_sign_in(
    page: Page,
    State(state): State<AppState>,
    jar: CookieJar,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    let Ok((actor, expires)) = state.keys.verify_until(form.token.trim()) else {
        return refused(&page, StatusCode::UNAUTHORIZED, page.t.get("sign-in-token-invalid"));
    };
    start_session(&page, &state, jar, &actor, SignInMethod::Token, Some(expires), "/").await
}

/// Sends the browser to the organisation's provider, with a fresh state,
/// nonce and PKCE challenge kept until it comes back.
async fn oidc_start(page: Page, State(state): State<AppState>, jar: CookieJar) -> Result<Response, WebError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(page.fail(ApiError::NotFound(
            "sign-in through a provider is not configured".into(),
        )));
    };
    let started = match oidc.start() {
        Ok(started) => started,
        Err(e) => return oidc_refused(&page, &e),
    };
    sessions::begin_oidc(&state.services, &started.state, &started.nonce, &started.pkce_verifier)
        .await
        .map_err(|e| page.fail(e))?;
    let jar = jar.add(csrf::cookie(OIDC_STATE_COOKIE, started.state, page.local));
    Ok((jar, Redirect::to(&started.url)).into_response())
}

/// What the provider sends back.
#[derive(Debug, Deserialize)]
pub struct ProviderReturn {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

fn oidc_refused(page: &Page, error: &OidcError) -> Result<Response, WebError> {
    tracing::warn!(error = %error, "a sign-in through the OpenID provider was refused");
    let status = match error {
        OidcError::Unreachable(_) => StatusCode::BAD_GATEWAY,
        _ => StatusCode::UNAUTHORIZED,
    };
    refused(page, status, page.t.get(error.message_key()))
}

async fn oidc_return(
    page: Page,
    State(state): State<AppState>,
    jar: CookieJar,
    Query(back): Query<ProviderReturn>,
) -> Result<Response, WebError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(page.fail(ApiError::NotFound(
            "sign-in through a provider is not configured".into(),
        )));
    };
    let expected = jar.get(OIDC_STATE_COOKIE).map(|c| c.value().to_owned());
    let jar = jar.remove(Cookie::build(OIDC_STATE_COOKIE).path("/"));
    if let Some(error) = back.error {
        let why = format!("{error}: {}", back.error_description.unwrap_or_default());
        return oidc_refused(&page, &OidcError::Provider(why)).map(|r| (jar, r).into_response());
    }
    let (Some(code), Some(returned)) = (back.code, back.state) else {
        return oidc_refused(&page, &OidcError::UnknownState).map(|r| (jar, r).into_response());
    };
    // The state must be the one this browser was sent with, and still unused.
    let pending = if expected.as_deref() == Some(returned.as_str()) {
        sessions::take_oidc(&state.services, &returned)
            .await
            .map_err(|e| page.fail(e))?
    } else {
        None
    };
    let Some((nonce, verifier)) = pending else {
        return oidc_refused(&page, &OidcError::UnknownState).map(|r| (jar, r).into_response());
    };
    match oidc.finish(&code, &nonce, &verifier).await {
        Ok(signed_in) => start_session(&page, &state, jar, &signed_in.actor, SignInMethod::Oidc, None, "/").await,
        Err(e) => oidc_refused(&page, &e).map(|r| (jar, r).into_response()),
    }
}

/// Ends the session here, and at the provider when it was started there and
/// the provider offers RP-initiated logout.
async fn sign_out(page: Page, State(state): State<AppState>, jar: CookieJar) -> Result<Response, WebError> {
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    let Some(session) = &page.session else {
        return Ok((jar, Redirect::to("/")).into_response());
    };
    sessions::end(&state.services, &session.id_hash())
        .await
        .map_err(|e| page.fail(e))?;
    let provider_logout = match (&state.oidc, session.via) {
        (Some(oidc), SignInMethod::Oidc) => oidc.logout_url(),
        _ => None,
    };
    Ok((jar, Redirect::to(provider_logout.as_deref().unwrap_or("/"))).into_response())
}
