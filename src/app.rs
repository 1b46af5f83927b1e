//! The application shell (placeholder until the console views land).
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <h1>"TiCDC Console"</h1> }
}
