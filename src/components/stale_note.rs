//! The one way a polled view says its data is stale (principle 4: the last good data stays
//! visible, marked).

use leptos::prelude::*;

use crate::api::ApiError;

/// "Stale: last refresh failed — <error>": shown beside data whose last refresh failed.
#[component]
pub fn StaleNote(
    /// The last refresh's error (the text shown after the dash).
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let e = move || error.get().map(|e| e.to_string()).unwrap_or_default();
    view! { <span class="stale" role="status">"Stale: last refresh failed — "{e}</span> }
}
