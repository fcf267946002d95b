//! What every handler shares: the database and the token keys.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::TokenKeys;
use crate::ballot_keys::BallotKeys;

/// Shared, cheaply cloned application state. Holds no cached round or ballot
/// data, so several processes can serve one database.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Keys that verify bearer tokens.
    pub keys: Arc<TokenKeys>,
    /// Turns members into ballot keys.
    pub ballot_keys: Arc<BallotKeys>,
}
