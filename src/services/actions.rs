//! Writes. Every pause, resume and delete (one changefeed or a batch), and the cluster and
//! placement pages' writes, go through [`Actions`], which owns the sequence each of them
//! repeats: mark the target busy (its buttons disable), call TiCDC
//! through [`Services::call_with`] (the loading bar, the offline banner, and on a 401 the
//! credentials prompt and a retry), toast the outcome (TiCDC's `error_code` and message when it
//! failed), clear busy, and refresh the view at once and again once the owner has had a tick to
//! apply the change (TiCDC applies pause, resume and removal on the owner's next tick).
//!
//! ```ignore
//! let actions = use_actions(move || polled.refresh());
//! spawn_local(async move { actions.pause(id).await; });
//! // disabled=move || actions.is_busy(&id)
//! ```
//!
//! A bulk action runs one write per target through [`Actions::quiet`]: each write keeps its
//! busy mark and its call (the 401 prompt included), but neither toasts nor refreshes, since
//! the batch reports per changefeed and refreshes once at its end ([`Actions::refreshed`]).
//!
//! The config editor's writes do not (`pages/edit.rs`): a create, an update, the guided
//! pause → update → resume and its "resume unchanged" are one form's flow, whose outcome stays
//! beside the form (the server error under it, each step's state and error in the step list)
//! and which navigates to the changefeed when done; there is no busy button per changefeed and
//! no polled view to refresh. They call TiCDC through [`Services::call_with`] directly, which
//! keeps the loading bar, the offline banner and the 401 prompt with its retry; the update's
//! steps go on the changefeed's timeline from there.

use std::collections::HashMap;
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{HistoryStore, Services, ToastKind, sleep_ms, use_history, use_services};
use crate::api::{ApiError, Client, ResumeChangefeedConfig};

/// How long after a write the view is refreshed a second time: TiCDC's owner ticks about every
/// 50-100 ms but a busy owner can take longer, and the first refresh often still shows the
/// state before the write.
const SECOND_REFRESH_MS: i32 = 1_200;

/// What a write does; the busy mark of its target says which (for "Pausing…" labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Pause a changefeed.
    Pause,
    /// Resume a changefeed (optionally from an overwrite checkpoint).
    Resume,
    /// Remove a changefeed.
    Delete,
    /// Drain a capture.
    Drain,
    /// Make the owner resign.
    ResignOwner,
    /// Set a node's log level.
    SetLogLevel,
    /// Move a table to another node (new architecture).
    MoveTable,
    /// Split a table by region count (new architecture).
    SplitTable,
    /// Merge a split table back (new architecture).
    MergeTable,
}

impl Verb {
    /// The verb as a button and an error toast name it ("Pause").
    pub fn label(self) -> &'static str {
        match self {
            Verb::Pause => "Pause",
            Verb::Resume => "Resume",
            Verb::Delete => "Delete",
            Verb::Drain => "Drain",
            Verb::ResignOwner => "Resign owner",
            Verb::SetLogLevel => "Set log level",
            Verb::MoveTable => "Move table",
            Verb::SplitTable => "Split table",
            Verb::MergeTable => "Merge table",
        }
    }
}

/// The toast a successful write shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    kind: ToastKind,
    title: String,
    detail: Option<String>,
}

impl Done {
    /// A success toast.
    pub fn success(title: impl Into<String>) -> Self {
        Done {
            kind: ToastKind::Success,
            title: title.into(),
            detail: None,
        }
    }

    /// An informational toast (the write was accepted, but its result needs reading).
    pub fn info(title: impl Into<String>) -> Self {
        Done {
            kind: ToastKind::Info,
            title: title.into(),
            detail: None,
        }
    }

    /// The same toast with a second line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// The write service of one view: which targets have a write in flight, and the refresh that
/// follows each write. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Actions {
    services: Services,
    /// Where each changefeed write is recorded with TiCDC's answer (the timeline).
    history: HistoryStore,
    /// Target key (a changefeed id, a capture id, ...) -> the write in flight on it.
    busy: RwSignal<HashMap<String, Verb>>,
    refresh: Callback<()>,
    /// One write of a batch: no toast, no refresh (see [`Actions::quiet`]).
    quiet: bool,
    /// The batch's size (0 outside a batch), for the timeline's summary.
    batch: usize,
}

/// The write service for the current view; `refresh` re-reads what the writes change (it runs
/// right after each write and again shortly after). Call it in a component's body.
pub fn use_actions(refresh: impl Fn() + Send + Sync + 'static) -> Actions {
    Actions {
        services: use_services(),
        history: use_history(),
        busy: RwSignal::new(HashMap::new()),
        refresh: Callback::new(move |()| refresh()),
        quiet: false,
        batch: 0,
    }
}

impl Actions {
    /// The same service for the writes of a batch of `batch` targets: busy marks and calls as
    /// usual, but no toast and no refresh per write, and each write goes on its changefeed's
    /// timeline as part of a bulk action without a storage write of its own; the batch reports
    /// each outcome and calls [`Actions::refreshed`] once at its end (which stores them).
    pub fn quiet(self, batch: usize) -> Actions {
        Actions {
            quiet: true,
            batch,
            ..self
        }
    }

    /// Refreshes the view now and again once the owner has had a tick to apply the writes.
    pub fn refreshed(self) {
        // A batch's operations are stored once, here, not one storage write per changefeed.
        self.history.flush();
        self.refresh.try_run(());
        let refresh = self.refresh;
        spawn_local(async move {
            sleep_ms(SECOND_REFRESH_MS).await;
            refresh.try_run(());
        });
    }

    /// The write in flight on `key`, if any (reactive).
    pub fn busy(&self, key: &str) -> Option<Verb> {
        self.busy.with(|b| b.get(key).copied())
    }

    /// Whether a write is in flight on `key` (reactive).
    pub fn is_busy(&self, key: &str) -> bool {
        self.busy.with(|b| b.contains_key(key))
    }

    /// Runs one write on `key`: marks it busy with `verb`, awaits `call`, toasts `done(&value)`
    /// (nothing when it returns None) or the error titled `failed` with TiCDC's code and
    /// message, clears busy and refreshes the view now and again shortly after.
    ///
    /// `call` should reach TiCDC through [`Services::call`] / [`Services::call_with`] (as
    /// [`Actions::write`] does) so a 401 prompts for credentials and retries. Returns None,
    /// without calling, when a write on `key` is already in flight.
    pub async fn run<T>(
        self,
        key: impl Into<String>,
        verb: Verb,
        failed: impl Into<String>,
        call: impl Future<Output = Result<T, ApiError>>,
        done: impl FnOnce(&T) -> Option<Done>,
    ) -> Option<Result<T, ApiError>> {
        let key = key.into();
        let fresh = self
            .busy
            .try_update(|b| {
                if b.contains_key(&key) {
                    false
                } else {
                    b.insert(key.clone(), verb);
                    true
                }
            })
            .unwrap_or(false);
        if !fresh {
            return None;
        }
        let result = call.await;
        self.busy.try_update(|b| b.remove(&key));
        if self.quiet {
            return Some(result);
        }
        match &result {
            Ok(v) => {
                if let Some(d) = done(v) {
                    self.services.toaster.push(d.kind, d.title, None, d.detail);
                }
            }
            Err(e) => self.services.toaster.error(failed, e),
        }
        self.refreshed();
        Some(result)
    }

    /// [`Actions::run`] for one request: `f(client, input)` through
    /// [`Services::call_with`].
    pub async fn write<I, T, F, Fut>(
        self,
        key: impl Into<String>,
        verb: Verb,
        failed: impl Into<String>,
        input: I,
        f: F,
        done: impl FnOnce(&T) -> Option<Done>,
    ) -> Option<Result<T, ApiError>>
    where
        I: Clone,
        F: Fn(Client, I) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let call = self.services.call_with(input, f);
        self.run(key, verb, failed, call, done).await
    }

    /// Pauses changefeed `id` (busy key: the id).
    pub async fn pause(self, id: String) -> Option<Result<(), ApiError>> {
        let (failed, ok) = tick_write_texts(Verb::Pause, &id, "");
        let r = self
            .write(
                id.clone(),
                Verb::Pause,
                failed,
                id.clone(),
                pause_call,
                |_| Some(Done::success(ok)),
            )
            .await;
        self.record(&id, "pause", "", &r);
        r
    }

    /// Puts a changefeed write that was sent on its timeline, with TiCDC's answer.
    fn record(&self, id: &str, op: &str, summary: &str, r: &Option<Result<(), ApiError>>) {
        let Some(r) = r else { return };
        if self.quiet {
            let summary = crate::bulk::timeline_summary(self.batch, summary);
            self.history.record_operation_later(id, op, &summary, r);
        } else {
            self.history.record_operation(id, op, summary, r);
        }
    }

    /// Resumes changefeed `id`, from `overwrite` as its new checkpoint (and start_ts) when
    /// given (busy key: the id). Ask the user before overwriting: this skips or replays data.
    pub async fn resume(self, id: String, overwrite: Option<u64>) -> Option<Result<(), ApiError>> {
        let how = overwrite
            .map(|ts| format!(" from TSO {ts}"))
            .unwrap_or_default();
        let (failed, ok) = tick_write_texts(Verb::Resume, &id, &how);
        let cfg = ResumeChangefeedConfig {
            overwrite_checkpoint_ts: overwrite,
            ..Default::default()
        };
        let r = self
            .write(
                id.clone(),
                Verb::Resume,
                failed,
                (id.clone(), cfg),
                |c, (id, cfg)| async move { c.resume_changefeed(&id, &cfg).await },
                |_| Some(Done::success(ok)),
            )
            .await;
        let summary = overwrite
            .map(|ts| format!("overwrite checkpoint TSO {ts}"))
            .unwrap_or_default();
        self.record(&id, "resume", &summary, &r);
        r
    }

    /// Removes changefeed `id` (busy key: the id); the success toast carries `note` as its
    /// second line (what it takes to recreate it). Ask the user first: this cannot be undone.
    pub async fn delete(self, id: String, note: Option<String>) -> Option<Result<(), ApiError>> {
        let title = format!("Deleted changefeed {id}");
        let r = self
            .write(
                id.clone(),
                Verb::Delete,
                format!("Delete {id}"),
                id.clone(),
                |c, id| async move { c.delete_changefeed(&id).await },
                |_| {
                    let done = Done::info(title);
                    Some(match note {
                        Some(n) => done.with_detail(n),
                        None => done,
                    })
                },
            )
            .await;
        self.record(&id, "delete", "", &r);
        r
    }
}

async fn pause_call(c: Client, id: String) -> Result<(), ApiError> {
    c.pause_changefeed(&id).await
}

/// The error toast's title and the success toast of a write TiCDC applies on the owner's next
/// tick: `how` is an optional phrase after the id (" from TSO 42").
fn tick_write_texts(verb: Verb, id: &str, how: &str) -> (String, String) {
    let verb = verb.label();
    (
        format!("{verb} {id}"),
        format!("{verb} of {id}{how} accepted; TiCDC applies it on the owner's next tick"),
    )
}
