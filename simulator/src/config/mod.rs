//! Replica configs, kept as `serde_json::Value` in Go's field order.
//!
//! Binding mimics Go: a request's `replica_config` is type-checked against a schema of the v2
//! `ReplicaConfig` ([TF] `cdc/api/v2/model.go`, ../shared/ticdc/API.md §2.3; [NT] §9.3), unknown
//! keys are dropped (Go's decoder ignores them), and type mismatches fail with Go's `json: cannot
//! unmarshal …` text. Create deep-merges onto the default config; update replaces the whole config
//! (§4.4). `adjust` applies what [TF] `pkg/config/replica_config.go ValidateAndAdjust` and
//! `pkg/config/sink.go` change or reject.

mod adjust;
mod binder;
mod schema;

use serde_json::{Map, Value, json};

use crate::{Arch, release::Release};
pub use binder::conform;
use binder::kind;
pub(crate) use schema::rename;
use schema::{CLASSIC_SCHEMA, new_arch_schema, with_pd};

/// Request body types, for binding.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// `ChangefeedConfig` (create, update, synced's optional body).
    ChangefeedConfig,
    /// `ResumeChangefeedConfig`.
    Resume,
    /// `VerifyTableConfig`.
    VerifyTable,
    /// `UpstreamConfig` (tso, service_gc_safepoint).
    Upstream,
    /// `ResolveLockReq`.
    ResolveLock,
    /// `LogLevelReq`.
    LogLevel,
}

/// Everything about replica configs for one release.
#[derive(Debug)]
pub struct ConfigKit {
    /// Which server's config shape.
    pub arch: Arch,
    /// Which release of it (key names and field set).
    pub release: Release,
    /// The default config (API.md §3.1 / §9.3, per release).
    pub defaults: Value,
    /// The schema of `ReplicaConfig`.
    pub schema: Value,
}

impl ConfigKit {
    /// Builds the kit for what `--arch` alone plays.
    pub fn new(arch: Arch) -> Self {
        ConfigKit::for_release(Release::for_arch(arch))
    }

    /// Builds the kit for a release: its family's master schema with the release's edits.
    pub fn for_release(release: Release) -> Self {
        let master = match release.arch() {
            Arch::Classic => serde_json::from_str(CLASSIC_SCHEMA).unwrap(),
            Arch::New => new_arch_schema(),
        };
        ConfigKit {
            arch: release.arch(),
            release,
            defaults: serde_json::from_str(release.default_config()).unwrap(),
            schema: release.schema(&master),
        }
    }

    /// Schema of a request body.
    pub fn body_schema(&self, body: Body) -> Value {
        let ns = if self.arch == Arch::New {
            "keyspace"
        } else {
            "namespace"
        };
        let mut m = Map::new();
        match body {
            Body::ChangefeedConfig => {
                m.insert("$t".into(), json!("ChangefeedConfig"));
                m.insert(ns.into(), json!("str"));
                for (k, t) in [
                    ("changefeed_id", "str"),
                    ("start_ts", "u64"),
                    ("target_ts", "u64"),
                    ("sink_uri", "str"),
                ] {
                    m.insert(k.into(), json!(t));
                }
                m.insert("replica_config".into(), self.schema.clone());
            }
            Body::Resume => {
                m.insert("$t".into(), json!("ResumeChangefeedConfig"));
                m.insert("overwrite_checkpoint_ts".into(), json!("u64"));
            }
            Body::VerifyTable => {
                m.insert("$t".into(), json!("VerifyTableConfig"));
                m.insert("replica_config".into(), self.schema.clone());
                m.insert("start_ts".into(), json!("u64"));
                m.insert("sink_uri".into(), json!("str"));
            }
            Body::Upstream => {
                m.insert("$t".into(), json!("UpstreamConfig"));
                m.insert("id".into(), json!("u64"));
            }
            Body::ResolveLock => {
                m.insert("$t".into(), json!("ResolveLockReq"));
                m.insert("region_id".into(), json!("u64"));
                m.insert("ts".into(), json!("u64"));
            }
            Body::LogLevel => {
                m.insert("$t".into(), json!("LogLevelReq"));
                m.insert("log_level".into(), json!("str"));
                return Value::Object(m);
            }
        }
        with_pd(m)
    }

    /// Decodes and type-checks a request body like gin's `BindJSON`; errors are the `<json
    /// error>` part of `invalid api parameter: <json error>`.
    pub fn bind(&self, raw: &[u8], body: Body) -> Result<Value, String> {
        let v = crate::render::decode_body(raw)?;
        let schema = self.body_schema(body);
        let top = schema["$t"].as_str().unwrap_or("").to_string();
        match &v {
            Value::Null => Ok(json!({})),
            Value::Object(_) => conform(&v, &schema, &top, "", false),
            other => Err(format!(
                "json: cannot unmarshal {} into Go value of type v2.{top}",
                kind(other)
            )),
        }
    }

    /// Create: the request's config deep-merged onto the defaults.
    pub fn for_create(&self, patch: Option<&Value>) -> Value {
        let mut cfg = self.defaults.clone();
        if let Some(p) = patch {
            merge(&mut cfg, p);
        }
        cfg
    }

    /// Update (§4.4): the body *replaces* the config. Classic: onto fresh defaults, top-level
    /// plain scalars omitted from the body become false/0 and top-level pointer fields omitted
    /// become absent. New arch (§9.4): onto defaults, only `enable_sync_point` and
    /// `enable_table_monitor` reset to absent.
    pub fn for_update(&self, patch: &Value) -> Value {
        let mut cfg = self.defaults.clone();
        let m = cfg.as_object_mut().unwrap();
        match self.arch {
            Arch::Classic => {
                m.insert("memory_quota".into(), json!(0));
                for k in [
                    "case_sensitive",
                    "force_replicate",
                    "ignore_ineligible_table",
                    "check_gc_safe_point",
                ] {
                    m.insert(k.into(), json!(false));
                }
                for k in [
                    "enable_sync_point",
                    "enable_table_monitor",
                    "bdr_mode",
                    "sync_point_interval",
                    "sync_point_retention",
                    "changefeed_error_stuck_duration",
                    "sql_mode",
                ] {
                    m.shift_remove(k);
                }
            }
            Arch::New => {
                m.shift_remove("enable_sync_point");
                m.shift_remove("enable_table_monitor");
            }
        }
        merge(&mut cfg, patch);
        cfg
    }
    /// The config as GET renders it: schema order, unknown keys gone, omitempty applied.
    pub fn finish(&self, cfg: &Value) -> Value {
        conform(cfg, &self.schema, "ReplicaConfig", "", true).unwrap_or_else(|_| cfg.clone())
    }

    /// `synced_status` thresholds (seconds) of a config, defaults 300/15 unless both set.
    pub fn synced_thresholds(cfg: &Value) -> (i64, i64) {
        let s = cfg["synced_status"]["synced_check_interval"]
            .as_i64()
            .unwrap_or(0);
        let c = cfg["synced_status"]["checkpoint_interval"]
            .as_i64()
            .unwrap_or(0);
        if s != 0 && c != 0 { (s, c) } else { (300, 15) }
    }
}

/// Go-style deep merge: objects recurse, everything else replaces; `null` binds nothing.
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, pv) in p {
                if pv.is_null() {
                    continue;
                }
                match b.get_mut(k) {
                    Some(bv) if bv.is_object() && pv.is_object() => merge(bv, pv),
                    _ => {
                        b.insert(k.clone(), pv.clone());
                    }
                }
            }
        }
        (b, p) if !p.is_null() => *b = p.clone(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink_uri::SinkUri;

    #[test]
    fn defaults_survive_finish_unchanged() {
        for arch in [Arch::Classic, Arch::New] {
            let kit = ConfigKit::new(arch);
            assert_eq!(
                serde_json::to_string(&kit.finish(&kit.defaults)).unwrap(),
                serde_json::to_string(&kit.defaults).unwrap()
            );
        }
    }

    #[test]
    fn bind_drops_unknown_and_checks_types() {
        let kit = ConfigKit::new(Arch::Classic);
        let v = kit.bind(br#"{"sink_uri":"x","bogus":1,"replica_config":{"nope":true,"sync_point_interval":"10m"}}"#, Body::ChangefeedConfig).unwrap();
        assert!(v.get("bogus").is_none());
        assert!(v["replica_config"].get("nope").is_none());
        assert_eq!(
            v["replica_config"]["sync_point_interval"],
            600_000_000_000i64
        );
        let e = kit
            .bind(
                br#"{"replica_config":{"memory_quota":"x"}}"#,
                Body::ChangefeedConfig,
            )
            .unwrap_err();
        assert_eq!(
            e,
            "json: cannot unmarshal string into Go struct field ChangefeedConfig.replica_config.memory_quota of type uint64"
        );
        assert_eq!(kit.bind(b"", Body::Resume).unwrap_err(), "EOF");
    }

    #[test]
    fn create_orders_keys_like_go() {
        let kit = ConfigKit::new(Arch::Classic);
        let cfg = kit.for_create(Some(&json!({"sink":{"dispatchers":[{"matcher":["a.*"],"topic":"t"}],"protocol":"canal-json"}})));
        let out = kit.finish(&cfg);
        let keys: Vec<_> = out["sink"]
            .as_object()
            .unwrap()
            .keys()
            .take(3)
            .cloned()
            .collect();
        assert_eq!(keys, ["protocol", "csv", "dispatchers"]);
    }

    #[test]
    fn update_resets_omitted_fields() {
        let kit = ConfigKit::new(Arch::Classic);
        let mut cfg = kit.for_update(&json!({"case_sensitive": true}));
        kit.adjust(&mut cfg, &SinkUri::parse("mysql://h/").unwrap())
            .unwrap();
        let out = kit.finish(&cfg);
        assert_eq!(out["memory_quota"], 1_073_741_824u64);
        assert_eq!(out["check_gc_safe_point"], false);
        assert!(out.get("enable_sync_point").is_none());
        assert_eq!(out["filter"]["rules"], json!(["*.*"]));
    }
}
