//! Rounds in voting, kept in memory while they are in voting so that a
//! ballot costs one write and no reads.
//!
//! Safe with several processes on one database: what is kept cannot change
//! while the round is in voting (`store::voting_round`), and each ballot's
//! write checks the phase itself. A round leaves when a write finds it no
//! longer in voting or when this process changes its phase.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use sea_orm::ConnectionTrait;

use crate::error::ApiResult;
use crate::store::voting_round::{self, VotingRound};

/// At most this many rounds are kept; beyond it the map starts over.
const MAX_ROUNDS: usize = 64;

/// The rounds in voting this process has read, by id.
#[derive(Debug, Default)]
pub struct VotingRounds {
    rounds: RwLock<HashMap<i64, Arc<VotingRound>>>,
    /// Held while a round is read, so that the first ballots arriving
    /// together read the round (and its whole roll) once, not once each.
    loading: tokio::sync::Mutex<()>,
    /// How many times a round was read.
    loads: AtomicU64,
}

impl VotingRounds {
    /// Round `round_id` if it is in voting, read from the database the first
    /// time (404 if there is no such round, 409 if it is not in voting).
    pub async fn get(&self, db: &impl ConnectionTrait, round_id: i64) -> ApiResult<Arc<VotingRound>> {
        if let Some(round) = self.kept(round_id) {
            return Ok(round);
        }
        let _loading = self.loading.lock().await;
        if let Some(round) = self.kept(round_id) {
            return Ok(round);
        }
        self.loads.fetch_add(1, Ordering::Relaxed);
        let round = Arc::new(voting_round::load(db, round_id).await?);
        let mut rounds = self.rounds.write().unwrap_or_else(PoisonError::into_inner);
        if rounds.len() >= MAX_ROUNDS {
            rounds.clear();
        }
        rounds.insert(round_id, Arc::clone(&round));
        Ok(round)
    }

    fn kept(&self, round_id: i64) -> Option<Arc<VotingRound>> {
        self.rounds
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&round_id)
            .cloned()
    }

    /// Drops round `round_id` (it left voting, or may have).
    pub fn forget(&self, round_id: i64) {
        self.rounds
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&round_id);
    }

    /// Whether round `round_id` is kept (for tests).
    pub fn holds(&self, round_id: i64) -> bool {
        self.kept(round_id).is_some()
    }

    /// How many times a round was read from the database (for tests).
    pub fn loads(&self) -> u64 {
        self.loads.load(Ordering::Relaxed)
    }
}
