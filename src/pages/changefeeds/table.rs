//! The list's table pieces: sortable column headers, one changefeed row, and the table body's
//! delegated events.

use std::collections::HashMap;

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use super::sinks::Sink;
use crate::bulk::Selection;
use crate::format;
use crate::list::{self, ListRow};
use crate::routes::{ListQuery, Page, SortKey};
use crate::row_markup::{self, RowCells, SinkCell};
use crate::secrets::mask_sink_uri;
use crate::services::{Actions, now_ms, tz_offset_at, use_history};
use crate::state::allowed_actions;
use crate::tso;

/// A sortable column header: a button inside `<th scope="col" aria-sort>`.
#[component]
pub(super) fn SortHeader(
    /// Column title.
    label: &'static str,
    /// The sort this column applies.
    key: SortKey,
    /// The current sort and direction.
    sort: Memo<(SortKey, bool)>,
    /// The list's URL state.
    query: Memo<ListQuery>,
    /// Navigates to a new URL state.
    go: Callback<ListQuery>,
) -> impl IntoView {
    let aria = move || match sort.get() {
        (k, false) if k == key => "ascending",
        (k, true) if k == key => "descending",
        _ => "none",
    };
    let arrow = move || match sort.get() {
        (k, d) if k == key => {
            if d {
                "▼"
            } else {
                "▲"
            }
        }
        _ => "",
    };
    let hint = match key {
        SortKey::Id => "Sort by id",
        SortKey::State => "Sort by state, most urgent first",
        SortKey::Lag => "Sort by checkpoint lag",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="th-sort" title=hint on:click=move |_| {
                let mut q = query.get_untracked();
                if q.sort == key { q.desc = !q.desc } else { q.sort = key; q.desc = list::default_desc(key) }
                go.run(q);
            }>{label}<span class="th-sort__arrow" aria-hidden="true">{arrow}</span></button>
        </th>
    }
}

/// The row's parts that change without changing its key: each is the HTML (or flag) the row
/// shows now.
#[derive(Clone, PartialEq)]
struct Live {
    /// The lag cell's inner HTML: the sparkline and the figure.
    lag: String,
    /// The sink cell's inner HTML.
    sink: String,
    selected: bool,
    busy: bool,
}

/// One changefeed row, built as HTML text (`row_markup::row_html`) with one `innerHTML` write.
/// Its key is the id and the displayed fields, so a refresh leaves unchanged rows alone and a
/// keystroke keeps the rows that stay in view; the live parts (lag and sparkline, sink URI,
/// selection, busy buttons) are patched by one effect. Its clicks and Space are handled by the
/// table ([`rows_click`], [`rows_key`]), from its `data-id`; the table numbers the rows
/// ([`number_rows`]).
#[component]
pub(super) fn Row(
    /// The changefeed as the list shows it.
    row: ListRow,
    /// TiCDC's time when the list arrived (None until the first TSO answer).
    now: Memo<Option<i64>>,
    /// The sink URIs loaded so far.
    sinks: RwSignal<HashMap<String, Sink>>,
    /// The list's writes (the buttons disable while one is in flight on this row).
    writes: Actions,
    /// The list's selection (the row's checkbox shows whether it is in it).
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let history = use_history();
    let ListRow {
        id,
        state,
        checkpoint_tso,
        problem,
        ..
    } = row;
    let actions = allowed_actions(state);
    let (ckpt_text, ckpt_title) = if checkpoint_tso == 0 {
        (
            "—".to_string(),
            "No checkpoint yet: the owner has no status for this changefeed".to_string(),
        )
    } else {
        (
            tso::tso_to_local_string(
                checkpoint_tso,
                tz_offset_at(tso::physical_ms(checkpoint_tso) as f64),
            )[..19]
                .to_string(),
            format!(
                "TSO {checkpoint_tso} · {} UTC",
                tso::tso_to_utc_string(checkpoint_tso)
            ),
        )
    };
    let sid = id.clone();
    // This row's entry only: sink URIs arrive one at a time, and each arrival would otherwise
    // re-run the effect of every row in view.
    let this_sink = Memo::new(move |_| sinks.with(|m| m.get(&sid).cloned()));
    let lid = id.clone();
    let live = move || {
        let svg = history.spark(&lid, now_ms() as i64);
        let (figure, high) = match (now.get(), checkpoint_tso) {
            (_, 0) | (None, _) => ("—".to_string(), false),
            (Some(n), c) => {
                let ms = format::checkpoint_lag_ms(n, c);
                (
                    format::format_checkpoint_lag_ms(ms),
                    format::is_lag_high(ms),
                )
            }
        };
        let sink = this_sink.with(|s| match s {
            None => row_markup::sink_html(SinkCell::Loading),
            Some(Sink::Uri(u)) => row_markup::sink_html(SinkCell::Uri(&mask_sink_uri(u))),
            Some(Sink::Missing(why)) => row_markup::sink_html(SinkCell::Missing(why)),
        });
        Live {
            lag: row_markup::lag_html(&svg, &figure, high),
            sink,
            selected: selection.with(|s| s.contains(&lid)),
            busy: writes.is_busy(&lid),
        }
    };
    let first = untrack(&live);
    let href = Page::Changefeed { id: id.clone() }.href();
    let html = row_markup::row_html(&RowCells {
        id: &id,
        href: &href,
        state,
        checkpoint: (&ckpt_text, &ckpt_title),
        problem: problem.as_ref(),
        pause: actions.pause,
        resume: actions.resume,
        lag: &first.lag,
        sink: &first.sink,
        selected: first.selected,
        busy: first.busy,
    });
    let class = row_markup::row_class(state, first.selected);
    let tr = NodeRef::<leptos::html::Tr>::new();
    Effect::new(move |shown: Option<Live>| {
        let next = live();
        let shown = shown.unwrap_or_else(|| first.clone());
        match tr.get() {
            Some(el) => {
                patch(&el, &shown, &next);
                next
            }
            // Not in the DOM yet: it still shows `shown`; this effect re-runs when it is.
            None => shown,
        }
    });
    view! { <tr class=class data-id=id node_ref=tr inner_html=html></tr> }
}

/// Writes what changed from `old` to `new` into the row `tr` (cells in `row_html`'s order).
fn patch(tr: &web_sys::Element, old: &Live, new: &Live) {
    let cells = tr.children();
    let cell = |i| cells.item(i);
    if old.lag != new.lag
        && let Some(span) = cell(4).and_then(|td| td.first_element_child())
    {
        span.set_inner_html(&new.lag);
    }
    if old.sink != new.sink
        && let Some(td) = cell(5)
    {
        td.set_inner_html(&new.sink);
    }
    if old.selected != new.selected {
        let _ = tr
            .class_list()
            .toggle_with_force("cf-row--selected", new.selected);
    }
    if let Some(input) = cell(0)
        .and_then(|td| td.first_element_child())
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        && input.checked() != new.selected
    {
        input.set_checked(new.selected);
    }
    if old.busy != new.busy
        && let Some(td) = cell(7)
    {
        let buttons = td.children();
        for i in 0..buttons.length() {
            if let Some(b) = buttons.item(i) {
                let _ = b.toggle_attribute_with_force("disabled", new.busy);
            }
        }
    }
}

/// The row (`tr[data-id]`) an event happened in, with its changefeed id.
fn event_row(ev: &web_sys::Event) -> Option<(web_sys::Element, String)> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let tr = target.closest("tr[data-id]").ok()??;
    let id = tr.get_attribute("data-id")?;
    Some((target, id))
}

/// The table body's click handler: a row's checkbox picks it (`pick`: the id and whether shift
/// was held, for a range), its Pause and Resume buttons call `act` (the id and whether to pause).
pub(super) fn rows_click(
    pick: Callback<(String, bool)>,
    act: Callback<(String, bool)>,
) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    move |ev| {
        let Some((target, id)) = event_row(&ev) else {
            return;
        };
        if target.class_list().contains("cf-pick") {
            pick.run((id, ev.shift_key()));
        } else if let Some(button) = target.closest("button[data-act]").ok().flatten() {
            act.run((
                id,
                button.get_attribute("data-act").as_deref() == Some("pause"),
            ));
        }
    }
}

/// The table body's keydown handler: Space on a focused row (its link, say) toggles it, as on
/// its checkbox; buttons and the checkbox keep their own Space.
pub(super) fn rows_key(
    pick: Callback<(String, bool)>,
) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev| {
        if ev.key() != " " {
            return;
        }
        let Some((target, id)) = event_row(&ev) else {
            return;
        };
        let tag = target.tag_name();
        if tag == "BUTTON" || tag == "INPUT" {
            return;
        }
        ev.prevent_default();
        pick.run((id, ev.shift_key()));
    }
}

/// Sets `aria-rowindex` on the rows of `tbody` (the header row is 1), the first of them being
/// row `first` (0-based) of the filtered list. Rows keep their element across a keystroke, so
/// their number is set here, where it is known, rather than when they are built.
pub(super) fn number_rows(tbody: &web_sys::Element, first: usize) {
    let rows = tbody.children();
    let mut n = first + 2;
    for i in 0..rows.length() {
        let Some(tr) = rows.item(i) else { continue };
        if !tr.has_attribute("data-id") {
            continue;
        }
        let value = n.to_string();
        if tr.get_attribute("aria-rowindex").as_deref() != Some(value.as_str()) {
            let _ = tr.set_attribute("aria-rowindex", &value);
        }
        n += 1;
    }
}
