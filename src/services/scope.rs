//! The namespace or keyspace in use, in the browser: the URL names it (`crate::scope`), the
//! app applies it to the client (every changefeed and processor request carries it) and to
//! every href, and a switch navigates to the same kind of page in another scope. The scopes
//! used recently are kept in localStorage to be offered again (TiCDC has no route listing them).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use super::{Services, local_storage};
use crate::api::Scope;
use crate::api::release::Arch;
use crate::routes::{ListQuery, Page, set_current_scope};
use crate::scope;

/// localStorage key of the recently used scope names (newest first).
const RECENT_KEY: &str = "ticdc-console.scopes";
const RECENT_CAP: usize = 8;

/// The scope names used recently in this browser, newest first.
pub fn recent() -> Vec<String> {
    local_storage()
        .and_then(|s| s.get_item(RECENT_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str::<Vec<String>>(&raw).ok())
        .unwrap_or_default()
}

fn remember(name: &str) {
    let list = scope::remember(&recent(), name, RECENT_CAP);
    if let (Some(s), Ok(raw)) = (local_storage(), serde_json::to_string(&list)) {
        let _ = s.set_item(RECENT_KEY, &raw);
    }
}

/// Makes `scope` the one in use: the client sends it, every href carries it, and the header
/// shows it. No-op when it already is.
pub fn apply(services: Services, scope: Scope) {
    if services.client().scope() == scope && services.scope.with_untracked(|s| *s == scope) {
        return;
    }
    services.client().set_scope(scope.clone());
    set_current_scope(scope.clone());
    remember(scope::name(&scope));
    services.scope.set(scope);
}

/// The server's architecture, once known (reactive).
pub fn arch(services: Services) -> Option<Arch> {
    services
        .server
        .with(|s| s.as_ref().and_then(|i| i.arch.as_ref().map(|(a, _)| *a)))
}

/// A callback that opens the scope named by its argument (an empty name: the default): the
/// cluster page stays the cluster page, any other page goes to the changefeed list, since a
/// changefeed belongs to one scope. Call in a component body inside the router.
pub fn use_switch(services: Services) -> Callback<String> {
    let navigate = use_navigate();
    let location = use_location();
    Callback::new(move |name: String| {
        let target = arch_untracked(services);
        let to = scope::named(&name, target);
        let page = if location
            .pathname
            .with_untracked(|p| p.starts_with("/cluster"))
        {
            Page::Cluster
        } else {
            Page::Changefeeds(ListQuery::default())
        };
        navigate(&page.href_in(&to), NavigateOptions::default());
    })
}

fn arch_untracked(services: Services) -> Option<Arch> {
    services
        .server
        .with_untracked(|s| s.as_ref().and_then(|i| i.arch.as_ref().map(|(a, _)| *a)))
}
