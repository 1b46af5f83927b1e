//! What is sent: the create and update bodies (update: the FULL config, `sink_uri` `""` unless
//! the user really changed the masked URI, ../shared/ticdc/API.md §4.4), and the client-side rules
//! a body must pass first ([`validate_form`]: TiCDC's own rules plus what TiCDC checks later, when
//! it builds the sink).

use serde_json::Value;

use super::paths::{get_path, set_path};
use super::schema::PROTOCOLS;
use crate::api::validate::{
    FieldError, SinkKind, sink_query_param, sink_scheme, validate_changefeed_config,
};
use crate::api::{ChangefeedConfig, parse_go_duration};

/// Whether a sink URI still carries TiCDC's mask (`user:xxxxx@`, `sasl-password=xxxxx`): sent
/// back, it would set the password to "xxxxx".
pub fn has_masked_password(uri: &str) -> bool {
    uri.contains(":xxxxx@") || sink_query_param(uri, "sasl-password") == Some("xxxxx")
}

/// The POST body: the edited config with the id and sink trimmed, and an empty id left out
/// (TiCDC then generates one).
pub fn create_payload(edited: &ChangefeedConfig) -> ChangefeedConfig {
    let mut cfg = edited.clone();
    cfg.changefeed_id = cfg
        .changefeed_id
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    cfg.sink_uri = cfg.sink_uri.map(|s| s.trim().to_string());
    cfg
}

/// The sink URI an update body should carry: `""` (TiCDC keeps the current one) when the field
/// is empty or still the masked URI from GET; otherwise the new URI.
pub fn update_sink_uri(edited: Option<&str>, original_masked: &str) -> String {
    let s = edited.unwrap_or("").trim();
    if s.is_empty() || s == original_masked.trim() {
        String::new()
    } else {
        s.to_string()
    }
}

/// The PUT body: the FULL edited config (TiCDC resets whatever a PUT omits, API.md §4.4), its
/// unknown keys included, `sink_uri` per [`update_sink_uri`], and none of the create-only keys
/// (`changefeed_id`, `namespace`, `start_ts`) that TiCDC ignores on update.
pub fn update_payload(edited: &ChangefeedConfig, original_masked_sink: &str) -> ChangefeedConfig {
    let mut cfg = edited.clone();
    cfg.sink_uri = Some(update_sink_uri(
        edited.sink_uri.as_deref(),
        original_masked_sink,
    ));
    cfg.changefeed_id = None;
    cfg.namespace = None;
    cfg.start_ts = None;
    for key in ["changefeed_id", "namespace", "start_ts"] {
        cfg.extra.shift_remove(key);
    }
    cfg
}

/// The edited body as it compares against the GET one: an empty sink field means "keep".
pub fn effective_update_body(edited: &Value, original_masked_sink: &str) -> Value {
    let mut v = edited.clone();
    let empty = get_path(&v, "sink_uri")
        .and_then(Value::as_str)
        .is_none_or(|s| s.trim().is_empty());
    if empty && !original_masked_sink.is_empty() {
        set_path(
            &mut v,
            "sink_uri",
            Some(Value::String(original_masked_sink.to_string())),
        );
    }
    if get_path(&v, "target_ts").and_then(Value::as_u64) == Some(0) {
        set_path(&mut v, "target_ts", None);
    }
    v
}

/// Which form is being validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// New changefeed (POST).
    Create,
    /// Existing changefeed (PUT).
    Update {
        /// The sink URI as GET returned it (masked).
        original_sink: String,
        /// The changefeed's `start_ts` (a new target must be after it).
        start_ts: u64,
    },
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// TiCDC's rules ([`validate_changefeed_config`]) plus what TiCDC checks later when it builds
/// the sink: a known protocol, a protocol for Kafka, csv/canal-json for storage, a schema
/// registry for Avro, Go duration strings, and no masked password sent back.
pub fn validate_form(cfg: &ChangefeedConfig, mode: &FormMode) -> Vec<FieldError> {
    let mut cfg = cfg.clone();
    let is_create = *mode == FormMode::Create;
    let mut unchanged_update = false;
    if let FormMode::Update {
        original_sink,
        start_ts,
    } = mode
    {
        // An empty field keeps the current sink: validate against that one.
        if update_sink_uri(cfg.sink_uri.as_deref(), original_sink).is_empty() {
            cfg.sink_uri = Some(original_sink.clone());
            unchanged_update = true;
        }
        // TiCDC ignores `start_ts` on update and checks the target against the stored start.
        cfg.start_ts = Some(*start_ts);
    }
    let mut errs = validate_changefeed_config(&cfg, is_create);
    if !is_create {
        for e in errs.iter_mut().filter(|e| e.field == "target_ts") {
            let (t, s) = (cfg.target_ts.unwrap_or(0), cfg.start_ts.unwrap_or(0));
            e.message = format!("can not update target_ts:{t} less than start_ts:{s}");
        }
    }
    let uri = cfg.sink_uri.as_deref().unwrap_or("").trim().to_string();
    if !unchanged_update && has_masked_password(&uri) {
        errs.push(err(
            "sink_uri",
            "the sink URI still contains the masked password \"xxxxx\" that TiCDC returns: re-enter the real password",
        ));
    }

    let kind = sink_scheme(&uri).and_then(|s| SinkKind::from_scheme(&s));
    let Some(rc) = &cfg.replica_config else {
        return errs;
    };
    let sink = rc.sink.clone().unwrap_or_default();
    let cfg_protocol = sink.protocol.as_deref().filter(|p| !p.is_empty());
    let uri_protocol = sink_query_param(&uri, "protocol").filter(|p| !p.is_empty());
    for (field, p) in [
        ("replica_config.sink.protocol", cfg_protocol),
        ("sink_uri", uri_protocol),
    ] {
        if let Some(p) = p.filter(|p| !PROTOCOLS.contains(p)) {
            errs.push(err(
                field,
                format!(
                    "unknown '{p}' message protocol for sink (use one of {})",
                    PROTOCOLS.join(", ")
                ),
            ));
        }
    }
    let protocol = uri_protocol.or(cfg_protocol);
    match (kind, protocol) {
        (Some(SinkKind::Kafka), None) => errs.push(err(
            "replica_config.sink.protocol",
            "a Kafka sink needs a protocol: choose one here or add ?protocol= to the sink URI",
        )),
        (Some(SinkKind::Storage), Some(p)) if !matches!(p, "csv" | "canal-json") => errs.push(err(
            "replica_config.sink.protocol",
            format!("cloud storage sinks support only csv and canal-json, not {p}"),
        )),
        (Some(SinkKind::Storage), None) => errs.push(err(
            "replica_config.sink.protocol",
            "a storage sink needs a protocol: csv or canal-json (here or ?protocol= in the URI)",
        )),
        _ => {}
    }
    if protocol == Some("avro") && kind.is_some_and(SinkKind::is_mq) {
        let has_registry = sink
            .schema_registry
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
            || sink
                .kafka_config
                .as_ref()
                .is_some_and(|k| k.glue_schema_registry_config.is_some());
        if !has_registry {
            errs.push(err(
                "replica_config.sink.schema_registry",
                "the avro protocol needs a schema registry (schema_registry or Kafka's glue schema registry)",
            ));
        }
    }
    let durations: [(&str, Option<&str>); 7] = [
        (
            "replica_config.sink.kafka_config.dial_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.dial_timeout.as_deref()),
        ),
        (
            "replica_config.sink.kafka_config.write_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.write_timeout.as_deref()),
        ),
        (
            "replica_config.sink.kafka_config.read_timeout",
            sink.kafka_config
                .as_ref()
                .and_then(|k| k.read_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.write_timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.write_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.read_timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.read_timeout.as_deref()),
        ),
        (
            "replica_config.sink.mysql_config.timeout",
            sink.mysql_config
                .as_ref()
                .and_then(|k| k.timeout.as_deref()),
        ),
        (
            "replica_config.sink.cloud_storage_config.flush_interval",
            sink.cloud_storage_config
                .as_ref()
                .and_then(|k| k.flush_interval.as_deref()),
        ),
    ];
    for (field, value) in durations {
        if let Some(Err(e)) = value.filter(|v| !v.is_empty()).map(parse_go_duration) {
            errs.push(err(field, e));
        }
    }
    if let Some(level) = rc.consistent.as_ref().and_then(|c| c.level.as_deref()) {
        if !matches!(level, "" | "none" | "eventual") {
            errs.push(err(
                "replica_config.consistent.level",
                format!("level {level} is not none or eventual"),
            ));
        }
        if level == "eventual"
            && rc
                .consistent
                .as_ref()
                .and_then(|c| c.storage.as_deref())
                .is_none_or(str::is_empty)
        {
            errs.push(err(
                "replica_config.consistent.storage",
                "the redo log (level eventual) needs a storage URI, e.g. s3://bucket/redo or file:///data/redo",
            ));
        }
    }
    errs
}
