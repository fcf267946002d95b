//! The events of a round's audit log: one typed value per kind of change,
//! so every writer (API, pages, demo, import) records the same facts the
//! same way. Ballots appear only as counts, never one by one.

use std::collections::BTreeMap;

use serde::Serialize;

use chrono::NaiveDate;

use crate::ballot_rules::BallotRules;
use crate::follow_up::{EntryContent, EntryId, EntryKind, ProjectStatus};
use crate::money::Money;
use crate::proposal::{ProposalId, ProposalStatus};
use crate::round::{Phase, RoundSettings};
use crate::round_rule::RoundRule;
use crate::split::Split;
use crate::storkreds::Storkreds;
use crate::timeline::{Milestone, Moment, Timeline};

/// A round's settings as the audit log records them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingsRecord {
    /// The round's name.
    pub name: String,
    /// The pool.
    pub pool: Money,
    /// What a ballot may hold.
    pub ballot: BallotRules,
    /// The allocation rule.
    pub rule: RoundRule,
    /// The split.
    pub split: Split,
}

impl From<&RoundSettings> for SettingsRecord {
    fn from(settings: &RoundSettings) -> Self {
        SettingsRecord {
            name: settings.name.to_string(),
            pool: settings.pool,
            ballot: settings.ballot,
            rule: settings.rule,
            split: settings.split.clone(),
        }
    }
}

/// Who moved a round to its next phase, when it was not HB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseChanger {
    /// The service, at the moment the round's timeline planned.
    Schedule,
}

/// A timeline as the audit log records it: each milestone with its moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineRecord {
    /// Submission opens.
    pub submission_opens: Moment,
    /// Review opens.
    pub review_opens: Moment,
    /// Voting opens.
    pub voting_opens: Moment,
    /// Voting closes.
    pub voting_closes: Moment,
    /// Publication.
    pub publication: Moment,
}

impl From<&Timeline> for TimelineRecord {
    fn from(timeline: &Timeline) -> Self {
        TimelineRecord {
            submission_opens: timeline.at(Milestone::SubmissionOpens),
            review_opens: timeline.at(Milestone::ReviewOpens),
            voting_opens: timeline.at(Milestone::VotingOpens),
            voting_closes: timeline.at(Milestone::VotingCloses),
            publication: timeline.at(Milestone::Publication),
        }
    }
}

/// One change to a round, as recorded in its audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AuditEvent {
    /// HB created the round (or it was imported from a file).
    RoundCreated {
        /// The settings it was created with.
        #[serde(flatten)]
        settings: SettingsRecord,
        /// The Pabulib file it was imported from, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        imported_from: Option<String>,
    },
    /// HB changed the settings before voting.
    SettingsChanged {
        /// The new settings.
        #[serde(flatten)]
        settings: SettingsRecord,
    },
    /// The round moved to the next phase.
    PhaseChanged {
        /// The phase it left.
        from: Phase,
        /// The phase it entered.
        to: Phase,
        /// Accepted bids at that moment.
        accepted_proposals: usize,
        /// Members who had voted, recorded when voting closes.
        #[serde(skip_serializing_if = "Option::is_none")]
        ballots: Option<u64>,
        /// Who made the change: absent when HB did, `schedule` when the
        /// service did at the time the round's timeline planned.
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<PhaseChanger>,
        /// The planned moment, when the schedule made the change.
        #[serde(skip_serializing_if = "Option::is_none")]
        planned_at: Option<Moment>,
    },
    /// HB planned the round's timeline.
    TimelineSet {
        /// Each milestone with its moment.
        #[serde(flatten)]
        timeline: TimelineRecord,
    },
    /// HB moved one date of the timeline.
    TimelineMoved {
        /// The milestone moved.
        milestone: Milestone,
        /// Its date before.
        from: Moment,
        /// Its date now.
        to: Moment,
        /// HB's reason.
        reason: String,
    },
    /// HB replaced the electorate roll.
    ElectorateImported {
        /// Members on the new roll.
        members: u64,
        /// Members per storkreds.
        storkredse: BTreeMap<Storkreds, u64>,
    },
    /// HB generated one-time voting codes (the codes themselves are never recorded).
    VotingCodesGenerated {
        /// Codes generated; each replaces the member's earlier code.
        codes: u64,
        /// Members on the roll.
        members: u64,
    },
    /// A board submitted a bid.
    ProposalSubmitted {
        /// The bid.
        proposal_id: ProposalId,
        /// Its storkreds.
        storkreds: Storkreds,
        /// Its title.
        title: String,
        /// What it asks for.
        amount: Money,
    },
    /// A board edited its bid.
    ProposalEdited {
        /// The bid.
        proposal_id: ProposalId,
        /// Its title after the edit.
        title: String,
        /// Its amount after the edit.
        amount: Money,
    },
    /// HB accepted or rejected a bid.
    ProposalReviewed {
        /// The bid.
        proposal_id: ProposalId,
        /// The new status.
        decision: ProposalStatus,
        /// HB's reason, if given.
        reason: Option<String>,
    },
    /// A board withdrew its bid.
    ProposalWithdrawn {
        /// The bid.
        proposal_id: ProposalId,
    },
    /// HB tallied the round.
    TallyRun {
        /// The rule, as in the result.
        rule: RoundRule,
        /// The split, as in the result.
        split: Split,
        /// Ballots counted.
        ballots_counted: usize,
        /// Root of the hash chain over the counted ballots.
        ballots_root: String,
        /// Hash of everything the count read.
        inputs_hash: String,
        /// Hash of the result.
        result_hash: String,
        /// What was allocated.
        allocated: Money,
    },
    /// HB or a board planned a meeting where members vote on paper.
    MeetingCreated {
        /// The meeting.
        meeting_id: i64,
        /// Its storkreds.
        storkreds: Storkreds,
        /// Its name.
        name: String,
        /// The day it is held (`YYYY-MM-DD`).
        held_on: String,
    },
    /// Members were checked off as having voted at a meeting: a count, never names.
    MembersCheckedOff {
        /// The meeting.
        meeting_id: i64,
        /// Members checked off by this change.
        checked_off: u64,
        /// Members checked off at the meeting in all.
        total: u64,
    },
    /// A meeting's paper ballots were entered as one anonymous batch: counts only.
    PaperBallotsEntered {
        /// The meeting.
        meeting_id: i64,
        /// Ballots handed in, spoilt ones included.
        ballots: u64,
        /// Of them, spoilt (counted for no bid).
        spoilt: u64,
    },
    /// A round was imported from a Pabulib file, closed, with its ballots.
    RoundImported {
        /// The phase it was left in.
        to: Phase,
        /// Bids imported.
        proposals: usize,
        /// Ballots imported.
        ballots: usize,
    },
    /// A board reported its funded bid's status, or HB corrected it.
    FollowUpStatusSet {
        /// The bid.
        proposal_id: ProposalId,
        /// The status.
        status: ProjectStatus,
        /// `board` or `hb`.
        by: &'static str,
        /// The board's note or HB's reason, if any.
        reason: Option<String>,
    },
    /// A board reported an expense or money given back.
    FollowUpEntryRecorded {
        /// The bid.
        proposal_id: ProposalId,
        /// The new entry.
        entry_id: EntryId,
        /// The entry as recorded.
        #[serde(flatten)]
        entry: EntryRecord,
    },
    /// HB corrected an entry: replaced it, or removed it (`amount` null).
    FollowUpEntryCorrected {
        /// The bid.
        proposal_id: ProposalId,
        /// The correction's own entry.
        entry_id: EntryId,
        /// The entry it corrects.
        corrects: EntryId,
        /// The replacement, or nulls for a removal.
        #[serde(flatten)]
        entry: EntryRecord,
        /// HB's reason.
        reason: String,
    },
    /// HB approved spending beyond a bid's grant (replacing any earlier approval).
    OverrunApproved {
        /// The bid.
        proposal_id: ProposalId,
        /// The extra amount the bid may spend beyond its grant.
        approved_extra: Money,
        /// HB's reason.
        reason: String,
    },
}

/// An expense or money given back as the audit log records it; for a
/// removal, only the kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryRecord {
    /// `expense` or `refund`.
    pub kind: EntryKind,
    /// When.
    pub date: Option<NaiveDate>,
    /// How much.
    pub amount: Option<Money>,
    /// What for.
    pub description: Option<String>,
}

impl EntryRecord {
    /// The record of `content`, or of the removal of an entry of `kind`.
    pub fn new(kind: EntryKind, content: Option<&EntryContent>) -> EntryRecord {
        EntryRecord {
            kind,
            date: content.map(EntryContent::date),
            amount: content.map(EntryContent::amount),
            description: content.map(|c| c.description().to_string()),
        }
    }
}

impl AuditEvent {
    /// The event's kind, as stored and shown (`phase_changed`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            AuditEvent::RoundCreated { .. } => "round_created",
            AuditEvent::SettingsChanged { .. } => "settings_changed",
            AuditEvent::PhaseChanged { .. } => "phase_changed",
            AuditEvent::TimelineSet { .. } => "timeline_set",
            AuditEvent::TimelineMoved { .. } => "timeline_moved",
            AuditEvent::ElectorateImported { .. } => "electorate_imported",
            AuditEvent::VotingCodesGenerated { .. } => "voting_codes_generated",
            AuditEvent::ProposalSubmitted { .. } => "proposal_submitted",
            AuditEvent::ProposalEdited { .. } => "proposal_edited",
            AuditEvent::ProposalReviewed { .. } => "proposal_reviewed",
            AuditEvent::ProposalWithdrawn { .. } => "proposal_withdrawn",
            AuditEvent::TallyRun { .. } => "tally_run",
            AuditEvent::RoundImported { .. } => "round_imported",
            AuditEvent::MeetingCreated { .. } => "meeting_created",
            AuditEvent::MembersCheckedOff { .. } => "members_checked_off",
            AuditEvent::PaperBallotsEntered { .. } => "paper_ballots_entered",
            AuditEvent::FollowUpStatusSet { .. } => "follow_up_status_set",
            AuditEvent::FollowUpEntryRecorded { .. } => "follow_up_entry_recorded",
            AuditEvent::FollowUpEntryCorrected { .. } => "follow_up_entry_corrected",
            AuditEvent::OverrunApproved { .. } => "overrun_approved",
        }
    }

    /// The event's details as the JSON text that is stored and hashed.
    pub fn details(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_their_kind_and_only_their_own_fields() {
        let event = AuditEvent::PhaseChanged {
            from: Phase::Voting,
            to: Phase::Closed,
            accepted_proposals: 4,
            ballots: Some(120),
            by: None,
            planned_at: None,
        };
        assert_eq!(event.kind(), "phase_changed");
        assert_eq!(
            event.details(),
            r#"{"from":"voting","to":"closed","accepted_proposals":4,"ballots":120}"#
        );
        let scheduled = AuditEvent::PhaseChanged {
            from: Phase::Voting,
            to: Phase::Closed,
            accepted_proposals: 4,
            ballots: Some(120),
            by: Some(PhaseChanger::Schedule),
            planned_at: Some(Moment::from_unix_seconds(1_796_418_000)),
        };
        assert_eq!(
            scheduled.details(),
            r#"{"from":"voting","to":"closed","accepted_proposals":4,"ballots":120,"by":"schedule","planned_at":"2026-12-04T21:00:00Z"}"#
        );
        let moved = AuditEvent::TimelineMoved {
            milestone: Milestone::VotingCloses,
            from: Moment::from_unix_seconds(1_796_418_000),
            to: Moment::from_unix_seconds(1_796_421_600),
            reason: "Strejke".into(),
        };
        assert_eq!(
            (moved.kind(), moved.details().as_str()),
            (
                "timeline_moved",
                r#"{"milestone":"voting_closes","from":"2026-12-04T21:00:00Z","to":"2026-12-04T22:00:00Z","reason":"Strejke"}"#
            )
        );
        let withdrawn = AuditEvent::ProposalWithdrawn {
            proposal_id: ProposalId(7),
        };
        assert_eq!(withdrawn.details(), r#"{"proposal_id":7}"#);
    }

    #[test]
    fn meetings_are_recorded_as_counts_only() {
        let event = AuditEvent::PaperBallotsEntered {
            meeting_id: 2,
            ballots: 41,
            spoilt: 2,
        };
        assert_eq!(event.kind(), "paper_ballots_entered");
        assert_eq!(event.details(), r#"{"meeting_id":2,"ballots":41,"spoilt":2}"#);
    }

    #[test]
    fn a_review_without_a_reason_records_null() {
        let event = AuditEvent::ProposalReviewed {
            proposal_id: ProposalId(3),
            decision: ProposalStatus::Rejected,
            reason: None,
        };
        assert_eq!(
            event.details(),
            r#"{"proposal_id":3,"decision":"rejected","reason":null}"#
        );
    }
}
