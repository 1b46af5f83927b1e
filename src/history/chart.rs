//! The lag chart's geometry, as plain numbers and SVG path strings: linear scales, a "nice" lag
//! axis, time ticks on the local clock, lines broken at gaps, state bands, the hover look-up
//! and the list's sparkline. The components only put these strings into `<path d>`.

use super::recorder::{Sample, bucket_width, is_gap};
use super::{HOUR, MIN, SEC};
use crate::state::FeedState;

/// The chart's window choices (the default: 1 h).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Window {
    M15,
    #[default]
    H1,
    H6,
    H24,
}

impl Window {
    /// Every choice, shortest first.
    pub const ALL: [Window; 4] = [Window::M15, Window::H1, Window::H6, Window::H24];

    /// The window's length.
    pub fn ms(self) -> i64 {
        match self {
            Window::M15 => 15 * MIN,
            Window::H1 => HOUR,
            Window::H6 => 6 * HOUR,
            Window::H24 => 24 * HOUR,
        }
    }

    /// The button's label, also its URL value.
    pub fn label(self) -> &'static str {
        match self {
            Window::M15 => "15 min",
            Window::H1 => "1 h",
            Window::H6 => "6 h",
            Window::H24 => "24 h",
        }
    }

    /// The URL value (`?window=1h`).
    pub fn as_str(self) -> &'static str {
        match self {
            Window::M15 => "15m",
            Window::H1 => "1h",
            Window::H6 => "6h",
            Window::H24 => "24h",
        }
    }

    /// Reads a URL value; anything else is the default (1 h).
    pub fn parse(s: &str) -> Window {
        Window::ALL
            .into_iter()
            .find(|w| w.as_str() == s)
            .unwrap_or(Window::H1)
    }
}

/// A linear map from a domain onto a range of pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    /// Maps `d0..d1` onto `r0..r1` (an empty domain maps everything to `r0`).
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Scale {
        Scale { d0, d1, r0, r1 }
    }

    /// Pixel of a domain value.
    pub fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return self.r0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }

    /// Domain value of a pixel (for the hover read-out).
    pub fn invert(&self, px: f64) -> f64 {
        if self.r1 == self.r0 {
            return self.d0;
        }
        self.d0 + (px - self.r0) / (self.r1 - self.r0) * (self.d1 - self.d0)
    }
}

/// Lag axis steps: round durations.
const LAG_STEPS: [i64; 20] = [
    SEC,
    2 * SEC,
    5 * SEC,
    10 * SEC,
    15 * SEC,
    30 * SEC,
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    15 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    24 * HOUR,
    48 * HOUR,
    7 * 24 * HOUR,
];

/// The lag axis for a largest lag of `max_ms`: `(top, step)`, with the top a whole number of
/// round steps (at most 4) at or above `max_ms`. A lag of zero still gets a 1 s axis.
pub fn lag_axis(max_ms: i64) -> (i64, i64) {
    let max_ms = max_ms.max(1);
    let ceil = |a: i64, b: i64| (a + b - 1) / b;
    let step = LAG_STEPS
        .iter()
        .copied()
        .find(|s| ceil(max_ms, *s) <= 4)
        .unwrap_or_else(|| ceil(max_ms, 4));
    (ceil(max_ms, step) * step, step)
}

/// A short axis label for a lag: `0`, `30s`, `2m`, `1h30m`, `2d`.
pub fn short_lag(ms: i64) -> String {
    let s = ms / SEC;
    match s {
        0 => "0".into(),
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{}", s / 60, secs_tail(s % 60)),
        s if s < 86_400 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s < 86_400 => format!("{}h{}m", s / 3600, s % 3600 / 60),
        s => format!("{}d", s / 86_400),
    }
}

fn secs_tail(s: i64) -> String {
    if s == 0 {
        String::new()
    } else {
        format!("{s}s")
    }
}

/// Time axis steps.
const TIME_STEPS: [i64; 11] = [
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    15 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
];

/// Ticks of the time axis from `t0` to `t1` (browser ms): at most `max_ticks`, on round
/// local times, labelled `HH:MM`. `tz_offset_at(ms)` is `Date.getTimezoneOffset()` in force at
/// `ms` (minutes, UTC − local), so a window across a DST change keeps its ticks on round local
/// times on both sides; a local time the change skips gets no tick.
pub fn time_ticks(
    t0: i64,
    t1: i64,
    tz_offset_at: impl Fn(i64) -> i32,
    max_ticks: i64,
) -> Vec<(i64, String)> {
    let span = (t1 - t0).max(1);
    let step = TIME_STEPS
        .iter()
        .copied()
        .find(|s| span / s <= max_ticks)
        .unwrap_or(24 * HOUR);
    let off = |ms: i64| i64::from(tz_offset_at(ms)) * MIN;
    // Local time = UTC − offset; back to UTC with the offset in force at the local time's
    // instant (one correction step finds it on either side of a change).
    let to_utc = |local: i64| {
        let guess = local + off(local);
        local + off(guess)
    };
    let local0 = t0 - off(t0);
    let mut local = local0.div_euclid(step) * step;
    if local < local0 {
        local += step;
    }
    let mut out = Vec::new();
    loop {
        let t = to_utc(local);
        if t > t1 {
            break;
        }
        // Skipped by a change to summer time: no instant shows this local time.
        if t >= t0 && t - off(t) == local {
            let minutes = local.div_euclid(MIN).rem_euclid(24 * 60);
            out.push((t, format!("{:02}:{:02}", minutes / 60, minutes % 60)));
        }
        local += step;
    }
    out
}

/// Splits samples (oldest first) where no tab was polling.
pub fn segments(samples: &[Sample], now: i64) -> Vec<&[Sample]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..samples.len() {
        if is_gap(samples[i - 1].t, samples[i].t, now) {
            out.push(&samples[start..i]);
            start = i;
        }
    }
    if start < samples.len() {
        out.push(&samples[start..]);
    }
    out
}

/// The gaps `(from, to)` between segments: times this browser did not see.
pub fn gaps(samples: &[Sample], now: i64) -> Vec<(i64, i64)> {
    segments(samples, now)
        .windows(2)
        .map(|w| (w[0][w[0].len() - 1].t, w[1][0].t))
        .collect()
}

/// An SVG path through `pick`ed values, one sub-path per run of samples without a gap or a
/// missing value. A lone point is drawn as a short flat line so it stays visible.
pub fn line_path(
    samples: &[Sample],
    now: i64,
    x: &Scale,
    y: &Scale,
    pick: impl Fn(&Sample) -> Option<i64>,
) -> String {
    let mut d = String::new();
    for seg in segments(samples, now) {
        let mut run = 0;
        let mut last = (0.0, 0.0);
        for s in seg {
            match pick(s) {
                Some(v) => {
                    let p = (x.at(s.t as f64), y.at(v as f64));
                    push_point(&mut d, if run == 0 { 'M' } else { 'L' }, p);
                    run += 1;
                    last = p;
                }
                None => {
                    close_lone(&mut d, run, last);
                    run = 0;
                }
            }
        }
        close_lone(&mut d, run, last);
    }
    d
}

fn close_lone(d: &mut String, run: usize, last: (f64, f64)) {
    if run == 1 {
        push_point(d, 'L', (last.0 + 2.0, last.1));
    }
}

fn push_point(d: &mut String, cmd: char, (x, y): (f64, f64)) {
    use std::fmt::Write;
    let _ = write!(d, "{cmd}{:.1} {:.1}", x, y);
}

/// A run of one state behind the lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub x0: f64,
    pub x1: f64,
    pub state: FeedState,
}

/// The state bands: each sample's state covers up to the next sample, or one bucket after
/// it before a gap and at the end; clipped to the scale's range.
pub fn state_bands(samples: &[Sample], now: i64, x: &Scale) -> Vec<Band> {
    let (lo, hi) = (x.r0.min(x.r1), x.r0.max(x.r1));
    let mut out: Vec<Band> = Vec::new();
    for seg in segments(samples, now) {
        for (i, s) in seg.iter().enumerate() {
            let end = seg
                .get(i + 1)
                .map_or(s.t + bucket_width(now - s.t), |n| n.t);
            let x0 = x.at(s.t as f64).clamp(lo, hi);
            let x1 = x.at(end as f64).clamp(lo, hi);
            if x1 <= x0 {
                continue;
            }
            match out.last_mut() {
                Some(b) if b.state == s.state && (b.x1 - x0).abs() < 0.01 => b.x1 = x1,
                _ => out.push(Band {
                    x0,
                    x1,
                    state: s.state,
                }),
            }
        }
    }
    out
}

/// The sample nearest to time `t` (samples oldest first), for the hover read-out.
pub fn nearest(samples: &[Sample], t: i64) -> Option<&Sample> {
    let i = samples.partition_point(|s| s.t < t);
    let after = samples.get(i);
    let before = i.checked_sub(1).and_then(|j| samples.get(j));
    match (before, after) {
        (Some(b), Some(a)) => Some(if t - b.t <= a.t - t { b } else { a }),
        (b, a) => b.or(a),
    }
}

/// The samples from `from` on (samples oldest first).
pub fn since(samples: &[Sample], from: i64) -> &[Sample] {
    &samples[samples.partition_point(|s| s.t < from)..]
}

/// The list's sparkline: the checkpoint lag over `window_ms` before `now`, `w`×`h` px, y from
/// zero to the window's largest lag. Empty when there is nothing to draw.
pub fn sparkline(samples: &[Sample], now: i64, window_ms: i64, w: f64, h: f64) -> String {
    let shown = since(samples, now - window_ms);
    let max = shown.iter().filter_map(|s| s.lag).max().unwrap_or(0).max(1);
    let x = Scale::new((now - window_ms) as f64, now as f64, 0.0, w);
    // 1 px margins so a flat line at zero or at the top is not cut by the viewBox.
    let y = Scale::new(0.0, max as f64, h - 1.0, 1.0);
    line_path(shown, now, &x, &y, |s| s.lag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;

    fn s(t: i64, lag: Option<i64>, state: FeedState) -> Sample {
        Sample::new(T0 + t, lag, state)
    }

    #[test]
    fn scales_map_and_invert() {
        let x = Scale::new(100.0, 200.0, 0.0, 500.0);
        assert_eq!(x.at(150.0), 250.0);
        assert_eq!(x.invert(250.0), 150.0);
        let y = Scale::new(0.0, 10.0, 100.0, 0.0);
        assert_eq!(y.at(10.0), 0.0, "y grows upwards");
        assert_eq!(Scale::new(5.0, 5.0, 3.0, 9.0).at(7.0), 3.0);
    }

    #[test]
    fn the_lag_axis_is_round_and_covers_the_maximum() {
        assert_eq!(lag_axis(0), (SEC, SEC));
        assert_eq!(lag_axis(3_400), (4 * SEC, SEC));
        assert_eq!(lag_axis(7_000), (8 * SEC, 2 * SEC));
        assert_eq!(lag_axis(190_000), (4 * MIN, MIN));
        assert_eq!(lag_axis(5 * HOUR + 1), (6 * HOUR, 2 * HOUR));
        for max in [1, 999, 61_000, 3 * HOUR, 9 * 24 * HOUR] {
            let (top, step) = lag_axis(max);
            assert!(top >= max && top % step == 0 && top / step <= 4, "{max}");
        }
        assert_eq!(short_lag(0), "0");
        assert_eq!(short_lag(30 * SEC), "30s");
        assert_eq!(short_lag(2 * MIN), "2m");
        assert_eq!(short_lag(90 * SEC), "1m30s");
        assert_eq!(short_lag(6 * HOUR), "6h");
        assert_eq!(short_lag(90 * MIN), "1h30m");
        assert_eq!(short_lag(48 * HOUR), "2d");
    }

    #[test]
    fn time_ticks_fall_on_round_local_times() {
        let t0 = 1_800_000_000_000 - 1_800_000_000_000 % HOUR + 7 * MIN; // hh:07 UTC
        let hh = (t0 / HOUR) % 24;
        let ticks = time_ticks(t0, t0 + HOUR, |_| 0, 6);
        let labels: Vec<String> = ticks.iter().map(|(_, l)| l.clone()).collect();
        let want: Vec<String> = [10, 20, 30, 40, 50]
            .iter()
            .map(|m| format!("{hh:02}:{m:02}"))
            .chain([format!("{:02}:00", (hh + 1) % 24)])
            .collect();
        assert_eq!(labels, want, "10 min steps: 6 ticks at most");
        assert!(ticks.iter().all(|(t, _)| *t >= t0 && *t <= t0 + HOUR));
        // UTC+05:30 (offset −330): ticks at local :00 and :30 are UTC :30 and :00.
        let ist = time_ticks(t0, t0 + 3 * HOUR, |_| -330, 6);
        assert!(
            ist.iter().all(|(t, l)| (t + 330 * MIN) % (30 * MIN) == 0
                && (l.ends_with(":00") || l.ends_with(":30"))),
            "{ist:?}"
        );
        let day = time_ticks(t0, t0 + 24 * HOUR, |_| 0, 6);
        assert!(day.len() <= 6 && day.len() >= 4, "{day:?}");
    }

    /// Berlin's change to summer time: 2026-03-29 01:00 UTC, local 02:00 CET becomes 03:00 CEST.
    const BERLIN_SPRING: i64 = 1_774_746_000_000;
    /// And back: 2026-10-25 01:00 UTC, local 03:00 CEST becomes 02:00 CET.
    const BERLIN_AUTUMN: i64 = 1_792_890_000_000;

    fn berlin(ms: i64) -> i32 {
        if (BERLIN_SPRING..BERLIN_AUTUMN).contains(&ms) {
            -120
        } else {
            -60
        }
    }

    #[test]
    fn time_ticks_follow_the_offset_across_a_dst_change() {
        // 22:30 UTC on the 28th (23:30 CET) to 03:30 UTC on the 29th (05:30 CEST).
        let t0 = BERLIN_SPRING - 2 * HOUR - 30 * MIN;
        let ticks = time_ticks(t0, t0 + 5 * HOUR, berlin, 6);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        // Hourly: 02:00 does not exist that night, so no tick claims it.
        assert_eq!(
            labels,
            ["00:00", "01:00", "03:00", "04:00", "05:00"],
            "{ticks:?}"
        );
        // Each tick is at its local time's instant: 00:00 CET = 23:00 UTC, 03:00 CEST = 01:00 UTC.
        assert_eq!(ticks[0].0, BERLIN_SPRING - 2 * HOUR);
        assert_eq!(ticks[2].0, BERLIN_SPRING);
        assert_eq!(ticks[4].0, BERLIN_SPRING + 2 * HOUR);
        // With today's offset taken once (summer time), the ticks before the change would be
        // labelled an hour off: 23:00 UTC as 01:00.
        let once = time_ticks(t0, t0 + 5 * HOUR, |_| -120, 6);
        assert_eq!(once[0], (ticks[0].0, "01:00".to_string()));

        // Back to winter time: 02:00 local comes twice; each label names its local time.
        let t0 = BERLIN_AUTUMN - 2 * HOUR;
        let ticks = time_ticks(t0, t0 + 5 * HOUR, berlin, 6);
        assert!(
            ticks.iter().all(|(t, l)| {
                let local = t - i64::from(berlin(*t)) * MIN;
                *l == format!("{:02}:00", local.div_euclid(HOUR).rem_euclid(24))
            }),
            "{ticks:?}"
        );
        assert!(ticks.windows(2).all(|w| w[0].0 < w[1].0), "{ticks:?}");
    }

    #[test]
    fn lines_break_at_gaps_and_missing_values() {
        let now = T0 + 10 * MIN;
        let samples = vec![
            s(0, Some(1_000), FeedState::Normal),
            s(5_000, Some(2_000), FeedState::Normal),
            // 2 minutes without a poll.
            s(125_000, Some(3_000), FeedState::Normal),
            s(130_000, None, FeedState::Normal),
            s(135_000, Some(3_000), FeedState::Normal),
            s(140_000, Some(4_000), FeedState::Normal),
        ];
        assert_eq!(segments(&samples, now).len(), 2);
        assert_eq!(gaps(&samples, now), vec![(T0 + 5_000, T0 + 125_000)]);
        let x = Scale::new(T0 as f64, (T0 + 140_000) as f64, 0.0, 140.0);
        let y = Scale::new(0.0, 4_000.0, 40.0, 0.0);
        let d = line_path(&samples, now, &x, &y, |s| s.lag);
        assert_eq!(
            d,
            "M0.0 30.0L5.0 20.0M125.0 10.0L127.0 10.0M135.0 10.0L140.0 0.0"
        );
        assert_eq!(line_path(&samples, now, &x, &y, |s| s.resolved_lag), "");
    }

    #[test]
    fn state_bands_cover_runs_and_stop_at_gaps() {
        let now = T0 + 10 * MIN;
        let samples = vec![
            s(0, Some(1), FeedState::Normal),
            s(5_000, Some(1), FeedState::Normal),
            s(10_000, Some(1), FeedState::Stopped),
            s(15_000, Some(1), FeedState::Stopped),
            s(200_000, Some(1), FeedState::Normal),
        ];
        let x = Scale::new(T0 as f64, (T0 + 300_000) as f64, 0.0, 300.0);
        let b = state_bands(&samples, now, &x);
        assert_eq!(
            b,
            vec![
                Band {
                    x0: 0.0,
                    x1: 10.0,
                    state: FeedState::Normal
                },
                Band {
                    x0: 10.0,
                    x1: 20.0,
                    state: FeedState::Stopped
                },
                Band {
                    x0: 200.0,
                    x1: 205.0,
                    state: FeedState::Normal
                },
            ]
        );
    }

    #[test]
    fn hover_finds_the_nearest_sample() {
        let samples = vec![
            s(0, Some(1), FeedState::Normal),
            s(10_000, Some(2), FeedState::Normal),
            s(20_000, Some(3), FeedState::Normal),
        ];
        assert_eq!(nearest(&samples, T0 + 4_000).unwrap().lag, Some(1));
        assert_eq!(nearest(&samples, T0 + 6_000).unwrap().lag, Some(2));
        assert_eq!(nearest(&samples, T0 + 99_000).unwrap().lag, Some(3));
        assert_eq!(nearest(&samples, T0 - 99_000).unwrap().lag, Some(1));
        assert!(nearest(&[], T0).is_none());
    }

    #[test]
    fn the_sparkline_spans_its_window_and_scales_to_its_maximum() {
        let now = T0 + 15 * MIN;
        let samples = vec![
            s(-MIN, Some(999_999), FeedState::Normal), // before the window: not drawn, not scaled
            s(0, Some(0), FeedState::Normal),
            s(5_000, Some(10_000), FeedState::Normal),
        ];
        let d = sparkline(&samples, now, 15 * MIN, 90.0, 20.0);
        assert_eq!(d, "M0.0 19.0L0.5 1.0");
        assert_eq!(sparkline(&[], now, 15 * MIN, 90.0, 20.0), "");
    }

    #[test]
    fn windows_parse_their_url_values() {
        for w in Window::ALL {
            assert_eq!(Window::parse(w.as_str()), w);
        }
        assert_eq!(Window::parse("bogus"), Window::H1);
        assert_eq!(Window::H6.ms(), 6 * HOUR);
    }
}
