//! The list's panel of changefeeds deleted in this tab (`lazy::LazyTombstones`): its code is
//! in the list's after-rows chunk, so the list's first load does not carry it.

use leptos::prelude::*;

use crate::services::tombstones::{clear_tombstones, load_tombstones};
use crate::tso;

/// Tombstones listed (a bulk delete may keep thousands; all stay in the tab).
const SHOWN: usize = 50;

/// Shows the tombstones of changefeeds deleted in this tab: what it takes to recreate them.
#[component]
pub fn TombstonePanel(
    /// Bumped when this tab's tombstones changed (they are read again); Dismiss clears them
    /// and bumps it.
    generation: RwSignal<u64>,
) -> impl IntoView {
    move || {
        generation.track();
        let t = load_tombstones();
        (!t.is_empty()).then(|| view! {
            <div class="card tombstones" role="region" aria-label="Deleted in this tab">
                <div class="tombstones__head">
                    <strong>"Deleted in this tab"</strong>
                    <span class="muted">" — last checkpoint and sink, to recreate them if needed"</span>
                    <button type="button" class="btn btn--ghost btn--small" on:click=move |_| {
                        clear_tombstones();
                        generation.update(|g| *g += 1);
                    }>"Dismiss"</button>
                </div>
                <ul class="tombstones__list">
                    {(t.len() > SHOWN).then(|| view! {
                        <li class="muted">{format!("The newest {SHOWN} of {} kept in this tab:", t.len())}</li>
                    })}
                    {t.into_iter().take(SHOWN).map(|t| view! {
                        <li><code>{t.id.clone()}</code>" · checkpoint TSO "<code>{t.checkpoint_ts.to_string()}</code>
                            {(t.checkpoint_ts != 0).then(|| format!(" ({} UTC)", tso::tso_to_utc_string(t.checkpoint_ts)))}
                            " · sink "<code>{t.sink_uri.clone()}</code></li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}
