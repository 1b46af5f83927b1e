//! "Updated hh:mm:ss · Refresh", shared by the polled pages.

use leptos::prelude::*;

use crate::services::tz_offset_at;
use crate::tso;

/// When the view was last refreshed, and a button to refresh it now.
#[component]
pub fn RefreshControl(
    /// When the data shown arrived (browser ms).
    #[prop(into)]
    updated_at: Signal<Option<f64>>,
    /// A refresh is in flight.
    loading: RwSignal<bool>,
    /// Refreshes the view.
    on_refresh: Callback<()>,
) -> impl IntoView {
    view! {
        <span class="refresh">
            <span class="muted" aria-live="off">
                {move || match updated_at.get() {
                    Some(ms) => format!("Updated {}", &tso::local_datetime(ms as i64, tz_offset_at(ms)).format()[11..19]),
                    None => "Not loaded yet".to_string(),
                }}
            </span>
            <button type="button" class="btn btn--small" on:click=move |_| on_refresh.run(())
                disabled=move || loading.get()>
                {move || if loading.get() { "Refreshing…" } else { "Refresh" }}
            </button>
        </span>
    }
}
