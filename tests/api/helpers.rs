//! `spawn_app()`: the real router on a fresh database (SQLite by default,
//! PostgreSQL when `TEST_DATABASE_URL` is set), and a `TestApp` method per
//! endpoint.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use medlemsbudget::auth::{AuthSettings, Claims, Role, TokenKeys};
use medlemsbudget::services::ballot_keys::BallotKeys;
use medlemsbudget::services::Services;
use medlemsbudget::state::AppState;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const SECRET: &str = "test-secret-test-secret-test-secret";
pub const BALLOT_SECRET: &str = "ballot-secret-ballot-secret-ballot";

/// A database that exists for one test.
enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = self {
            let (admin_url, database) = (admin_url.clone(), name.clone());
            // The test's runtime is shutting down; drop the database from a fresh one.
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

/// A response: status, headers and the body parsed as JSON (or `Null`).
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub request_id: Option<String>,
    pub body: Value,
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

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: DatabaseConnection,
    keys: TokenKeys,
    _database: TestDatabase,
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
    spawn_app_with(test_settings()).await
}

pub async fn spawn_app_with(settings: AuthSettings) -> TestApp {
    let (url, database) = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("mb_test_{}", uuid::Uuid::new_v4().simple());
            let Ok(admin) = Database::connect(&admin_url).await else {
                panic!("TEST_DATABASE_URL is set but {admin_url} cannot be reached")
            };
            if let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await {
                panic!("cannot create test database: {e}");
            }
            let _ = admin.close().await;
            let url = replace_database_name(&admin_url, &name);
            (url, TestDatabase::Postgres { admin_url, name })
        }
        _ => {
            let Ok(dir) = tempfile::tempdir() else {
                panic!("no temp dir")
            };
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, TestDatabase::Sqlite(dir))
        }
    };
    let Ok(db) = medlemsbudget::db::connect(&url, 5).await else {
        panic!("cannot connect to {url}")
    };
    if let Err(e) = medlemsbudget::db::migrate(&db).await {
        panic!("migrations failed: {e}");
    }
    let keys = match TokenKeys::new(SECRET, settings) {
        Ok(keys) => keys,
        Err(e) => panic!("bad test keys: {e}"),
    };
    let Ok(ballot_keys) = BallotKeys::new(BALLOT_SECRET) else {
        panic!("bad ballot secret")
    };
    let state = AppState::new(Services::new(db.clone(), ballot_keys), keys.clone());
    TestApp {
        router: medlemsbudget::app::router(state.clone()),
        state,
        db,
        keys,
        _database: database,
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

impl TestApp {
    pub fn token(&self, role: Role, sub: &str, storkreds: Option<&str>) -> String {
        let mut claims = Claims::new(sub, role, None, 3600);
        claims.storkreds = storkreds.map(Into::into);
        self.keys.sign(&claims).unwrap_or_default()
    }

    pub fn hb(&self) -> String {
        self.token(Role::Hb, "hb-1", None)
    }

    pub fn board(&self, storkreds: &str) -> String {
        self.token(Role::Board, &format!("board-{storkreds}"), Some(storkreds))
    }

    pub fn member(&self, n: usize) -> String {
        self.token(Role::Member, &format!("member-{n}"), Some("fyn"))
    }

    /// Sends a request through the real router, with the whole middleware stack.
    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, body: Option<String>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(text) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(text)
            }
            None => Body::empty(),
        };
        let Ok(request) = request.body(body) else {
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
        let Ok(request) = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(csv.to_owned()))
        else {
            panic!("bad request")
        };
        let Ok(response) = self.router.clone().oneshot(request).await;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            content_type: String::new(),
            request_id: None,
            body,
        }
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
}
