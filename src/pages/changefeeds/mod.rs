//! The changefeed list (home, `/`): lag-first, built for thousands of changefeeds.
//!
//! Two independent polls, each with at most one request in flight: the list, and TiCDC's TSO
//! (the lag clock). They start together, so the rows show as soon as the list arrives and the
//! lag fills in when the TSO does. Lag is measured on TiCDC's clock as `cdc cli changefeed
//! statistics` does: the TSO, carried forward by the browser's elapsed time to the moment the
//! list arrived. State filter, search and sort live in the URL. Rows are windowed (fixed
//! height, only the viewport plus overscan in the DOM) and keyed by id and displayed fields, so
//! a refresh where a few changefeeds changed re-renders only those. The list has no sink URI:
//! it is fetched lazily, one changefeed at a time, for the rows in view only, and cached.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::bulk::Coverage;
use crate::components::{ApiErrorView, ClockNote, RefreshControl, StaleNote, StateBadge};
use crate::format;
use crate::list::{self, ListRow};
use crate::routes::{ListQuery, Page, SortKey};
use crate::services::tombstones::any_tombstones;
use crate::services::{
    Actions, Alive, Clock, Polled, Services, now_ms, ticdc_clock, use_actions, use_history,
    use_polled, use_services,
};
use crate::state::ListStateFilter;

use crate::pages::bulk::{BulkPanelView, BulkProps};

mod selection;
pub(super) mod sinks;
mod table;
pub(super) mod tombstones;
mod url_state;
mod viewport;

use selection::{ListSelection, use_selection};
pub use sinks::{Sink, spawn_sink_loader};
use table::{Row, SortHeader, number_rows, rows_click, rows_key};
use viewport::use_viewport;

/// Row height in px; must match `.cf-table tbody tr` in style/main.css (windowing needs it fixed).
const ROW_PX: f64 = 40.0;
/// Rows rendered above and below the viewport, so scrolling does not show blanks before the
/// next render. The rows a keystroke or filter switch brings into the DOM are built, styled and
/// laid out then, so this is kept small (TanStack Virtual defaults to 1, react-window to 1).
const OVERSCAN: usize = 4;
/// The list refresh interval.
const POLL_MS: f64 = 3_000.0;
/// Lists longer than this are turned into rows in tasks of their own (see the poll).
const YIELD_ABOVE_ROWS: usize = 500;

/// A clock reading and when (browser ms) it arrived.
#[derive(Clone, Debug, PartialEq)]
struct Reading {
    clock: Clock,
    at: f64,
}

impl Reading {
    /// The clock's time at browser time `at` (only the browser's elapsed time is used, so its
    /// skew against TiCDC does not matter).
    fn at(&self, at: f64) -> i64 {
        format::clock_at(self.clock.now_ms(), self.at, at)
    }
}

/// One poll's answer, prepared for display.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    filter: ListStateFilter,
    rows: Arc<Vec<ListRow>>,
    /// Browser ms when the list arrived.
    at: f64,
}

/// The ids of the rows in view, for the sink column's loader.
pub type SinksInView = std::rc::Rc<dyn Fn() -> Vec<String>>;

/// The list's code that its first rows do not need, which the app passes as wasm chunks
/// (`lazy::AFTER_ROWS`): fetched once the first rows are drawn.
#[derive(Clone, Copy)]
pub struct AfterRows {
    /// Runs a row's Pause (`true`) or Resume through the list's [`Actions`] (busy mark,
    /// toast, refresh), fetching its code first if a click came before it.
    pub row_action: fn(Services, Actions, String, bool),
    /// Fetches the row actions' code ahead of the first click.
    pub preload_actions: fn(),
    /// Starts the sink column's loader ([`spawn_sink_loader`]) for as long as the page that
    /// made the [`Alive`] flag is mounted.
    pub sinks: fn(Services, RwSignal<HashMap<String, Sink>>, SinksInView, Alive),
}

/// A row's Pause or Resume itself. `lazy` calls it from the actions chunk, so its code (and the
/// writes' it reaches) lands there.
pub async fn row_action_here(actions: Actions, id: String, pause: bool) {
    if pause {
        actions.pause(id).await;
    } else {
        actions.resume(id, None).await;
    }
}

/// `/`: the changefeed list.
#[component]
pub fn ChangefeedsPage(
    /// Renders the bulk panel for a selection. The app passes one that fetches the panel's wasm
    /// chunk (`lazy::LazyBulkPanel`), so this page needs no arrow up to `lazy`.
    bulk_panel: BulkPanelView,
    /// A row's Pause or Resume and the sink column: code fetched once the first rows are drawn
    /// (the app passes `lazy::AFTER_ROWS`, wasm chunks).
    after_rows: AfterRows,
    /// The panel of changefeeds deleted in this tab, shown when it keeps any (the app passes
    /// `lazy::LazyTombstones`, a wasm chunk).
    tombstone_panel: Callback<RwSignal<u64>, AnyView>,
) -> impl IntoView {
    let services = use_services();
    let url_state::ListUrl { query, go } = url_state::use_list_url();

    // The search box shows the view state's text; a keystroke changes the view state at once
    // (the URL follows it after the frame, `url_state`).
    let search = Memo::new(move |_| query.with(|q| q.search.clone()));
    let set_search = move |text: String| {
        let mut q = query.get_untracked();
        q.search = text;
        go.run(q);
    };

    let filter = Memo::new(move |_| query.with(|q| q.state));
    let polled = use_polled(
        services,
        POLL_MS,
        move || filter.get(),
        |client, filter: ListStateFilter| async move {
            let list = client.list_changefeeds(filter.query_value()).await;
            // Dated by when it arrived: the landing list may come from the page's prefetch,
            // taken late when the wasm loads slowly.
            let at = crate::api::client::take_prefetch_arrival().unwrap_or_else(now_ms);
            let list = list?;
            // Building the rows, and rendering them, in another task than the decode: with
            // 10,000 changefeeds each takes tens of ms, together over the 50 ms of a long task.
            if list.items.len() > YIELD_ABOVE_ROWS {
                crate::api::client::next_task().await;
            }
            let rows: Vec<ListRow> = list.items.iter().map(ListRow::from_info).collect();
            if rows.len() > YIELD_ABOVE_ROWS {
                crate::api::client::next_task().await;
            }
            Ok(Snapshot {
                filter,
                rows: Arc::new(rows),
                at,
            })
        },
    );
    let reading = use_polled(
        services,
        POLL_MS,
        || (),
        |client, ()| async move {
            let clock = ticdc_clock(&client).await;
            Ok(Reading {
                clock,
                at: now_ms(),
            })
        },
    );

    let Shown {
        last,
        interim,
        rows,
    } = use_shown(polled, filter);
    let clock = Memo::new(move |_| reading.data.with(|r| r.as_ref().map(|r| r.clock.clone())));
    // TiCDC's time when the shown list arrived; None until the first TSO answer.
    let now = Memo::new(move |_| {
        let at = last.with(|l| l.as_ref().map(|s| s.at))?;
        reading.data.with(|r| r.as_ref().map(|r| r.at(at)))
    });

    record_history(services, now, last);
    // "Updated" is when the list shown arrived, as its lags are: a prefetch taken late is
    // dated by its arrival, not by when the app took it.
    let updated_at = Signal::derive(move || last.with(|l| l.as_ref().map(|s| s.at)));

    let needle = Memo::new(move |_| search.with(|s| list::normalize_search(s)));
    let sort = Memo::new(move |_| query.with(|q| (q.sort, q.desc)));
    // Sorted once per answer or sort change; a keystroke only filters the sorted order.
    let sorted = Memo::new(move |_| {
        let (key, desc) = sort.get();
        rows.with(|r| list::sorted_indices(r, key, desc))
    });
    let indices = Memo::new(move |_| {
        needle.with(|n| rows.with(|r| sorted.with(|s| list::filter_indices(r, s, n))))
    });
    let counts = Memo::new(move |_| rows.with(|r| list::state_counts(r)));

    // Windowing.
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = use_viewport(scroller, ROW_PX);
    let win = Memo::new(move |_| {
        // The sticky header row sits above the first data row inside the scroller.
        list::window(
            scroll_top.get() - ROW_PX,
            viewport.get() - ROW_PX,
            ROW_PX,
            indices.with(Vec::len),
            OVERSCAN,
        )
    });
    // A new search/filter/sort starts at the top.
    Effect::new(
        move |prev: Option<(String, ListStateFilter, (SortKey, bool))>| {
            let k = (needle.get(), filter.get(), sort.get());
            // Only when scrolled: setting scrollTop forces a synchronous layout.
            if prev.as_ref().is_some_and(|p| *p != k) && scroll_top.get_untracked() > 0.0 {
                if let Some(el) = scroller.get_untracked() {
                    el.set_scroll_top(0);
                }
                scroll_top.set(0.0);
            }
            k
        },
    );

    let in_dom = move || {
        let w = win.get();
        indices.with(|idx| {
            rows.with(|rows| {
                idx.get(w.start..w.end)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|&i| rows.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    };
    // `aria-rowindex` of the rows in the DOM: numbered in the animation frame after a change
    // of the window or of the rows, when the keyed rows have been inserted and moved.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        let start = win.get().start;
        indices.track();
        rows.track();
        request_animation_frame(move || {
            if let Some(tb) = tbody.get_untracked() {
                number_rows(&tb, start);
            }
        });
    });

    // The rows inside the viewport: what the header checkbox covers and whose sinks load.
    let shown_ids = move || -> Vec<String> {
        let w = win.get();
        indices.with(|idx| {
            rows.with(|rows| {
                idx.get(w.first_visible..w.end_visible)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|&i| rows.get(i).map(|r| r.id.clone()))
                    .collect()
            })
        })
    };
    let sel = use_selection(polled, rows, indices, shown_ids);
    let ListSelection {
        selection,
        pick,
        bulk_wanted,
        shown_coverage,
        toggle_shown,
        ..
    } = sel;

    // Sink URIs: fetched one at a time, only for the rows in the viewport, cached.
    let sinks = RwSignal::new(HashMap::<String, Sink>::new());

    // Pause and resume of a row: busy per changefeed, the toast, then the list refreshed.
    let actions = use_actions(move || polled.refresh());
    let act = Callback::new(move |(id, pause): (String, bool)| {
        (after_rows.row_action)(services, actions, id, pause);
    });
    // Once the first rows are drawn: the sink column's loader starts, and the row actions'
    // code is fetched so that a click finds it there.
    // The loader runs outside this page's owner (it starts from a chunk), so it stops by
    // this flag, made here, when the page goes.
    let alive = Alive::new();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || last.with(Option::is_none) {
            return done.unwrap_or(false);
        }
        let alive = alive.clone();
        request_animation_frame(move || {
            if !alive.get() {
                return;
            }
            let in_view = std::rc::Rc::new(move || untrack(shown_ids));
            (after_rows.sinks)(services, sinks, in_view, alive);
            (after_rows.preload_actions)();
        });
        true
    });

    // Bumped when this tab's tombstones changed.
    let tombstones = RwSignal::new(0u64);
    // A batch writes through the same actions as a row (its rows' buttons are busy meanwhile)
    // and refreshes the list, and the tombstones after a delete, once at its end.
    let bulk_props = BulkProps {
        selection,
        rows,
        sorted,
        shown: indices,
        actions,
        on_finished: Callback::new(move |()| tombstones.update(|g| *g += 1)),
    };

    view! {
        <section class="page cf-list">
            <div class="page__head">
                <h1>"Changefeeds"</h1>
                <div class="page__actions">
                    <RefreshControl updated_at=updated_at loading=polled.loading
                        on_refresh=Callback::new(move |()| polled.refresh())/>
                    <A href=Page::Create { from: None }.href() attr:class="btn btn--primary">"Create changefeed"</A>
                </div>
            </div>

            {move || {
                tombstones.track();
                any_tombstones().then(|| tombstone_panel.run(tombstones))
            }}

            <div class="cf-toolbar">
                <fieldset class="segmented" role="radiogroup" aria-label="State filter">
                    <legend class="visually-hidden">"State filter"</legend>
                    {ListStateFilter::ALL.into_iter().map(|f| view! {
                        <label class="segmented__item" class:segmented__item--on=move || filter.get() == f>
                            <input type="radio" name="state-filter" value=f.as_str()
                                prop:checked=move || filter.get() == f
                                on:change=move |_| { let mut q = query.get_untracked(); q.state = f; go.run(q); }/>
                            {list::filter_label(f)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="cf-search">
                    <span class="visually-hidden">"Search changefeeds by id"</span>
                    <input type="search" placeholder="Search by id…" autocomplete="off" spellcheck="false"
                        prop:value=move || search.get()
                        on:input=move |ev| set_search(event_target_value(&ev))/>
                </label>
            </div>
            <p class="cf-note muted">
                {move || list::filter_note(filter.get())}
            </p>

            <div class="cf-status" aria-live="polite">
                <span class="cf-facets">
                    // Two closures: a keystroke changes the match count, not the facets.
                    // Nothing counted before the first answer: "0 in this view" next to a
                    // failed first load would read as an empty cluster.
                    {move || last.with(Option::is_some).then(|| {
                        let total = rows.with(|r| r.len());
                        let shown = indices.with(Vec::len);
                        view! {
                            <span><strong>{total}</strong>" in this view"
                                {(shown != total).then(|| view! { " · "<strong>{shown}</strong>" match the search" })}
                            </span>
                        }
                    })}
                    {move || counts.get().into_iter().map(|(s, n)| view! {
                        <span class=format!("facet facet--{}", s.css_class())>
                            <StateBadge state=s/>" "{n}
                        </span>
                    }).collect_view()}
                </span>
                <ClockNote clock=clock/>
                {move || interim.get().then(|| view! { <span class="muted">"Loading this filter from TiCDC…"</span> })}
                {move || polled.is_stale().then(|| view! { <StaleNote error=polled.error/> })}
            </div>

            {move || {
                let loaded = last.with(Option::is_some);
                match (loaded, polled.error.get()) {
                    (false, Some(e)) => view! {
                        <ApiErrorView title="Could not load changefeeds" error=e
                            on_retry=Callback::new(move |()| polled.refresh())/>
                    }.into_any(),
                    (false, None) => view! { <p class="muted" role="status">"Loading changefeeds…"</p> }.into_any(),
                    (true, _) => ().into_any(),
                }
            }}

            {move || bulk_wanted.get().then(|| bulk_panel.run(bulk_props))}

            <div class="cf-scroll table-wrap" node_ref=scroller tabindex="0" aria-label="Changefeed table"
                class:cf-scroll--hidden=move || last.with(Option::is_none)
                on:scroll=move |ev| {
                    let el: web_sys::Element = event_target(&ev);
                    scroll_top.set(f64::from(el.scroll_top()));
                }>
                <table class="table cf-table" aria-rowcount=move || indices.with(Vec::len) + 1>
                    <caption class="visually-hidden">"Changefeeds"</caption>
                    <colgroup>
                        <col class="c-sel"/><col class="c-id"/><col class="c-state"/><col class="c-ckpt"/><col class="c-lag"/>
                        <col class="c-sink"/><col class="c-err"/><col class="c-act"/>
                    </colgroup>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col" class="cf-sel">
                                <input type="checkbox" aria-label="Select the changefeeds shown"
                                    prop:checked=move || shown_coverage.get() == Coverage::All
                                    prop:indeterminate=move || shown_coverage.get() == Coverage::Some
                                    on:change=move |_| toggle_shown.run(())/>
                            </th>
                            <SortHeader label="Changefeed" key=SortKey::Id sort=sort query=query go=go/>
                            <SortHeader label="State" key=SortKey::State sort=sort query=query go=go/>
                            <th scope="col">"Checkpoint"</th>
                            <SortHeader label="Lag" key=SortKey::Lag sort=sort query=query go=go/>
                            <th scope="col">"Sink"</th>
                            <th scope="col">"Error / warning"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody node_ref=tbody on:click=rows_click(pick, act) on:keydown=rows_key(pick)>
                        <tr class="cf-spacer" aria-hidden="true" style:height=move || format!("{}px", win.get().top_px(ROW_PX) as u64)></tr>
                        <For each=in_dom key=|r| (r.id.clone(), r.version) children=move |r| {
                            view! { <Row row=r now=now sinks=sinks writes=actions selection=selection/> }
                        }/>
                        <tr class="cf-spacer" aria-hidden="true"
                            style:height=move || format!("{}px", win.get().bottom_px(ROW_PX, indices.with(Vec::len)) as u64)></tr>
                    </tbody>
                </table>
                {move || empty_state(last.with(Option::is_some), rows.with(|r| r.is_empty()), indices.with(Vec::is_empty), filter.get(), search.get())
                    .map(|v| v.into_any())}
            </div>
        </section>
    }
}

/// Records each list answer in the history once, when TiCDC's clock for it (`now`) is known
/// (the TSO may arrive after the list). Nothing is fetched for it.
fn record_history(services: Services, now: Memo<Option<i64>>, last: RwSignal<Option<Snapshot>>) {
    let history = use_history();
    let recorded_at = StoredValue::new(None::<f64>);
    Effect::new(move |_| {
        let Some(now) = now.get() else { return };
        last.with_untracked(|l| {
            if let Some(s) = l
                && recorded_at.get_value() != Some(s.at)
            {
                recorded_at.set_value(Some(s.at));
                history.follow(&services.client());
                history.record_list(&s.rows, now, s.at);
            }
        });
    });
}

/// What the list shows: the last answer, whether it is an interim one, and its rows.
struct Shown {
    /// The last answer of any filter; None until the first.
    last: RwSignal<Option<Snapshot>>,
    /// The rows shown are not TiCDC's answer for this filter yet.
    interim: Memo<bool>,
    /// The rows shown.
    rows: Memo<Arc<Vec<ListRow>>>,
}

/// The rows to show for `filter`. The last answer per filter is kept: while a filter loads,
/// its previous answer (or the rows of a wider one, filtered in the browser by display state)
/// is shown, so switching is instant; TiCDC's answer replaces it a moment later.
fn use_shown(polled: Polled<Snapshot>, filter: Memo<ListStateFilter>) -> Shown {
    let cache = RwSignal::new(HashMap::<ListStateFilter, Snapshot>::new());
    let last = RwSignal::new(None::<Snapshot>);
    Effect::new(move |_| {
        if let Some(s) = polled.data.get() {
            cache.update(|c| {
                c.insert(s.filter, s.clone());
            });
            last.set(Some(s));
        }
    });
    let interim =
        Memo::new(move |_| polled.data.with(Option::is_none) && last.with(Option::is_some));
    let rows = Memo::new(move |_| -> Arc<Vec<ListRow>> {
        if let Some(rows) = polled.data.with(|d| d.as_ref().map(|s| s.rows.clone())) {
            return rows;
        }
        let f = filter.get();
        cache.with_untracked(|c| {
            if let Some(s) = c.get(&f) {
                return s.rows.clone();
            }
            let wider = c
                .get(&ListStateFilter::All)
                .or_else(|| c.get(&ListStateFilter::Default))
                .or_else(|| c.values().next());
            match wider {
                Some(s) => Arc::new(
                    s.rows
                        .iter()
                        .filter(|r| list::interim_matches(f, r.state))
                        .cloned()
                        .collect(),
                ),
                None => Arc::new(Vec::new()),
            }
        })
    });
    Shown {
        last,
        interim,
        rows,
    }
}

fn empty_state(
    loaded: bool,
    no_rows: bool,
    no_match: bool,
    f: ListStateFilter,
    q: String,
) -> Option<impl IntoView> {
    if !loaded || !no_match {
        return None;
    }
    let body = if no_rows && matches!(f, ListStateFilter::Default | ListStateFilter::All) {
        view! {
            <p>"No changefeeds yet — "<A href=Page::Create { from: None }.href()>"Create one"</A>"."</p>
        }
        .into_any()
    } else if no_rows {
        view! {
            <p>"No changefeeds in state "<strong>{f.as_str()}</strong>". "
                <A href=Page::Changefeeds(ListQuery { state: ListStateFilter::All, ..Default::default() }).href()>"Show all"</A></p>
        }
        .into_any()
    } else {
        view! { <p>"No changefeeds match “"{q}"”."</p> }.into_any()
    };
    Some(view! { <div class="cf-empty" role="status">{body}</div> })
}
