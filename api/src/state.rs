//! What every handler shares: the database and the token keys.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::TokenKeys;
use crate::ballot_keys::BallotKeys;
use crate::store::ballot_writer::BallotWriter;
use crate::voting_rounds::VotingRounds;

/// Shared, cheaply cloned application state. The only round data it keeps is
/// that of rounds in voting, which cannot change then (`VotingRounds`), so
/// several processes can serve one database.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Keys that verify bearer tokens.
    pub keys: Arc<TokenKeys>,
    /// Turns members into ballot keys.
    pub ballot_keys: Arc<BallotKeys>,
    /// Rounds in voting, as ballots are checked against them.
    pub voting_rounds: Arc<VotingRounds>,
    /// Writes ballots.
    pub ballot_writer: BallotWriter,
}
