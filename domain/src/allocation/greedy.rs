//! Greedy allocation by number of approvals.
//!
//! Accepted proposals are ranked by approvals, most first. Ties go to the
//! cheaper proposal (fewer kroner), then to the earlier submission, then to the
//! lower id, so the ranking is a total order and the result is the same for the
//! same ballots in any order. Walking down the ranking, a proposal is funded in
//! full when what remains of the pool covers its whole request; otherwise it is
//! skipped and the walk continues, so a cheaper proposal further down can still
//! be funded. A proposal no member approved is never funded.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::{totals_by_storkreds, Allocation, AllocationError, AllocationLine, Candidate, Outcome};
use crate::ballot::ApprovalBallot;
use crate::money::Money;
use crate::proposal::ProposalId;

/// Allocates `pool` to `candidates` greedily by approvals on `ballots`.
pub fn allocate_greedy(
    pool: Money,
    candidates: &[Candidate],
    ballots: &[ApprovalBallot],
) -> Result<Allocation, AllocationError> {
    let mut votes: BTreeMap<ProposalId, u64> = BTreeMap::new();
    for candidate in candidates {
        if votes.insert(candidate.id, 0).is_some() {
            return Err(AllocationError::DuplicateCandidate(candidate.id));
        }
    }
    for ballot in ballots {
        for id in ballot.approvals() {
            let count = votes.get_mut(&id).ok_or(AllocationError::UnknownApproval(id))?;
            *count += 1;
        }
    }
    let votes_of = |id: ProposalId| votes.get(&id).copied().unwrap_or(0);

    let mut ranking: Vec<&Candidate> = candidates.iter().collect();
    ranking.sort_by_key(|c| (Reverse(votes_of(c.id)), c.requested, c.submitted_at, c.id));

    let mut remaining = pool.ore();
    let mut lines = Vec::with_capacity(ranking.len());
    for (index, candidate) in ranking.into_iter().enumerate() {
        let votes = votes_of(candidate.id);
        let requested = candidate.requested.ore();
        let remaining_money = Money::from_ore(remaining).map_err(|_| AllocationError::OutOfRange)?;
        let outcome = if votes == 0 {
            Outcome::NoSupport
        } else if requested <= remaining {
            remaining -= requested;
            Outcome::Funded {
                remaining_before: remaining_money,
            }
        } else {
            Outcome::NotEnoughLeft {
                remaining: remaining_money,
            }
        };
        let funded = matches!(outcome, Outcome::Funded { .. });
        lines.push(AllocationLine {
            rank: index + 1,
            id: candidate.id,
            storkreds: candidate.storkreds,
            votes,
            requested: candidate.requested,
            funded,
            allocated: if funded { candidate.requested } else { Money::ZERO },
            outcome,
        });
    }

    let unallocated = Money::from_ore(remaining).map_err(|_| AllocationError::OutOfRange)?;
    let allocated = pool.checked_sub(unallocated).map_err(|_| AllocationError::OutOfRange)?;
    let storkredse = totals_by_storkreds(lines.iter().map(Into::into))?;
    Ok(Allocation {
        pool,
        allocated,
        unallocated,
        ballots: ballots.len(),
        lines,
        storkredse,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storkreds::Storkreds;
    use proptest::prelude::*;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_default()
    }

    fn candidate(id: i64, storkreds: Storkreds, amount: &str) -> Candidate {
        Candidate {
            id: ProposalId(id),
            storkreds,
            requested: kr(amount),
            submitted_at: id,
        }
    }

    fn ballot(ids: &[i64]) -> ApprovalBallot {
        ApprovalBallot::from_stored(ids.iter().map(|&id| ProposalId(id)))
    }

    #[test]
    fn funds_by_votes_and_skips_what_does_not_fit() {
        let candidates = [
            candidate(1, Storkreds::Fyn, "300000.00"),
            candidate(2, Storkreds::Bornholm, "250000.00"),
            candidate(3, Storkreds::Kobenhavn, "150000.00"),
            candidate(4, Storkreds::Fyn, "80000.00"),
        ];
        let ballots = [ballot(&[1, 2, 3]), ballot(&[1, 2]), ballot(&[1, 3, 4]), ballot(&[2])];
        let result = allocate_greedy(kr("500000.00"), &candidates, &ballots);
        let Ok(result) = result else { panic!("{result:?}") };

        let ranked: Vec<(i64, u64, bool)> = result.lines.iter().map(|l| (l.id.0, l.votes, l.funded)).collect();
        // 1 and 2 tie on 3 votes; 2 is cheaper so it ranks first.
        assert_eq!(ranked, vec![(2, 3, true), (1, 3, false), (3, 2, true), (4, 1, true)]);
        assert_eq!(result.allocated, kr("480000.00"));
        assert_eq!(result.unallocated, kr("20000.00"));
        assert_eq!(
            result.lines[1].outcome,
            Outcome::NotEnoughLeft {
                remaining: kr("250000.00")
            }
        );
        let fyn = result.storkredse.iter().find(|t| t.storkreds == Storkreds::Fyn);
        assert_eq!(
            fyn.map(|t| (t.proposals, t.funded, t.allocated)),
            Some((2, 1, kr("80000.00")))
        );
        assert!(result.lines[1].explanation().contains("only 250000.00 kr remained"));
    }

    #[test]
    fn ties_go_to_fewer_kroner_then_earlier_submission_then_id() {
        let mut early = candidate(9, Storkreds::Fyn, "100.00");
        early.submitted_at = 1;
        let candidates = [
            candidate(5, Storkreds::Fyn, "100.00"),
            early,
            candidate(7, Storkreds::Fyn, "50.00"),
        ];
        let ballots = [ballot(&[5, 7, 9])];
        let result = allocate_greedy(kr("1000.00"), &candidates, &ballots);
        let order: Vec<i64> = result.iter().flat_map(|r| r.lines.iter().map(|l| l.id.0)).collect();
        assert_eq!(order, vec![7, 9, 5]);
    }

    #[test]
    fn unsupported_proposals_are_not_funded() {
        let candidates = [candidate(1, Storkreds::Fyn, "10.00")];
        let result = allocate_greedy(kr("100.00"), &candidates, &[ballot(&[])]);
        assert_eq!(
            result.map(|r| (r.allocated, r.lines[0].outcome)),
            Ok((Money::ZERO, Outcome::NoSupport))
        );
    }

    #[test]
    fn approvals_of_non_candidates_are_an_error() {
        let candidates = [candidate(1, Storkreds::Fyn, "10.00")];
        let result = allocate_greedy(kr("100.00"), &candidates, &[ballot(&[2])]);
        assert_eq!(result, Err(AllocationError::UnknownApproval(ProposalId(2))));
    }

    fn instance() -> impl Strategy<Value = (i64, Vec<Candidate>, Vec<ApprovalBallot>)> {
        let pool = 1i64..=50_000_000_000;
        let candidates = prop::collection::vec((1i64..=20_000_000_000, 0usize..10, 0i64..5), 0..12);
        (pool, candidates).prop_flat_map(|(pool, raw)| {
            let n = raw.len() as i64;
            let candidates: Vec<Candidate> = raw
                .into_iter()
                .enumerate()
                .map(|(i, (ore, s, t))| Candidate {
                    id: ProposalId(i as i64 + 1),
                    storkreds: Storkreds::ALL[s],
                    requested: Money::from_ore(ore.min(pool)).unwrap_or_default(),
                    submitted_at: t,
                })
                .collect();
            let ballot = prop::collection::btree_set(1..=n.max(1), 0..=n as usize).prop_map(move |ids| {
                ApprovalBallot::from_stored(ids.into_iter().filter(|&id| id <= n).map(ProposalId))
            });
            (Just(pool), Just(candidates), prop::collection::vec(ballot, 0..30))
        })
    }

    proptest! {
        #[test]
        fn never_exceeds_the_pool_and_sums_are_exact((pool, candidates, ballots) in instance()) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            let result = allocate_greedy(pool, &candidates, &ballots);
            prop_assert!(result.is_ok());
            let Ok(result) = result else { return Ok(()) };
            prop_assert!(result.allocated <= pool);
            prop_assert_eq!(result.allocated.ore() + result.unallocated.ore(), pool.ore());
            let line_sum: i64 = result.lines.iter().map(|l| l.allocated.ore()).sum();
            prop_assert_eq!(line_sum, result.allocated.ore());
            let storkreds_sum: i64 = result.storkredse.iter().map(|t| t.allocated.ore()).sum();
            prop_assert_eq!(storkreds_sum, result.allocated.ore());
            for line in &result.lines {
                prop_assert_eq!(line.funded, line.allocated == line.requested);
            }
            // Greedy is exhaustive: every unfunded supported bid costs more than what is left.
            for line in result.lines.iter().filter(|l| !l.funded && l.votes > 0) {
                prop_assert!(line.requested > result.unallocated);
            }
        }

        #[test]
        fn result_does_not_depend_on_ballot_or_candidate_order(
            (pool, candidates, ballots) in instance(),
            seed in any::<u64>(),
        ) {
            let pool = Money::from_ore(pool).unwrap_or_default();
            let first = allocate_greedy(pool, &candidates, &ballots);
            let mut shuffled_ballots = ballots.clone();
            let mut shuffled_candidates = candidates.clone();
            let n = shuffled_ballots.len().max(1) as u64;
            shuffled_ballots.rotate_left((seed % n) as usize);
            shuffled_ballots.reverse();
            shuffled_candidates.reverse();
            let second = allocate_greedy(pool, &shuffled_candidates, &shuffled_ballots);
            prop_assert_eq!(&first, &second);
            prop_assert_eq!(first, allocate_greedy(pool, &candidates, &ballots));
        }
    }
}
