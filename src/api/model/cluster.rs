//! Captures, server status and processors (API.md §2.1).

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
