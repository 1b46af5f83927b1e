//! Property tests: TSOs survive every path exactly; random replica configs with unknown keys at
//! several nesting levels, explicit nulls and removed keys re-encode to the same JSON.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use ticdc_console::api::*;
use ticdc_console::tso;

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
        (-1.0e9f64..1.0e9).prop_map(|f| json!(f)),
        "[a-z0-9 _\\-\\\\\"ü\\r\\n]{0,12}".prop_map(Value::String),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Paths (object keys from the root) of the objects to mutate, all present in the fixtures.
const LEVELS: &[&[&str]] = &[
    &[],
    &["filter"],
    &["mounter"],
    &["sink"],
    &["sink", "csv"],
    &["sink", "debezium"],
    &["consistent"],
    &["consistent", "memory_usage"],
    &["scheduler"],
    &["integrity"],
    &["synced_status"],
];

#[derive(Debug, Clone)]
enum Edit {
    /// Add an unknown key (prefixed so it cannot clash with a modelled one).
    Unknown(usize, String, Value),
    /// Set an existing key to null.
    Null(usize, usize),
    /// Remove an existing key.
    Remove(usize, usize),
    /// Put a random TSO into `filter.ignore_txn_start_ts`.
    IgnoreTs(Vec<u64>),
    /// A random event filter rule with an unknown key.
    EventFilter(Option<Vec<String>>, String, Value),
    /// Random kafka config with a nested unknown key in codec_config.
    Kafka(Option<i64>, String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    let level = 0..LEVELS.len();
    prop_oneof![
        (level.clone(), "[a-z_]{1,10}", any_json()).prop_map(|(l, k, v)| Edit::Unknown(
            l,
            format!("x_{k}"),
            v
        )),
        (level.clone(), 0usize..32).prop_map(|(l, i)| Edit::Null(l, i)),
        (level, 0usize..32).prop_map(|(l, i)| Edit::Remove(l, i)),
        prop::collection::vec(any::<u64>(), 0..4).prop_map(Edit::IgnoreTs),
        (
            prop::option::of(prop::collection::vec("[a-z.*]{1,6}", 0..3)),
            "[a-z]{1,6}",
            any_json()
        )
            .prop_map(|(m, k, v)| Edit::EventFilter(m, format!("x_{k}"), v)),
        (prop::option::of(any::<i64>()), "[a-z]{1,6}", any_json())
            .prop_map(|(p, k, v)| Edit::Kafka(p, format!("x_{k}"), v)),
    ]
}

fn object_at<'a>(root: &'a mut Value, path: &[&str]) -> Option<&'a mut Map<String, Value>> {
    let mut cur = root;
    for key in path {
        cur = cur.as_object_mut()?.get_mut(*key)?;
    }
    cur.as_object_mut()
}

fn apply(root: &mut Value, e: &Edit) {
    match e {
        Edit::Unknown(l, k, v) => {
            if let Some(o) = object_at(root, LEVELS[*l]) {
                o.insert(k.clone(), v.clone());
            }
        }
        Edit::Null(l, i) | Edit::Remove(l, i) => {
            if let Some(o) = object_at(root, LEVELS[*l]) {
                if o.is_empty() {
                    return;
                }
                let key = o.keys().nth(i % o.len()).unwrap().clone();
                if matches!(e, Edit::Null(..)) {
                    o.insert(key, Value::Null);
                } else {
                    o.shift_remove(&key);
                }
            }
        }
        Edit::IgnoreTs(ts) => {
            if let Some(o) = object_at(root, &["filter"]) {
                o.insert("ignore_txn_start_ts".into(), json!(ts));
            }
        }
        Edit::EventFilter(matcher, k, v) => {
            if let Some(o) = object_at(root, &["filter"]) {
                let mut rule = json!({"matcher": matcher, "ignore_event": ["insert"], "ignore_sql": null,
                    "ignore_insert_value_expr": "", "ignore_update_new_value_expr": "a > 1",
                    "ignore_update_old_value_expr": "", "ignore_delete_value_expr": ""});
                rule[k.as_str()] = v.clone();
                o.insert("event_filters".into(), json!([rule]));
            }
        }
        Edit::Kafka(p, k, v) => {
            if let Some(o) = object_at(root, &["sink"]) {
                let mut codec = json!({"enable_tidb_extension": true});
                codec[k.as_str()] = v.clone();
                o.insert(
                    "kafka_config".into(),
                    json!({"partition_num": p, "sasl_password": "s", "codec_config": codec}),
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_replica_configs_round_trip(new_arch in any::<bool>(), edits in prop::collection::vec(edit(), 0..12)) {
        let base = if new_arch { DEFAULT_REPLICA_CONFIG_NEW_ARCH_JSON } else { DEFAULT_REPLICA_CONFIG_JSON };
        let mut original: Value = serde_json::from_str(base).unwrap();
        for e in &edits {
            apply(&mut original, e);
        }
        let text = original.to_string();
        let cfg: ReplicaConfig = decode_json(&RawResponse::json(200, text.clone())).unwrap();
        let encoded = serde_json::to_string(&cfg).unwrap();
        let back: Value = serde_json::from_str(&encoded).unwrap();
        prop_assert_eq!(&back, &original);
        // And once more through the typed value: decode(encode(x)) == x.
        let again: ReplicaConfig = serde_json::from_str(&encoded).unwrap();
        prop_assert_eq!(again, cfg.clone());
        // Inside a ChangeFeedInfo too (the GET → PUT path).
        let info_text = format!(r#"{{"id":"x","create_time":"","resolved_ts":1,"checkpoint_ts":1,"checkpoint_time":"","config":{text}}}"#);
        let info: ChangeFeedInfo = serde_json::from_str(&info_text).unwrap();
        let put = ChangefeedConfig { replica_config: info.config.clone(), ..Default::default() };
        let put_json: Value = serde_json::from_str(&serde_json::to_string(&put).unwrap()).unwrap();
        prop_assert_eq!(&put_json["replica_config"], &original);
    }

    #[test]
    fn tsos_are_exact_everywhere(a in any::<u64>(), b in any::<u64>(), c in any::<u64>()) {
        let text = format!(
            r#"{{"upstream_id":{a},"id":"x","create_time":"","start_ts":{b},"target_ts":{c},"resolved_ts":{a},"checkpoint_ts":{b},
                "checkpoint_time":"","gid":{{"low":{b},"high":{c}}},"config":{{"filter":{{"ignore_txn_start_ts":[{a},{b},{c}]}}}}}}"#
        );
        let info: ChangeFeedInfo = decode_json(&RawResponse::json(200, text.clone())).unwrap();
        prop_assert_eq!(info.upstream_id, Some(a));
        prop_assert_eq!(info.start_ts, Some(b));
        prop_assert_eq!(info.target_ts, Some(c));
        prop_assert_eq!(info.resolved_ts, a);
        prop_assert_eq!(info.checkpoint_ts, b);
        prop_assert_eq!(info.gid.as_ref().map(|g| (g.low, g.high)), Some((b, c)));
        prop_assert_eq!(
            info.config.as_ref().unwrap().filter.as_ref().unwrap().ignore_txn_start_ts.clone(),
            Some(vec![a, b, c])
        );
        let out = serde_json::to_string(&info).unwrap();
        prop_assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
        let again: ChangeFeedInfo = serde_json::from_str(&out).unwrap();
        prop_assert_eq!(&again, &info);

        // Requests: the exact decimal goes out.
        let body = endpoints::resume_changefeed(&Scope::Default, "x", &ResumeChangefeedConfig { overwrite_checkpoint_ts: Some(a), ..Default::default() }).body.unwrap();
        prop_assert_eq!(body, format!(r#"{{"overwrite_checkpoint_ts":{a}}}"#));
        let create = endpoints::create_changefeed(&Scope::Default, &ChangefeedConfig { start_ts: Some(b), target_ts: Some(c), ..Default::default() }).body.unwrap();
        prop_assert_eq!(create, format!(r#"{{"start_ts":{b},"target_ts":{c}}}"#));

        // Text helpers.
        prop_assert_eq!(tso::parse_tso(&tso::format_tso(a)), Ok(a));
        prop_assert_eq!(tso::parse_tso(&format!("  {a}\n")), Ok(a));
        prop_assert_eq!(tso::from_physical_ms(tso::physical_ms(a), tso::logical(a)), a);

        let list_text = format!(r#"{{"total":1,"items":[{{"id":"x","state":"normal","checkpoint_tso":{a},"checkpoint_time":"","error":null}}]}}"#);
        let list: ListResponse<ChangefeedCommonInfo> = decode_json(&RawResponse::json(200, list_text)).unwrap();
        prop_assert_eq!(list.items[0].checkpoint_tso, a);
    }

    #[test]
    fn typed_configs_round_trip(
        quota in prop::option::of(any::<u64>()),
        sp in prop::option::of(any::<i64>()),
        rules in prop::option::of(prop::collection::vec("[a-z*.!]{1,8}", 0..3)),
        proto in prop::option::of("[a-z\\-]{0,10}"),
        delim in prop::option::of("[,;|\\t]{1,3}"),
        ts in prop::option::of(prop::collection::vec(any::<u64>(), 0..3)),
        pct in prop::option::of(-1.0e6f64..1.0e6),
        xk in "[a-z]{1,5}", xv in any_json(),
    ) {
        let mut cfg = ReplicaConfig {
            memory_quota: quota,
            sync_point_interval: sp.map(JsonDuration),
            filter: Some(FilterConfig { rules, ignore_txn_start_ts: ts, ..Default::default() }),
            sink: Some(SinkConfig {
                protocol: proto,
                csv: Some(CSVConfig { delimiter: delim, ..Default::default() }),
                ..Default::default()
            }),
            scheduler: Some(ChangefeedSchedulerConfig { max_traffic_percentage: pct.map(GoFloat), ..Default::default() }),
            ..Default::default()
        };
        cfg.sink.as_mut().unwrap().extra.insert(format!("x_{xk}"), xv);
        let text = serde_json::to_string(&cfg).unwrap();
        let back: ReplicaConfig = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, cfg);
    }
}
