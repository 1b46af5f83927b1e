//! Captures, server status and processors (../shared/ticdc/API.md §2.1).

use super::wire::Nullable;

wire_struct! {
    /// TiCDC `v2.Capture` (cdc/api/v2/model.go): one TiCDC node.
    pub struct Capture {
        "id" => pub id: String,
        /// Owner (classic) or coordinator (new architecture).
        "is_owner" => pub is_owner: bool,
        "address" => pub address: String,
        "cluster_id" => pub cluster_id: String,
    }
}

wire_struct! {
    /// TiCDC `model.ServerStatus` (cdc/model/http_model.go): GET /api/v2/status, for the node hit.
    pub struct ServerStatus {
        "version" => pub version: String,
        "git_hash" => pub git_hash: String,
        /// Capture id.
        "id" => pub id: String,
        "cluster_id" => pub cluster_id: String,
        "pid" => pub pid: i64,
        "is_owner" => pub is_owner: bool,
        /// Classic: 0 alive, 1 stopping. New architecture: 0 alive, 1 draining, 2 stopping.
        "liveness" => pub liveness: i64,
    }
}

wire_struct! {
    /// TiCDC `v2.ProcessorCommonInfo`: one item of GET /api/v2/processors.
    pub struct ProcessorCommonInfo {
        "namespace" => pub namespace: Option<String>,
        "keyspace" => pub keyspace: Option<String>,
        "changefeed_id" => pub changefeed_id: String,
        "capture_id" => pub capture_id: String,
    }
}

wire_struct! {
    /// TiCDC `v2.ProcessorDetail`: `table_ids` is `null` when the capture has no task.
    pub struct ProcessorDetail {
        "table_ids" => pub table_ids: Nullable<Vec<i64>>,
    }
}

wire_struct! {
    /// TiCDC `model.DrainCaptureResp` (cdc/model/http_model.go): answer (202) of drain.
    pub struct DrainCaptureResp {
        "current_table_count" => pub current_table_count: i64,
    }
}

wire_struct! {
    /// New architecture `v2.NodeTableInfo` (api/v2/model.go): one item of GET
    /// …/changefeeds/{id}/tables. `table_ids` holds one entry per *span*: a split table repeats,
    /// the DDL span is table `0`, and the order (of items and ids) is random. `node_id` is a
    /// capture id, `""` for spans not scheduled yet.
    pub struct NodeTableInfo {
        "node_id" => pub node_id: String,
        "table_ids" => pub table_ids: Vec<i64>,
    }
}

wire_struct! {
    /// New architecture `v2.DispatcherCount`: GET …/get_dispatcher_count, the same spans as
    /// …/tables counted (DDL span included).
    pub struct DispatcherCount {
        "count" => pub count: i64,
    }
}

wire_struct! {
    /// New architecture `drainCaptureRequest` (api/v1/api.go): body of PUT /api/v1/captures/drain.
    pub struct DrainCaptureReq {
        "capture_id" => pub capture_id: String,
    }
}

/// Which dispatchers a placement route addresses (`?mode=`; `common.IsRedoMode` is `mode == 1`,
/// anything else is the main ones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DispatcherMode {
    /// `0`: the dispatchers writing to the sink.
    #[default]
    Main,
    /// `1`: the redo-log dispatchers (only when `consistent.level` is not `none`; asking
    /// without redo makes TiCDC answer an empty 500).
    Redo,
}

impl DispatcherMode {
    /// The `mode` query value.
    pub fn as_query(self) -> &'static str {
        match self {
            DispatcherMode::Main => "0",
            DispatcherMode::Redo => "1",
        }
    }
}

/// `ServerStatus.liveness` read the way a release means it (RELEASES.md §1: pingcap/ticdc master
/// and v8.5.7 `["alive", "draining", "stopping"]`; classic and ticdc v26.3.4 `["alive",
/// "stopping"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Liveness {
    /// Serving.
    Alive,
    /// Taking no new work while its tables move away.
    Draining,
    /// Shutting down.
    Stopping,
    /// A number the release's names do not cover.
    Unknown(i64),
}

impl Liveness {
    /// Decodes `liveness` with the release's names by value.
    pub fn from_wire(value: i64, names: &[&str]) -> Self {
        match usize::try_from(value).ok().and_then(|i| names.get(i)) {
            Some(&"alive") => Liveness::Alive,
            Some(&"draining") => Liveness::Draining,
            Some(&"stopping") => Liveness::Stopping,
            _ => Liveness::Unknown(value),
        }
    }

    /// `Alive`, `Draining`, `Stopping`.
    pub fn label(self) -> String {
        match self {
            Liveness::Alive => "Alive".into(),
            Liveness::Draining => "Draining".into(),
            Liveness::Stopping => "Stopping".into(),
            Liveness::Unknown(v) => format!("Unknown ({v})"),
        }
    }
}
