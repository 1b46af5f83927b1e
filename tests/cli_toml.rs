//! `cli_toml`: `cdc cli` config files in and out, checked against the docs' example files
//! (read in place from ../shared/ticdc/fixtures) and by export → import round trips.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use ticdc_console::api::ReplicaConfig;
use ticdc_console::cli_toml::schema::{Json, Key, REPLICA_CONFIG, Ty};
use ticdc_console::cli_toml::{Scope, export, export_json, import, secret_placeholder};

const DOCS: &str = "shared/ticdc/fixtures/docs-changefeed.toml";
const DOCS_V65: &str = "shared/ticdc/fixtures/docs-changefeed-v6.5.toml";

/// A file of the shared facts, read in place: `../shared` beside the repository (a worktree
/// in a subdirectory finds it further up). Missing is a failure, never a skip.
fn read(path: &str) -> String {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let full = repo
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(path))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{path} not found beside {} or above", repo.display()));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every leaf of a JSON value (empty objects count as leaves) as (dotted path, value).
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        other => out.push((path.to_string(), other.clone())),
    }
}

/// The docs' example file lands key by key where TiCDC's converter (`ToAPIReplicaConfig`,
/// api/v2/model.go) puts each setting: imported onto an empty base, the result is exactly
/// these fields, no more.
#[test]
fn docs_fixture_lands_in_the_api_fields() {
    let imported = import(&read(DOCS), &json!({})).expect("the docs example imports");
    let expected: Vec<(&str, Value)> = vec![
        ("case_sensitive", json!(false)),
        (
            "changefeed_error_stuck_duration",
            json!(1_800_000_000_000i64),
        ),
        ("mounter", json!({})),
        ("filter.rules", json!(["*.*", "!test.*"])),
        ("scheduler.enable_table_across_nodes", json!(false)),
        ("sink.delete_only_output_handle_key_columns", json!(false)),
        ("sink.date_separator", json!("day")),
        ("sink.enable_partition_separator", json!(true)),
        ("sink.debezium_disable_schema", json!(false)),
        ("sink.kafka_config.codec_config", json!({})),
        ("sink.open", json!({})),
        ("sink.debezium", json!({})),
        ("consistent.level", json!("none")),
        ("consistent.max_log_size", json!(64)),
        ("consistent.flush_interval", json!(2000)),
        ("consistent.storage", json!("")),
        ("consistent.use_file_backend", json!(false)),
        ("consistent.encoding_worker_num", json!(16)),
        ("consistent.flush_worker_num", json!(8)),
        ("consistent.compression", json!("")),
        ("consistent.flush_concurrency", json!(1)),
        ("integrity.integrity_check_level", json!("none")),
        ("integrity.corruption_handle_level", json!("warn")),
        ("sink.kafka_config.sasl_mechanism", json!("OAUTHBEARER")),
        (
            "sink.kafka_config.sasl_oauth_client_id",
            json!("producer-kafka"),
        ),
        (
            "sink.kafka_config.sasl_oauth_client_secret",
            json!("cHJvZHVjZXIta2Fma2E="),
        ),
        (
            "sink.kafka_config.sasl_oauth_token_url",
            json!("http://127.0.0.1:4444/oauth2/token"),
        ),
        (
            "sink.kafka_config.sasl_oauth_scopes",
            json!(["producer.kafka", "consumer.kafka"]),
        ),
        (
            "sink.kafka_config.sasl_oauth_grant_type",
            json!("client_credentials"),
        ),
        ("sink.kafka_config.sasl_oauth_audience", json!("kafka")),
        (
            "sink.pulsar_config.authentication-token",
            json!("xxxxxxxxxxxxx"),
        ),
        (
            "sink.pulsar_config.token-from-file",
            json!("/data/pulsar/token-file.txt"),
        ),
        ("sink.pulsar_config.basic-user-name", json!("root")),
        ("sink.pulsar_config.basic-password", json!("password")),
        (
            "sink.pulsar_config.auth-tls-certificate-path",
            json!("/data/pulsar/certificate"),
        ),
        (
            "sink.pulsar_config.auth-tls-private-key-path",
            json!("/data/pulsar/certificate.key"),
        ),
        (
            "sink.pulsar_config.tls-trust-certs-file-path",
            json!("/data/pulsar/tls-trust-certs-file"),
        ),
        (
            "sink.pulsar_config.oauth2.oauth2-issuer-url",
            json!("https://xxxx.auth0.com"),
        ),
        (
            "sink.pulsar_config.oauth2.oauth2-audience",
            json!("https://xxxx.auth0.com/api/v2/"),
        ),
        (
            "sink.pulsar_config.oauth2.oauth2-private-key",
            json!("/data/pulsar/privateKey"),
        ),
        (
            "sink.pulsar_config.oauth2.oauth2-client-id",
            json!("0Xx...Yyxeny"),
        ),
        ("sink.pulsar_config.oauth2.oauth2-scope", json!("xxxx")),
        (
            "sink.pulsar_config.pulsar-producer-cache-size",
            json!(10240),
        ),
        ("sink.pulsar_config.compression-type", json!("")),
        ("sink.pulsar_config.connection-timeout", json!(5)),
        ("sink.pulsar_config.operation-timeout", json!(30)),
        ("sink.pulsar_config.batching-max-messages", json!(1000)),
        ("sink.pulsar_config.batching-max-publish-delay", json!(10)),
        ("sink.pulsar_config.send-timeout", json!(30)),
        ("sink.cloud_storage_config.worker_count", json!(16)),
        ("sink.cloud_storage_config.flush_interval", json!("2s")),
        ("sink.cloud_storage_config.file_size", json!(67_108_864)),
        ("sink.cloud_storage_config.file_expiration_days", json!(0)),
        (
            "sink.cloud_storage_config.file_cleanup_cron_spec",
            json!("0 0 2 * * *"),
        ),
        ("sink.cloud_storage_config.flush_concurrency", json!(1)),
        (
            "sink.cloud_storage_config.output_raw_change_event",
            json!(false),
        ),
    ];
    let mut got = Vec::new();
    leaves(&imported.config, "", &mut got);
    for (path, value) in &expected {
        let found = got.iter().find(|(p, _)| p == path);
        assert_eq!(found.map(|(_, v)| v), Some(value), "{path}");
    }
    let extra: Vec<_> = got
        .iter()
        .filter(|(p, _)| !expected.iter().any(|(e, _)| e == p))
        .collect();
    assert!(
        extra.is_empty(),
        "fields the docs file does not set: {extra:?}"
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

/// Onto TiCDC's defaults (a create), the result is a `ReplicaConfig` whose every field is one
/// the console models: no key went to an unknown JSON name.
#[test]
fn docs_fixture_onto_defaults_is_a_modelled_replica_config() {
    let imported = import(&read(DOCS), &defaults()).unwrap();
    let cfg: ReplicaConfig = serde_json::from_value(imported.config.clone()).unwrap();
    let sink = cfg.sink.as_ref().unwrap();
    let kafka = sink.kafka_config.as_ref().unwrap();
    let pulsar = sink.pulsar_config.as_ref().unwrap();
    for (what, extra) in [
        ("replica_config", &cfg.extra),
        ("sink", &sink.extra),
        ("kafka_config", &kafka.extra),
        ("codec_config", &kafka.codec_config.as_ref().unwrap().extra),
        ("pulsar_config", &pulsar.extra),
        ("oauth2", &pulsar.oauth2.as_ref().unwrap().extra),
        (
            "cloud_storage_config",
            &sink.cloud_storage_config.as_ref().unwrap().extra,
        ),
        ("consistent", &cfg.consistent.as_ref().unwrap().extra),
        ("integrity", &cfg.integrity.as_ref().unwrap().extra),
    ] {
        assert!(extra.is_empty(), "{what}: {extra:?}");
    }
    // A default the file does not touch is kept; one it sets is changed.
    assert_eq!(cfg.memory_quota, Some(1_073_741_824));
    assert_eq!(cfg.sink.as_ref().unwrap().encoder_concurrency, Some(32));
    assert_eq!(
        imported.config["filter"]["rules"],
        json!(["*.*", "!test.*"])
    );
}

#[test]
fn v65_docs_fixture_names_enable_old_value() {
    let errors = import(&read(DOCS_V65), &defaults()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].key, "enable-old-value");
    assert_eq!(errors[0].line, 19);
    assert!(
        errors[0]
            .to_string()
            .starts_with("line 19: `enable-old-value`: unknown key"),
        "{}",
        errors[0]
    );
}

#[test]
fn unknown_keys_and_bad_values_name_their_line() {
    let text = "case-sensitive = true\n\n[sink]\nprotocol = \"canal-json\"\nencoder-concurency = 4\n[sink.kafka-config]\nsasl-user = 7\n[filter]\nignore-txn-start-ts = [1, \"2\"]\n";
    let errors = import(text, &defaults()).unwrap_err();
    let got: Vec<_> = errors.iter().map(|e| (e.line, e.key.as_str())).collect();
    assert_eq!(
        got,
        [
            (5, "sink.encoder-concurency"),
            (7, "sink.kafka-config.sasl-user"),
            (9, "filter.ignore-txn-start-ts[1]")
        ]
    );
    assert_eq!(errors[1].message, "expected a string, found an integer");
    // Durations, unsigned integers, booleans.
    for (text, line, fragment) in [
        ("\nsync-point-interval = \"10 minutes\"", 2, "unknown unit"),
        ("memory-quota = -1", 1, "negative"),
        ("[sink]\n\nsafe-mode = \"yes\"", 3, "expected true or false"),
        (
            "[scheduler]\nmin-traffic-percentage = \"x\"",
            2,
            "expected a number",
        ),
        ("sink = 3", 1, "expected a table"),
    ] {
        let e = &import(text, &json!({})).unwrap_err()[0];
        assert_eq!(e.line, line, "{text}");
        assert!(e.message.contains(fragment), "{text}: {}", e.message);
    }
    // A TOML syntax error has its line too.
    let e = &import("[sink]\nprotocol = \"open\n", &json!({})).unwrap_err()[0];
    assert_eq!((e.line, e.key.as_str()), (2, ""));
    assert!(
        e.message.starts_with("not a valid TOML file"),
        "{}",
        e.message
    );
}

/// An update: the file lands on the current config; tables merge key by key, arrays replace.
#[test]
fn update_merges_tables_and_replaces_arrays() {
    let current = json!({
        "filter": {"rules": ["a.*", "b.*"], "ignore_txn_start_ts": [5]},
        "sink": {
            "protocol": "canal-json",
            "kafka_config": {"sasl_user": "alice", "sasl_mechanism": "PLAIN"},
            "dispatchers": [{"matcher": ["a.*"], "partition": "ts"}, {"matcher": ["b.*"], "topic": "t"}],
            "advance_timeout_in_sec": 150
        }
    });
    let text = r#"
[filter]
rules = ["c.*"]
[sink]
advance-timeout-in-sec = 20
[sink.kafka-config]
sasl-mechanism = "SCRAM-SHA-256"
[[sink.dispatchers]]
matcher = ["c.*"]
dispatcher = "table"
"#;
    let got = import(text, &current).unwrap();
    assert_eq!(
        got.config,
        json!({
            "filter": {"rules": ["c.*"], "ignore_txn_start_ts": [5]},
            "sink": {
                "protocol": "canal-json",
                "kafka_config": {"sasl_user": "alice", "sasl_mechanism": "SCRAM-SHA-256"},
                "dispatchers": [{"matcher": ["c.*"], "partition": "table"}],
                "advance_timeout_in_sec": 20
            }
        })
    );
    assert!(
        got.notes
            .iter()
            .any(|n| n.key == "sink.dispatchers[0].dispatcher")
    );
    // On a release's config (or the defaults) the same key is `advance_timeout`.
    let got = import("[sink]\nadvance-timeout-in-sec = 20", &defaults()).unwrap();
    assert_eq!(got.config["sink"]["advance_timeout"], 20);
    assert!(got.config["sink"].get("advance_timeout_in_sec").is_none());
}

#[test]
fn name_exceptions_and_units() {
    let text = r#"
sync-point-interval = "1h30m"
sync-point-retention = 3600000000000
[filter]
ignore-txn-start-ts = [9007199254740993, 449999999999999999]
[sink]
file-index-digit = 20
send-all-bootstrap-at-start = true
dispatchers = [{matcher = ["t.*"], partition = "index-value", target-schema = "s"}]
[sink.mysql-config]
max-multi-update-row = 40
[sink.pulsar-config]
tls-key-file-path = "/tls/cert.pem"
tls-certificate-file = "/tls/key.pem"
[scheduler]
region-per-span = 10
min-traffic-percentage = 1.0
max-traffic-percentage = 2.5
"#;
    let got = import(text, &json!({})).unwrap();
    let c = &got.config;
    assert_eq!(c["sync_point_interval"], json!(5_400_000_000_000i64));
    assert_eq!(c["sync_point_retention"], json!(3_600_000_000_000i64));
    assert_eq!(
        c["filter"]["ignore_txn_start_ts"],
        json!([9_007_199_254_740_993u64, 449_999_999_999_999_999u64])
    );
    assert_eq!(c["sink"]["file_index_width"], 20);
    assert_eq!(c["sink"]["send-all-bootstrap-at-start"], true);
    assert_eq!(c["sink"]["dispatchers"][0]["target-schema"], "s");
    assert_eq!(c["sink"]["mysql_config"]["max_multi_update_row_count"], 40);
    assert_eq!(
        c["sink"]["pulsar_config"]["tls-certificate-path"],
        "/tls/cert.pem"
    );
    assert_eq!(
        c["sink"]["pulsar_config"]["tls-private-key-path"],
        "/tls/key.pem"
    );
    assert_eq!(
        c["scheduler"],
        json!({"min_traffic_percentage": 1, "max_traffic_percentage": 2.5})
    );
    assert_eq!(got.notes.len(), 1);
    assert_eq!(got.notes[0].key, "scheduler.region-per-span");
    // Both spellings in one dispatcher rule: TiCDC refuses it.
    let e = import(
        "[[sink.dispatchers]]\nmatcher = [\"a.*\"]\npartition = \"ts\"\ndispatcher = \"table\"\n",
        &json!({}),
    )
    .unwrap_err();
    assert_eq!(
        (e[0].line, e[0].key.as_str()),
        (4, "sink.dispatchers[0].dispatcher")
    );
}

#[test]
fn export_writes_cdc_cli_names_and_no_secret() {
    let mut config = defaults();
    let patch = json!({
        "sync_point_interval": 300_000_000_000i64,
        "filter": {"ignore_txn_start_ts": [449_999_999_999_999_999u64]},
        "sink": {
            "file_index_width": 20,
            "kafka_config": {"sasl_user": "alice", "sasl_password": "hunter2", "sasl_oauth_client_secret": "c2VjcmV0"},
            "pulsar_config": {"tls-certificate-path": "/c.pem", "basic-password": "pw", "oauth2": {"oauth2-client-id": "id"}},
            "mysql_config": {"max_multi_update_row_count": 3},
            "dispatchers": [{"matcher": ["a.*"], "partition": "ts"}],
            "not_a_cdc_key": 1
        }
    });
    merge(&mut config, &patch);
    let out = export(&config, &defaults(), Scope::Changed);
    let t = &out.text;
    for secret in ["hunter2", "c2VjcmV0", "\"pw\""] {
        assert!(!t.contains(secret), "{secret} written:\n{t}");
    }
    for line in [
        "sync-point-interval = \"5m\"\n",
        "ignore-txn-start-ts = [449999999999999999]\n",
        "file-index-digit = 20\n",
        "sasl-user = \"alice\"\n",
        "# sasl-password = \"\"  # secret left out: fill in the Kafka SASL password",
        "# sasl-oauth-client-secret = \"\"",
        "tls-key-file-path = \"/c.pem\"\n",
        "# basic-password = \"\"",
        "[sink.pulsar-config.oauth2]\noauth2-client-id = \"id\"\n",
        "max-multi-update-row = 3\n",
        "[[sink.dispatchers]]\nmatcher = [\"a.*\"]\npartition = \"ts\"\n",
    ] {
        assert!(t.contains(line), "missing {line:?} in:\n{t}");
    }
    // Defaults are left out.
    assert!(!t.contains("memory-quota"), "{t}");
    assert!(!t.contains("[consistent]"), "{t}");
    assert!(
        out.notes.iter().any(|n| n.key == "sink.not_a_cdc_key"),
        "{:?}",
        out.notes
    );
    assert_eq!(
        out.notes
            .iter()
            .filter(|n| n.message.starts_with("a secret"))
            .count(),
        3
    );
    // Everything: the defaults are written too.
    let all = export(&config, &defaults(), Scope::Everything).text;
    assert!(
        all.contains("memory-quota = 1073741824\n") && all.contains("[consistent]\n"),
        "{all}"
    );
}

#[test]
fn json_export_redacts_and_keeps_only_changes() {
    let mut config = defaults();
    merge(
        &mut config,
        &json!({"memory_quota": 5, "sink": {"kafka_config": {"sasl_password": "hunter2"}}}),
    );
    let (text, notes) = export_json(&config, &defaults(), Scope::Changed);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v,
        json!({"memory_quota": 5, "sink": {"kafka_config": {"sasl_password": secret_placeholder("the Kafka SASL password")}}})
    );
    assert_eq!(notes.len(), 1);
    let (all, _) = export_json(&config, &defaults(), Scope::Everything);
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(all["consistent"], defaults()["consistent"]);
}

/// The config of every fixture goes out and comes back unchanged (secrets aside), both ways.
#[test]
fn fixtures_round_trip() {
    let secrets = [
        "sink.kafka_config.sasl_oauth_client_secret",
        "sink.pulsar_config.authentication-token",
        "sink.pulsar_config.basic-password",
    ];
    let mut inputs = vec![import(&read(DOCS), &defaults()).unwrap().config, defaults()];
    let v65 = read(DOCS_V65).replace("enable-old-value = true", "");
    inputs.push(import(&v65, &defaults()).unwrap().config);
    let new_arch: Value =
        serde_json::from_str(ticdc_console::api::DEFAULT_REPLICA_CONFIG_NEW_ARCH_JSON).unwrap();
    for config in inputs {
        let mut expected = config.clone();
        for s in secrets {
            remove_path(&mut expected, s);
        }
        let changed = export(&config, &defaults(), Scope::Changed);
        let back = import(&changed.text, &defaults())
            .unwrap_or_else(|e| panic!("{e:?}\n{}", changed.text));
        assert_eq!(back.config, expected, "{}", changed.text);
        let all = export(&config, &defaults(), Scope::Everything);
        let back = import(&all.text, &json!({})).unwrap_or_else(|e| panic!("{e:?}\n{}", all.text));
        assert_eq!(back.config, expected, "{}", all.text);
    }
    // The new architecture's defaults use its own JSON names; onto themselves they come back.
    let all = export(&new_arch, &json!({}), Scope::Everything);
    let back = import(&all.text, &new_arch).unwrap();
    assert_eq!(back.config, new_arch, "{}", all.text);
}

fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn remove_path(v: &mut Value, path: &str) {
    let (parent, last) = path.rsplit_once('.').unwrap();
    let mut cur = v;
    for seg in parent.split('.') {
        match cur.get_mut(seg) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Some(m) = cur.as_object_mut() {
        m.shift_remove(last);
    }
}

// ---- property: export → import is the identity ------------------------------------------------

const SECRET_MARK: &str = "SECRET-";

fn value_strategy(key: &Key) -> BoxedStrategy<Value> {
    if key.secret.is_some() {
        return "[a-z0-9]{1,8}"
            .prop_map(|s| Value::String(format!("{SECRET_MARK}{s}")))
            .boxed();
    }
    match key.ty {
        Ty::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::Int => any::<i64>().prop_map(|n| json!(n)).boxed(),
        Ty::UInt => (0..=i64::MAX as u64).prop_map(|n| json!(n)).boxed(),
        Ty::Float => prop_oneof![
            (-1000i64..1000).prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite() && f.fract() != 0.0)
                .prop_map(|f| json!(f)),
        ]
        .boxed(),
        Ty::Str => text().prop_map(Value::String).boxed(),
        Ty::Duration => any::<i64>().prop_map(|n| json!(n)).boxed(),
        Ty::StrList => prop::collection::vec(text().prop_map(Value::String), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        // TSOs: mostly above 2^53, where a float would round them.
        Ty::U64List => prop::collection::vec(
            prop_oneof![(1u64 << 53)..=i64::MAX as u64, 0u64..1000].prop_map(|n| json!(n)),
            0..4,
        )
        .prop_map(Value::Array)
        .boxed(),
        Ty::Table(sub) => table_strategy(sub).boxed(),
        Ty::TableList(sub) => prop::collection::vec(table_strategy(sub), 0..3)
            .prop_map(Value::Array)
            .boxed(),
    }
}

/// Strings: any Unicode, and ASCII with control characters, quotes and backslashes (what a
/// TOML writer must escape) made likely.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x7f]{0,8}",
        "[\"\\\\'\\r\\n\\t]{0,4}"
    ]
    .boxed()
}

fn table_strategy(keys: &'static [Key]) -> BoxedStrategy<Value> {
    let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = keys
        .iter()
        .filter(|k| !matches!(k.json, Json::TomlOnly(_) | Json::AliasOf(_)))
        .map(|k| {
            let name = k.json_names()[0].clone();
            prop::option::weighted(0.3, value_strategy(k).prop_map(move |v| (name.clone(), v)))
                .boxed()
        })
        .collect();
    entries
        .prop_map(|entries| Value::Object(entries.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

/// The config without the secrets an export leaves out (the generator marks them).
fn without_secrets(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !x.as_str().is_some_and(|s| s.starts_with(SECRET_MARK)))
                .map(|(k, x)| (k.clone(), without_secrets(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_secrets).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Everything, onto an empty base: every setting comes back exactly.
    #[test]
    fn everything_round_trips(config in table_strategy(REPLICA_CONFIG)) {
        let out = export(&config, &json!({}), Scope::Everything);
        prop_assert!(!out.text.contains(SECRET_MARK), "a secret was written:\n{}", out.text);
        let back = import(&out.text, &json!({}));
        prop_assert!(back.is_ok(), "{:?}\n{}", back, out.text);
        prop_assert_eq!(back.unwrap().config, without_secrets(&config), "{}", out.text);
    }

    /// Only the changes, onto the defaults they were taken against.
    #[test]
    fn changes_round_trip_onto_defaults(patch in table_strategy(REPLICA_CONFIG)) {
        let mut config = defaults();
        merge(&mut config, &patch);
        let out = export(&config, &defaults(), Scope::Changed);
        prop_assert!(!out.text.contains(SECRET_MARK), "a secret was written:\n{}", out.text);
        let back = import(&out.text, &defaults());
        prop_assert!(back.is_ok(), "{:?}\n{}", back, out.text);
        prop_assert_eq!(back.unwrap().config, without_secrets(&config), "{}", out.text);
    }
}

// ---- the command line ---------------------------------------------------------------------------

use ticdc_console::cli_toml::command::{
    Op, Target, command_line, config_file_name, redact_sink_uri,
};

#[test]
fn sink_uri_secrets_become_placeholders() {
    assert_eq!(
        redact_sink_uri("mysql://root:s3cret@127.0.0.1:3306/?time-zone=UTC"),
        "mysql://root:<password>@127.0.0.1:3306/?time-zone=UTC"
    );
    assert_eq!(
        redact_sink_uri(
            "kafka://k:9092/t?protocol=canal-json&sasl-user=u&sasl-password=p&sasl-oauth-client-secret=c"
        ),
        "kafka://k:9092/t?protocol=canal-json&sasl-user=u&sasl-password=<sasl-password>&sasl-oauth-client-secret=<sasl-oauth-client-secret>"
    );
    // TiCDC's mask is not the password either; a URI without secrets is unchanged.
    assert_eq!(
        redact_sink_uri("mysql://root:xxxxx@db:4000/"),
        "mysql://root:<password>@db:4000/"
    );
    assert_eq!(redact_sink_uri("blackhole://"), "blackhole://");
    assert_eq!(
        redact_sink_uri("s3://b/p?access-key=AK&secret-access-key=SK"),
        "s3://b/p?access-key=<access-key>&secret-access-key=<secret-access-key>"
    );
}

#[test]
fn command_lines() {
    let classic = Target {
        server: "http://127.0.0.1:8300".into(),
        changefeed_id: "orders".into(),
        namespace: Some("default".into()),
        keyspace: None,
    };
    let create = command_line(
        &classic,
        &Op::Create {
            sink_uri: "mysql://root:pw@db:3306/?safe-mode=true&x=1".into(),
            start_ts: Some(449_999_999_999_999_999),
            target_ts: None,
            config_file: Some(config_file_name("orders")),
        },
    );
    assert_eq!(
        create,
        "cdc cli changefeed create \\\n  --server=http://127.0.0.1:8300 \\\n  --namespace=default \\\n  --changefeed-id=orders \\\n  --sink-uri='mysql://root:<password>@db:3306/?safe-mode=true&x=1' \\\n  --start-ts=449999999999999999 \\\n  --config=orders.toml"
    );
    let new_arch = Target {
        keyspace: Some("ks1".into()),
        namespace: None,
        ..classic.clone()
    };
    let update = command_line(
        &new_arch,
        &Op::Update {
            sink_uri: None,
            target_ts: Some(9_007_199_254_740_993),
            config_file: Some("orders.toml".into()),
        },
    );
    assert_eq!(
        update,
        "cdc cli changefeed update \\\n  --server=http://127.0.0.1:8300 \\\n  --keyspace=ks1 \\\n  --changefeed-id=orders \\\n  --target-ts=9007199254740993 \\\n  --config=orders.toml"
    );
    for (op, verb) in [
        (Op::Pause, "pause"),
        (Op::Remove, "remove"),
        (
            Op::Resume {
                overwrite_checkpoint_ts: None,
            },
            "resume",
        ),
    ] {
        assert_eq!(
            command_line(&new_arch, &op),
            format!(
                "cdc cli changefeed {verb} \\\n  --server=http://127.0.0.1:8300 \\\n  --keyspace=ks1 \\\n  --changefeed-id=orders"
            )
        );
    }
    let resume = command_line(
        &classic,
        &Op::Resume {
            overwrite_checkpoint_ts: Some(42),
        },
    );
    assert!(resume.ends_with("--overwrite-checkpoint-ts=42"), "{resume}");
    // No sink yet: a placeholder, not an empty argument.
    let blank = command_line(
        &classic,
        &Op::Create {
            sink_uri: String::new(),
            start_ts: None,
            target_ts: None,
            config_file: None,
        },
    );
    assert!(blank.contains("--sink-uri='<sink-uri>'"), "{blank}");
    // A quote in a value stays one shell word.
    assert!(
        command_line(
            &Target {
                changefeed_id: "it's".into(),
                ..classic
            },
            &Op::Pause
        )
        .contains("--changefeed-id='it'\\''s'")
    );
}

// ---- the editor's body and the detail page ------------------------------------------------------

use ticdc_console::api::{ChangeFeedInfo, Scope as ApiScope};
use ticdc_console::cli_toml::body::{
    Onto, create_command, defaults, defaults_for, export_body, feed_commands, import_into_body,
    info_body, update_command,
};

#[test]
fn import_into_the_create_and_edit_bodies() {
    let typed = json!({
        "changefeed_id": "orders",
        "sink_uri": "kafka://k:9092/t?protocol=canal-json",
        "start_ts": 1,
        "replica_config": {"memory_quota": 5, "sink": {"protocol": "canal-json"}}
    });
    // Create: onto TiCDC's defaults (the form's own edits to the config do not count, as with
    // `cdc cli changefeed create --config`); the id, sink and start stay.
    let created = import_into_body(
        &typed,
        "[sink]\nencoder-concurrency = 4\n",
        Onto::Defaults(&defaults()),
    )
    .unwrap();
    assert_eq!(created.body["changefeed_id"], "orders");
    assert_eq!(created.body["start_ts"], 1);
    assert_eq!(
        created.body["replica_config"]["memory_quota"],
        1_073_741_824u64
    );
    assert_eq!(
        created.body["replica_config"]["sink"]["encoder_concurrency"],
        4
    );
    assert_eq!(
        created.body["replica_config"]["sink"]["csv"]["delimiter"],
        ","
    );
    // Update: onto the config being edited.
    let updated =
        import_into_body(&typed, "[sink]\nencoder-concurrency = 4\n", Onto::Current).unwrap();
    assert_eq!(
        updated.body["replica_config"],
        json!({"memory_quota": 5, "sink": {"protocol": "canal-json", "encoder_concurrency": 4}})
    );
    // A bad file changes nothing: the caller keeps its body.
    let e = import_into_body(&typed, "memory-quota = \"big\"", Onto::Current).unwrap_err();
    assert_eq!((e[0].line, e[0].key.as_str()), (1, "memory-quota"));
}

#[test]
fn body_exports_and_command_lines() {
    let created = import_into_body(
        &json!({"changefeed_id": "orders", "sink_uri": "mysql://u:pw@db:3306/", "start_ts": 449999999999999999u64}),
        &read(DOCS),
        Onto::Defaults(&defaults()),
    )
    .unwrap()
    .body;
    let out = export_body(&created, &defaults(), Scope::Changed);
    let back = import_into_body(&json!({}), &out.text, Onto::Defaults(&defaults())).unwrap();
    let mut expected = created["replica_config"].clone();
    for s in [
        "sink.kafka_config.sasl_oauth_client_secret",
        "sink.pulsar_config.authentication-token",
        "sink.pulsar_config.basic-password",
    ] {
        remove_path(&mut expected, s);
    }
    assert_eq!(back.body["replica_config"], expected);
    assert_eq!(
        create_command(&created, "http://ticdc:8300", &ApiScope::Default),
        "cdc cli changefeed create \\\n  --server=http://ticdc:8300 \\\n  --changefeed-id=orders \\\n  --sink-uri='mysql://u:<password>@db:3306/' \\\n  --start-ts=449999999999999999 \\\n  --config=orders.toml"
    );
    // In the scope in use: the keyspace (or namespace) flag is written.
    let in_keyspace = create_command(
        &created,
        "http://ticdc:8300",
        &ApiScope::Keyspace("tenant-a".into()),
    );
    assert!(in_keyspace.contains("--keyspace=tenant-a"), "{in_keyspace}");
    let in_namespace = create_command(
        &created,
        "http://ticdc:8300",
        &ApiScope::Namespace("staging".into()),
    );
    assert!(
        in_namespace.contains("--namespace=staging"),
        "{in_namespace}"
    );
    let info: ChangeFeedInfo = serde_json::from_value(json!({
        "id": "orders", "namespace": "default", "sink_uri": "mysql://u:xxxxx@db:3306/",
        "create_time": "", "start_ts": 5, "checkpoint_ts": 449999999999999999u64, "checkpoint_time": "",
        "state": "normal", "config": {"memory_quota": 7}
    }))
    .unwrap();
    assert_eq!(
        info_body(&info)["replica_config"],
        json!({"memory_quota": 7})
    );
    // The edit form, sink unchanged: no --sink-uri; changed: the new one, password hidden.
    let mut edited =
        json!({"changefeed_id": "orders", "sink_uri": "mysql://u:xxxxx@db:3306/", "target_ts": 9});
    assert_eq!(
        update_command(&edited, &info, "http://ticdc:8300"),
        "cdc cli changefeed update \\\n  --server=http://ticdc:8300 \\\n  --namespace=default \\\n  --changefeed-id=orders \\\n  --target-ts=9 \\\n  --config=orders.toml"
    );
    edited["sink_uri"] = json!("mysql://u:new@db2:3306/");
    assert!(
        update_command(&edited, &info, "http://ticdc:8300")
            .contains("--sink-uri='mysql://u:<password>@db2:3306/'")
    );
    let cmds = feed_commands(&info, "http://ticdc:8300");
    let verbs: Vec<_> = cmds
        .iter()
        .map(|(_, c)| c.lines().next().unwrap().to_string())
        .collect();
    assert_eq!(
        verbs,
        ["update", "pause", "resume", "remove", "create"]
            .map(|v| format!("cdc cli changefeed {v} \\"))
    );
    assert!(
        cmds[4].1.contains("--start-ts=449999999999999999"),
        "{}",
        cmds[4].1
    );
    assert!(!cmds.iter().any(|(_, c)| c.contains("xxxxx")));
}

/// A create's import lays the file onto the connected release's own defaults (releases differ:
/// v26.3.4's `scheduler.region_threshold` is 10000, classic's 100000), and "only what differs"
/// compares with them, so an export from a v26.3.4 changefeed does not write its defaults.
#[test]
fn import_and_export_use_the_connected_releases_defaults() {
    use ticdc_console::api::release::{Line, Profile};
    let v2634 = Profile::of_line(Line::NewV26_3);
    let theirs = defaults_for(Some(&v2634));
    assert_eq!(theirs["scheduler"]["region_threshold"], 10000);
    assert_eq!(defaults()["scheduler"]["region_threshold"], 100000);
    assert_eq!(defaults_for(None), defaults());
    let created = import_into_body(
        &json!({"changefeed_id": "orders"}),
        "[sink]\nencoder-concurrency = 4\n",
        Onto::Defaults(&theirs),
    )
    .unwrap();
    let rc = &created.body["replica_config"];
    assert_eq!(rc["scheduler"]["region_threshold"], 10000);
    assert_eq!(rc["sink"]["encoder_concurrency"], 4);
    let out = export_body(&created.body, &theirs, Scope::Changed);
    assert!(!out.text.contains("region-threshold"), "{}", out.text);
    assert!(out.text.contains("encoder-concurrency = 4"), "{}", out.text);
    // Against classic's defaults the same config would write v26.3.4's own default out.
    let against_classic = export_body(&created.body, &defaults(), Scope::Changed);
    assert!(
        against_classic.text.contains("region-threshold = 10000"),
        "{}",
        against_classic.text
    );
}

/// A key the connected release does not have is reported and not sent; one it names
/// otherwise is renamed (api::release's capability model).
#[test]
fn import_fits_the_connected_release() {
    use ticdc_console::api::release::{Line, Profile};
    use ticdc_console::cli_toml::body::{file_settings, fit_to_release};
    let text = "[sink]\nadvance-timeout-in-sec = 20\n[sink.csv]\noutput-field-header = true\n";
    // tiflow v8.5.x has no csv.output_field_header.
    let v85 = Profile::of_line(Line::ClassicV8_5);
    let mut imported = import_into_body(&json!({}), text, Onto::Defaults(&defaults())).unwrap();
    fit_to_release(&mut imported, &file_settings(text).unwrap(), &v85);
    let csv = &imported.body["replica_config"]["sink"]["csv"];
    assert!(csv.get("output_field_header").is_none(), "{csv}");
    assert_eq!(csv["delimiter"], ",");
    assert_eq!(
        imported.body["replica_config"]["sink"]["advance_timeout"],
        20
    );
    assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
    assert_eq!(imported.notes[0].key, "sink.csv.output_field_header");
    assert!(imported.notes[0].message.starts_with("not sent"));
    // ticdc master names it advance_timeout_in_sec: renamed and said so.
    let master = Profile::of_line(Line::NewMaster);
    let mut imported = import_into_body(
        &json!({}),
        "[sink]\nadvance-timeout-in-sec = 20\n",
        Onto::Defaults(&defaults()),
    )
    .unwrap();
    fit_to_release(
        &mut imported,
        &file_settings("[sink]\nadvance-timeout-in-sec = 20\n").unwrap(),
        &master,
    );
    assert_eq!(
        imported.body["replica_config"]["sink"]["advance_timeout_in_sec"],
        20
    );
    assert!(
        imported.body["replica_config"]["sink"]
            .get("advance_timeout")
            .is_none()
    );
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.key == "sink.advance_timeout"),
        "{:?}",
        imported.notes
    );
}
