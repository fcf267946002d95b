//! Page sessions: the cookie a signed-in browser carries.
//!
//! The cookie is a JWT signed (HS256) with a key derived from the service's
//! secret for this purpose only, so a session cookie is no bearer token and
//! a bearer token is no session cookie. It names the person (so the
//! `sessions` table does not) and a random session id; the session is alive
//! only while the table holds the id's hash and neither its fixed lifetime
//! nor its idle timeout has passed (`services::sessions`). Signing out, or
//! signing in again, deletes the row.

use hmac::{Hmac, Mac};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use medlemsbudget_domain::{hex, Actor, Role, Storkreds};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How a session was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignInMethod {
    /// The development sign-in (`serve --demo`).
    Demo,
    /// A pasted token.
    Token,
    /// The organisation's OpenID provider.
    Oidc,
    /// A one-time voting code.
    Code,
}

/// What a session cookie says.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionClaims {
    /// The random session id (its SHA-256 is the row's key).
    pub sid: String,
    /// The person.
    pub sub: String,
    /// Their role.
    pub role: Role,
    /// Their storkreds, if the sign-in names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storkreds: Option<Storkreds>,
    /// For a voting code: the one round it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<i64>,
    /// How the session was started.
    pub via: SignInMethod,
    /// The session's end, seconds since the Unix epoch.
    pub exp: i64,
}

impl SessionClaims {
    /// The actor the session acts as.
    pub fn actor(&self) -> Actor {
        match (self.round, self.storkreds) {
            (Some(round), Some(storkreds)) if self.role == Role::Member => {
                Actor::with_voting_code(self.sub.clone(), storkreds, round)
            }
            _ => Actor::new(self.sub.clone(), self.role, self.storkreds),
        }
    }

    /// The SHA-256 of the session id, as the table keeps it.
    pub fn id_hash(&self) -> String {
        hash_session_id(&self.sid)
    }
}

/// A fresh session id: 256 random bits in hex.
pub fn new_session_id() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(&bytes)
}

/// The SHA-256 of a session id in hex.
pub fn hash_session_id(sid: &str) -> String {
    hex::encode(&Sha256::digest(sid.as_bytes()))
}

/// Signs and reads session cookies.
#[derive(Clone)]
pub struct SessionKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys(redacted)")
    }
}

impl SessionKeys {
    /// Keys derived from the service's token secret.
    pub fn derive(secret: &[u8]) -> SessionKeys {
        let key: Vec<u8> = match Hmac::<Sha256>::new_from_slice(secret) {
            Ok(mut mac) => {
                mac.update(b"medlemsbudget page session cookies v1");
                mac.finalize().into_bytes().to_vec()
            }
            // HMAC takes keys of any length; this branch cannot be taken.
            Err(_) => secret.to_vec(),
        };
        SessionKeys {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
        }
    }

    /// The cookie value for `claims`.
    pub fn sign(&self, claims: &SessionClaims) -> Result<String, jsonwebtoken::errors::Error> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The claims of a cookie this service signed and that has not expired.
    pub fn read(&self, cookie: &str) -> Option<SessionClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp"]);
        decode::<SessionClaims>(cookie, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> SessionClaims {
        SessionClaims {
            sid: new_session_id(),
            sub: "m-1".into(),
            role: Role::Member,
            storkreds: Some(Storkreds::Fyn),
            round: Some(3),
            via: SignInMethod::Code,
            exp: chrono::Utc::now().timestamp() + 60,
        }
    }

    #[test]
    fn a_cookie_reads_back_only_with_its_own_key() {
        let keys = SessionKeys::derive(b"secret-secret-secret-secret-secret");
        let Ok(cookie) = keys.sign(&claims()) else {
            panic!("signing failed")
        };
        let Some(read) = keys.read(&cookie) else {
            panic!("not read back")
        };
        assert_eq!(read.actor().only_round(), Some(3));
        let other = SessionKeys::derive(b"another-secret-another-secret-xx");
        assert!(other.read(&cookie).is_none());
        let mut expired = claims();
        expired.exp -= 120;
        let Ok(old) = keys.sign(&expired) else {
            panic!("signing failed")
        };
        assert!(keys.read(&old).is_none());
    }
}
