//! Rule comparisons this process has counted, kept in memory. Once voting is
//! over a round's ballots, bids, roll and settings no longer change, so a
//! comparison of the same rules and splits gives the same answer each time;
//! counting a dozen rules on thousands of ballots takes far longer than
//! serving the page.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::split::Split;

use super::results::RoundResult;

/// At most this many rounds are kept; beyond it the map starts over.
const MAX_ROUNDS: usize = 16;

/// Each rule and split's result, in the order asked, or `None` where it
/// cannot count the round's ballots.
pub type Comparison = Vec<Option<RoundResult>>;

/// What was asked and what it gave.
type Kept = (Vec<(RoundRule, Split)>, Arc<Comparison>);

/// The comparisons counted, by round.
#[derive(Debug, Default)]
pub struct Comparisons {
    rounds: RwLock<HashMap<i64, Kept>>,
    /// Held while a round is counted, so that requests arriving together
    /// count it once, not once each.
    counting: tokio::sync::Mutex<()>,
}

impl Comparisons {
    /// The comparison of these rules and splits for the round, if counted.
    pub fn kept(&self, round_id: i64, candidates: &[(RoundRule, Split)]) -> Option<Arc<Comparison>> {
        let rounds = self.rounds.read().unwrap_or_else(PoisonError::into_inner);
        rounds
            .get(&round_id)
            .filter(|(asked, _)| asked.as_slice() == candidates)
            .map(|(_, answers)| Arc::clone(answers))
    }

    /// Waits until no other comparison is being counted.
    pub async fn counting(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.counting.lock().await
    }

    /// Keeps a round's comparison and hands it back.
    pub fn keep(&self, round_id: i64, candidates: Vec<(RoundRule, Split)>, answers: Comparison) -> Arc<Comparison> {
        let answers = Arc::new(answers);
        let mut rounds = self.rounds.write().unwrap_or_else(PoisonError::into_inner);
        if rounds.len() >= MAX_ROUNDS && !rounds.contains_key(&round_id) {
            rounds.clear();
        }
        rounds.insert(round_id, (candidates, Arc::clone(&answers)));
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_is_given_again_only_for_the_same_round_rules_and_splits() {
        let comparisons = Comparisons::default();
        let asked = vec![(RoundRule::default(), Split::National)];
        assert!(comparisons.kept(1, &asked).is_none());
        let kept = comparisons.keep(1, asked.clone(), vec![None]);
        assert!(comparisons
            .kept(1, &asked)
            .is_some_and(|again| Arc::ptr_eq(&again, &kept)));
        assert!(comparisons.kept(2, &asked).is_none());
        let other = vec![(RoundRule::default(), Split::Equal { pool_leftovers: false })];
        assert!(comparisons.kept(1, &other).is_none());
    }
}
