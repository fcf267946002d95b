//! The time the service's rules read: the system clock in production, a
//! clock the tests set and move on by hand.
//!
//! Everything the timeline decides (which phase is due, whether a ballot is
//! before the close, whether a date is in the future) reads this clock and
//! hands the domain a [`Moment`]; nothing there reads a clock itself.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike, Utc};
use medlemsbudget_domain::Moment;

/// Copenhagen time: CET, or CEST from the last Sunday of March 01:00 UTC to
/// the last Sunday of October 01:00 UTC.
pub fn copenhagen(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    let year = at.year();
    let last_sunday = |month: u32| {
        let last = chrono::NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
        last - chrono::Days::new(u64::from(last.weekday().num_days_from_sunday()))
    };
    let start = last_sunday(3).and_hms_opt(1, 0, 0).unwrap_or_default();
    let end = last_sunday(10).and_hms_opt(1, 0, 0).unwrap_or_default();
    let naive = at.naive_utc();
    let offset = if naive >= start && naive < end { 2 } else { 1 };
    naive + chrono::Duration::hours(offset)
}

/// Where the service reads the time; cheap to clone.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A clock that stands still until it is set (for tests).
    Manual(ManualClock),
}

impl Clock {
    /// The time now.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(clock) => clock.now(),
        }
    }

    /// The time now to the second (the fraction dropped), as the timeline reads it.
    pub fn moment(&self) -> Moment {
        moment(self.now())
    }
}

/// `at` to the second, its fraction dropped.
pub fn moment(at: DateTime<Utc>) -> Moment {
    Moment::from_unix_seconds(at.timestamp())
}

/// `moment` as a date and time in UTC.
pub fn date_time(moment: Moment) -> DateTime<Utc> {
    DateTime::from_timestamp(moment.unix_seconds(), 0).unwrap_or_default()
}

/// A clock that shows what it was last set to; clones share the time.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// A clock showing `start`.
    pub fn starting_at(start: DateTime<Utc>) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    /// The time it shows.
    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Shows `at` from now on.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    /// Moves the time on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl From<ManualClock> for Clock {
    fn from(clock: ManualClock) -> Clock {
        Clock::Manual(clock)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_moment_is_the_time_to_the_second_and_reads_as_chrono_does() {
        let Some(at) = Utc.with_ymd_and_hms(2026, 12, 4, 17, 0, 59).single() else {
            panic!("no such time")
        };
        let clock = ManualClock::starting_at(at + chrono::Duration::milliseconds(999));
        let moment = Clock::from(clock.clone()).moment();
        assert_eq!(moment.to_string(), "2026-12-04T17:00:59Z");
        assert_eq!(date_time(moment), at);
        clock.advance(chrono::Duration::milliseconds(1));
        assert_eq!(Clock::from(clock).moment().to_string(), "2026-12-04T17:01:00Z");
        for seconds in [-86_400 * 365 * 70, -1, 0, 951_782_399, 4_102_444_800, 253_402_300_799] {
            let moment = Moment::from_unix_seconds(seconds);
            assert_eq!(
                moment.to_string(),
                date_time(moment).format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
        }
    }
}
