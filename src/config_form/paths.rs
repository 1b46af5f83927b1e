//! Paths into the editor's `Value` (`replica_config.sink.csv.delimiter`; numeric segments
//! index arrays), the DOM id of a path's input, and a path's human name for the error summary.

use serde_json::{Map, Value};

use super::schema;

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
