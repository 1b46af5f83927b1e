//! TSO arithmetic and TSO ↔ date-time conversion, exact and without an f64 (../shared/ticdc/API.md
//! §6).
//!
//! A TSO is `(physical_ms << 18) + logical`. Time zones are given as the browser's
//! `Date.getTimezoneOffset()`: minutes to add to *local* time to get UTC (UTC+8 → `-480`).
//! Calendar math is the days-from-civil algorithm (proleptic Gregorian), no date crate.

/// Bits of the logical part.
pub const LOGICAL_BITS: u32 = 18;
const LOGICAL_MASK: u64 = (1 << LOGICAL_BITS) - 1;
const MS_PER_DAY: i64 = 86_400_000;

/// Physical part: Unix milliseconds.
pub fn physical_ms(tso: u64) -> u64 {
    tso >> LOGICAL_BITS
}

/// Logical part (low 18 bits).
pub fn logical(tso: u64) -> u64 {
    tso & LOGICAL_MASK
}

/// Composes a TSO. `logical` is masked to 18 bits; `ms` beyond 46 bits wraps (year > 4199).
pub fn from_physical_ms(ms: u64, logical: u64) -> u64 {
    (ms << LOGICAL_BITS) | (logical & LOGICAL_MASK)
}

/// Parses a TSO typed by a user: surrounding whitespace ignored, digits only, exact `u64`.
pub fn parse_tso(input: &str) -> Result<u64, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("enter a TSO (a non-negative integer)".into());
    }
    if s.starts_with('-') {
        return Err("a TSO cannot be negative".into());
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!("a TSO has digits only; found {c:?}"));
    }
    s.parse::<u64>()
        .map_err(|_| format!("{s} is too large for a TSO (at most {})", u64::MAX))
}

/// Parses the optional overwrite checkpoint TSO of a resume: empty or 0 keeps the checkpoint
/// (`Ok(None)`, as TiCDC reads 0), anything else must be a TSO.
pub fn parse_overwrite_tso(input: &str) -> Result<Option<u64>, String> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    parse_tso(input).map(|v| (v != 0).then_some(v))
}

/// The decimal form (what [`parse_tso`] reads back).
pub fn format_tso(tso: u64) -> String {
    tso.to_string()
}

/// A calendar date and time of day with millisecond precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Year (proleptic Gregorian; may be ≤ 0 in theory).
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// 0–59.
    pub second: u32,
    /// 0–999.
    pub millis: u32,
}

impl DateTime {
    /// The date-time `unix_ms` milliseconds after the epoch (as a wall clock in UTC).
    pub fn from_unix_ms(unix_ms: i64) -> DateTime {
        let days = unix_ms.div_euclid(MS_PER_DAY);
        let rem = unix_ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year,
            month,
            day,
            hour: (rem / 3_600_000) as u32,
            minute: (rem / 60_000 % 60) as u32,
            second: (rem / 1000 % 60) as u32,
            millis: (rem % 1000) as u32,
        }
    }

    /// Milliseconds since the epoch, reading this wall clock as UTC.
    pub fn to_unix_ms(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * MS_PER_DAY
            + i64::from(self.hour) * 3_600_000
            + i64::from(self.minute) * 60_000
            + i64::from(self.second) * 1000
            + i64::from(self.millis)
    }

    /// `YYYY-MM-DD HH:MM:SS.mmm` (TiCDC's JSONTime layout).
    pub fn format(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the value format of `<input type="datetime-local" step="1">`.
    pub fn format_input(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// Whether the fields name a real calendar date and time.
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
            && self.millis < 1000
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The local wall clock of `unix_ms` for a `Date.getTimezoneOffset()`-style offset.
pub fn local_datetime(unix_ms: i64, tz_offset_minutes: i32) -> DateTime {
    DateTime::from_unix_ms(unix_ms - i64::from(tz_offset_minutes) * 60_000)
}

/// `YYYY-MM-DD HH:MM:SS.mmm` of a TSO's physical time in UTC.
pub fn tso_to_utc_string(tso: u64) -> String {
    tso_to_local_string(tso, 0)
}

/// `YYYY-MM-DD HH:MM:SS.mmm` of a TSO's physical time in the zone `tz_offset_minutes`
/// (`Date.getTimezoneOffset()` convention).
pub fn tso_to_local_string(tso: u64, tz_offset_minutes: i32) -> String {
    local_datetime(physical_ms(tso) as i64, tz_offset_minutes).format()
}

/// The milliseconds of a fraction of a second given as 1–9 digits (`"5"` → 500, `"123456"`
/// → 123: truncated, as Go's millisecond layouts print it); None for anything else.
pub(crate) fn fraction_millis(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .try_fold(0u32, |a, b| Some(a * 10 + u32::from(b - b'0')))
}

/// The fields of `YYYY-MM-DD HH:MM`, optionally `:SS` and `.fff` (1–9 fraction digits,
/// truncated to ms), fixed widths, with one of `separators` between date and time. The calendar
/// is not checked (see [`DateTime::is_valid`]), so callers can word that error themselves.
/// One grammar for TiCDC's JSONTime, Go's RFC 3339 and what a user types.
pub(crate) fn parse_civil(s: &str, separators: &[char]) -> Option<DateTime> {
    let (date, time) = s.split_once(separators)?;
    let time = time.trim_start();
    let num = |p: Option<&str>, len: usize| -> Option<u32> {
        let p = p?;
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let mut dp = date.split('-');
    let year = num(dp.next(), 4)?;
    let month = num(dp.next(), 2)?;
    let day = num(dp.next(), 2)?;
    if dp.next().is_some() {
        return None;
    }
    let (hms, frac) = match time.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (time, None),
    };
    let mut tp = hms.split(':');
    let hour = num(tp.next(), 2)?;
    let minute = num(tp.next(), 2)?;
    let second = match tp.next() {
        Some(p) => num(Some(p), 2)?,
        None if frac.is_none() => 0,
        None => return None,
    };
    if tp.next().is_some() {
        return None;
    }
    let millis = match frac {
        None => 0,
        Some(f) => fraction_millis(f)?,
    };
    Some(DateTime {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
        millis,
    })
}

/// Parses a local date-time: `YYYY-MM-DD HH:MM`, optionally `:SS` and `.fff` (1–9 fraction
/// digits, truncated to ms), with a space or `T` between date and time (as
/// `<input type="datetime-local">` gives). Returns Unix ms (UTC) given the zone's
/// `Date.getTimezoneOffset()`. Times before 1970 are rejected (no TSO for them).
pub fn parse_datetime(input: &str, tz_offset_minutes: i32) -> Result<u64, String> {
    let s = input.trim();
    let dt = parse_civil(s, &[' ', 'T', 't'])
        .ok_or_else(|| format!("\"{s}\" is not a date-time like 2024-05-01 13:45:00"))?;
    if !dt.is_valid() {
        return Err(format!("\"{s}\" is not a valid calendar date-time"));
    }
    let utc = dt.to_unix_ms() + i64::from(tz_offset_minutes) * 60_000;
    u64::try_from(utc).map_err(|_| format!("\"{s}\" is before 1970-01-01 00:00:00 UTC"))
}

/// A TSO (logical 0) for a local date-time string; see [`parse_datetime`].
pub fn datetime_to_tso(input: &str, tz_offset_minutes: i32) -> Result<u64, String> {
    parse_datetime(input, tz_offset_minutes).map(|ms| from_physical_ms(ms, 0))
}

#[cfg(test)]
mod tests {

    #[test]
    fn fraction_millis_pads_and_truncates_like_go() {
        assert_eq!(super::fraction_millis("5"), Some(500));
        assert_eq!(super::fraction_millis("05"), Some(50));
        assert_eq!(super::fraction_millis("123"), Some(123));
        assert_eq!(super::fraction_millis("123999999"), Some(123));
        assert_eq!(super::fraction_millis(""), None);
        assert_eq!(super::fraction_millis("1234567890"), None);
        assert_eq!(super::fraction_millis("1a"), None);
    }

    use super::*;

    // API.md §6: 439749918821711874 = physical 1677512812888 (2023-02-27 23:46:52.888 +08:00), logical 2.
    const DOC_TSO: u64 = 439_749_918_821_711_874;

    #[test]
    fn splits_the_documented_tso() {
        assert_eq!(physical_ms(DOC_TSO), 1_677_512_812_888);
        assert_eq!(logical(DOC_TSO), 2);
        assert_eq!(from_physical_ms(1_677_512_812_888, 2), DOC_TSO);
        assert_eq!(from_physical_ms(1, 1 << 18), 1 << 18, "logical is masked");
        assert_eq!(
            tso_to_local_string(DOC_TSO, -480),
            "2023-02-27 23:46:52.888"
        );
        assert_eq!(tso_to_utc_string(DOC_TSO), "2023-02-27 15:46:52.888");
        assert_eq!(tso_to_local_string(DOC_TSO, 300), "2023-02-27 10:46:52.888");
        assert_eq!(tso_to_utc_string(0), "1970-01-01 00:00:00.000");
    }

    #[test]
    fn overwrite_tso_is_optional() {
        assert_eq!(parse_overwrite_tso("  "), Ok(None));
        assert_eq!(parse_overwrite_tso("0"), Ok(None));
        assert_eq!(
            parse_overwrite_tso(" 449530093020430337 "),
            Ok(Some(449_530_093_020_430_337))
        );
        assert!(parse_overwrite_tso("12a").is_err());
    }

    #[test]
    fn parse_tso_is_exact_and_strict() {
        assert_eq!(parse_tso(" 9007199254740993 "), Ok(9_007_199_254_740_993));
        assert_eq!(parse_tso("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse_tso("0"), Ok(0));
        assert!(parse_tso("").unwrap_err().contains("enter a TSO"));
        assert!(parse_tso("   ").is_err());
        assert!(parse_tso("-1").unwrap_err().contains("negative"));
        assert!(
            parse_tso("18446744073709551616")
                .unwrap_err()
                .contains("too large")
        );
        assert!(parse_tso("12a").unwrap_err().contains("'a'"));
        assert!(parse_tso("1e18").is_err());
        assert!(parse_tso("+5").is_err());
        assert!(parse_tso("4.5").is_err());
    }

    #[test]
    fn civil_conversions_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        for d in [
            -800_000i64,
            -1,
            0,
            1,
            59,
            60,
            365,
            10_957,
            19_000,
            2_932_896,
        ] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn parses_datetimes() {
        assert_eq!(
            parse_datetime("2023-02-27 23:46:52.888", -480),
            Ok(1_677_512_812_888)
        );
        assert_eq!(
            parse_datetime("2023-02-27T15:46:52.888", 0),
            Ok(1_677_512_812_888)
        );
        assert_eq!(parse_datetime("2023-02-27T15:46", 0), Ok(1_677_512_760_000));
        assert_eq!(
            parse_datetime("2023-02-27 15:46:52", 0),
            Ok(1_677_512_812_000)
        );
        assert_eq!(
            parse_datetime("2023-02-27 15:46:52.8", 0),
            Ok(1_677_512_812_800)
        );
        assert_eq!(
            parse_datetime("2023-02-27 15:46:52.888999", 0),
            Ok(1_677_512_812_888)
        );
        assert_eq!(parse_datetime("1970-01-01 00:00", 0), Ok(0));
        assert_eq!(
            datetime_to_tso("2023-02-27 23:46:52.888", -480),
            Ok(DOC_TSO - 2)
        );
        for bad in [
            "",
            "2023-02-27",
            "2023-2-27 10:00",
            "2023-02-30 10:00",
            "2023-02-27 24:00",
            "2023-02-27 10:60",
            "2023-02-27 10:00:61",
            "2023-02-27 10:00:00.",
            "x",
            "1969-12-31 23:59",
            "2023-02-27 10:00.5",
            "2023-02-27 10:00:00:00",
        ] {
            assert!(parse_datetime(bad, 0).is_err(), "{bad:?}");
        }
        assert!(parse_datetime("2024-02-29 00:00", 0).is_ok());
        assert!(parse_datetime("2023-02-29 00:00", 0).is_err());
    }

    #[test]
    fn input_format_round_trips() {
        let dt = local_datetime(1_677_512_812_000, -480);
        assert_eq!(dt.format_input(), "2023-02-27T23:46:52");
        assert_eq!(
            parse_datetime(&dt.format_input(), -480),
            Ok(1_677_512_812_000)
        );
    }

    proptest::proptest! {
        #[test]
        fn tso_text_round_trip(tso in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(parse_tso(&format_tso(tso)), Ok(tso));
            proptest::prop_assert_eq!(from_physical_ms(physical_ms(tso), logical(tso)), tso);
        }

        #[test]
        fn datetime_round_trip(ms in 0i64..253_402_000_000_000, off in -840i32..=720) {
            let s = local_datetime(ms, off).format();
            proptest::prop_assert_eq!(parse_datetime(&s, off), Ok(ms as u64));
        }
    }
}
