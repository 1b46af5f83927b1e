//! `SinkConfig` and its protocol-specific parts (../shared/ticdc/API.md §2.3, §9.3).
//!
//! Keys are TiCDC's, hyphenated ones included (`send-all-bootstrap-at-start`, every Pulsar key,
//! new-architecture `target-schema`/`target-table`).

wire_struct! {
    /// TiCDC `v2.SinkConfig`.
    pub struct SinkConfig {
        /// MQ/storage protocol (`canal-json`, `open-protocol`, `avro`, `csv`, …); must be unset for MySQL.
        "protocol" => pub protocol: Option<String>,
        "schema_registry" => pub schema_registry: Option<String>,
        "csv" => pub csv: Option<CSVConfig>,
        "dispatchers" => pub dispatchers: Option<Vec<DispatchRule>>,
        "column_selectors" => pub column_selectors: Option<Vec<ColumnSelector>>,
        /// `""`, `none` or `table` (not `table` for MQ sinks).
        "transaction_atomicity" => pub transaction_atomicity: Option<String>,
        "encoder_concurrency" => pub encoder_concurrency: Option<i64>,
        "terminator" => pub terminator: Option<String>,
        /// `none`, `year`, `month` or `day` (storage sinks).
        "date_separator" => pub date_separator: Option<String>,
        "enable_partition_separator" => pub enable_partition_separator: Option<bool>,
        "file_index_width" => pub file_index_width: Option<i64>,
        /// Classic only (deprecated in the new architecture).
        "enable_kafka_sink_v2" => pub enable_kafka_sink_v2: Option<bool>,
        "only_output_updated_columns" => pub only_output_updated_columns: Option<bool>,
        "delete_only_output_handle_key_columns" => pub delete_only_output_handle_key_columns: Option<bool>,
        "content_compatible" => pub content_compatible: Option<bool>,
        "safe_mode" => pub safe_mode: Option<bool>,
        "kafka_config" => pub kafka_config: Option<KafkaConfig>,
        "pulsar_config" => pub pulsar_config: Option<PulsarConfig>,
        "mysql_config" => pub mysql_config: Option<MySQLConfig>,
        "cloud_storage_config" => pub cloud_storage_config: Option<CloudStorageConfig>,
        /// Seconds; classic key (deprecated since v8.1.1).
        "advance_timeout" => pub advance_timeout: Option<u64>,
        /// Seconds; the new architecture's name for `advance_timeout`.
        "advance_timeout_in_sec" => pub advance_timeout_in_sec: Option<u64>,
        "send_bootstrap_interval_in_sec" => pub send_bootstrap_interval_in_sec: Option<i64>,
        "send_bootstrap_in_msg_count" => pub send_bootstrap_in_msg_count: Option<i64>,
        "send_bootstrap_to_all_partition" => pub send_bootstrap_to_all_partition: Option<bool>,
        /// Classic key, hyphenated on the wire.
        "send-all-bootstrap-at-start" => pub send_all_bootstrap_at_start: Option<bool>,
        /// The new architecture's (underscored) key for the same setting.
        "send_all_bootstrap_at_start" => pub send_all_bootstrap_at_start_new_arch: Option<bool>,
        "debezium_disable_schema" => pub debezium_disable_schema: Option<bool>,
        "debezium" => pub debezium: Option<DebeziumConfig>,
        "open" => pub open: Option<OpenProtocolConfig>,
    }
}

wire_struct! {
    /// TiCDC `v2.CSVConfig`.
    pub struct CSVConfig {
        /// 1–3 characters, no CR/LF, no character shared with `quote`.
        "delimiter" => pub delimiter: Option<String>,
        /// 0–1 character.
        "quote" => pub quote: Option<String>,
        "null" => pub null: Option<String>,
        "include_commit_ts" => pub include_commit_ts: Option<bool>,
        /// `base64` or `hex`.
        "binary_encoding_method" => pub binary_encoding_method: Option<String>,
        "output_old_value" => pub output_old_value: Option<bool>,
        "output_handle_key" => pub output_handle_key: Option<bool>,
        "output_field_header" => pub output_field_header: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.DispatchRule`.
    pub struct DispatchRule {
        "matcher" => pub matcher: Option<Vec<String>>,
        "partition" => pub partition: Option<String>,
        "index" => pub index: Option<String>,
        "columns" => pub columns: Option<Vec<String>>,
        "topic" => pub topic: Option<String>,
        /// New architecture only; supports `{schema}`/`{table}` placeholders.
        "target-schema" => pub target_schema: Option<String>,
        /// New architecture only; supports `{schema}`/`{table}` placeholders.
        "target-table" => pub target_table: Option<String>,
    }
}

wire_struct! {
    /// TiCDC `v2.ColumnSelector`.
    pub struct ColumnSelector {
        "matcher" => pub matcher: Option<Vec<String>>,
        "columns" => pub columns: Option<Vec<String>>,
    }
}

wire_struct! {
    /// TiCDC `v2.KafkaConfig`.
    pub struct KafkaConfig {
        "partition_num" => pub partition_num: Option<i64>,
        "replication_factor" => pub replication_factor: Option<i64>,
        "kafka_version" => pub kafka_version: Option<String>,
        "max_message_bytes" => pub max_message_bytes: Option<i64>,
        "compression" => pub compression: Option<String>,
        "kafka_client_id" => pub kafka_client_id: Option<String>,
        "auto_create_topic" => pub auto_create_topic: Option<bool>,
        /// Go duration string.
        "dial_timeout" => pub dial_timeout: Option<String>,
        /// Go duration string.
        "write_timeout" => pub write_timeout: Option<String>,
        /// Go duration string.
        "read_timeout" => pub read_timeout: Option<String>,
        "required_acks" => pub required_acks: Option<i64>,
        "sasl_user" => pub sasl_user: Option<String>,
        "sasl_password" => pub sasl_password: Option<String>,
        "sasl_mechanism" => pub sasl_mechanism: Option<String>,
        "sasl_gssapi_auth_type" => pub sasl_gssapi_auth_type: Option<String>,
        "sasl_gssapi_keytab_path" => pub sasl_gssapi_keytab_path: Option<String>,
        "sasl_gssapi_kerberos_config_path" => pub sasl_gssapi_kerberos_config_path: Option<String>,
        "sasl_gssapi_service_name" => pub sasl_gssapi_service_name: Option<String>,
        "sasl_gssapi_user" => pub sasl_gssapi_user: Option<String>,
        "sasl_gssapi_password" => pub sasl_gssapi_password: Option<String>,
        "sasl_gssapi_realm" => pub sasl_gssapi_realm: Option<String>,
        "sasl_gssapi_disable_pafxfast" => pub sasl_gssapi_disable_pafxfast: Option<bool>,
        "sasl_oauth_client_id" => pub sasl_oauth_client_id: Option<String>,
        "sasl_oauth_client_secret" => pub sasl_oauth_client_secret: Option<String>,
        "sasl_oauth_token_url" => pub sasl_oauth_token_url: Option<String>,
        "sasl_oauth_scopes" => pub sasl_oauth_scopes: Option<Vec<String>>,
        "sasl_oauth_grant_type" => pub sasl_oauth_grant_type: Option<String>,
        "sasl_oauth_audience" => pub sasl_oauth_audience: Option<String>,
        "enable_tls" => pub enable_tls: Option<bool>,
        "ca" => pub ca: Option<String>,
        "cert" => pub cert: Option<String>,
        "key" => pub key: Option<String>,
        "insecure_skip_verify" => pub insecure_skip_verify: Option<bool>,
        "codec_config" => pub codec_config: Option<CodecConfig>,
        "large_message_handle" => pub large_message_handle: Option<LargeMessageHandleConfig>,
        "glue_schema_registry_config" => pub glue_schema_registry_config: Option<GlueSchemaRegistryConfig>,
        "output_raw_change_event" => pub output_raw_change_event: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.CodecConfig`.
    pub struct CodecConfig {
        "enable_tidb_extension" => pub enable_tidb_extension: Option<bool>,
        "max_batch_size" => pub max_batch_size: Option<i64>,
        "avro_enable_watermark" => pub avro_enable_watermark: Option<bool>,
        "avro_decimal_handling_mode" => pub avro_decimal_handling_mode: Option<String>,
        "avro_bigint_unsigned_handling_mode" => pub avro_bigint_unsigned_handling_mode: Option<String>,
        "encoding_format" => pub encoding_format: Option<String>,
        /// New architecture only.
        "avro_include_before_value" => pub avro_include_before_value: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.LargeMessageHandleConfig`.
    pub struct LargeMessageHandleConfig {
        "large_message_handle_option" => pub large_message_handle_option: Option<String>,
        "large_message_handle_compression" => pub large_message_handle_compression: Option<String>,
        "claim_check_storage_uri" => pub claim_check_storage_uri: Option<String>,
        "claim_check_raw_value" => pub claim_check_raw_value: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.GlueSchemaRegistryConfig`.
    pub struct GlueSchemaRegistryConfig {
        "registry_name" => pub registry_name: Option<String>,
        "region" => pub region: Option<String>,
        "access_key" => pub access_key: Option<String>,
        "secret_access_key" => pub secret_access_key: Option<String>,
        "token" => pub token: Option<String>,
    }
}

wire_struct! {
    /// TiCDC `v2.PulsarConfig`. The two TLS keys are swapped relative to TiCDC's Go field names;
    /// the Rust names follow the JSON keys.
    pub struct PulsarConfig {
        "tls-certificate-path" => pub tls_certificate_path: Option<String>,
        "tls-private-key-path" => pub tls_private_key_path: Option<String>,
        "tls-trust-certs-file-path" => pub tls_trust_certs_file_path: Option<String>,
        "pulsar-producer-cache-size" => pub pulsar_producer_cache_size: Option<i64>,
        "pulsar-version" => pub pulsar_version: Option<String>,
        "compression-type" => pub compression_type: Option<String>,
        "authentication-token" => pub authentication_token: Option<String>,
        /// Seconds.
        "connection-timeout" => pub connection_timeout: Option<i64>,
        /// Seconds.
        "operation-timeout" => pub operation_timeout: Option<i64>,
        "batching-max-messages" => pub batching_max_messages: Option<u64>,
        /// Milliseconds.
        "batching-max-publish-delay" => pub batching_max_publish_delay: Option<i64>,
        /// Seconds.
        "send-timeout" => pub send_timeout: Option<i64>,
        "token-from-file" => pub token_from_file: Option<String>,
        "basic-user-name" => pub basic_user_name: Option<String>,
        "basic-password" => pub basic_password: Option<String>,
        "auth-tls-certificate-path" => pub auth_tls_certificate_path: Option<String>,
        "auth-tls-private-key-path" => pub auth_tls_private_key_path: Option<String>,
        "oauth2" => pub oauth2: Option<PulsarOAuth2>,
        "output-raw-change-event" => pub output_raw_change_event: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.PulsarOAuth2`.
    pub struct PulsarOAuth2 {
        "oauth2-issuer-url" => pub oauth2_issuer_url: Option<String>,
        "oauth2-audience" => pub oauth2_audience: Option<String>,
        "oauth2-private-key" => pub oauth2_private_key: Option<String>,
        "oauth2-client-id" => pub oauth2_client_id: Option<String>,
        "oauth2-scope" => pub oauth2_scope: Option<String>,
    }
}

wire_struct! {
    /// TiCDC `v2.MySQLConfig`.
    pub struct MySQLConfig {
        "worker_count" => pub worker_count: Option<i64>,
        "max_txn_row" => pub max_txn_row: Option<i64>,
        "max_multi_update_row_size" => pub max_multi_update_row_size: Option<i64>,
        "max_multi_update_row_count" => pub max_multi_update_row_count: Option<i64>,
        "tidb_txn_mode" => pub tidb_txn_mode: Option<String>,
        "ssl_ca" => pub ssl_ca: Option<String>,
        "ssl_cert" => pub ssl_cert: Option<String>,
        "ssl_key" => pub ssl_key: Option<String>,
        "time_zone" => pub time_zone: Option<String>,
        "write_timeout" => pub write_timeout: Option<String>,
        "read_timeout" => pub read_timeout: Option<String>,
        "timeout" => pub timeout: Option<String>,
        "enable_batch_dml" => pub enable_batch_dml: Option<bool>,
        "enable_multi_statement" => pub enable_multi_statement: Option<bool>,
        "enable_cache_prepared_statement" => pub enable_cache_prepared_statement: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.CloudStorageConfig`.
    pub struct CloudStorageConfig {
        "worker_count" => pub worker_count: Option<i64>,
        /// Go duration string.
        "flush_interval" => pub flush_interval: Option<String>,
        "file_size" => pub file_size: Option<i64>,
        "output_column_id" => pub output_column_id: Option<bool>,
        "file_expiration_days" => pub file_expiration_days: Option<i64>,
        "file_cleanup_cron_spec" => pub file_cleanup_cron_spec: Option<String>,
        "flush_concurrency" => pub flush_concurrency: Option<i64>,
        "output_raw_change_event" => pub output_raw_change_event: Option<bool>,
        /// New architecture only.
        "spool_disk_quota" => pub spool_disk_quota: Option<i64>,
        /// New architecture only.
        "spool_base_dir" => pub spool_base_dir: Option<String>,
        /// New architecture only.
        "use_table_id_as_path" => pub use_table_id_as_path: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.DebeziumConfig`.
    pub struct DebeziumConfig {
        "output_old_value" => pub output_old_value: Option<bool>,
        /// New architecture only.
        "include_start_ts" => pub include_start_ts: Option<bool>,
    }
}

wire_struct! {
    /// TiCDC `v2.OpenProtocolConfig`.
    pub struct OpenProtocolConfig {
        "output_old_value" => pub output_old_value: Option<bool>,
    }
}
