//! What this process keeps in memory of rounds that can no longer change:
//! a published round's result, and a rule comparison once voting is over.
//! Nothing here is written to the database, and every process that serves
//! the same database keeps its own and gives the same answers.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};

use crate::error::ApiResult;

/// At most this many rounds are kept; beyond it the map starts over.
const MAX_ROUNDS: usize = 64;

/// One thing per round, made once.
#[derive(Debug)]
pub struct Kept<T> {
    rounds: RwLock<HashMap<i64, Arc<T>>>,
    /// Held while one is made, so that requests arriving together make it
    /// once, not once each.
    making: tokio::sync::Mutex<()>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            rounds: RwLock::default(),
            making: tokio::sync::Mutex::default(),
        }
    }
}

impl<T> Kept<T> {
    fn get(&self, round_id: i64) -> Option<Arc<T>> {
        let rounds = self.rounds.read().unwrap_or_else(PoisonError::into_inner);
        rounds.get(&round_id).map(Arc::clone)
    }

    /// The round's, made by `make` the first time (an error is not kept).
    pub async fn get_or_make<F>(&self, round_id: i64, make: impl FnOnce() -> F) -> ApiResult<Arc<T>>
    where
        F: Future<Output = ApiResult<T>>,
    {
        if let Some(kept) = self.get(round_id) {
            return Ok(kept);
        }
        let _making = self.making.lock().await;
        if let Some(kept) = self.get(round_id) {
            return Ok(kept);
        }
        let made = Arc::new(make().await?);
        let mut rounds = self.rounds.write().unwrap_or_else(PoisonError::into_inner);
        if rounds.len() >= MAX_ROUNDS {
            rounds.clear();
        }
        rounds.insert(round_id, Arc::clone(&made));
        Ok(made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[tokio::test]
    async fn a_round_is_made_once_and_a_failure_is_not_kept() {
        let kept: Kept<u32> = Kept::default();
        let failed = kept
            .get_or_make(1, || async { Err(ApiError::Internal("no".into())) })
            .await;
        assert!(failed.is_err());
        let first = kept.get_or_make(1, || async { Ok(7) }).await;
        let again = kept.get_or_make(1, || async { Ok(8) }).await;
        assert!(matches!((first, again), (Ok(a), Ok(b)) if *a == 7 && Arc::ptr_eq(&a, &b)));
        let other = kept.get_or_make(2, || async { Ok(9) }).await;
        assert!(matches!(other, Ok(n) if *n == 9));
    }
}
