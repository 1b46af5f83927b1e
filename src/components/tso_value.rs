//! A TSO shown exactly, with its time in UTC and local, and the copy button.

use leptos::prelude::*;

use crate::services::tz_offset_at;
use crate::tso;

/// A TSO exactly as TiCDC sent it (plain decimal, no separators, selectable) with its
/// date-time in UTC and in the browser's zone, and a copy button.
#[component]
pub fn TsoValue(
    /// The TSO (u64, never through a JS number).
    tso: u64,
) -> impl IntoView {
    let text = tso.to_string();
    let when = if tso == 0 {
        "—".to_string()
    } else {
        let offset = tz_offset_at(tso::physical_ms(tso) as f64);
        format!(
            "{} UTC · {} local",
            tso::tso_to_utc_string(tso),
            tso::tso_to_local_string(tso, offset)
        )
    };
    view! {
        <span class="tso">
            <code class="tso__value">{text.clone()}</code>
            <CopyButton text=text label="Copy TSO"/>
            <span class="tso__time">{when}</span>
        </span>
    }
}

/// Copies `text` to the clipboard.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: String,
    /// The accessible name ("Copy TSO").
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
            set_timeout(
                move || copied.try_set(false).map(|_| ()).unwrap_or(()),
                std::time::Duration::from_millis(1500),
            );
        }
    };
    view! {
        <button type="button" class="btn btn--ghost btn--small" aria-label=label on:click=on_click>
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
