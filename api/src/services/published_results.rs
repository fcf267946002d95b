//! Results of published rounds this process has read, kept in memory: once
//! published, a round's result, bids and roll no longer change, and its
//! result page is the one every member opens.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::results::RoundResult;

/// At most this many rounds are kept; beyond it the map starts over.
const MAX_ROUNDS: usize = 64;

/// The published results read, by round.
#[derive(Debug, Default)]
pub struct PublishedResults {
    rounds: RwLock<HashMap<i64, Arc<RoundResult>>>,
}

impl PublishedResults {
    /// The round's result, if read before.
    pub fn kept(&self, round_id: i64) -> Option<Arc<RoundResult>> {
        let rounds = self.rounds.read().unwrap_or_else(PoisonError::into_inner);
        rounds.get(&round_id).map(Arc::clone)
    }

    /// Keeps a published round's result and hands it back.
    pub fn keep(&self, result: RoundResult) -> Arc<RoundResult> {
        let result = Arc::new(result);
        let mut rounds = self.rounds.write().unwrap_or_else(PoisonError::into_inner);
        if rounds.len() >= MAX_ROUNDS && !rounds.contains_key(&result.round_id) {
            rounds.clear();
        }
        rounds.insert(result.round_id, Arc::clone(&result));
        result
    }
}
