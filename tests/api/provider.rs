//! A real OpenID provider for the sign-in tests: `node tests/oidc/provider.js`
//! (the npm `oidc-provider` package, installed from `tests/oidc`'s lock file
//! by `npm ci` the first time a test needs it) on a free port, started per test, ready once discovery answers, killed
//! when dropped. `ProviderAgent` is the person at the provider's own
//! development login page: it follows the provider's redirects with its
//! cookies until the provider sends the browser back to the service.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use medlemsbudget::auth::oidc::OidcSettings;
use medlemsbudget_domain::sign_in::GroupMapping;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{json, Value};

use crate::helpers::{cookie_header, free_port};

/// The client secret the provider knows the service by.
const CLIENT_SECRET: &str = "medlemsbudget-test-secret";

/// Where the provider sends the browser back to (the in-process service
/// answers as `127.0.0.1:3000`).
pub const REDIRECT_URL: &str = "http://127.0.0.1:3000/log-ind/oidc/retur";

/// Where the provider sends the browser after signing out.
pub const POST_LOGOUT_URL: &str = "http://127.0.0.1:3000/";

/// Installs the provider's npm packages from the lock file once per test
/// process, unless they are there already (`.ci/run` installs them first).
fn installed(dir: &std::path::Path) -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            if dir.join("node_modules/oidc-provider").is_dir() {
                return Ok(());
            }
            let status = Command::new("npm")
                .current_dir(dir)
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .stdout(Stdio::null())
                .status()
                .map_err(|e| format!("cannot run `npm ci` (are Node and npm installed?): {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("`npm ci` failed ({status})"))
            }
        })
        .clone()
}

/// A running provider; killed when dropped.
pub struct Provider {
    child: Child,
    /// Its issuer URL.
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// Starts the provider and waits until its discovery document answers.
    pub async fn start() -> Provider {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc");
        if let Err(why) = installed(&dir) {
            panic!("the test provider could not be installed in {}: {why}", dir.display());
        }
        let port = free_port();
        let child = Command::new("node")
            .current_dir(&dir)
            .args([
                "provider.js",
                "--port",
                &port.to_string(),
                "--client-secret",
                CLIENT_SECRET,
                "--redirect-uri",
                REDIRECT_URL,
                "--post-logout-uri",
                POST_LOGOUT_URL,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = child else {
            panic!("cannot start `node provider.js` (is Node installed?)")
        };
        let provider = Provider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if client
                .get(&discovery)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return provider;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the OpenID provider on port {port} did not answer discovery");
    }

    /// The service's settings for this provider, as `serve` reads them.
    pub fn settings(&self) -> OidcSettings {
        OidcSettings {
            issuer: self.issuer.clone(),
            client_id: "medlemsbudget".into(),
            client_secret: CLIENT_SECRET.into(),
            redirect_url: REDIRECT_URL.into(),
            post_logout_url: POST_LOGOUT_URL.into(),
            scopes: vec!["profile".into(), "groups".into(), "storkreds".into()],
            member_id_claim: "sub".into(),
            groups_claim: "groups".into(),
            storkreds_claim: "storkreds".into(),
            mapping: GroupMapping {
                hb_group: "hb".into(),
                board_prefix: "board:".into(),
            },
        }
    }

    /// Calls one of the provider's test knobs (`id-token-ttl`, `next-id-token`, `rotate-keys`).
    pub async fn knob(&self, name: &str, body: Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/{name}", self.issuer))
            .json(&body)
            .send()
            .await;
        assert!(
            response.is_ok_and(|r| r.status().is_success()),
            "the provider's {name} knob failed"
        );
    }
}

/// A person at the provider's login page, with the provider's cookies.
pub struct ProviderAgent {
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl ProviderAgent {
    /// A person with no session at the provider yet.
    pub fn new() -> ProviderAgent {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        ProviderAgent {
            client,
            cookies: BTreeMap::new(),
        }
    }

    async fn request(&mut self, url: &str, form: Option<&[(&str, &str)]>) -> (u16, Option<String>, String) {
        let cookie = cookie_header(&self.cookies);
        let mut request = match form {
            Some(form) => self.client.post(url).form(form),
            None => self.client.get(url),
        };
        if !cookie.is_empty() {
            request = request.header(COOKIE, cookie);
        }
        let Ok(response) = request.send().await else {
            panic!("the provider did not answer {url}")
        };
        for set in response.headers().get_all(SET_COOKIE) {
            let text = set.to_str().unwrap_or_default();
            if let Some((name, value)) = text.split(';').next().unwrap_or_default().split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, location, response.text().await.unwrap_or_default())
    }

    /// Follows the provider from `url` (its authorization or logout URL),
    /// signing in as `login` on its login page when asked, until it sends
    /// the browser back to the service; the path and query it is sent to.
    pub async fn follow(&mut self, url: &str, login: &str) -> String {
        let mut url = url.to_owned();
        let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
        for _ in 0..10 {
            if let Some(back) = url.strip_prefix("http://127.0.0.1:3000") {
                return back.to_owned();
            }
            let (status, location, html) = self.request(&url, None).await;
            let next = match location {
                Some(location) => location,
                None if html.contains("name=\"login\"") => {
                    let (_, location, html) = self
                        .request(&url, Some(&[("prompt", "login"), ("login", login), ("password", "x")]))
                        .await;
                    let Some(location) = location else {
                        panic!("the provider's login page did not move on: {html}")
                    };
                    location
                }
                None if html.contains("op.logoutForm") => {
                    let Some(xsrf) = html
                        .split("name=\"xsrf\" value=\"")
                        .nth(1)
                        .and_then(|rest| rest.split('"').next())
                    else {
                        panic!("no xsrf on the provider's logout page: {html}")
                    };
                    let confirm = format!("{origin}/session/end/confirm");
                    let (_, location, html) = self.request(&confirm, Some(&[("xsrf", xsrf), ("logout", "yes")])).await;
                    let Some(location) = location else {
                        panic!("the provider's logout did not move on: {html}")
                    };
                    location
                }
                None => panic!("the provider answered {status} at {url}: {html}"),
            };
            url = if next.starts_with('/') {
                format!("{origin}{next}")
            } else {
                next
            };
        }
        panic!("the provider kept redirecting")
    }

    /// Runs an authorization-code flow of its own as `client_id` with
    /// `nonce`, and returns the ID token the provider issues: a real token,
    /// for tests that hand the service a token meant for something else.
    pub async fn id_token(
        &mut self,
        provider: &Provider,
        client_id: &str,
        secret: &str,
        nonce: &str,
        login: &str,
    ) -> String {
        let verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
        let challenge = {
            use base64::Engine;
            use sha2::Digest;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
        };
        let query = serde_html_form::to_string([
            ("client_id", client_id),
            ("response_type", "code"),
            ("scope", "openid profile groups storkreds"),
            ("redirect_uri", REDIRECT_URL),
            ("state", "own-flow"),
            ("nonce", nonce),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .unwrap_or_default();
        let back = self.follow(&format!("{}/auth?{query}", provider.issuer), login).await;
        let Some(code) = back
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("code="))
            .map(str::to_owned)
        else {
            panic!("no code in {back}")
        };
        let response = self
            .client
            .post(format!("{}/token", provider.issuer))
            .basic_auth(client_id, Some(secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT_URL),
                ("code_verifier", verifier),
            ])
            .send()
            .await;
        let Ok(response) = response else {
            panic!("the token endpoint did not answer")
        };
        let body: Value = response.json().await.unwrap_or(json!({}));
        let Some(token) = body["id_token"].as_str() else {
            panic!("no ID token: {body}")
        };
        token.to_owned()
    }
}
