//! The toast stack the shell shows (its queue is `services::Toaster`).

use leptos::prelude::*;

use crate::services::{ToastKind, use_services};

/// The toast stack: results of actions. Errors are announced assertively and stay until closed.
#[component]
pub fn Toasts() -> impl IntoView {
    let toaster = use_services().toaster;
    view! {
        <div class="toasts" aria-live="polite">
            <For each=move || toaster.toasts().get() key=|t| t.id children=move |t| {
                let id = t.id;
                let role = if t.kind == ToastKind::Error { "alert" } else { "status" };
                let word = match t.kind { ToastKind::Success => "Done", ToastKind::Error => "Failed", ToastKind::Info => "Note" };
                view! {
                    <div class=format!("toast toast--{}", t.kind.as_str()) role=role>
                        <div class="toast__body">
                            <strong class="toast__title">{word}": "{t.title.clone()}</strong>
                            {t.code.clone().map(|c| view! { <code class="toast__code">{c}</code> })}
                            {t.detail.clone().map(|d| view! { <p class="toast__detail">{d}</p> })}
                        </div>
                        <button class="toast__close" aria-label="Dismiss notification" on:click=move |_| toaster.dismiss(id)>"×"</button>
                    </div>
                }
            }/>
        </div>
    }
}
