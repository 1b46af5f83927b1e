//! The changes an update would make, as dotted paths with old → new values.

use leptos::prelude::*;

use crate::config_form::Change;

/// The list of changes; "No changes" when empty.
#[component]
pub fn DiffList(
    /// The changes, from `config_form::diff_values`.
    #[prop(into)]
    changes: Signal<Vec<Change>>,
) -> impl IntoView {
    view! {
        {move || {
            let changes = changes.get();
            if changes.is_empty() {
                return view! {
                    <p class="muted" id="cfg-diff-empty">
                        "No changes yet. TiCDC refuses an update that changes nothing."
                    </p>
                }
                .into_any();
            }
            let rows = changes
                .into_iter()
                .map(|c| {
                    let path = c.path.strip_prefix("replica_config.").unwrap_or(&c.path).to_string();
                    view! {
                        <li class="cfg-diff__item">
                            <code class="cfg-diff__path" title=c.path.clone()>{path}</code>
                            <span class="cfg-diff__values">
                                <span class="cfg-diff__old">{c.old.unwrap_or_else(|| "(not set)".into())}</span>
                                <span aria-label="changes to">" → "</span>
                                <span class="cfg-diff__new">{c.new.unwrap_or_else(|| "(not set)".into())}</span>
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="cfg-diff" aria-label="Changes">{rows}</ul> }.into_any()
        }}
    }
}
