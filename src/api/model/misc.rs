//! Envelopes and small request/response types (../shared/ticdc/API.md §2.1).

use serde::{Deserialize, Serialize};

use super::replica_config::ReplicaConfig;

/// TiCDC `v2.ListResponse[T]`: `{total, items}` (items never null in TiCDC; tolerated here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct ListResponse<T> {
    /// Number of items after filtering.
    #[serde(default)]
    pub total: i64,
    /// The items.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub items: Vec<T>,
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        ListResponse {
            total: 0,
            items: Vec::new(),
        }
    }
}

fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

wire_struct! {
    /// TiCDC `model.HTTPError` (cdc/model/http_model.go): every error body.
    pub struct HttpError {
        /// `[<code>]<message>` for coded errors.
        "error_msg" => pub error_msg: String,
        /// RFC code such as `CDC:ErrChangeFeedNotExists`; `""` for plain errors.
        "error_code" => pub error_code: String,
    }
}

wire_struct! {
    /// TiCDC `v2.EmptyResponse`: `{}`.
    pub struct EmptyResponse {}
}

wire_struct! {
    /// TiCDC `v2.LogLevelReq`: body of POST /api/v2/log.
    pub struct LogLevelReq {
        /// `debug`, `info`, `warn`, `error`, `dpanic`, `panic`, `fatal` (case-insensitive).
        "log_level" => pub log_level: String,
    }
}

wire_struct! {
    /// TiCDC `v2.Tso`: answer of POST /api/v2/tso.
    pub struct Tso {
        /// Physical part, Unix milliseconds.
        "timestamp" => pub timestamp: i64,
        /// Logical part (18 bits).
        "logic_time" => pub logic_time: i64,
    }
}

impl Tso {
    /// The composed TSO, `(timestamp << 18) + logic_time`.
    pub fn to_tso(&self) -> u64 {
        crate::tso::from_physical_ms(self.timestamp.max(0) as u64, self.logic_time.max(0) as u64)
    }
}

wire_struct! {
    /// TiCDC `v2.TableName`.
    pub struct TableName {
        "database_name" => pub database_name: String,
        "table_name" => pub table_name: String,
        "table_id" => pub table_id: i64,
        "is_partition" => pub is_partition: bool,
    }
}

wire_struct! {
    /// TiCDC `v2.Tables`: answer of POST /api/v2/verify_table.
    pub struct Tables {
        "ineligible_tables" => pub ineligible_tables: Option<Vec<TableName>>,
        "eligible_tables" => pub eligible_tables: Option<Vec<TableName>>,
        /// New architecture (`get_all_tables`).
        "all_tables" => pub all_tables: Option<Vec<TableName>>,
    }
}

wire_struct! {
    /// TiCDC `v2.PDConfig`: an alternative upstream PD. Embedded in Go, so these keys appear at
    /// the top level of [`ChangefeedConfig`](super::ChangefeedConfig), [`UpstreamConfig`] …
    pub struct PDConfig {
        "pd_addrs" => pub pd_addrs: Option<Vec<String>>,
        "ca_path" => pub ca_path: Option<String>,
        "cert_path" => pub cert_path: Option<String>,
        "key_path" => pub key_path: Option<String>,
        "cert_allowed_cn" => pub cert_allowed_cn: Option<Vec<String>>,
    }
}

wire_struct! {
    /// TiCDC `v2.UpstreamConfig`: body of POST /api/v2/tso (default `{}` = the default upstream).
    pub struct UpstreamConfig {
        "id" => pub id: Option<u64>,
        "pd_addrs" => pub pd_addrs: Option<Vec<String>>,
        "ca_path" => pub ca_path: Option<String>,
        "cert_path" => pub cert_path: Option<String>,
        "key_path" => pub key_path: Option<String>,
        "cert_allowed_cn" => pub cert_allowed_cn: Option<Vec<String>>,
    }
}

wire_struct! {
    /// TiCDC `v2.VerifyTableConfig`: body of POST /api/v2/verify_table.
    pub struct VerifyTableConfig {
        "pd_addrs" => pub pd_addrs: Option<Vec<String>>,
        "ca_path" => pub ca_path: Option<String>,
        "cert_path" => pub cert_path: Option<String>,
        "key_path" => pub key_path: Option<String>,
        "cert_allowed_cn" => pub cert_allowed_cn: Option<Vec<String>>,
        "replica_config" => pub replica_config: Option<ReplicaConfig>,
        "start_ts" => pub start_ts: Option<u64>,
        "sink_uri" => pub sink_uri: Option<String>,
    }
}
