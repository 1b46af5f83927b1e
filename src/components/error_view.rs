//! How a failed read shows: TiCDC's error code and message, with a Retry.

use leptos::prelude::*;

use crate::api::ApiError;

/// A failed read: TiCDC's error code and message, the HTTP status, and a Retry button.
#[component]
pub fn ApiErrorView(
    /// What failed ("Could not load changefeeds").
    #[prop(into)]
    title: String,
    /// The error to show.
    error: ApiError,
    /// Called by the Retry button, when given.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let code = error.code().filter(|c| !c.is_empty()).map(str::to_string);
    let status = error.status();
    view! {
        <div class="error-box" role="alert">
            <p class="error-box__title"><strong>{title}</strong>
                {status.map(|s| view! { <span class="error-box__status">" (HTTP "{s}")"</span> })}
            </p>
            {code.map(|c| view! { <p><span class="label">"Error code "</span><code>{c}</code></p> })}
            <p class="error-box__message">{error.short_message()}</p>
            {on_retry.map(|cb| view! { <button class="btn" on:click=move |_| cb.run(())>"Retry"</button> })}
        </div>
    }
}
