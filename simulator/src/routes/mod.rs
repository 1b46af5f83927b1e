//! Routing: one router per resource, assembled like [TF] `cdc/api/v2/api.go
//! RegisterOpenAPIV2Routes` (../shared/ticdc/API.md §1). Unknown paths *and* wrong methods get
//! gin's `404 page not found` (text/plain; gin's `HandleMethodNotAllowed` is off, so never 405),
//! and a trailing slash redirects (301 for GET, 307 otherwise) like gin's `RedirectTrailingSlash`.

pub mod changefeed;
pub mod cluster;
pub mod placement;
pub mod sim;
pub mod views;

use std::collections::HashMap;

use axum::{
    Router,
    extract::{Query, Request, State},
    http::{Method, StatusCode, header},
    middleware::from_fn_with_state,
    response::{IntoResponse, Response},
    routing::MethodRouter,
};

use crate::model::Cluster;
use crate::{AppState, Arch, error::ApiError, middleware, render};

/// Route patterns, for trailing-slash redirects.
const PATTERNS: &[&str] = &[
    "/status",
    "/api/v2/health",
    "/api/v2/status",
    "/api/v2/log",
    "/api/v2/changefeeds",
    "/api/v2/changefeeds/*",
    "/api/v2/changefeeds/*/meta_info",
    "/api/v2/changefeeds/*/resume",
    "/api/v2/changefeeds/*/pause",
    "/api/v2/changefeeds/*/status",
    "/api/v2/changefeeds/*/synced",
    "/api/v2/captures/*/drain",
    "/api/v2/captures",
    "/api/v2/processors/*/*",
    "/api/v2/processors",
    "/api/v2/verify_table",
    "/api/v2/unsafe/metadata",
    "/api/v2/unsafe/resolve_lock",
    "/api/v2/unsafe/service_gc_safepoint",
    "/api/v2/owner/resign",
    "/api/v2/tso",
    "/api/v2/changefeeds/*/tables",
    "/api/v2/changefeeds/*/get_dispatcher_count",
    "/api/v2/changefeeds/*/move_table",
    "/api/v2/changefeeds/*/move_split_table",
    "/api/v2/changefeeds/*/split_table_by_region_count",
    "/api/v2/changefeeds/*/merge_table",
    "/api/v2/get_all_tables",
    "/api/v1/captures/drain",
];

fn matches_pattern(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').collect();
    PATTERNS.iter().any(|p| {
        let ps: Vec<&str> = p.split('/').collect();
        ps.len() == segs.len()
            && ps
                .iter()
                .zip(&segs)
                .all(|(p, s)| *p == "*" && !s.is_empty() || p == s)
    })
}

/// gin's NoRoute / no-method answer, or its trailing-slash redirect.
async fn not_found(req: Request) -> Response {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') && matches_pattern(path.trim_end_matches('/')) {
        let target = path.trim_end_matches('/').to_string();
        let (code, body) = if req.method() == Method::GET {
            (
                StatusCode::MOVED_PERMANENTLY,
                format!("<a href=\"{target}\">Moved Permanently</a>.\n\n"),
            )
        } else {
            (StatusCode::TEMPORARY_REDIRECT, String::new())
        };
        let mut resp = render::raw(code, "text/html; charset=utf-8", body);
        resp.headers_mut()
            .insert(header::LOCATION, target.parse().unwrap());
        return resp;
    }
    render::raw(
        StatusCode::NOT_FOUND,
        "text/plain",
        "404 page not found".into(),
    )
}

/// axum adds `Allow` to method-not-allowed answers even with a custom fallback; gin's 404 has
/// none.
async fn strip_allow(mut resp: Response) -> Response {
    if resp.status() == StatusCode::NOT_FOUND {
        resp.headers_mut().remove(header::ALLOW);
    }
    resp
}

/// Wraps a method router in the auth middleware.
pub(crate) fn authed(st: &AppState, mr: MethodRouter<AppState>) -> MethodRouter<AppState> {
    mr.route_layer(from_fn_with_state(st.clone(), middleware::auth))
}

/// The whole service.
pub fn router(st: AppState) -> Router {
    let mut api = changefeed::router(&st).merge(cluster::router(&st));
    if st.inner.opts.arch == Arch::New {
        api = api.merge(placement::router(&st));
    }
    let api = api.route_layer(from_fn_with_state(st.clone(), middleware::ready_check));
    let inner = Router::new()
        .merge(api)
        .merge(cluster::legacy_router())
        .merge(sim::router())
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .with_state(st.clone());
    // Outer layers wrap the whole inner router (a route-level layer would not see the `Allow`
    // header axum adds, nor count 404s).
    Router::new()
        .fallback_service(inner)
        .layer(from_fn_with_state(st.clone(), keyspace_checker))
        .layer(axum::middleware::map_response(strip_allow))
        .layer(from_fn_with_state(st.clone(), middleware::api_recorder))
        .layer(from_fn_with_state(st, middleware::stderr_log))
}

/// `namespace` query param with default (classic, `getNamespaceValueWithDefault`); the new
/// architecture's default build ignores `?keyspace=` and uses `default`, a `nextgen` build
/// reads it (checked before by [`keyspace_checker`]) (API.md §9.1).
pub(crate) fn namespace(c: &Cluster, q: &HashMap<String, String>) -> String {
    match c.arch {
        Arch::Classic => q
            .get("namespace")
            .filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| "default".into()),
        Arch::New if !c.keyspaces.is_empty() => q.get("keyspace").cloned().unwrap_or_default(),
        Arch::New => "default".into(),
    }
}

/// `KeyspaceCheckerMiddleware` of a `nextgen` build ([NT] `api/middleware/middleware.go`): on
/// the changefeed and unsafe routes, a missing `?keyspace=` and an unknown one are 400s (before
/// auth, as TiCDC orders them). A default build lets everything through.
pub(crate) async fn keyspace_checker(
    State(st): State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let checked = ["/api/v2/changefeeds", "/api/v2/unsafe/"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{}/", p.trim_end_matches('/'))));
    if checked {
        let keyspaces = st.cluster().keyspaces.clone();
        if !keyspaces.is_empty() {
            let ks = Query::<HashMap<String, String>>::try_from_uri(req.uri())
                .ok()
                .and_then(|Query(q)| q.get("keyspace").cloned())
                .unwrap_or_default();
            if ks.is_empty() {
                return ApiError::invalid_param(
                    "missing required query parameter keyspace, please specify --keyspace or -k",
                )
                .into_response();
            }
            if !keyspaces.contains(&ks) {
                return ApiError::invalid_param(format!(
                    "keyspace \"{ks}\" does not exist, please check --keyspace or -k"
                ))
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// [TF] `cdc/model/changefeed.go ValidateChangefeedID`: `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, ≤ 128.
pub(crate) fn valid_id(id: &str) -> bool {
    id.len() <= 128
        && !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The invalid-id error (`what` = `changefeed_id`, `capture_id`, `namespace`).
pub(crate) fn invalid_id(arch: Arch, what: &str, id: &str) -> ApiError {
    match arch {
        Arch::Classic => ApiError::invalid_param(format!("invalid {what}: {id}")),
        // [NT] pkg/api/util.go: the cause is appended (API.md §9.2).
        Arch::New => ApiError::invalid_param(format!(
            "invalid {what}: {id}, [CDC:ErrInvalidChangefeedID]bad changefeed id, please match the pattern \"^[a-zA-Z0-9]+(\\-[a-zA-Z0-9]+)*$\", the length should no more than 128, eg, \"simple-changefeed-task\""
        )),
    }
}

/// `CDC:ErrChangeFeedNotExists` (classic arg `namespace/id`, new arch bare id).
pub(crate) fn not_exists(arch: Arch, ns: &str, id: &str) -> ApiError {
    let name = match arch {
        Arch::Classic => format!("{ns}/{id}"),
        Arch::New => id.to_string(),
    };
    ApiError::new(
        "CDC:ErrChangeFeedNotExists",
        format!("changefeed not exists, {name}"),
    )
}
