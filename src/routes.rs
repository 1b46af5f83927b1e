//! Every page of the console as one enum, and the view state each page keeps in its URL.
//!
//! Components never write path literals: they build hrefs with [`Page::href`], and pages read
//! their state back with the `parse` functions here, so a link, a reload and the back button
//! all land on the same view. Every href carries the namespace or keyspace in use
//! (`crate::scope`), so the scope lives in the URL of every page. The route table itself is in
//! `app.rs`. Pure Rust, tested natively.

use std::cell::RefCell;

use crate::api::endpoints::{Scope, encode_component};
use crate::history::chart::Window;
use crate::placement::PlacementQuery;
use crate::state::ListStateFilter;

thread_local! {
    /// The scope of the page shown, which [`Page::href`] writes into every link (set by the
    /// app when the URL's scope changes, `services::scope`).
    static CURRENT_SCOPE: RefCell<Scope> = const { RefCell::new(Scope::Default) };
}

/// Sets the scope that [`Page::href`] writes.
pub fn set_current_scope(scope: Scope) {
    CURRENT_SCOPE.with(|s| *s.borrow_mut() = scope);
}

/// The scope that [`Page::href`] writes.
pub fn current_scope() -> Scope {
    CURRENT_SCOPE.with(|s| s.borrow().clone())
}

/// A page of the console with the state that its URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// The changefeed list (home) with its filter, search and sort.
    Changefeeds(ListQuery),
    /// One changefeed's detail.
    Changefeed { id: String },
    /// The create form; `from` prefills it with an existing changefeed's config (clone).
    Create { from: Option<String> },
    /// The update form of one changefeed.
    Edit { id: String },
    /// Captures, processors, server status, health, owner and log level.
    Cluster,
}

impl Page {
    /// The href of this page, query string included, in the current scope.
    pub fn href(&self) -> String {
        self.href_in(&current_scope())
    }

    /// The href of this page in `scope` (its `namespace=`/`keyspace=` last in the query).
    pub fn href_in(&self, scope: &Scope) -> String {
        self.href_with_query("", scope)
    }

    /// [`Page::href_in`] with `extra` (`key=value&...`, already encoded) added to the page's own
    /// query, before the scope.
    pub fn href_with_query(&self, extra: &str, scope: &Scope) -> String {
        let mut base = self.unscoped_href();
        if !extra.is_empty() {
            base.push(if base.contains('?') { '&' } else { '?' });
            base.push_str(extra);
        }
        match crate::scope::query_pair(scope) {
            None => base,
            Some(pair) if base.contains('?') => format!("{base}&{pair}"),
            Some(pair) => format!("{base}?{pair}"),
        }
    }

    fn unscoped_href(&self) -> String {
        match self {
            Page::Changefeeds(q) => {
                let qs = q.to_query();
                if qs.is_empty() {
                    "/".to_string()
                } else {
                    format!("/?{qs}")
                }
            }
            Page::Changefeed { id } => format!("/changefeeds/{}", encode_component(id)),
            Page::Create { from: None } => "/create".to_string(),
            Page::Create { from: Some(id) } => format!("/create?from={}", encode_component(id)),
            Page::Edit { id } => format!("/changefeeds/{}/edit", encode_component(id)),
            Page::Cluster => "/cluster".to_string(),
        }
    }
}

/// How the changefeed list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By changefeed id (TiCDC's own order).
    #[default]
    Id,
    /// By displayed state, most urgent first (failed, warning, stopped, normal, finished).
    State,
    /// By checkpoint lag, largest first when descending.
    Lag,
}

impl SortKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::State => "state",
            SortKey::Lag => "lag",
        }
    }
    pub fn parse(s: &str) -> Option<SortKey> {
        match s {
            "id" => Some(SortKey::Id),
            "state" => Some(SortKey::State),
            "lag" => Some(SortKey::Lag),
            _ => None,
        }
    }
}

/// The list's view state: `?state=&q=&sort=&desc=1`. Defaults are left out of the URL.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// TiCDC's `?state=` filter (API.md §4.7), sent to the server.
    pub state: ListStateFilter,
    /// Case-insensitive substring of the changefeed id, applied in the browser.
    pub search: String,
    pub sort: SortKey,
    /// Descending order.
    pub desc: bool,
}

impl ListQuery {
    /// Reads the view state from query parameters; unknown or malformed values fall back to
    /// the defaults rather than failing, since URLs are typed and pasted by people.
    pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> ListQuery {
        ListQuery {
            state: get("state").map(ListStateFilter::parse).unwrap_or_default(),
            search: get("q").unwrap_or("").to_string(),
            sort: get("sort").and_then(SortKey::parse).unwrap_or_default(),
            desc: matches!(get("desc"), Some("1" | "true")),
        }
    }

    /// The query string (without `?`), defaults omitted.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.state.query_value() {
            parts.push(format!("state={}", encode_component(s)));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode_component(&self.search)));
        }
        if self.sort != SortKey::Id {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.desc {
            parts.push("desc=1".to_string());
        }
        parts.join("&")
    }
}

/// The changefeed page's view state: `?window=` (the lag chart's window: `15m`, `1h`, `6h`,
/// `24h`) and, on the new architecture, the placement view's (`crate::placement::PlacementQuery`).
/// Defaults (1 h, the placement's) are left out of the URL. Each part of the page changes its
/// own part and keeps the others'.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DetailQuery {
    /// The lag chart's window.
    pub window: Window,
    /// The placement view's dispatchers, table search and order.
    pub placement: PlacementQuery,
}

impl DetailQuery {
    /// Reads the view state from query parameters; unknown values are the defaults.
    pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> DetailQuery {
        DetailQuery {
            window: get("window").map(Window::parse).unwrap_or_default(),
            placement: PlacementQuery::from_params(&get),
        }
    }

    /// The href of changefeed `id`'s page with this view state, in the current scope.
    pub fn href(&self, id: &str) -> String {
        let mut parts = Vec::new();
        if self.window != Window::default() {
            parts.push(format!("window={}", self.window.as_str()));
        }
        let placement = self.placement.to_query();
        if !placement.is_empty() {
            parts.push(placement);
        }
        Page::Changefeed { id: id.to_string() }.href_with_query(&parts.join("&"), &current_scope())
    }
}

/// A wasm chunk holding pages' code (split off by `lazy.rs`); the list and the shell are in
/// the main module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// The changefeed page.
    Changefeed,
    /// The config editor: create and edit.
    Editor,
    /// The cluster page.
    Cluster,
}

/// The chunk holding the page an href of the console points at (`/changefeeds/a/edit` →
/// `Editor`); None for the main module's pages and for anything that is not a path of this
/// console (another origin, a fragment). Mirrors the route table in `app.rs`.
pub fn chunk_of(href: &str) -> Option<Chunk> {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        ["create"] => Some(Chunk::Editor),
        ["cluster"] => Some(Chunk::Cluster),
        ["changefeeds", id] if !id.is_empty() => Some(Chunk::Changefeed),
        ["changefeeds", id, "edit"] if !id.is_empty() => Some(Chunk::Editor),
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use std::collections::HashMap;

    fn parse(qs: &str) -> ListQuery {
        let map: HashMap<&str, &str> = qs
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        ListQuery::from_params(|k| map.get(k).copied())
    }

    #[test]
    fn hrefs() {
        assert_eq!(Page::Changefeeds(ListQuery::default()).href(), "/");
        assert_eq!(
            Page::Changefeed {
                id: "orders-to-kafka".into()
            }
            .href(),
            "/changefeeds/orders-to-kafka"
        );
        assert_eq!(
            Page::Edit { id: "a1".into() }.href(),
            "/changefeeds/a1/edit"
        );
        assert_eq!(Page::Create { from: None }.href(), "/create");
        assert_eq!(
            Page::Create {
                from: Some("x y".into())
            }
            .href(),
            "/create?from=x%20y"
        );
        assert_eq!(Page::Cluster.href(), "/cluster");
    }

    #[test]
    fn hrefs_carry_the_scope() {
        let ks = Scope::Keyspace("tenant-a".into());
        assert_eq!(
            Page::Changefeeds(ListQuery::default()).href_in(&ks),
            "/?keyspace=tenant-a"
        );
        let failed = ListQuery {
            state: ListStateFilter::Failed,
            ..ListQuery::default()
        };
        assert_eq!(
            Page::Changefeeds(failed).href_in(&Scope::Namespace("staging".into())),
            "/?state=failed&namespace=staging"
        );
        assert_eq!(
            Page::Create {
                from: Some("a".into())
            }
            .href_in(&ks),
            "/create?from=a&keyspace=tenant-a"
        );
        assert_eq!(
            Page::Edit { id: "a".into() }.href_in(&ks),
            "/changefeeds/a/edit?keyspace=tenant-a"
        );
        assert_eq!(Page::Cluster.href_in(&Scope::Default), "/cluster");
        // href() writes the current scope (per thread: each test has its own).
        set_current_scope(ks.clone());
        assert_eq!(Page::Cluster.href(), "/cluster?keyspace=tenant-a");
        assert_eq!(current_scope(), ks);
        set_current_scope(Scope::Default);
        assert_eq!(Page::Cluster.href(), "/cluster");
    }

    #[test]
    fn list_query_round_trips_through_the_url() {
        let q = ListQuery {
            state: ListStateFilter::Failed,
            search: "orders".into(),
            sort: SortKey::Lag,
            desc: true,
        };
        assert_eq!(q.to_query(), "state=failed&q=orders&sort=lag&desc=1");
        assert_eq!(parse(&q.to_query()), q);
        assert_eq!(
            Page::Changefeeds(q).href(),
            "/?state=failed&q=orders&sort=lag&desc=1"
        );
    }

    #[test]
    fn defaults_are_left_out_and_junk_falls_back() {
        assert_eq!(ListQuery::default().to_query(), "");
        assert_eq!(parse("sort=bogus&desc=0"), ListQuery::default());
        assert_eq!(parse("state=all").state, ListStateFilter::All);
    }

    #[test]
    fn encoding_keeps_ids_safe() {
        assert_eq!(encode_component("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode_component("a/b?c&d"), "a%2Fb%3Fc%26d");
    }

    #[test]
    fn every_href_maps_to_the_chunk_of_its_page() {
        let id = "a/b c".to_string();
        let cases = [
            (Page::Changefeeds(ListQuery::default()), None),
            (
                Page::Changefeeds(ListQuery {
                    state: ListStateFilter::All,
                    search: "x".into(),
                    ..Default::default()
                }),
                None,
            ),
            (Page::Changefeed { id: id.clone() }, Some(Chunk::Changefeed)),
            (Page::Edit { id: id.clone() }, Some(Chunk::Editor)),
            (Page::Create { from: None }, Some(Chunk::Editor)),
            (Page::Create { from: Some(id) }, Some(Chunk::Editor)),
            (Page::Cluster, Some(Chunk::Cluster)),
        ];
        for (page, chunk) in cases {
            assert_eq!(chunk_of(&page.href()), chunk, "{}", page.href());
        }
    }

    #[test]
    fn other_hrefs_have_no_chunk() {
        for href in [
            "",
            "#main",
            "https://docs.pingcap.com/tidb/stable/ticdc-overview",
            "//cdn.example/x",
            "/changefeeds",
            "/changefeeds/",
            "/changefeeds/a/b",
            "/cluster/x",
            "/nope",
        ] {
            assert_eq!(chunk_of(href), None, "{href}");
        }
        assert_eq!(chunk_of("/cluster#procs"), Some(Chunk::Cluster));
    }

    #[test]
    fn the_detail_window_round_trips_through_the_url() {
        let parse = |href: &str| {
            let qs = href.split_once('?').map_or("", |(_, qs)| qs).to_string();
            let map: HashMap<String, String> = qs
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            DetailQuery::from_params(|k| map.get(k).map(String::as_str))
        };
        for w in Window::ALL {
            let q = DetailQuery {
                window: w,
                ..Default::default()
            };
            let href = q.href("a/b");
            assert_eq!(parse(&href), q, "{href}");
            assert!(href.starts_with("/changefeeds/a%2Fb"), "{href}");
        }
        assert_eq!(DetailQuery::default().href("x"), "/changefeeds/x");
        let both = DetailQuery {
            window: Window::M15,
            placement: PlacementQuery {
                search: "orders".into(),
                ..Default::default()
            },
        };
        assert_eq!(both.href("x"), "/changefeeds/x?window=15m&tables=orders");
        assert_eq!(parse(&both.href("x")), both, "each part keeps the other's");
        assert_eq!(
            DetailQuery::from_params(|k| (k == "window").then_some("2y")),
            DetailQuery::default()
        );
        // The window comes before the scope, which every href keeps.
        set_current_scope(Scope::Keyspace("ks".into()));
        assert_eq!(
            DetailQuery {
                window: Window::H6,
                ..Default::default()
            }
            .href("x"),
            "/changefeeds/x?window=6h&keyspace=ks"
        );
        set_current_scope(Scope::Default);
    }
}
