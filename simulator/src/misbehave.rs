//! Hostile answers (`/sim/misbehave`): what a reverse proxy or a half-dead node sends instead of
//! TiCDC's v2 JSON. Each rule names a route pattern (and optionally a method) and a kind; an
//! `/api/` request that matches the newest matching rule gets that answer instead of (or made
//! from) the real one. Used by the console's hostile-server browser tests; documented in
//! `simulator/README.md`.

use std::time::Duration;

use axum::{
    body::Body,
    http::{HeaderValue, StatusCode, header},
    response::Response,
};
use serde::{Deserialize, Serialize};

/// What a matching request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A proxy's HTML page (a login page at 200 by default, or an error page with `status`).
    Html,
    /// The real answer with only the first half of its body (status and content type kept,
    /// `Content-Length` of what is sent): a proxy that cut the upstream answer short.
    Truncated,
    /// The real status with an empty body (`Content-Length: 0`, JSON content type).
    Empty,
    /// The real body wrapped in a JSON array, `[…]`: an array where an object belongs (TiCDC's
    /// v1 API answers arrays).
    Array,
    /// No answer: the request is held open for `ms` (default 10 minutes), then answered normally.
    Hang,
}

/// One rule of `POST /sim/misbehave`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    /// Route pattern: `/`-separated segments, `*` matches one segment, a trailing `**` any
    /// rest (also none): `/api/v2/changefeeds`, `/api/v2/changefeeds/*`, `/api/v2/**`.
    pub path: String,
    /// Only this method (`GET`, `POST`, …); `None` = any.
    #[serde(default)]
    pub method: Option<String>,
    /// What to answer.
    pub kind: Kind,
    /// `Html`: the status (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// `Hang`: how long (default 600 000 ms).
    #[serde(default)]
    pub ms: Option<u64>,
    /// Applies to this many more requests, then the rule is dropped; `None` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

/// How long `Hang` holds a request when the rule gives no `ms`.
pub const DEFAULT_HANG_MS: u64 = 600_000;

/// The page a typical SSO proxy answers in place of the API.
pub const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in · Corp SSO</title>\
<style>body{font-family:sans-serif}</style></head>\n<body><form method=\"post\" action=\"/login\">\
<h1>Sign in to continue</h1><input name=\"user\"><input name=\"password\" type=\"password\">\
<button>Sign in</button></form><script>document.forms[0].user.focus()</script></body></html>\n";

/// The error page nginx answers when its upstream is down (`status` 502 and the like).
pub fn error_page(status: u16) -> String {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} \
         {reason}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// Does `pattern` match `path`?
pub fn matches(pattern: &str, path: &str) -> bool {
    let mut pat = pattern.trim_end_matches('/').split('/');
    let mut segs = path.trim_end_matches('/').split('/');
    loop {
        match (pat.next(), segs.next()) {
            (Some("**"), _) => return true,
            (None, None) => return true,
            (Some("*"), Some(s)) if !s.is_empty() => {}
            (Some(p), Some(s)) if p == s => {}
            _ => return false,
        }
    }
}

/// Picks the newest rule matching the request and counts it down; `None` = behave.
pub fn take(rules: &mut Vec<Rule>, method: &str, path: &str) -> Option<Rule> {
    let i = rules.iter().rposition(|r| {
        matches(&r.path, path)
            && r.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    let rule = rules[i].clone();
    if let Some(n) = rules[i].times.as_mut() {
        *n = n.saturating_sub(1);
        if *n == 0 {
            rules.remove(i);
        }
    }
    Some(rule)
}

/// How long a `Hang` rule holds the request (`None` for other kinds).
pub fn hang_for(rule: &Rule) -> Option<Duration> {
    (rule.kind == Kind::Hang).then(|| Duration::from_millis(rule.ms.unwrap_or(DEFAULT_HANG_MS)))
}

/// Whether the rule needs the real answer to build its own.
pub fn needs_real(rule: &Rule) -> bool {
    matches!(rule.kind, Kind::Truncated | Kind::Empty | Kind::Array)
}

/// The answer for `rule`, given the real one's status, content type and body (`Html` ignores
/// them; `Hang` only delays, see [`hang_for`], and gives back the real answer).
pub fn answer(
    rule: &Rule,
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: &[u8],
) -> Response {
    let with = |status: StatusCode, ct: Option<HeaderValue>, body: Vec<u8>| {
        let mut b = Response::builder()
            .status(status)
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(Body::from(body)).unwrap()
    };
    let json_ct = HeaderValue::from_static(crate::render::JSON_CT);
    match rule.kind {
        Kind::Html => {
            let status = rule
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let page = if status == StatusCode::OK {
                LOGIN_PAGE.to_string()
            } else {
                error_page(status.as_u16())
            };
            with(
                status,
                Some(HeaderValue::from_static("text/html; charset=utf-8")),
                page.into_bytes(),
            )
        }
        Kind::Truncated => {
            // At least one byte goes missing, so even `{}` arrives cut.
            let keep = (body.len() / 2).min(body.len().saturating_sub(1));
            with(status, content_type, body[..keep].to_vec())
        }
        Kind::Empty => with(status, Some(json_ct), Vec::new()),
        Kind::Array => {
            let mut out = Vec::with_capacity(body.len() + 2);
            out.push(b'[');
            out.extend_from_slice(body);
            out.push(b']');
            with(status, content_type.or(Some(json_ct)), out)
        }
        Kind::Hang => with(status, content_type, body.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(path: &str, method: Option<&str>, times: Option<u32>) -> Rule {
        Rule {
            path: path.into(),
            method: method.map(str::to_string),
            kind: Kind::Empty,
            status: None,
            ms: None,
            times,
        }
    }

    #[test]
    fn patterns() {
        assert!(matches("/api/v2/changefeeds", "/api/v2/changefeeds"));
        assert!(!matches("/api/v2/changefeeds", "/api/v2/changefeeds/a"));
        assert!(matches("/api/v2/changefeeds/*", "/api/v2/changefeeds/a"));
        assert!(!matches(
            "/api/v2/changefeeds/*",
            "/api/v2/changefeeds/a/synced"
        ));
        assert!(matches(
            "/api/v2/changefeeds/*/synced",
            "/api/v2/changefeeds/a/synced"
        ));
        assert!(matches("/api/v2/**", "/api/v2/captures"));
        assert!(matches("/api/v2/**", "/api/v2"));
        assert!(!matches("/api/v2/**", "/status"));
    }

    #[test]
    fn newest_matching_rule_wins_and_counts_down() {
        let mut rules = vec![
            rule("/api/v2/**", None, None),
            rule("/api/v2/captures", Some("get"), Some(1)),
        ];
        assert_eq!(
            take(&mut rules, "GET", "/api/v2/captures").unwrap().path,
            "/api/v2/captures"
        );
        assert_eq!(rules.len(), 1, "times: 1 is used up");
        assert_eq!(
            take(&mut rules, "GET", "/api/v2/captures").unwrap().path,
            "/api/v2/**"
        );
        assert!(take(&mut rules, "GET", "/status").is_none());
    }

    #[test]
    fn truncation_always_cuts() {
        let r = Rule {
            kind: Kind::Truncated,
            ..rule("/", None, None)
        };
        let resp = answer(&r, StatusCode::OK, None, b"{}");
        assert_eq!(resp.headers()[header::CONTENT_LENGTH], "1");
    }
}
