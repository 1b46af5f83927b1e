//! Every key `cdc cli changefeed create/update --config` accepts, with the JSON key of TiCDC's
//! v2 API that the same setting has (the `toml:` tags of pingcap/tiflow and pingcap/ticdc
//! `pkg/config/*.go` and `pkg/integrity`, read against the `json:` tags and the converters
//! `ToAPIReplicaConfig` / `toInternalReplicaConfigWithOriginConfig` of `api/v2/model.go`).
//!
//! The table is the union of classic TiCDC (tiflow) and the new architecture (ticdc): a file
//! `cdc cli` of either accepts decodes here. Which of those keys the connected release really
//! has is a question for the server, not for the file format.

/// A TOML value's type, as `cdc cli`'s decoder (BurntSushi/toml into Go fields) checks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    /// A signed Go integer (`int`, `int64`, `int32`, …).
    Int,
    /// An unsigned Go integer (`uint`, `uint64`): a negative value is an error.
    UInt,
    /// `float64`: an integer is accepted too.
    Float,
    Str,
    /// Go `time.Duration`: a duration string (`"10m"`, `"1h30m"`) or integer nanoseconds in
    /// TOML; integer nanoseconds in the JSON.
    Duration,
    /// `[]string`.
    StrList,
    /// `[]uint64` (TSOs: exact, never through a float).
    U64List,
    /// A sub-table (`[sink.csv]`).
    Table(&'static [Key]),
    /// An array of tables (`[[sink.dispatchers]]`, or an inline array of inline tables).
    TableList(&'static [Key]),
}

/// Where a TOML key's value goes in the API's JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    /// The TOML name with `_` for `-` (the common rule).
    Underscored,
    /// The same name as in TOML (every Pulsar key, `target-schema`, …).
    Same,
    /// A different name. Several names: the releases differ (RELEASES.md §1); the first is the
    /// name released TiCDC uses, the others newer ones. An import keeps the name the config it
    /// lands on already has.
    Named(&'static [&'static str]),
    /// TiCDC's API has no field for it (a TOML-only key): accepted, reported, not sent.
    TomlOnly(&'static str),
    /// The old spelling of another key of the same table (`dispatcher` for `partition`).
    AliasOf(&'static str),
}

/// One key of a TOML table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The `cdc cli` (TOML) name.
    pub toml: &'static str,
    pub ty: Ty,
    pub json: Json,
    /// A secret: never written by an export; the text says what to fill in instead.
    pub secret: Option<&'static str>,
}

impl Key {
    /// The JSON names this key can have, the preferred one first (empty for TOML-only keys).
    pub fn json_names(&self) -> Vec<String> {
        match self.json {
            Json::Underscored => vec![self.toml.replace('-', "_")],
            Json::Same => vec![self.toml.to_string()],
            Json::Named(names) => names.iter().map(|n| n.to_string()).collect(),
            Json::TomlOnly(_) | Json::AliasOf(_) => Vec::new(),
        }
    }
}

const fn k(toml: &'static str, ty: Ty) -> Key {
    Key {
        toml,
        ty,
        json: Json::Underscored,
        secret: None,
    }
}

/// A key whose JSON name is the TOML name (hyphens kept).
const fn same(toml: &'static str, ty: Ty) -> Key {
    Key {
        toml,
        ty,
        json: Json::Same,
        secret: None,
    }
}

const fn named(toml: &'static str, ty: Ty, names: &'static [&'static str]) -> Key {
    Key {
        toml,
        ty,
        json: Json::Named(names),
        secret: None,
    }
}

const fn toml_only(toml: &'static str, ty: Ty, why: &'static str) -> Key {
    Key {
        toml,
        ty,
        json: Json::TomlOnly(why),
        secret: None,
    }
}

const fn secret(key: Key, fill_in: &'static str) -> Key {
    Key {
        secret: Some(fill_in),
        ..key
    }
}

use Ty::*;

/// The top level of the file: TiCDC's `ReplicaConfig`.
pub const REPLICA_CONFIG: &[Key] = &[
    k("memory-quota", UInt),
    k("case-sensitive", Bool),
    k("force-replicate", Bool),
    k("check-gc-safe-point", Bool),
    k("enable-sync-point", Bool),
    k("enable-table-monitor", Bool),
    k("ignore-ineligible-table", Bool),
    k("bdr-mode", Bool),
    k("sync-point-interval", Duration),
    k("sync-point-retention", Duration),
    k("changefeed-error-stuck-duration", Duration),
    k("sql-mode", Str),
    // New architecture only.
    k("performance-mode", Str),
    k("enable-active-active", Bool),
    k("active-active-progress-interval", Duration),
    k("active-active-sync-stats-interval", Duration),
    k("event-collector-batch-count", Int),
    k("event-collector-batch-bytes", Int),
    k("mounter", Table(MOUNTER)),
    k("filter", Table(FILTER)),
    k("scheduler", Table(SCHEDULER)),
    k("sink", Table(SINK)),
    k("consistent", Table(CONSISTENT)),
    k("integrity", Table(INTEGRITY)),
    k("synced-status", Table(SYNCED_STATUS)),
];

const MOUNTER: &[Key] = &[k("worker-num", Int)];

const FILTER: &[Key] = &[
    k("rules", StrList),
    k("ignore-txn-start-ts", U64List),
    k("event-filters", TableList(EVENT_FILTER)),
];

const EVENT_FILTER: &[Key] = &[
    k("matcher", StrList),
    k("ignore-event", StrList),
    k("ignore-sql", StrList),
    k("ignore-insert-value-expr", Str),
    k("ignore-update-new-value-expr", Str),
    k("ignore-update-old-value-expr", Str),
    k("ignore-delete-value-expr", Str),
    // New architecture only.
    k("ignore-update-only-columns", StrList),
];

const SCHEDULER: &[Key] = &[
    k("enable-table-across-nodes", Bool),
    k("region-threshold", Int),
    k("write-key-threshold", Int),
    toml_only(
        "region-per-span",
        Int,
        "classic TiCDC reads it from the file but its API has no field for it",
    ),
    // New architecture only.
    k("region-count-per-span", Int),
    k("region-count-refresh-interval", Duration),
    k("scheduling-task-count-per-node", Int),
    k("enable-splittable-check", Bool),
    k("force-split", Bool),
    k("balance-score-threshold", Int),
    k("min-traffic-percentage", Float),
    k("max-traffic-percentage", Float),
];

const INTEGRITY: &[Key] = &[
    k("integrity-check-level", Str),
    k("corruption-handle-level", Str),
];

const SYNCED_STATUS: &[Key] = &[
    k("synced-check-interval", Int),
    k("checkpoint-interval", Int),
];

const CONSISTENT: &[Key] = &[
    k("level", Str),
    k("max-log-size", Int),
    // Milliseconds in TOML and JSON alike.
    k("flush-interval", Int),
    k("meta-flush-interval", Int),
    k("encoding-worker-num", Int),
    k("flush-worker-num", Int),
    k("storage", Str),
    k("use-file-backend", Bool),
    k("compression", Str),
    k("flush-concurrency", Int),
    k("memory-usage", Table(MEMORY_USAGE)),
    // New architecture only.
    k("event-collector-batch-count", Int),
];

const MEMORY_USAGE: &[Key] = &[k("memory-quota-percentage", UInt)];

const SINK: &[Key] = &[
    k("protocol", Str),
    k("schema-registry", Str),
    k("transaction-atomicity", Str),
    k("encoder-concurrency", Int),
    k("terminator", Str),
    k("date-separator", Str),
    k("enable-partition-separator", Bool),
    named("file-index-digit", Int, &["file_index_width"]),
    k("enable-kafka-sink-v2", Bool),
    k("only-output-updated-columns", Bool),
    k("delete-only-output-handle-key-columns", Bool),
    k("content-compatible", Bool),
    k("safe-mode", Bool),
    named(
        "advance-timeout-in-sec",
        UInt,
        &["advance_timeout", "advance_timeout_in_sec"],
    ),
    k("send-bootstrap-interval-in-sec", Int),
    k("send-bootstrap-in-msg-count", Int),
    k("send-bootstrap-to-all-partition", Bool),
    named(
        "send-all-bootstrap-at-start",
        Bool,
        &["send-all-bootstrap-at-start", "send_all_bootstrap_at_start"],
    ),
    k("debezium-disable-schema", Bool),
    // New architecture: copies of the top-level keys its sink keeps internally.
    toml_only(
        "case-sensitive",
        Bool,
        "the new architecture copies the top-level case-sensitive here itself; its API has no field for it",
    ),
    toml_only(
        "force-replicate",
        Bool,
        "the new architecture copies the top-level force-replicate here itself; its API has no field for it",
    ),
    k("dispatchers", TableList(DISPATCH_RULE)),
    k("column-selectors", TableList(COLUMN_SELECTOR)),
    k("csv", Table(CSV)),
    k("kafka-config", Table(KAFKA)),
    k("pulsar-config", Table(PULSAR)),
    k("mysql-config", Table(MYSQL)),
    k("cloud-storage-config", Table(CLOUD_STORAGE)),
    k("open", Table(OPEN)),
    k("debezium", Table(DEBEZIUM)),
];

const DISPATCH_RULE: &[Key] = &[
    k("matcher", StrList),
    k("partition", Str),
    Key {
        toml: "dispatcher",
        ty: Str,
        json: Json::AliasOf("partition"),
        secret: None,
    },
    k("index", Str),
    k("columns", StrList),
    k("topic", Str),
    same("target-schema", Str),
    same("target-table", Str),
];

const COLUMN_SELECTOR: &[Key] = &[k("matcher", StrList), k("columns", StrList)];

const CSV: &[Key] = &[
    k("delimiter", Str),
    k("quote", Str),
    k("null", Str),
    k("include-commit-ts", Bool),
    k("binary-encoding-method", Str),
    k("output-old-value", Bool),
    k("output-handle-key", Bool),
    k("output-field-header", Bool),
];

const KAFKA: &[Key] = &[
    k("partition-num", Int),
    k("replication-factor", Int),
    k("kafka-version", Str),
    k("max-message-bytes", Int),
    k("compression", Str),
    k("kafka-client-id", Str),
    k("auto-create-topic", Bool),
    // Go duration strings in TOML and JSON alike.
    k("dial-timeout", Str),
    k("write-timeout", Str),
    k("read-timeout", Str),
    k("required-acks", Int),
    k("sasl-user", Str),
    secret(k("sasl-password", Str), "the Kafka SASL password"),
    k("sasl-mechanism", Str),
    k("sasl-gssapi-auth-type", Str),
    k("sasl-gssapi-keytab-path", Str),
    k("sasl-gssapi-kerberos-config-path", Str),
    k("sasl-gssapi-service-name", Str),
    k("sasl-gssapi-user", Str),
    secret(
        k("sasl-gssapi-password", Str),
        "the Kerberos (GSSAPI) password",
    ),
    k("sasl-gssapi-realm", Str),
    k("sasl-gssapi-disable-pafxfast", Bool),
    k("sasl-oauth-client-id", Str),
    secret(
        k("sasl-oauth-client-secret", Str),
        "the OAuth client secret (base64)",
    ),
    k("sasl-oauth-token-url", Str),
    k("sasl-oauth-scopes", StrList),
    k("sasl-oauth-grant-type", Str),
    k("sasl-oauth-audience", Str),
    k("enable-tls", Bool),
    // Paths to TLS files, not the keys themselves.
    k("ca", Str),
    k("cert", Str),
    k("key", Str),
    k("insecure-skip-verify", Bool),
    k("output-raw-change-event", Bool),
    k("codec-config", Table(CODEC)),
    k("large-message-handle", Table(LARGE_MESSAGE)),
    k("glue-schema-registry-config", Table(GLUE)),
];

const CODEC: &[Key] = &[
    k("enable-tidb-extension", Bool),
    k("max-batch-size", Int),
    k("avro-enable-watermark", Bool),
    k("avro-decimal-handling-mode", Str),
    k("avro-bigint-unsigned-handling-mode", Str),
    k("encoding-format", Str),
    // New architecture only.
    k("avro-include-before-value", Bool),
    toml_only(
        "output-row-key",
        Bool,
        "the new architecture reads it from the file but its API has no field for it",
    ),
];

const LARGE_MESSAGE: &[Key] = &[
    k("large-message-handle-option", Str),
    k("large-message-handle-compression", Str),
    k("claim-check-storage-uri", Str),
    k("claim-check-raw-value", Bool),
];

const GLUE: &[Key] = &[
    k("registry-name", Str),
    k("region", Str),
    k("access-key", Str),
    secret(k("secret-access-key", Str), "the AWS secret access key"),
    secret(k("token", Str), "the AWS session token"),
];

const PULSAR: &[Key] = &[
    // TiCDC's JSON names for these two are swapped against its Go fields (API.md §2.3).
    named("tls-key-file-path", Str, &["tls-certificate-path"]),
    named("tls-certificate-file", Str, &["tls-private-key-path"]),
    same("tls-trust-certs-file-path", Str),
    same("pulsar-producer-cache-size", Int),
    same("pulsar-version", Str),
    same("compression-type", Str),
    secret(
        same("authentication-token", Str),
        "the Pulsar authentication token",
    ),
    // Seconds.
    same("connection-timeout", Int),
    same("operation-timeout", Int),
    same("batching-max-messages", UInt),
    // Milliseconds.
    same("batching-max-publish-delay", Int),
    same("send-timeout", Int),
    same("token-from-file", Str),
    same("basic-user-name", Str),
    secret(
        same("basic-password", Str),
        "the Pulsar basic-auth password",
    ),
    same("auth-tls-certificate-path", Str),
    same("auth-tls-private-key-path", Str),
    same("output-raw-change-event", Bool),
    same("oauth2", Table(PULSAR_OAUTH2)),
];

const PULSAR_OAUTH2: &[Key] = &[
    same("oauth2-issuer-url", Str),
    same("oauth2-audience", Str),
    // The path (or URL) of the credentials file, not the key itself.
    same("oauth2-private-key", Str),
    same("oauth2-client-id", Str),
    same("oauth2-scope", Str),
];

const MYSQL: &[Key] = &[
    k("worker-count", Int),
    k("max-txn-row", Int),
    k("max-multi-update-row-size", Int),
    named("max-multi-update-row", Int, &["max_multi_update_row_count"]),
    k("tidb-txn-mode", Str),
    k("ssl-ca", Str),
    k("ssl-cert", Str),
    k("ssl-key", Str),
    k("time-zone", Str),
    k("write-timeout", Str),
    k("read-timeout", Str),
    k("timeout", Str),
    k("enable-batch-dml", Bool),
    k("enable-multi-statement", Bool),
    k("enable-cache-prepared-statement", Bool),
    // New architecture only.
    k("async-ddl-timeout", Str),
];

const CLOUD_STORAGE: &[Key] = &[
    k("worker-count", Int),
    // A Go duration string in TOML and JSON alike.
    k("flush-interval", Str),
    k("file-size", Int),
    k("output-column-id", Bool),
    k("file-expiration-days", Int),
    k("file-cleanup-cron-spec", Str),
    k("flush-concurrency", Int),
    k("output-raw-change-event", Bool),
    // New architecture only.
    k("spool-disk-quota", Int),
    k("spool-base-dir", Str),
    k("use-table-id-as-path", Bool),
];

const OPEN: &[Key] = &[k("output-old-value", Bool)];

const DEBEZIUM: &[Key] = &[
    k("output-old-value", Bool),
    // New architecture only.
    k("include-start-ts", Bool),
];

/// Keys of old `cdc cli` files that today's TiCDC rejects, and what to do instead.
pub const REMOVED: &[(&str, &str)] = &[(
    "enable-old-value",
    "today's TiCDC no longer has this setting (v6.5 docs still show it); delete the line",
)];
