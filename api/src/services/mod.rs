//! Application services, one module per area. Each public function is one
//! thing a person or a command does: it owns its transaction, asks the
//! domain every question of rules and rights, writes through `store`, and
//! appends a typed audit event. REST handlers, the demo and the import call
//! these and nothing below them.

pub mod audit;
pub mod ballot_keys;
pub mod ballots;
pub mod electorate;
pub mod follow_up;
pub mod import;
pub mod kept;
pub mod meetings;
pub mod proposals;
pub mod publication;
pub mod results;
pub mod rounds;
pub mod schedule;
pub mod sessions;
pub mod timeline;
pub mod voting_codes;
pub mod voting_rounds;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use self::ballot_keys::BallotKeys;
use self::kept::Kept;
use self::results::{Comparison, RoundResult};
use self::voting_rounds::VotingRounds;
use crate::clock::Clock;
use crate::signing::Signer;
use crate::store::ballot_writer::BallotWriter;

/// Everything the services work with; cheap to clone. The only round data
/// it keeps is what cannot change any more: rounds in voting
/// (`VotingRounds`), and rule comparisons once voting is over and
/// published results ([`kept`]), so several processes can serve one
/// database.
#[derive(Clone, Debug)]
pub struct Services {
    db: DatabaseConnection,
    /// Where reads that write nothing go: on SQLite, read-only connections
    /// beside the one that writes ([`crate::db::readers`]); on PostgreSQL,
    /// the same pool as `db`.
    reads: DatabaseConnection,
    ballot_keys: Arc<BallotKeys>,
    voting_rounds: Arc<VotingRounds>,
    comparisons: Arc<Kept<Comparison>>,
    published_results: Arc<Kept<RoundResult>>,
    ballot_writer: BallotWriter,
    signer: Arc<Signer>,
    clock: Clock,
}

impl Services {
    /// Services over `db`. On SQLite this starts the ballot writer task, so
    /// it must be called inside the tokio runtime.
    /// Publications are signed by `signer`.
    pub fn new(db: DatabaseConnection, ballot_keys: BallotKeys, signer: Signer) -> Services {
        Services::with_clock(db, ballot_keys, signer, Clock::System)
    }

    /// Services as [`Services::new`] makes them, reading the time from
    /// `clock` (the timeline, its schedule and the ballot's close).
    pub fn with_clock(db: DatabaseConnection, ballot_keys: BallotKeys, signer: Signer, clock: Clock) -> Services {
        Services {
            ballot_writer: BallotWriter::new(db.clone(), clock.clone()),
            reads: crate::db::readers(&db),
            db,
            ballot_keys: Arc::new(ballot_keys),
            voting_rounds: Arc::default(),
            comparisons: Arc::default(),
            published_results: Arc::default(),
            signer: Arc::new(signer),
            clock,
        }
    }

    /// The clock the timeline reads.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The database, for health checks and metrics.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The ballot keys (for tools that write ballots beside the service,
    /// such as the database-limit benchmark).
    pub fn ballot_keys(&self) -> &BallotKeys {
        &self.ballot_keys
    }

    /// The rounds in voting this process keeps (for tests and metrics).
    pub fn voting_rounds(&self) -> &VotingRounds {
        &self.voting_rounds
    }
}
