//! Native tests of the editor's logic.

use serde_json::{Value, json};

use super::schema::{ALL_GROUPS, ALL_LISTS, full_path};
use super::*;
use crate::api::*;

const BIG_TSO: u64 = 9_007_199_254_740_993; // 2^53 + 1: JSON.parse would round it

#[test]
fn paths_get_set_remove() {
    let mut v = json!({"a": {"b": 1}, "l": [{"x": 1}]});
    assert_eq!(get_path(&v, "a.b"), Some(&json!(1)));
    assert_eq!(get_path(&v, "l.0.x"), Some(&json!(1)));
    assert_eq!(get_path(&v, "a.c"), None);
    set_path(&mut v, "a.c.d", Some(json!("x")));
    assert_eq!(v["a"]["c"]["d"], "x");
    set_path(&mut v, "a.b", None);
    assert!(v["a"].get("b").is_none());
    // Removing below a missing object creates nothing.
    set_path(&mut v, "zz.y", None);
    assert!(v.get("zz").is_none());
    set_path(&mut v, "l.0.x", Some(json!(2)));
    assert_eq!(v["l"][0]["x"], 2);
    // An out-of-range index is a no-op.
    set_path(&mut v, "l.5.x", Some(json!(2)));
    assert_eq!(v["l"].as_array().unwrap().len(), 1);
    // null counts as absent; setting below a null creates an object.
    let mut n = json!({"sink": null});
    assert_eq!(get_path(&n, "sink"), None);
    set_path(&mut n, "sink.protocol", Some(json!("avro")));
    assert_eq!(n["sink"]["protocol"], "avro");
}

#[test]
fn rows_push_and_remove() {
    let mut v = json!({});
    push_row(&mut v, "r.sink.dispatchers", json!({"topic": "a"}));
    push_row(&mut v, "r.sink.dispatchers", json!({"topic": "b"}));
    assert_eq!(row_count(&v, "r.sink.dispatchers"), 2);
    remove_row(&mut v, "r.sink.dispatchers", 0);
    assert_eq!(v["r"]["sink"]["dispatchers"], json!([{"topic": "b"}]));
    remove_row(&mut v, "r.sink.dispatchers", 0);
    assert!(
        v["r"]["sink"].get("dispatchers").is_none(),
        "an emptied list is not sent"
    );
}

#[test]
fn field_text_round_trips() {
    assert_eq!(
        parse_field(Kind::Duration, "10m"),
        Ok(Some(json!(600_000_000_000i64)))
    );
    assert_eq!(
        format_field(Kind::Duration, Some(&json!(600_000_000_000i64))),
        "10m"
    );
    assert_eq!(parse_field(Kind::Duration, ""), Ok(None));
    assert!(parse_field(Kind::Duration, "10 minutes").is_err());
    assert_eq!(parse_field(Kind::Int, " 16 "), Ok(Some(json!(16))));
    assert!(parse_field(Kind::Int, "1.5").is_err());
    assert!(parse_field(Kind::UInt, "-1").is_err());
    assert_eq!(
        parse_field(Kind::Bytes, "18446744073709551615"),
        Ok(Some(json!(u64::MAX)))
    );
    assert_eq!(
        parse_field(Kind::Lines, "*.*\n\n !db.* \n"),
        Ok(Some(json!(["*.*", "!db.*"])))
    );
    assert_eq!(parse_field(Kind::Lines, " \n"), Ok(None));
    assert_eq!(
        parse_field(Kind::TsoLines, &format!("{BIG_TSO}\n1")),
        Ok(Some(json!([BIG_TSO, 1u64])))
    );
    assert_eq!(
        format_field(Kind::TsoLines, Some(&json!([BIG_TSO]))),
        BIG_TSO.to_string()
    );
    let e = parse_field(Kind::TsoLines, "1\nabc").unwrap_err();
    assert!(e.starts_with("line 2"), "{e}");
    assert_eq!(
        parse_field(Kind::Escaped, "\\r\\n"),
        Ok(Some(json!("\r\n")))
    );
    assert_eq!(format_field(Kind::Escaped, Some(&json!("\r\n"))), "\\r\\n");
    assert!(parse_field(Kind::Escaped, "\\x").is_err());
    assert_eq!(parse_field(Kind::TextKeepEmpty, ""), Ok(Some(json!(""))));
    assert_eq!(parse_field(Kind::Text, "  "), Ok(None));
    assert!(parse_field(Kind::DurationText, "5 s").is_err());
    assert_eq!(parse_field(Kind::DurationText, "5s"), Ok(Some(json!("5s"))));
    assert_eq!(parse_field(Kind::Float, "0.5"), Ok(Some(json!(0.5))));
    // A trailing newline while typing a list does not count as a different value.
    assert!(text_matches(Kind::Lines, "a\n", Some(&json!(["a"]))));
    assert!(!text_matches(Kind::Int, "12a", Some(&json!(12))));
}

#[test]
fn defaults_are_shown_as_typed() {
    assert_eq!(
        default_text(Kind::Int, "replica_config.mounter.worker_num").as_deref(),
        Some("16")
    );
    assert_eq!(
        default_text(Kind::Duration, "replica_config.sync_point_interval").as_deref(),
        Some("10m")
    );
    assert_eq!(
        default_text(Kind::Bool, "replica_config.check_gc_safe_point").as_deref(),
        Some("on")
    );
    assert_eq!(
        default_text(Kind::Bytes, "replica_config.memory_quota").as_deref(),
        Some("1 GiB (1073741824)")
    );
    assert_eq!(
        default_text(Kind::Escaped, "replica_config.sink.terminator").as_deref(),
        Some("\"\\r\\n\"")
    );
    assert_eq!(
        default_text(Kind::Text, "replica_config.sink.schema_registry"),
        None
    );
}

#[test]
fn positions_accept_tso_or_datetime() {
    // API.md §6: 439749918821711874 = 2023-02-27 23:46:52.888 +08:00 (offset -480).
    assert_eq!(
        parse_tso_or_datetime(" 439749918821711874 ", 0),
        Ok(Some(439_749_918_821_711_874))
    );
    assert_eq!(parse_tso_or_datetime("", 0), Ok(None));
    let t = parse_tso_or_datetime("2023-02-27 23:46:52.888", -480)
        .unwrap()
        .unwrap();
    assert_eq!(t, 439_749_918_821_711_874 - 2);
    assert!(parse_tso_or_datetime("yesterday", 0).is_err());
    let d = describe_position("439749918821711874", 439_749_918_821_711_874, -480);
    assert!(
        d.contains("2023-02-27 23:46:52.888 local") && d.contains("15:46:52.888 UTC"),
        "{d}"
    );
    let d = describe_position("2023-02-27 23:46", t, -480);
    assert!(d.starts_with("= TSO "), "{d}");
}

#[test]
fn json_view_is_exact_and_locates_errors() {
    let text = format!(
        r#"{{"changefeed_id":"a","sink_uri":"blackhole://","replica_config":{{"filter":{{"rules":["db.*"],"ignore_txn_start_ts":[{BIG_TSO}]}},"sync_point_interval":"1m","zz_unknown":{{"k":1}}}}}}"#
    );
    let v = parse_json_text(&text).unwrap();
    assert_eq!(
        get_path(&v, "replica_config.filter.ignore_txn_start_ts.0").and_then(Value::as_u64),
        Some(BIG_TSO)
    );
    // Go duration strings are normalized to TiCDC's nanoseconds.
    assert_eq!(
        v["replica_config"]["sync_point_interval"],
        json!(60_000_000_000i64)
    );
    // Unknown keys survive.
    assert_eq!(v["replica_config"]["zz_unknown"], json!({"k": 1}));
    let pretty = to_json_text(&v);
    assert!(pretty.contains(&BIG_TSO.to_string()));
    assert_eq!(parse_json_text(&pretty).unwrap(), v);

    let e = parse_json_text("{\n  \"sink_uri\": \"x\",\n  oops\n}").unwrap_err();
    assert_eq!((e.line, e.column > 0), (3, true), "{e:?}");
    let e = parse_json_text("{\"replica_config\": {\"memory_quota\": \"lots\"}}").unwrap_err();
    assert_eq!(
        e.path.as_deref(),
        Some("replica_config.memory_quota"),
        "{e:?}"
    );
    assert!(e.line == 1 && !e.message.contains(" at line "), "{e:?}");
    assert!(parse_json_text("[1]").is_err());
}

#[test]
fn diff_lists_changed_leaves() {
    let old = json!({"sink_uri": "mysql://u:xxxxx@h/", "replica_config": {"mounter": {"worker_num": 16},
        "sync_point_interval": 600_000_000_000i64, "filter": {"rules": ["*.*"]}, "gone": 1, "nul": null}});
    let new = json!({"sink_uri": "mysql://u:xxxxx@h/", "replica_config": {"mounter": {"worker_num": 8},
        "sync_point_interval": 60_000_000_000i64, "filter": {"rules": ["*.*", "!x.*"]}, "added": {"a": true}}});
    let d = diff_values(&old, &new);
    let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "replica_config.mounter.worker_num",
            "replica_config.sync_point_interval",
            "replica_config.filter.rules",
            "replica_config.gone",
            "replica_config.added.a"
        ]
    );
    assert_eq!(d[0].old.as_deref(), Some("16"));
    assert_eq!(d[0].new.as_deref(), Some("8"));
    assert_eq!(d[1].new.as_deref(), Some("60000000000 (1m)"));
    assert_eq!(d[2].new.as_deref(), Some(r#"["*.*","!x.*"]"#));
    assert_eq!(d[3].new, None);
    assert_eq!(d[4].old, None);
    assert!(diff_values(&old, &old).is_empty());
}

fn info() -> ChangeFeedInfo {
    serde_json::from_value(json!({
        "id": "feed-1", "sink_uri": "kafka://u:xxxxx@k:9092/t?protocol=canal-json", "create_time": "",
        "start_ts": 439749918821711874u64, "state": "stopped", "resolved_ts": 1, "checkpoint_ts": 1, "checkpoint_time": "",
        "config": serde_json::from_str::<Value>(DEFAULT_REPLICA_CONFIG_JSON).unwrap()
    }))
    .map(|mut i: ChangeFeedInfo| {
        i.config.as_mut().unwrap().extra.insert("future_key".into(), json!({"x": 1}));
        i
    })
    .unwrap()
}

#[test]
fn update_payload_is_full_and_keeps_the_sink() {
    let info = info();
    let masked = info.sink_uri.clone().unwrap();
    let mut body = edit_initial(&info);
    assert!(body.get("start_ts").is_none());
    set_path(
        &mut body,
        "replica_config.mounter.worker_num",
        Some(json!(4)),
    );
    let cfg = decode_body(&body).unwrap();
    let p = update_payload(&cfg, &masked);
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["sink_uri"], "", "unchanged masked URI is never sent back");
    assert!(v.get("changefeed_id").is_none() && v.get("start_ts").is_none());
    assert_eq!(v["replica_config"]["mounter"]["worker_num"], 4);
    assert_eq!(
        v["replica_config"]["future_key"],
        json!({"x": 1}),
        "unknown keys are sent back"
    );
    // The whole config, not just the change.
    assert_eq!(v["replica_config"]["check_gc_safe_point"], true);
    assert_eq!(v["replica_config"]["sink"]["csv"]["delimiter"], ",");

    assert_eq!(update_sink_uri(Some(""), &masked), "");
    assert_eq!(update_sink_uri(Some(&format!(" {masked} ")), &masked), "");
    assert_eq!(
        update_sink_uri(Some("blackhole://"), &masked),
        "blackhole://"
    );

    // The diff treats an emptied sink field as "keep".
    let mut edited = edit_initial(&info);
    set_path(&mut edited, "sink_uri", Some(json!("")));
    assert!(
        diff_values(
            &edit_initial(&info),
            &effective_update_body(&edited, &masked)
        )
        .is_empty()
    );
}

#[test]
fn clone_and_create_starting_points() {
    let c = clone_initial(&info());
    assert!(c.get("changefeed_id").is_none() && c.get("start_ts").is_none());
    assert!(has_masked_password(c["sink_uri"].as_str().unwrap()));
    let v = create_initial();
    assert_eq!(v["replica_config"]["filter"]["rules"], json!(["*.*"]));
    assert!(v.get("sink_uri").is_none());
    let mut cfg = decode_body(&v).unwrap();
    cfg.changefeed_id = Some("  ".into());
    cfg.sink_uri = Some(" blackhole:// ".into());
    let p = create_payload(&cfg);
    assert_eq!(
        (p.changefeed_id, p.sink_uri.as_deref()),
        (None, Some("blackhole://"))
    );
}

fn fields(errs: &[crate::api::validate::FieldError]) -> Vec<&str> {
    errs.iter().map(|e| e.field.as_str()).collect()
}

fn body(sink: &str) -> ChangefeedConfig {
    let mut v = create_initial();
    set_path(&mut v, "sink_uri", Some(json!(sink)));
    decode_body(&v).unwrap()
}

#[test]
fn validation_mirrors_ticdc() {
    assert!(validate_form(&body("blackhole://"), &FormMode::Create).is_empty());
    let mut c = body("ftp://x");
    c.changefeed_id = Some("bad_id!".into());
    assert_eq!(
        fields(&validate_form(&c, &FormMode::Create)),
        ["changefeed_id", "sink_uri"]
    );
    assert_eq!(
        fields(&validate_form(&body(""), &FormMode::Create)),
        ["sink_uri"]
    );
    // Masked password in a cloned URI.
    assert_eq!(
        fields(&validate_form(
            &body("mysql://root:xxxxx@db:4000/"),
            &FormMode::Create
        )),
        ["sink_uri"]
    );
    // Kafka needs a protocol; the URI's counts.
    assert_eq!(
        fields(&validate_form(&body("kafka://k:9092/t"), &FormMode::Create)),
        ["replica_config.sink.protocol"]
    );
    assert!(
        validate_form(
            &body("kafka://k:9092/t?protocol=canal-json"),
            &FormMode::Create
        )
        .is_empty()
    );
    let mut c = body("kafka://k:9092/t?protocol=avro");
    assert_eq!(
        fields(&validate_form(&c, &FormMode::Create)),
        ["replica_config.sink.schema_registry"]
    );
    c.replica_config
        .as_mut()
        .unwrap()
        .sink
        .as_mut()
        .unwrap()
        .schema_registry = Some("http://r:8081".into());
    assert!(validate_form(&c, &FormMode::Create).is_empty());
    // MySQL with a protocol; storage with avro.
    let mut c = body("mysql://root@db:4000/");
    c.replica_config
        .as_mut()
        .unwrap()
        .sink
        .as_mut()
        .unwrap()
        .protocol = Some("canal-json".into());
    assert_eq!(
        fields(&validate_form(&c, &FormMode::Create)),
        ["replica_config.sink.protocol"]
    );
    assert_eq!(
        fields(&validate_form(
            &body("s3://b/p?protocol=avro"),
            &FormMode::Create
        )),
        ["replica_config.sink.protocol"]
    );
    // Sync point bounds, CSV, durations, redo storage.
    let mut c = body("mysql://root@db:4000/?protocol=");
    let rc = c.replica_config.as_mut().unwrap();
    rc.enable_sync_point = Some(true);
    rc.sync_point_interval = Some(JsonDuration::from_secs(10));
    rc.sync_point_retention = Some(JsonDuration::from_mins(30));
    rc.consistent.as_mut().unwrap().level = Some("eventual".into());
    assert_eq!(
        fields(&validate_form(&c, &FormMode::Create)),
        [
            "replica_config.sync_point_interval",
            "replica_config.sync_point_retention",
            "replica_config.consistent.storage"
        ]
    );
    let mut c = body("s3://b/p?protocol=csv");
    c.replica_config
        .as_mut()
        .unwrap()
        .sink
        .as_mut()
        .unwrap()
        .csv
        .as_mut()
        .unwrap()
        .delimiter = Some("\"".into());
    c.replica_config
        .as_mut()
        .unwrap()
        .sink
        .as_mut()
        .unwrap()
        .kafka_config = Some(KafkaConfig {
        dial_timeout: Some("ten".into()),
        ..Default::default()
    });
    assert_eq!(
        fields(&validate_form(&c, &FormMode::Create)),
        [
            "replica_config.sink.csv.delimiter",
            "replica_config.sink.kafka_config.dial_timeout"
        ]
    );
    // Target before start.
    let mut c = body("blackhole://");
    c.start_ts = Some(BIG_TSO);
    c.target_ts = Some(BIG_TSO - 1);
    assert_eq!(fields(&validate_form(&c, &FormMode::Create)), ["target_ts"]);
}

#[test]
fn update_validation_uses_the_stored_sink_and_start() {
    let info = info();
    let mode = FormMode::Update {
        original_sink: info.sink_uri.clone().unwrap(),
        start_ts: info.start_ts.unwrap(),
    };
    let mut v = edit_initial(&info);
    assert!(
        validate_form(&decode_body(&v).unwrap(), &mode).is_empty(),
        "the masked URI unchanged is fine"
    );
    set_path(&mut v, "sink_uri", Some(json!("")));
    assert!(
        validate_form(&decode_body(&v).unwrap(), &mode).is_empty(),
        "empty keeps the old sink"
    );
    set_path(
        &mut v,
        "sink_uri",
        Some(json!("kafka://u:xxxxx@k2:9092/t?protocol=canal-json")),
    );
    assert_eq!(
        fields(&validate_form(&decode_body(&v).unwrap(), &mode)),
        ["sink_uri"],
        "changed but still masked"
    );
    set_path(&mut v, "sink_uri", Some(json!("")));
    set_path(&mut v, "target_ts", Some(json!(5)));
    let errs = validate_form(&decode_body(&v).unwrap(), &mode);
    assert_eq!(fields(&errs), ["target_ts"]);
    assert!(
        errs[0]
            .message
            .contains("less than start_ts:439749918821711874"),
        "{}",
        errs[0].message
    );
}

#[test]
fn guided_update_steps() {
    let mut g = GuidedUpdate::plan(true);
    assert_eq!(g.next(), Some(Step::Pause));
    g.begin(Step::Pause);
    assert!(g.is_running());
    g.succeed(Step::Pause);
    g.succeed(Step::WaitStopped);
    g.begin(Step::Update);
    g.fail(Step::Update, "CDC:ErrChangefeedUpdateRefused: nope");
    assert_eq!(g.next(), None);
    assert_eq!(g.failed(), Some(Step::Update));
    assert!(
        g.outcome()
            .unwrap()
            .contains("paused (stopped) with its OLD config")
    );
    g.retry();
    assert_eq!(
        g.next(),
        Some(Step::Update),
        "retry continues where it failed"
    );
    g.succeed(Step::Update);
    g.fail(Step::Resume, "x");
    assert!(g.outcome().unwrap().contains("still paused"));
    g.retry();
    g.succeed(Step::Resume);
    assert!(g.is_done() && g.outcome().is_none());

    let mut g = GuidedUpdate::plan(false);
    assert_eq!(g.steps.len(), 1);
    g.fail(Step::Update, "x");
    assert!(g.outcome().unwrap().contains("state is unchanged"));
}

/// TiCDC's "nothing changed" refusal of an update means the config is already in place; any
/// other refusal does not.
#[test]
fn an_update_refused_as_unchanged_is_already_in_place() {
    let refused = |code: &str, message: &str| crate::api::ApiError::Http {
        status: 400,
        code: code.into(),
        message: message.into(),
    };
    assert!(super::update_already_in_place(&refused(
        "CDC:ErrChangefeedUpdateRefused",
        "[CDC:ErrChangefeedUpdateRefused]changefeed update error: changefeed config is the same with the old one, do nothing",
    )));
    assert!(!super::update_already_in_place(&refused(
        "CDC:ErrChangefeedUpdateRefused",
        "[CDC:ErrChangefeedUpdateRefused]changefeed update error: can only update changefeed config when it is stopped or failed",
    )));
    assert!(!super::update_already_in_place(
        &crate::api::ApiError::Timeout { secs: 30 }
    ));
}

/// A step whose answer was lost is not called refused: TiCDC may have carried it out.
#[test]
fn guided_update_lost_answers_are_not_refusals() {
    let mut g = GuidedUpdate::plan(true);
    g.succeed(Step::Pause);
    g.succeed(Step::WaitStopped);
    g.fail_unknown(Step::Update, "TiCDC did not answer within 30 s");
    let o = g.outcome().unwrap();
    assert!(
        o.contains("may or may not have saved") && !o.contains("refused"),
        "{o}"
    );
    g.retry();
    assert!(!g.outcome_unknown, "a retry starts with a known outcome");
    g.succeed(Step::Update);
    g.fail_unknown(Step::Resume, "x");
    assert!(
        g.outcome()
            .unwrap()
            .contains("may be running or still paused")
    );
    g.retry();
    g.fail(Step::Resume, "[CDC:ErrX] no");
    assert!(g.outcome().unwrap().contains("still paused"));
    assert!(!g.outcome().unwrap().contains("lost"));

    let mut g = GuidedUpdate::plan(false);
    g.fail_unknown(Step::Update, "x");
    let o = g.outcome().unwrap();
    assert!(
        o.contains("may or may not have saved") && o.contains("state is unchanged"),
        "{o}"
    );

    let mut g = GuidedUpdate::plan(true);
    g.fail_unknown(Step::Pause, "x");
    assert!(
        g.outcome()
            .unwrap()
            .contains("may be paused or still running")
    );
}

/// Every key the DTOs model has a field (or is a container of fields) in the editor.
#[test]
fn schema_covers_every_modelled_key() {
    let mut covered: Vec<String> = ALL_GROUPS
        .iter()
        .flat_map(|g| g.fields.iter().map(|f| full_path(g.base, f.key)))
        .collect();
    for l in ALL_LISTS {
        covered.push(l.path.to_string());
        covered.extend(l.fields.iter().map(|f| format!("{}.*.{}", l.path, f.key)));
    }
    let structs: &[(&str, &[&str])] = &[
        ("replica_config", ReplicaConfig::KEYS),
        ("replica_config.filter", FilterConfig::KEYS),
        (
            "replica_config.filter.event_filters.*",
            EventFilterRule::KEYS,
        ),
        ("replica_config.mounter", MounterConfig::KEYS),
        ("replica_config.sink", SinkConfig::KEYS),
        ("replica_config.sink.csv", CSVConfig::KEYS),
        ("replica_config.sink.dispatchers.*", DispatchRule::KEYS),
        (
            "replica_config.sink.column_selectors.*",
            ColumnSelector::KEYS,
        ),
        ("replica_config.sink.kafka_config", KafkaConfig::KEYS),
        (
            "replica_config.sink.kafka_config.codec_config",
            CodecConfig::KEYS,
        ),
        (
            "replica_config.sink.kafka_config.large_message_handle",
            LargeMessageHandleConfig::KEYS,
        ),
        (
            "replica_config.sink.kafka_config.glue_schema_registry_config",
            GlueSchemaRegistryConfig::KEYS,
        ),
        ("replica_config.sink.pulsar_config", PulsarConfig::KEYS),
        (
            "replica_config.sink.pulsar_config.oauth2",
            PulsarOAuth2::KEYS,
        ),
        ("replica_config.sink.mysql_config", MySQLConfig::KEYS),
        (
            "replica_config.sink.cloud_storage_config",
            CloudStorageConfig::KEYS,
        ),
        ("replica_config.sink.debezium", DebeziumConfig::KEYS),
        ("replica_config.sink.open", OpenProtocolConfig::KEYS),
        ("replica_config.consistent", ConsistentConfig::KEYS),
        (
            "replica_config.consistent.memory_usage",
            ConsistentMemoryUsage::KEYS,
        ),
        ("replica_config.scheduler", ChangefeedSchedulerConfig::KEYS),
        ("replica_config.integrity", IntegrityConfig::KEYS),
        ("replica_config.synced_status", SyncedStatusConfig::KEYS),
    ];
    let mut missing = Vec::new();
    for (base, keys) in structs {
        for k in *keys {
            let p = format!("{base}.{k}");
            let prefix = format!("{p}.");
            if !covered.iter().any(|c| *c == p || c.starts_with(&prefix)) {
                missing.push(p);
            }
        }
    }
    assert!(missing.is_empty(), "fields without an editor: {missing:?}");
    // And no field points at a key the DTOs do not know (a typo would be sent as an unknown key).
    let known: Vec<String> = structs
        .iter()
        .flat_map(|(b, ks)| ks.iter().map(move |k| format!("{b}.{k}")))
        .collect();
    for c in &covered {
        assert!(
            known.contains(c) || ALL_LISTS.iter().any(|l| l.path == c),
            "unknown field path {c}"
        );
    }
}

#[test]
fn labels_name_fields() {
    assert_eq!(label_for("sink_uri"), "Sink URI");
    assert_eq!(
        label_for("replica_config.sink.csv.delimiter"),
        "CSV › Delimiter"
    );
    assert_eq!(
        label_for("replica_config.sink.dispatchers.1.topic"),
        "Dispatcher 2 › Topic"
    );
    assert_eq!(
        label_for("replica_config.filter.event_filters.0.ignore_event"),
        "Event filter 1 › Ignore events"
    );
    assert_eq!(label_for("x.y"), "x.y");
}

#[test]
fn change_summary_names_paths_not_values() {
    let ch = |p: &str| Change {
        path: p.into(),
        old: Some("\"mysql://u:secret@h\"".into()),
        new: None,
    };
    assert_eq!(change_summary(&[]), "no field changed");
    assert_eq!(
        change_summary(&[ch("sink_uri")]),
        "1 field changed: sink_uri"
    );
    let many: Vec<Change> = (0..7).map(|i| ch(&format!("f{i}"))).collect();
    let s = change_summary(&many);
    assert_eq!(s, "7 fields changed: f0, f1, f2, f3, f4 and 2 more");
    assert!(!s.contains("secret"));
}
