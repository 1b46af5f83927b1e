//! `cdc cli` changefeed config files (TOML) ↔ the API's `replica_config` JSON, without Leptos.
//!
//! Import decodes a file the way `cdc cli changefeed create/update --config` does
//! (`StrictDecodeFile`, BurntSushi/toml): strictly (a key TiCDC does not have is an error naming
//! the key and its line; so is a value of the wrong type), onto a base config (TiCDC's defaults
//! for create, the changefeed's current config for update): tables merge key by key, arrays
//! (rules, TSOs, dispatchers, …) replace. The old `dispatcher` spelling becomes `partition`
//! (TiCDC's `ValidateAndAdjust`), durations (`"10m"`) become the API's integer nanoseconds, and
//! every key lands under the JSON name TiCDC's converter gives it ([`schema`]). All errors of a
//! file are reported at once, sorted by line.
//!
//! Export is the reverse: the JSON config as a file `cdc cli` accepts, with only what differs
//! from TiCDC's defaults or everything. Secrets are never written: each is replaced by a comment
//! that says what to fill in. The config is a `serde_json::Value`, so TSOs stay exact `u64`s.
//!
//! The parser is the `toml` crate's (without serde: only its spanned document tree); the writer
//! is here because every value written is a bare key with a string, integer, float, boolean or
//! array, and the import tests read every export back.

pub mod body;
pub mod command;
pub mod schema;

use std::fmt;

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::api::{format_go_duration, parse_go_duration};
use schema::{Json, Key, REMOVED, REPLICA_CONFIG, Ty};

/// A file that `cdc cli` would reject: where, which key, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlError {
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// The dotted TOML path of the key (`sink.kafka-config.sasl-user`); empty for a syntax error.
    pub key: String,
    pub message: String,
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}: `{}`: {}", self.line, self.key, self.message)
        }
    }
}

/// Something an import or export did that the user should know (a key accepted but not sent, a
/// secret left out, a JSON key with no `cdc cli` name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The TOML path (import, secrets) or the JSON path (a JSON key left out of an export).
    pub key: String,
    pub message: String,
}

/// A decoded file laid onto its base config.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The resulting `replica_config` object.
    pub config: Value,
    pub notes: Vec<Note>,
}

/// Decodes a `cdc cli` file onto `base` (a `replica_config` object; anything else counts as
/// empty). Errors: every one the file has, by line.
pub fn import(text: &str, base: &Value) -> Result<Imported, Vec<TomlError>> {
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        vec![TomlError {
            line: line_of(text, at),
            key: String::new(),
            message: format!("not a valid TOML file: {}", e.message()),
        }]
    })?;
    let mut out = match base {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let mut d = Decoder {
        text,
        errors: Vec::new(),
        notes: Vec::new(),
    };
    d.table(doc.get_ref(), REPLICA_CONFIG, "", &mut out);
    if d.errors.is_empty() {
        Ok(Imported {
            config: Value::Object(out),
            notes: d.notes,
        })
    } else {
        d.errors.sort_by_key(|e| e.line);
        Err(d.errors)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

struct Decoder<'t> {
    text: &'t str,
    errors: Vec<TomlError>,
    notes: Vec<Note>,
}

type DeItem<'i> = Spanned<DeValue<'i>>;

impl Decoder<'_> {
    fn error(&mut self, at: usize, key: &str, message: impl Into<String>) {
        self.errors.push(TomlError {
            line: line_of(self.text, at),
            key: key.to_string(),
            message: message.into(),
        });
    }

    /// Lays the TOML table `table` onto `out` (whose keys are JSON names).
    fn table(
        &mut self,
        table: &DeTable<'_>,
        keys: &[Key],
        path: &str,
        out: &mut Map<String, Value>,
    ) {
        for (name, value) in table.iter() {
            let toml_name: &str = name.get_ref().as_ref();
            let full = join(path, toml_name);
            let at = name.span().start;
            let Some(key) = keys.iter().find(|k| k.toml == toml_name) else {
                let hint = REMOVED
                    .iter()
                    .find(|(removed, _)| *removed == toml_name)
                    .map_or(
                        "TiCDC has no such setting (cdc cli rejects the file)",
                        |(_, h)| h,
                    );
                self.error(at, &full, format!("unknown key: {hint}"));
                continue;
            };
            match key.json {
                Json::TomlOnly(why) => {
                    // Checked like any key, then dropped: TiCDC's API cannot carry it.
                    let mut scratch = Map::new();
                    self.value(key, "x", value, &full, &mut scratch);
                    self.notes.push(Note {
                        key: full,
                        message: format!("accepted but not sent: {why}"),
                    });
                }
                Json::AliasOf(target) => {
                    if table.keys().any(|k| k.get_ref().as_ref() == target) {
                        self.error(
                            at,
                            &full,
                            format!("`{toml_name}` and `{target}` cannot both be set (TiCDC: `{toml_name}` is the old name of `{target}`)"),
                        );
                        continue;
                    }
                    let target_key = keys.iter().find(|k| k.toml == target).copied();
                    if let Some(target_key) = target_key {
                        let json = target_key.json_names()[0].clone();
                        self.value(&target_key, &json, value, &full, out);
                        self.notes.push(Note {
                            key: full,
                            message: format!("the old name of `{target}`: sent as `{target}`"),
                        });
                    }
                }
                _ => {
                    let names = key.json_names();
                    let json = names
                        .iter()
                        .find(|n| out.contains_key(n.as_str()))
                        .unwrap_or(&names[0])
                        .clone();
                    self.value(key, &json, value, &full, out);
                }
            }
        }
    }

    /// Converts one TOML value of `key` and stores it in `out[json]`.
    fn value(
        &mut self,
        key: &Key,
        json: &str,
        item: &DeItem<'_>,
        full: &str,
        out: &mut Map<String, Value>,
    ) {
        let at = item.span().start;
        match (key.ty, item.get_ref()) {
            (Ty::Table(sub), DeValue::Table(t)) => {
                let slot = out.entry(json.to_string()).or_insert(Value::Null);
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(m) = slot {
                    self.table(t, sub, full, m);
                }
            }
            (Ty::TableList(sub), DeValue::Array(items)) => {
                let mut list = Vec::new();
                for (i, elem) in items.iter().enumerate() {
                    let elem_path = format!("{full}[{i}]");
                    match elem.get_ref() {
                        DeValue::Table(t) => {
                            let mut m = Map::new();
                            self.table(t, sub, &elem_path, &mut m);
                            list.push(Value::Object(m));
                        }
                        other => self.error(
                            elem.span().start,
                            &elem_path,
                            format!("expected a table, found {}", type_name(other)),
                        ),
                    }
                }
                out.insert(json.to_string(), Value::Array(list));
            }
            (ty, v) => match scalar(ty, v) {
                Ok(value) => {
                    out.insert(json.to_string(), value);
                }
                Err(Bad::Type) => self.error(
                    at,
                    full,
                    format!("expected {}, found {}", expected(ty), type_name(v)),
                ),
                Err(Bad::Value(message)) => self.error(at, full, message),
                Err(Bad::Element(i, message)) => {
                    let at = match v {
                        DeValue::Array(a) => a.get(i).map_or(at, |e| e.span().start),
                        _ => at,
                    };
                    self.error(at, &format!("{full}[{i}]"), message);
                }
            },
        }
    }
}

enum Bad {
    Type,
    Value(String),
    Element(usize, String),
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn expected(ty: Ty) -> &'static str {
    match ty {
        Ty::Bool => "true or false",
        Ty::Int => "an integer",
        Ty::UInt => "a non-negative integer",
        Ty::Float => "a number",
        Ty::Str => "a string",
        Ty::Duration => "a duration such as \"10m\" or \"1h30m\"",
        Ty::StrList => "an array of strings",
        Ty::U64List => "an array of non-negative integers",
        Ty::Table(_) => "a table",
        Ty::TableList(_) => "an array of tables",
    }
}

fn integer(v: &DeValue<'_>) -> Option<Result<i128, String>> {
    match v {
        DeValue::Integer(i) => Some(
            i128::from_str_radix(i.as_str(), i.radix()).map_err(|_| format!("{i} is out of range")),
        ),
        _ => None,
    }
}

fn scalar(ty: Ty, v: &DeValue<'_>) -> Result<Value, Bad> {
    let int = || -> Result<i128, Bad> { integer(v).ok_or(Bad::Type)?.map_err(Bad::Value) };
    match ty {
        Ty::Bool => match v {
            DeValue::Boolean(b) => Ok(Value::Bool(*b)),
            _ => Err(Bad::Type),
        },
        Ty::Str => match v {
            DeValue::String(s) => Ok(Value::String(s.to_string())),
            _ => Err(Bad::Type),
        },
        Ty::Int => {
            let n = int()?;
            i64::try_from(n)
                .map(|n| Value::Number(n.into()))
                .map_err(|_| Bad::Value(format!("{n} is out of range")))
        }
        Ty::UInt => {
            let n = int()?;
            if n < 0 {
                return Err(Bad::Value(format!("{n} is negative; it must be 0 or more")));
            }
            u64::try_from(n)
                .map(|n| Value::Number(n.into()))
                .map_err(|_| Bad::Value(format!("{n} is out of range")))
        }
        Ty::Float => {
            let f = match v {
                DeValue::Float(f) => f
                    .as_str()
                    .parse::<f64>()
                    .map_err(|_| Bad::Value(format!("{f} is not a number")))?,
                DeValue::Integer(_) => int()? as f64,
                _ => return Err(Bad::Type),
            };
            float_value(f).ok_or_else(|| Bad::Value("must be a finite number".to_string()))
        }
        Ty::Duration => match v {
            DeValue::String(s) => parse_go_duration(s)
                .map(|d| Value::Number(d.as_nanos().into()))
                .map_err(Bad::Value),
            // BurntSushi/toml also takes a bare integer as nanoseconds.
            DeValue::Integer(_) => {
                let n = int()?;
                i64::try_from(n)
                    .map(|n| Value::Number(n.into()))
                    .map_err(|_| Bad::Value(format!("{n} is out of range")))
            }
            _ => Err(Bad::Type),
        },
        Ty::StrList => match v {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, e)| match e.get_ref() {
                    DeValue::String(s) => Ok(Value::String(s.to_string())),
                    other => Err(Bad::Element(
                        i,
                        format!("expected a string, found {}", type_name(other)),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(Bad::Type),
        },
        Ty::U64List => match v {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, e)| match integer(e.get_ref()) {
                    Some(Ok(n)) => u64::try_from(n)
                        .map(|n| Value::Number(n.into()))
                        .map_err(|_| Bad::Element(i, format!("{n} is not a TSO (0 … 2^64-1)"))),
                    Some(Err(m)) => Err(Bad::Element(i, m)),
                    None => Err(Bad::Element(
                        i,
                        format!("expected an integer, found {}", type_name(e.get_ref())),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(Bad::Type),
        },
        Ty::Table(_) | Ty::TableList(_) => Err(Bad::Type),
    }
}

/// A float as TiCDC writes it back: integral values as integers (`1`, not `1.0`, like
/// `api::GoFloat`), so an imported `1.0` equals the `1` a GET returns.
fn float_value(f: f64) -> Option<Value> {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        Some(Value::Number((f as i64).into()))
    } else {
        Number::from_f64(f).map(Value::Number)
    }
}

// ---- export -----------------------------------------------------------------------------------

/// What an export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Only the settings whose value differs from TiCDC's defaults (what a reviewer wants).
    #[default]
    Changed,
    /// Every setting the config has.
    Everything,
}

/// An exported file and what it left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    /// Secrets replaced by a comment, JSON keys with no `cdc cli` name, values TOML cannot hold.
    pub notes: Vec<Note>,
}

/// Writes `config` (a `replica_config` object) as a `cdc cli` file. With [`Scope::Changed`] a
/// key is written only when its value differs from the one in `defaults` (arrays compare
/// whole); importing the result onto `defaults` gives `config` back, secrets aside.
pub fn export(config: &Value, defaults: &Value, scope: Scope) -> Exported {
    let mut w = Writer {
        out: String::new(),
        notes: Vec::new(),
        scope,
    };
    w.out.push_str(
        "# TiCDC changefeed config for `cdc cli changefeed create|update --config <file>`,\n",
    );
    w.out.push_str(match scope {
        Scope::Changed => {
            "# written by TiCDC Console: only the settings that differ from TiCDC's defaults.\n"
        }
        Scope::Everything => "# written by TiCDC Console: every setting of the changefeed.\n",
    });
    let empty = Map::new();
    let obj = config.as_object().unwrap_or(&empty);
    w.table(obj, defaults.as_object(), REPLICA_CONFIG, "", "", true);
    Exported {
        text: w.out,
        notes: w.notes,
    }
}

struct Writer {
    out: String,
    notes: Vec<Note>,
    scope: Scope,
}

/// The value of `key` in a JSON object, under whichever of its names is there (non-null).
fn lookup<'a>(obj: &'a Map<String, Value>, key: &Key) -> Option<&'a Value> {
    key.json_names()
        .iter()
        .find_map(|n| obj.get(n.as_str()).filter(|v| !v.is_null()))
}

impl Writer {
    /// Writes the table at TOML path `path` (`[path]` header, then its keys), then its
    /// arrays of tables and sub-tables. `root`: the file's top level (no header).
    fn table(
        &mut self,
        obj: &Map<String, Value>,
        defaults: Option<&Map<String, Value>>,
        keys: &[Key],
        path: &str,
        json_path: &str,
        root: bool,
    ) {
        let mut body = String::new();
        let mut lists: Vec<(&Key, &Vec<Value>)> = Vec::new();
        // A sub-table to write after the plain keys: its key, value, and default.
        type SubTable<'a> = (
            &'a Key,
            &'a Map<String, Value>,
            Option<&'a Map<String, Value>>,
        );
        let mut tables: Vec<SubTable> = Vec::new();
        for key in keys {
            if key.json_names().is_empty() {
                continue;
            }
            let Some(value) = lookup(obj, key) else {
                continue;
            };
            let default = defaults.and_then(|d| lookup(d, key));
            match (key.ty, value) {
                (Ty::Table(_), Value::Object(m)) => {
                    tables.push((key, m, default.and_then(Value::as_object)));
                    continue;
                }
                _ if self.scope == Scope::Changed && default == Some(value) => continue,
                (Ty::TableList(_), Value::Array(items)) if !items.is_empty() => {
                    lists.push((key, items));
                    continue;
                }
                _ => {}
            }
            let full = join(path, key.toml);
            if let (Some(fill_in), Value::String(s)) = (key.secret, value)
                && !s.is_empty()
            {
                body.push_str(&format!(
                    "# {} = \"\"  # secret left out: fill in {fill_in}, then remove the leading \"# \"\n",
                    key.toml
                ));
                self.notes.push(Note {
                    key: full,
                    message: format!("a secret, not written: fill in {fill_in}"),
                });
                continue;
            }
            match literal(key.ty, value) {
                Ok(text) => body.push_str(&format!("{} = {text}\n", key.toml)),
                Err(why) => self.notes.push(Note {
                    key: full,
                    message: format!("not written: {why}"),
                }),
            }
        }
        self.unknown_keys(obj, keys, json_path);
        // A table with nothing of its own to write still needs its header when the import's
        // base may lack it (everything: no base; changed: the defaults lack it), so it exists.
        let header = !root
            && (!body.is_empty()
                || (lists.is_empty() && (self.scope == Scope::Everything || defaults.is_none())));
        if header {
            self.out.push_str(&format!("\n[{path}]\n"));
        } else if root && !body.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(&body);
        for (key, items) in lists {
            let Ty::TableList(sub) = key.ty else { continue };
            let full = join(path, key.toml);
            for (i, item) in items.iter().enumerate() {
                let item_json = format!("{}.{i}", join(json_path, &key.json_names()[0]));
                match item {
                    Value::Object(m) => {
                        self.out.push_str(&format!("\n[[{full}]]\n"));
                        // The elements of an array are written whole: arrays replace, so a
                        // key left out would be lost rather than defaulted.
                        let mut inner = Writer {
                            out: String::new(),
                            notes: Vec::new(),
                            scope: Scope::Everything,
                        };
                        inner.table(m, None, sub, &full, &item_json, true);
                        // `root` suppressed the inner header; drop its leading blank line.
                        self.out.push_str(inner.out.trim_start_matches('\n'));
                        self.notes.extend(inner.notes);
                    }
                    _ => self.notes.push(Note {
                        key: item_json,
                        message: "not written: not an object".to_string(),
                    }),
                }
            }
        }
        for (key, m, default) in tables {
            let Ty::Table(sub) = key.ty else { continue };
            let names = key.json_names();
            self.table(
                m,
                default,
                sub,
                &join(path, key.toml),
                &join(json_path, &names[0]),
                false,
            );
        }
    }

    /// Notes the JSON keys of `obj` that no `cdc cli` key maps to (they cannot be exported).
    fn unknown_keys(&mut self, obj: &Map<String, Value>, keys: &[Key], json_path: &str) {
        for (name, value) in obj {
            if value.is_null()
                || keys
                    .iter()
                    .any(|k| k.json_names().iter().any(|n| n == name))
            {
                continue;
            }
            self.notes.push(Note {
                key: join(json_path, name),
                message: "has no `cdc cli` key: not written".to_string(),
            });
        }
    }
}

/// A TOML literal for a JSON value of type `ty`.
fn literal(ty: Ty, value: &Value) -> Result<String, String> {
    let int = |v: &Value| -> Result<String, String> {
        match v {
            Value::Number(n) if n.is_i64() => Ok(n.to_string()),
            Value::Number(n) if n.is_u64() => {
                Err(format!("{n} is above TOML's largest integer (2^63-1)"))
            }
            _ => Err(format!("{v} is not an integer")),
        }
    };
    match (ty, value) {
        (Ty::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Ty::Int | Ty::UInt, v) => int(v),
        (Ty::Float, Value::Number(n)) => {
            let f = n.as_f64().unwrap_or(0.0);
            if n.is_f64() || f.fract() != 0.0 {
                Ok(format!("{f:?}"))
            } else {
                Ok(format!("{f:.1}"))
            }
        }
        (Ty::Str, Value::String(s)) => Ok(quote(s)),
        (Ty::Duration, Value::Number(n)) => match n.as_i64() {
            Some(ns) => Ok(quote(&format_go_duration(ns))),
            None => Err(format!("{n} ns is not a duration")),
        },
        // TiCDC also accepts a duration string in the JSON; written as it is, once it parses.
        (Ty::Duration, Value::String(s)) => parse_go_duration(s).map(|_| quote(s)),
        (Ty::StrList, Value::Array(items)) => {
            let parts = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(quote(s)),
                    other => Err(format!("{other} is not a string")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", parts.join(", ")))
        }
        (Ty::U64List, Value::Array(items)) => {
            let parts = items.iter().map(int).collect::<Result<Vec<_>, _>>()?;
            Ok(format!("[{}]", parts.join(", ")))
        }
        (Ty::TableList(_), Value::Array(items)) if items.is_empty() => Ok("[]".to_string()),
        (_, v) => Err(format!("{v} does not fit its TOML type ({})", expected(ty))),
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---- JSON export ------------------------------------------------------------------------------

/// The config as JSON for a file: secrets replaced by a `"<fill in …>"` text (JSON has no
/// comments), and with [`Scope::Changed`] only the keys whose value differs from `defaults`
/// (objects compare key by key, arrays whole).
pub fn export_json(config: &Value, defaults: &Value, scope: Scope) -> (String, Vec<Note>) {
    let mut value = match scope {
        Scope::Everything => config.clone(),
        Scope::Changed => changed(config, defaults).unwrap_or_else(|| Value::Object(Map::new())),
    };
    let mut notes = Vec::new();
    redact(&mut value, REPLICA_CONFIG, "", &mut notes);
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    (text, notes)
}

/// The part of `value` that differs from `default`; `None` when nothing does.
fn changed(value: &Value, default: &Value) -> Option<Value> {
    match (value, default) {
        (Value::Object(v), Value::Object(d)) => {
            let mut out = Map::new();
            for (k, x) in v {
                let diff = match d.get(k) {
                    Some(y) => changed(x, y),
                    None => Some(x.clone()),
                };
                if let Some(diff) = diff {
                    out.insert(k.clone(), diff);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (v, d) if v == d => None,
        (v, _) => Some(v.clone()),
    }
}

/// The placeholder a JSON export writes instead of a secret.
pub fn secret_placeholder(fill_in: &str) -> String {
    format!("<secret left out: fill in {fill_in}>")
}

fn redact(value: &mut Value, keys: &[Key], path: &str, notes: &mut Vec<Note>) {
    let Value::Object(obj) = value else { return };
    for key in keys {
        for name in key.json_names() {
            let Some(v) = obj.get_mut(&name) else {
                continue;
            };
            let full = join(path, key.toml);
            match (key.ty, key.secret) {
                (_, Some(fill_in)) if v.as_str().is_some_and(|s| !s.is_empty()) => {
                    *v = Value::String(secret_placeholder(fill_in));
                    notes.push(Note {
                        key: full,
                        message: format!("a secret, not written: fill in {fill_in}"),
                    });
                }
                (Ty::Table(sub), _) => redact(v, sub, &full, notes),
                (Ty::TableList(sub), _) => {
                    if let Value::Array(items) = v {
                        for item in items {
                            redact(item, sub, &full, notes);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
