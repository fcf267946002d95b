//! How domain values read on a page: phases, statuses, ballot kinds, rules
//! and splits in plain words from the catalogue.

use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::rules::Rule;
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{Milestone, Moment, Phase, PhaseError, ProposalStatus, Storkreds, Timeline, TimelineError};

use super::i18n::Tr;
use crate::clock::date_time;
use crate::services::rounds::Blocker;
use crate::services::timeline::TimelineHistory;
use crate::store::proposals::Proposal;
use crate::store::rounds::Round;

/// A round as the pages show it.
#[derive(Clone, Debug)]
pub struct RoundView {
    /// Identifier.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The phase's slug (for CSS) and its name.
    pub phase: Phase,
    /// The phase, in words.
    pub phase_name: String,
    /// What happens in this phase and what comes next.
    pub phase_text: String,
    /// The pool, formatted.
    pub pool: String,
    /// What a ballot holds, in words.
    pub ballot: String,
    /// The rule, in words.
    pub rule: String,
    /// The split, in words.
    pub split: String,
    /// Last change, formatted.
    pub updated: String,
}

impl RoundView {
    /// The view of `round` in `t`'s language.
    pub fn new(t: &Tr, round: &Round) -> RoundView {
        RoundView {
            id: round.id,
            name: round.name.clone(),
            phase: round.phase,
            phase_name: phase_name(t, round.phase),
            phase_text: t.get(&format!("phase-{}-text", round.phase.as_str())),
            pool: t.money(&round.pool),
            ballot: ballot_text(t, &round.ballot, round),
            rule: rule_text(t, &round.rule),
            split: split_text(t, &round.split),
            updated: t.datetime(&round.updated_at),
        }
    }

    /// The phase's slug, for CSS classes.
    pub fn phase_slug(&self) -> &'static str {
        self.phase.as_str()
    }

    /// Whether members can vote now.
    pub fn is_voting(&self) -> bool {
        self.phase == Phase::Voting
    }

    /// Whether boards can bid now.
    pub fn is_submission(&self) -> bool {
        self.phase == Phase::Submission
    }

    /// Whether the result is public.
    pub fn is_published(&self) -> bool {
        self.phase == Phase::Published
    }
}

/// A phase's name.
pub fn phase_name(t: &Tr, phase: Phase) -> String {
    t.get(&format!("phase-{}", phase.as_str()))
}

/// A bid status's name.
pub fn status_name(t: &Tr, status: ProposalStatus) -> String {
    t.get(&format!("status-{status}"))
}

fn ballot_text(t: &Tr, ballot: &BallotRules, round: &Round) -> String {
    match ballot {
        BallotRules::Approval {
            min_approvals,
            max_approvals: Some(max),
        } => t.args(
            "ballot-approval-max",
            &[
                ("min", u64::from(*min_approvals).into()),
                ("max", u64::from(*max).into()),
            ],
        ),
        BallotRules::Approval { min_approvals, .. } => t.count("ballot-approval-any", "min", u64::from(*min_approvals)),
        BallotRules::Knapsack { limit } => t.with("ballot-knapsack", "limit", t.money(&limit.unwrap_or(round.pool))),
        BallotRules::Cumulative {
            points,
            max_per_proposal,
        } => match max_per_proposal {
            Some(cap) => t.args(
                "ballot-cumulative-cap",
                &[("points", u64::from(*points).into()), ("cap", u64::from(*cap).into())],
            ),
            None => t.count("ballot-cumulative", "points", u64::from(*points)),
        },
    }
}

/// The rule's name and what it does.
pub fn rule_text(t: &Tr, rule: &RoundRule) -> String {
    let key = match rule.rule {
        Rule::Greedy => "rule-greedy",
        Rule::Mes => "rule-mes",
        Rule::Phragmen => "rule-phragmen",
    };
    format!("{}: {}", t.get(key), t.get(&format!("{key}-text")))
}

/// The split's name and what it does.
pub fn split_text(t: &Tr, split: &Split) -> String {
    match split {
        Split::National => t.get("split-national-text"),
        Split::Equal { pool_leftovers } => leftovers(t, t.get("split-equal-text"), *pool_leftovers),
        Split::ByMembers { pool_leftovers } => leftovers(t, t.get("split-by-members-text"), *pool_leftovers),
        Split::Fixed { pool_leftovers, .. } => leftovers(t, t.get("split-fixed-text"), *pool_leftovers),
        Split::Floor { per_storkreds } => t.with("split-floor-text", "amount", t.money(per_storkreds)),
    }
}

fn leftovers(t: &Tr, text: String, pooled: bool) -> String {
    if pooled {
        format!("{text} {}", t.get("split-leftovers-pooled"))
    } else {
        text
    }
}

/// A bid as the pages show it.
#[derive(Clone, Debug)]
pub struct BidView {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Storkreds name.
    pub storkreds: String,
    /// Amount, formatted.
    pub amount: String,
    /// Amount in øre (for the budget bar).
    pub ore: i64,
    /// Status.
    pub status: ProposalStatus,
    /// Status in words.
    pub status_name: String,
    /// HB's reason.
    pub reason: String,
}

impl BidView {
    /// The view of `proposal`.
    pub fn new(t: &Tr, proposal: &Proposal) -> BidView {
        BidView {
            id: proposal.id.0,
            title: proposal.title.clone(),
            description: proposal.description.clone(),
            storkreds: proposal.storkreds.name().to_owned(),
            amount: t.money(&proposal.amount),
            ore: proposal.amount.ore(),
            status: proposal.status,
            status_name: status_name(t, proposal.status),
            reason: proposal.review_reason.clone().unwrap_or_default(),
        }
    }

    /// The status's slug, for CSS classes.
    pub fn status_slug(&self) -> String {
        self.status.to_string()
    }

    /// Whether HB has not decided yet.
    pub fn is_submitted(&self) -> bool {
        self.status == ProposalStatus::Submitted
    }
}

/// A choice in a `<select>`.
#[derive(Clone, Debug)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// The storkredse as choices, `selected` chosen.
pub fn storkreds_choices(selected: Option<Storkreds>) -> Vec<Choice> {
    Storkreds::ALL
        .iter()
        .map(|s| Choice {
            value: s.slug().to_owned(),
            label: s.name().to_owned(),
            selected: Some(*s) == selected,
        })
        .collect()
}

/// Why a round cannot move to its next phase, in words.
pub fn blocker_text(t: &Tr, blocker: &Blocker) -> String {
    match blocker {
        Blocker::Phase(PhaseError::UnreviewedProposals(n)) => t.count("blocked-unreviewed", "count", *n as u64),
        Blocker::Phase(PhaseError::NothingToVoteOn) => t.get("blocked-nothing-accepted"),
        Blocker::Phase(PhaseError::NotTallied) => t.get("blocked-not-tallied"),
        Blocker::Phase(other) => other.to_string(),
        Blocker::Split(_) => t.get("blocked-roll-missing"),
        Blocker::Timeline(e) => refusal(t, e),
    }
}

/// What the timeline refuses, in words.
pub fn refusal(t: &Tr, error: &TimelineError) -> String {
    let when = |at: &Moment| t.datetime(&date_time(*at));
    match error {
        TimelineError::OutOfOrder {
            earlier,
            earlier_at,
            later,
            later_at,
        } => t.args(
            "timeline-error-order",
            &[
                ("later", milestone_name(t, *later).into()),
                ("later_at", when(later_at).into()),
                ("earlier", milestone_name(t, *earlier).into()),
                ("earlier_at", when(earlier_at).into()),
            ],
        ),
        TimelineError::InThePast { now, .. } => t.with("timeline-error-past", "now", when(now)),
        TimelineError::Unchanged { at, .. } => t.with("timeline-error-unchanged", "at", when(at)),
        TimelineError::PhaseStarted { milestone, phase } => t.args(
            "timeline-error-started",
            &[
                ("milestone", milestone_name(t, *milestone).into()),
                ("phase", phase_name(t, *phase).into()),
            ],
        ),
        TimelineError::VotingShortened { closes, .. } => t.with("timeline-error-shortened", "closes", when(closes)),
        TimelineError::VotingClosed { closed } => t.with("timeline-error-closed", "closed", when(closed)),
        TimelineError::AheadOfTimeline { phase, planned } => t.args(
            "timeline-error-ahead",
            &[
                ("phase", phase_name(t, *phase).into()),
                ("planned", when(planned).into()),
            ],
        ),
    }
}

/// A milestone's name: "Afstemningen lukker".
pub fn milestone_name(t: &Tr, milestone: Milestone) -> String {
    t.get(&format!("milestone-{milestone}"))
}

/// One date of a timeline as the pages show it.
#[derive(Clone, Debug)]
pub struct MilestoneRow {
    /// The milestone's API name (for form values).
    pub slug: &'static str,
    /// What starts then.
    pub name: String,
    /// When, in Copenhagen time.
    pub when: String,
    /// Whether that moment has passed.
    pub passed: bool,
}

/// A round's timeline, the dates HB moved and what the schedule waits for, as the pages show them.
#[derive(Clone, Debug, Default)]
pub struct TimelineView {
    /// Whether the round has a timeline.
    pub planned: bool,
    /// Each date, in order.
    pub rows: Vec<MilestoneRow>,
    /// Each move, as a sentence with the reason, oldest first.
    pub changes: Vec<String>,
    /// What the schedule is waiting for, if the timeline has reached a phase the round is not in.
    pub waiting: String,
}

impl TimelineView {
    /// The view of `round`'s timeline with its `history` at `now`.
    pub fn new(t: &Tr, round: &Round, history: &TimelineHistory, now: Moment) -> TimelineView {
        let Some(timeline) = &round.timeline else {
            return TimelineView::default();
        };
        let when = |moment: Moment| t.datetime(&date_time(moment));
        let changes = history
            .changes
            .iter()
            .map(|change| {
                t.args(
                    "timeline-change",
                    &[
                        ("milestone", milestone_name(t, change.milestone).into()),
                        ("from", when(change.from).into()),
                        ("to", when(change.to).into()),
                        ("reason", change.reason.clone().into()),
                        ("changed", when(change.changed_at).into()),
                    ],
                )
            })
            .collect();
        let waiting = history.schedule.as_ref().map_or_else(String::new, |status| {
            let reason = status
                .blocked
                .as_ref()
                .map_or_else(|| t.get("timeline-waiting-moment"), |blocker| blocker_text(t, blocker));
            t.args(
                "timeline-waiting",
                &[
                    ("phase", phase_name(t, status.due).into()),
                    ("since", when(status.since).into()),
                    ("reason", reason.into()),
                ],
            )
        });
        TimelineView {
            planned: true,
            rows: milestone_rows(t, timeline, now),
            changes,
            waiting,
        }
    }
}

/// Each date of `timeline`, in order, and whether it has passed at `now`.
pub fn milestone_rows(t: &Tr, timeline: &Timeline, now: Moment) -> Vec<MilestoneRow> {
    timeline
        .milestones()
        .into_iter()
        .map(|(milestone, at)| MilestoneRow {
            slug: milestone.as_str(),
            name: milestone_name(t, milestone),
            when: t.datetime(&date_time(at)),
            passed: at <= now,
        })
        .collect()
}
