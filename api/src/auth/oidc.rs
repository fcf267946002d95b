//! Signing in through the organisation's OpenID provider: the authorization
//! code flow with PKCE, `state` and `nonce`, done by the `openidconnect`
//! crate. The provider is found by discovery at start-up; its signing keys
//! (JWKS) are kept and fetched again when an ID token names a key we do not
//! have (the provider rotated its keys).
//!
//! Who the person is comes from the ID token's claims (and the userinfo
//! endpoint for claims the token lacks): the member id from `sub` or a
//! configured claim, the role from a groups claim (`domain::sign_in`), the
//! storkreds from a claim of its own. When a round has a roll, the roll's
//! storkreds wins at the ballot, as for tokens.

use std::collections::HashMap;
use std::sync::RwLock;

use medlemsbudget_domain::sign_in::{ClaimsError, GroupMapping};
use medlemsbudget_domain::Actor;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreResponseType, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    JsonWebKeySet, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, SignatureVerificationError,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};

use super::MAX_SUBJECT_CHARS;

/// The claims of an ID token beyond the standard ones, by name.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    claims: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type TokenFields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type ProviderTokenResponse = StandardTokenResponse<TokenFields, CoreTokenType>;
type ProviderClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    ProviderTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How to reach the provider and read its claims.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer URL (discovery is at `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    /// This service's client id at the provider.
    pub client_id: String,
    /// This service's client secret.
    pub client_secret: String,
    /// Where the provider sends the browser back: `{public url}/log-ind/oidc/retur`.
    pub redirect_url: String,
    /// Where the provider sends the browser after signing out: `{public url}/`.
    pub post_logout_url: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// The claim that holds the member id (`sub` by default).
    pub member_id_claim: String,
    /// The claim that lists the person's groups.
    pub groups_claim: String,
    /// The claim that names the member's storkreds.
    pub storkreds_claim: String,
    /// How groups give roles.
    pub mapping: GroupMapping,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"redacted")
            .finish_non_exhaustive()
    }
}

/// Why a sign-in through the provider did not go through.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider answered with an error (the person cancelled, or it refused).
    #[error("the provider answered: {0}")]
    Provider(String),
    /// The `state` is unknown, used already or too old.
    #[error("the sign-in's state is unknown, used already or too old")]
    UnknownState,
    /// The provider refused the code (used already, or not issued for this sign-in).
    #[error("the provider refused the code: {0}")]
    CodeRefused(String),
    /// The token response carried no ID token.
    #[error("the provider sent no ID token")]
    NoIdToken,
    /// The ID token has expired.
    #[error("the ID token has expired: {0}")]
    Expired(String),
    /// The ID token is for another client.
    #[error("the ID token is for another client: {0}")]
    WrongAudience(String),
    /// The ID token's nonce is not this sign-in's.
    #[error("the ID token's nonce is not this sign-in's: {0}")]
    WrongNonce(String),
    /// The ID token failed another check (signature, issuer, …).
    #[error("the ID token is not valid: {0}")]
    InvalidToken(String),
    /// The claims give no role or member id.
    #[error("the sign-in's claims are not usable: {0}")]
    Claims(String),
    /// The provider could not be reached.
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
}

impl OidcError {
    /// The catalogue key of the message a person sees.
    pub fn message_key(&self) -> &'static str {
        match self {
            OidcError::Provider(_) => "oidc-error-provider",
            OidcError::UnknownState => "oidc-error-state",
            OidcError::CodeRefused(_) => "oidc-error-code",
            OidcError::Expired(_) => "oidc-error-expired",
            OidcError::Claims(_) => "oidc-error-claims",
            OidcError::Unreachable(_) => "oidc-error-unreachable",
            OidcError::NoIdToken
            | OidcError::WrongAudience(_)
            | OidcError::WrongNonce(_)
            | OidcError::InvalidToken(_) => "oidc-error-token",
        }
    }
}

/// A sign-in sent to the provider: where to send the browser, and what to
/// keep until it comes back.
#[derive(Debug)]
pub struct Started {
    /// The provider's authorization URL.
    pub url: String,
    /// The `state` (a random value the browser brings back).
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier.
    pub pkce_verifier: String,
}

/// Who signed in, and the ID token (for signing out at the provider).
#[derive(Debug)]
pub struct SignedIn {
    /// The person as the service sees them.
    pub actor: Actor,
    /// When the ID token expires.
    pub id_token_expires: i64,
}

/// The provider, discovered, with its keys.
pub struct OidcClient {
    settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    metadata: RwLock<ProviderMetadataWithLogout>,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl OidcClient {
    /// Discovers the provider and fetches its keys.
    pub async fn discover(settings: OidcSettings) -> Result<OidcClient, String> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| format!("the issuer is not a URL: {e}"))?;
        RedirectUrl::new(settings.redirect_url.clone()).map_err(|e| format!("the redirect URL is not a URL: {e}"))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &http)
            .await
            .map_err(|e| format!("discovery at {} failed: {e}", settings.issuer))?;
        Ok(OidcClient {
            settings,
            http,
            metadata: RwLock::new(metadata),
        })
    }

    fn metadata(&self) -> ProviderMetadataWithLogout {
        self.metadata
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> Result<ProviderClient, OidcError> {
        let redirect =
            RedirectUrl::new(self.settings.redirect_url.clone()).map_err(|e| OidcError::Unreachable(e.to_string()))?;
        Ok(ProviderClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in: a fresh state, nonce and PKCE challenge.
    pub fn start(&self) -> Result<Started, OidcError> {
        let client = self.client(self.metadata())?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.settings.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Fetches the provider's keys again (after a rotation).
    async fn refresh_keys(&self) -> Result<(), OidcError> {
        let jwks_uri = self.metadata().jwks_uri().clone();
        let keys = JsonWebKeySet::fetch_async(&jwks_uri, &self.http)
            .await
            .map_err(|e| OidcError::Unreachable(e.to_string()))?;
        tracing::info!(keys = keys.keys().len(), "fetched the OpenID provider's keys again");
        let mut metadata = self.metadata.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        *metadata = metadata.clone().set_jwks(keys);
        Ok(())
    }

    /// Finishes a sign-in: exchanges the code (with the PKCE verifier),
    /// checks the ID token (signature, issuer, audience, expiry, nonce) and
    /// reads who the person is.
    pub async fn finish(&self, code: &str, nonce: &str, pkce_verifier: &str) -> Result<SignedIn, OidcError> {
        let client = self.client(self.metadata())?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Unreachable(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::CodeRefused(e.to_string()))?;
        let id_token = response.id_token().ok_or(OidcError::NoIdToken)?;
        let nonce = Nonce::new(nonce.to_owned());
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
                self.refresh_keys().await?;
                let client = self.client(self.metadata())?;
                let verified = id_token.claims(&client.id_token_verifier(), &nonce);
                verified.map_err(verification_error)?.clone()
            }
            Err(e) => return Err(verification_error(e)),
        };
        let mut other = claims.additional_claims().claims.clone();
        let wanted = [
            &self.settings.groups_claim,
            &self.settings.storkreds_claim,
            &self.settings.member_id_claim,
        ];
        if wanted.iter().any(|c| *c != "sub" && !other.contains_key(*c)) {
            if let Ok(request) = client.user_info(response.access_token().clone(), Some(claims.subject().clone())) {
                match request
                    .request_async::<OtherClaims, _, CoreGenderClaim>(&self.http)
                    .await
                {
                    Ok(info) => {
                        for (name, value) in &info.additional_claims().claims {
                            other.entry(name.clone()).or_insert_with(|| value.clone());
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "the OpenID provider's userinfo endpoint failed"),
                }
            }
        }
        let subject = if self.settings.member_id_claim == "sub" {
            claims.subject().as_str().to_owned()
        } else {
            other
                .get(&self.settings.member_id_claim)
                .and_then(claim_text)
                .ok_or_else(|| OidcError::Claims(format!("no '{}' claim", self.settings.member_id_claim)))?
        };
        let subject = subject.trim().to_owned();
        if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS || subject.chars().any(char::is_control) {
            return Err(OidcError::Claims(format!(
                "the member id must be 1–{MAX_SUBJECT_CHARS} printable characters"
            )));
        }
        let groups: Vec<String> = match other.get(&self.settings.groups_claim) {
            Some(serde_json::Value::Array(values)) => values.iter().filter_map(claim_text).collect(),
            Some(value) => claim_text(value).into_iter().collect(),
            None => Vec::new(),
        };
        let storkreds = other.get(&self.settings.storkreds_claim).and_then(claim_text);
        let (role, storkreds) = self
            .settings
            .mapping
            .role(&groups, storkreds.as_deref())
            .map_err(|e: ClaimsError| OidcError::Claims(e.to_string()))?;
        Ok(SignedIn {
            actor: Actor::new(subject, role, storkreds),
            id_token_expires: claims.expiration().timestamp(),
        })
    }

    /// The origins the browser is sent to for signing in and out (the
    /// provider's authorization and end-session endpoints).
    pub fn origins(&self) -> Vec<String> {
        let metadata = self.metadata();
        let mut origins = vec![metadata.authorization_endpoint().url().origin().ascii_serialization()];
        if let Some(end) = &metadata.additional_metadata().end_session_endpoint {
            origins.push(end.url().origin().ascii_serialization());
        }
        origins.sort();
        origins.dedup();
        origins.retain(|o| o != "null");
        origins
    }

    /// Where to send the browser to sign out at the provider too, when it
    /// offers RP-initiated logout.
    pub fn logout_url(&self) -> Option<String> {
        let endpoint = self.metadata().additional_metadata().end_session_endpoint.clone()?;
        let mut request = LogoutRequest::from(endpoint).set_client_id(ClientId::new(self.settings.client_id.clone()));
        if let Ok(back) = PostLogoutRedirectUrl::new(self.settings.post_logout_url.clone()) {
            request = request.set_post_logout_redirect_uri(back);
        }
        Some(request.http_get_url().to_string())
    }
}

fn claim_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn verification_error(error: ClaimsVerificationError) -> OidcError {
    match error {
        ClaimsVerificationError::Expired(why) => OidcError::Expired(why),
        ClaimsVerificationError::InvalidAudience(why) => OidcError::WrongAudience(why),
        ClaimsVerificationError::InvalidNonce(why) => OidcError::WrongNonce(why),
        other => OidcError::InvalidToken(other.to_string()),
    }
}
