//! Verifying tokens: which algorithms and keys are accepted, and the checks
//! every token passes.
//!
//! The algorithm is pinned per key, never taken from the token: HS256 tokens
//! are checked only against the service's secret, and a token naming a
//! public key's `kid` only with that key's own algorithm. So `alg: none` and
//! HS/RS confusion (an HS256 token "signed" with a public key) are refused.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};

use medlemsbudget_domain::Actor;

use super::session::SessionKeys;
use super::{actor_from_claims, Claims};
use crate::error::ApiError;

/// The least secret length accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

/// The most clock skew tolerated on `exp` and `nbf`.
pub const MAX_LEEWAY_SECONDS: u64 = 60;

/// How tokens are checked, besides the HS256 secret.
#[derive(Clone, Debug, Default)]
pub struct AuthSettings {
    /// Files with public keys: `.json` JWKS files (keys chosen by their `kid`),
    /// or PEM files (the file name without extension is the `kid`).
    pub public_key_files: Vec<std::path::PathBuf>,
    /// The required `iss`, if any.
    pub issuer: Option<String>,
    /// The required `aud`, if any.
    pub audience: Option<String>,
    /// Clock skew tolerated, at most 60 s.
    pub leeway_seconds: u64,
}

struct PublicKey {
    algorithm: Algorithm,
    key: DecodingKey,
}

/// Signs (HS256) and verifies tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    secret: DecodingKey,
    public: std::sync::Arc<BTreeMap<String, PublicKey>>,
    settings: AuthSettings,
    sessions: SessionKeys,
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenKeys(HS256 secret redacted, public keys {:?})",
            self.public.keys().collect::<Vec<_>>()
        )
    }
}

impl TokenKeys {
    /// Keys from a shared secret of at least 32 bytes, with default settings.
    pub fn from_secret(secret: &str) -> Result<TokenKeys, String> {
        TokenKeys::new(
            secret,
            AuthSettings {
                leeway_seconds: 30,
                ..AuthSettings::default()
            },
        )
    }

    /// Keys from a shared secret and settings; loads the public key files.
    pub fn new(secret: &str, settings: AuthSettings) -> Result<TokenKeys, String> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!("the JWT secret must be at least {MIN_SECRET_LEN} bytes long"));
        }
        if settings.leeway_seconds > MAX_LEEWAY_SECONDS {
            return Err(format!("the leeway must be at most {MAX_LEEWAY_SECONDS} seconds"));
        }
        let mut public = BTreeMap::new();
        for file in &settings.public_key_files {
            load_public_keys(file, &mut public).map_err(|e| format!("{}: {e}", file.display()))?;
        }
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            secret: DecodingKey::from_secret(secret.as_bytes()),
            public: std::sync::Arc::new(public),
            settings,
            sessions: SessionKeys::derive(secret.as_bytes()),
        })
    }

    /// The keys of the pages' session cookies, derived from the secret.
    pub fn sessions(&self) -> &SessionKeys {
        &self.sessions
    }

    /// The `kid`s of the loaded public keys.
    pub fn public_key_ids(&self) -> Vec<String> {
        self.public.keys().cloned().collect()
    }

    /// Signs claims with HS256, adding the configured issuer and audience.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        let mut claims = claims.clone();
        if claims.iss.is_none() {
            claims.iss.clone_from(&self.settings.issuer);
        }
        if claims.aud.is_none() {
            claims.aud.clone_from(&self.settings.audience);
        }
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    fn validation(&self, algorithm: Algorithm) -> Validation {
        let mut validation = Validation::new(algorithm);
        validation.algorithms = vec![algorithm];
        validation.leeway = self.settings.leeway_seconds;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        let mut required = vec!["exp", "sub"];
        match &self.settings.issuer {
            Some(issuer) => {
                validation.set_issuer(&[issuer]);
                required.push("iss");
            }
            None => validation.iss = None,
        }
        match &self.settings.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);
        validation
    }

    /// Verifies a token and turns its claims into the actor they name.
    pub fn verify(&self, token: &str) -> Result<Actor, ApiError> {
        self.verify_until(token).map(|(actor, _)| actor)
    }

    /// Verifies a token: the actor it names and its expiry (`exp`).
    pub fn verify_until(&self, token: &str) -> Result<(Actor, i64), ApiError> {
        let header = decode_header(token).map_err(|e| unauthorized(&e))?;
        let (key, algorithm) = match header.alg {
            Algorithm::HS256 => (&self.secret, Algorithm::HS256),
            alg => {
                let kid = header.kid.as_deref().ok_or_else(|| {
                    ApiError::Unauthorized(format!("a token signed with {alg:?} must name its key in 'kid'"))
                })?;
                let public = self
                    .public
                    .get(kid)
                    .ok_or_else(|| ApiError::Unauthorized(format!("no public key with kid '{kid}' is configured")))?;
                if public.algorithm != alg {
                    return Err(ApiError::Unauthorized(format!(
                        "key '{kid}' is for {:?}, but the token says {alg:?}",
                        public.algorithm
                    )));
                }
                (&public.key, alg)
            }
        };
        let data = decode::<Claims>(token, key, &self.validation(algorithm)).map_err(|e| unauthorized(&e))?;
        let expiry = data.claims.exp;
        Ok((actor_from_claims(data.claims)?, expiry))
    }
}

fn unauthorized(error: &jsonwebtoken::errors::Error) -> ApiError {
    use jsonwebtoken::errors::ErrorKind;
    let why = match error.kind() {
        ErrorKind::ExpiredSignature => "the token has expired".to_owned(),
        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)".to_owned(),
        ErrorKind::InvalidSignature => "the token's signature is not valid".to_owned(),
        ErrorKind::InvalidAlgorithm => "the token's algorithm is not accepted".to_owned(),
        ErrorKind::InvalidIssuer => "the token's issuer (iss) is not accepted".to_owned(),
        ErrorKind::InvalidAudience => "the token's audience (aud) is not accepted".to_owned(),
        ErrorKind::MissingRequiredClaim(claim) => format!("the token has no '{claim}' claim"),
        _ => format!("the token is not valid: {error}"),
    };
    ApiError::Unauthorized(why)
}

fn load_public_keys(file: &Path, keys: &mut BTreeMap<String, PublicKey>) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let mut insert = |kid: String, key: PublicKey| {
        if keys.insert(kid.clone(), key).is_some() {
            Err(format!("the key id '{kid}' is given twice"))
        } else {
            Ok(())
        }
    };
    if file.extension().is_some_and(|e| e == "json") {
        let set: JwkSet = serde_json::from_slice(&bytes).map_err(|e| format!("not a JWKS document: {e}"))?;
        for jwk in &set.keys {
            let kid = jwk
                .common
                .key_id
                .clone()
                .ok_or("every key in a JWKS file needs a 'kid'")?;
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Algorithm::ES256,
                AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => Algorithm::EdDSA,
                _ => {
                    return Err(format!(
                        "key '{kid}': only RSA, EC P-256 and Ed25519 public keys are accepted"
                    ))
                }
            };
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("key '{kid}': {e}"))?;
            insert(kid, PublicKey { algorithm, key })?;
        }
        Ok(())
    } else {
        let kid = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or("the file has no name")?;
        let text = String::from_utf8_lossy(&bytes);
        if text.contains("PRIVATE KEY") {
            return Err("this is a private key; give the public key".into());
        }
        let key = if let Ok(key) = DecodingKey::from_rsa_pem(&bytes) {
            PublicKey {
                algorithm: Algorithm::RS256,
                key,
            }
        } else if let Ok(key) = DecodingKey::from_ec_pem(&bytes) {
            PublicKey {
                algorithm: Algorithm::ES256,
                key,
            }
        } else if let Ok(key) = DecodingKey::from_ed_pem(&bytes) {
            PublicKey {
                algorithm: Algorithm::EdDSA,
                key,
            }
        } else {
            return Err("not an RSA, EC P-256 or Ed25519 public key in PEM format".into());
        };
        insert(kid, key)
    }
}
