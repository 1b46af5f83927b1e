//! The list's selection: a checkbox per row (shift-click takes a range in the order shown), the
//! header checkbox over the rows in the viewport. The set logic is `crate::bulk::Selection`
//! (tested natively); this hook wires it to the page's rows. The line that counts the selection
//! ("select all that match", "Clear") is the bulk panel's (`pages::bulk::SelectionBar`), in its
//! chunk: it is shown only with a selection, and the chunk is fetched with the first one.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::Snapshot;
use crate::bulk::{Coverage, Selection};
use crate::list::{self, ListRow};
use crate::services::Polled;

/// The selection and what the page's controls do with it.
#[derive(Clone, Copy)]
pub(super) struct ListSelection {
    /// The selected ids.
    pub selection: RwSignal<Selection>,
    /// A row's checkbox: `(id, shift)`.
    pub pick: Callback<(String, bool)>,
    /// Whether the bulk panel is wanted: from the first selection on (its chunk stays).
    pub bulk_wanted: Memo<bool>,
    /// How much of the rows in the viewport is selected (the header checkbox).
    pub shown_coverage: Memo<Coverage>,
    /// The header checkbox: selects the rows in the viewport, or clears them when all are.
    pub toggle_shown: Callback<()>,
}

/// The selection of the list whose latest answer is `polled`, shown as `indices` into `rows`;
/// `shown_ids` are the ids of the rows in the viewport.
pub(super) fn use_selection(
    polled: Polled<Snapshot>,
    rows: Memo<Arc<Vec<ListRow>>>,
    indices: Memo<Vec<usize>>,
    shown_ids: impl Fn() -> Vec<String> + Copy + Send + Sync + 'static,
) -> ListSelection {
    // By id: it survives polls and re-sorting; ids gone from TiCDC's latest answer are dropped
    // (an interim view while a filter loads drops nothing).
    let selection = RwSignal::new(Selection::default());
    Effect::new(move |_| {
        polled.data.with(|d| {
            let Some(snap) = d else { return };
            if selection.with_untracked(Selection::is_empty) {
                return;
            }
            let ids: HashSet<&str> = snap.rows.iter().map(|r| r.id.as_str()).collect();
            if selection.with_untracked(|s| s.iter().any(|id| !ids.contains(id))) {
                selection.update(|s| {
                    s.retain(|id| ids.contains(id));
                });
            }
        })
    });
    // A checkbox click: alone it toggles the row, with shift it takes the range from the
    // last row toggled, in the order shown now.
    let pick = Callback::new(move |(id, shift): (String, bool)| {
        if shift {
            indices.with_untracked(|idx| {
                rows.with_untracked(|rows| {
                    let order = list::rows_at(rows, idx).map(|r| r.id.as_str());
                    selection.update(|s| s.toggle_range(order, &id));
                })
            })
        } else {
            selection.update(|s| s.toggle(&id));
        }
    });
    // The bulk panel's chunk is fetched the first time something is selected, and stays.
    let bulk_wanted = Memo::new(move |prev: Option<&bool>| {
        prev.copied().unwrap_or(false) || !selection.with(Selection::is_empty)
    });

    let shown_coverage = Memo::new(move |_| {
        let ids = shown_ids();
        selection.with(|s| s.coverage(ids.iter().map(String::as_str)))
    });
    let toggle_shown = Callback::new(move |()| {
        let ids = shown_ids();
        let on = shown_coverage.get_untracked() != Coverage::All;
        selection.update(|s| s.set_all(ids.iter().map(String::as_str), on));
    });
    ListSelection {
        selection,
        pick,
        bulk_wanted,
        shown_coverage,
        toggle_shown,
    }
}
