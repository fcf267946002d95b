//! Who may do what: the roles of the service, the person acting, and what
//! each of them may see and change in each phase of a round.
//!
//! Every "may this person do this?" is answered here, so the REST handlers,
//! the web pages and the command line ask the same question the same way.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::proposal::ProposalStatus;
use crate::round::Phase;
use crate::storkreds::Storkreds;

/// The role a person acts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The national board: runs rounds, reviews bids, tallies.
    Hb,
    /// A storkreds board: submits and edits its storkreds' bids.
    Board,
    /// A member: votes.
    Member,
}

impl Role {
    /// The lowercase name used in tokens and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Hb => "hb",
            Role::Board => "board",
            Role::Member => "member",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a role; use hb, board or member")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Role::Hb, Role::Board, Role::Member]
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

/// Why someone may not do or see something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// The action needs another role.
    #[error("{needed}; your role is '{role}'")]
    WrongRole {
        /// What the action needs, in words.
        needed: &'static str,
        /// The actor's role.
        role: Role,
    },
    /// A board acted on another storkreds' bid.
    #[error("this proposal belongs to storkreds {of}; your board is {own}")]
    OtherStorkreds {
        /// The bid's storkreds.
        of: Storkreds,
        /// The board's own storkreds.
        own: Storkreds,
    },
    /// A board or member without a storkreds (only possible without a roll).
    #[error("your sign-in names no storkreds")]
    NoStorkreds,
    /// The round has an electorate roll and the member is not on it.
    #[error("you are not on the electorate roll of round {round_id}")]
    NotOnRoll {
        /// The round.
        round_id: i64,
    },
    /// A sign-in with a voting code acts only in the round the code is for.
    #[error("your voting code is for round {own}, not round {round_id}")]
    OtherRound {
        /// The round acted in.
        round_id: i64,
        /// The round the code is for.
        own: i64,
    },
    /// Something that becomes public at publication was asked for before it.
    #[error("{what} of round {round_id} can be seen once it is published; it is '{phase}'")]
    NotPublished {
        /// What was asked for, e.g. "the result".
        what: &'static str,
        /// The round.
        round_id: i64,
        /// Its phase.
        phase: Phase,
    },
}

/// The person acting, as signed in: who, in which role, for which storkreds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    subject: String,
    role: Role,
    storkreds: Option<Storkreds>,
    only_round: Option<i64>,
}

impl Actor {
    /// An actor from a verified sign-in. `subject` is already checked by the
    /// sign-in (non-empty, bounded).
    pub fn new(subject: impl Into<String>, role: Role, storkreds: Option<Storkreds>) -> Actor {
        Actor {
            subject: subject.into(),
            role,
            storkreds,
            only_round: None,
        }
    }

    /// A member signed in with a voting code: they vote in `round_id` and
    /// nowhere else.
    pub fn with_voting_code(subject: impl Into<String>, storkreds: Storkreds, round_id: i64) -> Actor {
        Actor {
            subject: subject.into(),
            role: Role::Member,
            storkreds: Some(storkreds),
            only_round: Some(round_id),
        }
    }

    /// The one round a voting-code sign-in is for; `None` for every other sign-in.
    pub fn only_round(&self) -> Option<i64> {
        self.only_round
    }

    /// The member, board or HB user id.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The storkreds the sign-in names, if any.
    pub fn storkreds(&self) -> Option<Storkreds> {
        self.storkreds
    }

    /// Whether the actor is HB.
    pub fn is_hb(&self) -> bool {
        self.role == Role::Hb
    }

    fn require(&self, role: Role, needed: &'static str) -> Result<(), AccessError> {
        if self.role == role {
            Ok(())
        } else {
            Err(AccessError::WrongRole {
                needed,
                role: self.role,
            })
        }
    }

    /// Succeeds for HB.
    pub fn require_hb(&self) -> Result<(), AccessError> {
        self.require(Role::Hb, "only HB (the national board) can do this")
    }

    /// Succeeds for a member.
    pub fn require_member(&self) -> Result<(), AccessError> {
        self.require(Role::Member, "only members can vote")
    }

    /// Succeeds for a member who may vote in `round_id`: any member, except
    /// that a voting code is good for its own round only.
    pub fn require_voter_in(&self, round_id: i64) -> Result<(), AccessError> {
        self.require_member()?;
        match self.only_round {
            Some(own) if own != round_id => Err(AccessError::OtherRound { round_id, own }),
            _ => Ok(()),
        }
    }

    /// The board's storkreds, for a storkreds board.
    pub fn require_board(&self) -> Result<Storkreds, AccessError> {
        self.require(Role::Board, "only a storkreds board can do this")?;
        self.storkreds.ok_or(AccessError::NoStorkreds)
    }

    /// Succeeds for the board of `storkreds`.
    pub fn require_board_of(&self, storkreds: Storkreds) -> Result<(), AccessError> {
        let own = self.require_board()?;
        if own == storkreds {
            Ok(())
        } else {
            Err(AccessError::OtherStorkreds { of: storkreds, own })
        }
    }

    /// A round's result: HB once it is tallied, everyone once published.
    pub fn may_read_result(&self, round_id: i64, phase: Phase) -> Result<(), AccessError> {
        self.published_or_hb("the result", round_id, phase)
    }

    /// A round's Pabulib export: HB once voting is closed, everyone once
    /// published (whether voting is over is the phase's question).
    pub fn may_export(&self, round_id: i64, phase: Phase) -> Result<(), AccessError> {
        self.published_or_hb("the export", round_id, phase)
    }

    fn published_or_hb(&self, what: &'static str, round_id: i64, phase: Phase) -> Result<(), AccessError> {
        published_or_hb(Some(self), what, round_id, phase)
    }

    /// Whether a bid with `status` is listed to the actor when no status is
    /// asked for: HB and boards see every bid; members see the bids that are
    /// or may come on the ballot, not rejected or withdrawn ones (those they
    /// can still ask for by status).
    pub fn lists_by_default(&self, status: ProposalStatus) -> bool {
        match self.role {
            Role::Member => lists_publicly(status),
            Role::Hb | Role::Board => true,
        }
    }
}

/// What of a round only HB reads before publication (the result, the
/// export), for a visitor who may not be signed in (`None`).
pub fn published_or_hb(
    actor: Option<&Actor>,
    what: &'static str,
    round_id: i64,
    phase: Phase,
) -> Result<(), AccessError> {
    if actor.is_some_and(Actor::is_hb) || phase == Phase::Published {
        Ok(())
    } else {
        Err(AccessError::NotPublished { what, round_id, phase })
    }
}

/// Whether a bid with `status` is listed, when no status is asked for, to a
/// visitor who is not signed in: what a member sees.
pub fn lists_publicly(status: ProposalStatus) -> bool {
    matches!(status, ProposalStatus::Submitted | ProposalStatus::Accepted)
}

/// The counted ballots are listed once a round is published, to everyone.
pub fn may_list_ballots(round_id: i64, phase: Phase) -> Result<(), AccessError> {
    if phase == Phase::Published {
        Ok(())
    } else {
        Err(AccessError::NotPublished {
            what: "the ballots",
            round_id,
            phase,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, storkreds: Option<Storkreds>) -> Actor {
        Actor::new("someone", role, storkreds)
    }

    #[test]
    fn only_the_right_role_passes_each_check() {
        let hb = actor(Role::Hb, None);
        let board = actor(Role::Board, Some(Storkreds::Fyn));
        let member = actor(Role::Member, Some(Storkreds::Fyn));
        assert!(hb.require_hb().is_ok());
        assert!(board.require_hb().is_err());
        assert!(member.require_member().is_ok());
        assert!(hb.require_member().is_err());
        assert_eq!(board.require_board(), Ok(Storkreds::Fyn));
        assert!(member.require_board().is_err());
    }

    #[test]
    fn a_voting_code_votes_in_its_own_round_only() {
        let coded = Actor::with_voting_code("m-1", Storkreds::Fyn, 7);
        assert_eq!(coded.require_voter_in(7), Ok(()));
        assert_eq!(
            coded.require_voter_in(8),
            Err(AccessError::OtherRound { round_id: 8, own: 7 })
        );
        assert!(coded.require_hb().is_err());
        let member = actor(Role::Member, Some(Storkreds::Fyn));
        assert_eq!(member.require_voter_in(8), Ok(()));
        assert!(actor(Role::Hb, None).require_voter_in(7).is_err());
    }

    #[test]
    fn a_board_acts_only_on_its_own_storkreds() {
        let board = actor(Role::Board, Some(Storkreds::Fyn));
        assert!(board.require_board_of(Storkreds::Fyn).is_ok());
        assert_eq!(
            board.require_board_of(Storkreds::Bornholm),
            Err(AccessError::OtherStorkreds {
                of: Storkreds::Bornholm,
                own: Storkreds::Fyn
            })
        );
    }

    #[test]
    fn results_are_hbs_before_publication_and_everyones_after() {
        let hb = actor(Role::Hb, None);
        let member = actor(Role::Member, Some(Storkreds::Fyn));
        assert!(hb.may_read_result(1, Phase::Closed).is_ok());
        assert!(matches!(
            member.may_read_result(1, Phase::Closed),
            Err(AccessError::NotPublished { .. })
        ));
        assert!(member.may_read_result(1, Phase::Published).is_ok());
        assert!(may_list_ballots(1, Phase::Closed).is_err());
        assert!(may_list_ballots(1, Phase::Published).is_ok());
    }

    #[test]
    fn members_do_not_list_rejected_or_withdrawn_bids_by_default() {
        let member = actor(Role::Member, Some(Storkreds::Fyn));
        assert!(member.lists_by_default(ProposalStatus::Accepted));
        assert!(member.lists_by_default(ProposalStatus::Submitted));
        assert!(!member.lists_by_default(ProposalStatus::Rejected));
        assert!(!member.lists_by_default(ProposalStatus::Withdrawn));
        assert!(actor(Role::Hb, None).lists_by_default(ProposalStatus::Rejected));
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for role in [Role::Hb, Role::Board, Role::Member] {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
