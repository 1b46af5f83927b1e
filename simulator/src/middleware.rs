//! Cross-cutting layers: stderr request log, `/api/` recorder (+ injected delay and hostile
//! answers), server readiness, Basic auth.

use std::time::Instant;

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{AppState, Arch, REQUEST_LOG_CAP, RequestRecord, error::ApiError, misbehave, time};

/// Logs `METHOD path?query status elapsed` to stderr.
pub async fn stderr_log(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if !st.inner.opts.log_requests {
        return next.run(req).await;
    }
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let start = Instant::now();
    let resp = next.run(req).await;
    eprintln!(
        "{method} {uri} {} {:.1?}",
        resp.status().as_u16(),
        start.elapsed()
    );
    resp
}

/// For `/api/` requests: counts in-flight requests, applies `/sim/delay` and
/// `/sim/misbehave`, and records the request for `GET /sim/requests`.
pub async fn api_recorder(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20)
        .await
        .unwrap_or_default();
    let write = parts.method != axum::http::Method::GET
        && parts.uri.path().starts_with("/api/v2/changefeeds");
    let (seq, in_flight, delay, rule) = {
        let mut sim = st.sim();
        sim.seq += 1;
        sim.in_flight += 1;
        sim.max_in_flight = sim.max_in_flight.max(sim.in_flight);
        if write {
            sim.writes_in_flight += 1;
            sim.max_writes_in_flight = sim.max_writes_in_flight.max(sim.writes_in_flight);
        }
        let rule = misbehave::take(&mut sim.misbehave, parts.method.as_str(), parts.uri.path());
        (sim.seq, sim.in_flight, sim.delay_ms, rule)
    };
    let started_ms = time::now_ms();
    let start = Instant::now();
    let mut record = RequestRecord {
        seq,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        body: truncate(&bytes, 4096),
        status: 0,
        started_ms,
        elapsed_ms: 0,
        in_flight_at_start: in_flight,
    };
    // Decrement in-flight even if the client goes away mid-delay.
    struct Guard(AppState, bool);
    impl Drop for Guard {
        fn drop(&mut self) {
            let mut sim = self.0.sim();
            sim.in_flight = sim.in_flight.saturating_sub(1);
            if self.1 {
                sim.writes_in_flight = sim.writes_in_flight.saturating_sub(1);
            }
        }
    }
    let guard = Guard(st.clone(), write);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    if let Some(hang) = rule.as_ref().and_then(misbehave::hang_for) {
        // Dropped with the connection if the client gives up first (the guard then counts it
        // out of `in_flight`; it is not logged, as it never got an answer).
        tokio::time::sleep(hang).await;
    }
    let mut resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if let Some(rule) = rule.as_ref().filter(|r| r.kind != misbehave::Kind::Hang) {
        let (head, body) = resp.into_parts();
        let real = if misbehave::needs_real(rule) {
            axum::body::to_bytes(body, 64 << 20)
                .await
                .unwrap_or_default()
        } else {
            Bytes::new()
        };
        let content_type = head.headers.get(header::CONTENT_TYPE).cloned();
        resp = misbehave::answer(rule, head.status, content_type, &real);
    }
    drop(guard);
    record.status = resp.status().as_u16();
    record.elapsed_ms = start.elapsed().as_millis() as u64;
    let mut sim = st.sim();
    sim.total += 1;
    sim.log.push_back(record);
    while sim.log.len() > REQUEST_LOG_CAP {
        sim.log.pop_front();
    }
    resp
}

fn truncate(b: &Bytes, max: usize) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(max)]).into_owned();
    if b.len() > max { s + "…" } else { s }
}

/// Readiness. Classic: [TF] `cdc/api/middleware/middleware.go CheckServerReadyMiddleware` → 503
/// on every v2 route. New arch has no such middleware; handlers that need the coordinator
/// answer 500 `coordinator is not fully initialized, wait a moment` with `error_code: ""`
/// ([NT] `api/v2/*.go`).
pub async fn ready_check(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if st.sim().ready {
        return next.run(req).await;
    }
    match st.inner.opts.arch {
        Arch::Classic => ApiError::new("CDC:ErrServerIsNotReady", "cdc server is not ready")
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .into_response(),
        Arch::New => {
            let p = req.uri().path();
            let local = [
                "/api/v2/status",
                "/api/v2/log",
                "/api/v2/tso",
                "/api/v2/verify_table",
                "/api/v2/get_all_tables",
                "/api/v2/processors",
            ];
            if local.iter().any(|l| p.starts_with(l)) {
                next.run(req).await
            } else {
                ApiError::plain("coordinator is not fully initialized, wait a moment")
                    .into_response()
            }
        }
    }
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.as_bytes();
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::new();
    for chunk in s.chunks(4) {
        let pad = chunk.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = if i >= 4 - pad { 0 } else { val(*c)? };
            n = n << 6 | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Go's `Request.BasicAuth`.
fn basic_auth(req: &Request) -> Option<(String, String)> {
    let h = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    if h.len() < 6 || !h[..6].eq_ignore_ascii_case("basic ") {
        return None;
    }
    let decoded = String::from_utf8(b64_decode(&h[6..])?).ok()?;
    let (u, p) = decoded.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

/// [TF] `cdc/api/middleware/middleware.go AuthenticateMiddleware`: HTTP Basic auth, 401 with
/// TiCDC's body and **no** `WWW-Authenticate` header. The simulator checks the single
/// `--auth user:password` instead of connecting to TiDB; a wrong password yields the MySQL
/// error TiDB would give.
pub async fn auth(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let Some((user, pass)) = st.inner.opts.auth.clone() else {
        return next.run(req).await;
    };
    let unauthorized = |u: &str, why: String| {
        ApiError::new(
            "CDC:ErrUnauthorized",
            format!("user {u} unauthorized, error: {why}"),
        )
        .status(StatusCode::UNAUTHORIZED)
        .into_response()
    };
    match basic_auth(&req) {
        None => ApiError::new(
            "CDC:ErrCredentialNotFound",
            "credential not found: please specify the user and password via authorization header",
        )
        .status(StatusCode::UNAUTHORIZED)
        .into_response(),
        Some((u, _)) if u.is_empty() => unauthorized(&u, "Empty username is not allowed.".into()),
        Some((u, _)) if u != user => unauthorized(&u, "The user is not allowed.".into()),
        Some((u, p)) if p != pass => unauthorized(
            &u,
            format!(
                "Error 1045 (28000): Access denied for user '{u}'@'10.0.1.11' (using password: {})",
                if p.is_empty() { "NO" } else { "YES" }
            ),
        ),
        Some(_) => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64() {
        assert_eq!(super::b64_decode("dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(super::b64_decode("YQ==").unwrap(), b"a");
        assert!(super::b64_decode("!!!").is_none());
    }
}
