//! Changefeed routes ([TF] `cdc/api/v2/changefeed.go`, `api_helpers.go`; [NT]
//! `api/v2/changefeed.go`): list, get, create, update, pause, resume, delete, meta_info,
//! status, synced, verify_table.

use std::{collections::HashMap, sync::Arc};

use axum::{
    Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde_json::{Value, json};

use super::{authed, invalid_id, namespace, not_exists, valid_id, views};
use crate::{
    AppState, Arch,
    config::{Body, ConfigKit},
    error::{ApiError, ApiResult},
    model::{Changefeed, FeedState, invalid_filter_rules, matched_tables},
    render,
    sink_uri::{SUPPORTED_SCHEMES, SinkUri},
    time::{json_time_ms, physical},
};

type Q = Query<HashMap<String, String>>;

/// Changefeed routes (auth per API.md §7 / §9.1).
pub fn router(st: &AppState) -> Router<AppState> {
    let new = st.inner.opts.arch == Arch::New;
    let maybe_auth = |mr| if new { authed(st, mr) } else { mr };
    let mut r = Router::new()
        .route(
            "/api/v2/changefeeds",
            get(list_changefeeds).merge(authed(st, post(create_changefeed))),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}",
            get(get_changefeed).merge(authed(
                st,
                axum::routing::put(update_changefeed).delete(delete_changefeed),
            )),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/resume",
            authed(st, post(resume_changefeed)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/pause",
            authed(st, post(pause_changefeed)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/status",
            maybe_auth(get(changefeed_status)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/synced",
            maybe_auth(get(changefeed_synced)),
        )
        .route("/api/v2/verify_table", post(verify_table));
    if !new {
        r = r.route(
            "/api/v2/changefeeds/{changefeed_id}/meta_info",
            get(get_changefeed_meta_info),
        );
    }
    r
}

/// GET /api/v2/changefeeds — `?state=` filters on the *raw* state (`FeedState.IsNeeded`),
/// items show the display state, sorted by (namespace, id).
async fn list_changefeeds(State(st): State<AppState>, Query(q): Q) -> Response {
    let c = st.cluster();
    let ns = namespace(&c, &q);
    let need = q.get("state").map(String::as_str).unwrap_or("");
    let items: Vec<views::CommonInfo> = c
        .changefeeds
        .range((ns.clone(), String::new())..)
        .take_while(|((n, _), _)| *n == ns)
        .filter(|(_, cf)| cf.state.is_needed(need))
        .map(|(_, cf)| views::common_info(&c, cf))
        .collect();
    render::json(&views::ListResponse {
        total: items.len(),
        items,
    })
}

fn check_id(arch: Arch, id: &str) -> Result<(), ApiError> {
    if valid_id(id) {
        Ok(())
    } else {
        Err(invalid_id(arch, "changefeed_id", id))
    }
}

fn get_info(st: &AppState, id: &str, q: &HashMap<String, String>, masked: bool) -> ApiResult {
    let c = st.cluster();
    // [NT] does not validate the id on GET (bad id → not exists).
    if c.arch == Arch::Classic {
        check_id(c.arch, id)?;
    }
    let ns = namespace(&c, q);
    let cf = c
        .changefeeds
        .get(&(ns.clone(), id.to_string()))
        .ok_or_else(|| not_exists(c.arch, &ns, id))?;
    Ok(render::json(&views::changefeed_info(&c, cf, masked)))
}

/// GET /api/v2/changefeeds/{id} — sink URI masked.
async fn get_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    get_info(&st, &id, &q, true)
}

/// GET /api/v2/changefeeds/{id}/meta_info — same, sink URI unmasked (classic only).
async fn get_changefeed_meta_info(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    get_info(&st, &id, &q, false)
}

/// Sink checks of [TF] `cdc/sink/validator/validator.go` (step 12 of §4.3).
fn validate_sink(uri: &SinkUri, raw: &str, cfg: &Value) -> Result<(), ApiError> {
    if cfg["enable_sync_point"].as_bool() == Some(true) && !uri.is_mysql_compatible() {
        return Err(ApiError::new(
            "CDC:ErrSinkURIInvalid",
            format!("sink uri scheme is not supported with syncpoint enabledsink uri: {raw}"),
        ));
    }
    if cfg["bdr_mode"].as_bool() == Some(true) && !uri.is_mysql_compatible() {
        return Err(ApiError::new(
            "CDC:ErrSinkURIInvalid",
            format!("sink uri scheme is not supported in BDR modesink uri: {raw}"),
        ));
    }
    if !SUPPORTED_SCHEMES.contains(&uri.scheme.as_str()) {
        return Err(ApiError::new(
            "CDC:ErrSinkURIInvalid",
            format!("the sink scheme ({}) is not supported", uri.scheme),
        ));
    }
    Ok(())
}

fn check_filter(cfg: &Value) -> Result<(), ApiError> {
    let rules: Vec<String> = cfg["filter"]["rules"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if invalid_filter_rules(&rules) {
        return Err(ApiError::new(
            "CDC:ErrFilterRuleInvalid",
            format!("filter rule is invalid [{}]", rules.join(" ")),
        ));
    }
    Ok(())
}

fn parse_uri(raw: &str) -> Result<SinkUri, ApiError> {
    SinkUri::parse(raw)
        .map_err(|e| ApiError::new("CDC:ErrSinkURIInvalid", format!("sink uri invalid '{e}'")))
}

fn gc_error(start: u64, gc: u64) -> ApiError {
    ApiError::new(
        "CDC:ErrStartTsBeforeGC",
        format!(
            "fail to create or maintain changefeed because start-ts {start} is earlier than or equal to GC safepoint at {gc}"
        ),
    )
}

/// POST /api/v2/changefeeds — checks in the order of API.md §4.3 ([NT] §9.4 order).
async fn create_changefeed(State(st): State<AppState>, Query(q): Q, body: Bytes) -> ApiResult {
    let mut guard = st.cluster();
    let c = &mut *guard;
    let arch = c.arch;
    let req = c
        .kit
        .bind(&body, Body::ChangefeedConfig)
        .map_err(ApiError::bind)?;
    if req.get("replica_config").is_some_and(Value::is_null) {
        return Err(ApiError::panic()); // nil dereference upstream (§4.14)
    }
    let sink = req["sink_uri"].as_str().unwrap_or("").to_string();
    let sink_empty = || {
        ApiError::new(
            "CDC:ErrSinkURIInvalid",
            "sink uri invalid 'sink_uri is empty, cannot create a changefeed without sink_uri'",
        )
    };
    let ns = match arch {
        Arch::Classic => req["namespace"]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
            .to_string(),
        Arch::New => namespace(c, &q),
    };
    let mut id = req["changefeed_id"].as_str().unwrap_or("").to_string();
    let gid = (c.rng.next_u64() | 1 << 63, c.rng.next_u64() | 1 << 62);
    if arch == Arch::Classic {
        if sink.is_empty() {
            return Err(sink_empty());
        }
        if id.is_empty() {
            id = c.rng.uuid();
        }
        check_id(arch, &id)?;
        if !valid_id(&ns) {
            return Err(invalid_id(arch, "namespace", &ns));
        }
    } else if id.is_empty() {
        id = format!("{}{}", gid.0, gid.1); // [NT]: decimal GID.Low ‖ GID.High
    } else {
        check_id(arch, &id)?;
    }
    if c.changefeeds.contains_key(&(ns.clone(), id.clone())) {
        let e = ApiError::new(
            "CDC:ErrChangeFeedAlreadyExists",
            format!("changefeed already exists, {id}"),
        );
        return Err(if c.release.already_exists_is_400() {
            e.status(StatusCode::BAD_REQUEST)
        } else {
            e
        });
    }
    if sink.is_empty() {
        return Err(sink_empty());
    }
    let current = c.clock.allocate();
    let mut start = req["start_ts"].as_u64().unwrap_or(0);
    if start == 0 {
        start = current;
    }
    if start > current {
        return Err(ApiError::invalid_param(format!(
            "invalid start-ts {start}, larger than current tso {current}"
        )));
    }
    let gc = c.gc_safepoint();
    if arch == Arch::Classic && start <= gc {
        return Err(gc_error(start, gc));
    }
    let target = req["target_ts"].as_u64().unwrap_or(0);
    if target > 0 && target <= start {
        return Err(ApiError::new(
            "CDC:ErrTargetTsBeforeStartTs",
            format!(
                "fail to create changefeed because target-ts {target} is earlier than start-ts {start}"
            ),
        ));
    }
    let uri = parse_uri(&sink)?;
    let mut cfg = c.kit.for_create(req.get("replica_config"));
    if let Err(e) = c.kit.adjust(&mut cfg, &uri) {
        return Err(match arch {
            Arch::New if e.code != "CDC:ErrInvalidReplicaConfig" => ApiError::new(
                "CDC:ErrInvalidReplicaConfig",
                format!("invalid replica config, {}", e.message),
            ),
            _ => e,
        });
    }
    if arch == Arch::New && start <= gc {
        return Err(gc_error(start, gc));
    }
    check_filter(&cfg)?;
    validate_sink(&uri, &sink, &cfg)?;
    let cfg = c.kit.finish(&cfg);
    let tables: Vec<i64> = matched_tables(&cfg).iter().map(|t| t.id).collect();
    let mut cf = Changefeed::new(&ns, &id, &sink, start, Arc::new(cfg), &mut c.rng);
    cf.gid = gid;
    cf.target_ts = target;
    cf.creator_version = c.version.clone();
    cf.set_tables(tables);
    let out = views::changefeed_info(c, &cf, true);
    c.changefeeds.insert((ns, id), cf);
    Ok(render::json(&out))
}

fn refused(text: impl AsRef<str>) -> ApiError {
    ApiError::new(
        "CDC:ErrChangefeedUpdateRefused",
        format!("changefeed update error: {}", text.as_ref()),
    )
}

/// PUT /api/v2/changefeeds/{id} — only when stopped or failed; the body replaces the config
/// (API.md §4.4).
async fn update_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
    body: Bytes,
) -> ApiResult {
    let mut guard = st.cluster();
    let c = &mut *guard;
    let arch = c.arch;
    check_id(arch, &id)?;
    let ns = namespace(c, &q);
    st.take_reject(&ns, &id)?;
    let key = (ns.clone(), id.clone());
    let old = c
        .changefeeds
        .get(&key)
        .ok_or_else(|| not_exists(arch, &ns, &id))?
        .clone();
    if !matches!(old.state, FeedState::Stopped | FeedState::Failed) {
        return Err(refused(
            "can only update changefeed config when it is stopped or failed",
        ));
    }
    let req = c
        .kit
        .bind(&body, Body::ChangefeedConfig)
        .map_err(ApiError::bind)?;
    if arch == Arch::New && req["start_ts"].as_u64().unwrap_or(0) != 0 {
        return Err(ApiError::invalid_param("start_ts can not be updated"));
    }
    let target = req["target_ts"].as_u64().unwrap_or(0);
    if target != 0 && target <= old.start_ts {
        return Err(ApiError::new(
            "CDC:ErrChangefeedUpdateRefused",
            format!(
                "can not update target_ts:{target} less than start_ts:{}",
                old.start_ts
            ),
        ));
    }
    let sink = req["sink_uri"]
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or(&old.sink_uri)
        .to_string();
    let mut cfg = match req.get("replica_config").filter(|v| v.is_object()) {
        Some(rc) => c.kit.for_update(rc),
        None => (*old.config).clone(),
    };
    let uri = parse_uri(&sink).map_err(|e| refused(&e.message))?;
    c.kit
        .adjust(&mut cfg, &uri)
        .map_err(|e| refused(&e.message))?;
    check_filter(&cfg)?;
    validate_sink(&uri, &sink, &cfg).map_err(|e| refused(&e.message))?;
    let cfg = c.kit.finish(&cfg);
    let new_target = if target != 0 { target } else { old.target_ts };
    if arch == Arch::Classic
        && cfg == *old.config
        && sink == old.sink_uri
        && new_target == old.target_ts
    {
        return Err(refused(
            "changefeed config is the same with the old one, do nothing",
        ));
    }
    let tables: Vec<i64> = matched_tables(&cfg).iter().map(|t| t.id).collect();
    let cf = c.changefeeds.get_mut(&key).unwrap();
    cf.config = Arc::new(cfg);
    cf.sink_uri = sink;
    cf.target_ts = new_target;
    if cf.tables != tables {
        cf.set_tables(tables);
    }
    let cf = c.changefeeds.get(&key).unwrap();
    Ok(render::json(&views::changefeed_info(c, cf, true)))
}

/// POST …/pause — classic: only normal/warning/pending stop, anything else is silently
/// ignored (`feed_state_manager.go handleAdminJob`); new arch: any state stops.
async fn pause_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let mut c = st.cluster();
    let arch = c.arch;
    if arch == Arch::Classic {
        check_id(arch, &id)?;
    }
    let ns = namespace(&c, &q);
    st.take_reject(&ns, &id)?;
    let now = c.clock.physical_now();
    let cf = c
        .changefeeds
        .get_mut(&(ns.clone(), id.clone()))
        .ok_or_else(|| not_exists(arch, &ns, &id))?;
    let allowed = arch == Arch::New
        || matches!(
            cf.state,
            FeedState::Normal | FeedState::Warning | FeedState::Pending
        );
    if allowed {
        cf.fault = None;
        cf.set_state(FeedState::Stopped, now);
    }
    Ok(render::empty())
}

/// POST …/resume — needs a JSON body in classic (`{}` at least); `overwrite_checkpoint_ts`
/// becomes start_ts and checkpoint. Classic ignores running changefeeds; new arch refuses.
async fn resume_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
    body: Bytes,
) -> ApiResult {
    let mut guard = st.cluster();
    let c = &mut *guard;
    let arch = c.arch;
    check_id(arch, &id)?;
    let ns = namespace(c, &q);
    st.take_reject(&ns, &id)?;
    let key = (ns.clone(), id.clone());
    if !c.changefeeds.contains_key(&key) {
        return Err(not_exists(arch, &ns, &id));
    }
    let req = match c.kit.bind(&body, Body::Resume) {
        Ok(v) => v,
        Err(e) if e == "EOF" && arch == Arch::New => json!({}),
        Err(e) => return Err(ApiError::bind(e)),
    };
    let state = c.changefeeds[&key].state;
    let resumable = matches!(
        state,
        FeedState::Stopped | FeedState::Failed | FeedState::Finished
    );
    if c.release.refuses_resume_of_running() && !resumable {
        return Err(ApiError::new(
            "CDC:ErrChangefeedUpdateRefused",
            format!(
                "changefeed update error: can only resume changefeed when it is stopped, failed, or finished, but current state is {}",
                state.as_str()
            ),
        ));
    }
    let overwrite = req["overwrite_checkpoint_ts"].as_u64().unwrap_or(0);
    if overwrite != 0 {
        let current = c.clock.allocate();
        if overwrite > current {
            return Err(ApiError::invalid_param(format!(
                "invalid checkpoint-ts {overwrite}, larger than current tso {current}"
            )));
        }
        let gc = c.gc_safepoint();
        if overwrite <= gc {
            return Err(gc_error(overwrite, gc));
        }
    }
    let now = c.clock.physical_now();
    let cf = c.changefeeds.get_mut(&key).unwrap();
    if resumable {
        cf.error = None;
        cf.warning = None;
        cf.fault = None;
        cf.set_state(FeedState::Normal, now);
        cf.scheduled = false;
        if overwrite != 0 {
            cf.start_ts = overwrite;
            cf.checkpoint_ts = overwrite;
            cf.resolved_ts = overwrite;
            cf.last_synced_ts = overwrite;
        }
    }
    Ok(render::empty())
}

/// DELETE /api/v2/changefeeds/{id} — idempotent: missing → 200 `{}` (new arch: `null`).
async fn delete_changefeed(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let mut c = st.cluster();
    let arch = c.arch;
    check_id(arch, &id)?;
    let ns = namespace(&c, &q);
    st.take_reject(&ns, &id)?;
    match c.changefeeds.remove(&(ns, id)) {
        None if arch == Arch::New => {
            Ok(render::raw(StatusCode::OK, render::JSON_CT, "null".into()))
        }
        _ => Ok(render::empty()),
    }
}

/// GET …/status (undocumented).
async fn changefeed_status(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let c = st.cluster();
    if c.arch == Arch::Classic {
        check_id(c.arch, &id)?;
    }
    let ns = namespace(&c, &q);
    let cf = c
        .changefeeds
        .get(&(ns.clone(), id.clone()))
        .ok_or_else(|| not_exists(c.arch, &ns, &id))?;
    Ok(render::json(&views::changefeed_status(&c, cf)))
}

const SYNCED_CASE3: &str = "Please check whether PD is online and TiKV Regions are all available. If PD is offline or some TiKV regions are not available, it means that the data syncing process is complete. To check whether TiKV regions are all available, you can view 'TiKV-Details' > 'Resolved-Ts' > 'Max Leader Resolved TS gap' on Grafana. If the gap is large, such as a few minutes, it means that some regions in TiKV are unavailable. Otherwise, if the gap is small and PD is online, it means the data syncing is incomplete, so please wait";
const SYNCED_CASE3_NEW: &str = "Please check whether PD is online and TiKV Regions are all available. If PD is offline or some TiKV regions are not available, it means that the data syncing process is complete. If the gap is large, such as a few minutes, it means that some regions in TiKV are unavailable. Otherwise, if the gap is small and PD is online, it means the data syncing is incomplete, so please wait";
const NOT_FINISHED: &str = "The data syncing is not finished, please wait";

/// GET …/synced — the cases of API.md §4.11 ([NT] §9.4 texts).
async fn changefeed_synced(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Q,
    body: Bytes,
) -> ApiResult {
    let mut guard = st.cluster();
    let c = &mut *guard;
    let arch = c.arch;
    if arch == Arch::Classic {
        check_id(arch, &id)?;
    }
    let ns = namespace(c, &q);
    let cf = c
        .changefeeds
        .get(&(ns.clone(), id.clone()))
        .ok_or_else(|| not_exists(arch, &ns, &id))?
        .clone();
    let (mut s, mut ck) = ConfigKit::synced_thresholds(&cf.config);
    let mut pd_addrs = false;
    // The optional body is bound only if Content-Length > 0 (classic).
    if arch == Arch::Classic && !body.is_empty() {
        let req = c
            .kit
            .bind(&body, Body::ChangefeedConfig)
            .map_err(ApiError::bind)?;
        let ss = &req["replica_config"]["synced_status"];
        let (bs, bc) = (
            ss["synced_check_interval"].as_i64().unwrap_or(0),
            ss["checkpoint_interval"].as_i64().unwrap_or(0),
        );
        if bs != 0 && bc != 0 {
            (s, ck) = (bs, bc);
        }
        pd_addrs = req["pd_addrs"].as_array().is_some_and(|a| !a.is_empty());
    }
    let now = c.clock.physical_now();
    let (ckpt, puller, last) = (
        physical(cf.checkpoint_ts),
        physical(cf.puller_resolved_ts),
        physical(cf.last_synced_ts),
    );
    let (s_ms, c_ms) = (s as u64 * 1000, ck as u64 * 1000);
    let times = |synced: bool, info: String, now_text: String| {
        json!({
            "synced": synced,
            "sink_checkpoint_ts": json_time_ms(ckpt),
            "puller_resolved_ts": json_time_ms(puller),
            "last_synced_ts": json_time_ms(last),
            "now_ts": now_text,
            "info": info,
        })
    };
    if pd_addrs {
        // The simulator cannot reach another PD: case 1 / 1b.
        let err =
            "[CDC:ErrAPIGetPDClientFailed]failed to get PDClient to connect PD, please recheck";
        let info = if puller.saturating_sub(ckpt) > c_ms {
            format!("{err}. Besides the data is not finish syncing")
        } else {
            format!(
                "{err}. You should check the pd status first. If pd status is normal, means we don't finish sync data. If pd is offline, please check whether we satisfy the condition that the time difference from lastSyncedTs to the current time from the time zone of pd is greater than {s} secs. If it's satisfied, means the data syncing is totally finished"
            )
        };
        return Ok(render::json(&times(false, info, json_time_ms(0))));
    }
    let now_text = json_time_ms(now / 1000 * 1000);
    let (synced, info) = if now.saturating_sub(last) > s_ms {
        if now.saturating_sub(ckpt) < c_ms {
            let t = if arch == Arch::Classic {
                "Data syncing is finished"
            } else {
                "The data syncing is finished"
            };
            (true, t.to_string())
        } else if puller.saturating_sub(ckpt) < c_ms {
            (
                false,
                if arch == Arch::Classic {
                    SYNCED_CASE3
                } else {
                    SYNCED_CASE3_NEW
                }
                .to_string(),
            )
        } else {
            (false, NOT_FINISHED.to_string())
        }
    } else {
        (false, NOT_FINISHED.to_string())
    };
    Ok(render::json(&times(synced, info, now_text)))
}

/// POST /api/v2/verify_table — which upstream tables the config would replicate.
async fn verify_table(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let c = st.cluster();
    let req = c
        .kit
        .bind(&body, Body::VerifyTable)
        .map_err(ApiError::bind)?;
    let cfg = c
        .kit
        .for_create(req.get("replica_config").filter(|v| v.is_object()));
    check_filter(&cfg)?;
    let eligible: Vec<Value> = matched_tables(&cfg)
        .iter()
        .map(|t| json!({"database_name": t.schema, "table_name": t.table, "table_id": t.id, "is_partition": t.partitioned}))
        .collect();
    let mut out = serde_json::Map::new();
    if !eligible.is_empty() {
        out.insert("eligible_tables".into(), Value::Array(eligible));
    }
    Ok(render::json(&out))
}
