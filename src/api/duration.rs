//! Go durations as TiCDC's `JSONDuration` puts them on the wire.
//!
//! TiCDC (`cdc/api/v2/model.go` `JSONDuration`) answers with integer nanoseconds but accepts an
//! integer, a float (truncated) or a Go duration string such as `"10m"` or `"1h30m"`. The console
//! always sends integers; the string forms exist for form fields.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const NS: u64 = 1;
const US: u64 = 1_000;
const MS: u64 = 1_000_000;
const SEC: u64 = 1_000_000_000;
const MIN: u64 = 60 * SEC;
const HOUR: u64 = 60 * MIN;

/// A Go `time.Duration` in nanoseconds. Decodes from integer ns, float ns or a Go duration string;
/// encodes as integer ns (what TiCDC emits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonDuration(pub i64);

impl JsonDuration {
    /// `secs` seconds.
    pub const fn from_secs(secs: i64) -> Self {
        JsonDuration(secs * SEC as i64)
    }
    /// `mins` minutes.
    pub const fn from_mins(mins: i64) -> Self {
        JsonDuration(mins * MIN as i64)
    }
    /// `hours` hours.
    pub const fn from_hours(hours: i64) -> Self {
        JsonDuration(hours * HOUR as i64)
    }
    /// The value in nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }
}

impl fmt::Display for JsonDuration {
    /// The compact Go-style form of [`format_go_duration`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_go_duration(self.0))
    }
}

impl Serialize for JsonDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for JsonDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = JsonDuration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration: integer nanoseconds or a Go duration string like \"10m\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<JsonDuration, E> {
                Ok(JsonDuration(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<JsonDuration, E> {
                i64::try_from(v)
                    .map(JsonDuration)
                    .map_err(|_| E::custom(format!("duration {v} ns overflows an int64")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<JsonDuration, E> {
                // Go's JSONDuration converts a float64 with int64(v): truncation toward zero.
                if v.is_finite() && v >= i64::MIN as f64 && v < i64::MAX as f64 {
                    Ok(JsonDuration(v.trunc() as i64))
                } else {
                    Err(E::custom(format!("duration {v} ns overflows an int64")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonDuration, E> {
                parse_go_duration(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

fn unit_ns(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => NS,
        "us" | "\u{b5}s" | "\u{3bc}s" => US,
        "ms" => MS,
        "s" => SEC,
        "m" => MIN,
        "h" => HOUR,
        _ => return None,
    })
}

/// Parses a Go duration string (`time.ParseDuration`): an optional sign and a sequence of decimal
/// numbers with optional fraction and a unit (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), e.g. `"10m"`,
/// `"1h30m"`, `"1.5h"`, `"300ms"`, `"2h45m0.5s"`, `"-1m"`. `"0"` alone is allowed.
/// Surrounding whitespace is ignored. Fractions are computed exactly (truncated to whole ns).
pub fn parse_go_duration(input: &str) -> Result<JsonDuration, String> {
    let orig = input.trim();
    let invalid = || format!("invalid duration \"{orig}\": use e.g. 10m, 1h30m, 45s, 300ms");
    let mut s = orig;
    let mut neg = false;
    if let Some(rest) = s.strip_prefix('-') {
        neg = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(JsonDuration(0));
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(r) => {
                let n = r.bytes().take_while(u8::is_ascii_digit).count();
                r.split_at(n)
            }
            None => ("", rest),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let (unit, rest) = rest.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!(
                "missing unit in duration \"{orig}\" (ns, us, ms, s, m, h)"
            ));
        }
        let unit = unit_ns(unit).ok_or_else(|| {
            format!("unknown unit \"{unit}\" in duration \"{orig}\" (ns, us, ms, s, m, h)")
        })?;
        let int: u128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse::<u128>().map_err(|_| invalid())?
        };
        let mut frac_ns: u128 = 0;
        if !frac_part.is_empty() {
            // 20 digits keep num * unit within u128; later digits are below a nanosecond.
            let digits = &frac_part[..frac_part.len().min(20)];
            let num: u128 = digits.parse().map_err(|_| invalid())?;
            frac_ns = num * unit as u128 / 10u128.pow(digits.len() as u32);
        }
        total = int
            .checked_mul(unit as u128)
            .and_then(|v| v.checked_add(frac_ns))
            .and_then(|v| v.checked_add(total))
            .ok_or_else(|| format!("duration \"{orig}\" is too large"))?;
        if total > 1u128 << 63 {
            return Err(format!("duration \"{orig}\" is too large"));
        }
        s = rest;
    }
    if neg {
        Ok(JsonDuration((total as i128).wrapping_neg() as i64))
    } else if total > i64::MAX as u128 {
        Err(format!("duration \"{orig}\" is too large"))
    } else {
        Ok(JsonDuration(total as i64))
    }
}

fn push_decimal(out: &mut String, whole: u64, frac: u64, frac_digits: usize, unit: &str) {
    out.push_str(&whole.to_string());
    if frac != 0 {
        let f = format!("{frac:0frac_digits$}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out.push_str(unit);
}

/// Formats nanoseconds as a compact Go duration string that [`parse_go_duration`] reads back
/// exactly: like Go's `Duration.String()` but without zero components, so 10 minutes is `"10m"`
/// (Go: `"10m0s"`), 90 minutes `"1h30m"`, 2 hours `"2h"`, 2.5 seconds `"2.5s"`, `"300ms"`,
/// `"1.5µs"`, `"0s"`, `"-1m"`.
pub fn format_go_duration(ns: i64) -> String {
    let mut out = String::new();
    if ns < 0 {
        out.push('-');
    }
    let total = ns.unsigned_abs();
    if total == 0 {
        return "0s".to_string();
    }
    if total < US {
        push_decimal(&mut out, total, 0, 0, "ns");
    } else if total < MS {
        push_decimal(&mut out, total / US, total % US, 3, "\u{b5}s");
    } else if total < SEC {
        push_decimal(&mut out, total / MS, total % MS, 6, "ms");
    } else {
        let h = total / HOUR;
        let m = (total % HOUR) / MIN;
        let rem = total % MIN;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        if rem > 0 {
            push_decimal(&mut out, rem / SEC, rem % SEC, 9, "s");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> i64 {
        parse_go_duration(s).unwrap().0
    }

    #[test]
    fn parses_go_forms() {
        assert_eq!(p("10m"), 600_000_000_000);
        assert_eq!(p("1h30m"), 5_400_000_000_000);
        assert_eq!(p("1.5h"), 5_400_000_000_000);
        assert_eq!(p("300ms"), 300_000_000);
        assert_eq!(p("2h45m0.5s"), 9_900_500_000_000);
        assert_eq!(p("-1m"), -60_000_000_000);
        assert_eq!(p("+5s"), 5_000_000_000);
        assert_eq!(p("0"), 0);
        assert_eq!(p("-0"), 0);
        assert_eq!(p("1us"), 1_000);
        assert_eq!(p("1µs"), 1_000);
        assert_eq!(p("1μs"), 1_000);
        assert_eq!(p("7ns"), 7);
        assert_eq!(p(".5s"), 500_000_000);
        assert_eq!(p("1.s"), 1_000_000_000);
        assert_eq!(p(" 24h "), 86_400_000_000_000);
        assert_eq!(p("1.000000001s"), 1_000_000_001);
        assert_eq!(p("2562047h47m16.854775807s"), i64::MAX);
        assert_eq!(p("-2562047h47m16.854775808s"), i64::MIN);
    }

    #[test]
    fn rejects_bad_forms() {
        for bad in [
            "",
            "-",
            "10",
            "1x",
            "h",
            ".s",
            "1..5s",
            "1h 30m",
            "abc",
            "1e3s",
            "2562047h47m16.854775808s",
            "99999999999999999999h",
        ] {
            assert!(
                parse_go_duration(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert!(
            parse_go_duration("10")
                .unwrap_err()
                .contains("missing unit")
        );
        assert!(
            parse_go_duration("1d")
                .unwrap_err()
                .contains("unknown unit \"d\"")
        );
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_go_duration(0), "0s");
        assert_eq!(format_go_duration(600_000_000_000), "10m");
        assert_eq!(format_go_duration(5_400_000_000_000), "1h30m");
        assert_eq!(format_go_duration(7_200_000_000_000), "2h");
        assert_eq!(format_go_duration(86_400_000_000_000), "24h");
        assert_eq!(format_go_duration(2_500_000_000), "2.5s");
        assert_eq!(format_go_duration(90_000_000_000), "1m30s");
        assert_eq!(format_go_duration(9_900_500_000_000), "2h45m0.5s");
        assert_eq!(format_go_duration(300_000_000), "300ms");
        assert_eq!(format_go_duration(1_500), "1.5µs");
        assert_eq!(format_go_duration(7), "7ns");
        assert_eq!(format_go_duration(-60_000_000_000), "-1m");
        assert_eq!(format_go_duration(i64::MIN), "-2562047h47m16.854775808s");
    }

    #[test]
    fn serde_accepts_ns_float_and_string_and_writes_ns() {
        let d: JsonDuration = serde_json::from_str("600000000000").unwrap();
        assert_eq!(d, JsonDuration::from_mins(10));
        let d: JsonDuration = serde_json::from_str("\"1h30m\"").unwrap();
        assert_eq!(d, JsonDuration::from_mins(90));
        let d: JsonDuration = serde_json::from_str("1.9").unwrap();
        assert_eq!(d, JsonDuration(1));
        let d: JsonDuration = serde_json::from_str("-5").unwrap();
        assert_eq!(d, JsonDuration(-5));
        assert!(serde_json::from_str::<JsonDuration>("\"ten\"").is_err());
        assert!(serde_json::from_str::<JsonDuration>("true").is_err());
        assert!(serde_json::from_str::<JsonDuration>("18446744073709551615").is_err());
        assert_eq!(
            serde_json::to_string(&JsonDuration::from_hours(24)).unwrap(),
            "86400000000000"
        );
    }

    proptest::proptest! {
        #[test]
        fn format_then_parse_is_identity(ns in proptest::num::i64::ANY) {
            proptest::prop_assert_eq!(parse_go_duration(&format_go_duration(ns)).unwrap().0, ns);
        }
    }
}
