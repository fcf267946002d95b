//! Running the real `medlemsbudget serve` binary for tests that need real
//! processes: several servers on one database, or a server killed hard.

#![allow(dead_code)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use medlemsbudget::auth::{Claims, Role, TokenKeys};
use medlemsbudget_domain::Storkreds;

pub const JWT_SECRET: &str = "process-test-jwt-secret-process-test";
pub const BALLOT_SECRET: &str = "process-test-ballot-secret-process-t";

/// A `serve` process; killed when dropped.
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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// Starts `serve` on a free port against `database_url` and waits until it answers.
pub async fn start(database_url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_medlemsbudget"))
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--db-max-connections",
            "20",
        ])
        .env("MEDLEMSBUDGET_DATABASE_URL", database_url)
        .env("MEDLEMSBUDGET_JWT_SECRET", JWT_SECRET)
        .env("MEDLEMSBUDGET_BALLOT_SECRET", BALLOT_SECRET)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
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

pub fn keys() -> TokenKeys {
    match TokenKeys::from_secret(JWT_SECRET) {
        Ok(keys) => keys,
        Err(e) => panic!("{e}"),
    }
}

pub fn token(role: Role, sub: &str) -> String {
    let storkreds = (role != Role::Hb).then_some(Storkreds::Fyn);
    keys()
        .sign(&Claims::new(sub, role, storkreds, 3600))
        .unwrap_or_default()
}

/// A database for one test: a PostgreSQL database when `TEST_DATABASE_URL`
/// is set (dropped afterwards), else a SQLite file in a temporary folder.
pub struct TestDatabase {
    pub url: String,
    pub postgres: bool,
    admin: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        use sea_orm::ConnectionTrait;
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("mb_proc_{}", uuid::Uuid::new_v4().simple());
                let Ok(admin) = sea_orm::Database::connect(&admin_url).await else {
                    panic!("cannot reach {admin_url}")
                };
                if let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await {
                    panic!("{e}");
                }
                let _ = admin.close().await;
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                TestDatabase {
                    url: format!("{base}/{name}"),
                    postgres: true,
                    admin: Some((admin_url.clone(), name)),
                    _dir: None,
                }
            }
            _ => {
                let Ok(dir) = tempfile::tempdir() else {
                    panic!("no temp dir")
                };
                let url = format!("sqlite://{}", dir.path().join("proc.db").display());
                TestDatabase {
                    url,
                    postgres: false,
                    admin: None,
                    _dir: Some(dir),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.admin.take() {
            let _ = std::thread::spawn(move || {
                use sea_orm::ConnectionTrait;
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = sea_orm::Database::connect(&admin_url).await.ok()?;
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await
                        .ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
        }
    }
}

/// HTTP helpers over reqwest.
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
        use serde_json::json;
        let hb = token(Role::Hb, "hb");
        let board = token(Role::Board, "board-fyn");
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
