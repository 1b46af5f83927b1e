//! A changefeed state as a badge.

use leptos::prelude::*;

use crate::state::FeedState;

/// A changefeed state as a badge: the word and a symbol carry it, the colour only repeats it.
#[component]
pub fn StateBadge(
    /// The state to show.
    state: FeedState,
) -> impl IntoView {
    let symbol = crate::row_markup::state_symbol(state);
    view! {
        <span class=format!("badge badge--{}", state.css_class())>
            <span class="badge__symbol" aria-hidden="true">{symbol}</span>
            {state.label()}
        </span>
    }
}
