//! Test and fault controls under `/sim/` (never under `/api/`): JSON in, JSON out. Documented
//! in `simulator/README.md`.

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    AppState,
    misbehave::Rule,
    model::{Fault, FeedState, RunningError},
    time,
};

/// `/sim/*` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sim/changefeeds/{changefeed_id}", get(raw_changefeed))
        .route(
            "/sim/changefeeds/{changefeed_id}/fault",
            post(inject_fault).delete(clear_fault),
        )
        .route(
            "/sim/changefeeds/{changefeed_id}/reject",
            post(inject_reject).delete(clear_reject),
        )
        .route("/sim/changefeeds/{changefeed_id}/idle", post(set_idle))
        .route(
            "/sim/changefeeds/{changefeed_id}/maintainer",
            post(set_maintainer),
        )
        .route("/sim/delay", get(get_delay).post(set_delay))
        .route(
            "/sim/misbehave",
            get(get_misbehave)
                .post(add_misbehave)
                .delete(clear_misbehave),
        )
        .route("/sim/ready", get(get_ready).post(set_ready))
        .route("/sim/captures", post(add_capture))
        .route(
            "/sim/captures/{capture_id}",
            axum::routing::delete(remove_capture),
        )
        .route("/sim/requests", get(requests).delete(reset_requests))
        .route("/sim/tick", post(tick))
}

fn sim_error(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(json!({"error": msg.into()}))).into_response()
}

fn ns_of(q: &HashMap<String, String>) -> String {
    q.get("namespace")
        .or(q.get("keyspace"))
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "default".into())
}

fn raw_view(st: &AppState, ns: &str, id: &str) -> Option<Value> {
    let c = st.cluster();
    let cf = c.changefeeds.get(&(ns.to_string(), id.to_string()))?;
    let err = |e: &Option<RunningError>| {
        e.as_ref().map(|e| json!({"time": time::rfc3339_nano(e.time_ns), "addr": e.addr, "code": e.code, "message": e.message}))
    };
    let assignment: serde_json::Map<String, Value> = c
        .captures
        .iter()
        .map(|cap| (cap.id.clone(), json!(cf.tables_on(cap.serial))))
        .collect();
    Some(json!({
        "namespace": cf.namespace,
        "id": cf.id,
        "sink_uri": cf.sink_uri,
        "state": cf.state.as_str(),
        "admin_job_type": cf.state.admin_job_type(),
        "start_ts": cf.start_ts,
        "target_ts": cf.target_ts,
        "checkpoint_ts": cf.checkpoint_ts,
        "resolved_ts": cf.resolved_ts,
        "last_synced_ts": cf.last_synced_ts,
        "puller_resolved_ts": cf.puller_resolved_ts,
        "error": err(&cf.error),
        "warning": err(&cf.warning),
        "fault": cf.fault.as_ref().map(|f| json!({"state": f.state.as_str(), "code": f.error.code, "message": f.error.message})),
        "idle": cf.idle,
        "scheduled": cf.scheduled,
        "tables": cf.tables,
        "assignment": assignment,
        "config": *cf.config,
    }))
}

/// GET /sim/changefeeds/{id}?namespace= — stored info, unmasked sink, full config.
async fn raw_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match raw_view(&st, &ns_of(&q), &id) {
        Some(v) => Json(v).into_response(),
        None => sim_error(StatusCode::NOT_FOUND, format!("no changefeed {id}")),
    }
}

#[derive(Deserialize)]
struct FaultReq {
    state: String,
    code: Option<String>,
    message: Option<String>,
    addr: Option<String>,
}

/// POST /sim/changefeeds/{id}/fault {"state":"warning|pending|failed","code","message","addr"?}
async fn inject_fault(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Json(req): Json<FaultReq>,
) -> Response {
    let ns = ns_of(&q);
    {
        let mut c = st.cluster();
        let now = c.clock.physical_now();
        let addr = req.addr.clone().unwrap_or_else(|| c.owner_addr());
        let Some(cf) = c.changefeeds.get_mut(&(ns.clone(), id.clone())) else {
            return sim_error(StatusCode::NOT_FOUND, format!("no changefeed {id}"));
        };
        let state = match FeedState::parse(&req.state) {
            Some(s @ (FeedState::Warning | FeedState::Pending | FeedState::Failed)) => s,
            _ => {
                return sim_error(
                    StatusCode::BAD_REQUEST,
                    "state must be warning, pending or failed",
                );
            }
        };
        let code = req
            .code
            .clone()
            .unwrap_or_else(|| "CDC:ErrProcessorUnknown".into());
        let message = req
            .message
            .clone()
            .unwrap_or_else(|| format!("[{code}]simulated fault"));
        let error = RunningError {
            time_ns: time::now_ns(),
            addr,
            code,
            message,
        };
        match state {
            FeedState::Warning => {
                cf.warning = Some(error.clone());
                cf.fault = Some(Fault { state, error });
            }
            FeedState::Pending => {
                cf.error = Some(error.clone());
                cf.fault = Some(Fault { state, error });
            }
            _ => {
                cf.error = Some(error);
                cf.fault = None;
            }
        }
        cf.set_state(state, now);
    }
    Json(raw_view(&st, &ns, &id)).into_response()
}

/// DELETE /sim/changefeeds/{id}/fault — the fault clears; warning → normal and pending →
/// warning → normal over the next ticks. A failed changefeed stays failed (resume it).
async fn clear_fault(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ns = ns_of(&q);
    {
        let mut c = st.cluster();
        let Some(cf) = c.changefeeds.get_mut(&(ns.clone(), id.clone())) else {
            return sim_error(StatusCode::NOT_FOUND, format!("no changefeed {id}"));
        };
        cf.fault = None;
    }
    Json(raw_view(&st, &ns, &id)).into_response()
}

#[derive(Deserialize)]
struct RejectReq {
    code: Option<String>,
    message: Option<String>,
    times: Option<u32>,
}

/// POST /sim/changefeeds/{id}/reject {"code"?, "message"?, "times"?} — the next `times`
/// writes to the changefeed (pause, resume, update, delete; default 1, 0 = until cleared) are
/// answered with that TiCDC error (400 or 500 by code, like TiCDC) and change nothing. Any id
/// is accepted, existing or not, so a test can also arm it before a create.
async fn inject_reject(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Json(req): Json<RejectReq>,
) -> Response {
    let code = req.code.unwrap_or_else(|| "CDC:ErrEtcdTryAgain".into());
    let message = req
        .message
        .unwrap_or_else(|| format!("[{code}]simulated refusal of changefeed {id}"));
    let reject = crate::Reject {
        code,
        message,
        times: match req.times {
            Some(0) => None,
            n => Some(n.unwrap_or(1)),
        },
    };
    st.sim().rejects.insert((ns_of(&q), id), reject.clone());
    Json(json!(reject)).into_response()
}

/// DELETE /sim/changefeeds/{id}/reject — writes to it are applied again.
async fn clear_reject(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let removed = st.sim().rejects.remove(&(ns_of(&q), id)).is_some();
    Json(json!({"removed": removed}))
}

#[derive(Deserialize)]
struct IdleReq {
    idle: bool,
}

/// POST /sim/changefeeds/{id}/idle {"idle":true} — no more upstream writes (→ synced).
async fn set_idle(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Json(req): Json<IdleReq>,
) -> Response {
    let ns = ns_of(&q);
    {
        let mut c = st.cluster();
        let Some(cf) = c.changefeeds.get_mut(&(ns.clone(), id.clone())) else {
            return sim_error(StatusCode::NOT_FOUND, format!("no changefeed {id}"));
        };
        cf.idle = req.idle;
    }
    Json(raw_view(&st, &ns, &id)).into_response()
}

#[derive(Deserialize)]
struct MaintainerReq {
    missing: bool,
}

/// POST /sim/changefeeds/{id}/maintainer {"missing":true} — new arch: the changefeed keeps its
/// `maintainer_addr` but the maintainer is not on that node (a maintainer moving), so the
/// placement routes answer 500 `CDC:ErrMaintainerNotFounded`.
async fn set_maintainer(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Json(req): Json<MaintainerReq>,
) -> Response {
    let ns = ns_of(&q);
    {
        let mut c = st.cluster();
        let Some(cf) = c.changefeeds.get_mut(&(ns.clone(), id.clone())) else {
            return sim_error(StatusCode::NOT_FOUND, format!("no changefeed {id}"));
        };
        cf.maintainer_missing = req.missing;
    }
    Json(raw_view(&st, &ns, &id)).into_response()
}

#[derive(Deserialize)]
struct DelayReq {
    ms: u64,
}

async fn get_delay(State(st): State<AppState>) -> Json<Value> {
    Json(json!({"ms": st.sim().delay_ms}))
}

/// POST /sim/delay {"ms":2000} — every /api/ response is delayed.
async fn set_delay(State(st): State<AppState>, Json(req): Json<DelayReq>) -> Json<Value> {
    st.sim().delay_ms = req.ms;
    Json(json!({"ms": req.ms}))
}

/// GET /sim/misbehave — the rules in force, oldest first.
async fn get_misbehave(State(st): State<AppState>) -> Json<Value> {
    Json(json!({"rules": st.sim().misbehave}))
}

/// POST /sim/misbehave {"path","method"?,"kind","status"?,"ms"?,"times"?} — adds a rule
/// (`misbehave::Rule`); the newest matching rule wins. Answers the rules in force.
async fn add_misbehave(
    State(st): State<AppState>,
    body: Result<Json<Rule>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let rule = match body {
        Ok(Json(rule)) => rule,
        Err(e) => return sim_error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    if !rule.path.starts_with('/') {
        return sim_error(StatusCode::BAD_REQUEST, "path must start with /");
    }
    if rule.status.is_some_and(|s| !(200..=599).contains(&s)) {
        return sim_error(StatusCode::BAD_REQUEST, "status must be 200..=599");
    }
    let mut sim = st.sim();
    sim.misbehave.push(rule);
    Json(json!({"rules": sim.misbehave})).into_response()
}

/// DELETE /sim/misbehave — every rule goes; the server behaves again.
async fn clear_misbehave(State(st): State<AppState>) -> Json<Value> {
    st.sim().misbehave.clear();
    Json(json!({"rules": []}))
}

#[derive(Deserialize)]
struct ReadyReq {
    ready: bool,
}

async fn get_ready(State(st): State<AppState>) -> Json<Value> {
    Json(json!({"ready": st.sim().ready}))
}

/// POST /sim/ready {"ready":false} — classic: 503 ErrServerIsNotReady on /api/v2.
async fn set_ready(State(st): State<AppState>, Json(req): Json<ReadyReq>) -> Json<Value> {
    st.sim().ready = req.ready;
    Json(json!({"ready": req.ready}))
}

#[derive(Deserialize, Default)]
struct AddCaptureReq {
    address: Option<String>,
}

/// POST /sim/captures {"address"?} — a capture joins.
async fn add_capture(State(st): State<AppState>, body: Option<Json<AddCaptureReq>>) -> Json<Value> {
    let req = body.map(|b| b.0).unwrap_or_default();
    let cap = st.cluster().add_capture(req.address);
    Json(json!({"id": cap.id, "address": cap.address}))
}

/// DELETE /sim/captures/{id} — a capture leaves (not this node).
async fn remove_capture(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let mut c = st.cluster();
    if id == c.self_id {
        return sim_error(
            StatusCode::BAD_REQUEST,
            "cannot remove the capture this server is",
        );
    }
    if c.remove_capture(&id) {
        Json(json!({"removed": id, "owner": c.owner_id})).into_response()
    } else {
        sim_error(StatusCode::NOT_FOUND, format!("no capture {id}"))
    }
}

/// GET /sim/requests — recent /api/ requests and concurrency counters.
async fn requests(State(st): State<AppState>) -> Json<Value> {
    let sim = st.sim();
    Json(json!({
        "total": sim.total,
        "in_flight": sim.in_flight,
        "max_in_flight": sim.max_in_flight,
        "writes_in_flight": sim.writes_in_flight,
        "max_writes_in_flight": sim.max_writes_in_flight,
        "requests": sim.log,
    }))
}

/// DELETE /sim/requests — clears the log and counters (the maxima restart from current).
async fn reset_requests(State(st): State<AppState>) -> Json<Value> {
    let mut sim = st.sim();
    sim.log.clear();
    sim.total = 0;
    sim.max_in_flight = sim.in_flight;
    sim.max_writes_in_flight = sim.writes_in_flight;
    Json(json!({}))
}

/// POST /sim/tick — advance simulated time by one tick now.
async fn tick(State(st): State<AppState>) -> Json<Value> {
    st.tick();
    Json(json!({}))
}
