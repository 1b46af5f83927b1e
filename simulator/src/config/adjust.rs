//! [TF] `pkg/config/replica_config.go ValidateAndAdjust` and `pkg/config/sink.go`: what
//! TiCDC changes in, or rejects about, a bound config once it knows the sink.

use serde_json::{Value, json};

use super::ConfigKit;
use crate::{error::ApiError, sink_uri::SinkUri, time::go_duration};

impl ConfigKit {
    /// `ValidateAndAdjust(sinkURI)`: adjusts `cfg` in place or fails like TiCDC.
    pub fn adjust(&self, cfg: &mut Value, uri: &SinkUri) -> Result<(), ApiError> {
        // Sink first ([TF] pkg/config/sink.go validateAndAdjust).
        {
            if !cfg["sink"].is_object() {
                cfg["sink"] = self.defaults["sink"].clone();
            }
            let sink = cfg["sink"].as_object_mut().unwrap();
            if let Some(p) = uri.get("protocol").filter(|p| !p.is_empty()) {
                sink.insert("protocol".into(), json!(p));
            }
            if let Some(a) = uri.get("transaction-atomicity").filter(|p| !p.is_empty()) {
                sink.insert("transaction_atomicity".into(), json!(a));
            }
            let protocol = sink
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if uri.is_mysql_compatible() && !protocol.is_empty() {
                return Err(ApiError::new(
                    "CDC:ErrSinkURIInvalid",
                    format!(
                        "sink uri invalid 'protocol {protocol} is incompatible with {} scheme'",
                        uri.scheme
                    ),
                ));
            }
            let atomicity = sink
                .get("transaction_atomicity")
                .and_then(Value::as_str)
                .unwrap_or("");
            if !matches!(atomicity, "" | "none" | "table") || (atomicity == "table" && uri.is_mq())
            {
                return Err(ApiError::new(
                    "CDC:ErrSinkURIInvalid",
                    format!(
                        "sink uri invalid '{atomicity} level atomicity is not supported by {} scheme'",
                        uri.scheme
                    ),
                ));
            }
            if sink
                .get("encoder_concurrency")
                .and_then(Value::as_i64)
                .is_some_and(|c| c < 0)
            {
                return Err(sink_invalid("encoder-concurrency should greater than 0"));
            }
            if !sink.get("terminator").is_some_and(Value::is_string) {
                sink.insert("terminator".into(), json!("\r\n"));
            }
            let adv = self.release.advance_timeout_key();
            if sink.get(adv).and_then(Value::as_u64).unwrap_or(0) == 0 {
                sink.insert(adv.into(), json!(150));
            }
            if uri.is_storage() {
                if protocol == "csv"
                    && let Some(csv) = sink.get("csv")
                {
                    validate_csv(csv)?;
                }
                let ds = sink
                    .get("date_separator")
                    .and_then(Value::as_str)
                    .unwrap_or("none");
                if !matches!(ds, "none" | "year" | "month" | "day") {
                    return Err(sink_invalid(&format!(
                        "date separator in storage sink is invalid: {ds}"
                    )));
                }
                let w = sink
                    .get("file_index_width")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                if !(6..=20).contains(&w) {
                    sink.insert("file_index_width".into(), json!(20));
                }
            }
        }
        // Sync point limits ([TF] pkg/config/replica_config.go).
        if cfg["enable_sync_point"].as_bool() == Some(true) {
            let interval = cfg["sync_point_interval"].as_i64();
            if let Some(i) = interval.filter(|i| *i < 30_000_000_000) {
                return Err(ApiError::new(
                    "CDC:ErrInvalidReplicaConfig",
                    format!(
                        "invalid replica config, The SyncPointInterval:{} must be larger than 30s",
                        go_duration(i)
                    ),
                ));
            }
            let retention = cfg["sync_point_retention"].as_i64();
            if let Some(r) = retention.filter(|r| *r < 3_600_000_000_000) {
                return Err(ApiError::new(
                    "CDC:ErrInvalidReplicaConfig",
                    format!(
                        "invalid replica config, The SyncPointRetention:{} must be larger than 1h0m0s",
                        go_duration(r)
                    ),
                ));
            }
        }
        if cfg["memory_quota"].as_u64().unwrap_or(0) == 0 {
            cfg["memory_quota"] = json!(1_073_741_824u64);
        }
        if !(uri.scheme.contains("kafka") || uri.scheme.contains("blackhole"))
            && cfg["scheduler"].is_object()
        {
            cfg["scheduler"]["enable_table_across_nodes"] = json!(false);
        }
        if !uri.scheme.contains("kafka") && cfg["integrity"].is_object() {
            cfg["integrity"]["integrity_check_level"] = json!("none");
        } else if cfg["integrity"]["integrity_check_level"] == "correctness"
            && cfg["sink"]["column_selectors"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        {
            return Err(ApiError::new(
                "CDC:ErrInvalidReplicaConfig",
                "invalid replica config, integrity check enabled and column selector set, not allowed",
            ));
        }
        if let Some(d) = cfg["changefeed_error_stuck_duration"]
            .as_i64()
            .filter(|d| *d < 1_800_000_000_000)
        {
            return Err(ApiError::new(
                "CDC:ErrInvalidReplicaConfig",
                format!(
                    "invalid replica config, The ChangefeedErrorStuckDuration:{:.6} must be larger than {:.6} Seconds",
                    d as f64 / 1e9,
                    1800.0
                ),
            ));
        }
        Ok(())
    }
}

fn sink_invalid(text: &str) -> ApiError {
    ApiError::new(
        "CDC:ErrSinkInvalidConfig",
        format!("sink config invalid: {text}"),
    )
}

/// [TF] `pkg/config/sink.go CSVConfig.validateAndAdjust` (storage sinks with protocol csv).
fn validate_csv(csv: &Value) -> Result<(), ApiError> {
    let delimiter = csv["delimiter"].as_str().unwrap_or("");
    let quote = csv["quote"].as_str().unwrap_or("");
    if delimiter.is_empty() {
        return Err(sink_invalid("csv config delimiter cannot be empty"));
    }
    if delimiter.contains(['\r', '\n']) {
        return Err(sink_invalid(
            "csv config delimiter contains line break characters",
        ));
    }
    if delimiter.chars().count() > 3 {
        return Err(sink_invalid(
            "csv config delimiter contains more than three characters, note that escape sequences can only be used in double quotes in toml configuration items.",
        ));
    }
    if quote.chars().count() > 1 {
        return Err(sink_invalid(
            "csv config quote contains more than one character",
        ));
    }
    if quote.contains(['\r', '\n']) {
        return Err(sink_invalid(
            "csv config quote cannot be line break character",
        ));
    }
    if !quote.is_empty() && delimiter.contains(quote) {
        return Err(sink_invalid(
            "csv config quote and delimiter has common characters which is not allowed",
        ));
    }
    let bem = csv["binary_encoding_method"].as_str().unwrap_or("");
    if !matches!(bem, "base64" | "hex") {
        return Err(sink_invalid(
            "csv config binary-encoding-method can only be hex or base64",
        ));
    }
    Ok(())
}
