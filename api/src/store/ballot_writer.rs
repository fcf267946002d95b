//! Casting a ballot: one write, checked against the phase in the database.
//!
//! On SQLite every write goes through the pool's single connection. Handing
//! that connection from one request's task to the next costs about as much
//! as the write itself under load, so one task writes the queued ballots
//! back to back on the connection, each still its own transaction, and
//! hands the connection back after a run of at most [`RUN`] ballots or when
//! none is waiting. On PostgreSQL each request writes its own ballot.

use sea_orm::sqlx::{self, Sqlite, SqlitePool};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr};
use tokio::sync::{mpsc, oneshot};

use super::ballots::{encode, write, NewBallot, CAST_SQLITE_TRANSACTION};
use crate::clock::Clock;
use crate::error::{ApiError, ApiResult};

/// The most ballots written in one turn with the SQLite connection.
const RUN: usize = 64;

/// Writes ballots; cheap to clone.
#[derive(Clone, Debug)]
pub struct BallotWriter {
    db: DatabaseConnection,
    /// Read as each write starts, for the timeline's close.
    clock: Clock,
    /// The SQLite writer task's queue (none on PostgreSQL).
    queue: Option<mpsc::Sender<Job>>,
}

/// A ballot waiting for the SQLite writer.
#[derive(Debug)]
struct Job {
    round_id: i64,
    ballot_key: String,
    storkreds: &'static str,
    content: String,
    receipt_hash: String,
    written: oneshot::Sender<Result<bool, sqlx::Error>>,
}

impl BallotWriter {
    /// A writer for `db`, reading `clock` as each write starts; on SQLite it
    /// starts the writer task, so it must be called inside the tokio runtime.
    pub fn new(db: DatabaseConnection, clock: Clock) -> BallotWriter {
        let queue = (db.get_database_backend() == DbBackend::Sqlite).then(|| {
            let (sender, receiver) = mpsc::channel(1024);
            tokio::spawn(write_queued(
                db.get_sqlite_connection_pool().clone(),
                clock.clone(),
                receiver,
            ));
            sender
        });
        BallotWriter { db, clock, queue }
    }

    /// Stores `ballot` as [`write`] does, if the round is in voting and
    /// before its planned close at the moment the write starts; returns
    /// whether it did. On SQLite it is one transaction, written by the
    /// writer task; once queued, it is written even if the request is dropped.
    pub async fn cast(&self, ballot: NewBallot<'_>) -> ApiResult<bool> {
        let Some(queue) = &self.queue else {
            return write(&self.db, ballot, self.clock.moment()).await;
        };
        let (written, outcome) = oneshot::channel();
        let job = Job {
            round_id: ballot.round_id,
            ballot_key: ballot.ballot_key.to_owned(),
            storkreds: ballot.storkreds.slug(),
            content: encode(ballot.content)?,
            receipt_hash: ballot.receipt_hash.to_owned(),
            written,
        };
        let stopped = || ApiError::Internal("the ballot writer has stopped".into());
        queue.send(job).await.map_err(|_| stopped())?;
        let written = outcome.await.map_err(|_| stopped())?;
        Ok(written.map_err(|e| DbErr::Exec(RuntimeErr::SqlxError(e)))?)
    }
}

/// The SQLite writer task: runs until every [`BallotWriter`] is dropped.
async fn write_queued(pool: SqlitePool, clock: Clock, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut connection = match pool.acquire().await {
            Ok(connection) => connection,
            Err(e) => {
                let _ = first.written.send(Err(e));
                continue;
            }
        };
        let mut next = Some(first);
        let mut turn = 0;
        while let Some(job) = next.take() {
            let written = write_one(&mut connection, &job, clock.moment().unix_seconds()).await;
            let _ = job.written.send(written);
            turn += 1;
            if turn < RUN {
                next = queue.try_recv().ok();
            }
        }
    }
}

/// One ballot as its own transaction, in one call into SQLite, starting at
/// `now` (seconds since 1970-01-01 UTC).
async fn write_one(
    connection: &mut sqlx::pool::PoolConnection<Sqlite>,
    job: &Job,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query(CAST_SQLITE_TRANSACTION)
        .bind(&job.ballot_key)
        .bind(job.storkreds)
        .bind(&job.content)
        .bind(&job.receipt_hash)
        .bind(job.round_id)
        .bind(now)
        .fetch_all(&mut **connection)
        .await;
    match rows {
        // The ballot row comes back if it was written (SQLite's change count
        // would not do: `BEGIN` and `COMMIT` repeat the previous statement's).
        Ok(rows) => Ok(!rows.is_empty()),
        Err(e) => {
            // Left open if a statement before COMMIT failed.
            let _ = sqlx::query("ROLLBACK").execute(&mut **connection).await;
            Err(e)
        }
    }
}
