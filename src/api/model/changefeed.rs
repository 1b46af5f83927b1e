//! Changefeed DTOs: request bodies, detail, list item, status, synced (../shared/ticdc/API.md §2.2,
//! §2.4, §2.5).

use std::collections::BTreeMap;

use super::replica_config::ReplicaConfig;
use super::wire::Nullable;
use crate::state::FeedState;

wire_struct! {
    /// TiCDC `v2.ChangefeedConfig` (cdc/api/v2/model.go): body of create (POST) and update (PUT).
    ///
    /// On update TiCDC replaces the whole `replica_config` (API.md §4.4): send the full config
    /// obtained from GET, edited.
    pub struct ChangefeedConfig {
        /// Classic TiCDC, create only; `default` when unset.
        "namespace" => pub namespace: Option<String>,
        /// New architecture; the server overwrites it from `?keyspace=`.
        "keyspace" => pub keyspace: Option<String>,
        /// Create only; empty → the server generates one.
        "changefeed_id" => pub changefeed_id: Option<String>,
        /// Create only (0 → current TSO); TiCDC ignores (classic) or rejects (new) it on update.
        "start_ts" => pub start_ts: Option<u64>,
        /// 0 = replicate forever.
        "target_ts" => pub target_ts: Option<u64>,
        /// Required on create; on update `""`/unset keeps the old one.
        "sink_uri" => pub sink_uri: Option<String>,
        "replica_config" => pub replica_config: Option<ReplicaConfig>,
        "pd_addrs" => pub pd_addrs: Option<Vec<String>>,
        "ca_path" => pub ca_path: Option<String>,
        "cert_path" => pub cert_path: Option<String>,
        "key_path" => pub key_path: Option<String>,
        "cert_allowed_cn" => pub cert_allowed_cn: Option<Vec<String>>,
    }
}

/// Only the sink URI of a GET /changefeeds/{id} answer: what the list's sink column needs.
///
/// The list fetches one of these per visible row. Decoding the whole `ChangeFeedInfo` there
/// would put the deserializer of the entire ReplicaConfig tree into the list page's code (the
/// first load); every other key of the answer is skipped.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct ChangefeedSink {
    /// Masked by TiCDC as in `ChangeFeedInfo::sink_uri`.
    #[serde(default)]
    pub sink_uri: Option<String>,
}

wire_struct! {
    /// TiCDC `v2.ChangeFeedInfo` (cdc/api/v2/model.go): answer of GET, create and update.
    pub struct ChangeFeedInfo {
        /// PD cluster ID (> 2^53; exact).
        "upstream_id" => pub upstream_id: Option<u64>,
        /// Classic TiCDC.
        "namespace" => pub namespace: Option<String>,
        /// New architecture.
        "keyspace" => pub keyspace: Option<String>,
        "id" => pub id: Option<String>,
        /// New architecture: a random 128-bit id in two u64 halves.
        "gid" => pub gid: Option<Gid>,
        /// New architecture: the node running this changefeed's maintainer.
        "maintainer_addr" => pub maintainer_addr: Option<String>,
        /// Password in the user-info and `sasl-password` masked as `xxxxx` (not other secrets).
        "sink_uri" => pub sink_uri: Option<String>,
        /// RFC3339Nano with the server's offset.
        "create_time" => pub create_time: String,
        "start_ts" => pub start_ts: Option<u64>,
        /// Absent when 0 (no target).
        "target_ts" => pub target_ts: Option<u64>,
        /// 0 none (absent), 1 stop, 2 resume, 3 remove, 4 finish.
        "admin_job_type" => pub admin_job_type: Option<i64>,
        "config" => pub config: Option<ReplicaConfig>,
        /// Raw state (can be `pending`); absent when uninitialized.
        "state" => pub state: Option<String>,
        "error" => pub error: Option<RunningError>,
        "creator_version" => pub creator_version: Option<String>,
        "resolved_ts" => pub resolved_ts: u64,
        "checkpoint_ts" => pub checkpoint_ts: u64,
        /// JSONTime `YYYY-MM-DD hh:mm:ss.mmm` in the server's zone.
        "checkpoint_time" => pub checkpoint_time: String,
        /// Present only while the changefeed is `normal`.
        "task_status" => pub task_status: Option<Vec<CaptureTaskStatus>>,
    }
}

impl ChangeFeedInfo {
    /// The changefeed id, `""` when absent.
    pub fn id_str(&self) -> &str {
        self.id.as_deref().unwrap_or("")
    }
    /// The raw state string, `""` when absent (uninitialized).
    pub fn state_str(&self) -> &str {
        self.state.as_deref().unwrap_or("")
    }
    /// The raw state, parsed (no list display mapping: `pending` stays `Pending`).
    pub fn feed_state(&self) -> FeedState {
        FeedState::parse(self.state_str())
    }
    /// The namespace (classic) or keyspace (new architecture), if the server sent one.
    pub fn scope_name(&self) -> Option<&str> {
        self.namespace.as_deref().or(self.keyspace.as_deref())
    }
}

wire_struct! {
    /// TiCDC `v2.GID` (new architecture `ChangeFeedInfo.gid`).
    pub struct Gid {
        "low" => pub low: u64,
        "high" => pub high: u64,
    }
}

wire_struct! {
    /// TiCDC `v2.RunningError` / `model.RunningError` (`time` only in list items and `/status`).
    pub struct RunningError {
        /// RFC3339Nano.
        "time" => pub time: Option<String>,
        "addr" => pub addr: String,
        /// RFC error code such as `CDC:ErrSnapshotLostByGC`.
        "code" => pub code: String,
        "message" => pub message: String,
    }
}

wire_struct! {
    /// TiCDC `v2.ChangefeedCommonInfo` (cdc/api/v2/model.go): one item of the changefeed list.
    ///
    /// `state` is the display state (TiCDC maps `pending` → `warning` and `""` → `normal`);
    /// `error` is always present, `null` when none.
    pub struct ChangefeedCommonInfo {
        "upstream_id" => pub upstream_id: Option<u64>,
        /// Classic TiCDC.
        "namespace" => pub namespace: Option<String>,
        /// New architecture.
        "keyspace" => pub keyspace: Option<String>,
        "id" => pub id: String,
        "state" => pub state: String,
        /// Note the `_tso` suffix (the detail calls it `checkpoint_ts`).
        "checkpoint_tso" => pub checkpoint_tso: u64,
        "checkpoint_time" => pub checkpoint_time: String,
        "error" => pub error: Nullable<RunningError>,
    }
}

impl ChangefeedCommonInfo {
    /// The state with TiCDC's list display mapping applied (again; idempotent).
    pub fn feed_state(&self) -> FeedState {
        crate::state::display_state(&self.state)
    }
    /// The namespace (classic) or keyspace (new architecture), if the server sent one.
    pub fn scope_name(&self) -> Option<&str> {
        self.namespace.as_deref().or(self.keyspace.as_deref())
    }
}

wire_struct! {
    /// TiCDC `v2.ChangefeedStatus` (GET …/status, undocumented).
    pub struct ChangefeedStatus {
        /// Raw state (can be `pending`).
        "state" => pub state: Option<String>,
        "resolved_ts" => pub resolved_ts: u64,
        "checkpoint_ts" => pub checkpoint_ts: u64,
        "last_error" => pub last_error: Option<RunningError>,
        "last_warning" => pub last_warning: Option<RunningError>,
    }
}

wire_struct! {
    /// TiCDC `v2.ResumeChangefeedConfig`: body of resume. The default encodes as `{}`, which
    /// TiCDC needs (an empty body is a 400).
    pub struct ResumeChangefeedConfig {
        "pd_addrs" => pub pd_addrs: Option<Vec<String>>,
        "ca_path" => pub ca_path: Option<String>,
        "cert_path" => pub cert_path: Option<String>,
        "key_path" => pub key_path: Option<String>,
        "cert_allowed_cn" => pub cert_allowed_cn: Option<Vec<String>>,
        /// New checkpoint and start TSO; 0/unset keeps the current checkpoint.
        "overwrite_checkpoint_ts" => pub overwrite_checkpoint_ts: Option<u64>,
    }
}

wire_struct! {
    /// TiCDC `model.CaptureTaskStatus` (cdc/model/owner.go): `ChangeFeedInfo.task_status` item.
    pub struct CaptureTaskStatus {
        "capture_id" => pub capture_id: String,
        "table_ids" => pub table_ids: Option<Vec<i64>>,
        /// Keyed by table ID (as a JSON string key).
        "table_operations" => pub table_operations: Option<BTreeMap<String, TableOperation>>,
    }
}

wire_struct! {
    /// TiCDC `model.TableOperation`.
    pub struct TableOperation {
        "delete" => pub delete: bool,
        "flag" => pub flag: Option<u64>,
        "boundary_ts" => pub boundary_ts: u64,
        "status" => pub status: Option<u64>,
    }
}

wire_struct! {
    /// TiCDC `v2.SyncedStatus` (GET …/synced). Times are JSONTime in the server's zone.
    pub struct SyncedStatus {
        "synced" => pub synced: bool,
        "sink_checkpoint_ts" => pub sink_checkpoint_ts: String,
        "puller_resolved_ts" => pub puller_resolved_ts: String,
        "last_synced_ts" => pub last_synced_ts: String,
        "now_ts" => pub now_ts: String,
        /// TiCDC's explanation (see API.md §4.11 for the exact texts).
        "info" => pub info: String,
    }
}
