//! JSON shapes of the v2 models (../shared/ticdc/API.md §2), built in Go's field order.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::{
    Arch,
    model::{Changefeed, Cluster, FeedState, RunningError},
    sink_uri,
    time::{ZERO_RFC3339, json_time_tso, physical, rfc3339_nano},
};

/// `model.RunningError` with `time` (list items, status).
pub fn running_error_with_time(e: &RunningError) -> Value {
    json!({"time": rfc3339_nano(e.time_ns), "addr": e.addr, "code": e.code, "message": e.message})
}

/// `ChangeFeedInfo` ([TF] `cdc/api/v2/model.go`, API.md §2.4; [NT] §9.3).
pub fn changefeed_info(c: &Cluster, cf: &Changefeed, masked: bool) -> Value {
    let mut m = Map::new();
    let classic = c.arch == Arch::Classic;
    if c.upstream_id != 0 {
        m.insert("upstream_id".into(), json!(c.upstream_id));
    }
    if classic {
        if !cf.namespace.is_empty() {
            m.insert("namespace".into(), json!(cf.namespace));
        }
        m.insert("id".into(), json!(cf.id));
    } else {
        m.insert("keyspace".into(), json!(cf.namespace));
        m.insert("id".into(), json!(cf.id));
    }
    let uri = if masked {
        sink_uri::mask(&cf.sink_uri)
    } else {
        cf.sink_uri.clone()
    };
    if !uri.is_empty() {
        m.insert("sink_uri".into(), json!(uri));
    }
    m.insert("create_time".into(), json!(rfc3339_nano(cf.create_time_ns)));
    if cf.start_ts != 0 {
        m.insert("start_ts".into(), json!(cf.start_ts));
    }
    if cf.target_ts != 0 {
        m.insert("target_ts".into(), json!(cf.target_ts));
    }
    let ajt = cf.state.admin_job_type();
    if ajt != 0 {
        m.insert("admin_job_type".into(), json!(ajt));
    }
    m.insert("config".into(), (*cf.config).clone());
    if cf.state != FeedState::Uninitialized {
        m.insert("state".into(), json!(cf.state.as_str()));
    }
    // Only info.Error, and not in normal/stopped/finished; `time` is never set here ([TF]
    // changefeed.go getChangeFeed). [NT] config.RunningError has no omitempty on time.
    if let Some(e) = &cf.error
        && !matches!(
            cf.state,
            FeedState::Normal | FeedState::Stopped | FeedState::Finished
        )
    {
        let v = if classic {
            json!({"addr": e.addr, "code": e.code, "message": e.message})
        } else {
            json!({"time": ZERO_RFC3339, "addr": e.addr, "code": e.code, "message": e.message})
        };
        m.insert("error".into(), v);
    }
    if !cf.creator_version.is_empty() {
        m.insert("creator_version".into(), json!(cf.creator_version));
    }
    let resolved = if classic {
        cf.resolved_ts
    } else {
        cf.checkpoint_ts
    };
    m.insert("resolved_ts".into(), json!(resolved));
    m.insert("checkpoint_ts".into(), json!(cf.checkpoint_ts));
    m.insert(
        "checkpoint_time".into(),
        json!(json_time_tso(cf.checkpoint_ts)),
    );
    if classic {
        if cf.state == FeedState::Normal && cf.scheduled {
            let ts: Vec<Value> = c
                .captures
                .iter()
                .filter_map(|cap| {
                    let t = cf.tables_on(cap.serial);
                    (!t.is_empty()).then(|| json!({"capture_id": cap.id, "table_ids": t}))
                })
                .collect();
            if !ts.is_empty() {
                m.insert("task_status".into(), Value::Array(ts));
            }
        }
    } else {
        if cf.state.is_scheduled() {
            m.insert("maintainer_addr".into(), json!(c.owner_addr()));
        }
        m.insert("gid".into(), json!({"low": cf.gid.0, "high": cf.gid.1}));
    }
    Value::Object(m)
}

/// `ListResponse[T]`: `{"total", "items"}` (items never null).
#[derive(Serialize)]
pub struct ListResponse<T> {
    /// Number of items.
    pub total: usize,
    /// The items.
    pub items: Vec<T>,
}

/// `model.RunningError` borrowed for serialization.
#[derive(Serialize)]
pub struct ErrorView<'a> {
    time: String,
    addr: &'a str,
    code: &'a str,
    message: &'a str,
}

/// `ChangefeedCommonInfo` (list item, custom `MarshalJSON`, API.md §2.5). A typed struct, not a
/// `Value`: the list must stay fast at 10 000 changefeeds.
#[derive(Serialize)]
pub struct CommonInfo<'a> {
    upstream_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<&'a str>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyspace: Option<&'a str>,
    state: &'static str,
    checkpoint_tso: u64,
    checkpoint_time: String,
    error: Option<ErrorView<'a>>,
}

/// Builds a list item. Classic: `error` = Error else Warning, null in normal/stopped/finished;
/// new arch: no state-based suppression (§9.4).
pub fn common_info<'a>(c: &Cluster, cf: &'a Changefeed) -> CommonInfo<'a> {
    let classic = c.arch == Arch::Classic;
    let err = cf.error.as_ref().or(cf.warning.as_ref()).filter(|_| {
        !classic
            || !matches!(
                cf.state,
                FeedState::Normal | FeedState::Stopped | FeedState::Finished
            )
    });
    CommonInfo {
        upstream_id: c.upstream_id,
        namespace: classic.then_some(cf.namespace.as_str()),
        id: &cf.id,
        keyspace: (!classic).then_some(cf.namespace.as_str()),
        state: cf.state.display(),
        checkpoint_tso: cf.checkpoint_ts,
        checkpoint_time: json_time_tso(cf.checkpoint_ts),
        error: err.map(|e| ErrorView {
            time: rfc3339_nano(e.time_ns),
            addr: &e.addr,
            code: &e.code,
            message: &e.message,
        }),
    }
}

/// `ChangefeedStatus` (GET …/status, API.md §4.13, [NT] §9.4).
pub fn changefeed_status(c: &Cluster, cf: &Changefeed) -> Value {
    let mut m = Map::new();
    if cf.state != FeedState::Uninitialized {
        m.insert("state".into(), json!(cf.state.as_str()));
    }
    let ck_ns = physical(cf.checkpoint_ts) as u128 * 1_000_000;
    match c.arch {
        Arch::Classic => {
            m.insert("resolved_ts".into(), json!(cf.resolved_ts));
            m.insert("checkpoint_ts".into(), json!(cf.checkpoint_ts));
            if let Some(e) = cf.error.as_ref().filter(|e| e.time_ns > ck_ns) {
                m.insert("last_error".into(), running_error_with_time(e));
            }
            if let Some(e) = cf.warning.as_ref().filter(|e| e.time_ns > ck_ns) {
                m.insert("last_warning".into(), running_error_with_time(e));
            }
        }
        Arch::New => {
            m.insert("resolved_ts".into(), json!(cf.checkpoint_ts));
            m.insert("checkpoint_ts".into(), json!(cf.checkpoint_ts));
            let e = cf
                .error
                .as_ref()
                .or(cf.warning.as_ref())
                .filter(|e| e.time_ns > ck_ns);
            if let Some(e) = e {
                if cf.state == FeedState::Failed {
                    m.insert("last_error".into(), running_error_with_time(e));
                } else if cf.state == FeedState::Warning {
                    m.insert("last_warning".into(), running_error_with_time(e));
                }
            }
        }
    }
    Value::Object(m)
}
