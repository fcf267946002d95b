//! Follow-up on the money: once a round is published, each funded bid's
//! storkreds board reports what happens to its grant — a status, each
//! expense and money given back — and HB corrects with a reason and may
//! approve spending beyond the grant.
//!
//! A bid's follow-up is a ledger of entries that are never changed: a
//! correction is a new entry that replaces (or removes) an earlier one and
//! says why, so the history stays readable. The money adds up exactly:
//! `remaining = granted − spent − given back`, and spending and money given
//! back together never pass the grant, except by an extra amount HB has
//! approved for spending.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use crate::access::{AccessError, Actor};
use crate::kroner;
use crate::money::Money;
use crate::proposal::ProposalId;
use crate::round::Phase;
use crate::storkreds::Storkreds;
use crate::text::EntryDescription;

/// Where a funded project stands, as its board reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Nothing has happened yet (the status until the board reports one).
    #[default]
    NotStarted,
    /// The work is under way.
    UnderWay,
    /// The work is done.
    Done,
    /// The project will not happen.
    Cancelled,
}

impl ProjectStatus {
    /// Every status, in the order a project goes through them.
    pub const ALL: [ProjectStatus; 4] = [
        ProjectStatus::NotStarted,
        ProjectStatus::UnderWay,
        ProjectStatus::Done,
        ProjectStatus::Cancelled,
    ];

    /// The name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "not_started",
            ProjectStatus::UnderWay => "under_way",
            ProjectStatus::Done => "done",
            ProjectStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for ProjectStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no project status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a status; use not_started, under_way, done or cancelled")]
pub struct UnknownProjectStatus(pub String);

impl FromStr for ProjectStatus {
    type Err = UnknownProjectStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ProjectStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownProjectStatus(text.to_owned()))
    }
}

/// What an entry of the ledger moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Money spent on the project.
    Expense,
    /// Money given back to the organisation.
    Refund,
}

impl EntryKind {
    /// The name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Expense => "expense",
            EntryKind::Refund => "refund",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [EntryKind::Expense, EntryKind::Refund]
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| format!("\"{text}\" is not an entry kind; use expense or refund"))
    }
}

/// An entry's identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub i64);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The earliest date an entry may carry.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// An expense or money given back, checked: an amount above zero, a date
/// that is not in the future, and what it was for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryContent {
    kind: EntryKind,
    date: NaiveDate,
    amount: Money,
    description: EntryDescription,
}

impl EntryContent {
    /// Checks an entry as reported on `today` (the reporter's date): the
    /// amount is above zero and the date between 1 January 2000 and today.
    pub fn new(
        kind: EntryKind,
        date: NaiveDate,
        amount: Money,
        description: EntryDescription,
        today: NaiveDate,
    ) -> Result<EntryContent, FollowUpError> {
        if amount.is_zero() {
            return Err(FollowUpError::ZeroAmount);
        }
        if date > today {
            return Err(FollowUpError::DateInFuture { date, today });
        }
        if date < EARLIEST_DATE {
            return Err(FollowUpError::DateTooEarly(date));
        }
        Ok(EntryContent {
            kind,
            date,
            amount,
            description,
        })
    }

    /// An entry read back from storage, checked when it was made.
    pub fn stored(kind: EntryKind, date: NaiveDate, amount: Money, description: EntryDescription) -> EntryContent {
        EntryContent {
            kind,
            date,
            amount,
            description,
        }
    }

    /// Expense or money given back.
    pub fn kind(&self) -> EntryKind {
        self.kind
    }

    /// When the money was spent or given back.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// How much, more than zero.
    pub fn amount(&self) -> Money {
        self.amount
    }

    /// What it paid for, or why it was given back.
    pub fn description(&self) -> &EntryDescription {
        &self.description
    }
}

/// One entry of a bid's ledger, as recorded: a new expense or money given
/// back (`corrects: None`), or HB's correction of an earlier entry, which
/// replaces it with `content` or removes it (`content: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry.
    pub id: EntryId,
    /// The entry it corrects, if it is a correction.
    pub corrects: Option<EntryId>,
    /// What it records; `None` only for a correction that removes.
    pub content: Option<EntryContent>,
}

/// An amount that may be below zero, in øre: what is left of a grant once
/// HB has approved spending beyond it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Balance(i64);

impl Balance {
    /// The amount in øre.
    pub fn ore(self) -> i64 {
        self.0
    }

    /// Whether it is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    fn magnitude(self) -> Money {
        Money::from_ore(self.0.saturating_abs()).unwrap_or(Money::ZERO)
    }

    fn sign(self) -> &'static str {
        if self.is_negative() {
            "-"
        } else {
            ""
        }
    }

    /// `-1.500,00 kr.`: the Danish way.
    pub fn danish(self) -> String {
        format!("{}{}", self.sign(), kroner::danish(self.magnitude()))
    }

    /// `-1500,00`: the Danish way, without thousands separators or currency
    /// (what a Danish spreadsheet reads as an exact number).
    pub fn danish_plain(self) -> String {
        format!("{}{}", self.sign(), danish_plain(self.magnitude()))
    }

    /// `DKK -1,500.00`.
    pub fn english(self) -> String {
        let text = kroner::english(self.magnitude());
        match self.sign() {
            "" => text,
            sign => text.replacen("DKK ", &format!("DKK {sign}"), 1),
        }
    }
}

/// `1500,00`: kroner with a decimal comma and no thousands separators.
pub fn danish_plain(money: Money) -> String {
    let ore = money.ore();
    format!("{},{:02}", ore / 100, ore % 100)
}

impl fmt::Display for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.sign(), self.magnitude())
    }
}

impl Serialize for Balance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A bid's money: what was granted, what HB approved beyond it, what was
/// spent and given back, and what remains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// The grant (the bid's allocation in the published result).
    pub granted: Money,
    /// What HB approved for spending beyond the grant.
    pub approved_extra: Money,
    /// Spent, by the entries in force.
    pub spent: Money,
    /// Given back, by the entries in force.
    pub given_back: Money,
    /// `granted − spent − given back`; below zero only by spending HB approved.
    pub remaining: Balance,
}

impl Totals {
    fn of(granted: Money, approved_extra: Money, spent: i64, given_back: i64) -> Result<Totals, FollowUpError> {
        let totals = Totals {
            granted,
            approved_extra,
            spent: Money::from_ore(spent).map_err(|_| FollowUpError::OutOfRange)?,
            given_back: Money::from_ore(given_back).map_err(|_| FollowUpError::OutOfRange)?,
            remaining: Balance(granted.ore() - spent - given_back),
        };
        let used = spent + given_back;
        let overspent = used > granted.ore() + approved_extra.ore();
        // Money given back comes out of the grant: with any given back,
        // nothing may have been spent beyond it.
        let gave_back_overspent = given_back > 0 && used > granted.ore();
        if overspent || gave_back_overspent {
            Err(FollowUpError::ExceedsGrant {
                granted,
                approved_extra,
                spent: totals.spent,
                given_back: totals.given_back,
            })
        } else {
            Ok(totals)
        }
    }

    /// The sum of several bids' totals (a storkreds', or the round's).
    pub fn sum<'a>(totals: impl IntoIterator<Item = &'a Totals>) -> Result<Totals, FollowUpError> {
        let mut sum = [0i64; 4];
        let mut remaining = 0i64;
        for t in totals {
            for (s, m) in sum.iter_mut().zip([t.granted, t.approved_extra, t.spent, t.given_back]) {
                *s = s.checked_add(m.ore()).ok_or(FollowUpError::OutOfRange)?;
            }
            remaining = remaining.checked_add(t.remaining.0).ok_or(FollowUpError::OutOfRange)?;
        }
        let money = |ore| Money::from_ore(ore).map_err(|_| FollowUpError::OutOfRange);
        Ok(Totals {
            granted: money(sum[0])?,
            approved_extra: money(sum[1])?,
            spent: money(sum[2])?,
            given_back: money(sum[3])?,
            remaining: Balance(remaining),
        })
    }
}

/// Why a report, a correction or an approval is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    /// The person may not do this (role, or another storkreds' bid).
    #[error(transparent)]
    Access(#[from] AccessError),
    /// The bid got no money in the published result.
    #[error("proposal {0} was not funded, so it has no money to follow up")]
    NotFunded(ProposalId),
    /// An amount of zero.
    #[error("the amount must be more than 0.00 kr")]
    ZeroAmount,
    /// A date after today.
    #[error("the date {date} is after today ({today})")]
    DateInFuture {
        /// The date given.
        date: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// A date before 1 January 2000.
    #[error("the date {0} is before 2000-01-01")]
    DateTooEarly(NaiveDate),
    /// Spending and money given back would pass the grant (and what HB approved beyond it).
    #[error(
        "this would make spent ({spent} kr) and given back ({given_back} kr) more than the grant of {granted} kr \
         with {approved_extra} kr approved by HB for spending beyond it; money can be given back only from what \
         is left of the grant, and spending beyond it needs HB's approval first"
    )]
    ExceedsGrant {
        /// The grant.
        granted: Money,
        /// What HB approved beyond it.
        approved_extra: Money,
        /// Spent after the change.
        spent: Money,
        /// Given back after the change.
        given_back: Money,
    },
    /// A correction names an entry the bid does not have.
    #[error("proposal {proposal} has no entry {entry}")]
    UnknownEntry {
        /// The bid.
        proposal: ProposalId,
        /// The entry named.
        entry: EntryId,
    },
    /// A correction names an entry that was already corrected.
    #[error("entry {entry} was already corrected by entry {by}; correct that one instead")]
    AlreadyCorrected {
        /// The entry named.
        entry: EntryId,
        /// The correction in force.
        by: EntryId,
    },
    /// A correction that would turn an expense into money given back or back.
    #[error("entry {entry} is a {kind}; its correction must be one too, not a {replacement}")]
    CorrectionChangesKind {
        /// The entry named.
        entry: EntryId,
        /// What it records.
        kind: EntryKind,
        /// What the correction would record.
        replacement: EntryKind,
    },
    /// An approval smaller than what is already spent beyond the grant.
    #[error(
        "{spent} kr has been spent of a grant of {granted} kr, so HB cannot approve less than {needed} kr beyond it"
    )]
    ApprovalBelowSpending {
        /// The grant.
        granted: Money,
        /// Spent so far.
        spent: Money,
        /// The least approval that covers it.
        needed: Money,
    },
    /// HB set a bid's status without saying why.
    #[error("HB gives a reason when it sets a bid's status")]
    ReasonRequired,
    /// A sum left the range of amounts the service handles.
    #[error("the amounts add up to more than the service handles")]
    OutOfRange,
}

/// Whether `actor` may report on a bid of `storkreds`: only that storkreds'
/// board, only once the round is published, and only for a funded bid.
pub fn may_report(
    actor: &Actor,
    round_id: i64,
    phase: Phase,
    proposal: ProposalId,
    storkreds: Storkreds,
    funded: bool,
) -> Result<(), FollowUpError> {
    actor.require_board_of(storkreds)?;
    check_followed_up(round_id, phase, proposal, funded)
}

/// Whether `actor` may correct a bid's follow-up or approve an overrun: HB,
/// once the round is published, for a funded bid.
pub fn may_correct(
    actor: &Actor,
    round_id: i64,
    phase: Phase,
    proposal: ProposalId,
    funded: bool,
) -> Result<(), FollowUpError> {
    actor.require_hb()?;
    check_followed_up(round_id, phase, proposal, funded)
}

/// Whether `actor` may set a bid's status: its storkreds' board (a note is
/// optional), or HB, which corrects and so always gives a reason.
pub fn may_set_status(
    actor: &Actor,
    round_id: i64,
    phase: Phase,
    (proposal, storkreds): (ProposalId, Storkreds),
    funded: bool,
    has_reason: bool,
) -> Result<(), FollowUpError> {
    if actor.is_hb() {
        may_correct(actor, round_id, phase, proposal, funded)?;
        if !has_reason {
            return Err(FollowUpError::ReasonRequired);
        }
        Ok(())
    } else {
        may_report(actor, round_id, phase, proposal, storkreds, funded)
    }
}

/// A round's follow-up can be read, and its bids reported on, once it is published.
pub fn check_published(round_id: i64, phase: Phase) -> Result<(), FollowUpError> {
    if phase == Phase::Published {
        Ok(())
    } else {
        Err(AccessError::NotPublished {
            what: "the follow-up",
            round_id,
            phase,
        }
        .into())
    }
}

fn check_followed_up(round_id: i64, phase: Phase, proposal: ProposalId, funded: bool) -> Result<(), FollowUpError> {
    check_published(round_id, phase)?;
    if funded {
        Ok(())
    } else {
        Err(FollowUpError::NotFunded(proposal))
    }
}

/// A funded bid's ledger: its grant, HB's approved extra and every entry
/// ever recorded, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    proposal: ProposalId,
    granted: Money,
    approved_extra: Money,
    entries: Vec<Entry>,
}

impl Ledger {
    /// The ledger of `proposal`, granted `granted`, with HB's latest
    /// approved extra (zero if none) and its entries in the order recorded.
    pub fn new(proposal: ProposalId, granted: Money, approved_extra: Money, entries: Vec<Entry>) -> Ledger {
        Ledger {
            proposal,
            granted,
            approved_extra,
            entries,
        }
    }

    /// The entries, as recorded.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The correction in force for `entry`, if it was corrected.
    pub fn corrected_by(&self, entry: EntryId) -> Option<EntryId> {
        self.entries.iter().find(|e| e.corrects == Some(entry)).map(|e| e.id)
    }

    /// The entries that count: not corrected since, and not a removal.
    pub fn in_force(&self) -> impl Iterator<Item = (EntryId, &EntryContent)> {
        self.entries
            .iter()
            .filter(|e| self.corrected_by(e.id).is_none())
            .filter_map(|e| e.content.as_ref().map(|c| (e.id, c)))
    }

    /// What is spent and given back, in øre, by the entries in force with
    /// `change` made: `(target, Some(content))` replaces `target` (or adds
    /// `content` when no entry is `target`), `(target, None)` removes it.
    fn sums(&self, change: Option<(EntryId, Option<&EntryContent>)>) -> Result<(i64, i64), FollowUpError> {
        let (mut spent, mut given_back) = (0i64, 0i64);
        let replaced = change.map(|(target, _)| target);
        let added = change.and_then(|(_, content)| content);
        let counted = self
            .in_force()
            .filter(|(id, _)| Some(*id) != replaced)
            .map(|(_, content)| content)
            .chain(added);
        for content in counted {
            let sum = match content.kind {
                EntryKind::Expense => &mut spent,
                EntryKind::Refund => &mut given_back,
            };
            *sum = sum.checked_add(content.amount.ore()).ok_or(FollowUpError::OutOfRange)?;
        }
        Ok((spent, given_back))
    }

    fn totals_with(
        &self,
        approved_extra: Money,
        change: Option<(EntryId, Option<&EntryContent>)>,
    ) -> Result<Totals, FollowUpError> {
        let (spent, given_back) = self.sums(change)?;
        Totals::of(self.granted, approved_extra, spent, given_back)
    }

    /// The bid's money as its entries in force say.
    pub fn totals(&self) -> Result<Totals, FollowUpError> {
        self.totals_with(self.approved_extra, None)
    }

    /// The totals with a new expense or money given back, or why it is refused.
    pub fn check_new(&self, content: &EntryContent) -> Result<Totals, FollowUpError> {
        self.totals_with(self.approved_extra, Some((EntryId(i64::MIN), Some(content))))
    }

    /// The totals with `target` replaced by `replacement` (or removed), or
    /// why the correction is refused. The replacement keeps the kind of
    /// the entry it replaces.
    pub fn check_correction(
        &self,
        target: EntryId,
        replacement: Option<&EntryContent>,
    ) -> Result<Totals, FollowUpError> {
        let Some(entry) = self.entries.iter().find(|e| e.id == target) else {
            return Err(FollowUpError::UnknownEntry {
                proposal: self.proposal,
                entry: target,
            });
        };
        if let Some(by) = self.corrected_by(target) {
            return Err(FollowUpError::AlreadyCorrected { entry: target, by });
        }
        let Some(content) = &entry.content else {
            // A removal has nothing left to correct; it stands as recorded.
            return Err(FollowUpError::UnknownEntry {
                proposal: self.proposal,
                entry: target,
            });
        };
        if let Some(replacement) = replacement.filter(|r| r.kind != content.kind) {
            return Err(FollowUpError::CorrectionChangesKind {
                entry: target,
                kind: content.kind,
                replacement: replacement.kind,
            });
        }
        self.totals_with(self.approved_extra, Some((target, replacement)))
    }

    /// The kind of entry `target` records, if it is there and in force.
    pub fn kind_of(&self, target: EntryId) -> Option<EntryKind> {
        self.entries
            .iter()
            .find(|e| e.id == target)
            .and_then(|e| e.content.as_ref())
            .map(EntryContent::kind)
    }

    /// Checks that HB may set the approved extra to `extra`: it must cover
    /// what is already spent beyond the grant.
    pub fn check_approval(&self, extra: Money) -> Result<Totals, FollowUpError> {
        self.totals_with(extra, None).map_err(|error| match error {
            FollowUpError::ExceedsGrant { granted, spent, .. } => FollowUpError::ApprovalBelowSpending {
                granted,
                spent,
                needed: Money::from_ore(spent.ore() - granted.ore()).unwrap_or(Money::ZERO),
            },
            other => other,
        })
    }
}

/// Sums bids' totals per storkreds, in the official order of the storkredse.
pub fn per_storkreds<'a>(
    bids: impl IntoIterator<Item = (Storkreds, &'a Totals)>,
) -> Result<Vec<(Storkreds, Totals)>, FollowUpError> {
    let mut grouped: BTreeMap<Storkreds, Vec<&Totals>> = BTreeMap::new();
    for (storkreds, totals) in bids {
        grouped.entry(storkreds).or_default().push(totals);
    }
    grouped
        .into_iter()
        .map(|(storkreds, totals)| Totals::sum(totals).map(|t| (storkreds, t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Role;

    fn kr(text: &str) -> Money {
        Money::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_else(|| panic!("bad day {d}"))
    }

    fn content(kind: EntryKind, amount: &str) -> EntryContent {
        let description = EntryDescription::parse("Leje af bus").unwrap_or_else(|e| panic!("{e}"));
        EntryContent::new(kind, day(1), kr(amount), description, day(4)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn entry(id: i64, kind: EntryKind, amount: &str) -> Entry {
        Entry {
            id: EntryId(id),
            corrects: None,
            content: Some(content(kind, amount)),
        }
    }

    fn ledger(granted: &str, extra: &str, entries: Vec<Entry>) -> Ledger {
        Ledger::new(ProposalId(7), kr(granted), kr(extra), entries)
    }

    #[test]
    fn remaining_is_granted_less_spent_less_given_back_to_the_ore() {
        let ledger = ledger(
            "60000.00",
            "0",
            vec![
                entry(1, EntryKind::Expense, "12345.67"),
                entry(2, EntryKind::Expense, "0.01"),
                entry(3, EntryKind::Refund, "1000.00"),
            ],
        );
        let totals = ledger.totals().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(totals.spent, kr("12345.68"));
        assert_eq!(totals.given_back, kr("1000.00"));
        assert_eq!(totals.remaining.ore(), 4_665_432);
        assert_eq!(totals.remaining.danish(), "46.654,32 kr.");
        assert_eq!(totals.remaining.to_string(), "46654.32");
    }

    #[test]
    fn spending_beyond_the_grant_needs_an_approved_extra() {
        let spent = ledger("100.00", "0", vec![entry(1, EntryKind::Expense, "90.00")]);
        assert!(spent.check_new(&content(EntryKind::Expense, "10.00")).is_ok());
        assert!(matches!(
            spent.check_new(&content(EntryKind::Expense, "10.01")),
            Err(FollowUpError::ExceedsGrant { .. })
        ));
        let approved = ledger("100.00", "20.00", vec![entry(1, EntryKind::Expense, "90.00")]);
        let totals = approved
            .check_new(&content(EntryKind::Expense, "30.00"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (totals.remaining.ore(), totals.remaining.danish()),
            (-2000, "-20,00 kr.".into())
        );
        assert!(approved.check_new(&content(EntryKind::Expense, "30.01")).is_err());
    }

    #[test]
    fn money_is_given_back_only_from_what_is_left_of_the_grant() {
        let ledger = ledger("100.00", "50.00", vec![entry(1, EntryKind::Expense, "60.00")]);
        assert!(ledger.check_new(&content(EntryKind::Refund, "40.00")).is_ok());
        assert!(ledger.check_new(&content(EntryKind::Refund, "40.01")).is_err());
    }

    #[test]
    fn a_correction_replaces_or_removes_an_entry_once_and_keeps_the_history() {
        let mut entries = vec![
            entry(1, EntryKind::Expense, "80.00"),
            entry(2, EntryKind::Expense, "10.00"),
        ];
        entries.push(Entry {
            id: EntryId(3),
            corrects: Some(EntryId(1)),
            content: Some(content(EntryKind::Expense, "8.00")),
        });
        let corrected = ledger("100.00", "0", entries);
        assert_eq!(corrected.totals().map(|t| t.spent), Ok(kr("18.00")));
        assert_eq!(corrected.entries().len(), 3);
        assert_eq!(corrected.corrected_by(EntryId(1)), Some(EntryId(3)));
        assert_eq!(
            corrected.check_correction(EntryId(1), None),
            Err(FollowUpError::AlreadyCorrected {
                entry: EntryId(1),
                by: EntryId(3)
            })
        );
        assert_eq!(
            corrected.check_correction(EntryId(3), None).map(|t| t.spent),
            Ok(kr("10.00"))
        );
        assert!(matches!(
            corrected.check_correction(EntryId(2), Some(&content(EntryKind::Expense, "92.01"))),
            Err(FollowUpError::ExceedsGrant { .. })
        ));
        assert!(matches!(
            corrected.check_correction(EntryId(2), Some(&content(EntryKind::Refund, "1.00"))),
            Err(FollowUpError::CorrectionChangesKind { .. })
        ));
        assert!(matches!(
            corrected.check_correction(EntryId(9), None),
            Err(FollowUpError::UnknownEntry { .. })
        ));
    }

    #[test]
    fn an_approval_must_cover_what_is_already_spent_beyond_the_grant() {
        let ledger = ledger("100.00", "30.00", vec![entry(1, EntryKind::Expense, "125.00")]);
        assert_eq!(
            ledger.check_approval(kr("24.99")),
            Err(FollowUpError::ApprovalBelowSpending {
                granted: kr("100.00"),
                spent: kr("125.00"),
                needed: kr("25.00"),
            })
        );
        assert!(ledger.check_approval(kr("25.00")).is_ok());
    }

    #[test]
    fn entries_need_an_amount_and_a_date_that_has_been() {
        let description = || EntryDescription::parse("Plakater").unwrap_or_else(|e| panic!("{e}"));
        let new = |date, amount| EntryContent::new(EntryKind::Expense, date, amount, description(), day(4));
        assert_eq!(new(day(1), Money::ZERO), Err(FollowUpError::ZeroAmount));
        assert_eq!(
            new(day(5), kr("1")),
            Err(FollowUpError::DateInFuture {
                date: day(5),
                today: day(4)
            })
        );
        let early = NaiveDate::from_ymd_opt(1999, 12, 31).unwrap_or_else(|| panic!("bad date"));
        assert_eq!(new(early, kr("1")), Err(FollowUpError::DateTooEarly(early)));
        assert!(new(day(4), kr("0.01")).is_ok());
    }

    #[test]
    fn only_the_bids_own_board_reports_and_only_hb_corrects_once_published() {
        let fyn = Actor::new("board-fyn", Role::Board, Some(Storkreds::Fyn));
        let hb = Actor::new("hb", Role::Hb, None);
        let id = ProposalId(7);
        assert!(may_report(&fyn, 1, Phase::Published, id, Storkreds::Fyn, true).is_ok());
        assert!(matches!(
            may_report(&fyn, 1, Phase::Published, id, Storkreds::Bornholm, true),
            Err(FollowUpError::Access(AccessError::OtherStorkreds { .. }))
        ));
        assert!(matches!(
            may_report(&fyn, 1, Phase::Closed, id, Storkreds::Fyn, true),
            Err(FollowUpError::Access(AccessError::NotPublished { .. }))
        ));
        assert_eq!(
            may_report(&fyn, 1, Phase::Published, id, Storkreds::Fyn, false),
            Err(FollowUpError::NotFunded(id))
        );
        assert!(may_report(&hb, 1, Phase::Published, id, Storkreds::Fyn, true).is_err());
        assert!(may_correct(&hb, 1, Phase::Published, id, true).is_ok());
        assert!(may_correct(&fyn, 1, Phase::Published, id, true).is_err());
        let bid = (id, Storkreds::Fyn);
        assert!(may_set_status(&fyn, 1, Phase::Published, bid, true, false).is_ok());
        assert!(may_set_status(&hb, 1, Phase::Published, bid, true, true).is_ok());
        assert!(matches!(
            may_set_status(&hb, 1, Phase::Published, bid, true, false),
            Err(FollowUpError::ReasonRequired)
        ));
        assert!(may_set_status(&fyn, 1, Phase::Published, (id, Storkreds::Bornholm), true, true).is_err());
    }

    #[test]
    fn statuses_read_back_from_their_names() {
        for status in ProjectStatus::ALL {
            assert_eq!(status.as_str().parse::<ProjectStatus>(), Ok(status));
        }
        assert!("finished".parse::<ProjectStatus>().is_err());
        assert_eq!(Balance(-150_000).english(), "DKK -1,500.00");
        assert_eq!(Balance(-150_000).danish_plain(), "-1500,00");
    }

    /// One thing that happens to a ledger: an expense or money given back,
    /// a correction of the `n`th entry (replacing it or removing it), or an
    /// approval.
    #[derive(Clone, Debug)]
    enum Step {
        Add(EntryKind, i64),
        Correct(usize, Option<i64>),
        Approve(i64),
    }

    fn step() -> impl Strategy<Value = Step> {
        let kind = prop_oneof![Just(EntryKind::Expense), Just(EntryKind::Refund)];
        prop_oneof![
            4 => (kind, 1i64..500_000).prop_map(|(k, ore)| Step::Add(k, ore)),
            2 => (0usize..20, proptest::option::of(1i64..500_000)).prop_map(|(n, ore)| Step::Correct(n, ore)),
            1 => (0i64..300_000).prop_map(Step::Approve),
        ]
    }

    fn amount(kind: EntryKind, ore: i64) -> EntryContent {
        let description = EntryDescription::parse("x").unwrap_or_else(|e| panic!("{e}"));
        let money = Money::from_ore(ore).unwrap_or_else(|e| panic!("{e}"));
        EntryContent::new(kind, day(1), money, description, day(1)).unwrap_or_else(|e| panic!("{e}"))
    }

    proptest! {
        #[test]
        fn sums_are_exact_and_nothing_is_spent_beyond_what_was_granted_and_approved(
            granted in 1i64..1_000_000,
            steps in proptest::collection::vec(step(), 0..40),
        ) {
            let granted = Money::from_ore(granted).unwrap_or_else(|e| panic!("{e}"));
            let mut extra = Money::ZERO;
            let mut entries: Vec<Entry> = Vec::new();
            for step in steps {
                let ledger = Ledger::new(ProposalId(1), granted, extra, entries.clone());
                let id = EntryId(i64::try_from(entries.len()).unwrap_or_default() + 1);
                match step {
                    Step::Add(kind, ore) => {
                        let content = amount(kind, ore);
                        if ledger.check_new(&content).is_ok() {
                            entries.push(Entry { id, corrects: None, content: Some(content) });
                        }
                    }
                    Step::Correct(n, ore) => {
                        let Some(target) = entries.get(n).map(|e| e.id) else { continue };
                        let Some(kind) = ledger.kind_of(target) else { continue };
                        let content = ore.map(|ore| amount(kind, ore));
                        if ledger.check_correction(target, content.as_ref()).is_ok() {
                            entries.push(Entry { id, corrects: Some(target), content });
                        }
                    }
                    Step::Approve(ore) => {
                        let new = Money::from_ore(ore).unwrap_or_else(|e| panic!("{e}"));
                        if ledger.check_approval(new).is_ok() {
                            extra = new;
                        }
                    }
                }
                let ledger = Ledger::new(ProposalId(1), granted, extra, entries.clone());
                let totals = ledger.totals();
                prop_assert!(totals.is_ok(), "an accepted change broke the ledger: {totals:?}");
                let totals = totals.unwrap_or_default();
                let by_hand = |k: EntryKind| -> i64 {
                    ledger.in_force().filter(|(_, c)| c.kind() == k).map(|(_, c)| c.amount().ore()).sum()
                };
                prop_assert_eq!(totals.spent.ore(), by_hand(EntryKind::Expense));
                prop_assert_eq!(totals.given_back.ore(), by_hand(EntryKind::Refund));
                prop_assert_eq!(
                    totals.remaining.ore(),
                    granted.ore() - totals.spent.ore() - totals.given_back.ore()
                );
                prop_assert!(totals.remaining.ore() >= -extra.ore());
                if extra.is_zero() {
                    prop_assert!(!totals.remaining.is_negative());
                }
            }
        }

        #[test]
        fn storkreds_totals_add_up_to_the_rounds(
            bids in proptest::collection::vec((0usize..10, 0i64..100_000_000, 0i64..100, 0i64..100), 0..30),
        ) {
            let totals: Vec<(Storkreds, Totals)> = bids
                .iter()
                .filter_map(|&(s, granted, spent_pct, back_pct)| {
                    let spent = granted * spent_pct / 100;
                    let back = (granted - spent) * back_pct / 100;
                    let granted = Money::from_ore(granted).ok()?;
                    Some((Storkreds::ALL[s], Totals::of(granted, Money::ZERO, spent, back).ok()?))
                })
                .collect();
            let per = per_storkreds(totals.iter().map(|(s, t)| (*s, t)));
            prop_assert!(per.is_ok());
            let per = per.unwrap_or_default();
            let round = Totals::sum(totals.iter().map(|(_, t)| t)).unwrap_or_default();
            let again = Totals::sum(per.iter().map(|(_, t)| t)).unwrap_or_default();
            prop_assert_eq!(round, again);
            prop_assert_eq!(
                round.remaining.ore(),
                round.granted.ore() - round.spent.ore() - round.given_back.ore()
            );
            let order: Vec<usize> = per
                .iter()
                .filter_map(|(s, _)| Storkreds::ALL.iter().position(|x| x == s))
                .collect();
            prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
