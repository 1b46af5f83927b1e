//! Which JSON path a serde_json decode error is about, found by scanning the text up to the
//! error's position. This lets the wasm decode with the plain serde_json deserializer (no
//! serde_path_to_error: smaller code) and still name the failing key in [`super::ApiError::Decode`].

/// The JSON path (`items[0].checkpoint_tso`, `.` for the root) of the value a serde_json decode
/// error of `text` is about, in serde_path_to_error's notation and with its choices (checked
/// against it by `tests/api_error_path.rs`): found by scanning `text` up to the error position.
///
/// A data error (wrong type or value, a custom message, a missing field) is reported just after
/// or just before the offending value, so the value last started is the culprit; a syntax error
/// is reported at the unexpected character, which belongs to the enclosing container unless it
/// is inside a value or after an object key.
pub fn json_error_path(text: &str, err: &serde_json::Error) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        /// After `{`, `[` or `,`: the next key (object) or element (array) has not started.
        Next,
        /// Inside a key string.
        Key,
        /// After a key, before `:`.
        Colon,
        /// After `:`, before the value.
        Value,
        /// Inside a string or scalar value.
        Scalar,
        /// After a complete value.
        Done,
    }
    struct Frame {
        /// `Some(index)` in an array, `None` in an object.
        index: Option<usize>,
        key: String,
        key_start: usize,
        at: At,
        /// `,` seen: a closing bracket now is a syntax error, not the end of the container.
        comma: bool,
    }
    let bytes = text.as_bytes();
    // serde_json's column counts bytes since the last newline (0 when the error has no position).
    let end = if err.line() == 0 {
        bytes.len()
    } else if err.line() == 1 {
        err.column().min(bytes.len())
    } else {
        let line_start = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(err.line() - 2)
            .map_or(0, |(i, _)| i + 1);
        (line_start + err.column()).min(bytes.len())
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_started = false;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if let Some(f) = stack.last_mut() {
                    if f.at == At::Key {
                        let raw = &text[f.key_start..=i];
                        f.key = if raw.contains('\\') {
                            serde_json::from_str::<serde_json::Value>(raw)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        } else {
                            raw[1..raw.len() - 1].to_string()
                        };
                        f.at = At::Colon;
                    } else {
                        f.at = At::Done;
                    }
                }
            }
            i += 1;
            continue;
        }
        let top = stack.last().map(|f| (f.index.is_some(), f.at, f.comma));
        let value_expected = match top {
            None => !root_started,
            Some((true, at, _)) => at == At::Next,
            Some((false, at, _)) => at == At::Value,
        };
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                if let Some(f) = stack.last_mut().filter(|f| f.at == At::Scalar) {
                    f.at = At::Done;
                }
            }
            b'{' | b'[' if value_expected => {
                root_started = true;
                if let Some(f) = stack.last_mut() {
                    f.at = At::Done;
                }
                let index = (b == b'[').then_some(0);
                stack.push(Frame {
                    index,
                    key: String::new(),
                    key_start: 0,
                    at: At::Next,
                    comma: false,
                });
            }
            b'"' if value_expected => {
                root_started = true;
                in_string = true;
                if let Some(f) = stack.last_mut() {
                    f.at = At::Scalar;
                }
            }
            b'"' if matches!(top, Some((false, At::Next, _))) => {
                in_string = true;
                let f = stack.last_mut().unwrap();
                f.at = At::Key;
                f.key_start = i;
            }
            b':' if matches!(top, Some((false, At::Colon, _))) => {
                stack.last_mut().unwrap().at = At::Value
            }
            b',' if matches!(top, Some((_, At::Done | At::Scalar, _))) => {
                let f = stack.last_mut().unwrap();
                if let Some(n) = f.index.as_mut() {
                    *n += 1;
                }
                f.at = At::Next;
                f.comma = true;
            }
            b'}' | b']'
                if matches!(top, Some((arr, at, comma)) if arr == (b == b']')
                && (at == At::Done || at == At::Scalar || (at == At::Next && !comma))) =>
            {
                stack.pop();
            }
            b'}' | b']' | b',' | b':' => {}
            _ if value_expected => {
                root_started = true;
                if let Some(f) = stack.last_mut() {
                    f.at = At::Scalar;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let data = err.is_data();
    let last = stack.len().saturating_sub(1);
    let mut path = String::new();
    for (depth, f) in stack.iter().enumerate() {
        let inner = depth == last;
        // What the innermost container adds: its current key or index, nothing, or (a syntax
        // error where an object key belongs) serde_path_to_error's unknown-key segment `?`.
        let segment = match (f.index, f.at) {
            _ if !inner => Some(f.key.as_str()),
            (_, At::Scalar) | (None, At::Value) => Some(f.key.as_str()),
            // Just opened and refused as a whole (a `[`/`{` given where a string or number
            // belongs): the container itself. serde_json reports it after the bracket, where
            // an array's first element of the wrong type is reported too; the message tells.
            (None, At::Next) if data && !f.comma => None,
            (Some(_), At::Next)
                if data && !f.comma && err.to_string().starts_with("invalid type: sequence") =>
            {
                None
            }
            (_, At::Done) | (Some(_), At::Next) if data => Some(f.key.as_str()),
            (None, At::Next | At::Key | At::Done) => Some("?"),
            _ => None,
        };
        let Some(segment) = segment else { break };
        match f.index {
            Some(n) if segment.is_empty() => path.push_str(&format!("[{n}]")),
            _ => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(segment);
            }
        }
    }
    if path.is_empty() { ".".into() } else { path }
}
