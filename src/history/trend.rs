//! The trend words of a lag: rising, falling or steady, by one stated rule.
//!
//! **Rule.** Over a window (the sparkline's 15 min), compare the latest lag with the earliest
//! lag in the window. It is *rising* when it grew by more than [`MIN_CHANGE_MS`] (5 s) and by
//! more than a quarter of the time between the two samples (the lag gains at least 15 s a
//! minute), *falling* when it shrank by as much, *steady* otherwise. With less than
//! [`MIN_SPAN_MS`] (15 s) of samples in the window there is no trend yet. So a paused
//! changefeed, whose lag grows by a second a second, is rising after 15 s whatever its lag; a
//! healthy one wobbling between 1 s and 3 s is steady; a lag of 2 h is not "rising" for a 6 s
//! wobble over a minute.

use super::recorder::Sample;
use super::{MIN, SEC};
use crate::format::format_lag_ms;

/// The smallest change that counts as a trend.
pub const MIN_CHANGE_MS: i64 = 5 * SEC;
/// The least span of samples for a trend.
pub const MIN_SPAN_MS: i64 = 15 * SEC;
/// The sparkline's window.
pub const SPARK_WINDOW_MS: i64 = 15 * MIN;

/// Which way a lag goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Falling,
    Steady,
    /// Too little history in the window.
    Unknown,
}

impl Trend {
    /// The word in accessible names and tooltips.
    pub fn word(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Steady => "steady",
            Trend::Unknown => "no trend yet",
        }
    }
}

/// The trend of the checkpoint lag over the `window_ms` before `now` (samples oldest first).
pub fn lag_trend(samples: &[Sample], now: i64, window_ms: i64) -> Trend {
    let start = samples.partition_point(|s| s.t < now - window_ms);
    let mut with_lag = samples[start..]
        .iter()
        .filter_map(|s| s.lag.map(|l| (s.t, l)));
    let Some((t0, first)) = with_lag.next() else {
        return Trend::Unknown;
    };
    let Some((t1, last)) = with_lag.next_back() else {
        return Trend::Unknown;
    };
    if t1 - t0 < MIN_SPAN_MS {
        return Trend::Unknown;
    }
    let threshold = MIN_CHANGE_MS.max((t1 - t0) / 4);
    match last - first {
        d if d > threshold => Trend::Rising,
        d if d < -threshold => Trend::Falling,
        _ => Trend::Steady,
    }
}

/// The sparkline's accessible name: `lag 3m 10s, rising`; without a lag, what is missing.
pub fn spark_label(lag_ms: Option<i64>, trend: Trend) -> String {
    match lag_ms {
        Some(l) => format!("lag {}, {}", format_lag_ms(l), trend.word()),
        None => "lag unknown: no checkpoint yet".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::FeedState;

    fn series(points: &[(i64, i64)]) -> Vec<Sample> {
        points
            .iter()
            .map(|&(t, l)| Sample::new(t * SEC, Some(l * SEC), FeedState::Normal))
            .collect()
    }

    #[test]
    fn a_paused_changefeed_is_rising_and_a_recovering_one_falling() {
        let paused = series(&[(0, 10), (5, 15), (10, 20), (20, 30)]);
        assert_eq!(lag_trend(&paused, 20 * SEC, SPARK_WINDOW_MS), Trend::Rising);
        let recovering = series(&[(0, 300), (30, 200), (60, 100)]);
        assert_eq!(
            lag_trend(&recovering, 60 * SEC, SPARK_WINDOW_MS),
            Trend::Falling
        );
    }

    #[test]
    fn wobbles_are_steady() {
        let healthy = series(&[(0, 1), (5, 3), (10, 2), (60, 3)]);
        assert_eq!(
            lag_trend(&healthy, 60 * SEC, SPARK_WINDOW_MS),
            Trend::Steady
        );
        // +6 s in a minute is a wobble, whatever the lag.
        let big = series(&[(0, 7200), (60, 7206)]);
        assert_eq!(lag_trend(&big, 60 * SEC, SPARK_WINDOW_MS), Trend::Steady);
        let big_rise = series(&[(0, 7200), (600, 8000)]);
        assert_eq!(
            lag_trend(&big_rise, 600 * SEC, SPARK_WINDOW_MS),
            Trend::Rising
        );
    }

    #[test]
    fn too_little_history_has_no_trend() {
        assert_eq!(lag_trend(&[], 0, SPARK_WINDOW_MS), Trend::Unknown);
        let short = series(&[(0, 1), (10, 100)]);
        assert_eq!(lag_trend(&short, 10 * SEC, SPARK_WINDOW_MS), Trend::Unknown);
        // Samples outside the window do not count.
        let old = series(&[(0, 1), (2000, 100)]);
        assert_eq!(lag_trend(&old, 2000 * SEC, SPARK_WINDOW_MS), Trend::Unknown);
    }

    #[test]
    fn the_label_names_value_and_trend() {
        assert_eq!(
            spark_label(Some(190_000), Trend::Rising),
            "lag 3m 10s, rising"
        );
        assert_eq!(
            spark_label(Some(1_200), Trend::Unknown),
            "lag 1.2 s, no trend yet"
        );
        assert_eq!(
            spark_label(None, Trend::Unknown),
            "lag unknown: no checkpoint yet"
        );
    }
}
