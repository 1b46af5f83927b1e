//! Pages whose code is fetched when they are first opened.
//!
//! The changefeed list (the landing page) and the shell are in the main wasm. The changefeed
//! page, the config editor (create and edit) and the cluster page are split off by
//! `wasm-split` (see `tools/wasm-pkg.sh`) into chunks the browser fetches on first use, so a
//! first load carries only what the list needs. Each split point is `fallible`: a chunk that
//! cannot be fetched (TiCDC's proxy down, a flaky network, a redeploy that removed it) shows an
//! error with a retry instead of aborting the whole wasm module.
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

use crate::pages::{ChangefeedPage, ClusterPage, CreatePage, EditPage};

/// A page's chunk could not be loaded; the browser console has the details.
#[derive(Debug)]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> Self {
        ChunkError
    }
}

#[wasm_split(changefeed, fallible, wasm_split_path = ::leptos::wasm_split)]
fn changefeed_view() -> Result<AnyView, ChunkError> {
    Ok(view! { <ChangefeedPage/> }.into_any())
}

#[wasm_split(editor, fallible, wasm_split_path = ::leptos::wasm_split)]
fn create_view() -> Result<AnyView, ChunkError> {
    Ok(view! { <CreatePage/> }.into_any())
}

#[wasm_split(editor, fallible, wasm_split_path = ::leptos::wasm_split)]
fn edit_view() -> Result<AnyView, ChunkError> {
    Ok(view! { <EditPage/> }.into_any())
}

#[wasm_split(cluster, fallible, wasm_split_path = ::leptos::wasm_split)]
fn cluster_view() -> Result<AnyView, ChunkError> {
    Ok(view! { <ClusterPage/> }.into_any())
}

/// What a route shows when its chunk did not load. Reloading retries (the URL holds the whole
/// view state, and a failed load is not cached).
fn shown(page: Result<AnyView, ChunkError>) -> AnyView {
    page.unwrap_or_else(|ChunkError| {
        view! {
            <section class="page">
                <div class="error" role="alert">
                    <strong>"Could not load this page's code. "</strong>
                    "The console's server did not deliver it (network error or a new deployment). "
                    <button type="button" class="btn" on:click=|_| reload()>"Reload"</button>
                </div>
            </section>
        }
        .into_any()
    })
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

macro_rules! lazy_route {
    ($(#[$doc:meta])* $route:ident => $view:ident) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                shown($view().await)
            }
        }
    };
}

lazy_route!(
    /// `/changefeeds/:id`
    ChangefeedRoute => changefeed_view
);
lazy_route!(
    /// `/create`
    CreateRoute => create_view
);
lazy_route!(
    /// `/changefeeds/:id/edit`
    EditRoute => edit_view
);
lazy_route!(
    /// `/cluster`
    ClusterRoute => cluster_view
);
