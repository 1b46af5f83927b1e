//! Replica configs, kept as `serde_json::Value` in Go's field order.
//!
//! Binding mimics Go: a request's `replica_config` is type-checked against a schema of the v2
//! `ReplicaConfig` ([TF] `cdc/api/v2/model.go`, API.md §2.3; [NT] §9.3), unknown keys are dropped
//! (Go's decoder ignores them), and type mismatches fail with Go's `json: cannot unmarshal …`
//! text. Create deep-merges onto the default config; update replaces the whole config (§4.4).
//! `adjust` applies what [TF] `pkg/config/replica_config.go ValidateAndAdjust` and
//! `pkg/config/sink.go` change or reject.

use serde_json::{Map, Value, json};

use crate::{Arch, error::ApiError, sink_uri::SinkUri, time::go_duration};

const CLASSIC_DEFAULT: &str = include_str!("../../src/api/fixtures/default_replica_config.json");
const NEW_DEFAULT: &str = include_str!("../../src/api/fixtures/default_replica_config_new.json");

/// Schema of the classic v2 `ReplicaConfig`, keys in Go struct order. Leaves are type tags
/// (`?` = omitempty: zero values are not emitted); `[ {...} ]` is a slice of structs; `$t` names
/// the Go type for error messages.
const CLASSIC_SCHEMA: &str = r#"{
 "$t":"v2.ReplicaConfig",
 "memory_quota":"u64","case_sensitive":"bool","force_replicate":"bool","ignore_ineligible_table":"bool",
 "check_gc_safe_point":"bool","enable_sync_point":"bool","enable_table_monitor":"bool","bdr_mode":"bool",
 "sync_point_interval":"dur","sync_point_retention":"dur",
 "filter":{"$t":"v2.FilterConfig","rules":"strs?","ignore_txn_start_ts":"u64s?",
   "event_filters":[{"$t":"v2.EventFilterRule","matcher":"strs","ignore_event":"strs","ignore_sql":"strs",
     "ignore_insert_value_expr":"str","ignore_update_new_value_expr":"str","ignore_update_old_value_expr":"str",
     "ignore_delete_value_expr":"str"}]},
 "mounter":{"$t":"v2.MounterConfig","worker_num":"int"},
 "sink":{"$t":"v2.SinkConfig","protocol":"str","schema_registry":"str",
   "csv":{"$t":"v2.CSVConfig","delimiter":"str","quote":"str","null":"str","include_commit_ts":"bool",
     "binary_encoding_method":"str","output_old_value":"bool","output_handle_key":"bool","output_field_header":"bool"},
   "dispatchers":[{"$t":"v2.DispatchRule","matcher":"strs?","partition":"str?","index":"str?","columns":"strs?","topic":"str?"}],
   "column_selectors":[{"$t":"v2.ColumnSelector","matcher":"strs?","columns":"strs?"}],
   "transaction_atomicity":"str","encoder_concurrency":"int","terminator":"str","date_separator":"str",
   "enable_partition_separator":"bool","file_index_width":"int","enable_kafka_sink_v2":"bool",
   "only_output_updated_columns":"bool","delete_only_output_handle_key_columns":"bool","content_compatible":"bool",
   "safe_mode":"bool",
   "kafka_config":{"$t":"v2.KafkaConfig","partition_num":"i32","replication_factor":"i16","kafka_version":"str",
     "max_message_bytes":"int","compression":"str","kafka_client_id":"str","auto_create_topic":"bool",
     "dial_timeout":"str","write_timeout":"str","read_timeout":"str","required_acks":"int",
     "sasl_user":"str","sasl_password":"str","sasl_mechanism":"str","sasl_gssapi_auth_type":"str",
     "sasl_gssapi_keytab_path":"str","sasl_gssapi_kerberos_config_path":"str","sasl_gssapi_service_name":"str",
     "sasl_gssapi_user":"str","sasl_gssapi_password":"str","sasl_gssapi_realm":"str","sasl_gssapi_disable_pafxfast":"bool",
     "sasl_oauth_client_id":"str","sasl_oauth_client_secret":"str","sasl_oauth_token_url":"str","sasl_oauth_scopes":"strs",
     "sasl_oauth_grant_type":"str","sasl_oauth_audience":"str","enable_tls":"bool","ca":"str","cert":"str","key":"str",
     "insecure_skip_verify":"bool",
     "codec_config":{"$t":"v2.CodecConfig","enable_tidb_extension":"bool","max_batch_size":"int","avro_enable_watermark":"bool",
       "avro_decimal_handling_mode":"str","avro_bigint_unsigned_handling_mode":"str","encoding_format":"str"},
     "large_message_handle":{"$t":"v2.LargeMessageHandleConfig","large_message_handle_option":"str",
       "large_message_handle_compression":"str","claim_check_storage_uri":"str","claim_check_raw_value":"bool"},
     "glue_schema_registry_config":{"$t":"v2.GlueSchemaRegistryConfig","registry_name":"str","region":"str",
       "access_key":"str?","secret_access_key":"str?","token":"str?"},
     "output_raw_change_event":"bool"},
   "pulsar_config":{"$t":"v2.PulsarConfig","tls-certificate-path":"str","tls-private-key-path":"str",
     "tls-trust-certs-file-path":"str","pulsar-producer-cache-size":"i32","pulsar-version":"str","compression-type":"str",
     "authentication-token":"str","connection-timeout":"int","operation-timeout":"int","batching-max-messages":"uint",
     "batching-max-publish-delay":"int","send-timeout":"int","token-from-file":"str","basic-user-name":"str",
     "basic-password":"str","auth-tls-certificate-path":"str","auth-tls-private-key-path":"str",
     "oauth2":{"$t":"v2.PulsarOAuth2","oauth2-issuer-url":"str","oauth2-audience":"str","oauth2-private-key":"str",
       "oauth2-client-id":"str","oauth2-scope":"str"},
     "output-raw-change-event":"bool"},
   "mysql_config":{"$t":"v2.MySQLConfig","worker_count":"int","max_txn_row":"int","max_multi_update_row_size":"int",
     "max_multi_update_row_count":"int","tidb_txn_mode":"str","ssl_ca":"str","ssl_cert":"str","ssl_key":"str",
     "time_zone":"str","write_timeout":"str","read_timeout":"str","timeout":"str","enable_batch_dml":"bool",
     "enable_multi_statement":"bool","enable_cache_prepared_statement":"bool"},
   "cloud_storage_config":{"$t":"v2.CloudStorageConfig","worker_count":"int","flush_interval":"str","file_size":"int",
     "output_column_id":"bool","file_expiration_days":"int","file_cleanup_cron_spec":"str","flush_concurrency":"int",
     "output_raw_change_event":"bool"},
   "advance_timeout":"uint","send_bootstrap_interval_in_sec":"i64","send_bootstrap_in_msg_count":"i32",
   "send_bootstrap_to_all_partition":"bool","send-all-bootstrap-at-start":"bool","debezium_disable_schema":"bool",
   "debezium":{"$t":"v2.DebeziumConfig","output_old_value":"bool"},
   "open":{"$t":"v2.OpenProtocolConfig","output_old_value":"bool"}},
 "consistent":{"$t":"v2.ConsistentConfig","level":"str?","max_log_size":"i64","flush_interval":"i64","meta_flush_interval":"i64",
   "encoding_worker_num":"int","flush_worker_num":"int","storage":"str?","use_file_backend":"bool","compression":"str?",
   "flush_concurrency":"int?","memory_usage":{"$t":"v2.ConsistentMemoryUsage","memory_quota_percentage":"u64"}},
 "scheduler":{"$t":"v2.ChangefeedSchedulerConfig","enable_table_across_nodes":"bool","region_threshold":"int","write_key_threshold":"int"},
 "integrity":{"$t":"v2.IntegrityConfig","integrity_check_level":"str","corruption_handle_level":"str"},
 "changefeed_error_stuck_duration":"dur",
 "synced_status":{"$t":"v2.SyncedStatusConfig","synced_check_interval":"i64","checkpoint_interval":"i64"},
 "sql_mode":"str?"
}"#;

/// Inserts `new` entries right after `after` (or at the end), keeping order.
fn insert_after(
    m: &Map<String, Value>,
    after: Option<&str>,
    new: &[(&str, Value)],
) -> Map<String, Value> {
    let mut out = Map::new();
    if after.is_none() {
        for (k, v) in new {
            out.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in m {
        out.insert(k.clone(), v.clone());
        if Some(k.as_str()) == after {
            for (nk, nv) in new {
                out.insert(nk.to_string(), nv.clone());
            }
        }
    }
    out
}

fn rename(m: &Map<String, Value>, from: &str, to: &str) -> Map<String, Value> {
    m.iter()
        .map(|(k, v)| {
            (
                if k == from { to.to_string() } else { k.clone() },
                v.clone(),
            )
        })
        .collect()
}

fn obj_mut<'a>(v: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut cur = v;
    for p in path {
        cur = cur.get_mut(*p).expect("schema path");
    }
    if cur.is_array() {
        cur = &mut cur[0];
    }
    cur.as_object_mut().expect("schema object")
}

/// [NT] `api/v2/model.go` ReplicaConfig: the classic schema with the §9.3 changes.
fn new_arch_schema() -> Value {
    let mut s: Value = serde_json::from_str(CLASSIC_SCHEMA).unwrap();
    let top = s.as_object().unwrap().clone();
    let mut top = insert_after(&top, None, &[("performance_mode", json!("str"))]);
    top.shift_remove("$t");
    top = insert_after(&top, None, &[("$t", json!("v2.ReplicaConfig"))]);
    top = insert_after(
        &top,
        Some("bdr_mode"),
        &[
            ("enable_active_active", json!("bool")),
            ("active_active_progress_interval", json!("dur")),
            ("active_active_sync_stats_interval", json!("dur")),
        ],
    );
    top.insert("event_collector_batch_count".into(), json!("int"));
    top.insert("event_collector_batch_bytes".into(), json!("int"));
    s = Value::Object(top);
    {
        let sink = obj_mut(&mut s, &["sink"]);
        sink.shift_remove("enable_kafka_sink_v2");
        let renamed = rename(sink, "advance_timeout", "advance_timeout_in_sec");
        let renamed = rename(
            &renamed,
            "send-all-bootstrap-at-start",
            "send_all_bootstrap_at_start",
        );
        *sink = renamed;
        sink["debezium"]["include_start_ts"] = json!("bool");
    }
    for (path, extra) in [
        (
            vec!["sink", "dispatchers"],
            vec![("target-schema", "str?"), ("target-table", "str?")],
        ),
        (
            vec!["sink", "kafka_config", "codec_config"],
            vec![("avro_include_before_value", "bool")],
        ),
        (
            vec!["sink", "mysql_config"],
            vec![("async_ddl_timeout", "str")],
        ),
        (
            vec!["sink", "cloud_storage_config"],
            vec![
                ("spool_disk_quota", "i64"),
                ("spool_base_dir", "str"),
                ("use_table_id_as_path", "bool"),
            ],
        ),
        (
            vec!["filter", "event_filters"],
            vec![("ignore_update_only_columns", "strs?")],
        ),
        // All pointers in [NT]: `storage: ""` and `compression: ""` are emitted.
        (
            vec!["consistent"],
            vec![
                ("level", "str"),
                ("storage", "str"),
                ("compression", "str"),
                ("flush_concurrency", "int"),
                ("event_collector_batch_count", "int"),
            ],
        ),
    ] {
        let o = obj_mut(&mut s, &path);
        for (k, t) in extra {
            o.insert(k.into(), json!(t));
        }
    }
    s["scheduler"] = json!({"$t":"v2.ChangefeedSchedulerConfig","enable_table_across_nodes":"bool",
        "region_threshold":"int","region_count_per_span":"int","region_count_refresh_interval":"i64",
        "write_key_threshold":"int","scheduling_task_count_per_node":"int","enable_splittable_check":"bool",
        "force_split":"bool","balance_score_threshold":"int","min_traffic_percentage":"f64",
        "max_traffic_percentage":"f64"});
    s
}

/// PD connection fields embedded in several request bodies (`PDConfig`).
fn with_pd(mut fields: Map<String, Value>) -> Value {
    for (k, t) in [
        ("pd_addrs", "strs"),
        ("ca_path", "str"),
        ("cert_path", "str"),
        ("key_path", "str"),
        ("cert_allowed_cn", "strs"),
    ] {
        fields.insert(k.into(), json!(t));
    }
    Value::Object(fields)
}

/// Request body types, for binding.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// `ChangefeedConfig` (create, update, synced's optional body).
    ChangefeedConfig,
    /// `ResumeChangefeedConfig`.
    Resume,
    /// `VerifyTableConfig`.
    VerifyTable,
    /// `UpstreamConfig` (tso, service_gc_safepoint).
    Upstream,
    /// `ResolveLockReq`.
    ResolveLock,
    /// `LogLevelReq`.
    LogLevel,
}

/// Everything about replica configs for one architecture.
#[derive(Debug)]
pub struct ConfigKit {
    /// Which server's config shape.
    pub arch: Arch,
    /// The default config (API.md §3.1 / §9.3).
    pub defaults: Value,
    /// The schema of `ReplicaConfig`.
    pub schema: Value,
}

impl ConfigKit {
    /// Builds the kit for an architecture.
    pub fn new(arch: Arch) -> Self {
        let (defaults, schema) = match arch {
            Arch::Classic => (
                CLASSIC_DEFAULT,
                serde_json::from_str(CLASSIC_SCHEMA).unwrap(),
            ),
            Arch::New => (NEW_DEFAULT, new_arch_schema()),
        };
        ConfigKit {
            arch,
            defaults: serde_json::from_str(defaults).unwrap(),
            schema,
        }
    }

    /// Schema of a request body.
    pub fn body_schema(&self, body: Body) -> Value {
        let ns = if self.arch == Arch::New {
            "keyspace"
        } else {
            "namespace"
        };
        let mut m = Map::new();
        match body {
            Body::ChangefeedConfig => {
                m.insert("$t".into(), json!("ChangefeedConfig"));
                m.insert(ns.into(), json!("str"));
                for (k, t) in [
                    ("changefeed_id", "str"),
                    ("start_ts", "u64"),
                    ("target_ts", "u64"),
                    ("sink_uri", "str"),
                ] {
                    m.insert(k.into(), json!(t));
                }
                m.insert("replica_config".into(), self.schema.clone());
            }
            Body::Resume => {
                m.insert("$t".into(), json!("ResumeChangefeedConfig"));
                m.insert("overwrite_checkpoint_ts".into(), json!("u64"));
            }
            Body::VerifyTable => {
                m.insert("$t".into(), json!("VerifyTableConfig"));
                m.insert("replica_config".into(), self.schema.clone());
                m.insert("start_ts".into(), json!("u64"));
                m.insert("sink_uri".into(), json!("str"));
            }
            Body::Upstream => {
                m.insert("$t".into(), json!("UpstreamConfig"));
                m.insert("id".into(), json!("u64"));
            }
            Body::ResolveLock => {
                m.insert("$t".into(), json!("ResolveLockReq"));
                m.insert("region_id".into(), json!("u64"));
                m.insert("ts".into(), json!("u64"));
            }
            Body::LogLevel => {
                m.insert("$t".into(), json!("LogLevelReq"));
                m.insert("log_level".into(), json!("str"));
                return Value::Object(m);
            }
        }
        with_pd(m)
    }

    /// Decodes and type-checks a request body like gin's `BindJSON`; errors are the `<json
    /// error>` part of `invalid api parameter: <json error>`.
    pub fn bind(&self, raw: &[u8], body: Body) -> Result<Value, String> {
        let v = crate::render::decode_body(raw)?;
        let schema = self.body_schema(body);
        let top = schema["$t"].as_str().unwrap_or("").to_string();
        match &v {
            Value::Null => Ok(json!({})),
            Value::Object(_) => conform(&v, &schema, &top, "", false),
            other => Err(format!(
                "json: cannot unmarshal {} into Go value of type v2.{top}",
                kind(other)
            )),
        }
    }

    /// Create: the request's config deep-merged onto the defaults.
    pub fn for_create(&self, patch: Option<&Value>) -> Value {
        let mut cfg = self.defaults.clone();
        if let Some(p) = patch {
            merge(&mut cfg, p);
        }
        cfg
    }

    /// Update (§4.4): the body *replaces* the config. Classic: onto fresh defaults, top-level
    /// plain scalars omitted from the body become false/0 and top-level pointer fields omitted
    /// become absent. New arch (§9.4): onto defaults, only `enable_sync_point` and
    /// `enable_table_monitor` reset to absent.
    pub fn for_update(&self, patch: &Value) -> Value {
        let mut cfg = self.defaults.clone();
        let m = cfg.as_object_mut().unwrap();
        match self.arch {
            Arch::Classic => {
                m.insert("memory_quota".into(), json!(0));
                for k in [
                    "case_sensitive",
                    "force_replicate",
                    "ignore_ineligible_table",
                    "check_gc_safe_point",
                ] {
                    m.insert(k.into(), json!(false));
                }
                for k in [
                    "enable_sync_point",
                    "enable_table_monitor",
                    "bdr_mode",
                    "sync_point_interval",
                    "sync_point_retention",
                    "changefeed_error_stuck_duration",
                    "sql_mode",
                ] {
                    m.shift_remove(k);
                }
            }
            Arch::New => {
                m.shift_remove("enable_sync_point");
                m.shift_remove("enable_table_monitor");
            }
        }
        merge(&mut cfg, patch);
        cfg
    }

    /// `ValidateAndAdjust(sinkURI)`: adjusts `cfg` in place or fails like TiCDC.
    pub fn adjust(&self, cfg: &mut Value, uri: &SinkUri) -> Result<(), ApiError> {
        let classic = self.arch == Arch::Classic;
        // Sink first ([TF] pkg/config/sink.go validateAndAdjust).
        {
            if !cfg["sink"].is_object() {
                cfg["sink"] = self.defaults["sink"].clone();
            }
            let sink = cfg["sink"].as_object_mut().unwrap();
            if let Some(p) = uri.get("protocol").filter(|p| !p.is_empty()) {
                sink.insert("protocol".into(), json!(p));
            }
            if let Some(a) = uri.get("transaction-atomicity").filter(|p| !p.is_empty()) {
                sink.insert("transaction_atomicity".into(), json!(a));
            }
            let protocol = sink
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if uri.is_mysql_compatible() && !protocol.is_empty() {
                return Err(ApiError::new(
                    "CDC:ErrSinkURIInvalid",
                    format!(
                        "sink uri invalid 'protocol {protocol} is incompatible with {} scheme'",
                        uri.scheme
                    ),
                ));
            }
            let atomicity = sink
                .get("transaction_atomicity")
                .and_then(Value::as_str)
                .unwrap_or("");
            if !matches!(atomicity, "" | "none" | "table") || (atomicity == "table" && uri.is_mq())
            {
                return Err(ApiError::new(
                    "CDC:ErrSinkURIInvalid",
                    format!(
                        "sink uri invalid '{atomicity} level atomicity is not supported by {} scheme'",
                        uri.scheme
                    ),
                ));
            }
            if sink
                .get("encoder_concurrency")
                .and_then(Value::as_i64)
                .is_some_and(|c| c < 0)
            {
                return Err(sink_invalid("encoder-concurrency should greater than 0"));
            }
            if !sink.get("terminator").is_some_and(Value::is_string) {
                sink.insert("terminator".into(), json!("\r\n"));
            }
            let adv = if classic {
                "advance_timeout"
            } else {
                "advance_timeout_in_sec"
            };
            if sink.get(adv).and_then(Value::as_u64).unwrap_or(0) == 0 {
                sink.insert(adv.into(), json!(150));
            }
            if uri.is_storage() {
                if protocol == "csv"
                    && let Some(csv) = sink.get("csv")
                {
                    validate_csv(csv)?;
                }
                let ds = sink
                    .get("date_separator")
                    .and_then(Value::as_str)
                    .unwrap_or("none");
                if !matches!(ds, "none" | "year" | "month" | "day") {
                    return Err(sink_invalid(&format!(
                        "date separator in storage sink is invalid: {ds}"
                    )));
                }
                let w = sink
                    .get("file_index_width")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                if !(6..=20).contains(&w) {
                    sink.insert("file_index_width".into(), json!(20));
                }
            }
        }
        // Sync point limits ([TF] pkg/config/replica_config.go).
        if cfg["enable_sync_point"].as_bool() == Some(true) {
            let interval = cfg["sync_point_interval"].as_i64();
            if let Some(i) = interval.filter(|i| *i < 30_000_000_000) {
                return Err(ApiError::new(
                    "CDC:ErrInvalidReplicaConfig",
                    format!(
                        "invalid replica config, The SyncPointInterval:{} must be larger than 30s",
                        go_duration(i)
                    ),
                ));
            }
            let retention = cfg["sync_point_retention"].as_i64();
            if let Some(r) = retention.filter(|r| *r < 3_600_000_000_000) {
                return Err(ApiError::new(
                    "CDC:ErrInvalidReplicaConfig",
                    format!(
                        "invalid replica config, The SyncPointRetention:{} must be larger than 1h0m0s",
                        go_duration(r)
                    ),
                ));
            }
        }
        if cfg["memory_quota"].as_u64().unwrap_or(0) == 0 {
            cfg["memory_quota"] = json!(1_073_741_824u64);
        }
        if !(uri.scheme.contains("kafka") || uri.scheme.contains("blackhole"))
            && cfg["scheduler"].is_object()
        {
            cfg["scheduler"]["enable_table_across_nodes"] = json!(false);
        }
        if !uri.scheme.contains("kafka") && cfg["integrity"].is_object() {
            cfg["integrity"]["integrity_check_level"] = json!("none");
        } else if cfg["integrity"]["integrity_check_level"] == "correctness"
            && cfg["sink"]["column_selectors"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        {
            return Err(ApiError::new(
                "CDC:ErrInvalidReplicaConfig",
                "invalid replica config, integrity check enabled and column selector set, not allowed",
            ));
        }
        if let Some(d) = cfg["changefeed_error_stuck_duration"]
            .as_i64()
            .filter(|d| *d < 1_800_000_000_000)
        {
            return Err(ApiError::new(
                "CDC:ErrInvalidReplicaConfig",
                format!(
                    "invalid replica config, The ChangefeedErrorStuckDuration:{:.6} must be larger than {:.6} Seconds",
                    d as f64 / 1e9,
                    1800.0
                ),
            ));
        }
        Ok(())
    }

    /// The config as GET renders it: schema order, unknown keys gone, omitempty applied.
    pub fn finish(&self, cfg: &Value) -> Value {
        conform(cfg, &self.schema, "ReplicaConfig", "", true).unwrap_or_else(|_| cfg.clone())
    }

    /// `synced_status` thresholds (seconds) of a config, defaults 300/15 unless both set.
    pub fn synced_thresholds(cfg: &Value) -> (i64, i64) {
        let s = cfg["synced_status"]["synced_check_interval"]
            .as_i64()
            .unwrap_or(0);
        let c = cfg["synced_status"]["checkpoint_interval"]
            .as_i64()
            .unwrap_or(0);
        if s != 0 && c != 0 { (s, c) } else { (300, 15) }
    }
}

fn sink_invalid(text: &str) -> ApiError {
    ApiError::new(
        "CDC:ErrSinkInvalidConfig",
        format!("sink config invalid: {text}"),
    )
}

/// [TF] `pkg/config/sink.go CSVConfig.validateAndAdjust` (storage sinks with protocol csv).
fn validate_csv(csv: &Value) -> Result<(), ApiError> {
    let delimiter = csv["delimiter"].as_str().unwrap_or("");
    let quote = csv["quote"].as_str().unwrap_or("");
    if delimiter.is_empty() {
        return Err(sink_invalid("csv config delimiter cannot be empty"));
    }
    if delimiter.contains(['\r', '\n']) {
        return Err(sink_invalid(
            "csv config delimiter contains line break characters",
        ));
    }
    if delimiter.chars().count() > 3 {
        return Err(sink_invalid(
            "csv config delimiter contains more than three characters, note that escape sequences can only be used in double quotes in toml configuration items.",
        ));
    }
    if quote.chars().count() > 1 {
        return Err(sink_invalid(
            "csv config quote contains more than one character",
        ));
    }
    if quote.contains(['\r', '\n']) {
        return Err(sink_invalid(
            "csv config quote cannot be line break character",
        ));
    }
    if !quote.is_empty() && delimiter.contains(quote) {
        return Err(sink_invalid(
            "csv config quote and delimiter has common characters which is not allowed",
        ));
    }
    let bem = csv["binary_encoding_method"].as_str().unwrap_or("");
    if !matches!(bem, "base64" | "hex") {
        return Err(sink_invalid(
            "csv config binary-encoding-method can only be hex or base64",
        ));
    }
    Ok(())
}

/// Go-style deep merge: objects recurse, everything else replaces; `null` binds nothing.
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, pv) in p {
                if pv.is_null() {
                    continue;
                }
                match b.get_mut(k) {
                    Some(bv) if bv.is_object() && pv.is_object() => merge(bv, pv),
                    _ => {
                        b.insert(k.clone(), pv.clone());
                    }
                }
            }
        }
        (b, p) if !p.is_null() => *b = p.clone(),
        _ => {}
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn go_type(tag: &str) -> &'static str {
    match tag {
        "u64" | "u64s" => "uint64",
        "i64" => "int64",
        "int" => "int",
        "i32" => "int32",
        "i16" => "int16",
        "uint" => "uint",
        "f64" => "float64",
        "bool" => "bool",
        _ => "string",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(_) => false,
    }
}

/// Type-checks `v` against `schema` and keeps known keys in schema order. With `output`, nulls
/// and omitempty zeros are dropped (rendering); without, nulls are kept (binding).
pub fn conform(
    v: &Value,
    schema: &Value,
    top: &str,
    path: &str,
    output: bool,
) -> Result<Value, String> {
    let mismatch = |v: &Value, ty: &str| {
        format!(
            "json: cannot unmarshal {} into Go struct field {top}.{path} of type {ty}",
            kind(v)
        )
    };
    match schema {
        Value::Object(s) => match v {
            Value::Null => Ok(Value::Null),
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, sub) in s {
                    if k == "$t" {
                        continue;
                    }
                    let Some(x) = m.get(k) else { continue };
                    let c = conform(x, sub, top, &join(path, k), output)?;
                    let omit = output
                        && (c.is_null()
                            || (sub.as_str().is_some_and(|t| t.ends_with('?')) && is_zero(&c)));
                    if !omit {
                        out.insert(k.clone(), c);
                    }
                }
                Ok(Value::Object(out))
            }
            other => Err(mismatch(
                other,
                s.get("$t").and_then(Value::as_str).unwrap_or("struct"),
            )),
        },
        Value::Array(s) => match v {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => {
                let items: Result<Vec<_>, _> = items
                    .iter()
                    .map(|i| conform(i, &s[0], top, path, output))
                    .collect();
                Ok(Value::Array(items?))
            }
            other => Err(mismatch(
                other,
                &format!("[]*{}", s[0]["$t"].as_str().unwrap_or("struct")),
            )),
        },
        Value::String(tag) => leaf(v, tag.trim_end_matches('?'), top, path),
        _ => Ok(v.clone()),
    }
}

fn leaf(v: &Value, tag: &str, top: &str, path: &str) -> Result<Value, String> {
    let err = |what: String, ty: &str| {
        format!("json: cannot unmarshal {what} into Go struct field {top}.{path} of type {ty}")
    };
    if v.is_null() {
        return Ok(Value::Null);
    }
    let num_ok = |v: &Value, tag: &str| -> bool {
        match tag {
            "u64" | "uint" | "u64s" => v.as_u64().is_some(),
            "i64" | "int" => v.as_i64().is_some(),
            "i32" => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
            "i16" => v.as_i64().is_some_and(|x| i16::try_from(x).is_ok()),
            "f64" => v.is_number(),
            _ => false,
        }
    };
    match tag {
        "bool" if v.is_boolean() => Ok(v.clone()),
        "str" if v.is_string() => Ok(v.clone()),
        "u64" | "uint" | "i64" | "int" | "i32" | "i16" | "f64" => {
            if !v.is_number() {
                Err(err(kind(v).into(), go_type(tag)))
            } else if num_ok(v, tag) {
                Ok(v.clone())
            } else {
                Err(err(format!("number {v}"), go_type(tag)))
            }
        }
        "strs" | "u64s" => match v {
            Value::Array(items) => {
                let el = if tag == "strs" { "str" } else { "u64" };
                for i in items {
                    leaf(i, el, top, path)?;
                }
                Ok(v.clone())
            }
            _ => Err(err(
                kind(v).into(),
                if tag == "strs" {
                    "[]string"
                } else {
                    "[]uint64"
                },
            )),
        },
        // v2.JSONDuration: integer ns (floats truncated) or a Go duration string.
        "dur" => match v {
            Value::Number(n) => Ok(json!(
                n.as_i64()
                    .unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64)
            )),
            Value::String(s) => crate::time::parse_go_duration(s).map(|d| json!(d)),
            _ => Err("invalid duration".into()),
        },
        _ => Err(err(kind(v).into(), go_type(tag))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_survive_finish_unchanged() {
        for arch in [Arch::Classic, Arch::New] {
            let kit = ConfigKit::new(arch);
            assert_eq!(
                serde_json::to_string(&kit.finish(&kit.defaults)).unwrap(),
                serde_json::to_string(&kit.defaults).unwrap()
            );
        }
    }

    #[test]
    fn bind_drops_unknown_and_checks_types() {
        let kit = ConfigKit::new(Arch::Classic);
        let v = kit.bind(br#"{"sink_uri":"x","bogus":1,"replica_config":{"nope":true,"sync_point_interval":"10m"}}"#, Body::ChangefeedConfig).unwrap();
        assert!(v.get("bogus").is_none());
        assert!(v["replica_config"].get("nope").is_none());
        assert_eq!(
            v["replica_config"]["sync_point_interval"],
            600_000_000_000i64
        );
        let e = kit
            .bind(
                br#"{"replica_config":{"memory_quota":"x"}}"#,
                Body::ChangefeedConfig,
            )
            .unwrap_err();
        assert_eq!(
            e,
            "json: cannot unmarshal string into Go struct field ChangefeedConfig.replica_config.memory_quota of type uint64"
        );
        assert_eq!(kit.bind(b"", Body::Resume).unwrap_err(), "EOF");
    }

    #[test]
    fn create_orders_keys_like_go() {
        let kit = ConfigKit::new(Arch::Classic);
        let cfg = kit.for_create(Some(&json!({"sink":{"dispatchers":[{"matcher":["a.*"],"topic":"t"}],"protocol":"canal-json"}})));
        let out = kit.finish(&cfg);
        let keys: Vec<_> = out["sink"]
            .as_object()
            .unwrap()
            .keys()
            .take(3)
            .cloned()
            .collect();
        assert_eq!(keys, ["protocol", "csv", "dispatchers"]);
    }

    #[test]
    fn update_resets_omitted_fields() {
        let kit = ConfigKit::new(Arch::Classic);
        let mut cfg = kit.for_update(&json!({"case_sensitive": true}));
        kit.adjust(&mut cfg, &SinkUri::parse("mysql://h/").unwrap())
            .unwrap();
        let out = kit.finish(&cfg);
        assert_eq!(out["memory_quota"], 1_073_741_824u64);
        assert_eq!(out["check_gc_safe_point"], false);
        assert!(out.get("enable_sync_point").is_none());
        assert_eq!(out["filter"]["rules"], json!(["*.*"]));
    }
}
