//! Ballots from meetings: a storkreds holds its general assembly and the
//! members there vote on paper. The rules that make a paper ballot count
//! exactly like an online one, once per member, and stay secret:
//!
//! - the board of the meeting's storkreds, or HB, checks members off on the
//!   roll as having voted at the meeting ([`may_record_meeting`],
//!   [`eligible_at_meeting`]); a member who has voted online cannot be
//!   checked off, and a member checked off cannot vote online afterwards
//!   ([`PriorVote`]): either way the member has one ballot;
//! - separately, the meeting's paper ballots are entered as one anonymous
//!   batch, never linked to the names checked off. It holds at most as many
//!   ballots as members were checked off there, and each ballot is checked
//!   by the round's ballot rules like an online one ([`check_batch`]);
//! - a spoilt ballot is entered as spoilt, explicitly ([`PaperEntry::Spoilt`]):
//!   it is counted as handed in but supports no bid. A ballot that breaks the
//!   rules is refused, never turned into a spoilt or a blank one;
//! - both happen only while voting is open (`Phase::check_meeting_ballots`).
//!
//! One batch per meeting, and no more check-offs once it is entered: were a
//! meeting's ballots entered in several parts between check-offs, the
//! members checked off before a part could be lined up with its ballots.

use std::collections::BTreeMap;

use crate::access::{AccessError, Actor};
use crate::ballot::BallotError;
use crate::ballot_rules::{BallotContent, BallotInput, BallotRules, ProposalFacts};
use crate::electorate::{Standing, MAX_MEMBER_ID_LEN};
use crate::money::Money;
use crate::proposal::ProposalId;
use crate::storkreds::Storkreds;

/// The most member ids one check-off request may list.
pub const MAX_CHECK_OFFS: usize = 10_000;

/// The most paper ballots one batch may hold.
pub const MAX_BATCH: usize = 10_000;

/// Who may record a meeting of `storkreds` (create it, check members off,
/// enter its ballots): HB, or that storkreds' board.
pub fn may_record_meeting(actor: &Actor, storkreds: Storkreds) -> Result<(), AccessError> {
    if actor.is_hb() {
        return Ok(());
    }
    actor.require_board_of(storkreds).map_err(|e| match e {
        AccessError::WrongRole { role, .. } => AccessError::WrongRole {
            needed: "only HB or the storkreds' board can record a meeting",
            role,
        },
        other => other,
    })
}

/// Why a member cannot be checked off at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CheckOffRefusal {
    /// The round has a roll and the member is not on it.
    #[error("is not on the round's electorate roll")]
    NotOnRoll,
    /// The member belongs to another storkreds than the meeting's.
    #[error("is a member in {member}, not in {meeting} where the meeting is held")]
    OtherStorkreds {
        /// The member's storkreds on the roll.
        member: Storkreds,
        /// The meeting's storkreds.
        meeting: Storkreds,
    },
    /// The member has already voted online; that ballot counts.
    #[error("has already voted online; that ballot counts, so the member cannot vote on paper too")]
    VotedOnline,
    /// The member is already checked off, at this or another meeting.
    #[error("is already checked off as having voted at a meeting")]
    AlreadyCheckedOff,
}

/// Where a member stands with the round's roll, for a meeting in
/// `meeting`: the storkreds their ballot counts in, or why they cannot be
/// checked off there. Without a roll, the meeting's storkreds counts.
pub fn eligible_at_meeting(standing: Standing, meeting: Storkreds) -> Result<Storkreds, CheckOffRefusal> {
    match standing {
        Standing::NoRoll => Ok(meeting),
        Standing::NotOn => Err(CheckOffRefusal::NotOnRoll),
        Standing::On(member) if member == meeting => Ok(member),
        Standing::On(member) => Err(CheckOffRefusal::OtherStorkreds { member, meeting }),
    }
}

/// What is already recorded for a member in a round, found when their
/// online ballot or their check-off is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorVote {
    /// Nothing: the member has not voted.
    None,
    /// An online ballot.
    Online,
    /// A check-off at a meeting: their ballot is among the meeting's paper ones.
    CheckedOff,
}

/// A member checked off at a meeting tried to vote online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("you have voted on paper at a meeting, so you cannot vote online in this round")]
pub struct VotedAtMeeting;

impl PriorVote {
    /// Whether the member may be checked off at a meeting.
    pub fn check_off(self) -> Result<(), CheckOffRefusal> {
        match self {
            PriorVote::None => Ok(()),
            PriorVote::Online => Err(CheckOffRefusal::VotedOnline),
            PriorVote::CheckedOff => Err(CheckOffRefusal::AlreadyCheckedOff),
        }
    }

    /// Whether the member may cast (or replace) an online ballot.
    pub fn vote_online(self) -> Result<(), VotedAtMeeting> {
        match self {
            PriorVote::None | PriorVote::Online => Ok(()),
            PriorVote::CheckedOff => Err(VotedAtMeeting),
        }
    }
}

/// What is wrong with a line of a check-off list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemberIdProblem {
    /// Longer than a member id may be, or with control characters.
    #[error("a member id must be 1–{max} printable characters", max = MAX_MEMBER_ID_LEN)]
    BadMemberId,
    /// The same member is listed on an earlier line.
    #[error("member '{member}' is already listed on line {first}")]
    ListedTwice {
        /// The member id.
        member: String,
        /// The line that first lists it (1-based).
        first: usize,
    },
}

/// Why a check-off list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckOffListError {
    /// It lists nobody.
    #[error("the list names no members")]
    Empty,
    /// It lists more than [`MAX_CHECK_OFFS`] members.
    #[error("at most {max} members may be checked off at once", max = MAX_CHECK_OFFS)]
    TooMany,
    /// Some lines are wrong: (1-based line, problem).
    #[error("{} line(s) are wrong", .0.len())]
    Lines(Vec<(usize, MemberIdProblem)>),
}

/// Reads a check-off list: one member id per entry, trimmed; blank entries
/// are skipped, so a pasted column of ids with an empty last line reads as
/// meant. Every bad line is reported (line numbers from 1), and then none
/// is accepted.
pub fn parse_member_ids<'a>(lines: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, CheckOffListError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in lines.into_iter().enumerate() {
        let line = index + 1;
        let id = raw.trim();
        if id.is_empty() {
            continue;
        }
        if id.chars().count() > MAX_MEMBER_ID_LEN || id.chars().any(char::is_control) {
            problems.push((line, MemberIdProblem::BadMemberId));
            continue;
        }
        if let Some(&first) = seen.get(id) {
            problems.push((
                line,
                MemberIdProblem::ListedTwice {
                    member: id.to_owned(),
                    first,
                },
            ));
            continue;
        }
        seen.insert(id, line);
        ids.push(id.to_owned());
    }
    if !problems.is_empty() {
        return Err(CheckOffListError::Lines(problems));
    }
    if ids.is_empty() {
        return Err(CheckOffListError::Empty);
    }
    if ids.len() > MAX_CHECK_OFFS {
        return Err(CheckOffListError::TooMany);
    }
    Ok(ids)
}

/// One paper ballot as the meeting's secretary enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperEntry {
    /// A ballot as filled in: approvals or points (an empty list is blank).
    Filled(BallotInput),
    /// A ballot the meeting's counters found spoilt: handed in, supporting no bid.
    Spoilt,
}

/// Where a meeting stands when a batch is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingCounts {
    /// Members checked off at the meeting.
    pub checked_off: u64,
    /// Whether its batch of paper ballots is already entered.
    pub batch_entered: bool,
}

/// Check-offs at a meeting close once its batch is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this meeting's paper ballots are entered, so no more members can be checked off there")]
pub struct CheckOffClosed;

impl MeetingCounts {
    /// Whether members may still be checked off at the meeting.
    pub fn check_off_open(self) -> Result<(), CheckOffClosed> {
        if self.batch_entered {
            Err(CheckOffClosed)
        } else {
            Ok(())
        }
    }
}

/// Why a batch of paper ballots is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// The meeting's batch is already entered.
    #[error("this meeting's paper ballots are already entered; a meeting has one batch")]
    AlreadyEntered,
    /// The batch holds no ballot.
    #[error("the batch holds no ballots")]
    Empty,
    /// More ballots than [`MAX_BATCH`].
    #[error("a batch holds at most {max} ballots", max = MAX_BATCH)]
    TooLarge,
    /// More ballots (spoilt ones included) than members checked off there.
    #[error("the batch holds {given} ballots, but only {checked_off} members are checked off at this meeting")]
    MoreThanCheckedOff {
        /// Ballots in the batch, spoilt ones included.
        given: u64,
        /// Members checked off at the meeting.
        checked_off: u64,
    },
    /// Ballots that break the round's ballot rules: (0-based position, why).
    #[error("{} ballot(s) do not fit the round's ballot rules", .0.len())]
    Ballots(Vec<(usize, BallotError)>),
}

/// A batch of paper ballots, checked: the counted ballots and the spoilt count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperBatch {
    ballots: Vec<BallotContent>,
    spoilt: u64,
}

impl PaperBatch {
    /// The ballots that count, in the order entered.
    pub fn ballots(&self) -> &[BallotContent] {
        &self.ballots
    }

    /// How many ballots were spoilt.
    pub fn spoilt(&self) -> u64 {
        self.spoilt
    }

    /// Every ballot handed in: counted and spoilt.
    pub fn handed_in(&self) -> u64 {
        self.ballots.len() as u64 + self.spoilt
    }
}

/// The round a batch is checked against: its ballot rules, its bids' facts,
/// its pool, and the storkreds whose bids alone a ballot may list (under a
/// split that asks for that).
pub struct BatchRound<F> {
    /// The round's ballot rules.
    pub rules: BallotRules,
    /// Facts of each bid (`None`: not in the round).
    pub facts: F,
    /// The pool.
    pub pool: Money,
    /// The meeting's storkreds, when ballots list only its own bids.
    pub own_storkreds: Option<Storkreds>,
}

/// Checks a meeting's batch of paper ballots: it is the meeting's first,
/// not empty, holds no more ballots than members checked off there, and
/// every filled-in ballot fits the round's ballot rules as an online one
/// must. Every ballot that does not fit is reported, and then none counts.
pub fn check_batch<F>(
    round: &BatchRound<F>,
    meeting: MeetingCounts,
    entries: &[PaperEntry],
) -> Result<PaperBatch, BatchError>
where
    F: Fn(ProposalId) -> Option<ProposalFacts>,
{
    if meeting.batch_entered {
        return Err(BatchError::AlreadyEntered);
    }
    if entries.is_empty() {
        return Err(BatchError::Empty);
    }
    if entries.len() > MAX_BATCH {
        return Err(BatchError::TooLarge);
    }
    let given = entries.len() as u64;
    if given > meeting.checked_off {
        return Err(BatchError::MoreThanCheckedOff {
            given,
            checked_off: meeting.checked_off,
        });
    }
    let mut ballots = Vec::with_capacity(entries.len());
    let mut spoilt = 0;
    let mut refused = Vec::new();
    for (position, entry) in entries.iter().enumerate() {
        match entry {
            PaperEntry::Spoilt => spoilt += 1,
            PaperEntry::Filled(input) => {
                match round.rules.check(input, &round.facts, round.pool, round.own_storkreds) {
                    Ok(content) => ballots.push(content),
                    Err(e) => refused.push((position, e)),
                }
            }
        }
    }
    if !refused.is_empty() {
        return Err(BatchError::Ballots(refused));
    }
    Ok(PaperBatch { ballots, spoilt })
}

/// What is wrong with a line of paper ballots typed as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperLineProblem {
    /// A part is not a bid number (or, in a points round, `bid:points`).
    #[error("'{0}' is not a bid number")]
    NotABid(String),
    /// Points written in a round without points.
    #[error("'{0}': this round takes bid numbers without points")]
    PointsNotTaken(String),
    /// A bid without points in a points round.
    #[error("'{0}': write the points after the bid number, as in 7:3")]
    PointsMissing(String),
}

/// The words that mark a spoilt ballot in typed text (Danish, then English).
pub const SPOILT_WORDS: [&str; 2] = ["ugyldig", "spoilt"];

/// The word that marks a blank ballot in typed text.
pub const BLANK_WORD: &str = "blank";

/// Reads paper ballots typed one per line, as a meeting's secretary types
/// them from the pile: the bid numbers a ballot marks, separated by commas
/// or spaces (`7, 9`); in a points round `bid:points` (`7:3, 9:2`); `blank`
/// for a blank ballot; `ugyldig` (or `spoilt`) for a spoilt one. Empty lines
/// are skipped. Every bad line is reported (line numbers from 1).
pub fn parse_paper_ballots(text: &str, points: bool) -> Result<Vec<PaperEntry>, Vec<(usize, PaperLineProblem)>> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match parse_paper_line(line, points) {
            Ok(entry) => entries.push(entry),
            Err(problem) => problems.push((index + 1, problem)),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn parse_paper_line(line: &str, points: bool) -> Result<PaperEntry, PaperLineProblem> {
    let word = line.to_lowercase();
    if SPOILT_WORDS.contains(&word.as_str()) {
        return Ok(PaperEntry::Spoilt);
    }
    if word == BLANK_WORD {
        return Ok(PaperEntry::Filled(if points {
            BallotInput::Points(Vec::new())
        } else {
            BallotInput::Approvals(Vec::new())
        }));
    }
    let parts = line
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty());
    let bid = |text: &str| {
        text.parse::<i64>()
            .map(ProposalId)
            .map_err(|_| PaperLineProblem::NotABid(text.to_owned()))
    };
    if points {
        let mut given = Vec::new();
        for part in parts {
            let Some((id, n)) = part.split_once(':') else {
                bid(part)?;
                return Err(PaperLineProblem::PointsMissing(part.to_owned()));
            };
            let n = n
                .parse::<u32>()
                .map_err(|_| PaperLineProblem::NotABid(part.to_owned()))?;
            given.push((bid(id)?, n));
        }
        Ok(PaperEntry::Filled(BallotInput::Points(given)))
    } else {
        let mut ids = Vec::new();
        for part in parts {
            if part.contains(':') {
                return Err(PaperLineProblem::PointsNotTaken(part.to_owned()));
            }
            ids.push(bid(part)?);
        }
        Ok(PaperEntry::Filled(BallotInput::Approvals(ids)))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Role;
    use crate::proposal::ProposalStatus;

    fn facts(id: ProposalId) -> Option<ProposalFacts> {
        let storkreds = match id.0 {
            1 | 2 => Storkreds::Fyn,
            3 => Storkreds::Bornholm,
            _ => return None,
        };
        Some(ProposalFacts {
            status: ProposalStatus::Accepted,
            amount: Money::parse("100.00").unwrap_or_default(),
            storkreds,
        })
    }

    fn round(rules: BallotRules) -> BatchRound<fn(ProposalId) -> Option<ProposalFacts>> {
        BatchRound {
            rules,
            facts,
            pool: Money::parse("1000.00").unwrap_or_default(),
            own_storkreds: None,
        }
    }

    fn approvals(ids: &[i64]) -> PaperEntry {
        PaperEntry::Filled(BallotInput::Approvals(ids.iter().map(|&i| ProposalId(i)).collect()))
    }

    fn open(checked_off: u64) -> MeetingCounts {
        MeetingCounts {
            checked_off,
            batch_entered: false,
        }
    }

    #[test]
    fn hb_and_the_storkreds_board_record_a_meeting_and_nobody_else() {
        let hb = Actor::new("hb", Role::Hb, None);
        let fyn = Actor::new("b", Role::Board, Some(Storkreds::Fyn));
        let member = Actor::new("m", Role::Member, Some(Storkreds::Fyn));
        assert!(may_record_meeting(&hb, Storkreds::Fyn).is_ok());
        assert!(may_record_meeting(&fyn, Storkreds::Fyn).is_ok());
        assert!(matches!(
            may_record_meeting(&fyn, Storkreds::Bornholm),
            Err(AccessError::OtherStorkreds { .. })
        ));
        assert!(matches!(
            may_record_meeting(&member, Storkreds::Fyn),
            Err(AccessError::WrongRole { .. })
        ));
    }

    #[test]
    fn only_members_of_the_meetings_storkreds_on_the_roll_are_checked_off() {
        assert_eq!(
            eligible_at_meeting(Standing::NoRoll, Storkreds::Fyn),
            Ok(Storkreds::Fyn)
        );
        assert_eq!(
            eligible_at_meeting(Standing::On(Storkreds::Fyn), Storkreds::Fyn),
            Ok(Storkreds::Fyn)
        );
        assert_eq!(
            eligible_at_meeting(Standing::NotOn, Storkreds::Fyn),
            Err(CheckOffRefusal::NotOnRoll)
        );
        assert_eq!(
            eligible_at_meeting(Standing::On(Storkreds::Bornholm), Storkreds::Fyn),
            Err(CheckOffRefusal::OtherStorkreds {
                member: Storkreds::Bornholm,
                meeting: Storkreds::Fyn
            })
        );
    }

    #[test]
    fn a_member_votes_once_online_or_on_paper() {
        assert_eq!(PriorVote::None.check_off(), Ok(()));
        assert_eq!(PriorVote::Online.check_off(), Err(CheckOffRefusal::VotedOnline));
        assert_eq!(
            PriorVote::CheckedOff.check_off(),
            Err(CheckOffRefusal::AlreadyCheckedOff)
        );
        assert_eq!(PriorVote::None.vote_online(), Ok(()));
        assert_eq!(PriorVote::Online.vote_online(), Ok(()));
        assert_eq!(PriorVote::CheckedOff.vote_online(), Err(VotedAtMeeting));
    }

    #[test]
    fn a_check_off_list_reports_every_bad_line_and_skips_blank_ones() {
        assert_eq!(
            parse_member_ids(["m-1", "  m-2 ", "", "m-3"]),
            Ok(vec!["m-1".to_owned(), "m-2".to_owned(), "m-3".to_owned()])
        );
        let long = "x".repeat(MAX_MEMBER_ID_LEN + 1);
        assert_eq!(
            parse_member_ids(["m-1", long.as_str(), "m-1"]),
            Err(CheckOffListError::Lines(vec![
                (2, MemberIdProblem::BadMemberId),
                (
                    3,
                    MemberIdProblem::ListedTwice {
                        member: "m-1".into(),
                        first: 1
                    }
                ),
            ]))
        );
        assert_eq!(parse_member_ids(["", " "]), Err(CheckOffListError::Empty));
    }

    #[test]
    fn a_batch_holds_at_most_as_many_ballots_as_members_checked_off() {
        let rules = round(BallotRules::default());
        let three = [approvals(&[1]), PaperEntry::Spoilt, approvals(&[])];
        assert_eq!(
            check_batch(&rules, open(2), &three),
            Err(BatchError::MoreThanCheckedOff {
                given: 3,
                checked_off: 2
            })
        );
        let batch = check_batch(&rules, open(3), &three).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((batch.ballots().len(), batch.spoilt(), batch.handed_in()), (2, 1, 3));
        assert_eq!(check_batch(&rules, open(3), &[]), Err(BatchError::Empty));
        let entered = MeetingCounts {
            checked_off: 3,
            batch_entered: true,
        };
        assert_eq!(check_batch(&rules, entered, &three), Err(BatchError::AlreadyEntered));
        assert_eq!(entered.check_off_open(), Err(CheckOffClosed));
        assert_eq!(open(3).check_off_open(), Ok(()));
    }

    #[test]
    fn every_paper_ballot_is_checked_by_the_rounds_rules_and_none_is_guessed() {
        let rules = round(BallotRules::Approval {
            min_approvals: 0,
            max_approvals: Some(1),
        });
        let entries = [approvals(&[1]), approvals(&[1, 2]), approvals(&[9]), PaperEntry::Spoilt];
        let Err(BatchError::Ballots(refused)) = check_batch(&rules, open(10), &entries) else {
            panic!("a ballot breaking the rules was taken")
        };
        assert_eq!(
            refused,
            vec![
                (1, BallotError::TooMany { max: 1, given: 2 }),
                (2, BallotError::Unknown(ProposalId(9)))
            ]
        );
        let own = BatchRound {
            own_storkreds: Some(Storkreds::Fyn),
            ..round(BallotRules::default())
        };
        assert!(matches!(
            check_batch(&own, open(1), &[approvals(&[3])]),
            Err(BatchError::Ballots(_))
        ));
    }

    #[test]
    fn typed_paper_ballots_read_as_bids_points_blank_or_spoilt() {
        assert_eq!(
            parse_paper_ballots("7, 9\n\n12 3\nblank\nUgyldig\nspoilt\n", false),
            Ok(vec![
                approvals(&[7, 9]),
                approvals(&[12, 3]),
                approvals(&[]),
                PaperEntry::Spoilt,
                PaperEntry::Spoilt
            ])
        );
        assert_eq!(
            parse_paper_ballots("7:3, 9:2\nblank", true),
            Ok(vec![
                PaperEntry::Filled(BallotInput::Points(vec![(ProposalId(7), 3), (ProposalId(9), 2)])),
                PaperEntry::Filled(BallotInput::Points(vec![])),
            ])
        );
        assert_eq!(
            parse_paper_ballots("7\nx\n7:2", false),
            Err(vec![
                (2, PaperLineProblem::NotABid("x".into())),
                (3, PaperLineProblem::PointsNotTaken("7:2".into()))
            ])
        );
        assert_eq!(
            parse_paper_ballots("7", true),
            Err(vec![(1, PaperLineProblem::PointsMissing("7".into()))])
        );
    }

    proptest! {
        /// Whatever the batch, it is taken only if it fits the check-offs,
        /// and then every ballot handed in is either counted or spoilt.
        #[test]
        fn a_taken_batch_never_exceeds_the_check_offs(
            marks in proptest::collection::vec(proptest::option::of(proptest::collection::vec(1i64..=4, 0..3)), 0..12),
            checked_off in 0u64..12,
        ) {
            let entries: Vec<PaperEntry> = marks
                .iter()
                .map(|m| m.as_ref().map_or(PaperEntry::Spoilt, |ids| approvals(ids)))
                .collect();
            match check_batch(&round(BallotRules::default()), open(checked_off), &entries) {
                Ok(batch) => {
                    prop_assert!(batch.handed_in() <= checked_off);
                    prop_assert_eq!(batch.handed_in(), entries.len() as u64);
                    let spoilt = entries.iter().filter(|e| **e == PaperEntry::Spoilt).count() as u64;
                    prop_assert_eq!(batch.spoilt(), spoilt);
                }
                Err(BatchError::MoreThanCheckedOff { given, .. }) => prop_assert!(given > checked_off),
                Err(BatchError::Empty) => prop_assert!(entries.is_empty()),
                Err(BatchError::Ballots(refused)) => prop_assert!(!refused.is_empty()),
                Err(other) => prop_assert!(false, "unexpected {other}"),
            }
        }
    }
}
