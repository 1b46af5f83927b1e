//! The changefeed config editor's logic, without Leptos, tested natively.
//!
//! The editor keeps the whole `ChangefeedConfig` body as one `serde_json::Value`: the form
//! fields read and write it by dotted path (`replica_config.sink.csv.delimiter`), the JSON view
//! is its pretty text, and unknown keys the console does not model simply stay in it. Numbers
//! in a `Value` are exact `u64`/`i64`, so TSOs above 2^53 survive every round trip. The typed
//! DTOs (`crate::api`) are the gate: a value reaches TiCDC only after it decodes as a
//! [`ChangefeedConfig`] and passes [`validate_form`].
//!
//! Here: the starting values (defaults, clone, edit), JSON view ↔ config and the semantic diff
//! shown before an update. Beside it: `paths` (paths into a `Value`, field ids and names),
//! `field_text` (parsing and formatting of form text per [`Kind`]), [`schema`] (the fields),
//! `payload` (what is sent, and the client-side rules it must pass) and `guided` (the pause →
//! update → resume steps). Everything is re-exported here, so callers name `config_form::X`.

mod field_text;
mod guided;
mod paths;
mod payload;
pub mod schema;
mod server;
mod shown;

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::api::{ChangeFeedInfo, ChangefeedConfig, format_go_duration};

pub use field_text::{
    describe_position, escape_text, format_field, parse_field, parse_lines, parse_tso_lines,
    parse_tso_or_datetime, text_matches, unescape_text,
};
pub use guided::{GuidedUpdate, Step, StepStatus, update_already_in_place};
pub use paths::{field_dom_id, get_path, label_for, push_row, remove_row, row_count, set_path};
pub use payload::{
    FormMode, create_payload, effective_update_body, has_masked_password, update_payload,
    update_sink_uri, validate_form,
};
pub use schema::{EVENT_NAMES, Field, Group, Kind, PROTOCOLS, RowList};
pub use server::{
    IgnoredKey, adopt_server_keys, capability_path, create_initial_for, ignored_by_server, offered,
    without_ignored,
};
pub use shown::{count_under, message_at, visible_errors};

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
        let path = crate::api::json_path::json_error_path(text, &e);
        position(&e, (path != "." && !path.is_empty()).then_some(path))
    })?;
    de.end().map_err(|e| position(&e, None))?;
    Ok(cfg)
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
/// has one (classic master's defaults; [`default_text_in`] takes a release's).
pub fn default_at(path: &str) -> Option<&'static Value> {
    get_path(default_root(), path)
}

/// The default of `path` as the form shows it ("16", "10m", "on", "1 GiB (1073741824)").
pub fn default_text(kind: Kind, path: &str) -> Option<String> {
    default_text_in(default_root(), kind, path)
}

/// [`default_text`] with the defaults of a server (`defaults` is a body whose
/// `replica_config` is that release's default, [`create_initial_for`]).
pub fn default_text_in(defaults: &Value, kind: Kind, path: &str) -> Option<String> {
    let v = get_path(defaults, path)?;
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

/// An update's diff in one line for the changefeed's timeline: the changed paths (values are
/// left out: a sink URI or a field can carry a password), at most five, then a count.
pub fn change_summary(changes: &[Change]) -> String {
    const SHOWN: usize = 5;
    if changes.is_empty() {
        return "no field changed".to_string();
    }
    let paths: Vec<&str> = changes
        .iter()
        .take(SHOWN)
        .map(|c| c.path.as_str())
        .collect();
    let more = changes.len().saturating_sub(SHOWN);
    let n = changes.len();
    let fields = if n == 1 { "field" } else { "fields" };
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{n} {fields} changed: {}{tail}", paths.join(", "))
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

#[cfg(test)]
mod tests;
