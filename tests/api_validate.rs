//! The create/update form's client-side checks (../shared/ticdc/API.md §4.3, §4.4).

use ticdc_console::api::validate::*;
use ticdc_console::api::*;

fn fields(errs: &[FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.field.as_str()).collect()
}

fn create(uri: &str, rc: Option<ReplicaConfig>) -> ChangefeedConfig {
    ChangefeedConfig {
        sink_uri: Some(uri.into()),
        replica_config: rc,
        ..Default::default()
    }
}

#[test]
fn changefeed_ids() {
    for ok in [
        "",
        "a",
        "test1",
        "simple-changefeed-task",
        "A-1-b",
        &"x".repeat(128),
    ] {
        assert_eq!(validate_changefeed_id(ok), Ok(()), "{ok}");
    }
    for bad in [
        "-a",
        "a-",
        "a--b",
        "a_b",
        "a b",
        "中文",
        "a.b",
        &"x".repeat(129),
    ] {
        let e = validate_changefeed_id(bad).unwrap_err();
        assert!(e.contains("^[a-zA-Z0-9]+(\\-[a-zA-Z0-9]+)*$"), "{e}");
    }
}

#[test]
fn sink_uris() {
    assert_eq!(sink_scheme("MySQL://root@h:3306/"), Some("mysql".into()));
    assert_eq!(sink_scheme("kafka+ssl://h/t"), Some("kafka+ssl".into()));
    assert_eq!(sink_scheme("no-scheme"), None);
    assert_eq!(sink_scheme("://x"), None);
    assert_eq!(sink_scheme("1abc://x"), None);
    for (uri, kind) in [
        ("mysql://root@127.0.0.1:3306/", SinkKind::MySql),
        ("tidb+ssl://h/", SinkKind::MySql),
        ("kafka://h:9092/t?protocol=canal-json", SinkKind::Kafka),
        ("pulsar+https://h/t", SinkKind::Pulsar),
        ("s3://bucket/prefix", SinkKind::Storage),
        ("file:///tmp/x", SinkKind::Storage),
        ("azure://c/p", SinkKind::Storage),
        ("gs://b/p", SinkKind::Storage),
        ("blackhole://", SinkKind::Blackhole),
        ("noop://", SinkKind::Blackhole),
    ] {
        assert_eq!(validate_sink_uri(uri), Ok(kind), "{uri}");
    }
    assert_eq!(SUPPORTED_SCHEMES.len(), 18);
    for s in SUPPORTED_SCHEMES {
        assert!(SinkKind::from_scheme(s).is_some());
    }
    assert_eq!(
        validate_sink_uri("redis://h").unwrap_err(),
        "the sink scheme (redis) is not supported"
    );
    assert!(
        validate_sink_uri("  ")
            .unwrap_err()
            .contains("sink_uri is empty")
    );
    assert!(validate_sink_uri("localhost:3306").is_err());
    assert_eq!(
        sink_query_param("kafka://h/t?a=1&protocol=avro#x", "protocol"),
        Some("avro")
    );
    assert!(SinkKind::Kafka.is_mq() && SinkKind::Pulsar.is_mq() && !SinkKind::MySql.is_mq());
}

#[test]
fn default_config_is_valid_for_every_sink() {
    for uri in [
        "mysql://root@h:3306/",
        "kafka://h/t?protocol=canal-json",
        "s3://b/p?protocol=csv",
        "blackhole://",
    ] {
        let errs =
            validate_changefeed_config(&create(uri, Some(ReplicaConfig::ticdc_default())), true);
        assert!(errs.is_empty(), "{uri}: {errs:?}");
    }
    let new_default: ReplicaConfig =
        serde_json::from_str(DEFAULT_REPLICA_CONFIG_NEW_ARCH_JSON).unwrap();
    assert!(validate_changefeed_config(&create("s3://b/p", Some(new_default)), true).is_empty());
}

#[test]
fn create_requires_a_sink_uri_but_update_does_not() {
    let errs = validate_changefeed_config(&ChangefeedConfig::default(), true);
    assert_eq!(fields(&errs), ["sink_uri"]);
    assert!(validate_changefeed_config(&ChangefeedConfig::default(), false).is_empty());
    let bad_id = ChangefeedConfig {
        changefeed_id: Some("bad_id".into()),
        ..create("blackhole://", None)
    };
    let errs = validate_changefeed_config(&bad_id, true);
    assert_eq!(fields(&errs), ["changefeed_id"]);
    assert!(errs[0].message.starts_with("invalid changefeed_id: bad_id"));
    assert!(
        validate_changefeed_config(&bad_id, false).is_empty(),
        "ids are not sent on update"
    );
    let bad_ns = ChangefeedConfig {
        namespace: Some("a b".into()),
        ..create("blackhole://", None)
    };
    assert_eq!(
        fields(&validate_changefeed_config(&bad_ns, true)),
        ["namespace"]
    );
}

#[test]
fn protocol_must_not_be_set_for_mysql() {
    let mut rc = ReplicaConfig::ticdc_default();
    rc.sink.as_mut().unwrap().protocol = Some("canal-json".into());
    let errs = validate_changefeed_config(&create("mysql://h/", Some(rc.clone())), true);
    assert_eq!(fields(&errs), ["replica_config.sink.protocol"]);
    assert_eq!(
        errs[0].message,
        "protocol canal-json is incompatible with mysql scheme"
    );
    assert!(validate_changefeed_config(&create("kafka://h/t", Some(rc)), true).is_empty());
    let errs = validate_changefeed_config(
        &create("tidb://h/?protocol=avro", Some(ReplicaConfig::default())),
        true,
    );
    assert_eq!(
        errs[0].message,
        "protocol avro is incompatible with tidb scheme"
    );
}

#[test]
fn transaction_atomicity() {
    let with = |a: &str, uri: &str| {
        let rc = ReplicaConfig {
            sink: Some(SinkConfig {
                transaction_atomicity: Some(a.into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        validate_changefeed_config(&create(uri, Some(rc)), true)
    };
    assert!(with("", "mysql://h/").is_empty());
    assert!(with("none", "kafka://h/t").is_empty());
    assert!(with("table", "mysql://h/").is_empty());
    assert_eq!(
        fields(&with("table", "kafka://h/t")),
        ["replica_config.sink.transaction_atomicity"]
    );
    assert_eq!(
        fields(&with("table", "pulsar://h/t")),
        ["replica_config.sink.transaction_atomicity"]
    );
    assert_eq!(
        fields(&with("row", "mysql://h/")),
        ["replica_config.sink.transaction_atomicity"]
    );
    let uri_only = validate_changefeed_config(
        &create(
            "kafka://h/t?transaction-atomicity=table",
            Some(ReplicaConfig::default()),
        ),
        true,
    );
    assert_eq!(
        fields(&uri_only),
        ["replica_config.sink.transaction_atomicity"]
    );
}

#[test]
fn sync_point_rules() {
    let sp = |interval: &str, retention: &str, uri: &str| {
        let rc = ReplicaConfig {
            enable_sync_point: Some(true),
            sync_point_interval: Some(parse_go_duration(interval).unwrap()),
            sync_point_retention: Some(parse_go_duration(retention).unwrap()),
            ..Default::default()
        };
        validate_changefeed_config(&create(uri, Some(rc)), true)
    };
    assert!(sp("30s", "1h", "mysql://h/").is_empty());
    let errs = sp("10s", "1h", "mysql://h/");
    assert_eq!(fields(&errs), ["replica_config.sync_point_interval"]);
    assert_eq!(
        errs[0].message,
        "The SyncPointInterval:10s must be larger than 30s"
    );
    assert_eq!(
        fields(&sp("1m", "59m", "tidb://h/")),
        ["replica_config.sync_point_retention"]
    );
    assert_eq!(
        fields(&sp("1m", "2h", "kafka://h/t")),
        ["replica_config.enable_sync_point"]
    );
    // Disabled sync point: values are not checked.
    let rc = ReplicaConfig {
        enable_sync_point: Some(false),
        sync_point_interval: Some(JsonDuration::from_secs(1)),
        ..Default::default()
    };
    assert!(validate_changefeed_config(&create("kafka://h/t", Some(rc)), true).is_empty());
    let bdr = ReplicaConfig {
        bdr_mode: Some(true),
        ..Default::default()
    };
    assert_eq!(
        fields(&validate_changefeed_config(
            &create("s3://b/p", Some(bdr)),
            true
        )),
        ["replica_config.bdr_mode"]
    );
}

#[test]
fn target_ts_and_stuck_duration() {
    let cfg = ChangefeedConfig {
        start_ts: Some(10),
        target_ts: Some(10),
        ..create("blackhole://", None)
    };
    let errs = validate_changefeed_config(&cfg, true);
    assert_eq!(fields(&errs), ["target_ts"]);
    assert!(
        errs[0]
            .message
            .contains("target-ts 10 is earlier than start-ts 10")
    );
    assert!(
        validate_changefeed_config(
            &ChangefeedConfig {
                target_ts: Some(11),
                ..cfg.clone()
            },
            true
        )
        .is_empty()
    );
    assert!(
        validate_changefeed_config(
            &ChangefeedConfig {
                target_ts: Some(0),
                ..cfg.clone()
            },
            true
        )
        .is_empty()
    );
    assert!(
        validate_changefeed_config(
            &ChangefeedConfig {
                start_ts: Some(0),
                target_ts: Some(5),
                ..cfg
            },
            true
        )
        .is_empty()
    );

    let stuck = |d: JsonDuration| {
        let rc = ReplicaConfig {
            changefeed_error_stuck_duration: Some(d),
            ..Default::default()
        };
        validate_changefeed_config(&create("blackhole://", Some(rc)), true)
    };
    assert!(stuck(JsonDuration::from_mins(30)).is_empty());
    let errs = stuck(JsonDuration::from_mins(29));
    assert_eq!(
        fields(&errs),
        ["replica_config.changefeed_error_stuck_duration"]
    );
    assert!(errs[0].message.contains("29m"));
}

#[test]
fn csv_and_storage_rules() {
    let storage = |csv: CSVConfig, date_sep: Option<&str>, enc: Option<i64>, uri: &str| {
        let rc = ReplicaConfig {
            sink: Some(SinkConfig {
                csv: Some(csv),
                date_separator: date_sep.map(Into::into),
                encoder_concurrency: enc,
                ..Default::default()
            }),
            ..Default::default()
        };
        validate_changefeed_config(&create(uri, Some(rc)), true)
    };
    let csv = |d: &str, q: &str, m: &str| CSVConfig {
        delimiter: Some(d.into()),
        quote: Some(q.into()),
        binary_encoding_method: Some(m.into()),
        ..Default::default()
    };
    assert!(storage(csv(",", "\"", "base64"), Some("day"), Some(0), "s3://b/p").is_empty());
    assert!(storage(csv("|||", "", "hex"), Some("none"), None, "file:///x").is_empty());
    let f = |c, s: Option<&str>| {
        storage(c, s, None, "s3://b/p")
            .into_iter()
            .map(|e| e.field)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        f(csv("", "\"", "hex"), None),
        ["replica_config.sink.csv.delimiter"]
    );
    assert_eq!(
        f(csv(",,,,", "\"", "hex"), None),
        ["replica_config.sink.csv.delimiter"]
    );
    assert_eq!(
        f(csv(",\n", "\"", "hex"), None),
        ["replica_config.sink.csv.delimiter"]
    );
    assert_eq!(
        f(csv(",\"", "\"", "hex"), None),
        ["replica_config.sink.csv.delimiter"]
    );
    assert_eq!(
        f(csv(",", "''", "hex"), None),
        ["replica_config.sink.csv.quote"]
    );
    assert_eq!(
        f(csv(",", "\"", "base32"), None),
        ["replica_config.sink.csv.binary_encoding_method"]
    );
    assert_eq!(
        f(csv(",", "\"", "hex"), Some("week")),
        ["replica_config.sink.date_separator"]
    );
    // TiCDC checks CSV and the date separator only for storage sinks.
    assert!(storage(csv("", "''", "base32"), Some("week"), None, "kafka://h/t").is_empty());
    let enc = storage(csv(",", "\"", "hex"), None, Some(-1), "kafka://h/t");
    assert_eq!(fields(&enc), ["replica_config.sink.encoder_concurrency"]);
    assert_eq!(
        enc[0].message,
        "encoder-concurrency should greater than 0, but got -1"
    );
}
