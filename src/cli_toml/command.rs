//! The `cdc cli changefeed …` command line that does what the console does, with no secret in it.
//!
//! Flags as `cdc cli` defines them (tiflow `pkg/cmd/cli`, ticdc `cmd/cdc/cli`): `--server` on
//! every command, `--changefeed-id`, classic TiCDC's `--namespace` or the new architecture's
//! `--keyspace`; `create` takes `--sink-uri`, `--start-ts`, `--target-ts`, `--config`;
//! `update` takes `--sink-uri`, `--target-ts`, `--config` (no `--start-ts`); `resume` takes
//! `--overwrite-checkpoint-ts`. Passwords and tokens in the sink URI become placeholders.

/// Where a changefeed lives, for the flags every command has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// The TiCDC server address (`http://127.0.0.1:8300`).
    pub server: String,
    pub changefeed_id: String,
    /// Classic TiCDC's namespace (`--namespace`); `None` or empty: not written.
    pub namespace: Option<String>,
    /// The new architecture's keyspace (`--keyspace`); `None` or empty: not written.
    pub keyspace: Option<String>,
}

/// One `cdc cli changefeed` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Create {
        sink_uri: String,
        start_ts: Option<u64>,
        target_ts: Option<u64>,
        /// The `--config` file name (`<id>.toml`); `None` when the config is all defaults.
        config_file: Option<String>,
    },
    Update {
        /// `None`: the sink URI is not changed.
        sink_uri: Option<String>,
        target_ts: Option<u64>,
        config_file: Option<String>,
    },
    Pause,
    Resume {
        overwrite_checkpoint_ts: Option<u64>,
    },
    Remove,
}

/// The file name an exported config gets, and the `--config` argument that names it.
pub fn config_file_name(changefeed_id: &str) -> String {
    let id = if changefeed_id.is_empty() {
        "changefeed"
    } else {
        changefeed_id
    };
    format!("{id}.toml")
}

/// The command line, one flag per line (`\` continuations) so it reads in a review.
pub fn command_line(target: &Target, op: &Op) -> String {
    let verb = match op {
        Op::Create { .. } => "create",
        Op::Update { .. } => "update",
        Op::Pause => "pause",
        Op::Resume { .. } => "resume",
        Op::Remove => "remove",
    };
    let mut flags: Vec<(&str, String)> = vec![("server", target.server.clone())];
    if let Some(ns) = target.namespace.as_deref().filter(|s| !s.is_empty()) {
        flags.push(("namespace", ns.to_string()));
    }
    if let Some(ks) = target.keyspace.as_deref().filter(|s| !s.is_empty()) {
        flags.push(("keyspace", ks.to_string()));
    }
    flags.push(("changefeed-id", target.changefeed_id.clone()));
    let ts = |flags: &mut Vec<(&str, String)>, name, v: &Option<u64>| {
        if let Some(v) = v {
            flags.push((name, v.to_string()));
        }
    };
    match op {
        Op::Create {
            sink_uri,
            start_ts,
            target_ts,
            config_file,
        } => {
            // Required by `cdc cli`: an empty one is left as a placeholder to fill in.
            let uri = if sink_uri.trim().is_empty() {
                "<sink-uri>".to_string()
            } else {
                redact_sink_uri(sink_uri)
            };
            flags.push(("sink-uri", uri));
            ts(&mut flags, "start-ts", start_ts);
            ts(&mut flags, "target-ts", target_ts);
            if let Some(f) = config_file {
                flags.push(("config", f.clone()));
            }
        }
        Op::Update {
            sink_uri,
            target_ts,
            config_file,
        } => {
            if let Some(uri) = sink_uri {
                flags.push(("sink-uri", redact_sink_uri(uri)));
            }
            ts(&mut flags, "target-ts", target_ts);
            if let Some(f) = config_file {
                flags.push(("config", f.clone()));
            }
        }
        Op::Resume {
            overwrite_checkpoint_ts,
        } => ts(
            &mut flags,
            "overwrite-checkpoint-ts",
            overwrite_checkpoint_ts,
        ),
        Op::Pause | Op::Remove => {}
    }
    let mut out = format!("cdc cli changefeed {verb}");
    for (name, value) in flags {
        out.push_str(&format!(" \\\n  --{name}={}", shell_quote(&value)));
    }
    out
}

/// A POSIX shell word: bare when it is plain, else single-quoted.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./:=@%+,-".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The sink URI with its password (`user:password@`) and every secret query parameter
/// (`crate::secrets::is_secret_key`, the rule the console masks them by) replaced by a `<name>`
/// placeholder to fill in. TiCDC's own mask (`xxxxx`) is replaced too: it is not the password
/// either.
pub fn redact_sink_uri(uri: &str) -> String {
    let Some(scheme_end) = uri.find("://") else {
        return uri.to_string();
    };
    let (scheme, rest) = uri.split_at(scheme_end + 3);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rfind('@') {
        Some(at) => {
            let (userinfo, host) = authority.split_at(at);
            match userinfo.split_once(':') {
                Some((user, pass)) if !pass.is_empty() => format!("{user}:<password>{host}"),
                _ => authority.to_string(),
            }
        }
        None => authority.to_string(),
    };
    crate::secrets::replace_query_secrets(&format!("{scheme}{authority}{tail}"), |k| {
        format!("<{k}>")
    })
}
