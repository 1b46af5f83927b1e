//! Display helpers: TiCDC's JSONTime and RFC3339 times, checkpoint lag, byte sizes.

use crate::tso::{self, DateTime};

/// TiCDC `JSONTime`'s zero value (changefeed without status).
pub const JSON_TIME_ZERO: &str = "0001-01-01 00:00:00.000";

/// Parses TiCDC's JSONTime `YYYY-MM-DD hh:mm:ss.mmm` (server local time, no zone) into its
/// components. Seconds and milliseconds may be missing. `None` when malformed.
pub fn parse_json_time(s: &str) -> Option<DateTime> {
    let dt = crate::tso::parse_civil(s.trim(), &[' '])?;
    dt.is_valid().then_some(dt)
}

/// Whether a JSONTime is TiCDC's zero value (`0001-01-01 …`: no status yet).
pub fn is_zero_json_time(s: &str) -> bool {
    parse_json_time(s).is_some_and(|d| d.year <= 1)
}

/// A time parsed from RFC3339 (`create_time`, `RunningError.time`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rfc3339 {
    /// The wall clock as written.
    pub local: DateTime,
    /// Its offset east of UTC in minutes (`+08:00` → 480).
    pub offset_minutes: i32,
}

impl Rfc3339 {
    /// Unix milliseconds.
    pub fn unix_ms(&self) -> i64 {
        self.local.to_unix_ms() - i64::from(self.offset_minutes) * 60_000
    }
}

/// Parses RFC3339 / Go's RFC3339Nano: `2023-11-28T14:33:37.279123+08:00`, `…Z`.
pub fn parse_rfc3339(s: &str) -> Option<Rfc3339> {
    let s = s.trim();
    let (body, offset_minutes) = if let Some(b) = s.strip_suffix(['Z', 'z']) {
        (b, 0)
    } else {
        let idx = s.rfind(['+', '-'])?;
        let (b, off) = s.split_at(idx);
        if !b.contains(['T', 't']) || b.len() < 16 {
            return None;
        }
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..].split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let h: i32 = h.parse().ok()?;
        let m: i32 = m.parse().ok()?;
        (b, sign * (h * 60 + m))
    };
    let local = parse_json_time(&body.replacen(['T', 't'], " ", 1))?;
    Some(Rfc3339 {
        local,
        offset_minutes,
    })
}

/// Shows an RFC3339 time as `YYYY-MM-DD HH:MM:SS` in the viewer's zone
/// (`Date.getTimezoneOffset()` convention); the raw text when it does not parse.
pub fn format_rfc3339_local(s: &str, tz_offset_minutes: i32) -> String {
    match parse_rfc3339(s) {
        Some(t) => tso::local_datetime(t.unix_ms(), tz_offset_minutes).format()[..19].to_string(),
        None => s.to_string(),
    }
}

/// Shows an RFC3339 time as written, to the second, with its offset: `2023-11-28 14:33:37 +08:00`.
pub fn format_rfc3339(s: &str) -> String {
    match parse_rfc3339(s) {
        Some(t) => {
            let o = t.offset_minutes;
            let sign = if o < 0 { '-' } else { '+' };
            format!(
                "{} {sign}{:02}:{:02}",
                &t.local.format()[..19],
                o.abs() / 60,
                o.abs() % 60
            )
        }
        None => s.to_string(),
    }
}

/// Checkpoint lag in ms: `now_ms − physical(checkpoint)`; negative when the clocks disagree.
pub fn checkpoint_lag_ms(now_ms: i64, checkpoint_tso: u64) -> i64 {
    now_ms - tso::physical_ms(checkpoint_tso) as i64
}

/// A clock read as `clock_ms` at browser time `read_at`, carried forward to browser time `at`
/// by the browser's elapsed time only (so the browser's skew against the clock does not count).
/// The list uses it to measure lag on TiCDC's clock at the moment its list arrived, although
/// the TSO and the list are fetched by two separate polls.
pub fn clock_at(clock_ms: i64, read_at: f64, at: f64) -> i64 {
    clock_ms.saturating_add((at - read_at).round() as i64)
}

/// Lag above which the console marks a changefeed's lag as high (a minute: well past TiCDC's
/// usual few seconds, long before the GC safepoint is at risk).
pub const HIGH_LAG_MS: i64 = 60_000;

/// Whether a checkpoint lag is marked high (the list's lag cell, the detail's overview).
pub fn is_lag_high(lag_ms: i64) -> bool {
    lag_ms > HIGH_LAG_MS
}

/// A lag or age: `850 ms`, `12.3 s`, `4m 05s`, `3h 02m`, `2d 4h`; negative → `0 ms`.
pub fn format_lag_ms(ms: i64) -> String {
    if ms <= 0 {
        return "0 ms".into();
    }
    let ms = ms as u64;
    if ms < 1000 {
        return format!("{ms} ms");
    }
    if ms < 60_000 {
        // One decimal, truncated, without going through a float.
        return format!("{}.{} s", ms / 1000, ms % 1000 / 100);
    }
    let s = ms / 1000;
    if s < 3600 {
        return format!("{}m {:02}s", s / 60, s % 60);
    }
    if s < 86_400 {
        return format!("{}h {:02}m", s / 3600, s % 3600 / 60);
    }
    format!("{}d {}h", s / 86_400, s % 86_400 / 3600)
}

/// How far a checkpoint may be ahead of the clock it is compared with and still count as lag
/// 0: TiCDC's TSO and its checkpoints come from one PD, so only a skewed clock (the browser's,
/// when `/tso` failed) or a bad checkpoint puts it further ahead.
pub const AHEAD_TOLERANCE_MS: i64 = 1000;

/// A checkpoint's lag of `lag_ms` (clock minus checkpoint) in words: [`format_lag_ms`], or
/// "ahead of the clock by 2h 03m" when the checkpoint is in the future, never a plain `0 ms`.
pub fn format_checkpoint_lag_ms(lag_ms: i64) -> String {
    if lag_ms < -AHEAD_TOLERANCE_MS {
        format!("ahead of the clock by {}", format_lag_ms(-lag_ms))
    } else {
        format_lag_ms(lag_ms)
    }
}

/// The lag of a checkpoint TSO at `now_ms`, formatted by [`format_checkpoint_lag_ms`].
pub fn format_checkpoint_lag(now_ms: i64, checkpoint_tso: u64) -> String {
    format_checkpoint_lag_ms(checkpoint_lag_ms(now_ms, checkpoint_tso))
}

/// Binary byte size: `1 GiB` (1073741824), `1.5 MiB`, `512 B`; one decimal, trailing `.0` dropped.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut unit = 0;
    while unit + 1 < UNITS.len() && bytes >= 1u64 << (10 * (unit + 1)) {
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let base = 1u128 << (10 * unit);
    // Tenths, rounded half up, in integer math.
    let tenths = (u128::from(bytes) * 10 + base / 2) / base;
    let (whole, frac) = (tenths / 10, tenths % 10);
    if whole >= 1024 && unit + 1 < UNITS.len() {
        return format!("1 {}", UNITS[unit + 1]);
    }
    if frac == 0 {
        format!("{whole} {}", UNITS[unit])
    } else {
        format!("{whole}.{frac} {}", UNITS[unit])
    }
}

/// `s` with its first letter upper-cased (ASCII only, so no Unicode case tables in the wasm):
/// a schema label or an operation's name at the start of a sentence.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lag_is_high_past_a_minute() {
        assert!(!super::is_lag_high(60_000));
        assert!(super::is_lag_high(60_001));
        assert!(!super::is_lag_high(-5));
    }

    #[test]
    fn clock_carried_forward_by_elapsed_time() {
        let tso_ms = 1_700_000_000_000;
        // The list arrived 1.2 s after the TSO, then 0.8 s before it (an older list).
        assert_eq!(super::clock_at(tso_ms, 5_000.0, 6_200.0), tso_ms + 1_200);
        assert_eq!(super::clock_at(tso_ms, 5_000.0, 4_200.4), tso_ms - 800);
        assert_eq!(super::clock_at(tso_ms, 5_000.0, 5_000.0), tso_ms);
        // A browser clock years off does not matter: only the difference counts.
        assert_eq!(super::clock_at(tso_ms, 9e12, 9e12 + 250.0), tso_ms + 250);
    }

    use super::*;

    #[test]
    fn json_time() {
        let t = parse_json_time("2023-11-28 14:34:57.123").unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis),
            (2023, 11, 28, 14, 34, 57, 123)
        );
        assert!(is_zero_json_time(JSON_TIME_ZERO));
        assert!(!is_zero_json_time("1970-01-01 08:00:00.000"));
        assert_eq!(parse_json_time("2023-11-28 14:34:57").unwrap().millis, 0);
        assert!(parse_json_time("2023-13-28 14:34:57.123").is_none());
        assert!(parse_json_time("garbage").is_none());
        assert!(parse_json_time("2023-11-28T14:34:57.123").is_none());
    }

    #[test]
    fn rfc3339() {
        let t = parse_rfc3339("2023-11-28T14:33:37.279123+08:00").unwrap();
        assert_eq!(t.offset_minutes, 480);
        assert_eq!(t.local.millis, 279);
        assert_eq!(t.unix_ms(), 1_701_153_217_279);
        assert_eq!(
            parse_rfc3339("2023-11-28T06:33:37.279Z").unwrap().unix_ms(),
            1_701_153_217_279
        );
        assert_eq!(
            parse_rfc3339("2023-11-28T01:03:37.279-05:30")
                .unwrap()
                .unix_ms(),
            1_701_153_217_279
        );
        assert_eq!(
            format_rfc3339("2023-11-28T14:33:37.279123+08:00"),
            "2023-11-28 14:33:37 +08:00"
        );
        assert_eq!(
            format_rfc3339("0001-01-01T00:00:00Z"),
            "0001-01-01 00:00:00 +00:00"
        );
        assert_eq!(
            format_rfc3339_local("2023-11-28T14:33:37.279123+08:00", 0),
            "2023-11-28 06:33:37"
        );
        assert_eq!(
            format_rfc3339_local("2023-11-28T14:33:37.279123+08:00", -540),
            "2023-11-28 15:33:37"
        );
        assert_eq!(format_rfc3339("not a time"), "not a time");
        assert!(parse_rfc3339("2023-11-28 14:33:37").is_none());
    }

    #[test]
    fn lag() {
        assert_eq!(format_lag_ms(-5), "0 ms");
        assert_eq!(format_lag_ms(0), "0 ms");
        assert_eq!(format_lag_ms(850), "850 ms");
        assert_eq!(format_lag_ms(12_345), "12.3 s");
        assert_eq!(format_lag_ms(59_999), "59.9 s");
        assert_eq!(format_lag_ms(245_000), "4m 05s");
        assert_eq!(format_lag_ms(3_600_000 * 3 + 120_000), "3h 02m");
        assert_eq!(format_lag_ms(86_400_000 * 2 + 3_600_000 * 4 + 5), "2d 4h");
        let ckpt = tso::from_physical_ms(1_000_000, 7);
        assert_eq!(checkpoint_lag_ms(1_000_850, ckpt), 850);
        assert_eq!(format_checkpoint_lag(1_000_850, ckpt), "850 ms");
        assert_eq!(
            format_checkpoint_lag(999_500, ckpt),
            "0 ms",
            "within the tolerance"
        );
        assert_eq!(
            format_checkpoint_lag(1_000_000 - 7_384_000, ckpt),
            "ahead of the clock by 2h 03m"
        );
    }

    #[test]
    fn bytes() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1 KiB");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(1_073_741_824), "1 GiB");
        assert_eq!(format_bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(format_bytes(1024 * 1024 - 1), "1 MiB");
        assert_eq!(format_bytes(u64::MAX), "16 EiB");
    }

    #[test]
    fn capitalize_upper_cases_the_first_letter_only() {
        assert_eq!(capitalize("pause"), "Pause");
        assert_eq!(capitalize("sink URI"), "Sink URI");
        assert_eq!(capitalize(""), "");
        assert_eq!(capitalize("ä"), "ä", "ASCII only");
    }
}
