//! The changefeed config editor's logic, without Leptos, tested natively.
//!
//! The editor keeps the whole `ChangefeedConfig` body as one `serde_json::Value`: the form
//! fields read and write it by dotted path (`replica_config.sink.csv.delimiter`), the JSON view
//! is its pretty text, and unknown keys the console does not model simply stay in it. Numbers
//! in a `Value` are exact `u64`/`i64`, so TSOs above 2^53 survive every round trip. The typed
//! DTOs (`crate::api`) are the gate: a value reaches TiCDC only after it decodes as a
//! [`ChangefeedConfig`] and passes [`validate_form`].
//!
//! Here: paths into a `Value`, parsing and formatting of form text ([`Kind`]), the field schema
//! ([`schema`]), JSON view ↔ config, the semantic diff shown before an update, the create and
//! update payloads (update: full config, `sink_uri` `""` unless the user really changed it,
//! API.md §4.4), extra client-side rules, and the guided pause → update → resume steps.

pub mod schema;

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::api::validate::{
    FieldError, SinkKind, sink_query_param, sink_scheme, validate_changefeed_config,
};
use crate::api::{ChangeFeedInfo, ChangefeedConfig, format_go_duration, parse_go_duration};
use crate::tso;

pub use schema::{EVENT_NAMES, Field, Group, Kind, PROTOCOLS, RowList};

// ---- Value <-> DTO, through text ----------------------------------------------------------------
//
// Converting through a JSON string (instead of `serde_json::to_value`/`from_value`) reuses the
// serializer and the path-reporting deserializer the wire layer already instantiates for every
// DTO, instead of compiling a second copy of each for `Value`: about 200 kB less wasm.

/// A DTO as a `Value` (via its JSON text; exact integers).
fn to_body_value<T: serde::Serialize>(dto: &T) -> Value {
    serde_json::to_string(dto)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null)
}

/// Decodes JSON text as a `ChangefeedConfig`, naming the path and position of a failure.
fn decode_text(text: &str) -> Result<ChangefeedConfig, JsonError> {
    let position = |e: &serde_json::Error, path: Option<String>| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position is shown separately.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        JsonError {
            line: e.line(),
            column: e.column(),
            path,
            message,
        }
    };
    let mut de = serde_json::Deserializer::from_str(text);
    // Plain deserializer + `json_error_path`: see `decode_json`.
    let cfg: ChangefeedConfig = serde::Deserialize::deserialize(&mut de).map_err(|e| {
        let path = crate::api::error::json_error_path(text, &e);
        position(&e, (path != "." && !path.is_empty()).then_some(path))
    })?;
    de.end().map_err(|e| position(&e, None))?;
    Ok(cfg)
}

// ---- paths ------------------------------------------------------------------------------------

/// The value at a dotted path (`replica_config.filter.event_filters.0.matcher`); numeric
/// segments index arrays. `null` counts as absent.
pub fn get_path<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = root;
    for seg in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    (!cur.is_null()).then_some(cur)
}

/// Sets (`Some`) or removes (`None`) the value at a dotted path, creating missing objects on
/// the way. Array segments must name an existing element (rows are added with [`push_row`]).
pub fn set_path(root: &mut Value, path: &str, value: Option<Value>) {
    let segs: Vec<&str> = path.split('.').collect();
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut cur = root;
    for seg in parents {
        if cur.is_null() {
            if value.is_none() {
                return;
            }
            *cur = Value::Object(Map::new());
        }
        cur = match cur {
            Value::Object(m) => {
                if value.is_none() && !m.contains_key(*seg) {
                    return;
                }
                m.entry(seg.to_string()).or_insert(Value::Null)
            }
            Value::Array(a) => match seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    if cur.is_null() && value.is_some() {
        *cur = Value::Object(Map::new());
    }
    match (cur, value) {
        (Value::Object(m), Some(v)) => {
            m.insert(last.to_string(), v);
        }
        (Value::Object(m), None) => {
            m.shift_remove(*last);
        }
        (Value::Array(a), v) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *slot = v.unwrap_or(Value::Null);
            }
        }
        _ => {}
    }
}

/// Appends `item` to the array at `path` (created when absent).
pub fn push_row(root: &mut Value, path: &str, item: Value) {
    match get_path(root, path) {
        Some(Value::Array(_)) => {}
        _ => set_path(root, path, Some(Value::Array(Vec::new()))),
    }
    if let Some(Value::Array(a)) = get_path_mut(root, path) {
        a.push(item);
    }
}

/// Removes element `index` of the array at `path`; an emptied array is removed (not sent).
pub fn remove_row(root: &mut Value, path: &str, index: usize) {
    let now_empty = match get_path_mut(root, path) {
        Some(Value::Array(a)) if index < a.len() => {
            a.remove(index);
            a.is_empty()
        }
        _ => return,
    };
    if now_empty {
        set_path(root, path, None);
    }
}

/// The number of elements of the array at `path` (0 when absent).
pub fn row_count(root: &Value, path: &str) -> usize {
    match get_path(root, path) {
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

fn get_path_mut<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut cur = root;
    for seg in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get_mut(seg)?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// An element id for the input of `path` (`cf-replica_config-sink-csv-delimiter`).
pub fn field_dom_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 3);
    id.push_str("cf-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            c
        } else {
            '-'
        });
    }
    id
}

/// The human name of a field path, for the error summary ("Sink › Protocol",
/// "Dispatcher 2 › Topic"); the path itself when unknown.
pub fn label_for(path: &str) -> String {
    let fixed = match path {
        "changefeed_id" => Some("Changefeed ID"),
        "namespace" => Some("Namespace"),
        "sink_uri" => Some("Sink URI"),
        "start_ts" => Some("Start position"),
        "target_ts" => Some("Target position"),
        "json" => Some("JSON view"),
        _ => None,
    };
    if let Some(l) = fixed {
        return l.to_string();
    }
    for g in schema::ALL_GROUPS {
        for f in g.fields {
            if schema::full_path(g.base, f.key) == path {
                return format!("{} › {}", g.title, f.label);
            }
        }
    }
    for l in schema::ALL_LISTS {
        let Some(rest) = path.strip_prefix(l.path).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let (index, key) = rest.split_once('.').unwrap_or((rest, ""));
        let Ok(i) = index.parse::<usize>() else {
            continue;
        };
        let mut item = l.item.to_string();
        if let Some(first) = item.get(..1) {
            item = first.to_ascii_uppercase() + &item[1..];
        }
        let field = l
            .fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label)
            .unwrap_or(key);
        return format!("{item} {} › {field}", i + 1);
    }
    path.to_string()
}

// ---- defaults -----------------------------------------------------------------------------------

/// The create form's starting value: TiCDC's published default replica config (API.md §3.1)
/// and nothing else (no id, no sink, start = now).
pub fn create_initial() -> Value {
    let rc: Value =
        serde_json::from_str(crate::api::DEFAULT_REPLICA_CONFIG_JSON).unwrap_or(Value::Null);
    let mut body = Map::new();
    body.insert("replica_config".into(), rc);
    Value::Object(body)
}

fn default_root() -> &'static Value {
    static DEFAULT: OnceLock<Value> = OnceLock::new();
    DEFAULT.get_or_init(create_initial)
}

/// TiCDC's default for a path of the body (`replica_config.mounter.worker_num` → 16), if it
/// has one.
pub fn default_at(path: &str) -> Option<&'static Value> {
    get_path(default_root(), path)
}

/// The default of `path` as the form shows it ("16", "10m", "on", "1 GiB (1073741824)").
pub fn default_text(kind: Kind, path: &str) -> Option<String> {
    let v = default_at(path)?;
    Some(match (kind, v) {
        (Kind::Bool, Value::Bool(b)) => if *b { "on" } else { "off" }.to_string(),
        (Kind::Bytes, Value::Number(n)) => match n.as_u64() {
            Some(b) => format!("{} ({b})", crate::format::format_bytes(b)),
            None => n.to_string(),
        },
        (Kind::Escaped, Value::String(s)) => format!("\"{}\"", escape_text(s)),
        (_, Value::String(s)) => format!("\"{s}\""),
        _ => format_field(kind, Some(v)),
    })
}

/// A clone of an existing changefeed for the create form (`/create?from=<id>`): its config,
/// sink URI (masked as TiCDC returns it) and target, with no id and no start TSO.
pub fn clone_initial(info: &ChangeFeedInfo) -> Value {
    let cfg = ChangefeedConfig {
        sink_uri: info.sink_uri.clone(),
        target_ts: info.target_ts.filter(|t| *t != 0),
        replica_config: info.config.clone(),
        ..Default::default()
    };
    let mut body = to_body_value(&cfg);
    if info.config.is_none() {
        // Not through `ReplicaConfig::ticdc_default()`: that would compile another decoder.
        set_path(
            &mut body,
            "replica_config",
            create_initial().get("replica_config").cloned(),
        );
    }
    body
}

/// The update form's starting value: the changefeed's id (read-only), sink URI (masked),
/// target and full config as GET returned them. `start_ts` is left out: TiCDC ignores it on
/// update (API.md §4.4).
pub fn edit_initial(info: &ChangeFeedInfo) -> Value {
    let cfg = ChangefeedConfig {
        changefeed_id: info.id.clone(),
        sink_uri: info.sink_uri.clone(),
        target_ts: info.target_ts.filter(|t| *t != 0),
        replica_config: Some(info.config.clone().unwrap_or_default()),
        ..Default::default()
    };
    to_body_value(&cfg)
}

// ---- field text -----------------------------------------------------------------------------------

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

// ---- JSON view ------------------------------------------------------------------------------------

/// Why the JSON text cannot be used, with its 1-based position when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// The JSON path of a value of the wrong type (`replica_config.memory_quota`), if any.
    pub path: Option<String>,
    /// serde's explanation.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}: ", self.line, self.column)?;
        }
        if let Some(p) = &self.path {
            write!(f, "at {p}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The JSON view's text for a body: pretty, TiCDC's key order, exact integers.
pub fn to_json_text(body: &Value) -> String {
    serde_json::to_string_pretty(body).unwrap_or_default()
}

/// Reads the JSON view's text: it must be a JSON object that decodes as a `ChangefeedConfig`.
/// Returns the normalized body (durations given as `"10m"` become nanoseconds, as TiCDC
/// stores them), which the form then shows.
pub fn parse_json_text(text: &str) -> Result<Value, JsonError> {
    decode_text(text).map(|cfg| to_body_value(&cfg))
}

/// Decodes the editor's value as the typed body.
pub fn decode_body(body: &Value) -> Result<ChangefeedConfig, String> {
    let text = serde_json::to_string(body).map_err(|e| e.to_string())?;
    decode_text(&text).map_err(|e| match e.path {
        Some(p) => format!("at {p}: {}", e.message),
        None => e.message,
    })
}

// ---- diff ---------------------------------------------------------------------------------------------

/// One changed leaf between two bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Dotted path (`replica_config.sink.protocol`).
    pub path: String,
    /// Old value as compact JSON (with a Go duration for duration fields); `None` = absent.
    pub old: Option<String>,
    /// New value, as `old`.
    pub new: Option<String>,
}

/// Keys whose numbers are nanosecond durations (shown with their Go form in the diff).
const DURATION_KEYS: &[&str] = &[
    "sync_point_interval",
    "sync_point_retention",
    "changefeed_error_stuck_duration",
    "active_active_progress_interval",
    "active_active_sync_stats_interval",
    "region_count_refresh_interval",
];

fn show(key: &str, v: &Value) -> String {
    match v {
        Value::Number(n) if DURATION_KEYS.contains(&key) => match n.as_i64() {
            Some(ns) => format!("{n} ({})", format_go_duration(ns)),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// What changed from `old` to `new`, leaf by leaf, in `old`'s key order then new keys.
/// `null` equals absent; arrays of equal length are compared element-wise, others whole.
pub fn diff_values(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    diff_into("", "", old, new, &mut out);
    out
}

fn diff_into(path: &str, key: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (old, new) {
        (a, b) if a == b => {}
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                diff_into(&join(k), k, va, b.get(k).unwrap_or(&Value::Null), out);
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                diff_into(&join(k), k, &Value::Null, vb, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                diff_into(&join(&i.to_string()), key, va, vb, out);
            }
        }
        // An absent object vs an empty one says nothing.
        (Value::Null, Value::Object(m)) | (Value::Object(m), Value::Null) if m.is_empty() => {}
        (Value::Null, Value::Object(b)) => {
            for (k, vb) in b {
                diff_into(&join(k), k, &Value::Null, vb, out);
            }
        }
        (Value::Object(a), Value::Null) => {
            for (k, va) in a {
                diff_into(&join(k), k, va, &Value::Null, out);
            }
        }
        _ => out.push(Change {
            path: path.to_string(),
            old: (!old.is_null()).then(|| show(key, old)),
            new: (!new.is_null()).then(|| show(key, new)),
        }),
    }
}

// ---- payloads -----------------------------------------------------------------------------------------

/// Whether a sink URI still carries TiCDC's mask (`user:xxxxx@`, `sasl-password=xxxxx`): sent
/// back, it would set the password to "xxxxx".
pub fn has_masked_password(uri: &str) -> bool {
    uri.contains(":xxxxx@") || sink_query_param(uri, "sasl-password") == Some("xxxxx")
}

/// The POST body: the edited config with the id and sink trimmed, and an empty id left out
/// (TiCDC then generates one).
pub fn create_payload(edited: &ChangefeedConfig) -> ChangefeedConfig {
    let mut cfg = edited.clone();
    cfg.changefeed_id = cfg
        .changefeed_id
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    cfg.sink_uri = cfg.sink_uri.map(|s| s.trim().to_string());
    cfg
}

/// The sink URI an update body should carry: `""` (TiCDC keeps the current one) when the field
/// is empty or still the masked URI from GET; otherwise the new URI.
pub fn update_sink_uri(edited: Option<&str>, original_masked: &str) -> String {
    let s = edited.unwrap_or("").trim();
    if s.is_empty() || s == original_masked.trim() {
        String::new()
    } else {
        s.to_string()
    }
}

/// The PUT body: the FULL edited config (TiCDC resets whatever a PUT omits, API.md §4.4), its
/// unknown keys included, `sink_uri` per [`update_sink_uri`], and none of the create-only keys
/// (`changefeed_id`, `namespace`, `start_ts`) that TiCDC ignores on update.
pub fn update_payload(edited: &ChangefeedConfig, original_masked_sink: &str) -> ChangefeedConfig {
    let mut cfg = edited.clone();
    cfg.sink_uri = Some(update_sink_uri(
        edited.sink_uri.as_deref(),
        original_masked_sink,
    ));
    cfg.changefeed_id = None;
    cfg.namespace = None;
    cfg.start_ts = None;
    for key in ["changefeed_id", "namespace", "start_ts"] {
        cfg.extra.shift_remove(key);
    }
    cfg
}

/// The edited body as it compares against the GET one: an empty sink field means "keep".
pub fn effective_update_body(edited: &Value, original_masked_sink: &str) -> Value {
    let mut v = edited.clone();
    let empty = get_path(&v, "sink_uri")
        .and_then(Value::as_str)
        .is_none_or(|s| s.trim().is_empty());
    if empty && !original_masked_sink.is_empty() {
        set_path(
            &mut v,
            "sink_uri",
            Some(Value::String(original_masked_sink.to_string())),
        );
    }
    if get_path(&v, "target_ts").and_then(Value::as_u64) == Some(0) {
        set_path(&mut v, "target_ts", None);
    }
    v
}

// ---- validation ---------------------------------------------------------------------------------------

/// Which form is being validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// New changefeed (POST).
    Create,
    /// Existing changefeed (PUT).
    Update {
        /// The sink URI as GET returned it (masked).
        original_sink: String,
        /// The changefeed's `start_ts` (a new target must be after it).
        start_ts: u64,
    },
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// TiCDC's rules ([`validate_changefeed_config`]) plus what TiCDC checks later when it builds
/// the sink: a known protocol, a protocol for Kafka, csv/canal-json for storage, a schema
/// registry for Avro, Go duration strings, and no masked password sent back.
pub fn validate_form(cfg: &ChangefeedConfig, mode: &FormMode) -> Vec<FieldError> {
    let mut cfg = cfg.clone();
    let is_create = *mode == FormMode::Create;
    let mut unchanged_update = false;
    if let FormMode::Update {
        original_sink,
        start_ts,
    } = mode
    {
        // An empty field keeps the current sink: validate against that one.
        if update_sink_uri(cfg.sink_uri.as_deref(), original_sink).is_empty() {
            cfg.sink_uri = Some(original_sink.clone());
            unchanged_update = true;
        }
        // TiCDC ignores `start_ts` on update and checks the target against the stored start.
        cfg.start_ts = Some(*start_ts);
    }
    let mut errs = validate_changefeed_config(&cfg, is_create);
    if !is_create {
        for e in errs.iter_mut().filter(|e| e.field == "target_ts") {
            let (t, s) = (cfg.target_ts.unwrap_or(0), cfg.start_ts.unwrap_or(0));
            e.message = format!("can not update target_ts:{t} less than start_ts:{s}");
        }
    }
    let uri = cfg.sink_uri.as_deref().unwrap_or("").trim().to_string();
    if !unchanged_update && has_masked_password(&uri) {
        errs.push(err(
            "sink_uri",
            "the sink URI still contains the masked password \"xxxxx\" that TiCDC returns: re-enter the real password",
        ));
    }

    let kind = sink_scheme(&uri).and_then(|s| SinkKind::from_scheme(&s));
    let Some(rc) = &cfg.replica_config else {
        return errs;
    };
    let sink = rc.sink.clone().unwrap_or_default();
    let cfg_protocol = sink.protocol.as_deref().filter(|p| !p.is_empty());
    let uri_protocol = sink_query_param(&uri, "protocol").filter(|p| !p.is_empty());
    for (field, p) in [
        ("replica_config.sink.protocol", cfg_protocol),
        ("sink_uri", uri_protocol),
    ] {
        if let Some(p) = p.filter(|p| !PROTOCOLS.contains(p)) {
            errs.push(err(
                field,
                format!(
                    "unknown '{p}' message protocol for sink (use one of {})",
                    PROTOCOLS.join(", ")
                ),
            ));
        }
    }
    let protocol = uri_protocol.or(cfg_protocol);
    match (kind, protocol) {
        (Some(SinkKind::Kafka), None) => errs.push(err(
            "replica_config.sink.protocol",
            "a Kafka sink needs a protocol: choose one here or add ?protocol= to the sink URI",
        )),
        (Some(SinkKind::Storage), Some(p)) if !matches!(p, "csv" | "canal-json") => errs.push(err(
            "replica_config.sink.protocol",
            format!("cloud storage sinks support only csv and canal-json, not {p}"),
        )),
        (Some(SinkKind::Storage), None) => errs.push(err(
            "replica_config.sink.protocol",
            "a storage sink needs a protocol: csv or canal-json (here or ?protocol= in the URI)",
        )),
        _ => {}
    }
    if protocol == Some("avro") && kind.is_some_and(SinkKind::is_mq) {
        let has_registry = sink
            .schema_registry
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
            || sink
                .kafka_config
                .as_ref()
                .is_some_and(|k| k.glue_schema_registry_config.is_some());
        if !has_registry {
            errs.push(err(
                "replica_config.sink.schema_registry",
                "the avro protocol needs a schema registry (schema_registry or Kafka's glue schema registry)",
            ));
        }
    }
    let durations: [(&str, Option<&str>); 7] = [
        (
            "replica_config.sink.kafka_config.dial_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.dial_timeout.as_deref()),
        ),
        (
            "replica_config.sink.kafka_config.write_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.write_timeout.as_deref()),
        ),
        (
            "replica_config.sink.kafka_config.read_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.read_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.write_timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.write_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.read_timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.read_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.timeout.as_deref()),
        ),
        (
            "replica_config.sink.cloud_storage_config.flush_interval",
            sink.cloud_storage_config
                .as_ref()
                .and_then(|k| k.flush_interval.as_deref()),
        ),
    ];
    for (field, value) in durations {
        if let Some(Err(e)) = value.filter(|v| !v.is_empty()).map(parse_go_duration) {
            errs.push(err(field, e));
        }
    }
    if let Some(level) = rc.consistent.as_ref().and_then(|c| c.level.as_deref()) {
        if !matches!(level, "" | "none" | "eventual") {
            errs.push(err(
                "replica_config.consistent.level",
                format!("level {level} is not none or eventual"),
            ));
        }
        if level == "eventual"
            && rc
                .consistent
                .as_ref()
                .and_then(|c| c.storage.as_deref())
                .is_none_or(str::is_empty)
        {
            errs.push(err(
                "replica_config.consistent.storage",
                "the redo log (level eventual) needs a storage URI, e.g. s3://bucket/redo or file:///data/redo",
            ));
        }
    }
    errs
}

// ---- guided update --------------------------------------------------------------------------------------

/// One step of applying an update (API.md §4.4: TiCDC updates only stopped or failed changefeeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// POST …/pause.
    Pause,
    /// Poll GET until TiCDC reports `stopped` (admin jobs apply on the owner's next tick).
    WaitStopped,
    /// PUT the full config.
    Update,
    /// POST …/resume with `{}`.
    Resume,
}

impl Step {
    /// What the step does, for the step list.
    pub fn label(self) -> &'static str {
        match self {
            Step::Pause => "Pause the changefeed",
            Step::WaitStopped => "Wait until TiCDC reports it stopped",
            Step::Update => "Update the config",
            Step::Resume => "Resume the changefeed",
        }
    }
}

/// A step's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Not started.
    Todo,
    /// In progress.
    Running,
    /// Succeeded.
    Done,
    /// Failed with this message (TiCDC's code and message).
    Failed(String),
}

impl StepStatus {
    /// CSS modifier and screen-reader word.
    pub fn as_str(&self) -> &'static str {
        match self {
            StepStatus::Todo => "todo",
            StepStatus::Running => "running",
            StepStatus::Done => "done",
            StepStatus::Failed(_) => "failed",
        }
    }
}

/// The steps of one apply: `Update` alone for a stopped or failed changefeed, all four for a
/// running one. Stops at the first failure; [`GuidedUpdate::retry`] continues from there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidedUpdate {
    /// The steps in order, with their status.
    pub steps: Vec<(Step, StepStatus)>,
}

impl GuidedUpdate {
    /// The plan for a changefeed that is running (pause first) or not (update only).
    pub fn plan(running: bool) -> Self {
        let steps = if running {
            vec![Step::Pause, Step::WaitStopped, Step::Update, Step::Resume]
        } else {
            vec![Step::Update]
        };
        GuidedUpdate {
            steps: steps.into_iter().map(|s| (s, StepStatus::Todo)).collect(),
        }
    }

    /// The next step to run; `None` when finished or stopped by a failure.
    pub fn next(&self) -> Option<Step> {
        if self.failed().is_some() {
            return None;
        }
        self.steps
            .iter()
            .find(|(_, st)| *st == StepStatus::Todo)
            .map(|(s, _)| *s)
    }

    fn set(&mut self, step: Step, status: StepStatus) {
        if let Some(slot) = self.steps.iter_mut().find(|(s, _)| *s == step) {
            slot.1 = status;
        }
    }

    /// Marks `step` as running.
    pub fn begin(&mut self, step: Step) {
        self.set(step, StepStatus::Running);
    }

    /// Marks `step` as done.
    pub fn succeed(&mut self, step: Step) {
        self.set(step, StepStatus::Done);
    }

    /// Marks `step` as failed with `message`.
    pub fn fail(&mut self, step: Step, message: impl Into<String>) {
        self.set(step, StepStatus::Failed(message.into()));
    }

    /// The failed step, if any.
    pub fn failed(&self) -> Option<Step> {
        self.steps
            .iter()
            .find(|(_, st)| matches!(st, StepStatus::Failed(_)))
            .map(|(s, _)| *s)
    }

    /// Every step succeeded.
    pub fn is_done(&self) -> bool {
        self.steps.iter().all(|(_, st)| *st == StepStatus::Done)
    }

    /// A step is running.
    pub fn is_running(&self) -> bool {
        self.steps.iter().any(|(_, st)| *st == StepStatus::Running)
    }

    /// Puts the failed step (and any later) back to to-do, keeping what already succeeded.
    pub fn retry(&mut self) {
        let mut reset = false;
        for (_, st) in &mut self.steps {
            if matches!(st, StepStatus::Failed(_)) {
                reset = true;
            }
            if reset {
                *st = StepStatus::Todo;
            }
        }
    }

    /// After a failure: the state the changefeed was left in and what the user can do.
    pub fn outcome(&self) -> Option<&'static str> {
        let paused_by_us = self
            .steps
            .iter()
            .any(|(s, st)| *s == Step::Pause && *st == StepStatus::Done);
        Some(match self.failed()? {
            Step::Pause => {
                "The changefeed was not paused and is still running; nothing was changed. Your edits are still here: retry when ready."
            }
            Step::WaitStopped => {
                "TiCDC accepted the pause but did not report the changefeed stopped in time; it may still stop shortly. The config was not updated. Your edits are still here: retry, or resume the changefeed from its page."
            }
            Step::Update if paused_by_us => {
                "The changefeed is paused (stopped) with its OLD config: the update was refused. Your edits are still here: fix them and retry, or resume the changefeed unchanged."
            }
            Step::Update => {
                "The update was refused; the changefeed keeps its old config and its state is unchanged. Your edits are still here: fix them and retry."
            }
            Step::Resume => {
                "The new config is saved, but the changefeed is still paused (stopped): retry the resume, or resume it from its page."
            }
        })
    }
}

#[cfg(test)]
mod tests;
