//! Bearer-token authentication: who is calling, and in which role.
//!
//! Tokens are JWTs: HS256 with the service's own secret (the `token` command),
//! or RS256/ES256/EdDSA from the party's member system, verified with public
//! keys chosen by `kid` (see `keys`). `exp` is required.

mod keys;

pub use keys::{AuthSettings, TokenKeys, MAX_LEEWAY_SECONDS, MIN_SECRET_LEN};

use std::fmt;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use medlemsbudget_domain::Storkreds;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::state::AppState;

/// The role a token grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The national board: runs rounds, reviews bids, tallies.
    Hb,
    /// A storkreds board: submits and edits its storkreds' bids.
    Board,
    /// A member: votes.
    Member,
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "hb" => Ok(Role::Hb),
            "board" => Ok(Role::Board),
            "member" => Ok(Role::Member),
            other => Err(format!("\"{other}\" is not a role; use hb, board or member")),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Hb => "hb",
            Role::Board => "board",
            Role::Member => "member",
        })
    }
}

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

/// The caller of a request, from a verified token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The `sub` claim.
    pub subject: String,
    /// The role.
    pub role: Role,
    /// The storkreds, for boards and members.
    pub storkreds: Option<Storkreds>,
}

impl Principal {
    pub(crate) fn from_claims(claims: Claims) -> Result<Principal, ApiError> {
        let subject = claims.sub.trim().to_owned();
        if subject.is_empty() || subject.len() > 200 {
            return Err(ApiError::Unauthorized(
                "the token's 'sub' claim must be 1–200 characters".into(),
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
        Ok(Principal {
            subject,
            role: claims.role,
            storkreds,
        })
    }

    /// Succeeds for HB, else 403.
    pub fn require_hb(&self) -> Result<(), ApiError> {
        self.require_role(Role::Hb, "only HB (the national board) can do this")
    }

    /// Succeeds for a member, else 403.
    pub fn require_member(&self) -> Result<(), ApiError> {
        self.require_role(Role::Member, "only members can vote")
    }

    /// The board's storkreds, or 403 for anyone who is not a board.
    pub fn require_board(&self) -> Result<Storkreds, ApiError> {
        self.require_role(Role::Board, "only a storkreds board can do this")?;
        self.storkreds
            .ok_or_else(|| ApiError::Forbidden("the token names no storkreds".into()))
    }

    /// The board's storkreds if it is `storkreds`, else 403.
    pub fn require_board_of(&self, storkreds: Storkreds) -> Result<(), ApiError> {
        let own = self.require_board()?;
        if own == storkreds {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "this proposal belongs to storkreds {}; your board is {}",
                storkreds.slug(),
                own.slug()
            )))
        }
    }

    fn require_role(&self, role: Role, why: &str) -> Result<(), ApiError> {
        if self.role == role {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("{why}; your role is '{}'", self.role)))
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
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
        state.keys.verify(token)
    }
}
