//! The detail page's timeline, newest first: state changes, every distinct error or warning
//! this browser saw (kept after TiCDC forgets it), and the operations done from this console
//! with their result. Filter by kind; export the changefeed's whole history as JSON.

use leptos::prelude::*;

use crate::format::capitalize;
use crate::history::timeline::newest_first;
use crate::history::words::{TzOffsetAt, between_words, state_label, when};
use crate::history::{Event, EventBody, EventKind};
use crate::services::download::download;
use crate::services::{tz_offset_at, use_history};
use crate::state::FeedState;

/// The timeline of one changefeed.
#[component]
pub fn Timeline(
    /// The changefeed.
    id: Memo<String>,
) -> impl IntoView {
    let history = use_history();
    let kinds = RwSignal::new(EventKind::ALL.to_vec());
    let entries = Memo::new(move |_| {
        let id = id.get();
        kinds.with(|k| {
            history.with(|h| {
                h.feed(&id).map_or_else(Vec::new, |f| {
                    newest_first(&f.events, k)
                        .into_iter()
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let export = move |_| {
        let id = id.get_untracked();
        if let Some(text) = history.export(&id) {
            download(&format!("{id}-history.json"), "application/json", &text);
        }
    };
    view! {
        <section class="card timeline" aria-labelledby="timeline-h">
            <div class="card__head">
                <h2 id="timeline-h">"Timeline"</h2>
                <button type="button" class="btn btn--small" on:click=export>"Export JSON"</button>
            </div>
            <fieldset class="timeline__filter">
                <legend class="visually-hidden">"Show"</legend>
                {EventKind::ALL.into_iter().map(|k| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || kinds.with(|v| v.contains(&k))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                kinds.update(|v| { v.retain(|x| *x != k); if on { v.push(k) } });
                            }/>
                        " "{k.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || {
                let list = entries.get();
                if list.is_empty() {
                    view! { <p class="muted">"Nothing of these kinds seen by this browser yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="timeline__list" aria-label="Timeline, newest first">
                            {list.into_iter().map(entry).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
}

fn entry(e: Event) -> impl IntoView {
    // Each time with the offset in force at it (not today's: DST).
    let tz: TzOffsetAt = &|ms| tz_offset_at(ms as f64);
    let at = when(e.at, tz);
    let kind = e.kind();
    let (cls, body) = match e.body {
        EventBody::State {
            from,
            to,
            prev_seen,
        } => {
            let between = between_words(prev_seen, e.at, tz);
            (
                format!("timeline__item--state timeline__item--{}", FeedState::parse(&to).css_class()),
                view! {
                    <strong>"State: "{state_label(&from)}" → "{state_label(&to)}</strong>
                    {between}
                }
                .into_any(),
            )
        }
        EventBody::Problem {
            severity,
            code,
            message,
            addr,
            last_seen,
        } => (
            format!("timeline__item--problem timeline__item--{}", severity.label().to_ascii_lowercase()),
            view! {
                <strong>{severity.label()}" "<code>{if code.is_empty() { "(no code)".to_string() } else { code }}</code></strong>
                " reported by "<code>{addr}</code>
                <span class="timeline__seen">" · first seen "{when(e.at, tz)}" · last seen "{when(last_seen, tz)}</span>
                <pre class="timeline__message">{message}</pre>
            }
            .into_any(),
        ),
        EventBody::Operation {
            op,
            summary,
            failure,
        } => {
            let ok = failure.is_none();
            (
                format!("timeline__item--op timeline__item--{}", if ok { "ok" } else { "failed" }),
                view! {
                    <strong>{capitalize(&op)}" from this console"</strong>
                    {(!summary.is_empty()).then(|| format!(" ({summary})"))}
                    {match failure {
                        None => view! { " — accepted by TiCDC" }.into_any(),
                        Some(f) => view! { " — failed: "<code>{f.code}</code>" "{f.message}}.into_any(),
                    }}
                }
                .into_any(),
            )
        }
    };
    view! {
        <li class=format!("timeline__item {cls}") data-kind=match kind { EventKind::State => "state", EventKind::Problem => "problem", EventKind::Operation => "operation" }>
            <time class="timeline__time mono">{at}</time>
            <div class="timeline__body">{body}</div>
        </li>
    }
}
