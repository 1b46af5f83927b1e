//! Client-side checks of a changefeed form, mirroring what TiCDC rejects on create/update
//! (../shared/ticdc/API.md §4.3 steps 3–12, §4.4) and using TiCDC's wording where it has one. The
//! server stays the authority; these catch mistakes before a round trip.

use super::duration::{JsonDuration, format_go_duration};
use super::model::ChangefeedConfig;

/// One problem with one field; `field` is a dotted path such as `replica_config.sink.csv.delimiter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the offending field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The sink families TiCDC supports (`pkg/sink/sink_type.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SinkKind {
    /// `mysql`, `mysql+ssl`, `tidb`, `tidb+ssl`.
    MySql,
    /// `kafka`, `kafka+ssl`.
    Kafka,
    /// `pulsar`, `pulsar+ssl`, `pulsar+http`, `pulsar+https`.
    Pulsar,
    /// `s3`, `file`, `gcs`, `gs`, `azblob`, `azure`.
    Storage,
    /// `noop`, `blackhole`.
    Blackhole,
}

impl SinkKind {
    /// Kafka or Pulsar.
    pub fn is_mq(self) -> bool {
        matches!(self, SinkKind::Kafka | SinkKind::Pulsar)
    }
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            SinkKind::MySql => "MySQL / TiDB",
            SinkKind::Kafka => "Kafka",
            SinkKind::Pulsar => "Pulsar",
            SinkKind::Storage => "Cloud storage",
            SinkKind::Blackhole => "Blackhole",
        }
    }
    /// The kind of a (lower-case) scheme, if supported.
    pub fn from_scheme(scheme: &str) -> Option<SinkKind> {
        Some(match scheme {
            "mysql" | "mysql+ssl" | "tidb" | "tidb+ssl" => SinkKind::MySql,
            "kafka" | "kafka+ssl" => SinkKind::Kafka,
            "pulsar" | "pulsar+ssl" | "pulsar+http" | "pulsar+https" => SinkKind::Pulsar,
            "s3" | "file" | "gcs" | "gs" | "azblob" | "azure" => SinkKind::Storage,
            "noop" | "blackhole" => SinkKind::Blackhole,
            _ => return None,
        })
    }
}

/// The supported sink URI schemes, in TiCDC's order (API.md §4.3 step 12).
pub const SUPPORTED_SCHEMES: &[&str] = &[
    "mysql",
    "mysql+ssl",
    "tidb",
    "tidb+ssl",
    "kafka",
    "kafka+ssl",
    "pulsar",
    "pulsar+ssl",
    "pulsar+http",
    "pulsar+https",
    "s3",
    "file",
    "gcs",
    "gs",
    "azblob",
    "azure",
    "noop",
    "blackhole",
];

const ID_HINT: &str = "bad changefeed id, please match the pattern \"^[a-zA-Z0-9]+(\\-[a-zA-Z0-9]+)*$\", the length should no more than 128, eg, \"simple-changefeed-task\"";

/// TiCDC's changefeed-ID rule: `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, at most 128 bytes. Empty is
/// accepted (on create the server generates an id).
pub fn validate_changefeed_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Ok(());
    }
    let ok = id.len() <= 128
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok { Ok(()) } else { Err(ID_HINT.to_string()) }
}

/// The lower-cased scheme of a sink URI (`"mysql"` for `MySQL://…`), if it has a valid one
/// followed by `:`.
pub fn sink_scheme(uri: &str) -> Option<String> {
    let uri = uri.trim();
    let (scheme, _) = uri.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    if !first.is_ascii_alphabetic()
        || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// A query parameter of a sink URI (raw, not decoded), e.g. `protocol` of `kafka://…?protocol=avro`.
pub fn sink_query_param<'a>(uri: &'a str, key: &str) -> Option<&'a str> {
    let query = uri.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then_some(v)
    })
}

/// Checks a sink URI's scheme against TiCDC's supported list.
pub fn validate_sink_uri(uri: &str) -> Result<SinkKind, String> {
    let uri = uri.trim();
    if uri.is_empty() {
        return Err(
            "sink uri invalid 'sink_uri is empty, cannot create a changefeed without sink_uri'"
                .into(),
        );
    }
    let scheme = sink_scheme(uri)
        .ok_or_else(|| format!("sink uri invalid '{uri}': missing scheme such as mysql://"))?;
    SinkKind::from_scheme(&scheme)
        .ok_or_else(|| format!("the sink scheme ({scheme}) is not supported"))
}

const MIN_SYNC_POINT_INTERVAL: i64 = 30_000_000_000;
const MIN_SYNC_POINT_RETENTION: i64 = 3_600_000_000_000;
const MIN_STUCK_DURATION: i64 = 1_800_000_000_000;

fn dur(d: JsonDuration) -> String {
    format_go_duration(d.0)
}

/// Checks a create (`is_create`) or update body. Returns every problem found, empty when none.
pub fn validate_changefeed_config(cfg: &ChangefeedConfig, is_create: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();

    if is_create {
        if let Some(id) = &cfg.changefeed_id
            && let Err(e) = validate_changefeed_id(id)
        {
            errs.push(FieldError::new(
                "changefeed_id",
                format!("invalid changefeed_id: {id}, {e}"),
            ));
        }
        if let Some(ns) = cfg.namespace.as_deref().filter(|n| !n.is_empty())
            && validate_changefeed_id(ns).is_err()
        {
            errs.push(FieldError::new(
                "namespace",
                format!("invalid namespace: {ns}"),
            ));
        }
    }

    let uri = cfg.sink_uri.as_deref().unwrap_or("").trim();
    let kind = if uri.is_empty() && !is_create {
        None // update: an empty sink_uri keeps the old one
    } else {
        match validate_sink_uri(uri) {
            Ok(k) => Some(k),
            Err(e) => {
                errs.push(FieldError::new("sink_uri", e));
                None
            }
        }
    };

    let start = cfg.start_ts.unwrap_or(0);
    let target = cfg.target_ts.unwrap_or(0);
    if start != 0 && target != 0 && target <= start {
        errs.push(FieldError::new(
            "target_ts",
            format!("fail to create changefeed because target-ts {target} is earlier than start-ts {start}"),
        ));
    }

    let Some(rc) = &cfg.replica_config else {
        return errs;
    };
    let sink = rc.sink.as_ref();
    let scheme = sink_scheme(uri).unwrap_or_default();

    // Protocol: from the config or the URI's `protocol=`.
    let protocol = sink
        .and_then(|s| s.protocol.as_deref())
        .filter(|p| !p.is_empty())
        .or_else(|| sink_query_param(uri, "protocol").filter(|p| !p.is_empty()));
    if let (Some(SinkKind::MySql), Some(p)) = (kind, protocol) {
        errs.push(FieldError::new(
            "replica_config.sink.protocol",
            format!("protocol {p} is incompatible with {scheme} scheme"),
        ));
    }

    let atomicity = sink
        .and_then(|s| s.transaction_atomicity.as_deref())
        .or_else(|| sink_query_param(uri, "transaction-atomicity"));
    if let Some(a) = atomicity {
        if !matches!(a, "" | "none" | "table") {
            errs.push(FieldError::new(
                "replica_config.sink.transaction_atomicity",
                format!("invalid level of transaction atomicity: {a}, use \"none\" or \"table\""),
            ));
        } else if a == "table" && kind.is_some_and(SinkKind::is_mq) {
            errs.push(FieldError::new(
                "replica_config.sink.transaction_atomicity",
                format!("{a} level atomicity is not supported by {scheme} scheme"),
            ));
        }
    }

    if rc.enable_sync_point == Some(true) {
        if let Some(i) = rc
            .sync_point_interval
            .filter(|i| i.0 < MIN_SYNC_POINT_INTERVAL)
        {
            errs.push(FieldError::new(
                "replica_config.sync_point_interval",
                format!("The SyncPointInterval:{} must be larger than 30s", dur(i)),
            ));
        }
        if let Some(r) = rc
            .sync_point_retention
            .filter(|r| r.0 < MIN_SYNC_POINT_RETENTION)
        {
            errs.push(FieldError::new(
                "replica_config.sync_point_retention",
                format!(
                    "The SyncPointRetention:{} must be larger than 1h0m0s",
                    dur(r)
                ),
            ));
        }
        if kind.is_some_and(|k| k != SinkKind::MySql) {
            errs.push(FieldError::new(
                "replica_config.enable_sync_point",
                "sink uri scheme is not supported with syncpoint enabled, sink uri scheme must be mysql or tidb",
            ));
        }
    }
    if rc.bdr_mode == Some(true) && kind.is_some_and(|k| k != SinkKind::MySql) {
        errs.push(FieldError::new(
            "replica_config.bdr_mode",
            "sink uri scheme is not supported with bdr mode, sink uri scheme must be mysql or tidb",
        ));
    }
    if let Some(d) = rc
        .changefeed_error_stuck_duration
        .filter(|d| d.0 < MIN_STUCK_DURATION)
    {
        errs.push(FieldError::new(
            "replica_config.changefeed_error_stuck_duration",
            format!(
                "The changefeed_error_stuck_duration:{} must be larger than 30m0s",
                dur(d)
            ),
        ));
    }

    if let Some(sink) = sink {
        if let Some(n) = sink.encoder_concurrency.filter(|n| *n < 0) {
            errs.push(FieldError::new(
                "replica_config.sink.encoder_concurrency",
                format!("encoder-concurrency should greater than 0, but got {n}"),
            ));
        }
        // TiCDC validates CSV and the date separator only for storage sinks (pkg/config/sink.go).
        if kind == Some(SinkKind::Storage) {
            if let Some(sep) = sink.date_separator.as_deref()
                && !matches!(sep, "none" | "year" | "month" | "day")
            {
                errs.push(FieldError::new(
                    "replica_config.sink.date_separator",
                    format!("date separator in storage sink is invalid: {sep}, use none, year, month or day"),
                ));
            }
            if let Some(csv) = &sink.csv {
                validate_csv(csv, &mut errs);
            }
        }
    }
    errs
}

fn validate_csv(csv: &super::model::CSVConfig, errs: &mut Vec<FieldError>) {
    let quote = csv.quote.as_deref().unwrap_or("");
    if quote.chars().count() > 1 {
        errs.push(FieldError::new(
            "replica_config.sink.csv.quote",
            "csv config quote contains more than one character",
        ));
    }
    if quote.contains(['\r', '\n']) {
        errs.push(FieldError::new(
            "replica_config.sink.csv.quote",
            "csv config quote contains line break characters",
        ));
    }
    if let Some(delim) = csv.delimiter.as_deref() {
        let field = "replica_config.sink.csv.delimiter";
        let n = delim.chars().count();
        if n == 0 {
            errs.push(FieldError::new(
                field,
                "csv config delimiter cannot be empty",
            ));
        } else if n > 3 {
            errs.push(FieldError::new(
                field,
                "csv config delimiter contains more than three characters",
            ));
        }
        if delim.contains(['\r', '\n']) {
            errs.push(FieldError::new(
                field,
                "csv config delimiter contains line break characters",
            ));
        }
        if !quote.is_empty() && delim.chars().any(|c| quote.contains(c)) {
            errs.push(FieldError::new(
                field,
                "csv config quote and delimiter has common characters which is not allowed",
            ));
        }
    }
    if let Some(m) = csv.binary_encoding_method.as_deref()
        && !matches!(m, "base64" | "hex")
    {
        errs.push(FieldError::new(
            "replica_config.sink.csv.binary_encoding_method",
            format!("csv config binary-encoding-method can only hold base64 or hex, got {m}"),
        ));
    }
}
