//! The one error type: TiCDC's `HTTPError` body with TiCDC's status codes.
//!
//! [TF] `cdc/api/middleware/middleware.go ErrorHandleMiddleware` answers **400** when the error
//! is one of the bad-request codes of `cdc/api/util.go IsHTTPBadRequestError` — matched by code
//! *or by the code appearing anywhere in the message* — and **500** otherwise. Error bodies use
//! `c.IndentedJSON`. Messages are `[<RFC code>]<text>` as `pingcap/errors` `normalize.go`
//! formats them.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::render::{JSON_CT, TEXT_CT, indented_text, raw};

/// [TF] `cdc/api/util.go` `httpBadRequestError`.
const BAD_REQUEST_CODES: [&str; 12] = [
    "CDC:ErrAPIInvalidParam",
    "CDC:ErrSinkURIInvalid",
    "CDC:ErrStartTsBeforeGC",
    "CDC:ErrChangeFeedNotExists",
    "CDC:ErrTargetTsBeforeStartTs",
    "CDC:ErrTableIneligible",
    "CDC:ErrFilterRuleInvalid",
    "CDC:ErrChangefeedUpdateRefused",
    "CDC:ErrMySQLConnectionError",
    "CDC:ErrMySQLInvalidConfig",
    "CDC:ErrCaptureNotExist",
    "CDC:ErrSchedulerRequestFailed",
];

/// An API failure rendered as `{"error_msg", "error_code"}`.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// RFC code (`CDC:Err…`), or `""` for plain errors.
    pub code: String,
    /// Full `error_msg`.
    pub message: String,
    /// Bind errors are written after gin already committed the 400 header, so Go sniffs the
    /// body as `text/plain` ([TF] gin `BindJSON` → `AbortWithError(400)`).
    pub plain_content_type: bool,
    /// gin Recovery after a nil dereference: 500 with an empty body.
    pub empty_body: bool,
}

impl ApiError {
    /// An error with an RFC code; `text` is the message after the `[code]` prefix.
    /// The status follows `IsHTTPBadRequestError`.
    pub fn new(code: &str, text: impl AsRef<str>) -> Self {
        ApiError::with_message(code, format!("[{code}]{}", text.as_ref()))
    }

    /// An error with an RFC code and the whole `error_msg` as given (injected refusals); the
    /// status follows `IsHTTPBadRequestError` like [`ApiError::new`].
    pub fn with_message(code: &str, message: String) -> Self {
        let bad = BAD_REQUEST_CODES
            .iter()
            .any(|c| *c == code || message.contains(c));
        ApiError {
            status: if bad {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            },
            code: code.into(),
            message,
            plain_content_type: false,
            empty_body: false,
        }
    }

    /// A plain Go error (`error_code: ""`), 500.
    pub fn plain(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: String::new(),
            message: message.into(),
            plain_content_type: false,
            empty_body: false,
        }
    }

    /// Overrides the status.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// `CDC:ErrAPIInvalidParam` with a custom text (`GenWithStack`).
    pub fn invalid_param(text: impl AsRef<str>) -> Self {
        Self::new("CDC:ErrAPIInvalidParam", text)
    }

    /// A gin `BindJSON` failure: `invalid api parameter: <json error>`, text/plain.
    pub fn bind(err: impl AsRef<str>) -> Self {
        let mut e = Self::invalid_param(format!("invalid api parameter: {}", err.as_ref()));
        e.plain_content_type = true;
        e
    }

    /// gin Recovery: 500 with no body.
    pub fn panic() -> Self {
        let mut e = Self::plain("");
        e.empty_body = true;
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.empty_body {
            return raw(self.status, TEXT_CT, String::new());
        }
        let body = indented_text(&json!({"error_msg": self.message, "error_code": self.code}));
        let ct = if self.plain_content_type {
            TEXT_CT
        } else {
            JSON_CT
        };
        raw(self.status, ct, body)
    }
}

/// Result of a handler.
pub type ApiResult<T = Response> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_by_code_and_by_substring() {
        assert_eq!(
            ApiError::new("CDC:ErrChangeFeedNotExists", "x").status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            ApiError::new("CDC:ErrChangeFeedAlreadyExists", "x").status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
        let wrapped = ApiError::new("CDC:ErrInvalidReplicaConfig", "[CDC:ErrSinkURIInvalid]x");
        assert_eq!(wrapped.status, StatusCode::BAD_REQUEST);
    }
}
