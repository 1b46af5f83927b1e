//! The application: services in context, the route table, and the shell around every page
//! (header with cluster health and the TiCDC node in use, the unreachable banner, toasts and
//! dialogs).
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_query_map;
use leptos_router::{Lazy, path};

use crate::api::{ApiError, Client};
use crate::components::ScopePicker;
use crate::lazy::{
    ChangefeedRoute, ClusterRoute, CreateRoute, EditRoute, LazyBulkPanel, LazyOverlays,
    LazyTombstones, prefetch,
};
use crate::pages::{ChangefeedsPage, NotFound};
use crate::routes::{ListQuery, Page, chunk_of};
use crate::services::{
    HistoryStore, Services, scope as scopes, use_history, use_polled, use_services,
};

/// The console. TiCDC is reached on this page's own origin under `/api/` (trunk's proxy in
/// development, a reverse proxy in production), since TiCDC sends no CORS headers.
#[component]
pub fn App() -> impl IntoView {
    let services = Services::new(Client::default());
    // What this browser saw, recorded from the pages' polls (src/services/history.rs).
    provide_context(HistoryStore::new(
        &services.client(),
        crate::lazy::load_recorder,
    ));
    provide_context(services);
    prefetch_on_link_intent();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <UnreachableBanner/>
            <main id="main" class="main">
                <ScopedRoutes/>
            </main>
            // Toasts and dialogs: a chunk fetched when the first one is raised (src/lazy.rs).
            <LazyOverlays/>
        </Router>
    }
}

/// The one route table (hrefs are built from `routes::Page`), in the namespace or keyspace the
/// URL names (`crate::scope`). The scope is applied to the client and to every href before the
/// pages are built, and a change of scope builds them anew: no page keeps data, polls or a
/// form of another scope.
#[component]
fn ScopedRoutes() -> impl IntoView {
    let services = use_services();
    let history = use_history();
    let query = use_query_map();
    let scope = Memo::new(move |_| {
        let named = query.with(|q| crate::scope::from_params(|k| q.get_str(k)));
        crate::scope::fit(named, scopes::arch(services))
    });
    move || {
        scopes::apply(services, scope.get());
        // The pages show this scope's history (kept per cluster and scope).
        history.follow(&services.client());
        view! {
            <Routes fallback=|| view! { <NotFound/> }>
                // The list's bulk panel is a chunk too, handed down so pages never import lazy.
                <Route path=path!("/") view=|| view! {
                    <ChangefeedsPage bulk_panel=Callback::new(|props| view! { <LazyBulkPanel props=props/> }.into_any())
                        after_rows=crate::lazy::AFTER_ROWS
                        tombstone_panel=Callback::new(|generation| view! { <LazyTombstones generation=generation/> }.into_any())/>
                }/>
                // The other pages are wasm chunks fetched on first use (src/lazy.rs).
                <Route path=path!("/create") view={Lazy::<CreateRoute>::new()}/>
                <Route path=path!("/changefeeds/:id") view={Lazy::<ChangefeedRoute>::new()}/>
                <Route path=path!("/changefeeds/:id/edit") view={Lazy::<EditRoute>::new()}/>
                <Route path=path!("/cluster") view={Lazy::<ClusterRoute>::new()}/>
            </Routes>
        }
    }
}

/// The header's namespace / keyspace switch: shows the scope in use, offers the recent ones.
#[component]
fn ScopeSwitch() -> impl IntoView {
    let services = use_services();
    let switch = scopes::use_switch(services);
    let current =
        Signal::derive(move || services.scope.with(|s| crate::scope::name(s).to_string()));
    // Read again whenever the scope changes (apply() has just remembered it).
    let recent = Signal::derive(move || {
        services.scope.track();
        scopes::recent()
    });
    view! {
        <div class="header__scope">
            <ScopePicker id="scope" arch=Signal::derive(move || scopes::arch(services))
                current=current recent=recent on_choose=switch/>
        </div>
    }
}

/// Health and identity of the TiCDC node the console talks to.
#[derive(Clone, Debug, PartialEq)]
struct NodeSummary {
    health: Result<(), ApiError>,
    version: String,
    address: Option<String>,
    is_owner: bool,
}

#[component]
fn Header() -> impl IntoView {
    let services = use_services();
    let node = use_polled(
        services,
        10_000.0,
        || (),
        move |client, ()| async move {
            let status = services.identify(&client).await?;
            let health = client.health().await;
            // The node's address is only in the capture list (ServerStatus has the id).
            let address = client.list_captures().await.ok().and_then(|l| {
                l.items
                    .into_iter()
                    .find(|c| c.id == status.id)
                    .map(|c| c.address)
            });
            Ok(NodeSummary {
                health,
                version: status.version,
                address,
                is_owner: status.is_owner,
            })
        },
    );
    let busy = services.busy;
    view! {
        <header class="header">
            <div class="header__brand">
                <A href=in_scope(services, || Page::Changefeeds(ListQuery::default()))>"TiCDC Console"</A>
            </div>
            <nav class="header__nav" aria-label="Main">
                <A href=in_scope(services, || Page::Changefeeds(ListQuery::default())) exact=true>"Changefeeds"</A>
                <A href=in_scope(services, || Page::Create { from: None })>"Create"</A>
                <A href=in_scope(services, || Page::Cluster)>"Cluster"</A>
            </nav>
            <ScopeSwitch/>
            <div class="header__cluster" aria-live="polite">
                {move || match node.data.get() {
                    // Never answered: say so (the error in full as the tooltip) rather than
                    // "Connecting…" for as long as TiCDC or a proxy answers something else.
                    None => match node.error.get() {
                        Some(e) => view! {
                            <span class="health health--bad" title=e.to_string()>
                                <span aria-hidden="true">"✖ "</span>"Cluster: unknown"
                            </span>
                            <span class="header__node muted">"TiCDC's status could not be read"</span>
                        }.into_any(),
                        None => view! { <span class="muted">"Connecting to TiCDC…"</span> }.into_any(),
                    },
                    Some(n) => {
                        let (cls, word, title) = match &n.health {
                            Ok(()) => ("health health--ok", "Healthy".to_string(), String::new()),
                            Err(e) => ("health health--bad", "Unhealthy".to_string(), e.to_string()),
                        };
                        let fallback = format!("TiCDC {}", n.version);
                        view! {
                            <span class=cls title=title.clone()>
                                <span aria-hidden="true">{if n.health.is_ok() { "● " } else { "✖ " }}</span>
                                "Cluster: "{word}
                            </span>
                            <span class="header__node">
                                <span class="header__server" title=move || services.profile().map(|p| p.line_summary()).unwrap_or_default()>
                                    {move || services.server.with(|s| s.as_ref().map(|s| s.summary()))
                                        .unwrap_or_else(|| fallback.clone())}
                                </span>
                                " · node "
                                <code>{n.address.clone().unwrap_or_else(|| "(unknown address)".into())}</code>
                                {if n.is_owner { " (owner)" } else { "" }}
                                " · via "<code>{origin()}"/api/"</code>
                            </span>
                        }.into_any()
                    }
                }}
            </div>
            <div role="progressbar" aria-label="Loading"
                class=move || { if busy.get() > 0 { "loading-bar loading-bar--on" } else { "loading-bar" } }
                aria-hidden=move || { if busy.get() > 0 { "false" } else { "true" } }></div>
        </header>
    }
}

/// The href of a page outside the routes (the header's), following the scope in use.
fn in_scope(services: Services, page: impl Fn() -> Page + 'static) -> impl Fn() -> String {
    move || services.scope.with(|s| page().href_in(s))
}

/// Shown while TiCDC cannot be reached; every page keeps its last data meanwhile, and the
/// header's health poll brings the console back when TiCDC answers again.
#[component]
fn UnreachableBanner() -> impl IntoView {
    let offline = use_services().offline;
    view! {
        {move || offline.get().map(|why| view! {
            <div class="banner banner--error" role="alert">
                <strong>"Cannot reach TiCDC. "</strong>
                {why}
                " The console keeps retrying; the data shown may be out of date."
            </div>
        })}
    }
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Every link of the console prefetches the chunk of the page it points at when the pointer
/// enters it or it gets keyboard focus: one delegated listener on the window (`pointerover`
/// and `focusin` bubble), so pages need no handlers and no link is forgotten.
fn prefetch_on_link_intent() {
    fn on_intent(target: Option<web_sys::EventTarget>) {
        use wasm_bindgen::JsCast;
        let href = target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.get_attribute("href"));
        if let Some(chunk) = href.as_deref().and_then(chunk_of) {
            prefetch(chunk);
        }
    }
    let pointer = window_event_listener(leptos::ev::pointerover, |ev| on_intent(ev.target()));
    let focus = window_event_listener(leptos::ev::focusin, |ev| on_intent(ev.target()));
    on_cleanup(move || {
        pointer.remove();
        focus.remove();
    });
}
