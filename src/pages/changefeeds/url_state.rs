//! The list's view state (state filter, search, sort) and the URL that holds it.
//!
//! The page reads its view state from a signal of its own, set at once by a keystroke or a
//! click; the URL follows after the next frame is painted. Writing the URL is the router's
//! navigation plus `history.replaceState`, about 3 ms in Chromium with 10,000 changefeeds
//! (BENCHMARKS.md, "A keystroke without the URL write"), that a keystroke's or a filter
//! switch's frame no longer waits for. Keystrokes typed faster than frames make one write, of the
//! last text. A URL changed from elsewhere (the back button, a link to `/?state=…`) is the view
//! state again, and a write still pending is dropped.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::routes::{ListQuery, Page};
use crate::services::Alive;

/// The list's view state, and how to change it.
#[derive(Clone, Copy)]
pub(super) struct ListUrl {
    /// What the page shows: the URL's state, or the newer one not yet written to it.
    pub query: Memo<ListQuery>,
    /// Shows a view state now; the URL follows after the next paint.
    pub go: Callback<ListQuery>,
}

pub(super) fn use_list_url() -> ListUrl {
    let query_map = use_query_map();
    let from_url = Memo::new(move |_| query_map.with(|m| ListQuery::from_params(|k| m.get_str(k))));
    let view = RwSignal::new(from_url.get_untracked());
    // What the URL holds, or will hold once the pending write is made.
    let written = StoredValue::new(from_url.get_untracked());
    // Bumped by each write scheduled or dropped: a timer whose number is no longer current does
    // nothing.
    let pending = StoredValue::new(0_u64);
    let alive = Alive::new();

    Effect::new(move |_| {
        let url = from_url.get();
        if written.with_value(|w| *w != url) {
            pending.update_value(|n| *n += 1);
            written.set_value(url.clone());
            view.set(url);
        }
    });

    let navigate = use_navigate();
    let write_url = Callback::new(move |q: ListQuery| {
        navigate(
            &Page::Changefeeds(q).href(),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let go = Callback::new(move |q: ListQuery| {
        if view.with_untracked(|v| *v == q) {
            return;
        }
        written.set_value(q.clone());
        view.set(q);
        pending.update_value(|n| *n += 1);
        let mine = pending.get_value();
        let alive = alive.clone();
        // After the frame: a task queued from requestAnimationFrame runs once it is painted.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if alive.get() && pending.get_value() == mine {
                        write_url.run(written.get_value());
                    }
                },
                Duration::ZERO,
            );
        });
    });
    ListUrl {
        query: Memo::new(move |_| view.get()),
        go,
    }
}
