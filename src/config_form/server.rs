//! The editor follows the server it talks to (`crate::api::release`): which fields it offers,
//! under which key, the defaults it starts from, and which keys of a pasted or imported
//! config that server would drop without an error (Go's decoder ignores unknown keys).

use serde_json::{Map, Value};

use crate::api::release::Profile;

/// The capability table's path of a body path: `replica_config.sink.csv.delimiter` →
/// `sink.csv.delimiter`, a row `replica_config.sink.dispatchers.3.topic` →
/// `sink.dispatchers[].topic`; `None` for the keys outside `replica_config` (id, sink URI…).
pub fn capability_path(body_path: &str) -> Option<String> {
    let rest = body_path.strip_prefix("replica_config.")?;
    let mut out = String::with_capacity(rest.len());
    for seg in rest.split('.') {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    Some(out)
}

/// Whether the form offers the field at `body_path` on this server: every field outside
/// `replica_config`, and those the server has. Without a profile (the server is not
/// identified yet) every field shows.
pub fn offered(profile: Option<&Profile>, body_path: &str) -> bool {
    match (profile, capability_path(body_path)) {
        (Some(p), Some(path)) => p.has(&path),
        _ => true,
    }
}

/// The create form's starting value on this server: its release's default replica config
/// (never another release's: TiCDC would keep whatever a create sends).
pub fn create_initial_for(profile: &Profile) -> Value {
    let mut body = Map::new();
    body.insert("replica_config".into(), profile.default_config());
    Value::Object(body)
}

/// A key of the body this server would drop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredKey {
    /// Its body path (`replica_config.performance_mode`).
    pub path: String,
    /// The key this server reads the same setting under, when it names it otherwise
    /// (`replica_config.sink.advance_timeout` for `…advance_timeout_in_sec` on v26.3.4).
    pub server_key: Option<String>,
}

impl IgnoredKey {
    /// "replica_config.sink.advance_timeout_in_sec (this server reads
    /// replica_config.sink.advance_timeout)".
    pub fn describe(&self) -> String {
        match &self.server_key {
            Some(k) => format!("{} (this server reads {k})", self.path),
            None => self.path.clone(),
        }
    }
}

/// The keys of `body`'s `replica_config` that this server does not have, in body order.
pub fn ignored_by_server(profile: &Profile, body: &Value) -> Vec<IgnoredKey> {
    let Some(rc) = body.get("replica_config") else {
        return Vec::new();
    };
    profile
        .ignored_keys(rc)
        .into_iter()
        .map(|path| IgnoredKey {
            server_key: profile
                .key_for(&path)
                .map(|k| format!("replica_config.{k}")),
            path: format!("replica_config.{path}"),
        })
        .collect()
}

/// The body without the keys this server would drop: what is sent. Every other key stays,
/// those the console does not know included (a config read from the server keeps them all).
pub fn without_ignored(profile: &Profile, body: &Value) -> Value {
    let mut out = body.clone();
    if let Some(rc) = out.get_mut("replica_config") {
        profile.retain_known(rc);
    }
    out
}

/// Moves every key this server names otherwise to its own name (`advance_timeout_in_sec` →
/// `advance_timeout` on v26.3.4); returns the body paths renamed (`from`, `to`).
pub fn adopt_server_keys(profile: &Profile, body: &mut Value) -> Vec<(String, String)> {
    match body.get_mut("replica_config") {
        Some(rc) => profile
            .adopt_keys(rc)
            .into_iter()
            .map(|(a, b)| (format!("replica_config.{a}"), format!("replica_config.{b}")))
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::release::Line;
    use crate::config_form::schema::{ALL_GROUPS, ALL_LISTS, full_path};

    fn line(l: Line) -> Profile {
        Profile::of_line(l)
    }

    /// Every field path of the form, rows with index 0.
    fn form_paths() -> Vec<String> {
        let mut out: Vec<String> = ALL_GROUPS
            .iter()
            .flat_map(|g| g.fields.iter().map(|f| full_path(g.base, f.key)))
            .collect();
        for l in ALL_LISTS {
            out.extend(l.fields.iter().map(|f| format!("{}.0.{}", l.path, f.key)));
        }
        out
    }

    #[test]
    fn body_paths_map_to_the_table() {
        assert_eq!(capability_path("sink_uri"), None);
        assert_eq!(
            capability_path("replica_config.sink.csv.delimiter").as_deref(),
            Some("sink.csv.delimiter")
        );
        assert_eq!(
            capability_path("replica_config.sink.dispatchers.3.target-schema").as_deref(),
            Some("sink.dispatchers[].target-schema")
        );
    }

    #[test]
    fn the_form_offers_one_key_per_setting_and_only_the_servers() {
        let v26 = line(Line::NewV26_3);
        let master = line(Line::NewMaster);
        let classic = line(Line::ClassicV8_5);
        for p in [&v26, &classic] {
            assert!(offered(Some(p), "replica_config.sink.advance_timeout"));
            assert!(!offered(
                Some(p),
                "replica_config.sink.advance_timeout_in_sec"
            ));
            assert!(offered(
                Some(p),
                "replica_config.sink.send-all-bootstrap-at-start"
            ));
            assert!(!offered(
                Some(p),
                "replica_config.sink.send_all_bootstrap_at_start"
            ));
            assert!(!offered(Some(p), "replica_config.performance_mode"));
        }
        assert!(!offered(
            Some(&master),
            "replica_config.sink.advance_timeout"
        ));
        assert!(offered(
            Some(&master),
            "replica_config.sink.advance_timeout_in_sec"
        ));
        assert!(offered(Some(&master), "replica_config.performance_mode"));
        assert!(!offered(
            Some(&v26),
            "replica_config.sink.dispatchers.0.target-schema"
        ));
        assert!(offered(
            Some(&line(Line::NewV8_5)),
            "replica_config.sink.dispatchers.0.target-schema"
        ));
        assert!(!offered(
            Some(&classic),
            "replica_config.scheduler.region_count_per_span"
        ));
        assert!(!offered(
            Some(&classic),
            "replica_config.sink.csv.output_field_header"
        ));
        assert!(offered(
            Some(&line(Line::ClassicV26_3)),
            "replica_config.sink.csv.output_field_header"
        ));
        assert!(
            offered(Some(&v26), "sink_uri") && offered(None, "replica_config.performance_mode")
        );
        // Every field of the form exists on some release (no dead field), and no release is
        // offered both names of a renamed setting.
        let all: Vec<Profile> = Line::ALL.into_iter().map(line).collect();
        for path in form_paths() {
            assert!(
                all.iter().any(|p| offered(Some(p), &path)),
                "{path} exists nowhere"
            );
        }
        for p in &all {
            let both = offered(Some(p), "replica_config.sink.advance_timeout")
                && offered(Some(p), "replica_config.sink.advance_timeout_in_sec");
            assert!(!both, "{:?}", p.line);
        }
    }

    #[test]
    fn a_create_starts_from_the_servers_defaults() {
        let v26 = create_initial_for(&line(Line::NewV26_3));
        assert_eq!(
            v26["replica_config"]["scheduler"]["region_threshold"],
            10000
        );
        assert!(v26["replica_config"].get("performance_mode").is_none());
        assert_eq!(v26["replica_config"]["sink"]["advance_timeout"], 150);
        let classic = create_initial_for(&line(Line::ClassicV8_5));
        assert_eq!(
            classic["replica_config"]["scheduler"]["region_threshold"],
            100000
        );
        let master = create_initial_for(&line(Line::NewMaster));
        assert_eq!(master["replica_config"]["performance_mode"], "throughput");
        let defaults = create_initial_for(&line(Line::NewV26_3));
        assert_eq!(
            crate::config_form::default_text_in(
                &defaults,
                crate::config_form::Kind::Int,
                "replica_config.scheduler.region_threshold"
            )
            .as_deref(),
            Some("10000")
        );
    }

    #[test]
    fn pasted_keys_the_server_lacks_are_named_and_not_sent() {
        let v26 = line(Line::NewV26_3);
        let mut body = json!({"sink_uri": "kafka://k/t", "replica_config": {
            "performance_mode": "low-latency", "memory_quota": 5, "future_key": {"x": 1},
            "sink": {"advance_timeout_in_sec": 321, "protocol": "canal-json"}}});
        let ignored = ignored_by_server(&v26, &body);
        assert_eq!(
            ignored.iter().map(IgnoredKey::describe).collect::<Vec<_>>(),
            [
                "replica_config.performance_mode",
                "replica_config.sink.advance_timeout_in_sec (this server reads replica_config.sink.advance_timeout)"
            ]
        );
        let sent = without_ignored(&v26, &body);
        assert!(sent["replica_config"].get("performance_mode").is_none());
        assert!(
            sent["replica_config"]["sink"]
                .get("advance_timeout_in_sec")
                .is_none()
        );
        assert_eq!(
            sent["replica_config"]["future_key"],
            json!({"x": 1}),
            "unknown keys stay"
        );
        assert_eq!(sent["replica_config"]["memory_quota"], 5);
        assert_eq!(
            adopt_server_keys(&v26, &mut body),
            [(
                "replica_config.sink.advance_timeout_in_sec".to_string(),
                "replica_config.sink.advance_timeout".to_string()
            )]
        );
        assert_eq!(body["replica_config"]["sink"]["advance_timeout"], 321);
        assert!(
            ignored_by_server(
                &line(Line::NewMaster),
                &json!({"replica_config": {"performance_mode": "x"}})
            )
            .is_empty()
        );
    }
}
