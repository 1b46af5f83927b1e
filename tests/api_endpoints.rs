//! Every route of ../shared/ticdc/API.md §1: method, path, query, body and headers.

use serde_json::{Value, json};
use ticdc_console::api::endpoints::{self, base64_encode, encode_component};
use ticdc_console::api::*;

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn body(req: &HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().expect("has a body")).unwrap()
}

fn check(
    req: &HttpRequest,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) {
    assert_eq!(req.method, method, "{req:?}");
    assert_eq!(req.path, path);
    assert_eq!(req.query, q(query));
    match body {
        Some(b) => {
            assert_eq!(self::body(req), b);
            assert_eq!(req.header("content-type"), Some("application/json"));
        }
        None => {
            assert_eq!(req.body, None);
            assert_eq!(req.header("Content-Type"), None);
        }
    }
    assert_eq!(req.header("Accept"), Some("application/json"));
    assert_eq!(req.header("Authorization"), None);
}

const D: Scope = Scope::Default;

fn ns() -> Scope {
    Scope::Namespace("ns1".into())
}

fn ks() -> Scope {
    Scope::Keyspace("ks 1".into())
}

#[test]
fn cluster_routes() {
    check(
        &endpoints::server_status(),
        Method::Get,
        "/api/v2/status",
        &[],
        None,
    );
    check(
        &endpoints::health(),
        Method::Get,
        "/api/v2/health",
        &[],
        None,
    );
    check(
        &endpoints::list_captures(),
        Method::Get,
        "/api/v2/captures",
        &[],
        None,
    );
    check(
        &endpoints::drain_capture("cap/1"),
        Method::Post,
        "/api/v2/captures/cap%2F1/drain",
        &[],
        None,
    );
    check(
        &endpoints::resign_owner(),
        Method::Post,
        "/api/v2/owner/resign",
        &[],
        None,
    );
    check(
        &endpoints::set_log_level("debug"),
        Method::Post,
        "/api/v2/log",
        &[],
        Some(json!({"log_level": "debug"})),
    );
    check(
        &endpoints::query_tso(),
        Method::Post,
        "/api/v2/tso",
        &[],
        Some(json!({})),
    );
    assert_eq!(endpoints::query_tso().body.as_deref(), Some("{}"));
    let vt = VerifyTableConfig {
        sink_uri: Some("blackhole://".into()),
        start_ts: Some(9_007_199_254_740_993),
        replica_config: Some(ReplicaConfig {
            force_replicate: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let req = endpoints::verify_table(&vt);
    check(
        &req,
        Method::Post,
        "/api/v2/verify_table",
        &[],
        Some(
            json!({"replica_config": {"force_replicate": true}, "start_ts": 9_007_199_254_740_993u64, "sink_uri": "blackhole://"}),
        ),
    );
    assert!(req.body.as_deref().unwrap().contains("9007199254740993"));
}

#[test]
fn processor_routes() {
    check(
        &endpoints::list_processors(),
        Method::Get,
        "/api/v2/processors",
        &[],
        None,
    );
    check(
        &endpoints::get_processor(&D, "cf-1", "cap-1"),
        Method::Get,
        "/api/v2/processors/cf-1/cap-1",
        &[],
        None,
    );
    check(
        &endpoints::get_processor(&ns(), "cf-1", "cap-1"),
        Method::Get,
        "/api/v2/processors/cf-1/cap-1",
        &[("namespace", "ns1")],
        None,
    );
}

#[test]
fn changefeed_read_routes() {
    check(
        &endpoints::list_changefeeds(&D, None),
        Method::Get,
        "/api/v2/changefeeds",
        &[],
        None,
    );
    check(
        &endpoints::list_changefeeds(&D, Some("all")),
        Method::Get,
        "/api/v2/changefeeds",
        &[("state", "all")],
        None,
    );
    check(
        &endpoints::list_changefeeds(&ns(), Some("failed")),
        Method::Get,
        "/api/v2/changefeeds",
        &[("state", "failed"), ("namespace", "ns1")],
        None,
    );
    check(
        &endpoints::list_changefeeds(&ks(), None),
        Method::Get,
        "/api/v2/changefeeds",
        &[("keyspace", "ks 1")],
        None,
    );
    check(
        &endpoints::get_changefeed(&D, "test1"),
        Method::Get,
        "/api/v2/changefeeds/test1",
        &[],
        None,
    );
    check(
        &endpoints::get_changefeed(&ns(), "test1"),
        Method::Get,
        "/api/v2/changefeeds/test1",
        &[("namespace", "ns1")],
        None,
    );
    check(
        &endpoints::changefeed_meta_info(&D, "test1"),
        Method::Get,
        "/api/v2/changefeeds/test1/meta_info",
        &[],
        None,
    );
    check(
        &endpoints::changefeed_synced(&ks(), "test1"),
        Method::Get,
        "/api/v2/changefeeds/test1/synced",
        &[("keyspace", "ks 1")],
        None,
    );
    check(
        &endpoints::changefeed_status(&D, "test1"),
        Method::Get,
        "/api/v2/changefeeds/test1/status",
        &[],
        None,
    );
}

#[test]
fn changefeed_write_routes() {
    check(
        &endpoints::pause_changefeed(&D, "test1"),
        Method::Post,
        "/api/v2/changefeeds/test1/pause",
        &[],
        None,
    );
    check(
        &endpoints::pause_changefeed(&ns(), "test1"),
        Method::Post,
        "/api/v2/changefeeds/test1/pause",
        &[("namespace", "ns1")],
        None,
    );
    check(
        &endpoints::delete_changefeed(&ks(), "test1"),
        Method::Delete,
        "/api/v2/changefeeds/test1",
        &[("keyspace", "ks 1")],
        None,
    );
    // Resume always carries a JSON body: TiCDC answers an empty one with 400 EOF.
    let req = endpoints::resume_changefeed(&D, "test1", &ResumeChangefeedConfig::default());
    check(
        &req,
        Method::Post,
        "/api/v2/changefeeds/test1/resume",
        &[],
        Some(json!({})),
    );
    assert_eq!(req.body.as_deref(), Some("{}"));
    let req = endpoints::resume_changefeed(
        &ns(),
        "test1",
        &ResumeChangefeedConfig {
            overwrite_checkpoint_ts: Some(u64::MAX),
            ..Default::default()
        },
    );
    check(
        &req,
        Method::Post,
        "/api/v2/changefeeds/test1/resume",
        &[("namespace", "ns1")],
        Some(json!({"overwrite_checkpoint_ts": u64::MAX})),
    );
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"overwrite_checkpoint_ts":18446744073709551615}"#)
    );
}

#[test]
fn create_puts_the_namespace_in_the_body_and_the_keyspace_in_the_query() {
    let cfg = ChangefeedConfig {
        changefeed_id: Some("cf-1".into()),
        sink_uri: Some("mysql://root@127.0.0.1:3306/".into()),
        start_ts: Some(445_947_108_990_386_181),
        ..Default::default()
    };
    let expected = json!({"changefeed_id": "cf-1", "start_ts": 445_947_108_990_386_181u64, "sink_uri": "mysql://root@127.0.0.1:3306/"});
    check(
        &endpoints::create_changefeed(&D, &cfg),
        Method::Post,
        "/api/v2/changefeeds",
        &[],
        Some(expected.clone()),
    );
    let mut with_ns = expected.clone();
    with_ns["namespace"] = json!("ns1");
    check(
        &endpoints::create_changefeed(&ns(), &cfg),
        Method::Post,
        "/api/v2/changefeeds",
        &[],
        Some(with_ns),
    );
    check(
        &endpoints::create_changefeed(&ks(), &cfg),
        Method::Post,
        "/api/v2/changefeeds",
        &[("keyspace", "ks 1")],
        Some(expected),
    );
    // An explicit namespace in the config wins.
    let explicit = ChangefeedConfig {
        namespace: Some("other".into()),
        ..cfg.clone()
    };
    assert_eq!(
        body(&endpoints::create_changefeed(&ns(), &explicit))["namespace"],
        json!("other")
    );
}

#[test]
fn update_sends_the_whole_config() {
    let cfg = ChangefeedConfig {
        target_ts: Some(9_007_199_254_740_993),
        replica_config: Some(ReplicaConfig::ticdc_default()),
        ..Default::default()
    };
    let req = endpoints::update_changefeed(&ns(), "test1", &cfg);
    let mut expected = json!({"target_ts": 9_007_199_254_740_993u64});
    expected["replica_config"] = serde_json::from_str(DEFAULT_REPLICA_CONFIG_JSON).unwrap();
    check(
        &req,
        Method::Put,
        "/api/v2/changefeeds/test1",
        &[("namespace", "ns1")],
        Some(expected),
    );
}

#[test]
fn ids_and_query_values_are_percent_encoded() {
    let req = endpoints::get_changefeed(&Scope::Namespace("a&b=c".into()), "we ird/ü?#");
    assert_eq!(req.path, "/api/v2/changefeeds/we%20ird%2F%C3%BC%3F%23");
    assert_eq!(
        req.path_and_query(),
        "/api/v2/changefeeds/we%20ird%2F%C3%BC%3F%23?namespace=a%26b%3Dc"
    );
    assert_eq!(
        req.url(""),
        "/api/v2/changefeeds/we%20ird%2F%C3%BC%3F%23?namespace=a%26b%3Dc"
    );
    assert_eq!(
        endpoints::health().url("http://127.0.0.1:8300/"),
        "http://127.0.0.1:8300/api/v2/health"
    );
    assert_eq!(
        endpoints::list_changefeeds(&D, Some("all")).url("http://h"),
        "http://h/api/v2/changefeeds?state=all"
    );
    assert_eq!(encode_component("A-Z.a_z~09"), "A-Z.a_z~09");
    assert_eq!(encode_component("+ %"), "%2B%20%25");
}

#[test]
fn basic_auth_header() {
    // RFC 4648 §10 vectors.
    for (i, o) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64_encode(i.as_bytes()), o);
    }
    let c = Credentials::new("Aladdin", "open sesame");
    assert_eq!(
        c.authorization_header(),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    let req = endpoints::pause_changefeed(&D, "x").with_credentials(Some(&c));
    assert_eq!(
        req.header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    let again = req.with_credentials(Some(&Credentials::new("root", "")));
    assert_eq!(
        again
            .headers
            .iter()
            .filter(|(k, _)| k == "Authorization")
            .count(),
        1
    );
    assert_eq!(again.header("Authorization"), Some("Basic cm9vdDo="));
    assert_eq!(
        endpoints::health()
            .with_credentials(None)
            .header("Authorization"),
        None
    );
    assert_eq!(
        Credentials::new("ü", "pä").authorization_header(),
        format!("Basic {}", base64_encode("ü:pä".as_bytes()))
    );
    assert!(
        !format!("{c:?}").contains("sesame"),
        "Debug must not print the password"
    );
}

#[test]
fn placement_and_v1_drain_routes() {
    let mode = DispatcherMode::Redo;
    check(
        &endpoints::list_tables(&ks(), "cf/1", DispatcherMode::Main),
        Method::Get,
        "/api/v2/changefeeds/cf%2F1/tables",
        &[("mode", "0"), ("keyspace", "ks 1")],
        None,
    );
    check(
        &endpoints::dispatcher_count(&D, "cf", mode),
        Method::Get,
        "/api/v2/changefeeds/cf/get_dispatcher_count",
        &[("mode", "1")],
        None,
    );
    check(
        &endpoints::move_table(&D, "cf", 106, "cap-2", DispatcherMode::Main, true),
        Method::Post,
        "/api/v2/changefeeds/cf/move_table",
        &[
            ("tableID", "106"),
            ("targetNodeID", "cap-2"),
            ("mode", "0"),
            ("wait", "true"),
        ],
        None,
    );
    check(
        &endpoints::move_split_table(&D, "cf", 106, "cap-2", mode),
        Method::Post,
        "/api/v2/changefeeds/cf/move_split_table",
        &[("tableID", "106"), ("targetNodeID", "cap-2"), ("mode", "1")],
        None,
    );
    check(
        &endpoints::split_table_by_region_count(&D, "cf", 106, DispatcherMode::Main),
        Method::Post,
        "/api/v2/changefeeds/cf/split_table_by_region_count",
        &[("tableID", "106"), ("mode", "0")],
        None,
    );
    check(
        &endpoints::merge_table(&D, "cf", 106, DispatcherMode::Main),
        Method::Post,
        "/api/v2/changefeeds/cf/merge_table",
        &[("tableID", "106"), ("mode", "0")],
        None,
    );
    let cfg = VerifyTableConfig {
        start_ts: Some(463_900_000_000_000_001),
        ..Default::default()
    };
    let req = endpoints::get_all_tables(&D, &cfg);
    check(
        &req,
        Method::Post,
        "/api/v2/get_all_tables",
        &[],
        Some(json!({"start_ts": 463_900_000_000_000_001u64})),
    );
    // The TSO goes out digit for digit (above 2^53).
    assert!(req.body.unwrap().contains("463900000000000001"));
    check(
        &endpoints::drain_capture_v1("cap-2"),
        Method::Put,
        "/api/v1/captures/drain",
        &[],
        Some(json!({"capture_id": "cap-2"})),
    );
}

#[test]
fn placement_models_decode_the_new_architecture_shapes() {
    // API.md §9.1: ListResponse[NodeTableInfo], DispatcherCount, 202 drain answer.
    let raw = r#"{"total":2,"items":[{"node_id":"c1","table_ids":[0,106,108]},{"node_id":"c2","table_ids":[108]}]}"#;
    let v: ListResponse<NodeTableInfo> = serde_json::from_str(raw).unwrap();
    assert_eq!(v.items[1].table_ids, [108]);
    let c: DispatcherCount = serde_json::from_str(r#"{"count":4}"#).unwrap();
    assert_eq!(c.count, 4);
    let d: DrainCaptureResp = serde_json::from_str(r#"{"current_table_count":10}"#).unwrap();
    assert_eq!(d.current_table_count, 10);
    let t: Tables = serde_json::from_str(
        r#"{"all_tables":[{"database_name":"shop","table_name":"orders","table_id":106,"is_partition":false}]}"#,
    )
    .unwrap();
    assert_eq!(t.all_tables.unwrap()[0].table_name, "orders");
}
