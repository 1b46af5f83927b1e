//! Pages whose code is fetched when they are first opened.
//!
//! The changefeed list (the landing page) and the shell are in the main wasm. The changefeed
//! page, the config editor (create and edit) and the cluster page are split off by
//! `wasm-split` (see `tools/wasm-pkg.sh`) into chunks the browser fetches on first use, so a
//! first load carries only what the list needs. Each split point is `fallible`: a chunk that
//! cannot be fetched (the console's server unreachable, a redeploy that removed it) shows an
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

/// A route whose page is a split point: `Route, view_fn in chunk => Page`. Pages that name the
/// same chunk share one module.
macro_rules! lazy_route {
    ($(#[$doc:meta])* $route:ident, $view:ident in $chunk:ident => $page:ident) => {
        #[wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        fn $view() -> Result<AnyView, ChunkError> {
            Ok(view! { <$page/> }.into_any())
        }

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
    ChangefeedRoute, changefeed_view in changefeed => ChangefeedPage
);
lazy_route!(
    /// `/create`
    CreateRoute, create_view in editor => CreatePage
);
lazy_route!(
    /// `/changefeeds/:id/edit`
    EditRoute, edit_view in editor => EditPage
);
lazy_route!(
    /// `/cluster`
    ClusterRoute, cluster_view in cluster => ClusterPage
);
