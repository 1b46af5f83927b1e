//! The browser side of the history (`crate::history`): one recorder per tab, fed by the polls
//! the pages already run (no request of its own), kept in localStorage so it survives reloads
//! and is shared by the tabs of this browser.
//!
//! Its code is in a wasm chunk (`split_after_rows.wasm`), fetched after the first rows
//! show: the pages talk to it through [`super::history::HistoryStore`], which keeps what they
//! record until it has arrived. Nothing outside this module names [`LocalRecorder`].
//!
//! The stored history is cut into [`SHARDS`] parts by changefeed id, one key each
//! (`<key>#s<part>`, with a `#stamp` key of its own saying who wrote it last). With 10,000
//! changefeeds the whole is about 1.5 MB; a part is a sixteenth of it, so every write of a part
//! is a short task:
//! - while polls record, at most every [`PERSIST_MS`], the changed parts are written one per
//!   task;
//! - an operation writes its changefeed's part at once (the user may reload right after it); a
//!   bulk action's operations are written part by part at its end;
//! - when the page is hidden or closed, every changed part is written at once (no later task
//!   would run).
//!
//! Loading is split the same way: the parts are read one per task after the app starts, so the
//! first rows do not wait for 1.5 MB of JSON. Before a part is written, what another tab wrote
//! to it since is merged in (its stamp says whether anyone did); the `storage` event brings
//! another tab's write of a part in as soon as it happens. A full storage (quota) halves the
//! byte cap and tries again, and says so in [`super::history::HistoryStore::note`]. A history stored whole by
//! an earlier version of the console (one key) is read once and then stored in parts.

use leptos::prelude::*;

use leptos::task::spawn_local;

use super::history::{ProblemOwned, Recorder, RecorderArgs};
use super::{local_storage, now_ms};
use crate::api::client::next_task;
use crate::history::recorder::{ALL_SHARDS, ProblemSeen, SHARDS, shard_of, shards_of};
use crate::history::trend::spark_svg;
use crate::history::{History, OperationResult, Sample};
use crate::list::ListRow;

/// Longest time between two writes to localStorage while polls record.
pub const PERSIST_MS: f64 = 10_000.0;
/// The stored text's byte cap (localStorage holds about 5 MB per origin, shared with the
/// console's other keys and any other app on the origin).
pub const MAX_STORED_BYTES: usize = 1_500_000;

struct State {
    key: String,
    history: History,
    /// Per part, `tab:sequence` of the last write this tab wrote or merged, also stored under
    /// the part's stamp key.
    stamps: Vec<String>,
    seq: u64,
    tab: String,
    last_persist: f64,
    cap: usize,
    /// Parts changed since they were last written.
    dirty: u32,
    /// Parts holding operations of a batch not yet written nor shown
    /// ([`LocalRecorder::record_operation_later`]).
    unflushed: u32,
    /// Parts queued for the writer task, and whether it runs.
    queued: u32,
    writing: bool,
    /// Parts of `key` not read from storage yet (the loader reads one per task).
    unloaded: u32,
}

/// A part's text key.
fn shard_key(key: &str, shard: usize) -> String {
    format!("{key}#s{shard}")
}

/// A part's stamp key.
fn stamp_key(key: &str, shard: usize) -> String {
    format!("{key}#s{shard}#stamp")
}

/// The part whose stamp key `changed` is, if it is one of `key`'s.
fn stamped_shard(key: &str, changed: &str) -> Option<usize> {
    let n = changed
        .strip_prefix(key)?
        .strip_prefix("#s")?
        .strip_suffix("#stamp")?;
    n.parse().ok().filter(|k| *k < SHARDS)
}

/// The tab's history recorder; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct LocalRecorder {
    state: StoredValue<State>,
    /// Bumped whenever the history changed (a poll recorded, another tab wrote).
    pub rev: RwSignal<u64>,
    /// A storage problem to tell the user (unreadable stored history, a full quota).
    pub note: RwSignal<Option<String>>,
}

impl LocalRecorder {
    /// A recorder of no cluster yet ([`LocalRecorder::follow`] names it), listening for other
    /// tabs' writes and for the page being hidden or closed. Call it under the App's owner.
    pub fn new(args: RecorderArgs) -> LocalRecorder {
        let tab = format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
        let store = LocalRecorder {
            state: StoredValue::new(State {
                key: String::new(),
                history: History::new(),
                stamps: vec![String::new(); SHARDS],
                seq: 0,
                tab,
                last_persist: now_ms(),
                cap: MAX_STORED_BYTES,
                dirty: 0,
                unflushed: 0,
                queued: 0,
                writing: false,
                unloaded: 0,
            }),
            rev: args.rev,
            note: args.note,
        };

        let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
            let Some(changed) = ev.key() else { return };
            let shard = store
                .state
                .try_with_value(|s| stamped_shard(&s.key, &changed))
                .flatten();
            if let (Some(k), Some(storage)) = (shard, local_storage()) {
                store.merge_shard(&storage, k);
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

    /// Follows the pages to another cluster or scope (`key`, `history::storage_key`): writes
    /// the current history, loads the other one. A no-op when the key is unchanged.
    pub fn follow(&self, key: String) {
        if self.state.with_value(|s| s.key != key) {
            self.persist();
            self.switch_to(key);
        }
    }

    /// Starts recording for `key`: an empty history at once, and the stored parts read one
    /// per task (merged with what is recorded meanwhile).
    fn switch_to(&self, key: String) {
        self.state.update_value(|s| {
            s.key = key.clone();
            s.history = History::new();
            s.stamps = vec![String::new(); SHARDS];
            s.dirty = 0;
            s.unflushed = 0;
            s.queued = 0;
            s.unloaded = ALL_SHARDS;
        });
        self.rev.update(|r| *r += 1);
        let store = *self;
        spawn_local(async move {
            for k in 0..SHARDS {
                next_task().await;
                let Some(storage) = local_storage() else {
                    return;
                };
                // Another switch (or this tab's write of the part) came first.
                let todo = store
                    .state
                    .try_with_value(|s| s.key == key && s.unloaded & 1 << k != 0);
                match todo {
                    Some(true) => store.merge_shard(&storage, k),
                    Some(false) => continue,
                    None => return,
                }
            }
            let Some(storage) = local_storage() else {
                return;
            };
            if store.state.try_with_value(|s| s.key == key) == Some(true) {
                store.migrate_whole(&storage, &key);
            }
        });
    }

    /// Reads a history stored whole (one key, by an earlier version) into the parts.
    fn migrate_whole(&self, storage: &web_sys::Storage, key: &str) {
        let Ok(Some(raw)) = storage.get_item(key) else {
            return;
        };
        match History::from_json(&raw) {
            Ok(old) => {
                let now = now_ms() as i64;
                let parts = shards_of(old.ids());
                self.state.update_value(|s| {
                    s.history.merge(&old, now);
                    s.dirty |= parts;
                });
                self.rev.update(|r| *r += 1);
                self.write_shards(storage, parts);
            }
            Err(why) => self.set_aside(storage, key, &raw, &why),
        }
        let _ = storage.remove_item(key);
        let _ = storage.remove_item(&format!("{key}#stamp"));
    }

    /// Keeps an unreadable stored text aside instead of overwriting it, and says so.
    fn set_aside(&self, storage: &web_sys::Storage, key: &str, raw: &str, why: &str) {
        let _ = storage.set_item(&format!("{key}#unreadable"), raw);
        self.note.set(Some(format!(
            "The history stored in this browser could not be read ({why}); it was set aside and recording starts afresh."
        )));
    }

    /// Merges part `k` as stored, when someone (another tab, or an earlier visit) wrote it
    /// since this tab last wrote or read it.
    fn merge_shard(&self, storage: &web_sys::Storage, k: usize) {
        let Some(key) = self.state.try_with_value(|s| s.key.clone()) else {
            return;
        };
        self.state.update_value(|s| s.unloaded &= !(1 << k));
        let stamp = storage
            .get_item(&stamp_key(&key, k))
            .ok()
            .flatten()
            .unwrap_or_default();
        if self.state.with_value(|s| s.stamps[k] == stamp) {
            return;
        }
        let part_key = shard_key(&key, k);
        let Ok(Some(raw)) = storage.get_item(&part_key) else {
            self.state.update_value(|s| s.stamps[k] = stamp);
            return;
        };
        match History::from_json(&raw) {
            Ok(other) => {
                let now = now_ms() as i64;
                self.state.update_value(|s| {
                    s.history.merge(&other, now);
                    s.stamps[k] = stamp;
                });
                self.rev.update(|r| *r += 1);
            }
            Err(why) => {
                self.set_aside(storage, &part_key, &raw, &why);
                self.state.update_value(|s| s.stamps[k] = stamp);
            }
        }
    }

    /// Writes part `k` (merged with what another tab wrote to it) within its share of the
    /// byte cap. Returns a note when the storage is full or nearly.
    fn write_shard(&self, storage: &web_sys::Storage, k: usize) -> Option<String> {
        self.merge_shard(storage, k);
        let now = now_ms();
        self.state.try_update_value(|s| {
            s.history.compact_shard(k, now as i64);
            s.dirty &= !(1 << k);
            s.seq += 1;
            let stamp = format!("{}:{}", s.tab, s.seq);
            let part_key = shard_key(&s.key, k);
            if !s.history.holds_shard(k) {
                // Nothing in this part (yet): no key for it rather than an empty text.
                let _ = storage.remove_item(&part_key);
                let _ = storage.remove_item(&stamp_key(&s.key, k));
                s.stamps[k] = String::new();
                return None;
            }
            loop {
                let text = s.history.shard_json_capped(k, now as i64, s.cap / SHARDS);
                match storage.set_item(&part_key, &text) {
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
            let _ = storage.set_item(&stamp_key(&s.key, k), &stamp);
            s.stamps[k] = stamp;
            (s.cap < MAX_STORED_BYTES).then(|| {
                format!(
                    "This browser's storage is nearly full: the history is cut to {} kB, oldest first.",
                    s.cap / 1000
                )
            })
        })?
    }

    /// Writes the parts of `mask` now, in this task.
    fn write_shards(&self, storage: &web_sys::Storage, mask: u32) {
        let mut note = None;
        for k in (0..SHARDS).filter(|k| mask & 1 << k != 0) {
            if let Some(n) = self.write_shard(storage, k) {
                note = Some(n);
            }
        }
        self.show_note(note);
    }

    fn show_note(&self, note: Option<String>) {
        if let Some(note) = note
            && self.note.try_get_untracked().as_ref() != Some(&Some(note.clone()))
        {
            self.note.try_set(Some(note));
        }
    }

    /// Writes every changed part at once: for the page being hidden or closed, and before
    /// following another cluster or scope (no later task may run).
    pub fn persist(&self) {
        let Some(storage) = local_storage() else {
            return;
        };
        let Some(mask) = self.state.try_with_value(|s| s.dirty | s.queued) else {
            return;
        };
        self.state.update_value(|s| {
            s.last_persist = now_ms();
            s.queued = 0;
        });
        self.write_shards(&storage, mask);
    }

    /// Queues the parts of `mask` for the writer task, which writes one part per task.
    fn write_soon(&self, mask: u32) {
        let start = self
            .state
            .try_update_value(|s| {
                s.queued |= mask;
                s.last_persist = now_ms();
                !std::mem::replace(&mut s.writing, true)
            })
            .unwrap_or(false);
        if !start {
            return;
        }
        let store = *self;
        spawn_local(async move {
            loop {
                next_task().await;
                let next = store.state.try_update_value(|s| {
                    let k = s.queued.trailing_zeros() as usize;
                    if k >= SHARDS {
                        s.writing = false;
                        return None;
                    }
                    s.queued &= !(1 << k);
                    Some(k)
                });
                let Some(Some(k)) = next else {
                    break;
                };
                match local_storage() {
                    Some(storage) => {
                        let note = store.write_shard(&storage, k);
                        store.show_note(note);
                    }
                    // Nothing can be stored: the part is still held to its share of the caps.
                    None => store.compact_shard(k),
                }
            }
        });
    }

    /// Holds part `k` to its share of the caps without storing it.
    fn compact_shard(&self, k: usize) {
        self.state.try_update_value(|s| {
            s.history.compact_shard(k, now_ms() as i64);
            s.dirty &= !(1 << k);
        });
    }

    /// After a poll was recorded: the changed parts are written (and compacted) every
    /// [`PERSIST_MS`], or at once when memory passed its cap
    /// ([`crate::history::recorder::MEMORY_MAX_SAMPLES`]), one part per task either way.
    fn after_record(&self) {
        self.rev.update(|r| *r += 1);
        let due = self.state.with_value(|s| {
            (now_ms() - s.last_persist >= PERSIST_MS || s.history.over_memory_caps())
                .then_some(s.dirty)
        });
        if let Some(dirty) = due {
            self.write_soon(dirty);
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
            s.dirty |= shards_of(rows.iter().map(|r| r.id.as_str()));
        });
        self.after_record();
    }

    /// Records one detail poll of changefeed `id`.
    pub fn record_detail(&self, id: &str, sample: Sample, problem: Option<ProblemSeen<'_>>) {
        self.state.update_value(|s| {
            s.history.observe(id, sample, problem);
            s.dirty |= 1 << shard_of(id);
        });
        self.after_record();
    }

    /// Records an operation of a batch: kept, but neither stored nor shown until
    /// [`LocalRecorder::flush`] (a bulk action on 10,000 changefeeds is one storage write, not
    /// 10,000 of the whole history).
    pub fn record_operation_later(
        &self,
        id: &str,
        op: &str,
        summary: &str,
        failure: Option<OperationResult>,
    ) {
        let now = now_ms() as i64;
        self.state.update_value(|s| {
            s.history.record_operation(id, now, op, summary, failure);
            s.dirty |= 1 << shard_of(id);
            s.unflushed |= 1 << shard_of(id);
        });
    }

    /// Stores and shows what [`LocalRecorder::record_operation_later`] kept, if anything: one
    /// operation's part at once, a batch's parts one per task.
    pub fn flush(&self) {
        let Some(parts) = self
            .state
            .try_update_value(|s| std::mem::take(&mut s.unflushed))
        else {
            return;
        };
        if parts == 0 {
            return;
        }
        self.rev.update(|r| *r += 1);
        if parts.count_ones() <= 2 {
            if let Some(storage) = local_storage() {
                self.write_shards(&storage, parts);
            }
        } else {
            self.write_soon(parts);
        }
    }

    /// One changefeed's history as a JSON document (the timeline's export).
    pub fn export(&self, id: &str) -> String {
        self.state
            .with_value(|s| s.history.export_json(&s.key, id, now_ms() as i64))
    }
}

impl Recorder for LocalRecorder {
    fn follow(&self, key: String) {
        LocalRecorder::follow(self, key);
    }

    fn record_list(&self, rows: &[ListRow], ticdc_now_ms: i64, at: f64) {
        LocalRecorder::record_list(self, rows, ticdc_now_ms, at);
    }

    fn record_detail(&self, id: &str, sample: Sample, problem: Option<&ProblemOwned>) {
        let problem = problem.map(|p| ProblemSeen {
            code: &p.code,
            message: &p.message,
            addr: &p.addr,
        });
        LocalRecorder::record_detail(self, id, sample, problem);
    }

    fn record_operation_later(
        &self,
        id: &str,
        op: &str,
        summary: &str,
        failure: Option<OperationResult>,
    ) {
        LocalRecorder::record_operation_later(self, id, op, summary, failure);
    }

    fn flush(&self) {
        LocalRecorder::flush(self);
    }

    fn persist(&self) {
        LocalRecorder::persist(self);
    }

    fn read(&self, f: &mut dyn FnMut(&History)) {
        self.state.with_value(|s| f(&s.history));
    }

    fn spark(&self, id: &str, now: i64) -> String {
        self.state.with_value(|s| {
            s.history
                .feed(id)
                .map_or(String::new(), |f| spark_svg(&f.samples, now))
        })
    }

    fn export(&self, id: &str) -> String {
        LocalRecorder::export(self, id)
    }
}
