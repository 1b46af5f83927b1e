//! Every field of TiCDC's `ReplicaConfig` (../shared/ticdc/API.md §2.3) as data: path, label, kind
//! and hint, grouped as the editor shows them. The editor renders these tables; a native test
//! checks that they cover every key the DTOs model, so a new key cannot be forgotten silently.

/// How a field is edited and how its text maps to JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A checkbox when TiCDC has a default, else a (not set)/true/false select.
    Bool,
    /// i64.
    Int,
    /// u64.
    UInt,
    /// u64 bytes, shown with a human size.
    Bytes,
    /// f64.
    Float,
    /// A string; empty = not sent.
    Text,
    /// A string where empty is a value (`""` is sent).
    TextKeepEmpty,
    /// A string shown with `\r \n \t \\` escapes; empty = not sent.
    Escaped,
    /// A `JSONDuration` (integer ns on the wire) typed as a Go duration, `10m`.
    Duration,
    /// A Go duration kept as a string on the wire (Kafka/MySQL timeouts).
    DurationText,
    /// One of these strings, or not set.
    Choice(&'static [&'static str]),
    /// A string list, one per line; empty = not sent.
    Lines,
    /// Binlog-filter event names: common ones as checkboxes, others one per line.
    Events,
    /// A list of exact u64 TSOs, one per line.
    TsoLines,
}

/// One field, relative to its group's base path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Path below the group's base (`delimiter`, `memory_usage.memory_quota_percentage`).
    pub key: &'static str,
    /// Visible label.
    pub label: &'static str,
    /// Editing kind.
    pub kind: Kind,
    /// Short help (units, allowed values); may be empty.
    pub hint: &'static str,
}

/// A titled set of fields under one base path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    /// Stable id (DOM ids, tests).
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Base path in the body (`replica_config.sink.csv`).
    pub base: &'static str,
    /// A note under the heading; may be empty.
    pub note: &'static str,
    /// The fields.
    pub fields: &'static [Field],
}

/// An editable list of objects (dispatchers, column selectors, event filters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowList {
    /// Path of the array (`replica_config.sink.dispatchers`).
    pub path: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Name of one item ("dispatcher") for the add/remove buttons.
    pub item: &'static str,
    /// A note; may be empty.
    pub note: &'static str,
    /// JSON of a new item.
    pub new_item: &'static str,
    /// The fields of one item, relative to it.
    pub fields: &'static [Field],
}

const fn f(key: &'static str, label: &'static str, kind: Kind, hint: &'static str) -> Field {
    Field {
        key,
        label,
        kind,
        hint,
    }
}

use Kind::*;

/// The message protocols of MQ and storage sinks (`pkg/config/sink_protocol.go`).
pub const PROTOCOLS: &[&str] = &[
    "canal-json",
    "open-protocol",
    "avro",
    "maxwell",
    "canal",
    "debezium",
    "simple",
    "csv",
];

/// Binlog-filter event names offered as checkboxes for `ignore_event` (TiCDC's event filter
/// docs); any other name can be typed.
pub const EVENT_NAMES: &[&str] = &[
    "all",
    "all dml",
    "all ddl",
    "insert",
    "update",
    "delete",
    "create schema",
    "drop schema",
    "create table",
    "drop table",
    "rename table",
    "truncate table",
    "alter table",
    "add column",
    "drop column",
    "modify column",
    "add index",
    "drop index",
    "create view",
    "drop view",
    "add table partition",
    "drop table partition",
    "truncate table partition",
];

/// Basics shown under the id, sink and positions (the id, sink URI, start and target are
/// special widgets).
pub const BASICS: Group = Group {
    id: "basics",
    title: "Basics",
    base: "replica_config",
    note: "",
    fields: &[
        f(
            "case_sensitive",
            "Case-sensitive table filter",
            Bool,
            "Whether filter rules match schema and table names case-sensitively.",
        ),
        f(
            "force_replicate",
            "Force replicate",
            Bool,
            "Also replicate tables without a primary key or not-null unique key.",
        ),
        f(
            "ignore_ineligible_table",
            "Ignore ineligible tables",
            Bool,
            "Skip tables that cannot be replicated instead of refusing the changefeed.",
        ),
        f(
            "check_gc_safe_point",
            "Check GC safe point",
            Bool,
            "Refuse a start TSO older than the GC safe point.",
        ),
        f(
            "memory_quota",
            "Memory quota",
            Bytes,
            "Bytes per changefeed per capture.",
        ),
        f(
            "bdr_mode",
            "BDR mode",
            Bool,
            "Bidirectional replication; MySQL/TiDB sinks only.",
        ),
        f(
            "enable_table_monitor",
            "Table monitor",
            Bool,
            "Report per-table replication metrics.",
        ),
        f(
            "enable_sync_point",
            "Enable sync point",
            Bool,
            "Write consistent snapshots to the downstream; MySQL/TiDB sinks only.",
        ),
        f(
            "sync_point_interval",
            "Sync point interval",
            Duration,
            "Go duration, at least 30s, e.g. 10m.",
        ),
        f(
            "sync_point_retention",
            "Sync point retention",
            Duration,
            "Go duration, at least 1h, e.g. 24h.",
        ),
        f(
            "changefeed_error_stuck_duration",
            "Error stuck duration",
            Duration,
            "How long a retrying changefeed may be stuck before it fails; at least 30m.",
        ),
        f(
            "sql_mode",
            "SQL mode",
            Text,
            "Deprecated since v8.0; leave empty.",
        ),
    ],
};

/// Keys only the new architecture (pingcap/ticdc) reads; collapsed by default.
pub const NEW_ARCH: Group = Group {
    id: "new-arch",
    title: "New architecture only",
    base: "replica_config",
    note: "Read only by the new TiCDC architecture (pingcap/ticdc); classic TiCDC ignores them.",
    fields: &[
        f(
            "performance_mode",
            "Performance mode",
            Choice(&["throughput", "low-latency"]),
            "",
        ),
        f("enable_active_active", "Active-active", Bool, ""),
        f(
            "active_active_progress_interval",
            "Active-active progress interval",
            Duration,
            "Go duration.",
        ),
        f(
            "active_active_sync_stats_interval",
            "Active-active sync stats interval",
            Duration,
            "Go duration.",
        ),
        f(
            "event_collector_batch_count",
            "Event collector batch count",
            Int,
            "",
        ),
        f(
            "event_collector_batch_bytes",
            "Event collector batch bytes",
            Int,
            "Bytes.",
        ),
    ],
};

/// Table filter.
pub const FILTER: Group = Group {
    id: "filter",
    title: "Filter",
    base: "replica_config.filter",
    note: "",
    fields: &[
        f(
            "rules",
            "Table filter rules",
            Lines,
            "One rule per line, e.g. *.* or !mysql.* or db.tbl_*.",
        ),
        f(
            "ignore_txn_start_ts",
            "Ignore transactions (start TSOs)",
            TsoLines,
            "One exact TSO per line; those transactions are skipped.",
        ),
    ],
};

/// Event filter rules.
pub const EVENT_FILTERS: RowList = RowList {
    path: "replica_config.filter.event_filters",
    title: "Event filters",
    item: "event filter",
    note: "Each rule drops matching events of the tables its matcher selects.",
    new_item: r#"{"matcher":["*.*"],"ignore_event":[],"ignore_sql":[]}"#,
    fields: &[
        f(
            "matcher",
            "Matcher",
            Lines,
            "Table filter rules, one per line.",
        ),
        f("ignore_event", "Ignore events", Events, ""),
        f(
            "ignore_sql",
            "Ignore SQL",
            Lines,
            "Regular expressions over DDL text, one per line.",
        ),
        f(
            "ignore_insert_value_expr",
            "Ignore inserts where",
            Text,
            "SQL expression, e.g. id >= 100.",
        ),
        f(
            "ignore_update_new_value_expr",
            "Ignore updates where new value",
            Text,
            "SQL expression.",
        ),
        f(
            "ignore_update_old_value_expr",
            "Ignore updates where old value",
            Text,
            "SQL expression.",
        ),
        f(
            "ignore_delete_value_expr",
            "Ignore deletes where",
            Text,
            "SQL expression.",
        ),
        f(
            "ignore_update_only_columns",
            "Ignore updates touching only",
            Lines,
            "New architecture only; column names.",
        ),
    ],
};

/// Mounter.
pub const MOUNTER: Group = Group {
    id: "mounter",
    title: "Mounter",
    base: "replica_config.mounter",
    note: "",
    fields: &[f(
        "worker_num",
        "Worker number",
        Int,
        "Threads decoding KV changes into rows.",
    )],
};

/// General sink settings.
pub const SINK: Group = Group {
    id: "sink",
    title: "Sink",
    base: "replica_config.sink",
    note: "",
    fields: &[
        f(
            "protocol",
            "Protocol",
            Choice(PROTOCOLS),
            "Message format of Kafka, Pulsar and storage sinks; must be empty for MySQL/TiDB.",
        ),
        f(
            "schema_registry",
            "Schema registry",
            Text,
            "URL of the schema registry (avro).",
        ),
        f(
            "transaction_atomicity",
            "Transaction atomicity",
            Choice(&["none", "table"]),
            "table is not supported by Kafka/Pulsar sinks.",
        ),
        f("encoder_concurrency", "Encoder concurrency", Int, ""),
        f(
            "terminator",
            "Terminator",
            Escaped,
            "Row terminator of storage files; escapes \\r \\n \\t.",
        ),
        f(
            "date_separator",
            "Date separator",
            Choice(&["none", "year", "month", "day"]),
            "Storage sinks: directory per period.",
        ),
        f(
            "enable_partition_separator",
            "Partition separator",
            Bool,
            "Storage sinks: a directory per partition.",
        ),
        f(
            "file_index_width",
            "File index width",
            Int,
            "Storage sinks; TiCDC adjusts it into 6–20.",
        ),
        f(
            "enable_kafka_sink_v2",
            "Kafka sink v2",
            Bool,
            "Classic TiCDC only.",
        ),
        f(
            "only_output_updated_columns",
            "Only output updated columns",
            Bool,
            "",
        ),
        f(
            "delete_only_output_handle_key_columns",
            "Deletes: only handle-key columns",
            Bool,
            "",
        ),
        f(
            "content_compatible",
            "Content compatible",
            Bool,
            "Canal-JSON compatible with Canal's output.",
        ),
        f(
            "safe_mode",
            "Safe mode",
            Bool,
            "MySQL sinks: write INSERT as REPLACE, UPDATE as DELETE+REPLACE.",
        ),
        f("advance_timeout", "Advance timeout", UInt, "Seconds."),
        f(
            "advance_timeout_in_sec",
            "Advance timeout",
            UInt,
            "Seconds.",
        ),
        f(
            "send_bootstrap_interval_in_sec",
            "Bootstrap interval",
            Int,
            "Seconds (simple protocol).",
        ),
        f(
            "send_bootstrap_in_msg_count",
            "Bootstrap every N messages",
            Int,
            "Simple protocol.",
        ),
        f(
            "send_bootstrap_to_all_partition",
            "Bootstrap to all partitions",
            Bool,
            "Simple protocol.",
        ),
        f(
            "send-all-bootstrap-at-start",
            "Send all bootstrap at start",
            Bool,
            "Simple protocol.",
        ),
        f(
            "send_all_bootstrap_at_start",
            "Send all bootstrap at start",
            Bool,
            "Simple protocol.",
        ),
        f(
            "debezium_disable_schema",
            "Debezium: disable schema",
            Bool,
            "",
        ),
        f(
            "debezium.output_old_value",
            "Debezium: output old value",
            Bool,
            "",
        ),
        f(
            "debezium.include_start_ts",
            "Debezium: include start TS",
            Bool,
            "New architecture only.",
        ),
        f(
            "open.output_old_value",
            "Open protocol: output old value",
            Bool,
            "",
        ),
    ],
};

/// Dispatchers.
pub const DISPATCHERS: RowList = RowList {
    path: "replica_config.sink.dispatchers",
    title: "Dispatchers",
    item: "dispatcher",
    note: "MQ sinks: which topic and partition each table's events go to.",
    new_item: r#"{"matcher":["*.*"],"partition":"default"}"#,
    fields: &[
        f(
            "matcher",
            "Matcher",
            Lines,
            "Table filter rules, one per line.",
        ),
        f(
            "partition",
            "Partition",
            Choice(&["default", "ts", "index-value", "table", "columns"]),
            "",
        ),
        f(
            "index",
            "Index",
            Text,
            "Index name (partition index-value).",
        ),
        f(
            "columns",
            "Columns",
            Lines,
            "Column names (partition columns), one per line.",
        ),
        f(
            "topic",
            "Topic",
            Text,
            "Topic expression, e.g. {schema}_{table}.",
        ),
        f(
            "target-schema",
            "Target schema",
            Text,
            "New architecture only.",
        ),
        f(
            "target-table",
            "Target table",
            Text,
            "New architecture only.",
        ),
    ],
};

/// Column selectors.
pub const COLUMN_SELECTORS: RowList = RowList {
    path: "replica_config.sink.column_selectors",
    title: "Column selectors",
    item: "column selector",
    note: "MQ sinks: which columns of the matched tables are sent.",
    new_item: r#"{"matcher":["*.*"],"columns":["*"]}"#,
    fields: &[
        f(
            "matcher",
            "Matcher",
            Lines,
            "Table filter rules, one per line.",
        ),
        f(
            "columns",
            "Columns",
            Lines,
            "Column filter rules, one per line (e.g. * or !secret).",
        ),
    ],
};

/// CSV protocol settings.
pub const CSV: Group = Group {
    id: "csv",
    title: "CSV",
    base: "replica_config.sink.csv",
    note: "Used by storage sinks with protocol csv.",
    fields: &[
        f(
            "delimiter",
            "Delimiter",
            Escaped,
            "1–3 characters, no line breaks, none shared with the quote; \\t for tab.",
        ),
        f(
            "quote",
            "Quote",
            TextKeepEmpty,
            "At most one character; empty = no quoting.",
        ),
        f("null", "NULL as", TextKeepEmpty, "How NULL is written."),
        f("include_commit_ts", "Include commit TS", Bool, ""),
        f(
            "binary_encoding_method",
            "Binary encoding",
            Choice(&["base64", "hex"]),
            "",
        ),
        f("output_old_value", "Output old value", Bool, ""),
        f("output_handle_key", "Output handle key", Bool, ""),
        f("output_field_header", "Output field header", Bool, ""),
    ],
};

/// Kafka sink settings (all optional).
pub const KAFKA: Group = Group {
    id: "kafka",
    title: "Kafka",
    base: "replica_config.sink.kafka_config",
    note: "Overrides of the sink URI's Kafka parameters; empty = not sent.",
    fields: &[
        f("partition_num", "Partitions", Int, ""),
        f("replication_factor", "Replication factor", Int, ""),
        f("kafka_version", "Kafka version", Text, "e.g. 2.4.0"),
        f("max_message_bytes", "Max message bytes", Int, ""),
        f(
            "compression",
            "Compression",
            Choice(&["none", "gzip", "snappy", "lz4", "zstd"]),
            "",
        ),
        f("kafka_client_id", "Client id", Text, ""),
        f("auto_create_topic", "Auto-create topic", Bool, ""),
        f(
            "dial_timeout",
            "Dial timeout",
            DurationText,
            "Go duration, e.g. 10s.",
        ),
        f(
            "write_timeout",
            "Write timeout",
            DurationText,
            "Go duration.",
        ),
        f("read_timeout", "Read timeout", DurationText, "Go duration."),
        f(
            "required_acks",
            "Required acks",
            Int,
            "-1 all, 0 none, 1 leader.",
        ),
        f("sasl_user", "SASL user", Text, ""),
        f(
            "sasl_password",
            "SASL password",
            Text,
            "Stored and returned in clear by TiCDC.",
        ),
        f(
            "sasl_mechanism",
            "SASL mechanism",
            Choice(&[
                "PLAIN",
                "SCRAM-SHA-256",
                "SCRAM-SHA-512",
                "GSSAPI",
                "OAUTHBEARER",
            ]),
            "",
        ),
        f(
            "sasl_gssapi_auth_type",
            "GSSAPI auth type",
            Choice(&["user", "keytab"]),
            "",
        ),
        f("sasl_gssapi_keytab_path", "GSSAPI keytab path", Text, ""),
        f(
            "sasl_gssapi_kerberos_config_path",
            "GSSAPI Kerberos config path",
            Text,
            "",
        ),
        f("sasl_gssapi_service_name", "GSSAPI service name", Text, ""),
        f("sasl_gssapi_user", "GSSAPI user", Text, ""),
        f("sasl_gssapi_password", "GSSAPI password", Text, ""),
        f("sasl_gssapi_realm", "GSSAPI realm", Text, ""),
        f(
            "sasl_gssapi_disable_pafxfast",
            "GSSAPI disable PA-FX-FAST",
            Bool,
            "",
        ),
        f("sasl_oauth_client_id", "OAuth client id", Text, ""),
        f("sasl_oauth_client_secret", "OAuth client secret", Text, ""),
        f("sasl_oauth_token_url", "OAuth token URL", Text, ""),
        f("sasl_oauth_scopes", "OAuth scopes", Lines, "One per line."),
        f("sasl_oauth_grant_type", "OAuth grant type", Text, ""),
        f("sasl_oauth_audience", "OAuth audience", Text, ""),
        f("enable_tls", "Enable TLS", Bool, ""),
        f("ca", "CA path", Text, ""),
        f("cert", "Certificate path", Text, ""),
        f("key", "Key path", Text, ""),
        f(
            "insecure_skip_verify",
            "Skip TLS verification",
            Bool,
            "Insecure.",
        ),
        f(
            "output_raw_change_event",
            "Output raw change event",
            Bool,
            "",
        ),
        f(
            "codec_config.enable_tidb_extension",
            "Codec: TiDB extension",
            Bool,
            "",
        ),
        f(
            "codec_config.max_batch_size",
            "Codec: max batch size",
            Int,
            "",
        ),
        f(
            "codec_config.avro_enable_watermark",
            "Codec: avro watermark",
            Bool,
            "",
        ),
        f(
            "codec_config.avro_decimal_handling_mode",
            "Codec: avro decimal mode",
            Choice(&["precise", "string"]),
            "",
        ),
        f(
            "codec_config.avro_bigint_unsigned_handling_mode",
            "Codec: avro unsigned bigint mode",
            Choice(&["long", "string"]),
            "",
        ),
        f(
            "codec_config.encoding_format",
            "Codec: encoding format",
            Choice(&["json", "avro"]),
            "Simple protocol.",
        ),
        f(
            "codec_config.avro_include_before_value",
            "Codec: avro include before value",
            Bool,
            "New architecture only.",
        ),
        f(
            "large_message_handle.large_message_handle_option",
            "Large messages",
            Choice(&["none", "handle-key-only", "claim-check"]),
            "",
        ),
        f(
            "large_message_handle.large_message_handle_compression",
            "Large message compression",
            Choice(&["none", "snappy", "lz4"]),
            "",
        ),
        f(
            "large_message_handle.claim_check_storage_uri",
            "Claim-check storage URI",
            Text,
            "e.g. s3://bucket/claim-check",
        ),
        f(
            "large_message_handle.claim_check_raw_value",
            "Claim-check raw value",
            Bool,
            "",
        ),
        f(
            "glue_schema_registry_config.registry_name",
            "Glue registry name",
            Text,
            "",
        ),
        f(
            "glue_schema_registry_config.region",
            "Glue region",
            Text,
            "",
        ),
        f(
            "glue_schema_registry_config.access_key",
            "Glue access key",
            Text,
            "",
        ),
        f(
            "glue_schema_registry_config.secret_access_key",
            "Glue secret access key",
            Text,
            "",
        ),
        f("glue_schema_registry_config.token", "Glue token", Text, ""),
    ],
};

/// Pulsar sink settings (hyphenated keys).
pub const PULSAR: Group = Group {
    id: "pulsar",
    title: "Pulsar",
    base: "replica_config.sink.pulsar_config",
    note: "TiCDC's JSON keys are hyphenated here.",
    fields: &[
        f(
            "tls-certificate-path",
            "TLS certificate path",
            Text,
            "TiCDC maps this key to the key file (upstream quirk).",
        ),
        f(
            "tls-private-key-path",
            "TLS private key path",
            Text,
            "TiCDC maps this key to the certificate file (upstream quirk).",
        ),
        f(
            "tls-trust-certs-file-path",
            "TLS trusted certs file",
            Text,
            "",
        ),
        f("pulsar-producer-cache-size", "Producer cache size", Int, ""),
        f("pulsar-version", "Pulsar version", Text, ""),
        f(
            "compression-type",
            "Compression",
            Choice(&["lz4", "zlib", "zstd"]),
            "",
        ),
        f("authentication-token", "Authentication token", Text, ""),
        f("connection-timeout", "Connection timeout", Int, "Seconds."),
        f("operation-timeout", "Operation timeout", Int, "Seconds."),
        f("batching-max-messages", "Batching max messages", UInt, ""),
        f(
            "batching-max-publish-delay",
            "Batching max publish delay",
            Int,
            "Milliseconds.",
        ),
        f("send-timeout", "Send timeout", Int, "Seconds."),
        f("token-from-file", "Token file", Text, ""),
        f("basic-user-name", "Basic auth user", Text, ""),
        f("basic-password", "Basic auth password", Text, ""),
        f(
            "auth-tls-certificate-path",
            "Auth TLS certificate path",
            Text,
            "",
        ),
        f(
            "auth-tls-private-key-path",
            "Auth TLS private key path",
            Text,
            "",
        ),
        f("oauth2.oauth2-issuer-url", "OAuth2 issuer URL", Text, ""),
        f("oauth2.oauth2-audience", "OAuth2 audience", Text, ""),
        f("oauth2.oauth2-private-key", "OAuth2 private key", Text, ""),
        f("oauth2.oauth2-client-id", "OAuth2 client id", Text, ""),
        f("oauth2.oauth2-scope", "OAuth2 scope", Text, ""),
        f(
            "output-raw-change-event",
            "Output raw change event",
            Bool,
            "",
        ),
    ],
};

/// MySQL/TiDB sink settings.
pub const MYSQL: Group = Group {
    id: "mysql",
    title: "MySQL / TiDB",
    base: "replica_config.sink.mysql_config",
    note: "Overrides of the sink URI's MySQL parameters; empty = not sent.",
    fields: &[
        f("worker_count", "Worker count", Int, ""),
        f("max_txn_row", "Max transaction rows", Int, ""),
        f(
            "max_multi_update_row_size",
            "Max multi-update row size",
            Int,
            "Bytes.",
        ),
        f(
            "max_multi_update_row_count",
            "Max multi-update row count",
            Int,
            "",
        ),
        f(
            "tidb_txn_mode",
            "TiDB transaction mode",
            Choice(&["optimistic", "pessimistic"]),
            "",
        ),
        f("ssl_ca", "SSL CA path", Text, ""),
        f("ssl_cert", "SSL certificate path", Text, ""),
        f("ssl_key", "SSL key path", Text, ""),
        f("time_zone", "Time zone", Text, "e.g. UTC or Asia/Shanghai."),
        f(
            "write_timeout",
            "Write timeout",
            DurationText,
            "Go duration, e.g. 2m.",
        ),
        f("read_timeout", "Read timeout", DurationText, "Go duration."),
        f("timeout", "Dial timeout", DurationText, "Go duration."),
        f("enable_batch_dml", "Batch DML", Bool, ""),
        f("enable_multi_statement", "Multi-statement", Bool, ""),
        f(
            "enable_cache_prepared_statement",
            "Cache prepared statements",
            Bool,
            "",
        ),
    ],
};

/// Cloud storage sink settings.
pub const STORAGE: Group = Group {
    id: "storage",
    title: "Cloud storage",
    base: "replica_config.sink.cloud_storage_config",
    note: "Overrides of the sink URI's storage parameters; empty = not sent.",
    fields: &[
        f("worker_count", "Worker count", Int, ""),
        f(
            "flush_interval",
            "Flush interval",
            DurationText,
            "Go duration, e.g. 5s.",
        ),
        f("file_size", "File size", Int, "Bytes."),
        f("output_column_id", "Output column id", Bool, ""),
        f("file_expiration_days", "File expiration", Int, "Days."),
        f(
            "file_cleanup_cron_spec",
            "File cleanup cron",
            Text,
            "e.g. 0 0 2 * * *",
        ),
        f("flush_concurrency", "Flush concurrency", Int, ""),
        f(
            "output_raw_change_event",
            "Output raw change event",
            Bool,
            "",
        ),
        f(
            "spool_disk_quota",
            "Spool disk quota",
            Int,
            "Bytes; new architecture only.",
        ),
        f(
            "spool_base_dir",
            "Spool directory",
            Text,
            "New architecture only.",
        ),
        f(
            "use_table_id_as_path",
            "Table id as path",
            Bool,
            "New architecture only.",
        ),
    ],
};

/// Redo log.
pub const CONSISTENT: Group = Group {
    id: "consistent",
    title: "Consistent (redo log)",
    base: "replica_config.consistent",
    note: "Eventual consistency writes a redo log so the downstream can be restored to a consistent state after a disaster.",
    fields: &[
        f("level", "Level", Choice(&["none", "eventual"]), ""),
        f("max_log_size", "Max log size", Int, "MB."),
        f("flush_interval", "Flush interval", Int, "Milliseconds."),
        f(
            "meta_flush_interval",
            "Meta flush interval",
            Int,
            "Milliseconds.",
        ),
        f("encoding_worker_num", "Encoding workers", Int, ""),
        f("flush_worker_num", "Flush workers", Int, ""),
        f(
            "storage",
            "Storage URI",
            Text,
            "e.g. s3://bucket/redo or file:///data/redo",
        ),
        f(
            "use_file_backend",
            "File backend",
            Bool,
            "Buffer the log in local files.",
        ),
        f(
            "compression",
            "Compression",
            Choice(&["lz4"]),
            "Not set = none.",
        ),
        f("flush_concurrency", "Flush concurrency", Int, ""),
        f(
            "memory_usage.memory_quota_percentage",
            "Memory quota",
            UInt,
            "Percent of the changefeed's memory quota.",
        ),
        f(
            "event_collector_batch_count",
            "Event collector batch count",
            Int,
            "New architecture only.",
        ),
    ],
};

/// Scheduler.
pub const SCHEDULER: Group = Group {
    id: "scheduler",
    title: "Scheduler",
    base: "replica_config.scheduler",
    note: "",
    fields: &[
        f(
            "enable_table_across_nodes",
            "Split tables across nodes",
            Bool,
            "Kafka and blackhole sinks only (TiCDC forces it off otherwise).",
        ),
        f(
            "region_threshold",
            "Region threshold",
            Int,
            "Split tables with more regions than this.",
        ),
        f(
            "write_key_threshold",
            "Write key threshold",
            Int,
            "Split tables with more writes per second; 0 = off.",
        ),
        f(
            "region_count_per_span",
            "Regions per span",
            Int,
            "New architecture only.",
        ),
        f(
            "region_count_refresh_interval",
            "Region count refresh interval",
            Duration,
            "New architecture only.",
        ),
        f(
            "scheduling_task_count_per_node",
            "Scheduling tasks per node",
            Int,
            "New architecture only.",
        ),
        f(
            "enable_splittable_check",
            "Splittable check",
            Bool,
            "New architecture only.",
        ),
        f("force_split", "Force split", Bool, "New architecture only."),
        f(
            "balance_score_threshold",
            "Balance score threshold",
            Int,
            "New architecture only.",
        ),
        f(
            "min_traffic_percentage",
            "Min traffic percentage",
            Float,
            "New architecture only.",
        ),
        f(
            "max_traffic_percentage",
            "Max traffic percentage",
            Float,
            "New architecture only.",
        ),
    ],
};

/// Integrity check.
pub const INTEGRITY: Group = Group {
    id: "integrity",
    title: "Integrity",
    base: "replica_config.integrity",
    note: "Kafka sinks only (TiCDC forces none otherwise).",
    fields: &[
        f(
            "integrity_check_level",
            "Integrity check",
            Choice(&["none", "correctness"]),
            "",
        ),
        f(
            "corruption_handle_level",
            "On corruption",
            Choice(&["warn", "error"]),
            "",
        ),
    ],
};

/// Synced-status thresholds.
pub const SYNCED: Group = Group {
    id: "synced",
    title: "Synced status",
    base: "replica_config.synced_status",
    note: "Thresholds of the synced check (GET …/synced).",
    fields: &[
        f(
            "synced_check_interval",
            "Synced check interval",
            Int,
            "Seconds without new data before the changefeed counts as synced.",
        ),
        f(
            "checkpoint_interval",
            "Checkpoint interval",
            Int,
            "Seconds of checkpoint lag still counted as synced.",
        ),
    ],
};

/// Every group, for the coverage test and the error counts.
pub const ALL_GROUPS: &[Group] = &[
    BASICS, NEW_ARCH, FILTER, MOUNTER, SINK, CSV, KAFKA, PULSAR, MYSQL, STORAGE, CONSISTENT,
    SCHEDULER, INTEGRITY, SYNCED,
];

/// Every row list.
pub const ALL_LISTS: &[RowList] = &[EVENT_FILTERS, DISPATCHERS, COLUMN_SELECTORS];

/// The full path of a group field.
pub fn full_path(base: &str, key: &str) -> String {
    format!("{base}.{key}")
}
