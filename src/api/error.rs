//! `ApiError` and the pure response decoding that produces it.
//!
//! The browser executor (`client.rs`) only collects a [`RawResponse`]; turning it into a value or
//! an error happens here, so every TiCDC error shape of ../shared/ticdc/API.md §4 is tested
//! natively.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::answer::{Answer, classify, error_page_message};
use super::json_path::json_error_path;

/// What went wrong talking to TiCDC. `Clone` so a UI can keep it in a signal.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// A non-2xx answer. `code` is TiCDC's `error_code` (`CDC:ErrChangeFeedNotExists`; `""` for
    /// plain errors); `message` is `error_msg` (or the raw body when it was not TiCDC JSON).
    Http {
        /// HTTP status.
        status: u16,
        /// TiCDC RFC error code, possibly empty.
        code: String,
        /// TiCDC's message (`[CODE]text`), or what else arrived in words (an HTML error
        /// page's title, the first bytes of other text; see `answer::error_page_message`).
        message: String,
    },
    /// The request never got an answer (connection refused, CORS, aborted, …).
    Network(String),
    /// No answer within the client's timeout for this kind of call (`client::timeout_for`).
    Timeout {
        /// The timeout, in seconds.
        secs: u32,
    },
    /// A 2xx answer whose body did not match the expected shape; `path` is the JSON path that
    /// failed (`.` for the root), e.g. `items[0].checkpoint_tso`; `answer` says what arrived.
    Decode {
        /// JSON path of the failing value.
        path: String,
        /// serde's explanation.
        message: String,
        /// What arrived: status, content type, kind, the first bytes as text.
        answer: Box<Answer>,
    },
}

impl ApiError {
    /// TiCDC's code and message in one line (`CDC:ErrX: text`), for a status line; the whole
    /// error when it carries no code (a transport or decode failure, a plain-text answer).
    pub fn code_and_message(&self) -> String {
        match self.code() {
            Some(code) => format!("{code}: {}", self.short_message()),
            None => self.to_string(),
        }
    }

    /// TiCDC's error code, if this is an HTTP error that carries a non-empty one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Http { code, .. } if !code.is_empty() => Some(code),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// 401: credentials missing or refused (TiCDC sends no `WWW-Authenticate`, API.md §7).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The changefeed (or route) does not exist: TiCDC's 400 `CDC:ErrChangeFeedNotExists`, or 404.
    pub fn is_not_found(&self) -> bool {
        self.code() == Some("CDC:ErrChangeFeedNotExists") || self.status() == Some(404)
    }

    /// The server is starting (503 `CDC:ErrServerIsNotReady`, or the new architecture's
    /// "coordinator is not fully initialized").
    pub fn is_not_ready(&self) -> bool {
        match self {
            ApiError::Http {
                status,
                code,
                message,
            } => {
                *status == 503
                    || code == "CDC:ErrServerIsNotReady"
                    || message.contains("not fully initialized")
            }
            _ => false,
        }
    }

    /// A transport failure rather than an answer.
    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network(_))
    }

    /// No answer in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ApiError::Timeout { .. })
    }

    /// Whether a write that failed this way may still have been carried out: no answer (a
    /// transport failure, a timeout), a proxy's 502/504 without TiCDC's error code (it gave
    /// up waiting on TiCDC), or a 2xx whose body was not TiCDC's (TiCDC, or something in
    /// between, said yes). The UI then says the outcome is unknown instead of "refused".
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout { .. } | ApiError::Decode { .. } => true,
            ApiError::Http { status, code, .. } => matches!(status, 502 | 504) && code.is_empty(),
        }
    }

    /// The message without TiCDC's leading `[CDC:ErrX]` tag, for display next to the code.
    pub fn short_message(&self) -> String {
        match self {
            ApiError::Http { message, .. } => strip_code_prefix(message).to_string(),
            ApiError::Network(m) => m.clone(),
            ApiError::Timeout { .. } => self.to_string(),
            ApiError::Decode {
                path,
                message,
                answer,
            } => answer.describe(path, message),
        }
    }
}

/// `"[CDC:ErrX]text"` → `"text"`; anything else unchanged.
pub fn strip_code_prefix(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix('[')
        && let Some(end) = rest.find(']')
    {
        let code = &rest[..end];
        if !code.is_empty() && !code.contains(char::is_whitespace) {
            return &rest[end + 1..];
        }
    }
    message
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Http {
                status, message, ..
            } => write!(f, "HTTP {status}: {message}"),
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Timeout { secs } => write!(f, "TiCDC did not answer within {secs} s"),
            ApiError::Decode {
                path,
                message,
                answer,
            } => f.write_str(&answer.describe(path, message)),
        }
    }
}

impl std::error::Error for ApiError {}

/// An HTTP answer as the executor saw it: status, `Content-Type` (if any) and body text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The `Content-Type` header. Not trusted: TiCDC sends some JSON errors as `text/plain`.
    pub content_type: Option<String>,
    /// The body text.
    pub body: String,
}

impl RawResponse {
    /// A response with the JSON content type TiCDC's `c.JSON` uses.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        RawResponse {
            status,
            content_type: Some("application/json; charset=utf-8".into()),
            body: body.into(),
        }
    }
    /// A `text/plain` response.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        RawResponse {
            status,
            content_type: Some("text/plain; charset=utf-8".into()),
            body: body.into(),
        }
    }
    /// 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Builds the [`ApiError::Http`] for a non-2xx answer. The body is parsed as JSON whatever the
/// content type says (bind errors arrive as `text/plain`, API.md §4.1): TiCDC's
/// `{error_msg, error_code}`, or pingcap/errors' `{class, code, message, rfccode}` (new
/// architecture, §9.1); otherwise the trimmed raw text is the message.
pub fn error_from_response(raw: &RawResponse) -> ApiError {
    let status = raw.status;
    let body = raw.body.trim();
    let http = |code: &str, message: String| ApiError::Http {
        status,
        code: code.to_string(),
        message,
    };
    if body.is_empty() {
        return http("", format!("HTTP {status} with an empty body"));
    }
    if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body) {
        let s = |k: &str| obj.get(k).and_then(Value::as_str);
        if let Some(msg) = s("error_msg") {
            return http(s("error_code").unwrap_or(""), msg.to_string());
        }
        if let Some(msg) = s("message") {
            let code = s("rfccode").unwrap_or("");
            let message = if code.is_empty() || msg.starts_with('[') {
                msg.to_string()
            } else {
                format!("[{code}]{msg}")
            };
            return http(code, message);
        }
    }
    http("", error_page_message(raw))
}

/// The [`ApiError::Decode`] for a 2xx answer `raw` that did not decode: serde's words, the
/// path, and what arrived.
fn not_ticdc(raw: &RawResponse, path: String, message: String) -> ApiError {
    ApiError::Decode {
        path,
        message,
        answer: Box::new(classify(raw)),
    }
}

/// Decodes a 2xx JSON body into `T`; a non-2xx answer becomes [`ApiError::Http`], a body of the
/// wrong shape [`ApiError::Decode`] naming the failing JSON path.
pub fn decode_json<T: DeserializeOwned>(raw: &RawResponse) -> Result<T, ApiError> {
    if !raw.is_success() {
        return Err(error_from_response(raw));
    }
    // The plain serde_json deserializer, not serde_path_to_error's wrapper: the wrapper compiled
    // a second, heavier copy of every DTO decoder (about 14 kB gzip of wasm). The path is
    // recovered from the error position instead, by `json_error_path`.
    let mut de = serde_json::Deserializer::from_str(&raw.body);
    let value = T::deserialize(&mut de)
        .map_err(|e| not_ticdc(raw, json_error_path(&raw.body, &e), e.to_string()))?;
    de.end()
        .map_err(|e| not_ticdc(raw, ".".into(), e.to_string()))?;
    Ok(value)
}

/// Checks a 2xx answer whose body carries nothing (`{}`; the new architecture's delete of a
/// missing changefeed answers `null`; an empty body is accepted too). A body that is not JSON
/// is a [`ApiError::Decode`].
pub fn decode_empty(raw: &RawResponse) -> Result<(), ApiError> {
    if !raw.is_success() {
        return Err(error_from_response(raw));
    }
    if raw.body.trim().is_empty() {
        return Ok(());
    }
    serde_json::from_str::<Value>(&raw.body)
        .map(|_| ())
        .map_err(|e| not_ticdc(raw, ".".into(), e.to_string()))
}
