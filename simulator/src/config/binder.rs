//! The Go-style binder: type-checks a JSON value against a schema the way Go's
//! `encoding/json` does for a struct (unknown keys dropped, mismatches failing with Go's
//! `json: cannot unmarshal …` text), keeping known keys in the struct's order.

use serde_json::{Map, Value, json};

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn go_type(tag: &str) -> &'static str {
    match tag {
        "u64" | "u64s" => "uint64",
        "i64" => "int64",
        "int" => "int",
        "i32" => "int32",
        "i16" => "int16",
        "uint" => "uint",
        "f64" => "float64",
        "bool" => "bool",
        _ => "string",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(_) => false,
    }
}

/// Type-checks `v` against `schema` and keeps known keys in schema order. With `output`, nulls
/// and omitempty zeros are dropped (rendering); without, nulls are kept (binding).
pub fn conform(
    v: &Value,
    schema: &Value,
    top: &str,
    path: &str,
    output: bool,
) -> Result<Value, String> {
    let mismatch = |v: &Value, ty: &str| {
        format!(
            "json: cannot unmarshal {} into Go struct field {top}.{path} of type {ty}",
            kind(v)
        )
    };
    match schema {
        Value::Object(s) => match v {
            Value::Null => Ok(Value::Null),
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, sub) in s {
                    if k == "$t" {
                        continue;
                    }
                    let Some(x) = m.get(k) else { continue };
                    let c = conform(x, sub, top, &join(path, k), output)?;
                    let omit = output
                        && (c.is_null()
                            || (sub.as_str().is_some_and(|t| t.ends_with('?')) && is_zero(&c)));
                    if !omit {
                        out.insert(k.clone(), c);
                    }
                }
                Ok(Value::Object(out))
            }
            other => Err(mismatch(
                other,
                s.get("$t").and_then(Value::as_str).unwrap_or("struct"),
            )),
        },
        Value::Array(s) => match v {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => {
                let items: Result<Vec<_>, _> = items
                    .iter()
                    .map(|i| conform(i, &s[0], top, path, output))
                    .collect();
                Ok(Value::Array(items?))
            }
            other => Err(mismatch(
                other,
                &format!("[]*{}", s[0]["$t"].as_str().unwrap_or("struct")),
            )),
        },
        Value::String(tag) => leaf(v, tag.trim_end_matches('?'), top, path),
        _ => Ok(v.clone()),
    }
}

fn leaf(v: &Value, tag: &str, top: &str, path: &str) -> Result<Value, String> {
    let err = |what: String, ty: &str| {
        format!("json: cannot unmarshal {what} into Go struct field {top}.{path} of type {ty}")
    };
    if v.is_null() {
        return Ok(Value::Null);
    }
    let num_ok = |v: &Value, tag: &str| -> bool {
        match tag {
            "u64" | "uint" | "u64s" => v.as_u64().is_some(),
            "i64" | "int" => v.as_i64().is_some(),
            "i32" => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
            "i16" => v.as_i64().is_some_and(|x| i16::try_from(x).is_ok()),
            "f64" => v.is_number(),
            _ => false,
        }
    };
    match tag {
        "bool" if v.is_boolean() => Ok(v.clone()),
        "str" if v.is_string() => Ok(v.clone()),
        "u64" | "uint" | "i64" | "int" | "i32" | "i16" | "f64" => {
            if !v.is_number() {
                Err(err(kind(v).into(), go_type(tag)))
            } else if num_ok(v, tag) {
                Ok(v.clone())
            } else {
                Err(err(format!("number {v}"), go_type(tag)))
            }
        }
        "strs" | "u64s" => match v {
            Value::Array(items) => {
                let el = if tag == "strs" { "str" } else { "u64" };
                for i in items {
                    leaf(i, el, top, path)?;
                }
                Ok(v.clone())
            }
            _ => Err(err(
                kind(v).into(),
                if tag == "strs" {
                    "[]string"
                } else {
                    "[]uint64"
                },
            )),
        },
        // v2.JSONDuration: integer ns (floats truncated) or a Go duration string.
        "dur" => match v {
            Value::Number(n) => Ok(json!(
                n.as_i64()
                    .unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64)
            )),
            Value::String(s) => crate::time::parse_go_duration(s).map(|d| json!(d)),
            _ => Err("invalid duration".into()),
        },
        _ => Err(err(kind(v).into(), go_type(tag))),
    }
}
