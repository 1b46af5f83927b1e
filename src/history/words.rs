//! The history's texts: the times the lag chart and the timeline show, and the chart's
//! sentences (what this browser saw since when, the accessible summary, the read-out under the
//! pointer).
//!
//! Every time is shown in the browser's zone with the offset in force at that time, not
//! today's (`tz_offset_at(ms)` is `Date.getTimezoneOffset()` at `ms`: minutes, UTC − local),
//! so a week-old entry across a DST change is not an hour off.

use super::{HOUR, Sample};
use crate::format::format_lag_ms;
use crate::state::FeedState;
use crate::tso;

/// The browser's `Date.getTimezoneOffset()` in force at a time (browser ms).
pub type TzOffsetAt<'a> = &'a dyn Fn(i64) -> i32;

/// `YYYY-MM-DD HH:MM:SS.mmm` of `ms` in the browser's zone.
fn local(ms: i64, tz: TzOffsetAt) -> String {
    tso::local_datetime(ms, tz(ms)).format()
}

/// `HH:MM:SS` in the browser's zone.
pub fn clock(ms: i64, tz: TzOffsetAt) -> String {
    local(ms, tz)[11..19].to_string()
}

/// `YYYY-MM-DD HH:MM` in the browser's zone.
pub fn day_clock(ms: i64, tz: TzOffsetAt) -> String {
    local(ms, tz)[..16].to_string()
}

/// `YYYY-MM-DD HH:MM:SS` in the browser's zone: a timeline entry's time.
pub fn when(ms: i64, tz: TzOffsetAt) -> String {
    local(ms, tz)[..19].to_string()
}

/// A recorded state (TiCDC's wire name) as the console names it.
pub fn state_label(wire: &str) -> &'static str {
    FeedState::parse(wire).label()
}

/// A state change seen across a gap happened at some moment in between: the words saying so
/// (`None` when the previous poll was close enough to date the change).
pub fn between_words(prev_seen: i64, at: i64, tz: TzOffsetAt) -> Option<String> {
    (at - prev_seen > 20_000).then(|| {
        format!(
            " (between {} and {}, while no tab of this browser was polling)",
            when(prev_seen, tz),
            when(at, tz)
        )
    })
}

/// "What this browser saw … since …, with N gaps": the history's limits in plain words, for a
/// window ending at `t1` with the `gaps` (oldest first) in it.
pub fn seen_words(first_seen: Option<i64>, gaps: &[(i64, i64)], t1: i64, tz: TzOffsetAt) -> String {
    let Some(first) = first_seen else {
        return "This browser has not recorded this changefeed yet: the chart fills in as this page (or the changefeed list) polls TiCDC. Nothing is fetched for it.".to_string();
    };
    let gaps = match gaps.len() {
        0 => "no gaps in this window".to_string(),
        n => {
            let list: Vec<String> = gaps
                .iter()
                .rev()
                .take(3)
                .map(|(a, b)| format!("{}–{}", clock(*a, tz), clock(*b, tz)))
                .collect();
            let more = if n > 3 {
                format!(" and {} more", n - 3)
            } else {
                String::new()
            };
            let s = if n == 1 { "" } else { "s" };
            format!(
                "{n} gap{s} in this window where no tab of this browser was polling ({}{more})",
                list.join(", ")
            )
        }
    };
    let older = if t1 - first > 24 * HOUR {
        " (kept for 24 h, coarser with age)"
    } else {
        ""
    };
    format!(
        "What this browser saw since {}{older}; {gaps}. Other browsers, and TiCDC itself, keep no such history.",
        day_clock(first, tz)
    )
}

/// The chart's accessible name: the checkpoint lag's range in the window and its latest value.
pub fn aria_words(samples: &[Sample]) -> String {
    let lags: Vec<i64> = samples.iter().filter_map(|s| s.lag).collect();
    match (lags.iter().min(), lags.iter().max(), lags.last()) {
        (Some(lo), Some(hi), Some(now)) => format!(
            "Checkpoint lag chart: from {} to {} in this window, now {}",
            format_lag_ms(*lo),
            format_lag_ms(*hi),
            format_lag_ms(*now)
        ),
        _ => "Checkpoint lag chart: nothing recorded in this window".to_string(),
    }
}

/// The read-out of the sample under the pointer.
pub fn readout_words(s: &Sample, tz: TzOffsetAt) -> String {
    let lag = s.lag.map_or("—".to_string(), format_lag_ms);
    let resolved = s
        .resolved_lag
        .map(|r| format!(" · resolved lag {}", format_lag_ms(r)))
        .unwrap_or_default();
    let synced = match s.synced {
        Some(true) => " · synced",
        Some(false) => " · not synced",
        None => "",
    };
    format!(
        "{} · checkpoint lag {lag}{resolved} · {}{synced}",
        clock(s.t, tz),
        s.state.label().to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{MIN, SEC};

    /// Berlin's change to summer time: 2026-03-29 01:00 UTC (02:00 CET becomes 03:00 CEST).
    const SPRING: i64 = 1_774_746_000_000;

    fn berlin(ms: i64) -> i32 {
        if ms >= SPRING { -120 } else { -60 }
    }

    #[test]
    fn times_use_the_offset_at_their_own_date() {
        // 30 min before and after the change: 01:30 CET and 03:30 CEST.
        assert_eq!(when(SPRING - 30 * MIN, &berlin), "2026-03-29 01:30:00");
        assert_eq!(when(SPRING + 30 * MIN, &berlin), "2026-03-29 03:30:00");
        assert_eq!(clock(SPRING - 30 * MIN + 5 * SEC, &berlin), "01:30:05");
        assert_eq!(day_clock(SPRING + 30 * MIN, &berlin), "2026-03-29 03:30");
        // Today's offset taken once would show the winter time an hour off.
        assert_eq!(when(SPRING - 30 * MIN, &|_| -120), "2026-03-29 02:30:00");
    }

    #[test]
    fn a_state_change_across_a_gap_says_between_when() {
        assert_eq!(between_words(SPRING - 10 * SEC, SPRING, &berlin), None);
        assert_eq!(
            between_words(SPRING - 30 * MIN, SPRING + 30 * MIN, &berlin).as_deref(),
            Some(
                " (between 2026-03-29 01:30:00 and 2026-03-29 03:30:00, while no tab of this browser was polling)"
            )
        );
        assert_eq!(state_label("stopped"), "Stopped");
        assert_eq!(
            state_label(""),
            "Initializing",
            "TiCDC sends \"\" before the first tick"
        );
    }

    #[test]
    fn seen_words_name_the_start_and_the_gaps() {
        let utc = |_| 0;
        let t1 = SPRING;
        assert!(seen_words(None, &[], t1, &utc).starts_with("This browser has not recorded"));
        let first = t1 - HOUR;
        assert_eq!(
            seen_words(Some(first), &[], t1, &utc),
            "What this browser saw since 2026-03-29 00:00; no gaps in this window. Other browsers, and TiCDC itself, keep no such history."
        );
        let one = seen_words(Some(first), &[(t1 - 30 * MIN, t1 - 20 * MIN)], t1, &utc);
        assert!(
            one.contains("; 1 gap in this window where no tab of this browser was polling (00:30:00–00:40:00)."),
            "{one}"
        );
        // The newest three, newest first, and how many more.
        let gaps: Vec<(i64, i64)> = (0..5)
            .map(|k| (first + k * 10 * MIN, first + k * 10 * MIN + MIN))
            .collect();
        let five = seen_words(Some(first), &gaps, t1, &utc);
        assert!(
            five.contains("5 gaps in this window where no tab of this browser was polling (00:40:00–00:41:00, 00:30:00–00:31:00, 00:20:00–00:21:00 and 2 more)"),
            "{five}"
        );
        let old = seen_words(Some(t1 - 25 * HOUR), &[], t1, &utc);
        assert!(
            old.contains("since 2026-03-28 00:00 (kept for 24 h, coarser with age);"),
            "{old}"
        );
        // The start is shown in the offset of its own date.
        assert!(
            seen_words(Some(SPRING - MIN), &[], t1, &berlin).contains("since 2026-03-29 01:59;")
        );
    }

    #[test]
    fn aria_and_readout_words() {
        assert_eq!(
            aria_words(&[]),
            "Checkpoint lag chart: nothing recorded in this window"
        );
        let a = Sample::new(SPRING, Some(3 * SEC), FeedState::Normal);
        let b = Sample::new(SPRING + 5 * SEC, Some(90 * SEC), FeedState::Warning);
        let c = Sample::new(SPRING + 10 * SEC, Some(SEC), FeedState::Normal);
        assert_eq!(
            aria_words(&[a, b, c]),
            format!(
                "Checkpoint lag chart: from {} to {} in this window, now {}",
                format_lag_ms(SEC),
                format_lag_ms(90 * SEC),
                format_lag_ms(SEC)
            )
        );
        assert_eq!(
            readout_words(&a, &berlin),
            format!(
                "03:00:00 · checkpoint lag {} · normal",
                format_lag_ms(3 * SEC)
            )
        );
        let mut d = Sample::new(SPRING - HOUR, None, FeedState::Stopped);
        d.resolved_lag = Some(2 * SEC);
        d.synced = Some(false);
        assert_eq!(
            readout_words(&d, &berlin),
            format!(
                "01:00:00 · checkpoint lag — · resolved lag {} · stopped · not synced",
                format_lag_ms(2 * SEC)
            )
        );
        d.synced = Some(true);
        assert!(readout_words(&d, &berlin).ends_with(" · stopped · synced"));
    }
}
