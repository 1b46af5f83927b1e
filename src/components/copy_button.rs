//! The copy-to-clipboard button.

use leptos::prelude::*;

/// Copies `text` to the clipboard when clicked, and reads "Copied" for a moment.
///
/// Two looks: beside a value it shows (a TSO, a sink URI) it reads "Copy", with `label` as its
/// accessible name; with `show_label` (the export's "Copy TOML", beside other buttons) `label`
/// is its visible text.
#[component]
pub fn CopyButton(
    /// What to copy (read at the click).
    #[prop(into)]
    text: Signal<String>,
    /// The accessible name ("Copy TSO"), or with `show_label` the visible text too.
    label: &'static str,
    /// Show `label` as the button's text instead of "Copy".
    #[prop(optional)]
    show_label: bool,
    /// DOM id (tests).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text.get_untracked());
            copied.set(true);
            set_timeout(
                move || {
                    let _ = copied.try_set(false);
                },
                std::time::Duration::from_millis(1500),
            );
        }
    };
    let idle = if show_label { label } else { "Copy" };
    view! {
        <button type="button" class=if show_label { "btn btn--small" } else { "btn btn--ghost btn--small" }
            id=id aria-label=(!show_label).then_some(label) on:click=on_click>
            {move || if copied.get() { "Copied" } else { idle }}
        </button>
    }
}
