//! Rounds and their phases.
//!
//! A round moves forward one step at a time:
//! `draft → submission → review → voting → closed → published`.
//! What may happen in each phase (bidding, reviewing, voting, tallying) is
//! answered here so the HTTP layer never encodes the rules itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ballot_rules::{BallotRules, BallotRulesError};
use crate::money::Money;
use crate::round_rule::{RoundRule, RoundRuleError};
use crate::split::{Split, SplitError};
use crate::text::RoundName;

/// The phase of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Created by HB; settings may still change; nothing can be submitted.
    Draft,
    /// Storkreds boards submit and edit bids; HB may already review.
    Submission,
    /// Bids are frozen; HB accepts or rejects the rest.
    Review,
    /// Members cast and replace ballots on accepted bids.
    Voting,
    /// Voting is over; HB tallies.
    Closed,
    /// The result is public to everyone.
    Published,
}

/// Why a phase change or an action in a phase is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhaseError {
    /// Only the next phase can be entered.
    #[error(
        "a round in phase '{from}' can only move to '{}', not to '{requested}'",
        .allowed.map_or("nothing", Phase::as_str)
    )]
    IllegalTransition {
        /// The current phase.
        from: Phase,
        /// What was asked for.
        requested: Phase,
        /// The only phase that may follow (`None` when final; shown as "nothing").
        allowed: Option<Phase>,
    },
    /// Voting cannot open while bids are still unreviewed.
    #[error("{0} proposal(s) are still awaiting review; accept or reject them before voting opens")]
    UnreviewedProposals(usize),
    /// Voting cannot open with nothing to vote on.
    #[error("no proposal has been accepted, so there is nothing to vote on")]
    NothingToVoteOn,
    /// Publishing needs a tallied result.
    #[error("the round has not been tallied; tally it before publishing")]
    NotTallied,
    /// The action is not allowed in the current phase.
    #[error("{action} is only possible in phase {allowed}; the round is in phase '{current}'")]
    WrongPhase {
        /// What was attempted, e.g. "submitting a proposal".
        action: &'static str,
        /// The phases in which it is allowed, as text.
        allowed: &'static str,
        /// The current phase.
        current: Phase,
    },
}

/// Facts about a round needed to decide whether it may change phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransitionCheck {
    /// Proposals still in status `submitted`.
    pub unreviewed: usize,
    /// Proposals in status `accepted`.
    pub accepted: usize,
    /// Whether a result has been tallied and stored.
    pub tallied: bool,
}

impl Phase {
    /// All phases in order.
    pub const ALL: [Phase; 6] = [
        Phase::Draft,
        Phase::Submission,
        Phase::Review,
        Phase::Voting,
        Phase::Closed,
        Phase::Published,
    ];

    /// The phase that follows, if any.
    pub fn next(self) -> Option<Phase> {
        let index = Phase::ALL.iter().position(|p| *p == self)?;
        Phase::ALL.get(index + 1).copied()
    }

    /// The lowercase name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Submission => "submission",
            Phase::Review => "review",
            Phase::Voting => "voting",
            Phase::Closed => "closed",
            Phase::Published => "published",
        }
    }

    /// Checks a move to `requested`: it must be the next phase, and the round
    /// must be ready for it.
    pub fn transition_to(self, requested: Phase, check: TransitionCheck) -> Result<Phase, PhaseError> {
        if self.next() != Some(requested) {
            return Err(PhaseError::IllegalTransition {
                from: self,
                requested,
                allowed: self.next(),
            });
        }
        match requested {
            Phase::Voting if check.unreviewed > 0 => Err(PhaseError::UnreviewedProposals(check.unreviewed)),
            Phase::Voting if check.accepted == 0 => Err(PhaseError::NothingToVoteOn),
            Phase::Published if !check.tallied => Err(PhaseError::NotTallied),
            _ => Ok(requested),
        }
    }

    fn require(self, action: &'static str, allowed: &'static str, ok: bool) -> Result<(), PhaseError> {
        if ok {
            Ok(())
        } else {
            Err(PhaseError::WrongPhase {
                action,
                allowed,
                current: self,
            })
        }
    }

    /// Boards may submit and edit bids only during `submission`.
    pub fn check_submission(self, action: &'static str) -> Result<(), PhaseError> {
        self.require(action, "'submission'", self == Phase::Submission)
    }

    /// HB may review bids during `submission` and `review`.
    pub fn check_review(self) -> Result<(), PhaseError> {
        let ok = matches!(self, Phase::Submission | Phase::Review);
        self.require("reviewing a proposal", "'submission' or 'review'", ok)
    }

    /// Boards may withdraw bids before voting opens.
    pub fn check_withdrawal(self) -> Result<(), PhaseError> {
        let ok = matches!(self, Phase::Submission | Phase::Review);
        self.require("withdrawing a proposal", "'submission' or 'review'", ok)
    }

    /// Members may cast or replace ballots only during `voting`.
    pub fn check_voting(self) -> Result<(), PhaseError> {
        self.require("casting a ballot", "'voting'", self == Phase::Voting)
    }

    /// A meeting where members vote on paper may be planned until voting
    /// closes (`draft` to `voting`).
    pub fn check_meeting_planning(self) -> Result<(), PhaseError> {
        let ok = !matches!(self, Phase::Closed | Phase::Published);
        self.require("planning a meeting", "'draft' to 'voting'", ok)
    }

    /// Members are checked off at a meeting, and its paper ballots entered,
    /// only while voting is open: a paper ballot counts like an online one,
    /// so it must be in before the close, as an online one must.
    pub fn check_meeting_ballots(self, action: &'static str) -> Result<(), PhaseError> {
        self.require(action, "'voting'", self == Phase::Voting)
    }

    /// HB may hand out voting codes until voting closes (a code is good until then).
    pub fn check_voting_codes(self) -> Result<(), PhaseError> {
        let ok = !matches!(self, Phase::Closed | Phase::Published);
        self.require("generating voting codes", "'draft' to 'voting'", ok)
    }

    /// HB may tally only once voting is closed and before publication.
    pub fn check_tally(self) -> Result<(), PhaseError> {
        self.require("tallying", "'closed'", self == Phase::Closed)
    }

    /// Reading the ballots as a whole (simulating other rules, exporting)
    /// is possible once voting is over.
    pub fn check_voting_over(self, action: &'static str) -> Result<(), PhaseError> {
        let ok = matches!(self, Phase::Closed | Phase::Published);
        self.require(action, "'closed' or 'published'", ok)
    }

    /// Settings (pool, limits) may change only while the round is a draft or open for bids.
    pub fn check_settings_change(self) -> Result<(), PhaseError> {
        let ok = matches!(self, Phase::Draft | Phase::Submission | Phase::Review);
        self.require("changing the round's settings", "'draft', 'submission' or 'review'", ok)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Phase {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| format!("\"{text}\" is not a phase"))
    }
}

/// What HB fixes when creating a round; all of it is frozen once voting opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundSettings {
    /// A name members recognise.
    pub name: RoundName,
    /// The amount to allocate; more than zero.
    pub pool: Money,
    /// What a ballot may hold.
    pub ballot: BallotRules,
    /// How the pool is allocated.
    pub rule: RoundRule,
    /// How the pool is split among the storkredse first.
    pub split: Split,
}

/// Why round settings do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The pool is zero.
    #[error("the pool must be more than 0.00 kr")]
    ZeroPool,
    /// The ballot rules do not fit.
    #[error("ballot: {0}")]
    Ballot(#[from] BallotRulesError),
    /// The rule does not fit the ballots.
    #[error("rule: {0}")]
    Rule(#[from] RoundRuleError),
    /// The split does not fit the pool.
    #[error("split: {0}")]
    Split(#[from] SplitError),
}

impl SettingsError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            SettingsError::ZeroPool => "pool",
            SettingsError::Ballot(_) => "ballot",
            SettingsError::Rule(_) => "rule",
            SettingsError::Split(_) => "split",
        }
    }

    /// Every setting the error is about: the one it names, then the one it
    /// was checked against, if any (`["split", "pool"]` for sub-pools that do
    /// not add up to the pool).
    pub fn settings(&self) -> &'static [&'static str] {
        match self {
            SettingsError::ZeroPool => &["pool"],
            SettingsError::Ballot(BallotRulesError::KnapsackLimitOutOfRange { .. }) => &["ballot", "pool"],
            SettingsError::Ballot(_) => &["ballot"],
            SettingsError::Rule(
                RoundRuleError::PointsNeedCumulativeBallots | RoundRuleError::PhragmenNeedsApprovals,
            ) => &["rule", "ballot"],
            SettingsError::Rule(_) => &["rule"],
            SettingsError::Split(SplitError::FixedPoolsDoNotAddUp { .. } | SplitError::FloorsExceedPool { .. }) => {
                &["split", "pool"]
            }
            SettingsError::Split(_) => &["split"],
        }
    }
}

impl RoundSettings {
    /// Checks that pool, ballot rules, rule and split fit together.
    pub fn validate(self) -> Result<RoundSettings, SettingsError> {
        if self.pool.is_zero() {
            return Err(SettingsError::ZeroPool);
        }
        self.ballot.validate(self.pool)?;
        self.rule.validate(self.ballot)?;
        self.split.validate(self.pool)?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READY: TransitionCheck = TransitionCheck {
        unreviewed: 0,
        accepted: 1,
        tallied: true,
    };

    #[test]
    fn phases_only_move_one_step_forward() {
        for (index, from) in Phase::ALL.into_iter().enumerate() {
            for (target_index, to) in Phase::ALL.into_iter().enumerate() {
                let result = from.transition_to(to, READY);
                assert_eq!(result.is_ok(), target_index == index + 1, "{from} -> {to}");
            }
        }
        assert_eq!(Phase::Published.next(), None);
    }

    #[test]
    fn voting_needs_every_bid_reviewed_and_one_accepted() {
        let unreviewed = TransitionCheck { unreviewed: 2, ..READY };
        assert_eq!(
            Phase::Review.transition_to(Phase::Voting, unreviewed),
            Err(PhaseError::UnreviewedProposals(2))
        );
        let none = TransitionCheck { accepted: 0, ..READY };
        assert_eq!(
            Phase::Review.transition_to(Phase::Voting, none),
            Err(PhaseError::NothingToVoteOn)
        );
    }

    #[test]
    fn publishing_needs_a_tally() {
        let untallied = TransitionCheck {
            tallied: false,
            ..READY
        };
        assert_eq!(
            Phase::Closed.transition_to(Phase::Published, untallied),
            Err(PhaseError::NotTallied)
        );
    }

    #[test]
    fn actions_are_bound_to_phases() {
        assert!(Phase::Submission.check_submission("x").is_ok());
        assert!(Phase::Review.check_submission("x").is_err());
        assert!(Phase::Review.check_review().is_ok());
        assert!(Phase::Voting.check_review().is_err());
        assert!(Phase::Voting.check_voting().is_ok());
        assert!(Phase::Closed.check_voting().is_err());
        assert!(Phase::Closed.check_tally().is_ok());
        assert!(Phase::Published.check_tally().is_err());
        assert!(Phase::Voting.check_withdrawal().is_err());
    }

    #[test]
    fn errors_read_as_before() {
        assert_eq!(
            Phase::Published
                .transition_to(Phase::Draft, READY)
                .map_err(|e| e.to_string()),
            Err("a round in phase 'published' can only move to 'nothing', not to 'draft'".to_owned())
        );
        assert_eq!(
            Phase::Draft
                .transition_to(Phase::Voting, READY)
                .map_err(|e| e.to_string()),
            Err("a round in phase 'draft' can only move to 'submission', not to 'voting'".to_owned())
        );
        let split = SettingsError::from(SplitError::NoMembers);
        assert_eq!(
            (split.field(), split.to_string().as_str()),
            (
                "split",
                "split: a by-members split needs an electorate roll with members"
            )
        );
        let rule = SettingsError::from(RoundRuleError::PhragmenNeedsApprovals);
        assert_eq!(
            (rule.field(), rule.to_string().as_str()),
            (
                "rule",
                "rule: phragmen counts approvals; use greedy or mes with cumulative ballots"
            )
        );
        let ballot = SettingsError::from(BallotRulesError::MaxApprovalsZero);
        assert_eq!(
            (ballot.field(), ballot.to_string().as_str()),
            ("ballot", "ballot: max_approvals must be at least 1")
        );
        assert_eq!(ballot.settings(), ["ballot"]);
        assert_eq!(rule.settings(), ["rule", "ballot"]);
        let floors = SettingsError::from(SplitError::FloorsExceedPool {
            per_storkreds: Money::ZERO,
            pool: Money::ZERO,
        });
        assert_eq!(floors.settings(), ["split", "pool"]);
        assert_eq!(split.settings(), ["split"]);
    }
}
