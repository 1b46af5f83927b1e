//! TSOs and TiCDC's time formats.
//!
//! A TSO is `(physical_ms << 18) | logical` (tikv/client-go `oracle/oracle.go`). `JSONTime`
//! ([TF] `cdc/model/http_model.go`) renders Go's layout `2006-01-02 15:04:05.000` in the
//! server's local zone; the simulator's local zone is **UTC**, so every JSONTime and every
//! RFC3339Nano time it emits is UTC (`…Z`). No date crate: civil-from-days is ten lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// Bits of the logical part of a TSO.
pub const LOGICAL_BITS: u32 = 18;
/// What Go renders for a zero `time.Time` through `JSONTime`.
pub const ZERO_JSON_TIME: &str = "0001-01-01 00:00:00.000";
/// What Go renders for a zero `time.Time` through RFC3339Nano.
pub const ZERO_RFC3339: &str = "0001-01-01T00:00:00Z";

/// Wall clock in ms since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Wall clock in ns since the Unix epoch.
pub fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Composes a TSO.
pub fn tso(physical_ms: u64, logical: u64) -> u64 {
    (physical_ms << LOGICAL_BITS) | (logical & ((1 << LOGICAL_BITS) - 1))
}

/// Physical milliseconds of a TSO (`oracle.ExtractPhysical`).
pub fn physical(ts: u64) -> u64 {
    ts >> LOGICAL_BITS
}

/// The simulated PD's TSO allocator: wall clock, monotonic, logical counter within one ms.
#[derive(Debug, Default)]
pub struct TsoClock {
    last_ms: u64,
    logical: u64,
}

impl TsoClock {
    /// Allocates the next TSO (strictly increasing).
    pub fn allocate(&mut self) -> u64 {
        let now = now_ms();
        if now > self.last_ms {
            self.last_ms = now;
            self.logical = 0;
        } else {
            self.logical += 1;
            if self.logical >= 1 << LOGICAL_BITS {
                self.last_ms += 1;
                self.logical = 0;
            }
        }
        tso(self.last_ms, self.logical)
    }

    /// Physical ms of the clock without allocating a TSO.
    pub fn physical_now(&self) -> u64 {
        now_ms().max(self.last_ms)
    }
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn split(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    (
        y,
        mo,
        d,
        (rem / 3600) as u32,
        ((rem % 3600) / 60) as u32,
        (rem % 60) as u32,
    )
}

/// `JSONTime` of a Unix time in ms: `YYYY-MM-DD hh:mm:ss.mmm` (UTC).
pub fn json_time_ms(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = split((ms / 1000) as i64);
    format!(
        "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{:03}",
        ms % 1000
    )
}

/// `JSONTime` of a TSO (`oracle.GetTimeFromTS`).
pub fn json_time_tso(ts: u64) -> String {
    json_time_ms(physical(ts))
}

/// Go's `time.Time` JSON encoding (RFC3339Nano, trailing zeros trimmed, `Z` for UTC).
pub fn rfc3339_nano(ns_since_epoch: u128) -> String {
    let secs = (ns_since_epoch / 1_000_000_000) as i64;
    let nanos = (ns_since_epoch % 1_000_000_000) as u32;
    let (y, mo, d, h, mi, s) = split(secs);
    let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Go's `time.Duration.String()` (`1h0m0s`, `30s`, `1.5ms`).
pub fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let sign = if ns < 0 { "-" } else { "" };
    let u = ns.unsigned_abs();
    fn frac(v: u64, div: u64) -> String {
        let (int, f) = (v / div, v % div);
        if f == 0 {
            return int.to_string();
        }
        let width = div.to_string().len() - 1;
        let digits = format!("{f:0width$}");
        format!("{int}.{}", digits.trim_end_matches('0'))
    }
    let body = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", frac(u, 1_000))
    } else if u < 1_000_000_000 {
        format!("{}ms", frac(u, 1_000_000))
    } else {
        let h = u / 3_600_000_000_000;
        let m = (u % 3_600_000_000_000) / 60_000_000_000;
        let s = u % 60_000_000_000;
        let mut out = String::new();
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&format!("{}s", frac(s, 1_000_000_000)));
        out
    };
    format!("{sign}{body}")
}

/// Go's `time.ParseDuration`; the error text is Go's.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    let err = || format!("time: invalid duration \"{s}\"");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(err());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(err());
        }
        let num: f64 = rest[..num_len].parse().map_err(|_| err())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration \"{s}\"")),
            u => return Err(format!("time: unknown unit \"{u}\" in duration \"{s}\"")),
        };
        rest = &rest[unit_len..];
        total += num * unit;
    }
    if total > i64::MAX as f64 {
        return Err(err());
    }
    Ok(if neg { -(total as i64) } else { total as i64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        // 439749918821711874 = 2023-02-27 15:46:52.888 UTC (API.md §6 example, +08:00 there).
        assert_eq!(
            json_time_tso(439_749_918_821_711_874),
            "2023-02-27 15:46:52.888"
        );
        assert_eq!(
            rfc3339_nano(1_701_153_217_279_123_000),
            "2023-11-28T06:33:37.279123Z"
        );
        assert_eq!(
            rfc3339_nano(1_701_153_217_000_000_000),
            "2023-11-28T06:33:37Z"
        );
        assert_eq!(json_time_ms(0), "1970-01-01 00:00:00.000");
    }

    #[test]
    fn durations() {
        assert_eq!(go_duration(10_000_000_000), "10s");
        assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(go_duration(90_000_000_000), "1m30s");
        assert_eq!(go_duration(1_500_000), "1.5ms");
        assert_eq!(parse_go_duration("1h30m").unwrap(), 5_400_000_000_000);
        assert_eq!(parse_go_duration("10m").unwrap(), 600_000_000_000);
        assert_eq!(parse_go_duration("1.5s").unwrap(), 1_500_000_000);
        assert!(parse_go_duration("abc").is_err());
        assert!(parse_go_duration("10").is_err());
    }

    #[test]
    fn clock_is_monotonic() {
        let mut c = TsoClock::default();
        let a = c.allocate();
        let b = c.allocate();
        assert!(b > a);
        assert!(a > 1 << 53);
    }
}
