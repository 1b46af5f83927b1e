//! The list's table pieces: sortable column headers and one changefeed row.

use std::collections::HashMap;

use leptos::prelude::*;

use super::sinks::Sink;
use crate::bulk::Selection;
use crate::components::{StateBadge, lag_cell};
use crate::format;
use crate::list::{self, ListRow};
use crate::routes::{ListQuery, Page, SortKey};
use crate::secrets::mask_sink_uri;
use crate::services::{Actions, tz_offset_at};
use crate::state::{FeedState, allowed_actions};
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

/// One changefeed row. Lag and sink are reactive cells; everything else is fixed for the
/// row's key (id + displayed fields), so unchanged rows are left alone by a refresh.
#[component]
pub(super) fn Row(
    /// The row's position in the filtered, sorted list (for `aria-rowindex`).
    pos: usize,
    /// The changefeed as the list shows it.
    row: ListRow,
    /// TiCDC's time when the list arrived (None until the first TSO answer).
    now: Memo<Option<i64>>,
    /// The sink URIs loaded so far.
    sinks: RwSignal<HashMap<String, Sink>>,
    /// The list's writes (the buttons disable while one is in flight on this row).
    writes: Actions,
    /// Pauses (`true`) or resumes (`false`) the changefeed of the given id.
    act: Callback<(String, bool)>,
    /// The list's selection (the row's checkbox shows whether it is in it).
    selection: RwSignal<Selection>,
    /// A checkbox click or Space: the id, and whether shift was held (a range).
    pick: Callback<(String, bool)>,
) -> impl IntoView {
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
    let lag = move || match (now.get(), checkpoint_tso) {
        (_, 0) | (None, _) => ("—".to_string(), false),
        (Some(n), c) => {
            let ms = format::checkpoint_lag_ms(n, c);
            (
                format::format_checkpoint_lag_ms(ms),
                format::is_lag_high(ms),
            )
        }
    };
    let sid = id.clone();
    let spark_id = id.clone();
    // This row's entry only: sink URIs arrive one at a time, and each arrival would otherwise
    // re-render the sink cell of every row in view.
    let this_sink = Memo::new(move |_| sinks.with(|m| m.get(&sid).cloned()));
    let sink = move || match this_sink.get() {
        None => view! { <span class="muted" title="Loading the sink URI">"…"</span> }.into_any(),
        Some(Sink::Uri(u)) => {
            let shown = mask_sink_uri(&u);
            view! { <span class="mono" title=shown.clone()>{shown.clone()}</span> }.into_any()
        }
        Some(Sink::Missing(why)) => {
            view! { <span class="muted" title=why>"unavailable"</span> }.into_any()
        }
    };
    let pid = id.clone();
    let is_busy = move || writes.is_busy(&pid);
    let (pause_id, resume_id) = (id.clone(), id.clone());
    let (href, id_title, id_text) = (
        Page::Changefeed { id: id.clone() }.href(),
        id.clone(),
        id.clone(),
    );
    let is_failed = state == FeedState::Failed;
    let is_warning = matches!(state, FeedState::Warning | FeedState::Pending);
    let (sel_id, click_id, key_id) = (id.clone(), id.clone(), id.clone());
    let checked = Memo::new(move |_| selection.with(|s| s.contains(&sel_id)));
    // Space on a focused row (its link, say) toggles it, as on its checkbox; buttons and the
    // checkbox keep their own Space.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != " " {
            return;
        }
        let tag = event_target::<web_sys::Element>(&ev).tag_name();
        if tag == "BUTTON" || tag == "INPUT" {
            return;
        }
        ev.prevent_default();
        pick.run((key_id.clone(), ev.shift_key()));
    };
    view! {
        <tr class="cf-row" class:cf-row--failed=is_failed class:cf-row--warning=is_warning aria-rowindex=pos + 2
            class:cf-row--selected=checked on:keydown=on_key>
            <td class="cf-sel">
                <input type="checkbox" aria-label=format!("Select {id}") prop:checked=checked
                    on:click=move |ev| pick.run((click_id.clone(), ev.shift_key()))/>
            </td>
            <th scope="row" class="cf-id">
                <a href=href title=id_title>{id_text}</a>
            </th>
            <td><StateBadge state=state/></td>
            <td class="num" title=ckpt_title>{ckpt_text}</td>
            <td class="num cf-lag">
                {lag_cell(spark_id, lag)}
            </td>
            <td class="cf-sink">{sink}</td>
            <td class="cf-problem">
                {problem.map(|p| {
                    let kind = if state == FeedState::Failed { "Error" } else { "Warning" };
                    let title = format!("{kind}: {}", p.message);
                    view! {
                        <span title=title><span class="visually-hidden">{kind}": "</span>
                            {(!p.code.is_empty()).then(|| view! { <code class="cf-code">{p.code.clone()}</code>" " })}
                            {p.first_line.clone()}
                        </span>
                    }
                })}
            </td>
            <td class="cf-actions">
                {actions.pause.then(|| view! {
                    <button type="button" class="btn btn--small" disabled=is_busy.clone()
                        aria-label=format!("Pause {id}")
                        on:click=move |_| act.run((pause_id.clone(), true))>"Pause"</button>
                })}
                {actions.resume.then(|| view! {
                    <button type="button" class="btn btn--small" disabled=is_busy
                        aria-label=format!("Resume {id}")
                        on:click=move |_| act.run((resume_id.clone(), false))>"Resume"</button>
                })}
            </td>
        </tr>
    }
}
