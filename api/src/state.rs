//! What every handler shares: the application services and the keys that
//! verify sign-ins.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::auth::oidc::OidcClient;
use crate::auth::TokenKeys;
use crate::services::sessions::SessionSettings;
use crate::services::Services;

/// Shared, cheaply cloned application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The application services; every handler calls one of them.
    pub services: Services,
    /// Keys that verify bearer tokens.
    pub keys: Arc<TokenKeys>,
    /// Whether the pages offer the development sign-in (only under `serve --demo`).
    pub demo_sign_in: bool,
    /// How long page sessions last.
    pub sessions: SessionSettings,
    /// The organisation's OpenID provider, when sign-in through it is configured.
    pub oidc: Option<Arc<OidcClient>>,
}

impl AppState {
    /// The state for `services`, verifying tokens with `keys`.
    pub fn new(services: Services, keys: TokenKeys) -> AppState {
        AppState {
            services,
            keys: Arc::new(keys),
            demo_sign_in: false,
            sessions: SessionSettings::default(),
            oidc: None,
        }
    }

    /// The same state, with sessions lasting as `sessions` says.
    pub fn with_sessions(mut self, sessions: SessionSettings) -> AppState {
        self.sessions = sessions;
        self
    }

    /// The same state, signing in through `oidc`.
    pub fn with_oidc(mut self, oidc: OidcClient) -> AppState {
        self.oidc = Some(Arc::new(oidc));
        self
    }

    /// The same state, with the pages' development sign-in on or off.
    pub fn with_demo_sign_in(mut self, on: bool) -> AppState {
        self.demo_sign_in = on;
        self
    }
}

impl FromRef<AppState> for Arc<TokenKeys> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.keys)
    }
}
