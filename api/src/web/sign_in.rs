//! Signing in to the pages. With a token (as `medlemsbudget token` or the
//! organisation's own system issues them), or, only under `serve --demo`,
//! by picking the demo HB, a storkreds board or a member.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use axum_extra::extract::Form;
use medlemsbudget_domain::electorate::MAX_MEMBER_ID_LEN;
use medlemsbudget_domain::{Role, Storkreds};
use serde::Deserialize;

use super::csrf;
use super::page::{Page, SESSION_COOKIE};
use super::rounds::render;
use super::view::{storkreds_choices, Choice};
use super::WebError;
use crate::auth::Claims;
use crate::error::ApiError;
use crate::state::AppState;

/// How long a sign-in through the pages lasts.
const SESSION_SECONDS: i64 = 8 * 3600;

/// `/log-ind`, `/log-ind/demo`, `/log-ind/noegle` and `/log-ud`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log-ind", get(sign_in_page))
        .route("/log-ind/demo", post(demo_sign_in))
        .route("/log-ind/noegle", post(token_sign_in))
        .route("/log-ud", post(sign_out))
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Page,
    storkredse: Vec<Choice>,
    error: String,
}

async fn sign_in_page(page: Page) -> Result<Response, WebError> {
    let view = SignInPage {
        storkredse: storkreds_choices(Some(Storkreds::Fyn)),
        error: String::new(),
        page,
    };
    render(&view.page, &view)
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

fn signed_in(page: &Page, jar: CookieJar, token: String) -> Response {
    let jar = jar.add(csrf::cookie(SESSION_COOKIE, token, page.local));
    (jar, Redirect::to("/")).into_response()
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
            let view = SignInPage {
                storkredse: storkreds_choices(storkreds),
                error: page.t.get("sign-in-demo-incomplete"),
                page: page.clone(),
            };
            return render(&page, &view);
        }
    };
    let claims = Claims::new(subject, role, storkreds, SESSION_SECONDS);
    let token = state
        .keys
        .sign(&claims)
        .map_err(|e| page.fail(ApiError::Internal(format!("signing a demo sign-in: {e}"))))?;
    Ok(signed_in(&page, jar, token))
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
    let token = form.token.trim().to_owned();
    if state.keys.verify(&token).is_err() {
        let view = SignInPage {
            storkredse: storkreds_choices(Some(Storkreds::Fyn)),
            error: page.t.get("sign-in-token-invalid"),
            page: page.clone(),
        };
        return render(&page, &view).map(|r| (axum::http::StatusCode::UNAUTHORIZED, r).into_response());
    }
    Ok(signed_in(&page, jar, token))
}

async fn sign_out(jar: CookieJar) -> Response {
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    (jar, Redirect::to("/")).into_response()
}
