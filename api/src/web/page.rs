//! `Page`: who is looking, in which language, with which form token. Every
//! page handler takes one and hands it to its template.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use medlemsbudget_domain::{Actor, Role};

use super::csrf;
use super::error::WebError;
use super::i18n::{Lang, Tr};
use crate::auth::session::SessionClaims;
use crate::error::ApiError;
use crate::services::sessions;
use crate::state::AppState;

/// The cookie that holds the signed-in visitor's session (`auth::session`).
pub const SESSION_COOKIE: &str = "mb_session";

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "mb_lang";

/// The visitor of a page.
#[derive(Clone, Debug)]
pub struct Page {
    /// Messages in the visitor's language.
    pub t: Tr,
    /// Who is signed in, if anyone.
    pub actor: Option<Actor>,
    /// The token every form repeats.
    pub csrf: String,
    /// The path and query of this page (to come back to after switching language).
    pub here: String,
    /// The visitor's live session, if signed in.
    pub session: Option<SessionClaims>,
    /// Whether the development sign-in is offered.
    pub demo: bool,
    /// Whether sign-in through the organisation's OpenID provider is offered.
    pub oidc: bool,
    /// Whether the page was requested over plain HTTP on this machine.
    pub local: bool,
}

impl Page {
    /// The language code for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }

    /// The other language's code, for the switch.
    pub fn other_lang(&self) -> &'static str {
        self.t.lang.other().code()
    }

    /// Whether HB is signed in.
    pub fn is_hb(&self) -> bool {
        self.actor.as_ref().is_some_and(Actor::is_hb)
    }

    /// Whether a member is signed in.
    pub fn is_member(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.role() == Role::Member)
    }

    /// Whether a storkreds board is signed in.
    pub fn is_board(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.role() == Role::Board)
    }

    /// Who is signed in, as shown in the header.
    pub fn signed_in_as(&self) -> String {
        let Some(actor) = &self.actor else {
            return String::new();
        };
        let storkreds = actor.storkreds().map(|s| s.name()).unwrap_or_default();
        match actor.role() {
            Role::Hb => self.t.get("role-hb"),
            Role::Board => self.t.with("role-board", "storkreds", storkreds),
            Role::Member => self.t.args(
                "role-member",
                &[
                    ("id", actor.subject().to_owned().into()),
                    ("storkreds", storkreds.to_owned().into()),
                ],
            ),
        }
    }

    /// The signed-in actor, or the page that asks to sign in.
    pub fn require_actor(&self) -> Result<&Actor, WebError> {
        self.actor
            .as_ref()
            .ok_or_else(|| self.fail(ApiError::Unauthorized("sign in to see this page".into())))
    }

    /// An error page for `error`, in the visitor's language.
    pub fn fail(&self, error: impl Into<ApiError>) -> WebError {
        WebError::new(self.clone(), error.into())
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let lang = jar
            .get(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
            .unwrap_or_else(|| Lang::negotiate(&parts.headers));
        let session = match jar
            .get(SESSION_COOKIE)
            .and_then(|c| state.keys.sessions().read(c.value()))
        {
            Some(claims) => match sessions::resume(&state.services, state.sessions, &claims.id_hash()).await {
                Ok(true) => Some(claims),
                Ok(false) => None,
                Err(e) => {
                    tracing::error!(error = %e, "reading a session failed");
                    None
                }
            },
            None => None,
        };
        let actor = session.as_ref().map(SessionClaims::actor);
        let csrf = jar.get(csrf::COOKIE).map(|c| c.value().to_owned()).unwrap_or_default();
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        Ok(Page {
            t: Tr { lang },
            actor,
            csrf,
            here,
            session,
            demo: state.demo_sign_in,
            oidc: state.oidc.is_some(),
            local: csrf::is_local(&parts.headers),
        })
    }
}
