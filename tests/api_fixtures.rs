//! Every JSON example of ../shared/ticdc/API.md §3, §4 and §9 decodes into the DTOs and re-encodes
//! without losing or changing a value (compared as `serde_json::Value`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use ticdc_console::api::*;

/// Decodes `text` as a 200 answer, re-encodes it (as a Value and as text) and checks both equal
/// the original JSON; returns the decoded value for further checks.
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let original: Value = serde_json::from_str(text).expect("fixture is JSON");
    let decoded: T = decode_json(&RawResponse::json(200, text)).expect("fixture decodes");
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        original,
        "to_value differs"
    );
    let reparsed: Value = serde_json::from_str(&serde_json::to_string(&decoded).unwrap()).unwrap();
    assert_eq!(reparsed, original, "to_string differs");
    decoded
}

const CLASSIC_DEFAULT: &str = DEFAULT_REPLICA_CONFIG_JSON;
const NEW_DEFAULT: &str = DEFAULT_REPLICA_CONFIG_NEW_ARCH_JSON;

fn full_get(config: &str) -> String {
    format!(
        r#"{{"upstream_id":7178706266519722477,"namespace":"default","id":"test1",
 "sink_uri":"mysql://root:xxxxx@127.0.0.1:3306/",
 "create_time":"2023-11-28T14:33:37.279123+08:00",
 "start_ts":445947108990386181,
 "config":{config},
 "state":"normal","creator_version":"v8.5.0",
 "resolved_ts":445947130000000000,"checkpoint_ts":445947129990000000,
 "checkpoint_time":"2023-11-28 14:34:57.123",
 "task_status":[{{"capture_id":"d2912e63-3349-447c-90ba-72a4e04b5e9e","table_ids":[106,108]}}]}}"#
    )
}

#[test]
fn classic_default_config() {
    let cfg: ReplicaConfig = round_trip(CLASSIC_DEFAULT);
    assert_eq!(cfg, ReplicaConfig::ticdc_default());
    assert_eq!(cfg.memory_quota, Some(1_073_741_824));
    assert_eq!(cfg.check_gc_safe_point, Some(true));
    assert_eq!(cfg.sync_point_interval, Some(JsonDuration::from_mins(10)));
    assert_eq!(cfg.sync_point_retention, Some(JsonDuration::from_hours(24)));
    assert_eq!(
        cfg.changefeed_error_stuck_duration,
        Some(JsonDuration::from_mins(30))
    );
    assert_eq!(
        cfg.filter.as_ref().unwrap().rules,
        Some(vec!["*.*".to_string()])
    );
    let sink = cfg.sink.as_ref().unwrap();
    assert_eq!(sink.send_all_bootstrap_at_start, Some(false));
    assert_eq!(sink.send_all_bootstrap_at_start_new_arch, None);
    assert_eq!(sink.advance_timeout, Some(150));
    assert_eq!(sink.terminator.as_deref(), Some("\r\n"));
    assert_eq!(sink.csv.as_ref().unwrap().null.as_deref(), Some("\\N"));
    assert_eq!(sink.csv.as_ref().unwrap().quote.as_deref(), Some("\""));
    assert_eq!(sink.debezium.as_ref().unwrap().output_old_value, Some(true));
    let consistent = cfg.consistent.as_ref().unwrap();
    assert_eq!(
        consistent
            .memory_usage
            .as_ref()
            .unwrap()
            .memory_quota_percentage,
        Some(50)
    );
    assert_eq!(consistent.storage, None, "classic omits empty storage");
    assert_eq!(
        cfg.scheduler.as_ref().unwrap().region_threshold,
        Some(100_000)
    );
    assert_eq!(
        cfg.integrity
            .as_ref()
            .unwrap()
            .corruption_handle_level
            .as_deref(),
        Some("warn")
    );
    assert_eq!(
        cfg.synced_status.as_ref().unwrap().checkpoint_interval,
        Some(15)
    );
    // Every key of the classic default is modelled.
    assert!(
        cfg.extra.is_empty() && sink.extra.is_empty(),
        "{:?} {:?}",
        cfg.extra,
        sink.extra
    );
}

#[test]
fn new_arch_default_config() {
    let cfg: ReplicaConfig = round_trip(NEW_DEFAULT);
    assert_eq!(cfg.performance_mode.as_deref(), Some("throughput"));
    assert_eq!(cfg.enable_active_active, Some(false));
    assert_eq!(
        cfg.active_active_progress_interval,
        Some(JsonDuration::from_mins(30))
    );
    assert_eq!(
        cfg.active_active_sync_stats_interval,
        Some(JsonDuration::from_mins(1))
    );
    assert_eq!(
        cfg.force_replicate, None,
        "absent by default in the new architecture"
    );
    let sink = cfg.sink.as_ref().unwrap();
    assert_eq!(sink.advance_timeout_in_sec, Some(150));
    assert_eq!(sink.advance_timeout, None);
    assert_eq!(sink.send_all_bootstrap_at_start_new_arch, Some(false));
    assert_eq!(sink.send_all_bootstrap_at_start, None);
    assert_eq!(sink.enable_kafka_sink_v2, None);
    assert_eq!(
        cfg.consistent.as_ref().unwrap().storage.as_deref(),
        Some("")
    );
    let sched = cfg.scheduler.as_ref().unwrap();
    assert_eq!(sched.region_threshold, Some(10_000));
    assert_eq!(
        sched.region_count_refresh_interval,
        Some(JsonDuration::from_mins(5))
    );
    assert_eq!(sched.min_traffic_percentage, Some(GoFloat(0.8)));
    assert_eq!(sched.max_traffic_percentage, Some(GoFloat(1.25)));
    assert_eq!(sched.balance_score_threshold, Some(20));
    assert!(cfg.extra.is_empty() && sink.extra.is_empty() && sched.extra.is_empty());
}

#[test]
fn full_get_classic() {
    let text = full_get(CLASSIC_DEFAULT);
    let info: ChangeFeedInfo = round_trip(&text);
    assert_eq!(info.upstream_id, Some(7_178_706_266_519_722_477));
    assert_eq!(info.id_str(), "test1");
    assert_eq!(info.namespace.as_deref(), Some("default"));
    assert_eq!(info.scope_name(), Some("default"));
    assert_eq!(info.start_ts, Some(445_947_108_990_386_181));
    assert_eq!(info.resolved_ts, 445_947_130_000_000_000);
    assert_eq!(info.checkpoint_ts, 445_947_129_990_000_000);
    assert_eq!(info.target_ts, None);
    assert_eq!(info.admin_job_type, None);
    assert_eq!(info.error, None);
    assert_eq!(info.feed_state(), ticdc_console::state::FeedState::Normal);
    assert_eq!(
        info.config.as_ref().unwrap(),
        &ReplicaConfig::ticdc_default()
    );
    let ts = &info.task_status.as_ref().unwrap()[0];
    assert_eq!(ts.capture_id, "d2912e63-3349-447c-90ba-72a4e04b5e9e");
    assert_eq!(ts.table_ids, Some(vec![106, 108]));
}

/// The list's slim decode of the same answer finds the same sink URI, skips everything else,
/// and copes with the key being absent.
#[test]
fn sink_only_decode_of_a_full_get() {
    for config in [CLASSIC_DEFAULT, NEW_DEFAULT] {
        let text = full_get(config);
        let full: ChangeFeedInfo = serde_json::from_str(&text).unwrap();
        let slim: ChangefeedSink = serde_json::from_str(&text).unwrap();
        assert!(full.sink_uri.is_some());
        assert_eq!(slim.sink_uri, full.sink_uri);
    }
    let none: ChangefeedSink =
        serde_json::from_str(r#"{"id":"x","config":{"bdr_mode":1}}"#).unwrap();
    assert_eq!(none.sink_uri, None);
    assert!(serde_json::from_str::<ChangefeedSink>(r#"{"sink_uri":5}"#).is_err());
}

#[test]
fn stopped_failed_finished_examples() {
    let base: Value = serde_json::from_str(&full_get(CLASSIC_DEFAULT)).unwrap();
    let variant = |patch: Value| {
        let mut v = base.clone();
        let obj = v.as_object_mut().unwrap();
        obj.remove("task_status");
        for (k, x) in patch.as_object().unwrap() {
            obj.insert(k.clone(), x.clone());
        }
        v.to_string()
    };
    let stopped: ChangeFeedInfo =
        round_trip(&variant(json!({"state": "stopped", "admin_job_type": 1})));
    assert_eq!(stopped.state.as_deref(), Some("stopped"));
    assert_eq!(stopped.admin_job_type, Some(1));
    assert_eq!(stopped.task_status, None);

    let failed: ChangeFeedInfo = round_trip(&variant(
        json!({"state": "failed", "admin_job_type": 1,
        "error": {"addr": "127.0.0.1:8300", "code": "CDC:ErrSnapshotLostByGC",
                  "message": "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed due to snapshot loss"}}),
    ));
    let err = failed.error.as_ref().unwrap();
    assert_eq!(err.code, "CDC:ErrSnapshotLostByGC");
    assert_eq!(err.addr, "127.0.0.1:8300");
    assert_eq!(err.time, None);

    let finished: ChangeFeedInfo = round_trip(&variant(
        json!({"state": "finished", "admin_job_type": 4, "target_ts": 445947200000000000u64}),
    ));
    assert_eq!(finished.admin_job_type, Some(4));
    assert_eq!(finished.target_ts, Some(445_947_200_000_000_000));

    // Create answer: resolved == checkpoint == start, no task_status.
    let created: ChangeFeedInfo =
        round_trip(&variant(json!({"resolved_ts": 445947108990386181u64,
        "checkpoint_ts": 445947108990386181u64})));
    assert_eq!(created.resolved_ts, created.start_ts.unwrap());
}

#[test]
fn new_arch_changefeed_info() {
    let text = format!(
        r#"{{"upstream_id":7178706266519722477,"keyspace":"default","id":"1234567890123456789012345678901234567890",
 "gid":{{"low":17293822569102704642,"high":18446744073709551615}},"maintainer_addr":"10.0.0.2:8300",
 "sink_uri":"kafka://127.0.0.1:9092/topic?protocol=canal-json","create_time":"2025-01-02T03:04:05.123456789Z",
 "start_ts":455000000000000001,"config":{NEW_DEFAULT},"state":"warning",
 "error":{{"time":"0001-01-01T00:00:00Z","addr":"10.0.0.2:8300","code":"CDC:ErrKafkaSendMessage","message":"retrying"}},
 "creator_version":"v9.0.0","resolved_ts":455000000000000009,"checkpoint_ts":455000000000000009,
 "checkpoint_time":"2025-01-02 11:04:05.000"}}"#
    );
    let info: ChangeFeedInfo = round_trip(&text);
    let gid = info.gid.as_ref().unwrap();
    assert_eq!(gid.low, 17_293_822_569_102_704_642);
    assert_eq!(gid.high, u64::MAX);
    assert_eq!(info.keyspace.as_deref(), Some("default"));
    assert_eq!(info.namespace, None);
    assert_eq!(info.scope_name(), Some("default"));
    assert_eq!(info.maintainer_addr.as_deref(), Some("10.0.0.2:8300"));
    assert_eq!(
        info.error.as_ref().unwrap().time.as_deref(),
        Some("0001-01-01T00:00:00Z")
    );
    assert_eq!(
        info.config.as_ref().unwrap().performance_mode.as_deref(),
        Some("throughput")
    );
}

#[test]
fn list_items_with_null_and_object_errors() {
    let text = r#"{"total":3,"items":[
 {"upstream_id":7178706266519722477,"namespace":"default","id":"cf-1","state":"normal",
  "checkpoint_tso":445947129990000000,"checkpoint_time":"2023-11-28 14:34:57.123","error":null},
 {"upstream_id":7178706266519722477,"namespace":"default","id":"cf-2","state":"warning",
  "checkpoint_tso":445947129990000001,"checkpoint_time":"2023-11-28 14:34:57.123",
  "error":{"time":"2023-11-28T14:35:00.123456+08:00","addr":"127.0.0.1:8300","code":"CDC:ErrKafkaNewProducer","message":"[CDC:ErrKafkaNewProducer]new kafka producer"}},
 {"upstream_id":7178706266519722477,"id":"cf-3","keyspace":"ks1","state":"stopped",
  "checkpoint_tso":0,"checkpoint_time":"0001-01-01 00:00:00.000","error":null}]}"#;
    let list: ListResponse<ChangefeedCommonInfo> = round_trip(text);
    assert_eq!(list.total, 3);
    assert_eq!(list.items[0].error.0, None);
    assert_eq!(list.items[0].checkpoint_tso, 445_947_129_990_000_000);
    let e = list.items[1].error.as_ref().unwrap();
    assert_eq!(e.time.as_deref(), Some("2023-11-28T14:35:00.123456+08:00"));
    assert_eq!(
        list.items[1].feed_state(),
        ticdc_console::state::FeedState::Warning
    );
    assert_eq!(list.items[2].scope_name(), Some("ks1"));
    assert!(ticdc_console::format::is_zero_json_time(
        &list.items[2].checkpoint_time
    ));

    // `error` is written even when the item was built in code, like TiCDC's MarshalJSON.
    let built = ChangefeedCommonInfo {
        id: "x".into(),
        ..Default::default()
    };
    assert_eq!(serde_json::to_value(&built).unwrap()["error"], Value::Null);

    let empty: ListResponse<ChangefeedCommonInfo> = round_trip(r#"{"total":0,"items":[]}"#);
    assert!(empty.items.is_empty());
}

#[test]
fn synced_answers() {
    for (synced, info, now) in [
        (true, "Data syncing is finished", "2023-11-28 14:40:01.000"),
        (
            false,
            "The data syncing is not finished, please wait",
            "2023-11-28 14:40:01.000",
        ),
        (
            true,
            "The data syncing is finished",
            "2025-01-01 00:00:00.000",
        ),
        (
            false,
            "Please check whether PD is online and TiKV Regions are all available. If PD is offline or some TiKV regions are not available, it means that the data syncing process is complete. To check whether TiKV regions are all available, you can view 'TiKV-Details' > 'Resolved-Ts' > 'Max Leader Resolved TS gap' on Grafana. If the gap is large, such as a few minutes, it means that some regions in TiKV are unavailable. Otherwise, if the gap is small and PD is online, it means the data syncing is incomplete, so please wait",
            "1970-01-01 08:00:00.000",
        ),
    ] {
        let text = json!({"synced": synced, "sink_checkpoint_ts": "2023-11-28 14:34:57.123",
            "puller_resolved_ts": "2023-11-28 14:34:58.000", "last_synced_ts": "2023-11-28 14:30:00.000",
            "now_ts": now, "info": info}).to_string();
        let s: SyncedStatus = round_trip(&text);
        assert_eq!(s.synced, synced);
        assert_eq!(s.info, info);
        assert_eq!(s.now_ts, now);
    }
}

#[test]
fn cluster_answers() {
    let status: ServerStatus = round_trip(
        "{\n    \"version\": \"v8.5.0\",\n    \"git_hash\": \"abc\",\n    \"id\": \"d2912e63-3349-447c-90ba-72a4e04b5e9e\",\n    \"cluster_id\": \"default\",\n    \"pid\": 1234,\n    \"is_owner\": true,\n    \"liveness\": 0\n}",
    );
    assert!(status.is_owner);
    assert_eq!(status.pid, 1234);
    let caps: ListResponse<Capture> = round_trip(
        r#"{"total":2,"items":[{"id":"a","is_owner":true,"address":"127.0.0.1:8300","cluster_id":"default"},{"id":"b","is_owner":false,"address":"127.0.0.1:8301","cluster_id":"default"}]}"#,
    );
    assert_eq!(caps.items[1].address, "127.0.0.1:8301");
    let procs: ListResponse<ProcessorCommonInfo> = round_trip(
        r#"{"total":1,"items":[{"namespace":"default","changefeed_id":"cf-1","capture_id":"a"}]}"#,
    );
    assert_eq!(procs.items[0].changefeed_id, "cf-1");
    let detail: ProcessorDetail = round_trip(r#"{"table_ids":[1,2,3]}"#);
    assert_eq!(detail.table_ids.0, Some(vec![1, 2, 3]));
    let none: ProcessorDetail = round_trip(r#"{"table_ids":null}"#);
    assert_eq!(none.table_ids.0, None);
    assert_eq!(
        serde_json::to_string(&ProcessorDetail::default()).unwrap(),
        r#"{"table_ids":null}"#
    );
    let drain: DrainCaptureResp =
        decode_json(&RawResponse::json(202, r#"{"current_table_count":7}"#)).unwrap();
    assert_eq!(drain.current_table_count, 7);
    let tso: Tso = round_trip("{\n    \"timestamp\": 1677512812888,\n    \"logic_time\": 2\n}");
    assert_eq!(tso.to_tso(), 439_749_918_821_711_874);
    let tables: Tables = round_trip(
        r#"{"ineligible_tables":[{"database_name":"test","table_name":"t_no_pk","table_id":101,"is_partition":false}],"eligible_tables":[{"database_name":"test","table_name":"t1","table_id":102,"is_partition":true}]}"#,
    );
    assert_eq!(tables.eligible_tables.as_ref().unwrap()[0].table_id, 102);
    let st: ChangefeedStatus = round_trip(
        r#"{"state":"pending","resolved_ts":445947130000000000,"checkpoint_ts":445947129990000000,"last_error":{"time":"2023-11-28T14:35:00+08:00","addr":"a","code":"CDC:ErrX","message":"m"}}"#,
    );
    assert_eq!(st.state.as_deref(), Some("pending"));
    assert_eq!(st.last_warning, None);
    let _: EmptyResponse = round_trip("{}");
    let err: HttpError = round_trip(
        r#"{"error_msg":"[CDC:ErrChangeFeedNotExists]changefeed not exists, default/x","error_code":"CDC:ErrChangeFeedNotExists"}"#,
    );
    assert_eq!(err.error_code, "CDC:ErrChangeFeedNotExists");
    let task: CaptureTaskStatus = round_trip(
        r#"{"capture_id":"a","table_ids":[5],"table_operations":{"5":{"delete":false,"flag":1,"boundary_ts":445947129990000000,"status":2}}}"#,
    );
    assert_eq!(
        task.table_operations.as_ref().unwrap()["5"].boundary_ts,
        445_947_129_990_000_000
    );
}

#[test]
fn tso_values_beyond_2_pow_53_are_exact() {
    for n in [9_007_199_254_740_993u64, u64::MAX, 439_749_918_821_711_874] {
        let text = format!(
            r#"{{"upstream_id":{n},"id":"x","create_time":"","start_ts":{n},"target_ts":{n},"resolved_ts":{n},"checkpoint_ts":{n},"checkpoint_time":"",
                "config":{{"filter":{{"ignore_txn_start_ts":[{n},1]}}}}}}"#
        );
        let info: ChangeFeedInfo = round_trip(&text);
        assert_eq!(info.upstream_id, Some(n));
        assert_eq!(info.start_ts, Some(n));
        assert_eq!(info.target_ts, Some(n));
        assert_eq!(info.resolved_ts, n);
        assert_eq!(info.checkpoint_ts, n);
        let ignore = info
            .config
            .as_ref()
            .unwrap()
            .filter
            .as_ref()
            .unwrap()
            .ignore_txn_start_ts
            .clone();
        assert_eq!(ignore, Some(vec![n, 1]));
        let out = serde_json::to_string(&info).unwrap();
        assert!(out.contains(&format!("\"start_ts\":{n},")), "{out}");

        let list: ListResponse<ChangefeedCommonInfo> = round_trip(&format!(
            r#"{{"total":1,"items":[{{"id":"x","state":"normal","checkpoint_tso":{n},"checkpoint_time":"","error":null}}]}}"#
        ));
        assert_eq!(list.items[0].checkpoint_tso, n);
        let body = serde_json::to_string(&ResumeChangefeedConfig {
            overwrite_checkpoint_ts: Some(n),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(body, format!(r#"{{"overwrite_checkpoint_ts":{n}}}"#));
    }
}

#[test]
fn explicit_nulls_and_absent_keys_are_preserved() {
    let text = r#"{"memory_quota":1,"filter":null,"mounter":null,"sink":{"csv":null,"dispatchers":null,
        "delete_only_output_handle_key_columns":null,"content_compatible":null},
        "scheduler":null,"integrity":null,
        "consistent":{"level":"none","memory_usage":null}}"#;
    let mut cfg: ReplicaConfig = round_trip(text);
    assert_eq!(cfg.filter, None);
    assert!(cfg.synced_status.is_none());
    // A value set after decoding replaces the remembered null, once.
    cfg.filter = Some(FilterConfig {
        rules: Some(vec!["a.*".into()]),
        ..Default::default()
    });
    let v = serde_json::to_value(&cfg).unwrap();
    assert_eq!(v["filter"], json!({"rules": ["a.*"]}));
    let text_out = serde_json::to_string(&cfg).unwrap();
    assert_eq!(text_out.matches("\"filter\"").count(), 1, "{text_out}");
    assert!(v.get("synced_status").is_none(), "absent stays absent");

    let rule = r#"{"event_filters":[{"matcher":["test.*"],"ignore_event":["insert"],"ignore_sql":null,
        "ignore_insert_value_expr":"","ignore_update_new_value_expr":"","ignore_update_old_value_expr":"","ignore_delete_value_expr":"id = 1"}]}"#;
    let f: FilterConfig = round_trip(rule);
    let r = &f.event_filters.as_ref().unwrap()[0];
    assert_eq!(r.ignore_sql, None);
    assert_eq!(r.ignore_event, Some(vec!["insert".to_string()]));
    assert_eq!(r.ignore_delete_value_expr.as_deref(), Some("id = 1"));
}

#[test]
fn unknown_keys_are_kept_at_every_level() {
    let text = r#"{"future_top":{"a":[1,2,{"b":null}]},"sink":{"protocol":"canal-json","future_sink":true,
        "kafka_config":{"sasl_user":"u","future_kafka":"x","codec_config":{"future_codec":1.5},
          "large_message_handle":{"large_message_handle_option":"none","claim_check_raw_value":false,"f":1}},
        "pulsar_config":{"tls-certificate-path":"/c","oauth2":{"oauth2-issuer-url":"https://i","oauth2-x":"y"},"pulsar-x":2},
        "dispatchers":[{"matcher":["*.*"],"topic":"t","target-schema":"{schema}_bak","target-table":"{table}","dispatcher_x":0}],
        "column_selectors":[{"matcher":["*.*"],"columns":["a"],"cs_x":[]}],
        "mysql_config":{"worker_count":16,"my_x":"z","async_ddl_timeout":"30s"},
        "cloud_storage_config":{"flush_interval":"5s","spool_disk_quota":10737418240,"cs2":false},
        "csv":{"delimiter":",","csv_x":9007199254740993}},
      "filter":{"rules":["*.*"],"event_filters":[{"matcher":["a.b"],"ignore_update_only_columns":["c"],"ef_x":{}}],"filter_x":-1},
      "consistent":{"level":"eventual","memory_usage":{"memory_quota_percentage":50,"mu_x":"?"}},
      "scheduler":{"enable_table_across_nodes":true,"sched_x":0.5},
      "integrity":{"integrity_check_level":"none","i_x":"?"},
      "synced_status":{"synced_check_interval":300,"ss_x":1},"mounter":{"worker_num":8,"m_x":1}}"#;
    let cfg: ReplicaConfig = round_trip(text);
    assert!(cfg.extra.contains_key("future_top"));
    let sink = cfg.sink.as_ref().unwrap();
    assert_eq!(sink.extra["future_sink"], json!(true));
    let kafka = sink.kafka_config.as_ref().unwrap();
    assert_eq!(
        kafka.codec_config.as_ref().unwrap().extra["future_codec"],
        json!(1.5)
    );
    let d = &sink.dispatchers.as_ref().unwrap()[0];
    assert_eq!(d.target_schema.as_deref(), Some("{schema}_bak"));
    assert_eq!(d.target_table.as_deref(), Some("{table}"));
    assert_eq!(
        sink.csv.as_ref().unwrap().extra["csv_x"],
        json!(9_007_199_254_740_993u64)
    );
    assert_eq!(
        sink.pulsar_config
            .as_ref()
            .unwrap()
            .oauth2
            .as_ref()
            .unwrap()
            .oauth2_issuer_url
            .as_deref(),
        Some("https://i")
    );
}

#[test]
fn duration_strings_are_accepted_and_sent_as_ns() {
    let cfg: ReplicaConfig =
        serde_json::from_str(r#"{"sync_point_interval":"10m","sync_point_retention":"1h30m","changefeed_error_stuck_duration":1800000000000.0}"#)
            .unwrap();
    assert_eq!(cfg.sync_point_interval, Some(JsonDuration::from_mins(10)));
    let v = serde_json::to_value(&cfg).unwrap();
    assert_eq!(v["sync_point_interval"], json!(600_000_000_000i64));
    assert_eq!(v["sync_point_retention"], json!(5_400_000_000_000i64));
    assert_eq!(
        v["changefeed_error_stuck_duration"],
        json!(1_800_000_000_000i64)
    );
}

#[test]
fn go_floats_keep_their_integer_form() {
    let s: ChangefeedSchedulerConfig =
        round_trip(r#"{"min_traffic_percentage":1,"max_traffic_percentage":1.25}"#);
    assert_eq!(s.min_traffic_percentage, Some(GoFloat(1.0)));
}
