//! `ReplicaConfig` and its non-sink parts (../shared/ticdc/API.md §2.3, §3.1, §9.3).
//!
//! Every field is an `Option`: classic TiCDC omits some keys and the new architecture omits all
//! unset ones, and a PUT must send back exactly what the GET returned (API.md §4.4).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::sink::SinkConfig;
use crate::api::duration::JsonDuration;

/// TiCDC's published default `replica_config` (classic, API.md §3.1), as compact-or-pretty JSON.
pub const DEFAULT_REPLICA_CONFIG_JSON: &str =
    include_str!("../fixtures/default_replica_config.json");

/// The new architecture's default `replica_config` (API.md §9.3), for tests and comparison.
pub const DEFAULT_REPLICA_CONFIG_NEW_ARCH_JSON: &str =
    include_str!("../fixtures/default_replica_config_new.json");

/// A Go `float64` that re-encodes the way Go writes it: integral values without a fraction
/// (`1`, not `1.0`), so a decoded value is sent back unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct GoFloat(pub f64);

impl Serialize for GoFloat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for GoFloat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(GoFloat)
    }
}

wire_struct! {
    /// TiCDC `v2.ReplicaConfig` (cdc/api/v2/model.go; new architecture: api/v2/model.go).
    pub struct ReplicaConfig {
        /// New architecture only: `throughput` or `low-latency`.
        "performance_mode" => pub performance_mode: Option<String>,
        /// Bytes; 0 is re-defaulted to 1 GiB by TiCDC.
        "memory_quota" => pub memory_quota: Option<u64>,
        "case_sensitive" => pub case_sensitive: Option<bool>,
        "force_replicate" => pub force_replicate: Option<bool>,
        "ignore_ineligible_table" => pub ignore_ineligible_table: Option<bool>,
        "check_gc_safe_point" => pub check_gc_safe_point: Option<bool>,
        "enable_sync_point" => pub enable_sync_point: Option<bool>,
        "enable_table_monitor" => pub enable_table_monitor: Option<bool>,
        "bdr_mode" => pub bdr_mode: Option<bool>,
        /// New architecture only.
        "enable_active_active" => pub enable_active_active: Option<bool>,
        /// New architecture only (ns).
        "active_active_progress_interval" => pub active_active_progress_interval: Option<JsonDuration>,
        /// New architecture only (ns).
        "active_active_sync_stats_interval" => pub active_active_sync_stats_interval: Option<JsonDuration>,
        /// Must be ≥ 30 s when sync point is enabled.
        "sync_point_interval" => pub sync_point_interval: Option<JsonDuration>,
        /// Must be ≥ 1 h when sync point is enabled.
        "sync_point_retention" => pub sync_point_retention: Option<JsonDuration>,
        "filter" => pub filter: Option<FilterConfig>,
        "mounter" => pub mounter: Option<MounterConfig>,
        "sink" => pub sink: Option<SinkConfig>,
        "consistent" => pub consistent: Option<ConsistentConfig>,
        "scheduler" => pub scheduler: Option<ChangefeedSchedulerConfig>,
        "integrity" => pub integrity: Option<IntegrityConfig>,
        /// Must be ≥ 30 min.
        "changefeed_error_stuck_duration" => pub changefeed_error_stuck_duration: Option<JsonDuration>,
        "synced_status" => pub synced_status: Option<SyncedStatusConfig>,
        /// Deprecated since v8.0.
        "sql_mode" => pub sql_mode: Option<String>,
        /// New architecture only.
        "event_collector_batch_count" => pub event_collector_batch_count: Option<i64>,
        /// New architecture only.
        "event_collector_batch_bytes" => pub event_collector_batch_bytes: Option<i64>,
    }
}

impl ReplicaConfig {
    /// TiCDC's published default (classic, API.md §3.1), decoded from [`DEFAULT_REPLICA_CONFIG_JSON`].
    pub fn ticdc_default() -> Self {
        serde_json::from_str(DEFAULT_REPLICA_CONFIG_JSON)
            .expect("the bundled default replica config fixture decodes")
    }
}

wire_struct! {
    /// TiCDC `v2.FilterConfig`.
    pub struct FilterConfig {
        /// Table filter rules, e.g. `*.*`, `!test.*`.
        "rules" => pub rules: Option<Vec<String>>,
        /// Transaction start TSOs to skip (u64, exact).
        "ignore_txn_start_ts" => pub ignore_txn_start_ts: Option<Vec<u64>>,
        "event_filters" => pub event_filters: Option<Vec<EventFilterRule>>,
    }
}

wire_struct! {
    /// TiCDC `v2.EventFilterRule`. TiCDC writes empty slices as `null`; those are kept as `null`.
    pub struct EventFilterRule {
        "matcher" => pub matcher: Option<Vec<String>>,
        /// Event type names such as `all dml`, `insert`, `drop table`.
        "ignore_event" => pub ignore_event: Option<Vec<String>>,
        /// Regular expressions over DDL text.
        "ignore_sql" => pub ignore_sql: Option<Vec<String>>,
        "ignore_insert_value_expr" => pub ignore_insert_value_expr: Option<String>,
        "ignore_update_new_value_expr" => pub ignore_update_new_value_expr: Option<String>,
        "ignore_update_old_value_expr" => pub ignore_update_old_value_expr: Option<String>,
        "ignore_delete_value_expr" => pub ignore_delete_value_expr: Option<String>,
        /// New architecture only.
        "ignore_update_only_columns" => pub ignore_update_only_columns: Option<Vec<String>>,
    }
}

wire_struct! {
    /// TiCDC `v2.MounterConfig`.
    pub struct MounterConfig {
        "worker_num" => pub worker_num: Option<i64>,
    }
}

wire_struct! {
    /// TiCDC `v2.ConsistentConfig` (redo log).
    pub struct ConsistentConfig {
        /// `none` or `eventual`.
        "level" => pub level: Option<String>,
        /// MB.
        "max_log_size" => pub max_log_size: Option<i64>,
        /// ms.
        "flush_interval" => pub flush_interval: Option<i64>,
        /// ms.
        "meta_flush_interval" => pub meta_flush_interval: Option<i64>,
        "encoding_worker_num" => pub encoding_worker_num: Option<i64>,
        "flush_worker_num" => pub flush_worker_num: Option<i64>,
        "storage" => pub storage: Option<String>,
        "use_file_backend" => pub use_file_backend: Option<bool>,
        /// `""` or `lz4`.
        "compression" => pub compression: Option<String>,
        "flush_concurrency" => pub flush_concurrency: Option<i64>,
        "memory_usage" => pub memory_usage: Option<ConsistentMemoryUsage>,
        /// New architecture only.
        "event_collector_batch_count" => pub event_collector_batch_count: Option<i64>,
    }
}

wire_struct! {
    /// TiCDC `v2.ConsistentMemoryUsage`.
    pub struct ConsistentMemoryUsage {
        "memory_quota_percentage" => pub memory_quota_percentage: Option<u64>,
    }
}

wire_struct! {
    /// TiCDC `v2.ChangefeedSchedulerConfig` (new-architecture keys included).
    pub struct ChangefeedSchedulerConfig {
        "enable_table_across_nodes" => pub enable_table_across_nodes: Option<bool>,
        "region_threshold" => pub region_threshold: Option<i64>,
        /// New architecture only.
        "region_count_per_span" => pub region_count_per_span: Option<i64>,
        /// New architecture only (ns; TiCDC accepts only numbers here).
        "region_count_refresh_interval" => pub region_count_refresh_interval: Option<JsonDuration>,
        "write_key_threshold" => pub write_key_threshold: Option<i64>,
        /// New architecture only.
        "scheduling_task_count_per_node" => pub scheduling_task_count_per_node: Option<i64>,
        /// New architecture only.
        "enable_splittable_check" => pub enable_splittable_check: Option<bool>,
        /// New architecture only.
        "force_split" => pub force_split: Option<bool>,
        /// New architecture only.
        "balance_score_threshold" => pub balance_score_threshold: Option<i64>,
        /// New architecture only.
        "min_traffic_percentage" => pub min_traffic_percentage: Option<GoFloat>,
        /// New architecture only.
        "max_traffic_percentage" => pub max_traffic_percentage: Option<GoFloat>,
    }
}

wire_struct! {
    /// TiCDC `v2.IntegrityConfig`.
    pub struct IntegrityConfig {
        /// `none` or `correctness`.
        "integrity_check_level" => pub integrity_check_level: Option<String>,
        /// `warn` or `error`.
        "corruption_handle_level" => pub corruption_handle_level: Option<String>,
    }
}

wire_struct! {
    /// TiCDC `v2.SyncedStatusConfig` (seconds).
    pub struct SyncedStatusConfig {
        "synced_check_interval" => pub synced_check_interval: Option<i64>,
        "checkpoint_interval" => pub checkpoint_interval: Option<i64>,
    }
}
