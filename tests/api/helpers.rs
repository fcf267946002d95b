//! What the end-to-end tests share, one way each:
//!
//! - [`TestDatabase::create`]: a fresh database for one test (SQLite in a
//!   temporary folder, or a PostgreSQL database of its own when
//!   `TEST_DATABASE_URL` names a server), dropped afterwards;
//! - [`spawn_app`] / [`spawn_app_with`]: the real router in-process on such a
//!   database ([`TestApp`], a method per endpoint); [`build_app`] is the one
//!   place the tests make the service's state and router;
//! - [`binary`] / [`spawn_server`]: the real `medlemsbudget` binary (built in
//!   this crate as `medlemsbudget-under-test`), as a command or as a `serve`
//!   process ([`Server`], driven over HTTP with [`Api`]);
//! - [`sign_token`]: the one way tokens are made ([`TestApp::token`] for an
//!   in-process app, [`token`] for the servers);
//! - [`record_audit_event`]: the one call into the service's store that
//!   seeds data outside the API.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use medlemsbudget::app::HttpSettings;
use medlemsbudget::auth::{AuthSettings, Claims, Role, TokenKeys};
use medlemsbudget::clock::{Clock, ManualClock};
use medlemsbudget::services::ballot_keys::BallotKeys;
use medlemsbudget::services::Services;
use medlemsbudget::signing::Signer;
use medlemsbudget::state::AppState;
use medlemsbudget_domain::audit::AuditEvent;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const SECRET: &str = "test-secret-test-secret-test-secret";
pub const BALLOT_SECRET: &str = "ballot-secret-ballot-secret-ballot";
pub const SIGNING_SECRET: &str = "signing-secret-signing-secret-signing";

/// A database that exists for one test: `url` to connect to, `postgres`
/// when it is on PostgreSQL. Dropping it removes it.
pub struct TestDatabase {
    pub url: String,
    pub postgres: bool,
    held: Held,
}

enum Held {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A PostgreSQL database when `TEST_DATABASE_URL` is set, else SQLite.
    pub async fn create() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => TestDatabase::postgres(admin_url).await,
            _ => TestDatabase::sqlite(),
        }
    }

    /// A SQLite file in a temporary folder, whatever `TEST_DATABASE_URL` says.
    pub fn sqlite() -> TestDatabase {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir")
        };
        TestDatabase {
            url: format!("sqlite://{}", dir.path().join("test.db").display()),
            postgres: false,
            held: Held::Sqlite(dir),
        }
    }

    async fn postgres(admin_url: String) -> TestDatabase {
        let name = format!("mb_test_{}", uuid::Uuid::new_v4().simple());
        let Ok(admin) = Database::connect(&admin_url).await else {
            panic!("TEST_DATABASE_URL is set but {admin_url} cannot be reached")
        };
        if let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await {
            panic!("cannot create test database: {e}");
        }
        let _ = admin.close().await;
        TestDatabase {
            url: replace_database_name(&admin_url, &name),
            postgres: true,
            held: Held::Postgres { admin_url, name },
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Held::Postgres { admin_url, name } = &self.held {
            let (admin_url, database) = (admin_url.clone(), name.clone());
            // The test's runtime may be shutting down; drop the database from a fresh one.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = Database::connect(&admin_url).await.ok()?;
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
                        .await
                        .ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
            if !matches!(dropped, Ok(Some(()))) {
                eprintln!("could not drop test database {name}");
            }
        }
    }
}

fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let prefix = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap_or(0) + 2 => &base[..i],
        _ => base,
    };
    format!("{prefix}/{name}{query}")
}

/// Connects to `url` with a pool of `max_connections` and applies the migrations.
pub async fn connect_migrated(url: &str, max_connections: u32) -> DatabaseConnection {
    let Ok(db) = medlemsbudget::db::connect(url, max_connections).await else {
        panic!("cannot connect to {url}")
    };
    if let Err(e) = medlemsbudget::db::migrate(&db).await {
        panic!("migrations failed: {e}");
    }
    db
}

/// Appends an event to a round's audit chain, as the service does on each change.
pub async fn record_audit_event(db: &DatabaseConnection, round: i64, event: &AuditEvent) -> Result<(), String> {
    medlemsbudget::store::audit::append(db, round, event)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A response: status, headers and the body parsed as JSON (or `Null`).
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub request_id: Option<String>,
    pub body: Value,
    /// The body as text (for bodies that are not JSON).
    pub text: String,
}

impl Reply {
    /// The problem `type` slug of an error reply.
    pub fn problem_type(&self) -> &str {
        self.body["type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
    }
}

/// The real router in-process on a database of its own.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: DatabaseConnection,
    keys: TokenKeys,
    pub database: TestDatabase,
}

/// The public keys in `tests/fixtures/keys` the test service trusts.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/keys")
        .join(name)
}

/// Settings that trust the fixture keys, with no issuer or audience.
pub fn test_settings() -> AuthSettings {
    AuthSettings {
        public_key_files: ["rsa-2026.pem", "ec-2026.pem", "ed-2026.pem", "member-system.json"]
            .map(fixture)
            .to_vec(),
        issuer: None,
        audience: None,
        leeway_seconds: 30,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings(), &HttpSettings::default()).await
}

pub async fn spawn_app_with(settings: AuthSettings, http: &HttpSettings) -> TestApp {
    spawn_app_on_clock(settings, http, Clock::System).await
}

/// The app reading the time from `clock` (the timeline's rules and the
/// ballot's close), for tests that move time by hand.
pub async fn spawn_app_at(clock: &ManualClock) -> TestApp {
    spawn_app_on_clock(test_settings(), &HttpSettings::default(), clock.clone().into()).await
}

async fn spawn_app_on_clock(settings: AuthSettings, http: &HttpSettings, clock: Clock) -> TestApp {
    let database = TestDatabase::create().await;
    let db = connect_migrated(&database.url, 5).await;
    let keys = match TokenKeys::new(SECRET, settings) {
        Ok(keys) => keys,
        Err(e) => panic!("bad test keys: {e}"),
    };
    let (state, router) = build_app(&db, &keys, http, clock);
    TestApp {
        router,
        state,
        db,
        keys,
        database,
    }
}

/// The services over `db` with the tests' secrets, reading the time from `clock`.
pub fn build_services(db: &DatabaseConnection, clock: Clock) -> Services {
    let Ok(ballot_keys) = BallotKeys::new(BALLOT_SECRET) else {
        panic!("bad ballot secret")
    };
    Services::with_clock(db.clone(), ballot_keys, Signer::from_secret(SIGNING_SECRET), clock)
}

/// The service's state over `db` and its router, as `serve` puts them
/// together: the only place the tests build either.
pub fn build_app(db: &DatabaseConnection, keys: &TokenKeys, http: &HttpSettings, clock: Clock) -> (AppState, Router) {
    let state = AppState::new(build_services(db, clock), keys.clone());
    (state.clone(), medlemsbudget::app::router_with(state, http))
}

/// A bearer token for `sub` in `role` (with `storkreds` for a board or a
/// member), valid for an hour, signed by `keys` (which add their issuer and
/// audience, if any).
pub fn sign_token(keys: &TokenKeys, role: Role, sub: &str, storkreds: Option<&str>) -> String {
    let mut claims = Claims::new(sub, role, None, 3600);
    claims.storkreds = storkreds.map(Into::into);
    keys.sign(&claims).unwrap_or_default()
}

/// A token the servers from [`spawn_server`] accept (and [`spawn_app`]'s app:
/// the same secret, no issuer or audience).
pub fn token(role: Role, sub: &str, storkreds: Option<&str>) -> String {
    match TokenKeys::from_secret(SECRET) {
        Ok(keys) => sign_token(&keys, role, sub, storkreds),
        Err(e) => panic!("{e}"),
    }
}

impl TestApp {
    /// A token signed by this app's keys.
    pub fn token(&self, role: Role, sub: &str, storkreds: Option<&str>) -> String {
        sign_token(&self.keys, role, sub, storkreds)
    }

    pub fn hb(&self) -> String {
        self.token(Role::Hb, "hb-1", None)
    }

    /// The URL of this app's database (for the binary's `--database-url`).
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    pub fn board(&self, storkreds: &str) -> String {
        self.token(Role::Board, &format!("board-{storkreds}"), Some(storkreds))
    }

    pub fn member(&self, n: usize) -> String {
        self.token(Role::Member, &format!("member-{n}"), Some("fyn"))
    }

    /// Sends a request through the real router, with the whole middleware
    /// stack; a body is sent as JSON.
    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, body: Option<String>) -> Reply {
        let content_type = body.is_some().then_some("application/json");
        self.send_as(method, path, token, content_type, body).await
    }

    /// Sends a request with the given `Content-Type`, if any.
    pub async fn send_as(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Option<String>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let Ok(request) = request.body(body.map_or_else(Body::empty, Body::from)) else {
            panic!("bad request")
        };
        let Ok(response) = self.router.clone().oneshot(request).await;
        let status = response.status();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let request_id = header_text(header::HeaderName::from_static("x-request-id"));
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            request_id,
            body,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(body.to_string())).await
    }

    pub async fn create_round(&self, pool: &str) -> Reply {
        self.post(
            "/api/v1/rounds",
            &self.hb(),
            json!({"name": "KV17 grundarbejde", "pool": pool}),
        )
        .await
    }

    pub async fn set_phase(&self, round: i64, phase: &str) -> Reply {
        self.post(
            &format!("/api/v1/rounds/{round}/phase"),
            &self.hb(),
            json!({"phase": phase}),
        )
        .await
    }

    pub async fn submit(&self, round: i64, storkreds: &str, title: &str, amount: &str) -> Reply {
        let body = json!({"title": title, "description": format!("{title}: en beskrivelse."), "amount": amount});
        self.post(
            &format!("/api/v1/rounds/{round}/proposals"),
            &self.board(storkreds),
            body,
        )
        .await
    }

    pub async fn review(&self, round: i64, proposal: i64, decision: &str) -> Reply {
        let path = format!("/api/v1/rounds/{round}/proposals/{proposal}/review");
        self.post(
            &path,
            &self.hb(),
            json!({"decision": decision, "reason": "Vurderet af HB"}),
        )
        .await
    }

    pub async fn vote(&self, round: i64, token: &str, approvals: &[i64]) -> Reply {
        let body = json!({"approvals": approvals}).to_string();
        self.send(
            Method::PUT,
            &format!("/api/v1/rounds/{round}/ballot"),
            Some(token),
            Some(body),
        )
        .await
    }

    pub async fn put_csv(&self, path: &str, token: &str, csv: &str) -> Reply {
        self.send_as(Method::POST, path, Some(token), Some("text/csv"), Some(csv.to_owned()))
            .await
    }

    pub async fn tally(&self, round: i64) -> Reply {
        self.send(
            Method::POST,
            &format!("/api/v1/rounds/{round}/tally"),
            Some(&self.hb()),
            None,
        )
        .await
    }

    /// A round in `submission`.
    pub async fn round_open_for_bids(&self, pool: &str) -> i64 {
        let round = self.create_round(pool).await;
        assert_eq!(round.status, StatusCode::CREATED, "{}", round.body);
        let id = round.body["id"].as_i64().unwrap_or_default();
        assert_eq!(self.set_phase(id, "submission").await.status, StatusCode::OK);
        id
    }

    /// A round in `voting` with the given accepted bids; returns the round and proposal ids.
    pub async fn round_open_for_voting(&self, pool: &str, bids: &[(&str, &str)]) -> (i64, Vec<i64>) {
        let round = self.round_open_for_bids(pool).await;
        let mut ids = Vec::new();
        for (index, (storkreds, amount)) in bids.iter().enumerate() {
            let bid = self.submit(round, storkreds, &format!("Bud {index}"), amount).await;
            assert_eq!(bid.status, StatusCode::CREATED, "{}", bid.body);
            let id = bid.body["id"].as_i64().unwrap_or_default();
            assert_eq!(self.review(round, id, "accepted").await.status, StatusCode::OK);
            ids.push(id);
        }
        assert_eq!(self.set_phase(round, "review").await.status, StatusCode::OK);
        assert_eq!(self.set_phase(round, "voting").await.status, StatusCode::OK);
        (round, ids)
    }

    /// A published round with the given accepted bids, after one ballot per
    /// entry of `ballots` (indexes into `bids`), counted under the round's
    /// default rule; returns the round and proposal ids.
    pub async fn round_published(&self, pool: &str, bids: &[(&str, &str)], ballots: &[&[usize]]) -> (i64, Vec<i64>) {
        let (round, ids) = self.round_open_for_voting(pool, bids).await;
        for (n, chosen) in ballots.iter().enumerate() {
            let approvals: Vec<i64> = chosen.iter().map(|&i| ids[i]).collect();
            let vote = self.vote(round, &self.member(n), &approvals).await;
            assert_eq!(vote.status, StatusCode::OK, "{}", vote.body);
        }
        assert_eq!(self.set_phase(round, "closed").await.status, StatusCode::OK);
        let tally = self.tally(round).await;
        assert_eq!(tally.status, StatusCode::OK, "{}", tally.body);
        let published = self.set_phase(round, "published").await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.body);
        (round, ids)
    }
}

/// The real `medlemsbudget` binary, with no database or secret taken from
/// the environment the tests run in.
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medlemsbudget-under-test"));
    command
        .env_remove("MEDLEMSBUDGET_JWT_SECRET")
        .env_remove("MEDLEMSBUDGET_BALLOT_SECRET")
        .env_remove("MEDLEMSBUDGET_SIGNING_KEY")
        .env_remove("MEDLEMSBUDGET_DATABASE_URL");
    command
}

/// The binary with `database_url` and the tests' secrets in its environment.
pub fn binary_on(database_url: &str) -> Command {
    let mut command = binary();
    command
        .env("MEDLEMSBUDGET_DATABASE_URL", database_url)
        .env("MEDLEMSBUDGET_JWT_SECRET", SECRET)
        .env("MEDLEMSBUDGET_BALLOT_SECRET", BALLOT_SECRET)
        .env("MEDLEMSBUDGET_SIGNING_KEY", SIGNING_SECRET);
    command
}

/// A `medlemsbudget serve` process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `Cookie` header carrying `cookies`.
pub fn cookie_header(cookies: &std::collections::BTreeMap<String, String>) -> String {
    cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A port nothing listens on at the moment.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// Starts `serve` on a free port against `database_url` and waits until it answers.
pub async fn spawn_server(database_url: &str) -> Server {
    start_server(database_url, "warn", Stdio::inherit()).await
}

/// Like [`spawn_server`], logging at the service's default level (`info`)
/// into `log`, for tests that read what the service writes there.
pub async fn spawn_server_logging_to(database_url: &str, log: &std::path::Path) -> Server {
    let Ok(file) = std::fs::File::create(log) else {
        panic!("cannot create {}", log.display())
    };
    start_server(database_url, "info", Stdio::from(file)).await
}

async fn start_server(database_url: &str, rust_log: &str, stderr: Stdio) -> Server {
    let port = free_port();
    let child = binary_on(database_url)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--db-max-connections",
            "20",
        ])
        .env("RUST_LOG", rust_log)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn();
    let Ok(child) = child else {
        panic!("cannot start the server")
    };
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server on port {port} did not become ready");
}

/// The servers a test spreads its calls over: two sharing one PostgreSQL
/// database, one on SQLite (one process serves a SQLite file).
pub async fn spawn_servers(database: &TestDatabase) -> Vec<Server> {
    let mut servers = vec![spawn_server(&database.url).await];
    if database.postgres {
        servers.push(spawn_server(&database.url).await);
    }
    servers
}

/// HTTP calls to servers from [`spawn_server`], over reqwest.
pub struct Api {
    pub client: reqwest::Client,
}

impl Api {
    pub fn new() -> Api {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .unwrap_or_default();
        Api { client }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        url: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.request(method, url).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                (status, response.json().await.unwrap_or(serde_json::Value::Null))
            }
            Err(_) => (0, serde_json::Value::Null),
        }
    }

    /// A round in `voting` with `bids` accepted proposals of 100.00 kr; returns the round and ids.
    pub async fn round_in_voting(&self, base: &str, bids: usize) -> (i64, Vec<i64>) {
        use reqwest::Method;
        let hb = token(Role::Hb, "hb", None);
        let board = token(Role::Board, "board-fyn", Some("fyn"));
        let (status, round) = self
            .call(
                Method::POST,
                &format!("{base}/api/v1/rounds"),
                &hb,
                Some(json!({"name": "Last", "pool": "100000.00"})),
            )
            .await;
        assert_eq!(status, 201, "{round}");
        let id = round["id"].as_i64().unwrap_or_default();
        let phase = |p: &str| json!({"phase": p});
        self.call(
            Method::POST,
            &format!("{base}/api/v1/rounds/{id}/phase"),
            &hb,
            Some(phase("submission")),
        )
        .await;
        let mut ids = Vec::new();
        for n in 0..bids {
            let bid = json!({"title": format!("Bud {n}"), "description": "Et bud.", "amount": "100.00"});
            let (_, p) = self
                .call(
                    Method::POST,
                    &format!("{base}/api/v1/rounds/{id}/proposals"),
                    &board,
                    Some(bid),
                )
                .await;
            let pid = p["id"].as_i64().unwrap_or_default();
            let review = json!({"decision": "accepted", "reason": "ok"});
            self.call(
                Method::POST,
                &format!("{base}/api/v1/rounds/{id}/proposals/{pid}/review"),
                &hb,
                Some(review),
            )
            .await;
            ids.push(pid);
        }
        self.call(
            Method::POST,
            &format!("{base}/api/v1/rounds/{id}/phase"),
            &hb,
            Some(phase("review")),
        )
        .await;
        let (status, body) = self
            .call(
                Method::POST,
                &format!("{base}/api/v1/rounds/{id}/phase"),
                &hb,
                Some(phase("voting")),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        (id, ids)
    }
}
