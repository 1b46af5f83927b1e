//! Which namespace (classic TiCDC) or keyspace (new architecture) the console addresses: read
//! from the URL of every page (`?namespace=` / `?keyspace=`, TiCDC's own parameter names), made
//! to fit the server's architecture, written back into every href (`routes::Page::href`), and
//! what to do when the server demands a keyspace. Pure, tested natively; the browser side is
//! `services::scope`.

use crate::api::ApiError;
use crate::api::endpoints::{Scope, encode_component};
use crate::api::release::Arch;

/// The scope a URL's query names: `keyspace=` wins over `namespace=`; absent or empty is the
/// server's default (`default`).
pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Scope {
    let named = |k: &str| get(k).map(str::trim).filter(|s| !s.is_empty());
    match (named("keyspace"), named("namespace")) {
        (Some(k), _) => Scope::Keyspace(k.to_string()),
        (None, Some(n)) => Scope::Namespace(n.to_string()),
        (None, None) => Scope::Default,
    }
}

/// The query pair of a scope for a console URL (`keyspace=tenant-a`); `None` for the default.
pub fn query_pair(scope: &Scope) -> Option<String> {
    scope
        .query_pair()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
}

/// The scope as the server must receive it: a URL's `keyspace=` on a classic TiCDC is its
/// namespace, a `namespace=` on the new architecture its keyspace (a classic server ignores
/// `?keyspace=` and a new one `?namespace=`, silently: the list would show another scope's
/// changefeeds). Unchanged while the architecture is unknown.
pub fn fit(scope: Scope, arch: Option<Arch>) -> Scope {
    match (scope, arch) {
        (Scope::Keyspace(k), Some(Arch::Classic)) => Scope::Namespace(k),
        (Scope::Namespace(n), Some(Arch::New)) => Scope::Keyspace(n),
        (s, _) => s,
    }
}

/// A scope named `name` on a server of `arch` (an empty name: the default).
pub fn named(name: &str, arch: Option<Arch>) -> Scope {
    let name = name.trim();
    if name.is_empty() {
        Scope::Default
    } else if arch == Some(Arch::New) {
        Scope::Keyspace(name.to_string())
    } else {
        Scope::Namespace(name.to_string())
    }
}

/// The scope's name as shown (`default` for the default).
pub fn name(scope: &Scope) -> &str {
    match scope {
        Scope::Default => "default",
        Scope::Namespace(n) | Scope::Keyspace(n) => n,
    }
}

/// What the word for a scope is on a server of `arch`.
pub fn noun(arch: Option<Arch>) -> &'static str {
    match arch {
        Some(Arch::New) => "Keyspace",
        Some(Arch::Classic) => "Namespace",
        None => "Namespace / keyspace",
    }
}

/// Checks a name typed for a scope: TiCDC's namespaces follow the changefeed-id pattern
/// (`^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, at most 128); PD's keyspace names also allow `_`.
/// Returns the trimmed name, or what is wrong with it.
pub fn check_name(name: &str, arch: Option<Arch>) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(String::new());
    }
    let ok_char = |c: char| {
        c.is_ascii_alphanumeric() || c == '-' || (c == '_' && arch != Some(Arch::Classic))
    };
    if name.len() > 128 {
        return Err("at most 128 characters".into());
    }
    if !name.chars().all(ok_char) {
        return Err(match arch {
            Some(Arch::Classic) => "letters, digits and single hyphens only".into(),
            _ => "letters, digits, hyphens and underscores only".into(),
        });
    }
    if arch == Some(Arch::Classic) && name.split('-').any(str::is_empty) {
        return Err("letters, digits and single hyphens only".into());
    }
    Ok(name.to_string())
}

/// Why a new-architecture server refused the keyspace of a request (its
/// `KeyspaceCheckerMiddleware`, API.md §9.1): the user must choose one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyspaceProblem {
    /// "missing required query parameter keyspace": this TiCDC serves several keyspaces.
    Missing,
    /// "keyspace "x" does not exist".
    Unknown(String),
}

impl KeyspaceProblem {
    /// Reads TiCDC's 400 `CDC:ErrAPIInvalidParam` of a missing or unknown keyspace.
    pub fn of(e: &ApiError) -> Option<KeyspaceProblem> {
        if e.status() != Some(400) || e.code() != Some("CDC:ErrAPIInvalidParam") {
            return None;
        }
        let msg = e.short_message();
        if msg.contains("missing required query parameter keyspace") {
            return Some(KeyspaceProblem::Missing);
        }
        let rest = msg.strip_prefix("keyspace \"")?;
        let (name, tail) = rest.split_once('"')?;
        tail.starts_with(" does not exist")
            .then(|| KeyspaceProblem::Unknown(name.to_string()))
    }

    /// What to tell the user.
    pub fn explain(&self) -> String {
        match self {
            KeyspaceProblem::Missing => {
                "This TiCDC serves several keyspaces and needs to be told which one: \
                 choose a keyspace."
                    .into()
            }
            KeyspaceProblem::Unknown(k) => {
                format!("This TiCDC has no keyspace \"{k}\": choose another one.")
            }
        }
    }
}

/// The scopes used recently, newest first, without duplicates, at most `cap`: `name` moved to
/// the front (the default is never listed: it is always offered).
pub fn remember(recent: &[String], name: &str, cap: usize) -> Vec<String> {
    let name = name.trim();
    let mut out: Vec<String> = Vec::with_capacity(cap);
    if !name.is_empty() && name != "default" {
        out.push(name.to_string());
    }
    out.extend(recent.iter().filter(|r| r.as_str() != name).cloned());
    out.truncate(cap);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(qs: &str) -> Scope {
        let m: HashMap<&str, &str> = qs
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        from_params(|k| m.get(k).copied())
    }

    #[test]
    fn urls_name_scopes() {
        assert_eq!(parse(""), Scope::Default);
        assert_eq!(parse("namespace="), Scope::Default);
        assert_eq!(
            parse("namespace=staging"),
            Scope::Namespace("staging".into())
        );
        assert_eq!(
            parse("keyspace=t1&namespace=x"),
            Scope::Keyspace("t1".into())
        );
        assert_eq!(query_pair(&Scope::Default), None);
        assert_eq!(
            query_pair(&Scope::Keyspace("a b".into())).as_deref(),
            Some("keyspace=a%20b")
        );
    }

    #[test]
    fn the_scope_fits_the_server() {
        let k = Scope::Keyspace("t".into());
        let n = Scope::Namespace("t".into());
        assert_eq!(fit(k.clone(), Some(Arch::Classic)), n);
        assert_eq!(fit(n.clone(), Some(Arch::New)), k);
        assert_eq!(fit(k.clone(), None), k);
        assert_eq!(fit(Scope::Default, Some(Arch::New)), Scope::Default);
        assert_eq!(named(" t ", Some(Arch::New)), k);
        assert_eq!(named("t", None), n);
        assert_eq!(named("", Some(Arch::New)), Scope::Default);
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            check_name(" a-1 ", Some(Arch::Classic)).as_deref(),
            Ok("a-1")
        );
        assert!(check_name("a--1", Some(Arch::Classic)).is_err());
        assert!(check_name("a_1", Some(Arch::Classic)).is_err());
        assert_eq!(check_name("a_1", Some(Arch::New)).as_deref(), Ok("a_1"));
        assert!(check_name("a b", Some(Arch::New)).is_err());
        assert!(check_name(&"x".repeat(129), None).is_err());
        assert_eq!(check_name("", None).as_deref(), Ok(""));
    }

    #[test]
    fn keyspace_refusals_are_recognised() {
        let http = |status, code: &str, message: &str| ApiError::Http {
            status,
            code: code.into(),
            message: message.into(),
        };
        let missing = http(
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]missing required query parameter keyspace, please specify --keyspace or -k",
        );
        assert_eq!(
            KeyspaceProblem::of(&missing),
            Some(KeyspaceProblem::Missing)
        );
        let unknown = http(
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]keyspace \"nope\" does not exist, please check --keyspace or -k",
        );
        assert_eq!(
            KeyspaceProblem::of(&unknown),
            Some(KeyspaceProblem::Unknown("nope".into()))
        );
        assert!(
            KeyspaceProblem::Unknown("nope".into())
                .explain()
                .contains("\"nope\"")
        );
        // Other invalid parameters are not keyspace problems.
        let other = http(
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]invalid changefeed_id: x",
        );
        assert_eq!(KeyspaceProblem::of(&other), None);
        let wrong_status = http(
            500,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]missing required query parameter keyspace",
        );
        assert_eq!(KeyspaceProblem::of(&wrong_status), None);
    }

    #[test]
    fn recent_scopes() {
        let r = remember(&[], "a", 3);
        let r = remember(&r, "b", 3);
        let r = remember(&r, "a", 3);
        assert_eq!(r, ["a", "b"]);
        let r = remember(&r, "default", 3);
        assert_eq!(r, ["a", "b"]);
        let r = remember(&remember(&r, "c", 3), "d", 3);
        assert_eq!(r, ["d", "c", "a"]);
    }
}
