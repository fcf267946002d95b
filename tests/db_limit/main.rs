//! `medlemsbudget-db-limit`: how many ballot-sized write transactions the
//! database itself commits per second, opened exactly as `serve` opens it
//! (`medlemsbudget::db::connect`: SQLite in WAL mode with `synchronous=FULL`
//! on one connection; PostgreSQL through a pool), so the load generator's
//! figure can be read against it.
//!
//! Two shapes of transaction:
//! - `single`: `BEGIN; INSERT INTO ballots … ON CONFLICT DO UPDATE; COMMIT` —
//!   one upsert like the ballot's, straight through sqlx: the database's limit.
//! - `service`: the ballot endpoint's own function (`routes::ballot::cast`)
//!   with its whole transaction, minus HTTP, JSON and token checks — where the
//!   time goes between the two.
//!
//! It runs the migrations and creates a round in `voting` with `--bids`
//! accepted bids, so point it at a scratch database (a new SQLite file or an
//! empty PostgreSQL database). Exit status 1 if any transaction failed.

#[path = "../load/report.rs"]
mod report;
#[path = "../load/runner.rs"]
mod runner;

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::{Parser, ValueEnum};
use medlemsbudget::auth::TokenKeys;
use medlemsbudget::rest::ballot::{cast, BallotRequest};
use medlemsbudget::services::ballot_keys::BallotKeys;
use medlemsbudget::services::Services;
use medlemsbudget::signing::Signer;
use medlemsbudget::state::AppState;
use medlemsbudget::store::entity::{proposal, round};
use medlemsbudget_domain::{Actor, Role, Storkreds};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

use report::{Outcome, Tally};

/// A fixed secret: the keys only need the service's distribution, not its secret.
const SECRET: &str = "medlemsbudget-db-limit-not-a-real-secret";

const UPSERT_SQLITE: &str = "INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash) \
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (round_id, ballot_key) DO UPDATE SET \
     storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash";
const UPSERT_POSTGRES: &str = "INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, ballot_key) DO UPDATE SET \
     storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash";

/// What one transaction does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Shape {
    /// One upsert into `ballots`, like the ballot's, through sqlx.
    Single,
    /// The ballot endpoint's whole transaction, without HTTP.
    Service,
}

/// Write transactions per second of the database alone, opened as `serve` opens it.
#[derive(Debug, Parser)]
#[command(name = "medlemsbudget-db-limit", version, about)]
struct Options {
    /// A scratch database: `sqlite://FILE` (created) or `postgres://USER@HOST/DB` (empty).
    #[arg(long)]
    database_url: String,
    /// What one transaction does.
    #[arg(long, value_enum, default_value = "single")]
    shape: Shape,
    /// Distinct members (ballot keys); their first ballots insert, later ones update.
    #[arg(long, default_value_t = 1000)]
    members: usize,
    /// Transactions in flight at once (one worker each).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// How long to write, in seconds.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Accepted bids in the round.
    #[arg(long, default_value_t = 10)]
    bids: usize,
    /// An electorate roll of this many members (the voting members first); 0 for none.
    #[arg(long, default_value_t = 0)]
    roll: usize,
    /// PostgreSQL pool size, as `serve --db-max-connections` (SQLite always gets one connection).
    #[arg(long, default_value_t = 10)]
    db_max_connections: u32,
    /// Runtime threads (0: one per core, as `serve`).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let options = Options::parse();
    let threads = options.threads;
    runner::run_to_exit("medlemsbudget-db-limit", threads, run(options))
}

async fn run(options: Options) -> Result<bool, String> {
    if options.concurrency == 0 || options.members < options.concurrency {
        return Err("--members must be at least --concurrency, which must be at least 1".into());
    }
    if !(options.duration > 0.0 && options.duration.is_finite()) {
        return Err("--duration must be a positive number of seconds".into());
    }
    let db = medlemsbudget::db::connect(&options.database_url, options.db_max_connections)
        .await
        .map_err(|e| format!("cannot open {}: {e}", options.database_url))?;
    medlemsbudget::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations: {e}"))?;
    let (round_id, bids) = round_in_voting(&db, options.bids).await?;
    if options.roll > 0 {
        let roll: Vec<(String, Storkreds)> = (0..options.roll.max(options.members))
            .map(|i| {
                let prefix = if i < options.members {
                    "load-member"
                } else {
                    "roll-member"
                };
                (format!("{prefix}-{i}"), Storkreds::Fyn)
            })
            .collect();
        medlemsbudget::store::electorate::replace(&db, round_id, &roll)
            .await
            .map_err(|e| format!("cannot import the roll: {e}"))?;
    }
    let state = AppState::new(
        Services::new(db.clone(), BallotKeys::new(SECRET)?, Signer::from_secret(SECRET)),
        TokenKeys::from_secret(SECRET)?,
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(options.duration);
    let mut workers = Vec::with_capacity(options.concurrency);
    for worker in 0..options.concurrency {
        let members: Vec<String> = (worker..options.members)
            .step_by(options.concurrency)
            .map(|i| format!("load-member-{i}"))
            .collect();
        let job = Worker {
            state: state.clone(),
            shape: options.shape,
            round_id,
            members,
            bids: bids.clone(),
            seed: worker as u64,
        };
        workers.push(tokio::spawn(job.run(deadline)));
    }
    let mut tally = Tally::new()?;
    for worker in workers {
        let part = worker.await.map_err(|e| format!("a worker failed: {e}"))??;
        tally.merge(&part)?;
    }
    let elapsed = started.elapsed();
    let backend = options.database_url.split(':').next().unwrap_or_default();
    let label = format!(
        "{backend} shape {:?}, {} members, roll {}, pool {}",
        options.shape,
        options.members,
        options.roll,
        if backend == "sqlite" {
            1
        } else {
            options.db_max_connections
        }
    )
    .to_lowercase();
    let report = tally.report(label, "transactions", options.concurrency, elapsed);
    let text = if options.json {
        report.to_json() + "\n"
    } else {
        report.to_text()
    };
    // A closed pipe (`| head -1`) is not a failed run.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}{} passed, {} failed", report.passed, report.failed);
    let _ = stdout.flush();
    let _ = db.close().await;
    Ok(report.ok())
}

/// A round in `voting` with `bids` accepted bids, written directly.
async fn round_in_voting(db: &DatabaseConnection, bids: usize) -> Result<(i64, Vec<i64>), String> {
    let now = Utc::now();
    let row = round::ActiveModel {
        name: Set("Databasens grænse".into()),
        pool_ore: Set(100_000_000),
        ballot_rules: Set(r#"{"kind":"approval","min_approvals":0,"max_approvals":null}"#.into()),
        allocation_rule: Set(
            r#"{"rule":"greedy","satisfaction":"cost","completion":"none","tie_break":"service"}"#.into(),
        ),
        split: Set(r#"{"kind":"national"}"#.into()),
        phase: Set("voting".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| format!("cannot create the round: {e}"))?;
    let mut ids = Vec::with_capacity(bids);
    for n in 0..bids {
        let bid = proposal::ActiveModel {
            round_id: Set(row.id),
            storkreds: Set(Storkreds::Fyn.slug().into()),
            title: Set(format!("Bud {n}")),
            description: Set("Et bud.".into()),
            amount_ore: Set(10_000),
            status: Set("accepted".into()),
            review_reason: Set(Some("ok".into())),
            submitted_by: Set("board-fyn".into()),
            submitted_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(|e| format!("cannot create a bid: {e}"))?;
        ids.push(bid.id);
    }
    Ok((row.id, ids))
}

struct Worker {
    state: AppState,
    shape: Shape,
    round_id: i64,
    members: Vec<String>,
    bids: Vec<i64>,
    seed: u64,
}

impl Worker {
    async fn run(self, deadline: Instant) -> Result<Tally, String> {
        let mut tally = Tally::new()?;
        let mut rng = StdRng::seed_from_u64(0x6462_0000 + self.seed);
        let mut turn = 0usize;
        while Instant::now() < deadline {
            let member = &self.members[turn % self.members.len()];
            turn += 1;
            let n = rng.gen_range(0..=self.bids.len());
            let mut approvals: Vec<i64> = rand::seq::index::sample(&mut rng, self.bids.len(), n)
                .into_iter()
                .map(|i| self.bids[i])
                .collect();
            let started = Instant::now();
            let done = match self.shape {
                Shape::Single => {
                    approvals.sort_unstable();
                    self.upsert(&mut rng, member, &approvals).await
                }
                Shape::Service => self.cast(member, approvals).await,
            };
            let outcome = match done {
                Ok(()) => Outcome::Status(200),
                Err(e) => Outcome::Transport(e),
            };
            tally.record(started.elapsed(), outcome);
        }
        Ok(tally)
    }

    async fn cast(&self, member: &str, approvals: Vec<i64>) -> Result<(), String> {
        let actor = Actor::new(member, Role::Member, Some(Storkreds::Fyn));
        cast(
            &self.state,
            &actor,
            self.round_id,
            BallotRequest {
                approvals: Some(approvals),
                points: None,
            },
        )
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    async fn upsert(&self, rng: &mut StdRng, member: &str, approvals: &[i64]) -> Result<(), String> {
        let key = self.state.services.ballot_keys().ballot_key(self.round_id, member);
        let mut receipt = [0u8; 32];
        rng.fill_bytes(&mut receipt);
        let receipt: String = receipt.iter().map(|b| format!("{b:02x}")).collect();
        let content = serde_json::json!({ "approvals": approvals }).to_string();
        let storkreds = Storkreds::Fyn.slug();
        let db = self.state.services.db();
        let sqlx_error = |e: sea_orm::sqlx::Error| e.to_string();
        match db {
            DatabaseConnection::SqlxPostgresPoolConnection(_) => {
                let mut tx = db.get_postgres_connection_pool().begin().await.map_err(sqlx_error)?;
                sea_orm::sqlx::query(UPSERT_POSTGRES)
                    .bind(self.round_id)
                    .bind(key)
                    .bind(storkreds)
                    .bind(content)
                    .bind(receipt)
                    .execute(&mut *tx)
                    .await
                    .map_err(sqlx_error)?;
                tx.commit().await.map_err(sqlx_error)
            }
            _ => {
                let mut tx = db.get_sqlite_connection_pool().begin().await.map_err(sqlx_error)?;
                sea_orm::sqlx::query(UPSERT_SQLITE)
                    .bind(self.round_id)
                    .bind(key)
                    .bind(storkreds)
                    .bind(content)
                    .bind(receipt)
                    .execute(&mut *tx)
                    .await
                    .map_err(sqlx_error)?;
                tx.commit().await.map_err(sqlx_error)
            }
        }
    }
}
