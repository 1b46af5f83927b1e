//! One pure request builder per TiCDC v2 route (../shared/ticdc/API.md §1), plus Basic auth.
//!
//! Each function returns an [`HttpRequest`] (method, path, query, body, headers); the browser
//! executor in `client.rs` only sends it. Path segments and query values are percent-encoded.

use std::fmt;

use serde::Serialize;

use super::model::{
    ChangefeedConfig, DispatcherMode, DrainCaptureReq, LogLevelReq, ResumeChangefeedConfig,
    UpstreamConfig, VerifyTableConfig,
};

/// The API prefix every route lives under.
pub const API_PREFIX: &str = "/api/v2";

/// HTTP methods TiCDC's v2 API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// `"GET"`, `"POST"`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request ready to send: `path` is already percent-encoded, `query` holds raw (unencoded)
/// pairs that [`HttpRequest::url`] encodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// HTTP method.
    pub method: Method,
    /// Encoded path, e.g. `/api/v2/changefeeds/test1`.
    pub path: String,
    /// Raw query pairs.
    pub query: Vec<(String, String)>,
    /// JSON body, if any.
    pub body: Option<String>,
    /// Headers to set (`Accept`, `Content-Type`, `Authorization`).
    pub headers: Vec<(String, String)>,
}

impl HttpRequest {
    fn new(method: Method, path: String) -> Self {
        HttpRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
            headers: vec![("Accept".into(), "application/json".into())],
        }
    }

    fn json<T: Serialize>(mut self, body: &T) -> Self {
        // Serializing these DTOs cannot fail: every map key is a string.
        self.body = Some(serde_json::to_string(body).expect("DTOs serialize to JSON"));
        self.headers
            .push(("Content-Type".into(), "application/json".into()));
        self
    }

    fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    fn scoped(mut self, scope: &Scope) -> Self {
        if let Some((k, v)) = scope.query_pair() {
            self.query.push((k.into(), v.into()));
        }
        self
    }

    /// The path plus the encoded query string (`/api/v2/changefeeds?state=all`).
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        format!("{}?{}", self.path, q.join("&"))
    }

    /// The full URL: `base` (`""` = same origin; a trailing `/` is dropped) + path + query.
    pub fn url(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.path_and_query())
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Adds `Authorization: Basic …` when credentials are given (replacing an earlier one).
    pub fn with_credentials(mut self, credentials: Option<&Credentials>) -> Self {
        if let Some(c) = credentials {
            self.headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case("Authorization"));
            self.headers
                .push(("Authorization".into(), c.authorization_header()));
        }
        self
    }
}

/// Which namespace (classic) or keyspace (new architecture) changefeed routes address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scope {
    /// No parameter: the server's default (`default`).
    #[default]
    Default,
    /// Classic TiCDC: `?namespace=` (create puts it in the body instead).
    Namespace(String),
    /// New architecture: `?keyspace=` (mandatory on next-gen builds).
    Keyspace(String),
}

impl Scope {
    /// The query pair this scope adds, if any.
    pub fn query_pair(&self) -> Option<(&'static str, &str)> {
        match self {
            Scope::Default => None,
            Scope::Namespace(n) => Some(("namespace", n)),
            Scope::Keyspace(k) => Some(("keyspace", k)),
        }
    }
}

/// HTTP Basic credentials for TiCDC's `client-user-required` mode (API.md §7): a TiDB user.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// TiDB user name.
    pub user: String,
    /// Its password.
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}

impl Credentials {
    /// Credentials for `user` with `password`.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            user: user.into(),
            password: password.into(),
        }
    }
    /// `Basic base64(user:password)`.
    pub fn authorization_header(&self) -> String {
        format!(
            "Basic {}",
            base64_encode(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648 §4), enough for a Basic auth header.
pub fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`), so the
/// result is safe as a path segment or a query key/value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn path(segments: &[&str]) -> String {
    let mut p = String::from(API_PREFIX);
    for s in segments {
        p.push('/');
        p.push_str(s);
    }
    p
}

fn changefeed_path(id: &str, suffix: Option<&str>) -> String {
    let id = encode_component(id);
    match suffix {
        Some(s) => path(&["changefeeds", &id, s]),
        None => path(&["changefeeds", &id]),
    }
}

/// GET /api/v2/status — the node's own status (not forwarded to the owner).
pub fn server_status() -> HttpRequest {
    HttpRequest::new(Method::Get, path(&["status"]))
}

/// GET [`ARCH_PROBE_PATH`](crate::api::release::ARCH_PROBE_PATH): classic-only `meta_info` of a
/// changefeed that does not exist; its status tells the architecture (`Evidence::observe_probe`).
pub fn arch_probe() -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        crate::api::release::ARCH_PROBE_PATH.to_string(),
    )
}

/// GET /api/v2/health — 200 `{}` when the cluster is healthy.
pub fn health() -> HttpRequest {
    HttpRequest::new(Method::Get, path(&["health"]))
}

/// POST /api/v2/changefeeds. Classic TiCDC reads the namespace from the body only, so a
/// `Scope::Namespace` fills `namespace` in the body (unless the config sets one); a
/// `Scope::Keyspace` goes in the query.
pub fn create_changefeed(scope: &Scope, config: &ChangefeedConfig) -> HttpRequest {
    let req = HttpRequest::new(Method::Post, path(&["changefeeds"]));
    match scope {
        Scope::Namespace(ns) if config.namespace.is_none() => {
            let mut body = config.clone();
            body.namespace = Some(ns.clone());
            req.json(&body)
        }
        Scope::Keyspace(_) => req.scoped(scope).json(config),
        _ => req.json(config),
    }
}

/// PUT /api/v2/changefeeds/{id} — the body must carry the full `replica_config` (API.md §4.4).
pub fn update_changefeed(scope: &Scope, id: &str, config: &ChangefeedConfig) -> HttpRequest {
    HttpRequest::new(Method::Put, changefeed_path(id, None))
        .scoped(scope)
        .json(config)
}

/// DELETE /api/v2/changefeeds/{id} — idempotent (a missing changefeed is a success).
pub fn delete_changefeed(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, changefeed_path(id, None)).scoped(scope)
}

/// GET /api/v2/changefeeds[?state=…] — `None` = TiCDC's default filter (API.md §4.7).
pub fn list_changefeeds(scope: &Scope, state: Option<&str>) -> HttpRequest {
    let mut req = HttpRequest::new(Method::Get, path(&["changefeeds"]));
    if let Some(s) = state {
        req = req.query("state", s);
    }
    req.scoped(scope)
}

/// GET /api/v2/changefeeds/{id} — `sink_uri` masked.
pub fn get_changefeed(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, changefeed_path(id, None)).scoped(scope)
}

/// GET /api/v2/changefeeds/{id}/meta_info — classic only, undocumented: `sink_uri` unmasked.
pub fn changefeed_meta_info(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, changefeed_path(id, Some("meta_info"))).scoped(scope)
}

/// GET /api/v2/changefeeds/{id}/synced (plural `changefeeds`, unlike the docs).
pub fn changefeed_synced(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, changefeed_path(id, Some("synced"))).scoped(scope)
}

/// GET /api/v2/changefeeds/{id}/status — undocumented: raw state, checkpoint, last error/warning.
pub fn changefeed_status(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, changefeed_path(id, Some("status"))).scoped(scope)
}

/// POST /api/v2/changefeeds/{id}/pause — no body.
pub fn pause_changefeed(scope: &Scope, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, changefeed_path(id, Some("pause"))).scoped(scope)
}

/// POST /api/v2/changefeeds/{id}/resume — always with a JSON body (`{}` at least): classic
/// TiCDC answers an empty body with 400 `invalid api parameter: EOF`.
pub fn resume_changefeed(scope: &Scope, id: &str, config: &ResumeChangefeedConfig) -> HttpRequest {
    HttpRequest::new(Method::Post, changefeed_path(id, Some("resume")))
        .scoped(scope)
        .json(config)
}

/// GET /api/v2/processors (no namespace parameter in TiCDC).
pub fn list_processors() -> HttpRequest {
    HttpRequest::new(Method::Get, path(&["processors"]))
}

/// GET /api/v2/processors/{changefeed_id}/{capture_id}.
pub fn get_processor(scope: &Scope, changefeed_id: &str, capture_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        path(&[
            "processors",
            &encode_component(changefeed_id),
            &encode_component(capture_id),
        ]),
    )
    .scoped(scope)
}

/// GET /api/v2/captures.
pub fn list_captures() -> HttpRequest {
    HttpRequest::new(Method::Get, path(&["captures"]))
}

/// PUT /api/v1/captures/drain `{"capture_id"}` — the new architecture's only drain (202
/// `{"current_table_count"}`); call it again to poll, each call re-issues the drain.
pub fn drain_capture_v1(capture_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, "/api/v1/captures/drain".into()).json(&DrainCaptureReq {
        capture_id: capture_id.into(),
        ..Default::default()
    })
}

/// GET /api/v2/changefeeds/{id}/tables?mode= — new architecture: spans per node.
pub fn list_tables(scope: &Scope, id: &str, mode: DispatcherMode) -> HttpRequest {
    HttpRequest::new(Method::Get, changefeed_path(id, Some("tables")))
        .query("mode", mode.as_query())
        .scoped(scope)
}

/// GET /api/v2/changefeeds/{id}/get_dispatcher_count?mode= — new architecture.
pub fn dispatcher_count(scope: &Scope, id: &str, mode: DispatcherMode) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        changefeed_path(id, Some("get_dispatcher_count")),
    )
    .query("mode", mode.as_query())
    .scoped(scope)
}

/// POST …/move_table?tableID=&targetNodeID=&mode=&wait= — a whole (unsplit) table to a node;
/// with `wait` TiCDC answers once the move is done (up to a minute).
pub fn move_table(
    scope: &Scope,
    id: &str,
    table_id: i64,
    target_node: &str,
    mode: DispatcherMode,
    wait: bool,
) -> HttpRequest {
    HttpRequest::new(Method::Post, changefeed_path(id, Some("move_table")))
        .query("tableID", &table_id.to_string())
        .query("targetNodeID", target_node)
        .query("mode", mode.as_query())
        .query("wait", if wait { "true" } else { "false" })
        .scoped(scope)
}

/// POST …/move_split_table?tableID=&targetNodeID=&mode= — every span of a split table to one
/// node; blocks until done.
pub fn move_split_table(
    scope: &Scope,
    id: &str,
    table_id: i64,
    target_node: &str,
    mode: DispatcherMode,
) -> HttpRequest {
    HttpRequest::new(Method::Post, changefeed_path(id, Some("move_split_table")))
        .query("tableID", &table_id.to_string())
        .query("targetNodeID", target_node)
        .query("mode", mode.as_query())
        .scoped(scope)
}

/// POST …/split_table_by_region_count?tableID=&mode= — needs `enable_table_across_nodes`;
/// blocks until split.
pub fn split_table_by_region_count(
    scope: &Scope,
    id: &str,
    table_id: i64,
    mode: DispatcherMode,
) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        changefeed_path(id, Some("split_table_by_region_count")),
    )
    .query("tableID", &table_id.to_string())
    .query("mode", mode.as_query())
    .scoped(scope)
}

/// POST …/merge_table?tableID=&mode= — merges two neighbouring spans of a table into one
/// (one pair per call); blocks until merged.
pub fn merge_table(scope: &Scope, id: &str, table_id: i64, mode: DispatcherMode) -> HttpRequest {
    HttpRequest::new(Method::Post, changefeed_path(id, Some("merge_table")))
        .query("tableID", &table_id.to_string())
        .query("mode", mode.as_query())
        .scoped(scope)
}

/// POST /api/v2/get_all_tables — new architecture: the upstream tables a filter matches at
/// `start_ts` (send a real TSO: at 0 TiCDC reads an empty snapshot).
pub fn get_all_tables(scope: &Scope, config: &VerifyTableConfig) -> HttpRequest {
    HttpRequest::new(Method::Post, path(&["get_all_tables"]))
        .scoped(scope)
        .json(config)
}

/// POST /api/v2/captures/{id}/drain — classic only; success is 202.
pub fn drain_capture(capture_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        path(&["captures", &encode_component(capture_id), "drain"]),
    )
}

/// POST /api/v2/owner/resign — the owner steps down; a new election follows.
pub fn resign_owner() -> HttpRequest {
    HttpRequest::new(Method::Post, path(&["owner", "resign"]))
}

/// POST /api/v2/log `{"log_level": level}` — only the node that receives it.
pub fn set_log_level(level: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, path(&["log"])).json(&LogLevelReq {
        log_level: level.into(),
        ..Default::default()
    })
}

/// POST /api/v2/verify_table — which tables a config would replicate.
pub fn verify_table(config: &VerifyTableConfig) -> HttpRequest {
    HttpRequest::new(Method::Post, path(&["verify_table"])).json(config)
}

/// POST /api/v2/tso with body `{}` (the default upstream; classic requires a body).
pub fn query_tso() -> HttpRequest {
    HttpRequest::new(Method::Post, path(&["tso"])).json(&UpstreamConfig::default())
}
