//! The editor's and the detail page's side of `cdc cli` files: a whole `ChangefeedConfig` body
//! (`changefeed_id`, `sink_uri`, `start_ts`, `target_ts`, `replica_config`, `namespace` or
//! `keyspace`) or a GET answer in, a file or a command line out.

use serde_json::{Map, Value};

use super::command::{Op, Target, command_line, config_file_name};
use super::{Exported, Note, Scope, TomlError, export, export_json, import};
use crate::api::ChangeFeedInfo;
use crate::api::Scope as ApiScope;
use crate::api::release::Profile;

/// Classic TiCDC's default `replica_config` (API.md §3.1): what a create starts from and what
/// "only what differs" compares with while the server is not identified. Once it is, its
/// release's defaults serve instead (`Profile::default_config`), since releases differ.
pub fn defaults() -> Value {
    serde_json::from_str(crate::api::DEFAULT_REPLICA_CONFIG_JSON).unwrap_or(Value::Null)
}

/// The default `replica_config` of the connected release, or classic's while it is unknown.
pub fn defaults_for(profile: Option<&Profile>) -> Value {
    profile.map_or_else(defaults, Profile::default_config)
}

/// A body with an imported file in its `replica_config`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedBody {
    pub body: Value,
    pub notes: Vec<Note>,
}

/// What an import is laid onto.
#[derive(Clone, Copy, Debug)]
pub enum Onto<'a> {
    /// `changefeed create --config`: the server's default `replica_config`.
    Defaults(&'a Value),
    /// `changefeed update --config`: the config being edited (which starts as the
    /// changefeed's current one).
    Current,
}

/// Lays a `cdc cli` file into the editor's body the way `cdc cli` does (see [`Onto`]). The
/// id, sink URI and start/target TSOs are not in a config file and are kept.
pub fn import_into_body(
    body: &Value,
    text: &str,
    onto: Onto<'_>,
) -> Result<ImportedBody, Vec<TomlError>> {
    let base = match onto {
        Onto::Current => body.get("replica_config").cloned().unwrap_or(Value::Null),
        Onto::Defaults(defaults) => defaults.clone(),
    };
    let imported = import(text, &base)?;
    let mut out = match body {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    out.insert("replica_config".into(), imported.config);
    Ok(ImportedBody {
        body: Value::Object(out),
        notes: imported.notes,
    })
}

fn replica_config(body: &Value) -> Value {
    body.get("replica_config").cloned().unwrap_or(Value::Null)
}

/// The body's config as a `cdc cli` file; "only what differs" compares with `defaults` (the
/// connected release's default `replica_config`, [`defaults_for`]).
pub fn export_body(body: &Value, defaults: &Value, scope: Scope) -> Exported {
    export(&replica_config(body), defaults, scope)
}

/// The body's config as JSON (secrets replaced), for a file; `defaults` as for [`export_body`].
pub fn export_body_json(body: &Value, defaults: &Value, scope: Scope) -> (String, Vec<Note>) {
    export_json(&replica_config(body), defaults, scope)
}

/// A GET answer's config as a body-shaped value (through JSON text: exact integers).
pub fn info_body(info: &ChangeFeedInfo) -> Value {
    let config = info
        .config
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    let mut m = Map::new();
    if let Some(id) = &info.id {
        m.insert("changefeed_id".into(), Value::String(id.clone()));
    }
    m.insert("replica_config".into(), config);
    Value::Object(m)
}

fn text_at(body: &Value, key: &str) -> Option<String> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
}

fn tso_at(body: &Value, key: &str) -> Option<u64> {
    body.get(key).and_then(Value::as_u64).filter(|t| *t != 0)
}

/// The id a file is named after: the changefeed's, or `changefeed` while it has none.
pub fn file_stem(body: &Value) -> String {
    text_at(body, "changefeed_id").unwrap_or_else(|| "changefeed".into())
}

fn target(server: &str, id: String, namespace: Option<String>, keyspace: Option<String>) -> Target {
    Target {
        server: server.trim().to_string(),
        changefeed_id: id,
        namespace,
        keyspace,
    }
}

/// `cdc cli changefeed create` for the create form's content (`--config <id>.toml`: the file
/// the export downloads), in `scope` (the namespace or keyspace in use) unless the body names
/// its own.
pub fn create_command(body: &Value, server: &str, scope: &ApiScope) -> String {
    let stem = file_stem(body);
    let (ns, ks) = match scope {
        ApiScope::Namespace(n) => (Some(n.clone()), None),
        ApiScope::Keyspace(k) => (None, Some(k.clone())),
        ApiScope::Default => (None, None),
    };
    let t = target(
        server,
        stem.clone(),
        text_at(body, "namespace").or(ns),
        text_at(body, "keyspace").or(ks),
    );
    command_line(
        &t,
        &Op::Create {
            sink_uri: text_at(body, "sink_uri").unwrap_or_default(),
            start_ts: tso_at(body, "start_ts"),
            target_ts: tso_at(body, "target_ts"),
            config_file: Some(config_file_name(&stem)),
        },
    )
}

/// `cdc cli changefeed update` for the edit form's content, against the GET it started from:
/// `--sink-uri` only when the user changed the (masked) URI, `--target-ts` when one is set.
pub fn update_command(body: &Value, original: &ChangeFeedInfo, server: &str) -> String {
    let stem = file_stem(body);
    let original_sink = original.sink_uri.as_deref().unwrap_or_default().trim();
    let sink = text_at(body, "sink_uri").filter(|s| s != original_sink);
    let (ns, ks) = split_scope(original.scope_name(), original.keyspace.is_some());
    command_line(
        &target(server, stem.clone(), ns, ks),
        &Op::Update {
            sink_uri: sink,
            target_ts: tso_at(body, "target_ts"),
            config_file: Some(config_file_name(&stem)),
        },
    )
}

fn split_scope(scope: Option<&str>, new_arch: bool) -> (Option<String>, Option<String>) {
    let scope = scope.filter(|s| !s.is_empty()).map(str::to_string);
    if new_arch {
        (None, scope)
    } else {
        (scope, None)
    }
}

/// Every command for an existing changefeed (the detail page): update with its file, pause,
/// resume, remove, and create (to recreate it elsewhere, from its checkpoint when known).
pub fn feed_commands(info: &ChangeFeedInfo, server: &str) -> Vec<(&'static str, String)> {
    let id = info.id.clone().unwrap_or_default();
    let new_arch = info.keyspace.is_some();
    let (ns, ks) = split_scope(info.scope_name(), new_arch);
    let t = target(server, id.clone(), ns, ks);
    let file = Some(config_file_name(&id));
    vec![
        (
            "Update with the exported file",
            command_line(
                &t,
                &Op::Update {
                    sink_uri: None,
                    target_ts: None,
                    config_file: file.clone(),
                },
            ),
        ),
        ("Pause", command_line(&t, &Op::Pause)),
        (
            "Resume",
            command_line(
                &t,
                &Op::Resume {
                    overwrite_checkpoint_ts: None,
                },
            ),
        ),
        ("Remove", command_line(&t, &Op::Remove)),
        (
            "Create it again (elsewhere)",
            command_line(
                &t,
                &Op::Create {
                    sink_uri: info.sink_uri.clone().unwrap_or_default(),
                    start_ts: Some(info.checkpoint_ts)
                        .filter(|t| *t != 0)
                        .or(info.start_ts.filter(|t| *t != 0)),
                    target_ts: info.target_ts.filter(|t| *t != 0),
                    config_file: file,
                },
            ),
        ),
    ]
}

/// Fits an imported body to the connected release (`api::release`): a key the file set that
/// this TiCDC does not have is taken out and reported (TiCDC would drop it without an error),
/// and a key it names otherwise is renamed to its name. `file` is the file laid onto an empty
/// base, so only what the file itself set is reported, not the defaults under it.
pub fn fit_to_release(imported: &mut ImportedBody, file: &Value, profile: &Profile) {
    // Renamed first: a key the release names otherwise is not missing.
    let mut file = file.clone();
    let renames = profile.adopt_keys(&mut file);
    let missing = profile.ignored_keys(&file);
    if let Some(rc) = imported.body.get_mut("replica_config") {
        profile.adopt_keys(rc);
        for path in &missing {
            remove_key_path(rc, path);
        }
    }
    for (from, to) in renames {
        imported.notes.push(Note {
            key: from,
            message: format!("sent as `{to}`: the name {} uses", profile.line.label()),
        });
    }
    for path in missing {
        imported.notes.push(Note {
            message: format!(
                "not sent: the connected TiCDC ({}) has no such setting and would drop it",
                profile.line_summary()
            ),
            key: path,
        });
    }
}

/// The file's own settings (onto an empty base), for [`fit_to_release`]; `None` when the file
/// does not decode.
pub fn file_settings(text: &str) -> Option<Value> {
    import(text, &Value::Object(Map::new()))
        .ok()
        .map(|i| i.config)
}

/// Removes a `replica_config` key path in `api::release`'s notation (`a.b`, `a.list[].c`).
fn remove_key_path(v: &mut Value, path: &str) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (key, each) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let Value::Object(m) = v else { return };
    match (rest, each) {
        (None, false) => {
            m.shift_remove(key);
        }
        (Some(rest), false) => {
            if let Some(child) = m.get_mut(key) {
                remove_key_path(child, rest);
            }
        }
        // `list[]` alone names the items themselves, which are never listed as missing.
        (None, true) => {}
        (Some(rest), true) => {
            if let Some(Value::Array(items)) = m.get_mut(key) {
                for item in items {
                    remove_key_path(item, rest);
                }
            }
        }
    }
}
