//! Bearer-token authentication: who is calling, and in which role.
//!
//! Tokens are JWTs signed with HS256 and a secret shared with whoever issues
//! them (the `token` command, or the party's member system). `exp` is required.

use std::fmt;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
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
}

/// Signs and verifies tokens with one HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKeys(HS256, secret redacted)")
    }
}

/// The least secret length accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

impl TokenKeys {
    /// Keys from a shared secret of at least 32 bytes.
    pub fn from_secret(secret: &str) -> Result<TokenKeys, String> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!("the JWT secret must be at least {MIN_SECRET_LEN} bytes long"));
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = 30;
        validation.validate_exp = true;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        })
    }

    /// Signs claims into a token.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// Verifies a token and turns its claims into a `Principal`.
    pub fn verify(&self, token: &str) -> Result<Principal, ApiError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|error| {
            use jsonwebtoken::errors::ErrorKind;
            let why = match error.kind() {
                ErrorKind::ExpiredSignature => "the token has expired".to_owned(),
                ErrorKind::InvalidSignature => "the token's signature is not valid".to_owned(),
                ErrorKind::InvalidAlgorithm => "the token is not signed with HS256".to_owned(),
                ErrorKind::MissingRequiredClaim(claim) => format!("the token has no '{claim}' claim"),
                _ => format!("the token is not valid: {error}"),
            };
            ApiError::Unauthorized(why)
        })?;
        Principal::from_claims(data.claims)
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
    fn from_claims(claims: Claims) -> Result<Principal, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Option<TokenKeys> {
        TokenKeys::from_secret("0123456789abcdef0123456789abcdef").ok()
    }

    fn claims(role: Role, storkreds: Option<&str>, exp: i64) -> Claims {
        Claims {
            sub: "m1".into(),
            role,
            storkreds: storkreds.map(Into::into),
            exp,
            iat: None,
        }
    }

    #[test]
    fn round_trips_and_checks_claims() {
        let Some(keys) = keys() else { panic!("keys") };
        let future = chrono::Utc::now().timestamp() + 600;
        let token = keys
            .sign(&claims(Role::Member, Some("fyn"), future))
            .unwrap_or_default();
        assert_eq!(keys.verify(&token).ok().and_then(|p| p.storkreds), Some(Storkreds::Fyn));

        let expired = keys.sign(&claims(Role::Hb, None, future - 7200)).unwrap_or_default();
        assert!(matches!(keys.verify(&expired), Err(ApiError::Unauthorized(_))));
        let no_storkreds = keys.sign(&claims(Role::Board, None, future)).unwrap_or_default();
        assert!(matches!(keys.verify(&no_storkreds), Err(ApiError::Unauthorized(_))));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(TokenKeys::from_secret("short").is_err());
    }
}
