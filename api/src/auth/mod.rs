//! Bearer-token authentication: who is calling, and in which role.
//!
//! Tokens are JWTs: HS256 with the service's own secret (the `token` command),
//! or RS256/ES256/EdDSA from the party's member system, verified with public
//! keys chosen by `kid` (see `keys`). `exp` is required.

mod keys;
pub mod oidc;
pub mod session;

pub use keys::{AuthSettings, TokenKeys, MAX_LEEWAY_SECONDS, MIN_SECRET_LEN};

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
pub use medlemsbudget_domain::Role;
use medlemsbudget_domain::{Actor, Storkreds};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The claims of a medlemsbudget token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The member (or board/HB user) id.
    pub sub: String,
    /// The role.
    pub role: Role,
    /// The storkreds slug; required for `board` and `member`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storkreds: Option<String>,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
    /// Issued at, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not before, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer, checked when the service is configured with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience, checked when the service is configured with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

impl Claims {
    /// Claims issued now, valid for `lifetime_seconds`.
    pub fn new(sub: impl Into<String>, role: Role, storkreds: Option<Storkreds>, lifetime_seconds: i64) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub: sub.into(),
            role,
            storkreds: storkreds.map(|s| s.slug().to_owned()),
            exp: now.saturating_add(lifetime_seconds),
            iat: Some(now),
            nbf: None,
            iss: None,
            aud: None,
        }
    }
}

/// The most characters a token's `sub` may have.
pub const MAX_SUBJECT_CHARS: usize = 200;

/// The actor a verified token names: `sub` must be 1–200 printable
/// characters (it is stored as text on both backends, and PostgreSQL refuses
/// U+0000 in text), and
/// boards and members must carry a storkreds.
pub(crate) fn actor_from_claims(claims: Claims) -> Result<Actor, ApiError> {
    let subject = claims.sub.trim();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(ApiError::Unauthorized(format!(
            "the token's 'sub' claim must be 1–{MAX_SUBJECT_CHARS} characters"
        )));
    }
    if subject.chars().any(char::is_control) {
        return Err(ApiError::Unauthorized(
            "the token's 'sub' claim must not contain control characters".into(),
        ));
    }
    let storkreds = match claims.storkreds.as_deref() {
        Some(slug) => Some(
            slug.parse::<Storkreds>()
                .map_err(|e| ApiError::Unauthorized(e.to_string()))?,
        ),
        None => None,
    };
    if claims.role != Role::Hb && storkreds.is_none() {
        return Err(ApiError::Unauthorized(format!(
            "a '{}' token must carry a 'storkreds' claim",
            claims.role
        )));
    }
    Ok(Actor::new(subject, claims.role, storkreds))
}

/// The actor of a request, from its `Authorization: Bearer` token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bearer(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Bearer
where
    Arc<TokenKeys>: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::Unauthorized("send 'Authorization: Bearer <token>'".into()))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be 'Bearer <token>'".into()))?;
        Arc::<TokenKeys>::from_ref(state).verify(token).map(Bearer)
    }
}
