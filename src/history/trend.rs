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

/// The sparkline's size in px: drawn in CSS pixels, so the SVG needs no `viewBox`.
const SPARK_W: f64 = 56.0;
const SPARK_H: f64 = 16.0;

/// A list row's sparkline as SVG markup (one `<svg>` with one `<path>`), the lag over the
/// [`SPARK_WINDOW_MS`] before `now`, named by [`spark_label`]; empty before two samples. The
/// row puts it in with `innerHTML`: one DOM write per update instead of three elements and a
/// dozen attributes built by the view layer. The zero line is the `.spark` CSS background.
pub fn spark_svg(samples: &[Sample], now: i64) -> String {
    if samples.len() < 2 {
        return String::new();
    }
    let trend = lag_trend(samples, now, SPARK_WINDOW_MS);
    let class = match trend {
        Trend::Rising => "spark spark--rising",
        Trend::Falling => "spark spark--falling",
        Trend::Steady => "spark spark--steady",
        Trend::Unknown => "spark",
    };
    let label = spark_label(samples.last().and_then(|s| s.lag), trend);
    let d = super::chart::sparkline(samples, now, SPARK_WINDOW_MS, SPARK_W, SPARK_H);
    // The label is made of digits, units and fixed words and the path of numbers: nothing in
    // either needs escaping in an attribute.
    format!(
        r#"<svg class="{class}" role="img" aria-label="{label}" width="{SPARK_W}" height="{SPARK_H}"><path d="{d}"/></svg>"#
    )
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

    #[test]
    fn the_row_sparkline_is_one_svg_with_one_path_named_by_its_label() {
        assert_eq!(
            spark_svg(&series(&[(0, 10)]), 0),
            "",
            "one sample draws nothing"
        );
        let paused = series(&[(0, 10), (5, 15), (10, 20), (20, 30)]);
        let svg = spark_svg(&paused, 20 * SEC);
        let head = format!(
            r#"<svg class="spark spark--rising" role="img" aria-label="{}" width="56" height="16"><path d="M"#,
            spark_label(Some(30 * SEC), Trend::Rising)
        );
        assert!(svg.starts_with(&head), "{svg}");
        assert!(svg.ends_with(r#""/></svg>"#), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(!svg.contains("viewBox"));
        let label = svg
            .split(r#"aria-label=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(label, spark_label(Some(30 * SEC), Trend::Rising));
    }
}
