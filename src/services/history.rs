//! The history as the pages see it: [`HistoryStore`], provided by the App.
//!
//! The recorder itself (`services::recorder`: localStorage, parts, merging with other tabs,
//! the sparkline's markup) is in a wasm chunk, `split_after_rows.wasm`, with the list's other
//! code that its first rows do not need, so the first load does not carry it. It is fetched
//! after the frame that first used it (on the list, the frame with the first rows); what the pages record meanwhile is kept in order
//! (`history::pending`) and handed over when it arrives. Until then the pages read an empty
//! history, and [`HistoryStore::rev`] changes when the recorder is there, so they draw again.
//! A chunk that cannot be fetched is said in [`HistoryStore::note`]; the console works on
//! without recording.

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::client::next_task;
use crate::api::{ApiError, Client};
use crate::history::pending::{self, Pending};
use crate::history::{History, OperationResult, Sample, storage_key};
use crate::list::ListRow;

pub use crate::history::pending::ProblemOwned;

/// What the recorder's chunk does for the [`HistoryStore`].
pub trait Recorder {
    /// Follows the pages to the cluster and scope of `key` (`history::storage_key`).
    fn follow(&self, key: String);
    /// Records one list answer (see [`HistoryStore::record_list`]).
    fn record_list(&self, rows: &[ListRow], ticdc_now_ms: i64, at: f64);
    /// Records one detail answer of changefeed `id`.
    fn record_detail(&self, id: &str, sample: Sample, problem: Option<&ProblemOwned>);
    /// Records an operation, kept until [`Recorder::flush`].
    fn record_operation_later(
        &self,
        id: &str,
        op: &str,
        summary: &str,
        failure: Option<OperationResult>,
    );
    /// Stores and shows the operations kept.
    fn flush(&self);
    /// Writes every changed part now.
    fn persist(&self);
    /// Calls `f` once with the history.
    fn read(&self, f: &mut dyn FnMut(&History));
    /// The sparkline's markup for changefeed `id` (empty when nothing was recorded).
    fn spark(&self, id: &str, now: i64) -> String;
    /// One changefeed's history as a JSON document.
    fn export(&self, id: &str) -> String;
}

/// The recorder, once its chunk is there (one per App, kept for the tab's life).
pub type RecorderRef = &'static (dyn Recorder + Send + Sync);

/// What the recorder's chunk is handed: the signals the pages read, and the App's owner, under
/// which it creates its own state and listeners.
pub struct RecorderArgs {
    pub rev: RwSignal<u64>,
    pub note: RwSignal<Option<String>>,
    pub owner: Owner,
}

/// Fetches the recorder's chunk and makes the recorder (`lazy::load_recorder`).
pub type RecorderLoader = fn(RecorderArgs) -> LocalBoxFuture<'static, Option<RecorderRef>>;

/// The recorder's chunk is fetched after the next frame, or this long after its first use when
/// no frame comes (a tab in the background).
pub const LOAD_AT_LATEST_MS: u64 = 500;

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Loading,
    Ready,
    Failed,
}

struct Slot {
    phase: Phase,
    recorder: Option<RecorderRef>,
    pending: Vec<Pending>,
    loader: RecorderLoader,
    /// The App's owner: the recorder's state and listeners live as long as the App, not as the
    /// page whose poll happened to fetch it.
    owner: Owner,
}

/// The tab's history, as the pages use it; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    slot: StoredValue<Slot>,
    /// Bumped whenever the history changed (a poll recorded, another tab wrote, the recorder
    /// arrived).
    pub rev: RwSignal<u64>,
    /// A storage problem to tell the user (unreadable stored history, a full quota, the
    /// recorder's code not delivered).
    pub note: RwSignal<Option<String>>,
}

/// The history provided by the App.
pub fn use_history() -> HistoryStore {
    expect_context::<HistoryStore>()
}

impl HistoryStore {
    /// The history of `client`'s TiCDC and scope. The recorder is fetched with `loader` on
    /// first use.
    pub fn new(client: &Client, loader: RecorderLoader) -> HistoryStore {
        let store = HistoryStore {
            slot: StoredValue::new(Slot {
                phase: Phase::Idle,
                recorder: None,
                pending: Vec::new(),
                loader,
                owner: Owner::current().unwrap_or_default(),
            }),
            rev: RwSignal::new(0),
            note: RwSignal::new(None),
        };
        // Kept for the recorder, which the pages' first record or read fetches.
        store.follow(client);
        store
    }

    /// The recorder if it is there; otherwise `item` is kept for it and its chunk is fetched.
    fn recorder_or_keep(&self, item: impl FnOnce() -> Pending) -> Option<RecorderRef> {
        let ready = self.recorder_or_queue(item);
        if ready.is_none() {
            self.load();
        }
        ready
    }

    /// The recorder if it is there; otherwise `item` is kept for it (nothing is fetched).
    fn recorder_or_queue(&self, item: impl FnOnce() -> Pending) -> Option<RecorderRef> {
        self.slot
            .try_update_value(|s| match s.phase {
                Phase::Ready => s.recorder,
                Phase::Failed => None,
                Phase::Idle | Phase::Loading => {
                    pending::push(&mut s.pending, item());
                    None
                }
            })
            .flatten()
    }

    /// The recorder if it is there (its chunk is fetched otherwise).
    fn recorder(&self) -> Option<RecorderRef> {
        let ready = self.slot.try_with_value(|s| s.recorder).flatten();
        if ready.is_none() {
            self.load();
        }
        ready
    }

    /// Fetches the recorder's chunk once, after the current frame is drawn (the list's first
    /// rows are not held up by it), and hands it what was kept. A tab in the background draws
    /// no frame: then it starts after [`LOAD_AT_LATEST_MS`].
    fn load(&self) {
        let start = self
            .slot
            .try_update_value(|s| {
                (s.phase == Phase::Idle).then(|| {
                    s.phase = Phase::Loading;
                    (s.loader, s.owner.clone())
                })
            })
            .flatten();
        let Some((loader, owner)) = start else { return };
        let store = *self;
        let started = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let go = move || {
            if started.swap(true, std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            let owner = owner.clone();
            spawn_local(async move {
                next_task().await;
                let args = RecorderArgs {
                    rev: store.rev,
                    note: store.note,
                    owner,
                };
                let Some(recorder) = loader(args).await else {
                    store.slot.try_update_value(|s| {
                        s.phase = Phase::Failed;
                        s.pending.clear();
                    });
                    store.note.try_set(Some(
                        "The code that records this browser's history could not be loaded (a network error, or a new version of the console was deployed): nothing is recorded in this tab. Reload to retry.".to_string(),
                    ));
                    return;
                };
                let kept = store
                    .slot
                    .try_update_value(|s| {
                        s.phase = Phase::Ready;
                        s.recorder = Some(recorder);
                        std::mem::take(&mut s.pending)
                    })
                    .unwrap_or_default();
                for item in kept {
                    match item {
                        Pending::Follow(key) => recorder.follow(key),
                        Pending::List(rows, now, at) => recorder.record_list(&rows, now, at),
                        Pending::Detail(id, sample, problem) => {
                            recorder.record_detail(&id, sample, problem.as_ref())
                        }
                        Pending::Operation(id, op, summary, failure) => {
                            recorder.record_operation_later(&id, &op, &summary, failure)
                        }
                        Pending::Flush => recorder.flush(),
                    }
                }
                store.rev.try_update(|r| *r += 1);
            });
        };
        let late = go.clone();
        request_animation_frame(go);
        set_timeout(late, std::time::Duration::from_millis(LOAD_AT_LATEST_MS));
    }

    /// Follows the client to another cluster or scope: writes the current history, loads the
    /// other one. A no-op when the key is unchanged (call it before recording). Following
    /// alone records nothing, so it does not fetch the recorder (the shell follows before the
    /// list's first rows).
    pub fn follow(&self, client: &Client) {
        let key = storage_key(client.base_url(), &client.scope());
        if let Some(r) = self.recorder_or_queue(|| Pending::Follow(key.clone())) {
            r.follow(key);
        }
    }

    /// Writes every changed part at once (the page being hidden or closed). What is kept for
    /// a recorder not there yet cannot be stored.
    pub fn persist(&self) {
        if let Some(r) = self.slot.try_with_value(|s| s.recorder).flatten() {
            r.persist();
        }
    }

    /// Records one list poll: every row's checkpoint lag at TiCDC's `now_ms` (the moment the
    /// list arrived, on TiCDC's clock), its state and its error field, at browser time `at`.
    pub fn record_list(&self, rows: &std::sync::Arc<Vec<ListRow>>, ticdc_now_ms: i64, at: f64) {
        if let Some(r) = self.recorder_or_keep(|| Pending::List(rows.clone(), ticdc_now_ms, at)) {
            r.record_list(rows, ticdc_now_ms, at);
        }
    }

    /// Records one detail poll of changefeed `id`.
    pub fn record_detail(&self, id: &str, sample: Sample, problem: Option<ProblemOwned>) {
        let kept = problem.clone();
        if let Some(r) = self.recorder_or_keep(|| Pending::Detail(id.to_string(), sample, kept)) {
            r.record_detail(id, sample, problem.as_ref());
        }
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
        let kept = failure.clone();
        if let Some(r) = self.recorder_or_keep(|| {
            Pending::Operation(id.to_string(), op.to_string(), summary.to_string(), kept)
        }) {
            r.record_operation_later(id, op, summary, failure);
        }
    }

    /// Stores and shows what [`HistoryStore::record_operation_later`] kept, if anything.
    pub fn flush(&self) {
        if let Some(r) = self.recorder_or_keep(|| Pending::Flush) {
            r.flush();
        }
    }

    /// Reads the history (tracked: re-runs when it changes). Empty until the recorder is there.
    pub fn with<R>(&self, f: impl FnOnce(&History) -> R) -> R {
        self.rev.track();
        match self.recorder() {
            Some(r) => {
                let mut f = Some(f);
                let mut out = None;
                r.read(&mut |h| {
                    if let Some(f) = f.take() {
                        out = Some(f(h));
                    }
                });
                match (out, f) {
                    (Some(out), _) => out,
                    // `read` calls back exactly once; should it not, the history is empty.
                    (None, Some(f)) => f(&History::new()),
                    (None, None) => unreachable!("f was called, so out is set"),
                }
            }
            None => f(&History::new()),
        }
    }

    /// The lag cell's sparkline for changefeed `id` (tracked; empty until the recorder is
    /// there, or when nothing was recorded).
    pub fn spark(&self, id: &str, now: i64) -> String {
        self.rev.track();
        self.recorder()
            .map(|r| r.spark(id, now))
            .unwrap_or_default()
    }

    /// One changefeed's history as a JSON document (the timeline's export); None until the
    /// recorder is there.
    pub fn export(&self, id: &str) -> Option<String> {
        self.recorder().map(|r| r.export(id))
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
