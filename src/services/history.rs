//! The browser side of the history (`crate::history`): one recorder per tab, fed by the polls
//! the pages already run (no request of its own), kept in localStorage so it survives reloads
//! and is shared by the tabs of this browser.
//!
//! Writing the whole history on every poll would cost a long task with 10,000 changefeeds, so
//! the tab writes at most every [`PERSIST_MS`], at once after an operation, and when the page
//! is hidden or closed. Before writing it merges what other tabs wrote since its last write
//! (a small stamp key says whether anyone did); the `storage` event brings another tab's
//! write in as soon as it happens. A full storage (quota) halves the byte cap and tries again,
//! and says so in [`HistoryStore::note`].

use leptos::prelude::*;

use super::now_ms;
use crate::api::{ApiError, Client};
use crate::history::recorder::ProblemSeen;
use crate::history::{History, OperationResult, Sample, storage_key};
use crate::list::ListRow;

/// Longest time between two writes to localStorage while polls record.
pub const PERSIST_MS: f64 = 10_000.0;
/// The stored text's byte cap (localStorage holds about 5 MB per origin, shared with the
/// console's other keys and any other app on the origin).
pub const MAX_STORED_BYTES: usize = 1_500_000;

struct State {
    key: String,
    history: History,
    /// `tab:sequence` of this tab's last write, also stored under `key + "#stamp"`.
    stamp: String,
    seq: u64,
    tab: String,
    last_persist: f64,
    cap: usize,
    /// Recorded since the last write to storage without asking for one (a batch's operations).
    dirty: bool,
}

/// The tab's history recorder; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    state: StoredValue<State>,
    /// Bumped whenever the history changed (a poll recorded, another tab wrote).
    pub rev: RwSignal<u64>,
    /// A storage problem to tell the user (unreadable stored history, a full quota).
    pub note: RwSignal<Option<String>>,
}

/// The recorder provided by the App.
pub fn use_history() -> HistoryStore {
    expect_context::<HistoryStore>()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl HistoryStore {
    /// Loads the history of `client`'s TiCDC and scope, and starts listening for other tabs'
    /// writes and for the page being hidden or closed.
    pub fn new(client: &Client) -> HistoryStore {
        let key = storage_key(client.base_url(), &client.scope());
        let tab = format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
        let store = HistoryStore {
            state: StoredValue::new(State {
                key: String::new(),
                history: History::new(),
                stamp: String::new(),
                seq: 0,
                tab,
                last_persist: now_ms(),
                cap: MAX_STORED_BYTES,
                dirty: false,
            }),
            rev: RwSignal::new(0),
            note: RwSignal::new(None),
        };
        store.switch_to(key);

        let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
            let key = store.state.with_value(|s| format!("{}#stamp", s.key));
            if ev.key().as_deref() == Some(key.as_str()) {
                store.merge_stored();
            }
        });
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| store.persist());
        let on_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if super::document_hidden() {
                store.persist();
            }
        });
        on_cleanup(move || {
            on_storage.remove();
            on_hide.remove();
            on_visibility.remove();
        });
        store
    }

    /// Follows the client to another cluster or scope: writes the current history, loads the
    /// other one. A no-op when the key is unchanged (call it before recording).
    pub fn follow(&self, client: &Client) {
        let key = storage_key(client.base_url(), &client.scope());
        if self.state.with_value(|s| s.key != key) {
            self.persist();
            self.switch_to(key);
        }
    }

    fn switch_to(&self, key: String) {
        let raw = local_storage().and_then(|s| s.get_item(&key).ok().flatten());
        let history = match raw.map(|r| History::from_json(&r)) {
            Some(Ok(h)) => h,
            Some(Err(why)) => {
                // Keep the unreadable text aside instead of overwriting it.
                if let Some(s) = local_storage()
                    && let Ok(Some(r)) = s.get_item(&key)
                {
                    let _ = s.set_item(&format!("{key}#unreadable"), &r);
                }
                self.note.set(Some(format!(
                    "The history stored in this browser could not be read ({why}); it was set aside and recording starts afresh."
                )));
                History::new()
            }
            None => History::new(),
        };
        let stamp = local_storage()
            .and_then(|s| s.get_item(&format!("{key}#stamp")).ok().flatten())
            .unwrap_or_default();
        self.state.update_value(|s| {
            s.key = key;
            s.history = history;
            s.stamp = stamp;
        });
        self.rev.update(|r| *r += 1);
    }

    /// Reads what another tab stored and merges it in.
    fn merge_stored(&self) {
        let Some(storage) = local_storage() else {
            return;
        };
        let key = self.state.with_value(|s| s.key.clone());
        let stamp = storage
            .get_item(&format!("{key}#stamp"))
            .ok()
            .flatten()
            .unwrap_or_default();
        if self.state.with_value(|s| s.stamp == stamp) {
            return;
        }
        if let Some(Ok(other)) = storage
            .get_item(&key)
            .ok()
            .flatten()
            .map(|r| History::from_json(&r))
        {
            let now = now_ms() as i64;
            self.state.update_value(|s| {
                s.history.merge(&other, now);
                s.stamp = stamp;
            });
            self.rev.update(|r| *r += 1);
        }
    }

    /// Writes the history (merged with other tabs' writes) within the byte cap.
    pub fn persist(&self) {
        let Some(storage) = local_storage() else {
            return;
        };
        self.merge_stored();
        let now = now_ms();
        let note = self.state.try_update_value(|s| {
            s.history.compact(now as i64);
            s.dirty = false;
            s.seq += 1;
            s.last_persist = now;
            let stamp = format!("{}:{}", s.tab, s.seq);
            loop {
                let text = s.history.to_json_capped(now as i64, s.cap);
                match storage.set_item(&s.key, &text) {
                    Ok(()) => break,
                    // A full quota: other keys of this origin take room. Halve and retry.
                    Err(_) if s.cap > 20_000 => s.cap /= 2,
                    Err(_) => {
                        return Some(
                            "This browser's storage is full: the history is kept in this tab only and is lost on reload.".to_string(),
                        );
                    }
                }
            }
            let _ = storage.set_item(&format!("{}#stamp", s.key), &stamp);
            s.stamp = stamp;
            (s.cap < MAX_STORED_BYTES).then(|| {
                format!(
                    "This browser's storage is nearly full: the history is cut to {} kB, oldest first.",
                    s.cap / 1000
                )
            })
        });
        if let Some(note) = note
            && self.note.get_untracked() != note
        {
            self.note.set(note);
        }
    }

    fn after_record(&self) {
        self.rev.update(|r| *r += 1);
        let due = self
            .state
            .with_value(|s| now_ms() - s.last_persist >= PERSIST_MS);
        if due {
            self.persist();
        }
    }

    /// Records one list poll: every row's checkpoint lag at TiCDC's `now_ms` (the moment the
    /// list arrived, on TiCDC's clock), its state and its error field, at browser time `at`.
    pub fn record_list(&self, rows: &[ListRow], ticdc_now_ms: i64, at: f64) {
        self.state.update_value(|s| {
            for r in rows {
                let problem = r.problem.as_ref().map(|p| ProblemSeen {
                    code: &p.code,
                    message: &p.message,
                    addr: &p.addr,
                });
                s.history.observe(
                    &r.id,
                    Sample::new(at as i64, r.lag_ms(ticdc_now_ms), r.state),
                    problem,
                );
            }
        });
        self.after_record();
    }

    /// Records one detail poll of changefeed `id`.
    pub fn record_detail(&self, id: &str, sample: Sample, problem: Option<ProblemSeen<'_>>) {
        self.state
            .update_value(|s| s.history.observe(id, sample, problem));
        self.after_record();
    }

    /// Records an operation done from this console and its result, and writes at once (the
    /// user may reload right after it).
    pub fn record_operation(
        &self,
        id: &str,
        op: &str,
        summary: &str,
        result: &Result<(), ApiError>,
    ) {
        self.record_operation_later(id, op, summary, result);
        self.flush();
    }

    /// Records an operation of a batch: kept, but neither stored nor shown until
    /// [`HistoryStore::flush`] (a bulk action on 10,000 changefeeds is one storage write, not
    /// 10,000 of the whole history).
    pub fn record_operation_later(
        &self,
        id: &str,
        op: &str,
        summary: &str,
        result: &Result<(), ApiError>,
    ) {
        let failure = result.as_ref().err().map(operation_failure);
        let now = now_ms() as i64;
        self.state.update_value(|s| {
            s.history.record_operation(id, now, op, summary, failure);
            s.dirty = true;
        });
    }

    /// Stores and shows what [`HistoryStore::record_operation_later`] kept, if anything.
    pub fn flush(&self) {
        if self.state.with_value(|s| s.dirty) {
            self.rev.update(|r| *r += 1);
            self.persist();
        }
    }

    /// Reads the history (tracked: re-runs when it changes).
    pub fn with<R>(&self, f: impl FnOnce(&History) -> R) -> R {
        self.rev.track();
        self.state.with_value(|s| f(&s.history))
    }

    /// One changefeed's history as a JSON document (the timeline's export).
    pub fn export(&self, id: &str) -> String {
        self.state
            .with_value(|s| s.history.export_json(&s.key, id, now_ms() as i64))
    }
}

/// TiCDC's error as the timeline keeps it: its code (or the HTTP status, "network", "timeout") and its
/// message.
pub fn operation_failure(e: &ApiError) -> OperationResult {
    let code = match e {
        ApiError::Http { status, code, .. } if code.is_empty() => format!("HTTP {status}"),
        ApiError::Http { code, .. } => code.clone(),
        ApiError::Network(_) => "network".to_string(),
        ApiError::Timeout { .. } => "timeout".to_string(),
        ApiError::Decode { .. } => "decode".to_string(),
    };
    OperationResult {
        code,
        message: e.short_message(),
    }
}
