//! The list's sink column: the list response has no sink URI, so it is fetched lazily, one
//! changefeed at a time, for the rows in view only, and cached. The loader is a wasm chunk
//! (`lazy::AFTER_ROWS`) started once the first rows are drawn.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::services::{Alive, Services, document_hidden, sleep_ms};

/// The lazily filled sink URI of one changefeed.
#[derive(Clone, Debug, PartialEq)]
pub enum Sink {
    Uri(String),
    Missing(String),
}

/// Fills `sinks` from GET /changefeeds/{id}: one request at a time, only ids currently in
/// the viewport, each id once (the list response has no sink URI), while the list page that
/// made `alive` is mounted (`in_view` reads its memos: it is not called after).
pub fn spawn_sink_loader(
    services: Services,
    sinks: RwSignal<HashMap<String, Sink>>,
    in_view: impl Fn() -> Vec<String> + 'static,
    alive: Alive,
) {
    spawn_local(async move {
        while alive.get() {
            let next = if document_hidden() {
                None
            } else {
                sinks
                    .try_with_untracked(|m| in_view().into_iter().find(|id| !m.contains_key(id)))
                    .flatten()
            };
            // Nothing to fetch: look again shortly (after a scroll, a search, a new poll).
            let Some(next) = next else {
                sleep_ms(200).await;
                continue;
            };
            let id = next.clone();
            let result = services
                .call_with(id, |c, id| async move { c.changefeed_sink(&id).await })
                .await;
            if !alive.get() {
                break;
            }
            match result {
                Ok(info) => {
                    let v = match info.sink_uri {
                        Some(u) if !u.is_empty() => Sink::Uri(u),
                        _ => Sink::Missing("TiCDC returned no sink URI".into()),
                    };
                    sinks.try_update(|m| m.insert(next, v));
                }
                // TiCDC out of reach: try again later instead of caching the failure.
                Err(e) if crate::reach::unreachable_reason(&e).is_some() => sleep_ms(3_000).await,
                Err(e) => {
                    sinks.try_update(|m| m.insert(next, Sink::Missing(e.to_string())));
                }
            }
        }
    });
}
