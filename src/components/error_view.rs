//! How a failed read shows: TiCDC's error code and message, with a Retry; when the server
//! wants another keyspace, a keyspace chooser instead of a dead end.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::ScopePicker;
use crate::scope::KeyspaceProblem;
use crate::services::{scope as scopes, use_services};

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
    // A new-architecture TiCDC serving several keyspaces refuses a request without one (or with
    // one it does not have): the way on is to choose one, in the URL like every scope.
    let keyspace = KeyspaceProblem::of(&error).map(|problem| {
        let services = use_services();
        let switch = scopes::use_switch(services);
        let recent = Signal::derive(scopes::recent);
        let current = match &problem {
            KeyspaceProblem::Missing => String::new(),
            KeyspaceProblem::Unknown(k) => k.clone(),
        };
        view! {
            <div class="error-box__choose">
                <p><strong>{problem.explain()}</strong></p>
                <ScopePicker id="scope-needed" arch=Signal::derive(|| Some(crate::api::release::Arch::New))
                    current=Signal::derive(move || current.clone()) recent=recent
                    on_choose=switch action="Open keyspace"/>
            </div>
        }
    });
    view! {
        <div class="error-box" role="alert">
            <p class="error-box__title"><strong>{title}</strong>
                {status.map(|s| view! { <span class="error-box__status">" (HTTP "{s}")"</span> })}
            </p>
            {code.map(|c| view! { <p><span class="label">"Error code "</span><code>{c}</code></p> })}
            <p class="error-box__message">{error.short_message()}</p>
            {keyspace}
            {on_retry.map(|cb| view! { <button class="btn" on:click=move |_| cb.run(())>"Retry"</button> })}
        </div>
    }
}
