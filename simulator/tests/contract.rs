//! Contract tests for the classic server: status codes, error codes and messages of
//! ../shared/ticdc/API.md §4 and the transitions of §5, in-process (`oneshot`) and over a real
//! port.

mod common;

use common::{Sim, basic, http, opts, serve};
use serde_json::{Value, json};
use ticdc_simulator::{AppState, Options};

const JSON_CT: &str = "application/json; charset=utf-8";

async fn create(sim: &Sim, body: Value) -> common::Resp {
    sim.call("POST", "/api/v2/changefeeds", Some(&body.to_string()))
        .await
}

async fn state_of(sim: &Sim, id: &str) -> String {
    sim.get(&format!("/api/v2/changefeeds/{id}")).await.json()["state"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn gin_404_for_unknown_routes_and_wrong_methods() {
    let sim = Sim::new(opts());
    for (m, p) in [
        ("GET", "/api/v2/nope"),
        ("PUT", "/api/v2/health"),
        ("DELETE", "/api/v2/captures"),
        ("GET", "/api/v2/changefeed/x/synced"),
        ("OPTIONS", "/api/v2/changefeeds"),
        ("GET", "/api/v1/changefeeds"),
    ] {
        let r = sim.call(m, p, None).await;
        assert_eq!(r.status, 404, "{m} {p}");
        assert_eq!(r.body, "404 page not found");
        assert_eq!(r.header("content-type"), Some("text/plain"));
        assert!(r.header("allow").is_none());
    }
    let r = sim.get("/api/v2/changefeeds/").await;
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/api/v2/changefeeds"));
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/", Some("{}"))
            .await
            .status,
        307
    );
}

#[tokio::test]
async fn create_then_get_list_and_shape() {
    let sim = Sim::new(opts());
    let r = create(
        &sim,
        json!({"changefeed_id": "test1", "sink_uri": "blackhole://"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some(JSON_CT));
    let v = r.json();
    assert_eq!(v["state"], "normal");
    assert_eq!(v["namespace"], "default");
    assert!(v["start_ts"].as_u64().unwrap() > 1 << 53);
    assert_eq!(v["resolved_ts"], v["start_ts"]);
    assert_eq!(v["checkpoint_ts"], v["start_ts"]);
    assert!(
        v.get("task_status").is_none()
            && v.get("target_ts").is_none()
            && v.get("admin_job_type").is_none()
    );
    assert!(v["create_time"].as_str().unwrap().ends_with('Z'));
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "upstream_id",
            "namespace",
            "id",
            "sink_uri",
            "create_time",
            "start_ts",
            "config",
            "state",
            "creator_version",
            "resolved_ts",
            "checkpoint_ts",
            "checkpoint_time"
        ]
    );
    // The default config of API.md §3.1 as tiflow v8.5.x has it (no `csv.output_field_header`,
    // RELEASES.md §1), byte for byte (blackhole keeps every default).
    let fixture: Value = serde_json::from_str(include_str!(
        "../../src/api/fixtures/default_replica_config_classic_v8.5.json"
    ))
    .unwrap();
    assert_eq!(v["config"].to_string(), fixture.to_string());
    // JSONTime: "YYYY-MM-DD hh:mm:ss.mmm".
    assert_eq!(v["checkpoint_time"].as_str().unwrap().len(), 23);

    sim.tick();
    let got = sim.get("/api/v2/changefeeds/test1").await.json();
    assert!(!got["task_status"].as_array().unwrap().is_empty());
    let list = sim.get("/api/v2/changefeeds").await;
    assert_eq!(list.json()["total"], 1);
    let item = &list.json()["items"][0];
    let keys: Vec<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "upstream_id",
            "namespace",
            "id",
            "state",
            "checkpoint_tso",
            "checkpoint_time",
            "error"
        ]
    );
    assert!(item["error"].is_null());

    // Empty id → UUID.
    let v = create(&sim, json!({"sink_uri": "blackhole://"}))
        .await
        .json();
    let id = v["id"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(id.matches('-').count(), 4);
}

#[tokio::test]
async fn create_checks_in_upstream_order() {
    let sim = Sim::new(opts());
    create(
        &sim,
        json!({"changefeed_id": "dup", "sink_uri": "blackhole://"}),
    )
    .await;
    let now = sim.tso();
    let old = (sim.state.cluster().clock.physical_now() - 25 * 3600 * 1000) << 18;
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (
            json!({"changefeed_id": "a"}),
            400,
            "CDC:ErrSinkURIInvalid",
            "[CDC:ErrSinkURIInvalid]sink uri invalid 'sink_uri is empty, cannot create a changefeed without sink_uri'",
        ),
        (
            json!({"changefeed_id": "bad_id", "sink_uri": "blackhole://"}),
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]invalid changefeed_id: bad_id",
        ),
        (
            json!({"changefeed_id": "a".repeat(129), "sink_uri": "blackhole://"}),
            400,
            "CDC:ErrAPIInvalidParam",
            "",
        ),
        (
            json!({"changefeed_id": "a", "namespace": "-x", "sink_uri": "blackhole://"}),
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]invalid namespace: -x",
        ),
        (
            json!({"changefeed_id": "dup", "sink_uri": "foo://"}),
            500,
            "CDC:ErrChangeFeedAlreadyExists",
            "[CDC:ErrChangeFeedAlreadyExists]changefeed already exists, dup",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "blackhole://", "start_ts": now + (10_000 << 18)}),
            400,
            "CDC:ErrAPIInvalidParam",
            "",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "blackhole://", "start_ts": old}),
            400,
            "CDC:ErrStartTsBeforeGC",
            "",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "blackhole://", "target_ts": 5}),
            400,
            "CDC:ErrTargetTsBeforeStartTs",
            "",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "foo://x"}),
            400,
            "CDC:ErrSinkURIInvalid",
            "[CDC:ErrSinkURIInvalid]the sink scheme (foo) is not supported",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "mysql://u@h:3306/?protocol=canal-json"}),
            400,
            "CDC:ErrSinkURIInvalid",
            "[CDC:ErrSinkURIInvalid]sink uri invalid 'protocol canal-json is incompatible with mysql scheme'",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "mysql://u@h/", "replica_config": {"enable_sync_point": true, "sync_point_interval": "10s"}}),
            500,
            "CDC:ErrInvalidReplicaConfig",
            "[CDC:ErrInvalidReplicaConfig]invalid replica config, The SyncPointInterval:10s must be larger than 30s",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "mysql://u@h/", "replica_config": {"enable_sync_point": true, "sync_point_retention": 1_800_000_000_000u64}}),
            500,
            "CDC:ErrInvalidReplicaConfig",
            "[CDC:ErrInvalidReplicaConfig]invalid replica config, The SyncPointRetention:30m0s must be larger than 1h0m0s",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "kafka://k:9092/t", "replica_config": {"enable_sync_point": true}}),
            400,
            "CDC:ErrSinkURIInvalid",
            "",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "blackhole://", "replica_config": {"changefeed_error_stuck_duration": "10m"}}),
            500,
            "CDC:ErrInvalidReplicaConfig",
            "[CDC:ErrInvalidReplicaConfig]invalid replica config, The ChangefeedErrorStuckDuration:600.000000 must be larger than 1800.000000 Seconds",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "s3://b/p?protocol=csv", "replica_config": {"sink": {"csv": {"delimiter": ",", "quote": ","}}}}),
            500,
            "CDC:ErrSinkInvalidConfig",
            "",
        ),
        (
            json!({"changefeed_id": "a", "sink_uri": "blackhole://", "replica_config": {"filter": {"rules": ["nodot"]}}}),
            400,
            "CDC:ErrFilterRuleInvalid",
            "",
        ),
    ];
    for (body, status, code, msg) in cases {
        let r = create(&sim, body.clone()).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert_eq!(r.code(), code, "{body}");
        if !msg.is_empty() {
            assert_eq!(r.msg(), msg);
        }
        assert_eq!(r.header("content-type"), Some(JSON_CT));
        // Error bodies are indented with 4 spaces.
        assert!(r.body.starts_with("{\n    \"error_msg\": "), "{}", r.body);
    }
    assert!(create(&sim, json!({"changefeed_id": "a", "sink_uri": "blackhole://", "start_ts": now + (10_000 << 18)}))
        .await
        .msg()
        .contains(", larger than current tso "));
}

#[tokio::test]
async fn bind_errors_are_text_plain_400() {
    let sim = Sim::new(opts());
    for (body, msg) in [
        ("", "[CDC:ErrAPIInvalidParam]invalid api parameter: EOF"),
        (
            "{\"sink_uri\":1}",
            "[CDC:ErrAPIInvalidParam]invalid api parameter: json: cannot unmarshal number into Go struct field ChangefeedConfig.sink_uri of type string",
        ),
        (
            "{\"start_ts\":\"1\"}",
            "[CDC:ErrAPIInvalidParam]invalid api parameter: json: cannot unmarshal string into Go struct field ChangefeedConfig.start_ts of type uint64",
        ),
        (
            "{\"replica_config\":{\"sync_point_interval\":\"ten\"}}",
            "[CDC:ErrAPIInvalidParam]invalid api parameter: time: invalid duration \"ten\"",
        ),
        (
            "{x",
            "[CDC:ErrAPIInvalidParam]invalid api parameter: invalid character 'x' looking for beginning of object key string",
        ),
    ] {
        let r = sim.call("POST", "/api/v2/changefeeds", Some(body)).await;
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(r.msg(), msg);
        assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    }
    // replica_config: null dereferences nil upstream → gin Recovery, empty 500.
    let r = sim
        .call(
            "POST",
            "/api/v2/changefeeds",
            Some(r#"{"sink_uri":"blackhole://","replica_config":null}"#),
        )
        .await;
    assert_eq!((r.status, r.body.as_str()), (500, ""));
}

#[tokio::test]
async fn durations_accept_strings_and_ns_and_emit_ns() {
    let sim = Sim::new(opts());
    let v = create(&sim, json!({"changefeed_id": "d1", "sink_uri": "mysql://u:p@h/",
        "replica_config": {"enable_sync_point": true, "sync_point_interval": "1m30s", "sync_point_retention": 7_200_000_000_000u64,
            "unknown_key": 1, "sink": {"protocol": null, "nope": true}}})).await.json();
    assert_eq!(v["config"]["sync_point_interval"], 90_000_000_000u64);
    assert_eq!(v["config"]["sync_point_retention"], 7_200_000_000_000u64);
    assert!(v["config"].get("unknown_key").is_none());
    assert!(v["config"]["sink"].get("nope").is_none());
    assert_eq!(v["sink_uri"], "mysql://u:xxxxx@h/");
    // Storage sinks get file_index_width 20 and the URI's protocol; integrity forced to none.
    let v = create(&sim, json!({"changefeed_id": "s3", "sink_uri": "s3://b/p?protocol=canal-json",
        "replica_config": {"integrity": {"integrity_check_level": "correctness"}, "scheduler": {"enable_table_across_nodes": true}}})).await.json();
    assert_eq!(v["config"]["sink"]["file_index_width"], 20);
    assert_eq!(v["config"]["sink"]["protocol"], "canal-json");
    assert_eq!(v["config"]["integrity"]["integrity_check_level"], "none");
    assert_eq!(v["config"]["scheduler"]["enable_table_across_nodes"], false);
    let v = create(&sim, json!({"changefeed_id": "k1", "sink_uri": "kafka://k:9092/t?protocol=avro&sasl-user=u&sasl-password=pw",
        "replica_config": {"scheduler": {"enable_table_across_nodes": true}}})).await.json();
    assert_eq!(v["config"]["scheduler"]["enable_table_across_nodes"], true);
    // sasl-password masked, query re-encoded sorted (url.Values.Encode); `&` escaped like Go.
    assert_eq!(
        v["sink_uri"],
        "kafka://k:9092/t?protocol=avro&sasl-password=xxxxx&sasl-user=u"
    );
    let raw = sim.get("/api/v2/changefeeds/k1").await.body;
    assert!(raw.contains(r#"?protocol=avro\u0026sasl-password=xxxxx"#));
    // meta_info is unmasked.
    let meta = sim.get("/api/v2/changefeeds/k1/meta_info").await.json();
    assert_eq!(
        meta["sink_uri"],
        "kafka://k:9092/t?protocol=avro&sasl-user=u&sasl-password=pw"
    );
}

#[tokio::test]
async fn missing_and_invalid_ids() {
    let sim = Sim::new(opts());
    let r = sim.get("/api/v2/changefeeds/nope").await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrChangeFeedNotExists")
    );
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangeFeedNotExists]changefeed not exists, default/nope"
    );
    let r = sim.get("/api/v2/changefeeds/nope?namespace=ns1").await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangeFeedNotExists]changefeed not exists, ns1/nope"
    );
    for p in [
        "/api/v2/changefeeds/nope/status",
        "/api/v2/changefeeds/nope/synced",
        "/api/v2/changefeeds/nope/meta_info",
    ] {
        assert_eq!(sim.get(p).await.code(), "CDC:ErrChangeFeedNotExists");
    }
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/nope/pause", None)
            .await
            .code(),
        "CDC:ErrChangeFeedNotExists"
    );
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/nope/resume", Some("{}"))
            .await
            .code(),
        "CDC:ErrChangeFeedNotExists"
    );
    assert_eq!(
        sim.call("PUT", "/api/v2/changefeeds/nope", Some("{}"))
            .await
            .code(),
        "CDC:ErrChangeFeedNotExists"
    );
    let r = sim.get("/api/v2/changefeeds/bad_id").await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrAPIInvalidParam]invalid changefeed_id: bad_id")
    );
    let r = sim.call("DELETE", "/api/v2/changefeeds/a--b", None).await;
    assert_eq!(r.code(), "CDC:ErrAPIInvalidParam");
}

#[tokio::test]
async fn pause_update_resume_delete_lifecycle() {
    let sim = Sim::new(opts());
    create(
        &sim,
        json!({"changefeed_id": "life", "sink_uri": "mysql://root:pw@db:3306/"}),
    )
    .await;
    sim.tick();
    // Update refused while normal.
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(r#"{"target_ts":1}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrChangefeedUpdateRefused")
    );
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangefeedUpdateRefused]changefeed update error: can only update changefeed config when it is stopped or failed"
    );
    // Pause → stopped, admin_job_type 1, no task_status.
    let r = sim
        .call("POST", "/api/v2/changefeeds/life/pause", None)
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    let v = sim.get("/api/v2/changefeeds/life").await.json();
    assert_eq!(
        (v["state"].as_str(), v["admin_job_type"].as_u64()),
        (Some("stopped"), Some(1))
    );
    assert!(v.get("task_status").is_none());
    // Pausing again is silently ignored.
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/life/pause", None)
            .await
            .body,
        "{}"
    );
    // Update while stopped.
    let start = v["start_ts"].as_u64().unwrap();
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(&json!({"target_ts": start - 1}).to_string()),
        )
        .await;
    assert_eq!(
        r.msg(),
        format!(
            "[CDC:ErrChangefeedUpdateRefused]can not update target_ts:{} less than start_ts:{start}",
            start - 1
        )
    );
    let target = start + (3_600_000 << 18);
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(&json!({"target_ts": target}).to_string()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["target_ts"], target);
    assert_eq!(r.json()["state"], "stopped");
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(&json!({"target_ts": target}).to_string()),
        )
        .await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangefeedUpdateRefused]changefeed update error: changefeed config is the same with the old one, do nothing"
    );
    // A partial replica_config replaces the whole config (§4.4).
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(r#"{"replica_config":{"case_sensitive":true}}"#),
        )
        .await;
    let cfg = &r.json()["config"];
    assert_eq!(cfg["case_sensitive"], true);
    assert_eq!(cfg["check_gc_safe_point"], false);
    assert_eq!(cfg["memory_quota"], 1_073_741_824u64);
    assert!(cfg.get("enable_sync_point").is_none() && cfg.get("sync_point_interval").is_none());
    assert_eq!(cfg["filter"]["rules"], json!(["*.*"]));
    // Update validations are wrapped as ErrChangefeedUpdateRefused (400).
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/life",
            Some(r#"{"sink_uri":"foo://x"}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrChangefeedUpdateRefused")
    );
    // Resume needs a body.
    let r = sim
        .call("POST", "/api/v2/changefeeds/life/resume", None)
        .await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrAPIInvalidParam]invalid api parameter: EOF")
    );
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    let r = sim
        .call("POST", "/api/v2/changefeeds/life/resume", Some("{}"))
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    assert_eq!(state_of(&sim, "life").await, "normal");
    // Resuming a running changefeed is silently ignored.
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/life/resume", Some("{}"))
            .await
            .status,
        200
    );
    // Delete is idempotent.
    for _ in 0..2 {
        let r = sim.call("DELETE", "/api/v2/changefeeds/life", None).await;
        assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    }
    assert_eq!(
        sim.get("/api/v2/changefeeds/life").await.code(),
        "CDC:ErrChangeFeedNotExists"
    );
}

#[tokio::test]
async fn overwrite_checkpoint_is_exact_over_a_real_port() {
    let st = AppState::new(opts());
    let addr = serve(st.clone()).await;
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds",
        Some(r#"{"changefeed_id":"ow","sink_uri":"blackhole://"}"#),
        &[],
    )
    .await;
    assert_eq!(r.status, 200);
    http(&addr, "POST", "/api/v2/changefeeds/ow/pause", None, &[]).await;
    let tso = http(&addr, "POST", "/api/v2/tso", Some("{}"), &[]).await;
    assert!(tso.body.starts_with("{\n    \"timestamp\": "));
    let t = tso.json();
    let current = (t["timestamp"].as_u64().unwrap() << 18) | t["logic_time"].as_u64().unwrap();
    // A TSO > 2^53 with odd logical bits: would not survive an f64 round-trip.
    let ow = current - (5_000 << 18) + 12_345;
    assert!(ow > 1 << 53 && (ow as f64) as u64 != ow);
    let too_new = current + (60_000 << 18);
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds/ow/resume",
        Some(&format!(r#"{{"overwrite_checkpoint_ts":{too_new}}}"#)),
        &[],
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(
        r.json()["error_msg"]
            .as_str()
            .unwrap()
            .starts_with(&format!(
                "[CDC:ErrAPIInvalidParam]invalid checkpoint-ts {too_new}, larger than current tso "
            ))
    );
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds/ow/resume",
        Some(r#"{"overwrite_checkpoint_ts":100}"#),
        &[],
    )
    .await;
    assert_eq!(r.json()["error_code"], "CDC:ErrStartTsBeforeGC");
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds/ow/resume",
        Some(&format!(r#"{{"overwrite_checkpoint_ts":{ow}}}"#)),
        &[],
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    let g = http(&addr, "GET", "/api/v2/changefeeds/ow", None, &[]).await;
    assert!(
        g.body.contains(&format!("\"start_ts\":{ow},")),
        "{}",
        g.body
    );
    assert!(g.body.contains(&format!("\"checkpoint_ts\":{ow},")));
    assert_eq!(g.json()["state"], "normal");
    // The request log shows the body exactly as sent.
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    let bodies: Vec<&str> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&format!(r#"{{"overwrite_checkpoint_ts":{ow}}}"#).as_str()));
}

#[tokio::test]
async fn reaching_target_ts_finishes() {
    let sim = Sim::new(opts());
    let now_ms = sim.state.cluster().clock.physical_now();
    let start = (now_ms - 60_000) << 18;
    let target = ((now_ms - 30_000) << 18) | 7;
    let r = create(&sim, json!({"changefeed_id": "fin", "sink_uri": "blackhole://", "start_ts": start, "target_ts": target})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["target_ts"], target);
    for _ in 0..10 {
        sim.tick();
    }
    let v = sim.get("/api/v2/changefeeds/fin").await.json();
    assert_eq!(v["state"], "finished");
    assert_eq!(v["admin_job_type"], 4);
    assert_eq!(v["checkpoint_ts"], target);
    // Finished is not in the default list, but is in `all` and `finished`.
    let def = sim.get("/api/v2/changefeeds").await.json();
    assert_eq!(def["total"], 0);
    assert_eq!(
        sim.get("/api/v2/changefeeds?state=all").await.json()["total"],
        1
    );
    assert_eq!(
        sim.get("/api/v2/changefeeds?state=finished").await.json()["total"],
        1
    );
    // Resume from finished → normal, finishes again on the next tick.
    sim.call("POST", "/api/v2/changefeeds/fin/resume", Some("{}"))
        .await;
    assert_eq!(state_of(&sim, "fin").await, "normal");
    sim.tick();
    assert_eq!(state_of(&sim, "fin").await, "finished");
}

#[tokio::test]
async fn checkpoints_advance_with_lag() {
    let sim = Sim::new(opts());
    create(
        &sim,
        json!({"changefeed_id": "adv", "sink_uri": "blackhole://"}),
    )
    .await;
    let before = sim.get("/api/v2/changefeeds/adv").await.json()["checkpoint_ts"]
        .as_u64()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    sim.tick();
    let v = sim.get("/api/v2/changefeeds/adv/status").await.json();
    let ck = v["checkpoint_ts"].as_u64().unwrap();
    assert!(v["resolved_ts"].as_u64().unwrap() >= ck);
    let now = sim.state.cluster().clock.physical_now();
    let lag = now - (ck >> 18);
    assert!(ck >= before && (900..=3500).contains(&lag), "lag {lag}");
}

#[tokio::test]
async fn faults_states_display_mapping_and_filter() {
    let sim = Sim::new(opts());
    for id in ["w", "p", "f", "s"] {
        create(
            &sim,
            json!({"changefeed_id": id, "sink_uri": "blackhole://"}),
        )
        .await;
    }
    sim.tick();
    let fault = |state: &str| {
        json!({"state": state, "code": "CDC:ErrSinkManagerRunError", "message": "[CDC:ErrSinkManagerRunError]sink manager run error"}).to_string()
    };
    assert_eq!(
        sim.call("POST", "/sim/changefeeds/w/fault", Some(&fault("warning")))
            .await
            .status,
        200
    );
    assert_eq!(
        sim.call("POST", "/sim/changefeeds/p/fault", Some(&fault("pending")))
            .await
            .status,
        200
    );
    let gc = json!({"state": "failed", "code": "CDC:ErrSnapshotLostByGC", "message": "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed due to snapshot loss caused by GC. checkpoint-ts 1 is earlier than or equal to GC safepoint at 2", "addr": "10.0.1.12:8300"});
    sim.call("POST", "/sim/changefeeds/f/fault", Some(&gc.to_string()))
        .await;
    sim.call("POST", "/api/v2/changefeeds/s/pause", None).await;

    let items = |v: Value| -> Vec<(String, String)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_string(),
                    i["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let all = items(sim.get("/api/v2/changefeeds").await.json());
    let as_ref: Vec<(&str, &str)> = all.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    // Sorted by id; pending displayed as warning.
    assert_eq!(
        as_ref,
        [
            ("f", "failed"),
            ("p", "warning"),
            ("s", "stopped"),
            ("w", "warning")
        ]
    );
    // ?state= filters on the raw state.
    let w = items(sim.get("/api/v2/changefeeds?state=warning").await.json());
    assert_eq!(w, [("w".to_string(), "warning".to_string())]);
    let p = items(sim.get("/api/v2/changefeeds?state=pending").await.json());
    assert_eq!(p, [("p".to_string(), "warning".to_string())]);
    assert_eq!(
        sim.get("/api/v2/changefeeds?state=error").await.json(),
        json!({"total": 0, "items": []})
    );

    // Detail: raw state; error only for info.Error (pending/failed), without `time`.
    assert_eq!(state_of(&sim, "p").await, "pending");
    let f = sim.get("/api/v2/changefeeds/f").await.json();
    assert_eq!(
        f["error"],
        json!({"addr": "10.0.1.12:8300", "code": "CDC:ErrSnapshotLostByGC", "message": gc["message"]})
    );
    assert_eq!(f["admin_job_type"], 1);
    assert!(
        sim.get("/api/v2/changefeeds/w")
            .await
            .json()
            .get("error")
            .is_none()
    );
    // List error includes time; warning shows the warning.
    let list = sim.get("/api/v2/changefeeds?state=all").await.json();
    let w_item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "w")
        .unwrap()
        .clone();
    assert_eq!(w_item["error"]["code"], "CDC:ErrSinkManagerRunError");
    assert!(w_item["error"]["time"].as_str().unwrap().ends_with('Z'));
    let s_item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "s")
        .unwrap()
        .clone();
    assert!(s_item["error"].is_null());

    // Clearing the fault: warning → normal; pending → warning → normal.
    sim.call("DELETE", "/sim/changefeeds/w/fault", None).await;
    sim.call("DELETE", "/sim/changefeeds/p/fault", None).await;
    sim.tick();
    assert_eq!(state_of(&sim, "w").await, "normal");
    assert_eq!(state_of(&sim, "p").await, "warning");
    sim.tick();
    assert_eq!(state_of(&sim, "p").await, "normal");
    assert!(
        sim.get("/api/v2/changefeeds?state=all").await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["id"] != "f")
            .all(|i| i["error"].is_null())
    );
    // Failed: pause is ignored, update allowed, resume → normal with error cleared.
    sim.call("POST", "/api/v2/changefeeds/f/pause", None).await;
    assert_eq!(state_of(&sim, "f").await, "failed");
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/f",
            Some(r#"{"sink_uri":"mysql://u:p@h:3306/"}"#),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["sink_uri"], "mysql://u:xxxxx@h:3306/");
    sim.call("POST", "/api/v2/changefeeds/f/resume", Some("{}"))
        .await;
    let f = sim.get("/api/v2/changefeeds/f").await.json();
    assert_eq!(f["state"], "normal");
    assert!(f.get("error").is_none());
    // The raw view shows the unmasked sink.
    assert_eq!(
        sim.get("/sim/changefeeds/f").await.json()["sink_uri"],
        "mysql://u:p@h:3306/"
    );
    assert_eq!(
        sim.call(
            "POST",
            "/sim/changefeeds/nope/fault",
            Some(&fault("warning"))
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn status_endpoint_reports_last_error() {
    let sim = Sim::new(opts());
    create(
        &sim,
        json!({"changefeed_id": "st", "sink_uri": "blackhole://"}),
    )
    .await;
    sim.tick();
    let v = sim.get("/api/v2/changefeeds/st/status").await.json();
    assert_eq!(v["state"], "normal");
    assert!(v.get("last_error").is_none());
    sim.call("POST", "/sim/changefeeds/st/fault", Some(r#"{"state":"pending","code":"CDC:ErrKafkaNewProducer","message":"[CDC:ErrKafkaNewProducer]boom"}"#)).await;
    let v = sim.get("/api/v2/changefeeds/st/status").await.json();
    assert_eq!(v["state"], "pending");
    assert_eq!(v["last_error"]["code"], "CDC:ErrKafkaNewProducer");
    assert!(v["last_error"]["time"].is_string());
}

#[tokio::test]
async fn synced_cases() {
    let sim = Sim::demo();
    let v = sim
        .get("/api/v2/changefeeds/analytics-blackhole/synced")
        .await
        .json();
    assert_eq!(v["synced"], true);
    assert_eq!(v["info"], "Data syncing is finished");
    assert!(v["now_ts"].as_str().unwrap().ends_with(".000"));
    let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "synced",
            "sink_checkpoint_ts",
            "puller_resolved_ts",
            "last_synced_ts",
            "now_ts",
            "info"
        ]
    );
    let v = sim
        .get("/api/v2/changefeeds/orders-to-kafka/synced")
        .await
        .json();
    assert_eq!(
        (v["synced"].as_bool(), v["info"].as_str()),
        (
            Some(false),
            Some("The data syncing is not finished, please wait")
        )
    );
    // Case 3: no recent writes, checkpoint lagging, puller close to the checkpoint (stopped).
    {
        let mut c = sim.state.cluster();
        let cf = c
            .changefeeds
            .get_mut(&("default".into(), "payments-kafka-avro".into()))
            .unwrap();
        cf.last_synced_ts = cf.checkpoint_ts - (600_000 << 18);
        cf.puller_resolved_ts = cf.checkpoint_ts;
    }
    let v = sim
        .get("/api/v2/changefeeds/payments-kafka-avro/synced")
        .await
        .json();
    assert!(
        v["info"]
            .as_str()
            .unwrap()
            .starts_with("Please check whether PD is online and TiKV Regions are all available.")
    );
    assert!(v["info"].as_str().unwrap().contains("on Grafana"));
    // Case 3b: puller far ahead of the checkpoint.
    {
        let mut c = sim.state.cluster();
        let cf = c
            .changefeeds
            .get_mut(&("default".into(), "payments-kafka-avro".into()))
            .unwrap();
        cf.puller_resolved_ts = cf.checkpoint_ts + (60_000 << 18);
    }
    let v = sim
        .get("/api/v2/changefeeds/payments-kafka-avro/synced")
        .await
        .json();
    assert_eq!(v["info"], "The data syncing is not finished, please wait");
    // /sim idle makes a changefeed stop receiving writes.
    let r = sim
        .call(
            "POST",
            "/sim/changefeeds/orders-to-kafka/idle",
            Some(r#"{"idle":true}"#),
        )
        .await;
    assert_eq!(r.json()["idle"], true);
}

#[tokio::test]
async fn processors() {
    let sim = Sim::demo();
    let captures = sim.get("/api/v2/captures").await.json();
    let cap = captures["items"][0]["id"].as_str().unwrap().to_string();
    let list = sim.get("/api/v2/processors").await.json();
    assert!(list["total"].as_u64().unwrap() > 0);
    assert_eq!(
        list["items"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["namespace", "changefeed_id", "capture_id"]
    );
    // Every table of a normal changefeed is on exactly one capture.
    let mut all = Vec::new();
    for item in captures["items"].as_array().unwrap() {
        let r = sim
            .get(&format!(
                "/api/v2/processors/orders-to-kafka/{}",
                item["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(r.status, 200);
        if let Some(t) = r.json()["table_ids"].as_array() {
            all.extend(t.iter().map(|x| x.as_i64().unwrap()));
        }
    }
    all.sort();
    assert_eq!(all, [106, 108, 110, 112, 114]);
    let r = sim
        .get(&format!("/api/v2/processors/payments-kafka-avro/{cap}"))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.msg(),
        "[CDC:ErrAPIInvalidParam]invalid api parameter: changefeed in abnormal state: stopped, can'duration get processor of an abnormal changefeed"
    );
    let r = sim.get("/api/v2/processors/orders-to-kafka/0000").await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrCaptureNotExist]capture not exists, 0000")
    );
    let r = sim
        .get("/api/v2/processors/orders-to-kafka/bad_capture")
        .await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrAPIInvalidParam]invalid capture_id: bad_capture"
    );
    let r = sim.get(&format!("/api/v2/processors/nope/{cap}")).await;
    assert_eq!(r.code(), "CDC:ErrChangeFeedNotExists");
}

#[tokio::test]
async fn captures_drain_and_owner_resign() {
    let sim = Sim::demo();
    let caps = sim.get("/api/v2/captures").await.json();
    assert_eq!(caps["total"], 3);
    let items = caps["items"].as_array().unwrap().clone();
    assert_eq!(items.iter().filter(|c| c["is_owner"] == true).count(), 1);
    assert_eq!(items[0]["cluster_id"], "default");
    let owner = items.iter().find(|c| c["is_owner"] == true).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = items.iter().find(|c| c["is_owner"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = sim
        .call("POST", &format!("/api/v2/captures/{owner}/drain"), None)
        .await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (
            400,
            "[CDC:ErrSchedulerRequestFailed]scheduler request failed, cannot drain the owner"
        )
    );
    let r = sim.call("POST", "/api/v2/captures/nope/drain", None).await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrCaptureNotExist]capture not exists, nope")
    );
    let r = sim
        .call("POST", &format!("/api/v2/captures/{other}/drain"), None)
        .await;
    assert_eq!(r.status, 202);
    let first = r.json()["current_table_count"].as_u64().unwrap();
    assert!(first > 0);
    for _ in 0..20 {
        sim.tick();
    }
    let r = sim
        .call("POST", &format!("/api/v2/captures/{other}/drain"), None)
        .await;
    assert_eq!(r.json(), json!({"current_table_count": 0}));

    // Owner resign: always 200 {}; exactly one owner afterwards; health waits for a tick.
    let r = sim.call("POST", "/api/v2/owner/resign", None).await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    let caps = sim.get("/api/v2/captures").await.json();
    assert_eq!(
        caps["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["is_owner"] == true)
            .count(),
        1
    );
    let h = sim.get("/api/v2/health").await;
    assert_eq!(
        (h.status, h.code().as_str()),
        (500, "CDC:ErrClusterIsUnhealthy")
    );
    assert_eq!(
        h.msg(),
        "[CDC:ErrClusterIsUnhealthy]TiCDC cluster is unhealthy"
    );
    sim.tick();
    assert_eq!(sim.get("/api/v2/health").await.body, "{}");

    // Captures come and go through /sim.
    let added = sim
        .call(
            "POST",
            "/sim/captures",
            Some(r#"{"address":"10.0.9.9:8300"}"#),
        )
        .await
        .json();
    assert_eq!(sim.get("/api/v2/captures").await.json()["total"], 4);
    let id = added["id"].as_str().unwrap();
    assert_eq!(
        sim.call("DELETE", &format!("/sim/captures/{id}"), None)
            .await
            .status,
        200
    );

    // Only one capture alive.
    let single = Sim::new(Options {
        captures: 1,
        ..opts()
    });
    let cap = single.get("/api/v2/captures").await.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = single
        .call("POST", &format!("/api/v2/captures/{cap}/drain"), None)
        .await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrSchedulerRequestFailed]scheduler request failed, only one capture alive"
    );
}

#[tokio::test]
async fn auth_on_exactly_the_protected_routes() {
    let sim = Sim::new(Options {
        auth: Some(("root".into(), "s3cret".into())),
        demo: true,
        ..opts()
    });
    let good = basic("root", "s3cret");
    let r = sim
        .call(
            "POST",
            "/api/v2/changefeeds",
            Some(r#"{"sink_uri":"blackhole://"}"#),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "CDC:ErrCredentialNotFound");
    assert_eq!(
        r.msg(),
        "[CDC:ErrCredentialNotFound]credential not found: please specify the user and password via authorization header"
    );
    assert!(r.header("www-authenticate").is_none());
    let r = sim
        .call_with(
            "POST",
            "/api/v2/changefeeds",
            Some("{}"),
            Some(&basic("bob", "x")),
        )
        .await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (
            401,
            "[CDC:ErrUnauthorized]user bob unauthorized, error: The user is not allowed."
        )
    );
    let r = sim
        .call_with(
            "POST",
            "/api/v2/changefeeds",
            Some("{}"),
            Some(&basic("root", "bad")),
        )
        .await;
    assert_eq!(r.code(), "CDC:ErrUnauthorized");
    assert!(r.msg().starts_with("[CDC:ErrUnauthorized]user root unauthorized, error: Error 1045 (28000): Access denied for user 'root'@"));
    let r = sim
        .call_with(
            "POST",
            "/api/v2/changefeeds",
            Some(r#"{"changefeed_id":"ok","sink_uri":"blackhole://"}"#),
            Some(&good),
        )
        .await;
    assert_eq!(r.status, 200);
    for (m, p, b) in [
        ("PUT", "/api/v2/changefeeds/ok", Some("{}")),
        ("DELETE", "/api/v2/changefeeds/ok", None),
        ("POST", "/api/v2/changefeeds/ok/pause", None),
        ("POST", "/api/v2/changefeeds/ok/resume", Some("{}")),
        ("GET", "/api/v2/unsafe/metadata", None),
        ("POST", "/api/v2/unsafe/resolve_lock", Some("{}")),
        ("DELETE", "/api/v2/unsafe/service_gc_safepoint", Some("{}")),
    ] {
        assert_eq!(sim.call(m, p, b).await.status, 401, "{m} {p}");
    }
    for (m, p, b) in [
        ("GET", "/api/v2/changefeeds", None),
        ("GET", "/api/v2/changefeeds/ok", None),
        ("GET", "/api/v2/changefeeds/ok/status", None),
        ("GET", "/api/v2/changefeeds/ok/synced", None),
        ("GET", "/api/v2/captures", None),
        ("GET", "/api/v2/processors", None),
        ("GET", "/api/v2/health", None),
        ("GET", "/api/v2/status", None),
        ("POST", "/api/v2/log", Some("{}")),
        ("POST", "/api/v2/tso", Some("{}")),
        ("POST", "/api/v2/verify_table", Some("{}")),
        ("POST", "/api/v2/owner/resign", None),
    ] {
        assert_ne!(sim.call(m, p, b).await.status, 401, "{m} {p}");
    }
    let r = sim
        .call_with("GET", "/api/v2/unsafe/metadata", None, Some(&good))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with("[\n    {"));
}

#[tokio::test]
async fn not_ready_is_503_on_v2_only() {
    let sim = Sim::new(opts());
    assert_eq!(
        sim.call("POST", "/sim/ready", Some(r#"{"ready":false}"#))
            .await
            .status,
        200
    );
    for p in ["/api/v2/status", "/api/v2/health", "/api/v2/changefeeds"] {
        let r = sim.get(p).await;
        assert_eq!(r.status, 503);
        assert_eq!(
            r.body,
            "{\n    \"error_msg\": \"[CDC:ErrServerIsNotReady]cdc server is not ready\",\n    \"error_code\": \"CDC:ErrServerIsNotReady\"\n}"
        );
    }
    assert_eq!(sim.get("/status").await.status, 200);
    sim.call("POST", "/sim/ready", Some(r#"{"ready":true}"#))
        .await;
    assert_eq!(sim.get("/api/v2/health").await.status, 200);
}

#[tokio::test]
async fn log_level_values() {
    let sim = Sim::new(opts());
    for lvl in [
        "debug", "INFO", "", "warn", "warning", "Error", "dpanic", "panic", "fatal",
    ] {
        let r = sim
            .call(
                "POST",
                "/api/v2/log",
                Some(&json!({"log_level": lvl}).to_string()),
            )
            .await;
        assert_eq!((r.status, r.body.as_str()), (200, "{}"), "{lvl}");
    }
    assert_eq!(
        sim.call("POST", "/api/v2/log", Some("{}")).await.status,
        200
    );
    let r = sim
        .call("POST", "/api/v2/log", Some(r#"{"log_level":"trace"}"#))
        .await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (
            400,
            "[CDC:ErrAPIInvalidParam]fail to change log level: trace"
        )
    );
    let r = sim.call("POST", "/api/v2/log", None).await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrAPIInvalidParam]invalid log level: EOF")
    );
}

#[tokio::test]
async fn tso_unsafe_and_verify_table() {
    let sim = Sim::new(opts());
    let r = sim.call("POST", "/api/v2/tso", None).await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (400, "[CDC:ErrAPIInvalidParam]invalid api parameter: EOF")
    );
    let r = sim.call("POST", "/api/v2/tso", Some(r#"{"id":1}"#)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (500, "CDC:ErrUpstreamNotFound")
    );
    let a = sim.call("POST", "/api/v2/tso", Some("{}")).await.json();
    let b = sim.call("POST", "/api/v2/tso", Some("{}")).await.json();
    let ts = |v: &Value| v["timestamp"].as_u64().unwrap() << 18 | v["logic_time"].as_u64().unwrap();
    assert!(ts(&b) > ts(&a));
    let r = sim
        .call(
            "POST",
            "/api/v2/unsafe/resolve_lock",
            Some(r#"{"region_id":0}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (
            400,
            "[CDC:ErrAPIInvalidParam]invalid resolve_lock request: region_id and ts must be non-zero"
        )
    );
    assert_eq!(
        sim.call(
            "POST",
            "/api/v2/unsafe/resolve_lock",
            Some(r#"{"region_id":7,"ts":9}"#)
        )
        .await
        .body,
        "{}"
    );
    assert_eq!(
        sim.call("DELETE", "/api/v2/unsafe/service_gc_safepoint", Some("{}"))
            .await
            .body,
        "{}"
    );
    let v = sim
        .call(
            "POST",
            "/api/v2/verify_table",
            Some(r#"{"replica_config":{"filter":{"rules":["billing.*"]}}}"#),
        )
        .await
        .json();
    assert_eq!(
        v["eligible_tables"][0],
        json!({"database_name": "billing", "table_name": "invoices", "table_id": 120, "is_partition": false})
    );
    assert!(v.get("ineligible_tables").is_none());
    let s = sim.get("/api/v2/status").await;
    assert!(s.body.starts_with("{\n    \"version\": "));
    assert_eq!(
        s.json().as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "version",
            "git_hash",
            "id",
            "cluster_id",
            "pid",
            "is_owner",
            "liveness"
        ]
    );
}

#[tokio::test]
async fn namespaces() {
    let sim = Sim::demo();
    let staging = sim
        .get("/api/v2/changefeeds?namespace=staging")
        .await
        .json();
    assert_eq!(staging["total"], 1);
    assert_eq!(staging["items"][0]["namespace"], "staging");
    let def = sim.get("/api/v2/changefeeds?state=all").await.json();
    let ids: Vec<&str> = def["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert!(ids.len() >= 8 && ids.len() <= 12);
    assert_eq!(
        sim.get("/api/v2/changefeeds/orders-to-kafka?namespace=staging")
            .await
            .json()["namespace"],
        "staging"
    );
    let r = sim
        .call(
            "POST",
            "/api/v2/changefeeds",
            Some(r#"{"namespace":"staging","changefeed_id":"x","sink_uri":"blackhole://"}"#),
        )
        .await;
    assert_eq!(r.json()["namespace"], "staging");
}

#[tokio::test]
async fn demo_covers_every_state() {
    let sim = Sim::demo();
    let states: Vec<String> = sim
        .state
        .cluster()
        .changefeeds
        .values()
        .map(|cf| cf.state.as_str().to_string())
        .collect();
    for s in [
        "normal", "warning", "pending", "stopped", "failed", "finished",
    ] {
        assert!(states.iter().any(|x| x == s), "{s}");
    }
    let f = sim
        .get("/api/v2/changefeeds/legacy-mysql-sync")
        .await
        .json();
    assert_eq!(f["error"]["code"], "CDC:ErrSnapshotLostByGC");
    assert!(
        f["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&f["checkpoint_ts"].to_string())
    );
    assert!(f["sink_uri"].as_str().unwrap().contains(":xxxxx@"));
    let k = sim
        .get("/api/v2/changefeeds/search-index-kafka")
        .await
        .json();
    assert!(
        k["sink_uri"]
            .as_str()
            .unwrap()
            .contains("sasl-password=xxxxx")
    );
    assert!(
        sim.get("/api/v2/changefeeds/crm-to-pulsar").await.json()["target_ts"]
            .as_u64()
            .is_some()
    );
    // Tables are spread over more than one capture.
    let ts = sim.get("/api/v2/changefeeds/orders-to-kafka").await.json()["task_status"]
        .as_array()
        .unwrap()
        .len();
    assert!(ts >= 1);
}

#[tokio::test]
async fn bulk_10000_is_fast() {
    let t = std::time::Instant::now();
    let sim = Sim::new(Options {
        changefeeds: 10_000,
        ..opts()
    });
    let built = t.elapsed();
    let t = std::time::Instant::now();
    let r = sim.get("/api/v2/changefeeds?state=all").await;
    let listed = t.elapsed();
    let v = r.json();
    assert_eq!(v["total"], 10_000);
    assert_eq!(v["items"][42]["id"], "bulk-00042");
    let t = std::time::Instant::now();
    sim.tick();
    let ticked = t.elapsed();
    eprintln!("bulk 10000: build {built:?}, list {listed:?}, tick {ticked:?}");
    // Generous bounds: this runs unoptimized on a shared 2-core machine.
    assert!(built.as_millis() < 3000 && listed.as_millis() < 3000 && ticked.as_millis() < 3000);
    let def = sim.get("/api/v2/changefeeds").await.json();
    assert!(def["total"].as_u64().unwrap() < 10_000);
}

#[tokio::test]
async fn request_log_and_concurrency_over_a_real_port() {
    let st = AppState::new(opts());
    let addr = serve(st.clone()).await;
    assert_eq!(
        http(
            &addr,
            "POST",
            "/sim/delay",
            Some(r#"{"ms":300}"#),
            &[("Content-Type", "application/json")]
        )
        .await
        .status,
        200
    );
    assert_eq!(
        http(&addr, "DELETE", "/sim/requests", None, &[])
            .await
            .status,
        200
    );
    let t = std::time::Instant::now();
    let (a, b, c) = tokio::join!(
        http(&addr, "GET", "/api/v2/captures", None, &[]),
        http(&addr, "GET", "/api/v2/changefeeds?state=all", None, &[]),
        http(&addr, "GET", "/api/v2/health", None, &[]),
    );
    assert!(t.elapsed().as_millis() >= 300);
    assert_eq!((a.status, b.status, c.status), (200, 200, 200));
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    assert_eq!(log["max_in_flight"], 3);
    assert_eq!(log["in_flight"], 0);
    assert_eq!(log["total"], 3);
    let q = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/api/v2/changefeeds")
        .unwrap()
        .clone();
    assert_eq!(q["query"], "state=all");
    assert_eq!(q["method"], "GET");
    http(
        &addr,
        "POST",
        "/sim/delay",
        Some(r#"{"ms":0}"#),
        &[("Content-Type", "application/json")],
    )
    .await;
    http(&addr, "DELETE", "/sim/requests", None, &[]).await;
    http(&addr, "GET", "/api/v2/health", None, &[]).await;
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    assert_eq!(
        (log["max_in_flight"].as_u64(), log["total"].as_u64()),
        (Some(1), Some(1))
    );
    // Legacy /status.
    let s = http(&addr, "GET", "/status", None, &[]).await;
    assert_eq!(s.status, 200);
    assert!(s.json()["is_owner"].is_boolean());
}

#[tokio::test]
async fn injected_rejects_refuse_writes_to_one_changefeed_then_clear() {
    let sim = Sim::new(Options {
        changefeeds: 20,
        ..opts()
    });
    let id = "bulk-00003";
    let before = state_of(&sim, id).await;
    assert_eq!(before, "normal");
    let armed = sim
        .call(
            "POST",
            &format!("/sim/changefeeds/{id}/reject"),
            Some(r#"{"code":"CDC:ErrEtcdTryAgain","times":2}"#),
        )
        .await;
    assert_eq!(armed.status, 200, "{}", armed.body);
    assert_eq!(armed.json()["times"], 2);
    // Refused twice with TiCDC's error body (500: not a bad-request code), nothing applied.
    for _ in 0..2 {
        let r = sim
            .call("POST", &format!("/api/v2/changefeeds/{id}/pause"), None)
            .await;
        assert_eq!(r.status, 500);
        assert_eq!(r.json()["error_code"], "CDC:ErrEtcdTryAgain");
        assert_eq!(
            r.json()["error_msg"],
            "[CDC:ErrEtcdTryAgain]simulated refusal of changefeed bulk-00003"
        );
        sim.tick();
        assert_eq!(state_of(&sim, id).await, "normal");
    }
    // Other changefeeds are not affected; the third write to this one is applied.
    let other = sim
        .call("POST", "/api/v2/changefeeds/bulk-00004/pause", None)
        .await;
    assert_eq!(other.status, 200);
    let r = sim
        .call("POST", &format!("/api/v2/changefeeds/{id}/pause"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    sim.tick();
    assert_eq!(state_of(&sim, id).await, "stopped");

    // times 0: every write until cleared; a bad-request code answers 400; delete is refused too.
    sim.call(
        "POST",
        &format!("/sim/changefeeds/{id}/reject"),
        Some(r#"{"code":"CDC:ErrChangefeedUpdateRefused","message":"[CDC:ErrChangefeedUpdateRefused]busy","times":0}"#),
    )
    .await;
    for (m, p, b) in [
        ("DELETE", format!("/api/v2/changefeeds/{id}"), None),
        (
            "POST",
            format!("/api/v2/changefeeds/{id}/resume"),
            Some("{}"),
        ),
        ("DELETE", format!("/api/v2/changefeeds/{id}"), None),
    ] {
        let r = sim.call(m, &p, b).await;
        assert_eq!(r.status, 400, "{m} {p}");
        assert_eq!(
            r.json()["error_msg"],
            "[CDC:ErrChangefeedUpdateRefused]busy"
        );
    }
    assert_eq!(state_of(&sim, id).await, "stopped");
    let cleared = sim
        .call("DELETE", &format!("/sim/changefeeds/{id}/reject"), None)
        .await;
    assert_eq!(cleared.json()["removed"], true);
    let r = sim
        .call("DELETE", &format!("/api/v2/changefeeds/{id}"), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        sim.get(&format!("/api/v2/changefeeds/{id}")).await.status,
        400
    );
}

#[tokio::test]
async fn changefeed_writes_in_flight_are_counted_apart_from_reads() {
    let st = AppState::new(Options {
        changefeeds: 10,
        ..opts()
    });
    let addr = serve(st.clone()).await;
    let json = [("Content-Type", "application/json")];
    http(&addr, "POST", "/sim/delay", Some(r#"{"ms":300}"#), &json).await;
    http(&addr, "DELETE", "/sim/requests", None, &[]).await;
    let (a, b, c, d, e) = tokio::join!(
        http(
            &addr,
            "POST",
            "/api/v2/changefeeds/bulk-00001/pause",
            None,
            &[]
        ),
        http(
            &addr,
            "POST",
            "/api/v2/changefeeds/bulk-00002/pause",
            None,
            &[]
        ),
        http(&addr, "GET", "/api/v2/changefeeds", None, &[]),
        http(&addr, "GET", "/api/v2/changefeeds/bulk-00003", None, &[]),
        http(&addr, "POST", "/api/v2/tso", Some("{}"), &json),
    );
    assert_eq!(
        (a.status, b.status, c.status, d.status, e.status),
        (200, 200, 200, 200, 200)
    );
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    assert_eq!(log["max_in_flight"], 5);
    assert_eq!(log["max_writes_in_flight"], 2);
    assert_eq!(log["writes_in_flight"], 0);
    http(&addr, "DELETE", "/sim/requests", None, &[]).await;
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    assert_eq!(log["max_writes_in_flight"], 0);
}
