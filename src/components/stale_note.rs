//! The one way a polled view says its data is stale (live data stays visible and says when
//! it is stale: the last good data stays on screen, marked, while a refresh fails).

use leptos::prelude::*;

use crate::api::ApiError;

/// "Stale: last refresh failed — <error>": shown beside data whose last refresh failed.
#[component]
pub fn StaleNote(
    /// The last refresh's error (the text shown after the dash).
    error: RwSignal<Option<ApiError>>,
    /// What the staleness breaks on this page, said after the error (the edit page: its
    /// "changed on the server" check).
    #[prop(optional, into)]
    consequence: Option<String>,
    /// Called by a "Retry now" button, when given (pages without a Refresh control).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let e = move || error.get().map(|e| e.to_string()).unwrap_or_default();
    view! {
        <span class="stale" role="status">"Stale: last refresh failed — "{e}
            {consequence.map(|c| view! { ". "{c} })}
            {on_retry.map(|cb| view! {
                " "<button type="button" class="btn btn--small" on:click=move |_| cb.run(())>"Retry now"</button>
            })}
        </span>
    }
}
