//! Response bodies the way gin writes them.
//!
//! `c.JSON` is compact and `c.IndentedJSON` uses a 4-space indent; both go through Go's
//! `encoding/json`, which escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings (a sink URI's
//! `&` arrives as `\u0026`). Content type is `application/json; charset=utf-8`.
//! Also: parsing request bodies the way gin's `BindJSON` does (`EOF`, first value only).

use axum::{
    body::Body,
    http::{StatusCode, header},
    response::Response,
};
use serde::Serialize;
use serde_json::Value;

/// Gin's JSON content type.
pub const JSON_CT: &str = "application/json; charset=utf-8";
/// What Go's content sniffing makes of a JSON body written without a content type.
pub const TEXT_CT: &str = "text/plain; charset=utf-8";

/// Go's HTML-safe escaping. These characters can only occur inside JSON strings, so a plain
/// replacement on the serialized text is exact.
fn go_escape(s: String) -> String {
    // One memchr-backed search per character: fast even in unoptimized test builds.
    let special = ['<', '>', '&', '\u{2028}', '\u{2029}'];
    if !special.iter().any(|c| s.contains(*c)) {
        return s;
    }
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Compact JSON text (`json.Marshal`).
pub fn compact_text<T: Serialize + ?Sized>(v: &T) -> String {
    go_escape(serde_json::to_string(v).unwrap_or_default())
}

/// 4-space indented JSON text (`json.MarshalIndent(v, "", "    ")`).
pub fn indented_text<T: Serialize + ?Sized>(v: &T) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    let _ = v.serialize(&mut ser);
    go_escape(String::from_utf8(buf).unwrap_or_default())
}

/// A response with a body and a content type.
pub fn raw(status: StatusCode, content_type: &str, body: String) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

/// `c.JSON(200, v)`.
pub fn json<T: Serialize + ?Sized>(v: &T) -> Response {
    raw(StatusCode::OK, JSON_CT, compact_text(v))
}

/// `c.JSON(status, v)`.
pub fn json_status<T: Serialize + ?Sized>(status: StatusCode, v: &T) -> Response {
    raw(status, JSON_CT, compact_text(v))
}

/// `c.IndentedJSON(200, v)`.
pub fn indented<T: Serialize + ?Sized>(v: &T) -> Response {
    raw(StatusCode::OK, JSON_CT, indented_text(v))
}

/// `c.JSON(200, &EmptyResponse{})` — exactly `{}`.
pub fn empty() -> Response {
    raw(StatusCode::OK, JSON_CT, "{}".into())
}

/// Why a body could not be bound, worded like Go's `encoding/json`.
pub fn go_json_error(body: &[u8], err: &serde_json::Error) -> String {
    if err.is_eof() {
        return "unexpected EOF".into();
    }
    // Find the offending character from serde's 1-based line/column.
    let text = String::from_utf8_lossy(body);
    let line = text.lines().nth(err.line().saturating_sub(1)).unwrap_or("");
    let ch = line
        .chars()
        .nth(err.column().saturating_sub(1))
        .unwrap_or(' ');
    let m = err.to_string();
    let what = if m.starts_with("key must be a string") {
        "looking for beginning of object key string"
    } else if m.starts_with("expected `:`") {
        "after object key"
    } else if m.starts_with("expected `,` or `}`") {
        "after object key:value pair"
    } else if m.starts_with("expected `,` or `]`") {
        "after array element"
    } else {
        "looking for beginning of value"
    };
    format!("invalid character '{ch}' {what}")
}

/// Gin's `BindJSON` body decoding: empty body → `EOF`; only the first JSON value is read
/// (trailing bytes are ignored, as with `json.Decoder`); `null` binds nothing.
pub fn decode_body(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("EOF".into());
    }
    let mut it = serde_json::Deserializer::from_slice(body).into_iter::<Value>();
    match it.next() {
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(go_json_error(body, &e)),
        None => Err("EOF".into()),
    }
}
