//! A round's timeline: when each phase after the draft starts, planned by HB
//! and public from the start.
//!
//! The service moves the round through its phases at these moments (the
//! schedule), and a ballot counts only if it is cast before voting closes,
//! to the second, however late the switch to `closed` happens. HB may move a
//! date, with a reason, only before its phase starts; once voting has opened
//! its dates are fixed, except that the close may be moved later.
//!
//! Time is given to these rules as a [`Moment`] (`now`); nothing here reads a
//! clock.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::round::Phase;

/// A point in time to the second, as seconds since 1970-01-01T00:00:00Z.
/// Shown (and serialised) in RFC 3339 in UTC, `2026-12-04T17:00:00Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(i64);

impl Moment {
    /// The moment `seconds` after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(seconds: i64) -> Moment {
        Moment(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }
}

/// The civil date (year, month 1–12, day 1–31) of a day counted from
/// 1970-01-01 (the proleptic Gregorian calendar, after Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.0.div_euclid(86_400));
        let second_of_day = self.0.rem_euclid(86_400);
        let (hour, minute, second) = (second_of_day / 3600, second_of_day % 3600 / 60, second_of_day % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One of the planned moments of a timeline, named by what starts then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// Boards may submit bids (`submission` starts).
    SubmissionOpens,
    /// Bids are frozen for review (`review` starts).
    ReviewOpens,
    /// Members may vote (`voting` starts).
    VotingOpens,
    /// Voting ends (`closed` starts); no ballot counts from this second on.
    VotingCloses,
    /// The result is published (`published` starts).
    Publication,
}

impl Milestone {
    /// Every milestone, in the order of the phases they start.
    pub const ALL: [Milestone; 5] = [
        Milestone::SubmissionOpens,
        Milestone::ReviewOpens,
        Milestone::VotingOpens,
        Milestone::VotingCloses,
        Milestone::Publication,
    ];

    /// The phase that starts at this milestone.
    pub fn phase(self) -> Phase {
        match self {
            Milestone::SubmissionOpens => Phase::Submission,
            Milestone::ReviewOpens => Phase::Review,
            Milestone::VotingOpens => Phase::Voting,
            Milestone::VotingCloses => Phase::Closed,
            Milestone::Publication => Phase::Published,
        }
    }

    /// The milestone at which `phase` starts (`None` for `draft`).
    pub fn starting(phase: Phase) -> Option<Milestone> {
        Milestone::ALL.into_iter().find(|m| m.phase() == phase)
    }

    /// The name used in the API and the database (`voting_closes`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::SubmissionOpens => "submission_opens",
            Milestone::ReviewOpens => "review_opens",
            Milestone::VotingOpens => "voting_opens",
            Milestone::VotingCloses => "voting_closes",
            Milestone::Publication => "publication",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Milestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Milestone {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Milestone::ALL
            .into_iter()
            .find(|m| m.as_str() == text)
            .ok_or_else(|| format!("\"{text}\" is not a milestone"))
    }
}

/// Why a timeline, a move of one of its dates, or a ballot at some moment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    /// Each milestone must come strictly after the one before it.
    #[error("{later} ({later_at}) must come after {earlier} ({earlier_at})")]
    OutOfOrder {
        /// The earlier milestone.
        earlier: Milestone,
        /// When it is planned.
        earlier_at: Moment,
        /// The milestone that does not come after it.
        later: Milestone,
        /// When that one is planned.
        later_at: Moment,
    },
    /// A date must not be planned in the past.
    #[error("{milestone} ({at}) is not in the future (it is now {now})")]
    InThePast {
        /// The milestone.
        milestone: Milestone,
        /// The date asked for.
        at: Moment,
        /// The moment it was checked at.
        now: Moment,
    },
    /// The move would not change the date.
    #[error("{milestone} is already planned for {at}")]
    Unchanged {
        /// The milestone.
        milestone: Milestone,
        /// Its date.
        at: Moment,
    },
    /// The phase that starts at the milestone has started: its date is history.
    #[error("{milestone} cannot move: the round is already in phase '{phase}'")]
    PhaseStarted {
        /// The milestone.
        milestone: Milestone,
        /// The round's phase.
        phase: Phase,
    },
    /// Once voting has opened, its close can only move later.
    #[error("voting has opened, so it can only close later than {closes}, not at {requested}")]
    VotingShortened {
        /// The planned close.
        closes: Moment,
        /// The earlier close asked for.
        requested: Moment,
    },
    /// Voting closed on the timeline; the close can no longer move.
    #[error("voting closed at {closed}; the close can no longer move")]
    VotingClosed {
        /// When voting closed.
        closed: Moment,
    },
    /// A phase asked for by hand before the timeline starts it.
    #[error("the timeline starts '{phase}' at {planned}; move that date to start it earlier")]
    AheadOfTimeline {
        /// The phase asked for.
        phase: Phase,
        /// When the timeline starts it.
        planned: Moment,
    },
}

impl TimelineError {
    /// Whether the error is about the request alone (422) rather than about
    /// the round as it stands (409).
    pub fn is_invalid_request(&self) -> bool {
        matches!(
            self,
            TimelineError::OutOfOrder { .. } | TimelineError::InThePast { .. } | TimelineError::Unchanged { .. }
        )
    }

    /// The milestone the error is about, if one.
    pub fn milestone(&self) -> Option<Milestone> {
        match self {
            TimelineError::OutOfOrder { later, .. } => Some(*later),
            TimelineError::InThePast { milestone, .. }
            | TimelineError::Unchanged { milestone, .. }
            | TimelineError::PhaseStarted { milestone, .. } => Some(*milestone),
            TimelineError::VotingShortened { .. } | TimelineError::VotingClosed { .. } => Some(Milestone::VotingCloses),
            TimelineError::AheadOfTimeline { phase, .. } => Milestone::starting(*phase),
        }
    }
}

/// When each phase after the draft starts, each strictly after the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The moments in the order of [`Milestone::ALL`].
    moments: [Moment; 5],
}

impl Timeline {
    /// A timeline from the moments of [`Milestone::ALL`], in that order; each
    /// must come strictly after the one before.
    pub fn new(moments: [Moment; 5]) -> Result<Timeline, TimelineError> {
        for pair in Milestone::ALL.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            let (earlier_at, later_at) = (moments[earlier.index()], moments[later.index()]);
            if later_at <= earlier_at {
                return Err(TimelineError::OutOfOrder {
                    earlier,
                    earlier_at,
                    later,
                    later_at,
                });
            }
        }
        Ok(Timeline { moments })
    }

    /// A timeline HB plans for a round still in its draft: every date in the future.
    pub fn plan(moments: [Moment; 5], now: Moment) -> Result<Timeline, TimelineError> {
        let timeline = Timeline::new(moments)?;
        let (milestone, at) = timeline.milestones()[0];
        if at <= now {
            return Err(TimelineError::InThePast { milestone, at, now });
        }
        Ok(timeline)
    }

    /// When `milestone` is planned.
    pub fn at(&self, milestone: Milestone) -> Moment {
        self.moments[milestone.index()]
    }

    /// Every milestone with its moment, in order.
    pub fn milestones(&self) -> [(Milestone, Moment); 5] {
        Milestone::ALL.map(|m| (m, self.at(m)))
    }

    /// The phase the round should be in at `now`: the phase of the latest
    /// milestone reached, or `draft` before the first.
    pub fn due_phase(&self, now: Moment) -> Phase {
        self.milestones()
            .into_iter()
            .rev()
            .find(|(_, at)| *at <= now)
            .map_or(Phase::Draft, |(m, _)| m.phase())
    }

    /// The phase the schedule moves a round in `current` to at `now`: the
    /// next one, if the timeline has reached it (one step at a time).
    pub fn next_due(&self, current: Phase, now: Moment) -> Option<Phase> {
        current.next().filter(|next| *next <= self.due_phase(now))
    }

    /// Whether a ballot whose write starts at `now` is in time: strictly
    /// before voting closes, to the second.
    pub fn accepts_ballot(&self, now: Moment) -> bool {
        now < self.at(Milestone::VotingCloses)
    }

    /// Checks that HB may move a round in `current` to `to` by hand at `now`:
    /// not before the timeline starts that phase.
    pub fn check_manual_change(&self, to: Phase, now: Moment) -> Result<(), TimelineError> {
        match Milestone::starting(to) {
            Some(milestone) if now < self.at(milestone) => Err(TimelineError::AheadOfTimeline {
                phase: to,
                planned: self.at(milestone),
            }),
            _ => Ok(()),
        }
    }

    /// Checks that `milestone` may move at all for a round in `phase` at
    /// `now`: its phase has not started, or it is the close of a vote that
    /// is still open on the timeline (which may then only move later).
    pub fn check_movable(&self, milestone: Milestone, phase: Phase, now: Moment) -> Result<(), TimelineError> {
        if milestone == Milestone::VotingCloses && phase == Phase::Voting {
            if self.accepts_ballot(now) {
                Ok(())
            } else {
                Err(TimelineError::VotingClosed {
                    closed: self.at(milestone),
                })
            }
        } else if phase >= milestone.phase() {
            Err(TimelineError::PhaseStarted { milestone, phase })
        } else {
            Ok(())
        }
    }

    /// The timeline with `milestone` moved to `to`, for a round in `phase`,
    /// at `now`. A date moves only before its phase starts and only into the
    /// future; once voting has opened, only its close moves, and only later,
    /// while voting is still open on the timeline.
    pub fn moved(
        &self,
        milestone: Milestone,
        to: Moment,
        phase: Phase,
        now: Moment,
    ) -> Result<Timeline, TimelineError> {
        self.check_movable(milestone, phase, now)?;
        let from = self.at(milestone);
        if milestone == Milestone::VotingCloses && phase == Phase::Voting && to < from {
            return Err(TimelineError::VotingShortened {
                closes: from,
                requested: to,
            });
        }
        if to == from {
            return Err(TimelineError::Unchanged { milestone, at: from });
        }
        if to <= now {
            return Err(TimelineError::InThePast { milestone, at: to, now });
        }
        let mut moments = self.moments;
        moments[milestone.index()] = to;
        Timeline::new(moments)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const HOUR: i64 = 3600;
    /// 2026-12-04T17:00:00Z.
    const START: i64 = 1_796_403_600;

    fn at(hours: i64) -> Moment {
        Moment::from_unix_seconds(START + hours * HOUR)
    }

    /// Submission at +1 h, review +2 h, voting +3 h, close +4 h, publication +5 h.
    fn timeline() -> Timeline {
        let Ok(timeline) = Timeline::new([at(1), at(2), at(3), at(4), at(5)]) else {
            panic!("not a timeline")
        };
        timeline
    }

    #[test]
    fn moments_read_as_rfc_3339_in_utc() {
        assert_eq!(Moment::from_unix_seconds(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(at(0).to_string(), "2026-12-04T17:00:00Z");
        assert_eq!(
            Moment::from_unix_seconds(951_782_400).to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Moment::from_unix_seconds(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            serde_json::to_string(&at(4)).ok().as_deref(),
            Some("\"2026-12-04T21:00:00Z\"")
        );
    }

    #[test]
    fn each_milestone_comes_strictly_after_the_one_before() {
        assert_eq!(
            Timeline::new([at(1), at(2), at(2), at(4), at(5)]),
            Err(TimelineError::OutOfOrder {
                earlier: Milestone::ReviewOpens,
                earlier_at: at(2),
                later: Milestone::VotingOpens,
                later_at: at(2),
            })
        );
        assert!(Timeline::new([at(1), at(2), at(3), at(5), at(4)]).is_err());
        assert!(Timeline::plan([at(1), at(2), at(3), at(4), at(5)], at(0)).is_ok());
        assert_eq!(
            Timeline::plan([at(1), at(2), at(3), at(4), at(5)], at(1)),
            Err(TimelineError::InThePast {
                milestone: Milestone::SubmissionOpens,
                at: at(1),
                now: at(1),
            })
        );
    }

    #[test]
    fn the_due_phase_follows_the_clock_to_the_second() {
        let timeline = timeline();
        let second = |hours: i64, seconds: i64| Moment::from_unix_seconds(START + hours * HOUR + seconds);
        assert_eq!(timeline.due_phase(second(1, -1)), Phase::Draft);
        assert_eq!(timeline.due_phase(at(1)), Phase::Submission);
        assert_eq!(timeline.due_phase(second(3, -1)), Phase::Review);
        assert_eq!(timeline.due_phase(at(3)), Phase::Voting);
        assert_eq!(timeline.due_phase(at(4)), Phase::Closed);
        assert_eq!(timeline.due_phase(at(9)), Phase::Published);
        assert_eq!(timeline.next_due(Phase::Draft, at(4)), Some(Phase::Submission));
        assert_eq!(timeline.next_due(Phase::Voting, second(4, -1)), None);
        assert_eq!(timeline.next_due(Phase::Voting, at(4)), Some(Phase::Closed));
        assert_eq!(timeline.next_due(Phase::Published, at(9)), None);
    }

    #[test]
    fn a_ballot_counts_only_before_the_close_to_the_second() {
        let timeline = timeline();
        assert!(timeline.accepts_ballot(Moment::from_unix_seconds(START + 4 * HOUR - 1)));
        assert!(!timeline.accepts_ballot(at(4)));
        assert!(!timeline.accepts_ballot(at(5)));
    }

    #[test]
    fn only_dates_whose_phase_has_not_started_and_an_open_close_are_movable() {
        let timeline = timeline();
        let movable = |phase, now| {
            Milestone::ALL
                .into_iter()
                .filter(|m| timeline.check_movable(*m, phase, now).is_ok())
                .collect::<Vec<_>>()
        };
        assert_eq!(movable(Phase::Draft, at(0)), Milestone::ALL.to_vec());
        assert_eq!(
            movable(Phase::Submission, at(1)),
            vec![
                Milestone::ReviewOpens,
                Milestone::VotingOpens,
                Milestone::VotingCloses,
                Milestone::Publication
            ]
        );
        assert_eq!(
            movable(Phase::Voting, at(3)),
            vec![Milestone::VotingCloses, Milestone::Publication]
        );
        assert_eq!(movable(Phase::Voting, at(4)), vec![Milestone::Publication]);
        assert_eq!(
            timeline.check_movable(Milestone::VotingCloses, Phase::Voting, at(4)),
            Err(TimelineError::VotingClosed { closed: at(4) })
        );
        assert_eq!(movable(Phase::Published, at(9)), Vec::new());
    }

    #[test]
    fn a_date_moves_only_before_its_phase_starts_and_into_the_future() {
        let timeline = timeline();
        let moved = timeline.moved(Milestone::ReviewOpens, at(2), Phase::Submission, at(1));
        assert_eq!(
            moved,
            Err(TimelineError::Unchanged {
                milestone: Milestone::ReviewOpens,
                at: at(2)
            })
        );
        let Ok(later) = timeline.moved(
            Milestone::ReviewOpens,
            Moment::from_unix_seconds(START + 2 * HOUR + 1800),
            Phase::Submission,
            at(1),
        ) else {
            panic!("not moved")
        };
        assert_eq!(
            later.at(Milestone::ReviewOpens),
            Moment::from_unix_seconds(START + 2 * HOUR + 1800)
        );
        assert_eq!(later.at(Milestone::VotingOpens), at(3));
        assert_eq!(
            timeline.moved(Milestone::SubmissionOpens, at(0), Phase::Submission, at(1)),
            Err(TimelineError::PhaseStarted {
                milestone: Milestone::SubmissionOpens,
                phase: Phase::Submission
            })
        );
        assert_eq!(
            timeline.moved(Milestone::VotingOpens, at(1), Phase::Submission, at(1)),
            Err(TimelineError::InThePast {
                milestone: Milestone::VotingOpens,
                at: at(1),
                now: at(1)
            })
        );
        assert!(matches!(
            timeline.moved(Milestone::VotingOpens, at(6), Phase::Review, at(2)),
            Err(TimelineError::OutOfOrder { .. })
        ));
        // Overdue but not started (the schedule is blocked): the date may still move.
        assert!(timeline
            .moved(
                Milestone::VotingOpens,
                Moment::from_unix_seconds(START + 3 * HOUR + 60),
                Phase::Review,
                Moment::from_unix_seconds(START + 3 * HOUR + 30)
            )
            .is_ok());
    }

    #[test]
    fn once_voting_opened_only_a_later_close_is_possible() {
        let timeline = timeline();
        let now = Moment::from_unix_seconds(START + 3 * HOUR + 600);
        assert_eq!(
            timeline.moved(Milestone::VotingOpens, at(5), Phase::Voting, now),
            Err(TimelineError::PhaseStarted {
                milestone: Milestone::VotingOpens,
                phase: Phase::Voting
            })
        );
        assert_eq!(
            timeline.moved(
                Milestone::VotingCloses,
                Moment::from_unix_seconds(START + 4 * HOUR - 60),
                Phase::Voting,
                now
            ),
            Err(TimelineError::VotingShortened {
                closes: at(4),
                requested: Moment::from_unix_seconds(START + 4 * HOUR - 60)
            })
        );
        let extended = Moment::from_unix_seconds(START + 4 * HOUR + 1800);
        assert_eq!(
            timeline
                .moved(Milestone::VotingCloses, extended, Phase::Voting, now)
                .map(|t| t.at(Milestone::VotingCloses)),
            Ok(extended)
        );
        // After the close on the clock, even if the switch to `closed` is late.
        assert_eq!(
            timeline.moved(Milestone::VotingCloses, extended, Phase::Voting, at(4)),
            Err(TimelineError::VotingClosed { closed: at(4) })
        );
        assert_eq!(
            timeline.moved(Milestone::VotingCloses, at(7), Phase::Closed, at(4)),
            Err(TimelineError::PhaseStarted {
                milestone: Milestone::VotingCloses,
                phase: Phase::Closed
            })
        );
        // Extending past the publication date is out of order: move that first.
        assert!(matches!(
            timeline.moved(Milestone::VotingCloses, at(6), Phase::Voting, now),
            Err(TimelineError::OutOfOrder { .. })
        ));
    }

    #[test]
    fn hb_cannot_start_a_phase_before_the_timeline_does() {
        let timeline = timeline();
        assert_eq!(
            timeline.check_manual_change(Phase::Voting, at(2)),
            Err(TimelineError::AheadOfTimeline {
                phase: Phase::Voting,
                planned: at(3)
            })
        );
        assert!(timeline.check_manual_change(Phase::Voting, at(3)).is_ok());
    }

    fn any_timeline() -> impl Strategy<Value = Timeline> {
        (0i64..4_000_000_000, proptest::array::uniform5(1i64..10_000_000)).prop_filter_map(
            "a timeline",
            |(first, gaps)| {
                let mut moments = [Moment::from_unix_seconds(first); 5];
                for index in 1..5 {
                    moments[index] = Moment::from_unix_seconds(moments[index - 1].0 + gaps[index]);
                }
                Timeline::new(moments).ok()
            },
        )
    }

    proptest! {
        #[test]
        fn the_due_phase_never_goes_back_as_time_passes(timeline in any_timeline(), a in 0i64..5_000_000_000, b in 0i64..5_000_000_000) {
            let (earlier, later) = (a.min(b), a.max(b));
            prop_assert!(timeline.due_phase(Moment(earlier)) <= timeline.due_phase(Moment(later)));
        }

        #[test]
        fn a_ballot_is_accepted_exactly_while_voting_is_not_due_to_close(timeline in any_timeline(), now in 0i64..5_000_000_000) {
            let now = Moment(now);
            prop_assert_eq!(timeline.accepts_ballot(now), timeline.due_phase(now) < Phase::Closed);
        }

        #[test]
        fn every_move_keeps_the_timeline_in_order_and_touches_one_date(
            timeline in any_timeline(),
            index in 0usize..5,
            to in 0i64..5_000_000_000,
            now in 0i64..5_000_000_000,
            phase in proptest::sample::select(Phase::ALL.to_vec()),
        ) {
            let milestone = Milestone::ALL[index];
            if let Ok(moved) = timeline.moved(milestone, Moment(to), phase, Moment(now)) {
                prop_assert!(Timeline::new(moved.moments).is_ok());
                prop_assert!(Moment(to) > Moment(now));
                for other in Milestone::ALL.into_iter().filter(|m| *m != milestone) {
                    prop_assert_eq!(moved.at(other), timeline.at(other));
                }
                if phase >= milestone.phase() {
                    prop_assert_eq!((milestone, phase), (Milestone::VotingCloses, Phase::Voting));
                    prop_assert!(moved.at(milestone) > timeline.at(milestone));
                    prop_assert!(timeline.accepts_ballot(Moment(now)));
                }
            }
        }
    }
}
