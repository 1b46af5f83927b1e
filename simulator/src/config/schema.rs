//! The schemas a request body is bound against: the classic v2 `ReplicaConfig` ([TF]
//! `cdc/api/v2/model.go`, ../shared/ticdc/API.md §2.3), the new architecture's ([NT] §9.3), and the
//! PD fields several bodies embed; the default configs are per release (`crate::release`).

use serde_json::{Map, Value, json};

/// Schema of the classic v2 `ReplicaConfig`, keys in Go struct order. Leaves are type tags
/// (`?` = omitempty: zero values are not emitted); `[ {...} ]` is a slice of structs; `$t` names
/// the Go type for error messages.
pub(super) const CLASSIC_SCHEMA: &str = r#"{
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

pub(crate) fn rename(m: &Map<String, Value>, from: &str, to: &str) -> Map<String, Value> {
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
pub(super) fn new_arch_schema() -> Value {
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
pub(super) fn with_pd(mut fields: Map<String, Value>) -> Value {
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
