//! Form text: how each [`Kind`] of field shows a value and parses what was typed, and the
//! start/target positions typed as a TSO or a local date-time.

use serde_json::Value;

use super::schema::Kind;
use crate::api::{format_go_duration, parse_go_duration};
use crate::tso;

/// `\r`, `\n`, `\t` and `\` written as escapes, so a terminator or delimiter is visible.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape_text`]; an unknown escape is an error.
pub fn unescape_text(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('r') => out.push('\r'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(o) => return Err(format!("unknown escape \\{o}: use \\r, \\n, \\t or \\\\")),
            None => return Err("a lone \\ at the end: write \\\\ for a backslash".into()),
        }
    }
    Ok(out)
}

/// Non-empty trimmed lines.
pub fn parse_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// One exact u64 TSO per non-empty line.
pub fn parse_tso_lines(text: &str) -> Result<Vec<u64>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| tso::parse_tso(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// The form text for a value of `kind` (`None` → empty field).
pub fn format_field(kind: Kind, value: Option<&Value>) -> String {
    let Some(v) = value else { return String::new() };
    match (kind, v) {
        (Kind::Duration, Value::Number(n)) => n
            .as_i64()
            .map(format_go_duration)
            .unwrap_or_else(|| n.to_string()),
        (Kind::Escaped, Value::String(s)) => escape_text(s),
        (Kind::Lines | Kind::Events | Kind::TsoLines, Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (Kind::Bool, Value::Bool(b)) => b.to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// Parses a field's text into the value to store: `Ok(None)` = leave the key out (not sent).
pub fn parse_field(kind: Kind, text: &str) -> Result<Option<Value>, String> {
    let t = text.trim();
    match kind {
        Kind::Text | Kind::Choice(_) | Kind::DurationText => {
            if t.is_empty() {
                return Ok(None);
            }
            if kind == Kind::DurationText {
                parse_go_duration(t)?;
            }
            Ok(Some(Value::String(t.to_string())))
        }
        // Spaces may matter (a CSV null string); empty is a value.
        Kind::TextKeepEmpty => Ok(Some(Value::String(text.to_string()))),
        Kind::Escaped => {
            if text.is_empty() {
                return Ok(None);
            }
            unescape_text(text).map(|s| Some(Value::String(s)))
        }
        Kind::Bool => match t {
            "" => Ok(None),
            "true" => Ok(Some(Value::Bool(true))),
            "false" => Ok(Some(Value::Bool(false))),
            _ => Err("choose true or false".into()),
        },
        Kind::Int => {
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<i64>()
                .map(|n| Some(Value::from(n)))
                .map_err(|_| format!("\"{t}\" is not a whole number"))
        }
        Kind::UInt | Kind::Bytes => {
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<u64>()
                .map(|n| Some(Value::from(n)))
                .map_err(|_| format!("\"{t}\" is not a whole number ≥ 0"))
        }
        Kind::Float => {
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(serde_json::Number::from_f64(f).map(Value::Number)),
                _ => Err(format!("\"{t}\" is not a number")),
            }
        }
        Kind::Duration => {
            if t.is_empty() {
                return Ok(None);
            }
            parse_go_duration(t).map(|d| Some(Value::from(d.0)))
        }
        Kind::Lines | Kind::Events => {
            let lines = parse_lines(text);
            Ok((!lines.is_empty()).then(|| Value::from(lines)))
        }
        Kind::TsoLines => {
            let tsos = parse_tso_lines(text)?;
            Ok((!tsos.is_empty()).then(|| Value::from(tsos)))
        }
    }
}

/// Whether the field's current text already stands for `value` (then the text is left alone
/// while the user types, e.g. a trailing newline in a list).
pub fn text_matches(kind: Kind, text: &str, value: Option<&Value>) -> bool {
    match parse_field(kind, text) {
        Ok(parsed) => parsed.as_ref() == value,
        Err(_) => false,
    }
}

/// A start or target position typed as a TSO (digits) or a local date-time
/// (`2024-05-01 13:45[:00[.000]]`, `T` allowed). Empty → `None` (start: now; target: none).
/// `tz_offset_minutes` is `Date.getTimezoneOffset()` at that time.
pub fn parse_tso_or_datetime(text: &str, tz_offset_minutes: i32) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return tso::parse_tso(t).map(Some);
    }
    tso::datetime_to_tso(t, tz_offset_minutes)
        .map(Some)
        .map_err(|_| {
            format!("\"{t}\" is neither a TSO (digits) nor a date-time like 2024-05-01 13:45:00")
        })
}

/// The other representation of what was typed: for a TSO its date-time, for a date-time its
/// TSO. `tz_offset_minutes` as in [`parse_tso_or_datetime`].
pub fn describe_position(text: &str, tso_value: u64, tz_offset_minutes: i32) -> String {
    let t = text.trim();
    if t.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "= {} local · {} UTC",
            tso::tso_to_local_string(tso_value, tz_offset_minutes),
            tso::tso_to_utc_string(tso_value)
        )
    } else {
        format!(
            "= TSO {tso_value} ({} UTC)",
            tso::tso_to_utc_string(tso_value)
        )
    }
}
