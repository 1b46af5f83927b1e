//! Cluster-level routes: health, status, log level, captures and drain, processors, owner
//! resign, tso and `unsafe/*` ([TF] `cdc/api/v2/{health,status,log,capture,processor,owner,
//! tso,unsafe}.go`), plus the legacy `GET /status` ([TF] `cdc/http.go`).

use std::collections::HashMap;

use axum::{
    Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{delete, get, post},
};
use serde_json::{Value, json};

use super::{authed, invalid_id, namespace, not_exists, valid_id};
use crate::{
    AppState, Arch,
    config::Body,
    error::{ApiError, ApiResult},
    model::{Cluster, FeedState},
    render,
    time::{LOGICAL_BITS, physical},
};

/// Cluster routes.
pub fn router(st: &AppState) -> Router<AppState> {
    let mut r = Router::new()
        .route("/api/v2/health", get(health))
        .route("/api/v2/status", get(server_status))
        .route("/api/v2/log", post(set_log_level))
        .route("/api/v2/captures", get(list_captures))
        .route("/api/v2/processors", get(list_processors))
        .route(
            "/api/v2/processors/{changefeed_id}/{capture_id}",
            get(get_processor),
        )
        .route("/api/v2/owner/resign", post(resign_owner))
        .route("/api/v2/tso", post(query_tso))
        .route("/api/v2/unsafe/metadata", authed(st, get(cdc_metadata)))
        .route(
            "/api/v2/unsafe/resolve_lock",
            authed(st, post(resolve_lock)),
        )
        .route(
            "/api/v2/unsafe/service_gc_safepoint",
            authed(st, delete(delete_service_gc_safepoint)),
        );
    if st.inner.opts.arch == Arch::Classic {
        r = r.route("/api/v2/captures/{capture_id}/drain", post(drain_capture));
    }
    r
}

/// Routes outside `/api/v2` (no readiness middleware).
pub fn legacy_router() -> Router<AppState> {
    Router::new().route("/status", get(server_status))
}

/// GET /api/v2/health — classic: unhealthy right after an owner change (the new owner has not
/// ticked) or while a normal changefeed's scheduler is uninitialized ([TF]
/// `cdc/owner/owner.go isHealthy`). New arch: only the coordinator's own liveness.
async fn health(State(st): State<AppState>) -> ApiResult {
    let c = st.cluster();
    let healthy = c.arch == Arch::New
        || (c.owner_ticked
            && c.changefeeds
                .values()
                .all(|cf| cf.state != FeedState::Normal || cf.scheduled));
    if healthy {
        Ok(render::empty())
    } else {
        Err(ApiError::new(
            "CDC:ErrClusterIsUnhealthy",
            "TiCDC cluster is unhealthy",
        ))
    }
}

/// GET /api/v2/status (and legacy GET /status) — this node's `ServerStatus`, indented; its
/// `liveness` is this node's own (new arch: 1 while drained, 2 once stopping).
async fn server_status(State(st): State<AppState>) -> Response {
    let c = st.cluster();
    let liveness = c
        .captures
        .iter()
        .find(|cap| cap.id == c.self_id)
        .map_or(0, |cap| cap.liveness(c.release));
    render::indented(&json!({
        "version": c.version,
        "git_hash": c.release.git_hash(),
        "id": c.self_id,
        "cluster_id": "default",
        "pid": std::process::id(),
        "is_owner": c.owner_id == c.self_id,
        "liveness": liveness,
    }))
}

/// POST /api/v2/log — zap level names, case-insensitive (API.md §4.10).
async fn set_log_level(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let mut c = st.cluster();
    let req = c
        .kit
        .bind(&body, Body::LogLevel)
        .map_err(|e| ApiError::invalid_param(format!("invalid log level: {e}")))?;
    let level = req["log_level"].as_str().unwrap_or("info").to_string();
    if level.eq_ignore_ascii_case(&c.log_level) {
        return Ok(render::empty());
    }
    let normalized = match level.to_ascii_lowercase().as_str() {
        "" | "info" => "info",
        "debug" => "debug",
        "warn" | "warning" => "warn",
        "error" => "error",
        "dpanic" => "dpanic",
        "panic" => "panic",
        "fatal" => "fatal",
        _ => {
            return Err(ApiError::invalid_param(format!(
                "fail to change log level: {level}"
            )));
        }
    };
    c.log_level = normalized.into();
    Ok(render::empty())
}

/// GET /api/v2/captures.
async fn list_captures(State(st): State<AppState>) -> Response {
    let c = st.cluster();
    let items: Vec<Value> = c
        .captures
        .iter()
        .map(|cap| json!({"id": cap.id, "is_owner": cap.id == c.owner_id, "address": cap.address, "cluster_id": "default"}))
        .collect();
    render::json(&json!({"total": items.len(), "items": items}))
}

/// POST /api/v2/captures/{id}/drain — 202 with the tables still on it; they move off over the
/// next ticks ([TF] `cdc/api/v2/capture.go drainCapture`).
async fn drain_capture(State(st): State<AppState>, Path(capture_id): Path<String>) -> ApiResult {
    let mut c = st.cluster();
    if c.captures.len() <= 1 {
        return Err(ApiError::new(
            "CDC:ErrSchedulerRequestFailed",
            "scheduler request failed, only one capture alive",
        ));
    }
    let Some(pos) = c.captures.iter().position(|cap| cap.id == capture_id) else {
        return Err(ApiError::new(
            "CDC:ErrCaptureNotExist",
            format!("capture not exists, {capture_id}"),
        ));
    };
    if c.captures[pos].id == c.owner_id {
        return Err(ApiError::new(
            "CDC:ErrSchedulerRequestFailed",
            "scheduler request failed, cannot drain the owner",
        ));
    }
    c.captures[pos].draining = true;
    let n = c.tables_on_capture(c.captures[pos].serial);
    Ok(render::json_status(
        StatusCode::ACCEPTED,
        &json!({"current_table_count": n}),
    ))
}

/// Changefeeds that have processors: scheduled and normal/warning.
fn has_processors(state: FeedState) -> bool {
    matches!(state, FeedState::Normal | FeedState::Warning)
}

/// GET /api/v2/processors — one item per (changefeed, capture). New arch: always empty.
async fn list_processors(State(st): State<AppState>) -> Response {
    let c = st.cluster();
    if c.arch == Arch::New {
        return render::json(&json!({"total": 0, "items": []}));
    }
    let mut items = Vec::new();
    for cf in c
        .changefeeds
        .values()
        .filter(|cf| cf.scheduled && has_processors(cf.state))
    {
        for cap in &c.captures {
            items.push(
                json!({"namespace": cf.namespace, "changefeed_id": cf.id, "capture_id": cap.id}),
            );
        }
    }
    render::json(&json!({"total": items.len(), "items": items}))
}

fn processor_tables(
    c: &Cluster,
    ns: &str,
    cf_id: &str,
    capture_id: &str,
) -> Result<Value, ApiError> {
    let arch = c.arch;
    if !valid_id(cf_id) {
        return Err(invalid_id(arch, "changefeed_id", cf_id));
    }
    if !valid_id(capture_id) {
        return Err(invalid_id(arch, "capture_id", capture_id));
    }
    let cf = c
        .changefeeds
        .get(&(ns.to_string(), cf_id.to_string()))
        .ok_or_else(|| not_exists(arch, ns, cf_id))?;
    if !has_processors(cf.state) {
        // The typo "can'duration" is upstream's ([TF] cdc/api/v2/processor.go).
        return Err(ApiError::invalid_param(format!(
            "invalid api parameter: changefeed in abnormal state: {}, can'duration get processor of an abnormal changefeed",
            cf.state.as_str()
        )));
    }
    let Some(cap) = c
        .captures
        .iter()
        .find(|cap| cap.id == capture_id)
        .filter(|_| cf.scheduled)
    else {
        return Err(ApiError::new(
            "CDC:ErrCaptureNotExist",
            format!("capture not exists, {capture_id}"),
        ));
    };
    let tables = cf.tables_on(cap.serial);
    Ok(if tables.is_empty() {
        Value::Null
    } else {
        json!(tables)
    })
}

/// GET /api/v2/processors/{changefeed_id}/{capture_id} (API.md §4.8). New arch: stub.
async fn get_processor(
    State(st): State<AppState>,
    Path((cf_id, capture_id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let c = st.cluster();
    if c.arch == Arch::New {
        return Ok(render::json(&json!({"table_ids": null})));
    }
    let ns = namespace(&c, &q);
    let tables = processor_tables(&c, &ns, &cf_id, &capture_id)?;
    Ok(render::json(&json!({"table_ids": tables})))
}

/// POST /api/v2/owner/resign — always 200; a new election follows (the same capture may win).
async fn resign_owner(State(st): State<AppState>) -> Response {
    st.cluster().elect_owner();
    render::empty()
}

/// POST /api/v2/tso — classic needs an `UpstreamConfig` body; `id` must be the upstream's.
async fn query_tso(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let mut c = st.cluster();
    let req = match c.kit.bind(&body, Body::Upstream) {
        Ok(v) => v,
        Err(e) if e == "EOF" && c.arch == Arch::New => json!({}),
        Err(e) => return Err(ApiError::bind(e)),
    };
    let id = req["id"].as_u64().unwrap_or(0);
    if id != 0 && id != c.upstream_id {
        return Err(ApiError::new(
            "CDC:ErrUpstreamNotFound",
            format!("upstream not found, cluster-id: {id}"),
        ));
    }
    let ts = c.clock.allocate();
    Ok(render::indented(
        &json!({"timestamp": physical(ts), "logic_time": ts & ((1 << LOGICAL_BITS) - 1)}),
    ))
}

/// GET /api/v2/unsafe/metadata — the etcd key/values of the cluster, indented.
async fn cdc_metadata(State(st): State<AppState>) -> Response {
    let c = st.cluster();
    let mut out = Vec::new();
    for cap in &c.captures {
        out.push(json!({
            "key": format!("/tidb/cdc/default/__cdc_meta__/capture/{}", cap.id),
            "value": render::compact_text(&json!({"id": cap.id, "address": cap.address, "version": c.version,
                "git-hash": "4f5a8b1c2d3e4f5061728394a5b6c7d8e9f0a1b2", "deploy-path": "/tidb-deploy/cdc-8300/bin/cdc",
                "start-timestamp": c.last_tick_ms / 1000})),
        }));
    }
    out.push(json!({"key": "/tidb/cdc/default/__cdc_meta__/owner/22318c5d4e1a9b03", "value": c.owner_id}));
    for cf in c.changefeeds.values() {
        let base = format!("/tidb/cdc/default/{}/changefeed", cf.namespace);
        out.push(json!({
            "key": format!("{base}/info/{}", cf.id),
            "value": render::compact_text(&json!({"upstream-id": c.upstream_id, "namespace": cf.namespace,
                "changefeed-id": cf.id, "sink-uri": cf.sink_uri, "start-ts": cf.start_ts, "target-ts": cf.target_ts,
                "admin-job-type": cf.state.admin_job_type(), "state": cf.state.as_str(),
                "creator-version": cf.creator_version})),
        }));
        out.push(json!({
            "key": format!("{base}/status/{}", cf.id),
            "value": render::compact_text(&json!({"checkpoint-ts": cf.checkpoint_ts,
                "min-table-barrier-ts": cf.checkpoint_ts, "admin-job-type": cf.state.admin_job_type()})),
        }));
    }
    render::indented(&out)
}

/// POST /api/v2/unsafe/resolve_lock — `region_id` and `ts` must be non-zero.
async fn resolve_lock(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let c = st.cluster();
    let req = c
        .kit
        .bind(&body, Body::ResolveLock)
        .map_err(ApiError::bind)?;
    if req["region_id"].as_u64().unwrap_or(0) == 0 || req["ts"].as_u64().unwrap_or(0) == 0 {
        return Err(ApiError::invalid_param(
            "invalid resolve_lock request: region_id and ts must be non-zero",
        ));
    }
    Ok(render::empty())
}

/// DELETE /api/v2/unsafe/service_gc_safepoint — accepted; the simulated GC safepoint is fixed.
async fn delete_service_gc_safepoint(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let c = st.cluster();
    c.kit.bind(&body, Body::Upstream).map_err(ApiError::bind)?;
    Ok(render::empty())
}
