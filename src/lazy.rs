//! Pages (and the list's bulk actions) whose code is fetched when they are first opened.
//!
//! The changefeed list (the landing page) and the shell are in the main wasm. The changefeed
//! page, the config editor (create and edit), the cluster page, the list's bulk panel
//! (fetched on the first selection) and the toasts and dialogs (fetched when the first one is
//! raised) are split off by
//! `wasm-split` (see `tools/wasm-pkg.sh`) into chunks the browser fetches on first use, so a
//! first load carries only what the list needs. The editor's style sheet comes with the editor
//! and the changefeed page in the same way (`crate::sheets`). Each split point is `fallible`: a
//! chunk that cannot be fetched (the console's server unreachable, a redeploy that removed it)
//! shows an error with a retry instead of aborting the whole wasm module.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

use crate::components::{ConfirmDialog, CredentialsDialog, Toasts};
use crate::pages::bulk::{BulkPanel, BulkProps};
use crate::pages::{
    AfterRows, Sink, SinksInView, TombstonePanel, row_action_here, spawn_sink_loader,
};
use crate::pages::{ChangefeedPage, ClusterPage, CreatePage, EditPage};
use crate::routes::Chunk;
use crate::services::history::{RecorderArgs, RecorderRef};
use crate::services::recorder::LocalRecorder;
use crate::services::{Actions, Alive, Services, ToastKind};
use crate::sheets::{editor_sheet, prefetch_editor_sheet};

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
                <div class="error-box" role="alert">
                    <p class="error-box__title"><strong>"Could not load this page's code"</strong></p>
                    <p>"The console's server did not deliver it: a network error, or a new version of the console was deployed. The browser console has the details."</p>
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

/// A route whose page is a split point: `Route, view_fn / preload_fn in chunk => Page, sheet:
/// bool`, shown once its chunk (and, with `sheet: true`, the editor's style sheet, fetched at
/// the same time) is there. Pages that name the same chunk share one module; `preload_fn`
/// fetches it without showing the page.
macro_rules! lazy_route {
    ($(#[$doc:meta])* $route:ident, $view:ident / $preload:ident in $chunk:ident => $page:ident, sheet: $sheet:literal) => {
        #[wasm_split($chunk, fallible, preload(#[allow(dead_code)] $preload), wasm_split_path = ::leptos::wasm_split)]
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
                if $sheet {
                    prefetch_editor_sheet();
                }
                let page = $view().await;
                if $sheet {
                    editor_sheet().await;
                }
                shown(page)
            }
        }
    };
}

lazy_route!(
    /// `/changefeeds/:id`
    ChangefeedRoute, changefeed_view / preload_changefeed in changefeed => ChangefeedPage, sheet: true
);
lazy_route!(
    /// `/create`
    CreateRoute, create_view / preload_editor in editor => CreatePage, sheet: true
);
lazy_route!(
    /// `/changefeeds/:id/edit`
    EditRoute, edit_view / preload_edit in editor => EditPage, sheet: true
);
lazy_route!(
    /// `/cluster`
    ClusterRoute, cluster_view / preload_cluster in cluster => ClusterPage, sheet: false
);

/// The list's bulk actions (toolbar, confirmation, runner, report): a chunk of their own,
/// fetched the first time a changefeed is selected, so the list's first load does not carry
/// them.
#[wasm_split(bulk, fallible, wasm_split_path = ::leptos::wasm_split)]
fn bulk_view(props: BulkProps) -> Result<AnyView, ChunkError> {
    Ok(view! { <BulkPanel props=props/> }.into_any())
}

/// [`bulk_view`], rendered when its chunk has arrived (or the chunk error, shown in place).
#[component]
pub fn LazyBulkPanel(
    /// What the list hands the bulk panel.
    props: BulkProps,
) -> impl IntoView {
    in_place(
        Box::pin(bulk_view(props)),
        || view! { <p class="muted" role="status">"Loading bulk actions…"</p> }.into_any(),
        || {
            view! {
            <div class="error-box" role="alert">
                <p>"Could not load the bulk actions' code: a network error, or a new version of the console was deployed. Reload to retry."</p>
            </div>
        }.into_any()
        },
    )
}

/// The toast stack and the dialogs (confirmation, credentials prompt): a chunk fetched the first
/// time a toast or a question is raised (`Toaster`, `Dialogs` stay in the main module, so
/// nothing raised before it arrives is lost).
#[wasm_split(overlays, fallible, wasm_split_path = ::leptos::wasm_split)]
fn overlays_view() -> Result<AnyView, ChunkError> {
    Ok(view! { <Toasts/><ConfirmDialog/><CredentialsDialog/> }.into_any())
}

/// [`overlays_view`] once something is to be shown; when its chunk cannot be fetched, the
/// toasts' titles in plain text with the failure, and every question answered with Cancel (so
/// no action waits for a dialog that cannot open, and each reports its own outcome).
#[component]
pub fn LazyOverlays() -> impl IntoView {
    let services = crate::services::use_services();
    let (toaster, dialogs) = (services.toaster, services.dialogs);
    let wanted = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || toaster.any() || dialogs.any_open()
    });
    move || {
        wanted.get().then(|| {
            in_place(
                Box::pin(overlays_view()),
                || ().into_any(),
                move || {
                    Effect::new(move |_| {
                        if dialogs.any_open() {
                            dialogs.answer_confirm(false);
                            dialogs.answer_auth(None);
                        }
                    });
                    view! {
                        <div class="toasts" role="alert">
                            <div class="toast toast--error">
                                <div class="toast__body">
                                    <strong class="toast__title">"Could not load the code of the console's notifications and dialogs"</strong>
                                    <p class="toast__detail">"A network error, or a new version of the console was deployed: reload to retry. Actions that need a confirmation or credentials are cancelled meanwhile."</p>
                                    {move || toaster.toasts().get().into_iter().map(|t| view! { <p class="toast__detail">{t.title}</p> }).collect_view()}
                                </div>
                            </div>
                        </div>
                    }
                    .into_any()
                },
            )
        })
    }
}

/// The history's recorder (`services::recorder`: localStorage, parts, other tabs, the
/// sparkline's markup): a chunk fetched once the first rows are drawn
/// (`services::history::HistoryStore` keeps what the pages record until it is there).
#[wasm_split(after_rows, fallible, wasm_split_path = ::leptos::wasm_split)]
fn recorder_view(args: RecorderArgs) -> Result<RecorderRef, ChunkError> {
    let owner = args.owner.clone();
    let recorder = owner.with(|| LocalRecorder::new(args));
    Ok(Box::leak(Box::new(recorder)))
}

/// Fetches the recorder's chunk and makes the tab's recorder; None when the chunk could not be
/// fetched (the browser console has the details).
pub fn load_recorder(args: RecorderArgs) -> LocalBoxFuture<'static, Option<RecorderRef>> {
    Box::pin(async move { recorder_view(args).await.ok() })
}

/// A list row's Pause or Resume: a chunk fetched once the list's first rows are drawn
/// ([`ROW_ACTIONS`]), or by the first click if that comes first.
#[wasm_split(after_rows, fallible, preload(preload_actions), wasm_split_path = ::leptos::wasm_split)]
fn row_action_future(
    actions: Actions,
    id: String,
    pause: bool,
) -> Result<LocalBoxFuture<'static, ()>, ChunkError> {
    Ok(Box::pin(row_action_here(actions, id, pause)))
}

/// The list's code fetched after its first rows: the row actions and the sink column.
pub const AFTER_ROWS: AfterRows = AfterRows {
    row_action,
    preload_actions: || leptos::task::spawn_local(async { _ = preload_actions().await }),
    sinks: start_sinks,
};

/// The list's sink column loader: a chunk of its own, started once the first rows are drawn.
#[wasm_split(after_rows, fallible, wasm_split_path = ::leptos::wasm_split)]
fn sinks_start(
    services: Services,
    sinks: RwSignal<HashMap<String, Sink>>,
    in_view: SinksInView,
    alive: Alive,
) -> Result<(), ChunkError> {
    spawn_sink_loader(services, sinks, move || in_view(), alive);
    Ok(())
}

/// Starts [`sinks_start`]; when its code cannot be fetched, the cells in view say so instead
/// of loading for ever.
fn start_sinks(
    services: Services,
    sinks: RwSignal<HashMap<String, Sink>>,
    in_view: SinksInView,
    alive: Alive,
) {
    leptos::task::spawn_local(async move {
        let (ids, page) = (in_view.clone(), alive.clone());
        if sinks_start(services, sinks, in_view, alive).await.is_err() && page.get() {
            let why = "the console's code for this column could not be loaded: reload to retry";
            sinks.try_update(|m| {
                for id in ids() {
                    m.entry(id)
                        .or_insert_with(|| Sink::Missing(why.to_string()));
                }
            });
        }
    });
}

/// Fetches the actions' code if needed, then runs the action; when the code cannot be fetched,
/// a toast says that nothing was sent.
fn row_action(services: Services, actions: Actions, id: String, pause: bool) {
    leptos::task::spawn_local(async move {
        match row_action_future(actions, id.clone(), pause).await {
            Ok(run) => run.await,
            Err(ChunkError) => services.toaster.push(
                ToastKind::Error,
                format!("{} of {id} not sent", if pause { "Pause" } else { "Resume" }),
                None,
                Some("The console's code for it could not be loaded: a network error, or a new version of the console was deployed. Reload to retry.".to_string()),
            ),
        }
    });
}

/// The list's panel of changefeeds deleted in this tab, shown when the tab keeps any: in the
/// list's after-rows chunk (a chunk of its own made the pages need more chunk files).
#[wasm_split(after_rows, fallible, wasm_split_path = ::leptos::wasm_split)]
fn tombstones_view(generation: RwSignal<u64>) -> Result<AnyView, ChunkError> {
    Ok(view! { <TombstonePanel generation=generation/> }.into_any())
}

/// [`tombstones_view`], or its failure in place.
#[component]
pub fn LazyTombstones(
    /// Bumped when this tab's tombstones changed.
    generation: RwSignal<u64>,
) -> impl IntoView {
    in_place(
        Box::pin(tombstones_view(generation)),
        || ().into_any(),
        || {
            view! {
                <div class="error-box" role="alert">
                    <p>"Changefeeds were deleted in this tab, but the code that lists them (last checkpoint and sink) could not be loaded: a network error, or a new version of the console was deployed. Reload to retry."</p>
                </div>
            }
            .into_any()
        },
    )
}

/// A split point's view where it is awaited: `pending` until its chunk has arrived, then the
/// view, or `failed` when the chunk could not be fetched. One function for every in-place
/// chunk, so the `Suspense` machinery is in the main module once.
fn in_place(
    load: LocalBoxFuture<'static, Result<AnyView, ChunkError>>,
    pending: fn() -> AnyView,
    failed: impl FnOnce() -> AnyView + 'static,
) -> AnyView {
    use send_wrapper::SendWrapper;
    let (load, failed) = (SendWrapper::new(load), SendWrapper::new(failed));
    view! {
        <Suspense fallback=pending>
            {Suspend::new(SendWrapper::new(async move {
                match load.take().await {
                    Ok(v) => v,
                    Err(ChunkError) => (failed.take())(),
                }
            }))}
        </Suspense>
    }
    .into_any()
}

/// Starts fetching a chunk when the user shows the intent to open one of its pages (a pointer
/// over a link to it, or keyboard focus on one: `app.rs` listens for both on every link), so
/// the click finds it loaded. Cheap to call on every pointer event: a chunk already requested
/// is not requested again, unless that attempt failed (then the next intent, or the click,
/// tries again and the click shows the failure).
pub fn prefetch(chunk: Chunk) {
    let bit = 1u8 << (chunk as u8);
    if REQUESTED.fetch_or(bit, Ordering::Relaxed) & bit != 0 {
        return;
    }
    leptos::task::spawn_local(async move {
        // The editor's style sheet with the two pages that use it (src/sheets.rs).
        if matches!(chunk, Chunk::Changefeed | Chunk::Editor) {
            prefetch_editor_sheet();
        }
        let loaded = match chunk {
            Chunk::Changefeed => preload_changefeed().await,
            Chunk::Editor => preload_editor().await,
            Chunk::Cluster => preload_cluster().await,
        };
        if loaded.is_err() {
            REQUESTED.fetch_and(!bit, Ordering::Relaxed);
        }
    });
}

/// One bit per [`Chunk`] whose prefetch has started.
static REQUESTED: AtomicU8 = AtomicU8::new(0);
