//! Whether an error means TiCDC is out of reach (as opposed to TiCDC refusing a request): the
//! console then shows one banner and keeps its last data, instead of an error per view.

use crate::api::ApiError;

/// Why TiCDC is out of reach, when `err` says so: the request never got an answer, or the
/// proxy in front of TiCDC (trunk serve, nginx) answered 502/504 because TiCDC did not, or
/// TiCDC itself is up but not ready (503).
pub fn unreachable_reason(err: &ApiError) -> Option<String> {
    match err {
        ApiError::Network(msg) => Some(format!("The request failed: {msg}.")),
        ApiError::Timeout { .. } => Some(format!("{err}.")),
        ApiError::Http {
            status: status @ (502 | 504),
            ..
        } => Some(format!(
            "The proxy in front of TiCDC answered HTTP {status}: TiCDC is down, or the proxy points at the wrong address."
        )),
        ApiError::Http {
            status: 503,
            code,
            message,
        } => Some(format!("TiCDC answered HTTP 503 ({code}): {message}")),
        _ => None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_covers_transport_proxy_and_not_ready_but_not_api_errors() {
        assert!(unreachable_reason(&ApiError::Network("Failed to fetch".into())).is_some());
        assert_eq!(
            unreachable_reason(&ApiError::Timeout { secs: 10 }).as_deref(),
            Some("TiCDC did not answer within 10 s.")
        );
        let http = |status: u16, code: &str| ApiError::Http {
            status,
            code: code.into(),
            message: "m".into(),
        };
        assert!(unreachable_reason(&http(502, "")).unwrap().contains("502"));
        assert!(
            unreachable_reason(&http(503, "CDC:ErrServerIsNotReady"))
                .unwrap()
                .contains("CDC:ErrServerIsNotReady")
        );
        assert_eq!(
            unreachable_reason(&http(400, "CDC:ErrChangeFeedNotExists")),
            None
        );
        assert_eq!(
            unreachable_reason(&http(500, "CDC:ErrClusterIsUnhealthy")),
            None
        );
    }
}
