//! Acting on many changefeeds at once, kept out of the components so it is tested natively:
//! the list's selection, the plan of a bulk action (which selected changefeeds it applies to,
//! which are skipped and why), and the runner that sends the requests with a bounded number in
//! flight, can be cancelled, and reports per changefeed.
//!
//! Built for 10,000 changefeeds: selecting all is one pass over the matching ids, a poll only
//! drops ids that disappeared, and the runner does O(1) work per answer, handing the browser
//! back its event loop regularly (the `pace` hook), so the page stays responsive while it runs.

use std::collections::HashSet;
use std::future::Future;

use futures::StreamExt;
use futures::stream::FuturesUnordered;

use crate::state::{FeedState, allowed_actions};

/// The changefeeds picked on the list, by id. Ids survive polls and re-sorting (they are not
/// positions); ids that disappear from the list are dropped by [`Selection::retain`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    ids: HashSet<String>,
    /// The last row toggled on its own: where a shift-click range starts.
    anchor: Option<String>,
}

/// How much of a set of rows (e.g. the rows shown) is selected: the header checkbox's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// No row, or none of them selected.
    None,
    /// Some of them (the checkbox is indeterminate).
    Some,
    /// Every one of them.
    All,
}

impl Selection {
    /// How many ids are selected.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether `id` is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The selected ids, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// Flips one row and makes it the anchor of the next shift-click.
    pub fn toggle(&mut self, id: &str) {
        if !self.ids.remove(id) {
            self.ids.insert(id.to_string());
        }
        self.anchor = Some(id.to_string());
    }

    /// A shift-click on `id`: every row from the anchor to `id` in `order` (the list's current
    /// sorted and filtered order) takes the state the clicked row flips to. Without an anchor
    /// still in `order`, it is a plain toggle. The anchor stays, so the range can be adjusted.
    pub fn toggle_range<'a>(&mut self, order: impl IntoIterator<Item = &'a str>, id: &str) {
        let order: Vec<&str> = order.into_iter().collect();
        let here = order.iter().position(|x| *x == id);
        let from = self
            .anchor
            .as_deref()
            .and_then(|a| order.iter().position(|x| *x == a));
        let (Some(here), Some(from)) = (here, from) else {
            self.toggle(id);
            return;
        };
        let on = !self.ids.contains(id);
        let (lo, hi) = if from <= here {
            (from, here)
        } else {
            (here, from)
        };
        for x in &order[lo..=hi] {
            if on {
                self.ids.insert((*x).to_string());
            } else {
                self.ids.remove(*x);
            }
        }
    }

    /// Selects (or deselects) every id given: the header checkbox, "select all N that match".
    pub fn set_all<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>, on: bool) {
        for id in ids {
            if on {
                if !self.ids.contains(id) {
                    self.ids.insert(id.to_string());
                }
            } else {
                self.ids.remove(id);
            }
        }
    }

    /// How much of `ids` is selected.
    pub fn coverage<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Coverage {
        let (mut n, mut on) = (0_usize, 0_usize);
        for id in ids {
            n += 1;
            on += usize::from(self.ids.contains(id));
        }
        match (n, on) {
            (0, _) | (_, 0) => Coverage::None,
            (n, on) if n == on => Coverage::All,
            _ => Coverage::Some,
        }
    }

    /// Keeps only ids for which `exists` holds (the ids of the latest list); returns whether
    /// anything was dropped.
    pub fn retain(&mut self, exists: impl Fn(&str) -> bool) -> bool {
        let before = self.ids.len();
        self.ids.retain(|id| exists(id));
        if self.anchor.as_deref().is_some_and(|a| !exists(a)) {
            self.anchor = None;
        }
        self.ids.len() != before
    }

    /// Deselects everything.
    pub fn clear(&mut self) {
        self.ids.clear();
        self.anchor = None;
    }

    /// The selected ids in `order` (the list's order), then any others, sorted: the order the
    /// confirmation lists them and the runner sends them.
    pub fn ordered<'a>(&self, order: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(self.ids.len());
        let mut seen = HashSet::with_capacity(self.ids.len());
        for id in order {
            if self.ids.contains(id) && seen.insert(id) {
                out.push(id.to_string());
            }
        }
        if out.len() < self.ids.len() {
            let mut rest: Vec<&String> = self
                .ids
                .iter()
                .filter(|id| !seen.contains(id.as_str()))
                .collect();
            rest.sort();
            out.extend(rest.into_iter().cloned());
        }
        out
    }
}

/// What a bulk action does to each changefeed it applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// `POST …/pause`.
    Pause,
    /// `POST …/resume`, optionally moving every changefeed's checkpoint to one TSO.
    Resume {
        /// `overwrite_checkpoint_ts`: the new checkpoint and start TSO of each one.
        overwrite_checkpoint_ts: Option<u64>,
    },
    /// `DELETE …` (the console keeps a tombstone of each, as for a single delete).
    Delete,
}

impl BulkAction {
    /// The verb, for buttons and reports ("Pause").
    pub fn verb(self) -> &'static str {
        match self {
            BulkAction::Pause => "Pause",
            BulkAction::Resume { .. } => "Resume",
            BulkAction::Delete => "Delete",
        }
    }

    /// Whether the action applies to a changefeed in `state` (`state::allowed_actions`).
    pub fn applies_to(self, state: FeedState) -> bool {
        let a = allowed_actions(state);
        match self {
            BulkAction::Pause => a.pause,
            BulkAction::Resume { .. } => a.resume,
            BulkAction::Delete => a.delete,
        }
    }

    /// Why the action does not apply to a changefeed in `state`.
    pub fn skip_reason(self, state: FeedState) -> String {
        let shown = match state {
            FeedState::Uninitialized => "not initialized yet",
            s => s.as_str(),
        };
        match self {
            BulkAction::Pause if state == FeedState::Stopped => "already paused (stopped)".into(),
            BulkAction::Pause => {
                format!("{shown}: only normal, warning or pending changefeeds can be paused")
            }
            BulkAction::Resume { .. } if state.is_running() => {
                format!("already running ({shown})")
            }
            BulkAction::Resume { .. } => {
                format!("{shown}: only stopped, failed or finished changefeeds can be resumed")
            }
            BulkAction::Delete => format!("{shown}: cannot be deleted"),
        }
    }
}

/// A selected changefeed the action does not apply to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The changefeed id.
    pub id: String,
    /// Its state in the list.
    pub state: FeedState,
    /// Why it is left out.
    pub reason: String,
}

/// What a bulk action will do with a selection: the ids it is sent for, in order, and the
/// ones it leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The action.
    pub action: BulkAction,
    /// The changefeeds the action applies to, in the order they will be sent.
    pub eligible: Vec<String>,
    /// The selected changefeeds it does not apply to, with why.
    pub skipped: Vec<Skipped>,
}

impl Plan {
    /// Splits `selected` (id and list state, in order) by whether `action` applies.
    pub fn new<'a>(
        action: BulkAction,
        selected: impl IntoIterator<Item = (&'a str, FeedState)>,
    ) -> Plan {
        let mut plan = Plan {
            action,
            eligible: Vec::new(),
            skipped: Vec::new(),
        };
        for (id, state) in selected {
            if action.applies_to(state) {
                plan.eligible.push(id.to_string());
            } else {
                plan.skipped.push(Skipped {
                    id: id.to_string(),
                    state,
                    reason: action.skip_reason(state),
                });
            }
        }
        plan
    }
}

/// How many of a selection each action applies to: the counts on the toolbar's buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applicable {
    /// Pause applies to this many.
    pub pause: usize,
    /// Resume applies to this many.
    pub resume: usize,
    /// Delete applies to this many.
    pub delete: usize,
}

impl Applicable {
    /// Counts over the selected rows' states.
    pub fn count(states: impl IntoIterator<Item = FeedState>) -> Applicable {
        let mut n = Applicable::default();
        for s in states {
            let a = allowed_actions(s);
            n.pause += usize::from(a.pause);
            n.resume += usize::from(a.resume);
            n.delete += usize::from(a.delete);
        }
        n
    }
}

/// What happened to one changefeed of a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<E> {
    /// Not answered yet (in flight, or waiting for a free slot).
    Waiting,
    /// TiCDC accepted the request.
    Done,
    /// TiCDC (or the network) refused it.
    Failed(E),
    /// Never sent: the batch was cancelled or stopped first.
    NotSent,
}

/// Counts of a batch, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Changefeeds in the batch.
    pub total: usize,
    /// Accepted.
    pub done: usize,
    /// Refused.
    pub failed: usize,
    /// Sent and not answered yet.
    pub in_flight: usize,
    /// Left out because the batch was cancelled or stopped.
    pub not_sent: usize,
}

impl Progress {
    /// Not answered yet (in flight or still to send).
    pub fn remaining(&self) -> usize {
        self.total - self.done - self.failed - self.not_sent
    }

    /// Every changefeed is answered or left out.
    pub fn finished(&self) -> bool {
        self.remaining() == 0
    }
}

/// A batch's per-changefeed outcomes, in the order they were planned.
#[derive(Clone, Debug, PartialEq)]
pub struct Report<E> {
    /// The ids, in order.
    pub ids: Vec<String>,
    /// `outcomes[i]` is what happened to `ids[i]`.
    pub outcomes: Vec<Outcome<E>>,
    /// The counts.
    pub progress: Progress,
    /// The user cancelled it.
    pub cancelled: bool,
    /// The error that stopped it early (see [`run`]'s `stops`), if any.
    pub stopped_by: Option<E>,
}

impl<E: Clone> Report<E> {
    fn new(ids: Vec<String>) -> Self {
        let total = ids.len();
        Report {
            outcomes: vec![Outcome::Waiting; total],
            ids,
            progress: Progress {
                total,
                ..Progress::default()
            },
            cancelled: false,
            stopped_by: None,
        }
    }

    /// The ids that failed, in order: what "retry the failed ones" sends again.
    pub fn failed_ids(&self) -> Vec<String> {
        self.ids_where(|o| matches!(o, Outcome::Failed(_)))
    }

    /// The ids never sent, in order.
    pub fn unsent_ids(&self) -> Vec<String> {
        self.ids_where(|o| matches!(o, Outcome::NotSent))
    }

    /// The ids TiCDC accepted, in order.
    pub fn done_ids(&self) -> Vec<String> {
        self.ids_where(|o| matches!(o, Outcome::Done))
    }

    /// The failures with their errors, in order.
    pub fn failures(&self) -> Vec<(String, E)> {
        self.ids
            .iter()
            .zip(&self.outcomes)
            .filter_map(|(id, o)| match o {
                Outcome::Failed(e) => Some((id.clone(), e.clone())),
                _ => None,
            })
            .collect()
    }

    fn ids_where(&self, f: impl Fn(&Outcome<E>) -> bool) -> Vec<String> {
        self.ids
            .iter()
            .zip(&self.outcomes)
            .filter(|(_, o)| f(o))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// Sends `call(id)` for every id with at most `limit` calls in flight, and reports each
/// outcome.
///
/// - The first call goes alone: if TiCDC asks for credentials, the user is asked once and
///   every later call has them (and when the user declines, nothing else is sent).
/// - `cancelled()` is checked before each send: once it is true no new call starts; the calls
///   in flight finish and are reported; the rest are [`Outcome::NotSent`].
/// - An error for which `stops(&e)` holds (credentials declined, TiCDC unreachable) stops the
///   batch the same way and is kept in [`Report::stopped_by`].
/// - `observe` sees the report after every answer (and once at the start); `pace()` is awaited
///   after every answer, so the browser can render and handle input between them.
pub async fn run<E, C, Fut, P, PF>(
    ids: Vec<String>,
    limit: usize,
    call: C,
    stops: impl Fn(&E) -> bool,
    cancelled: impl Fn() -> bool,
    pace: P,
    mut observe: impl FnMut(&Report<E>, Option<usize>),
) -> Report<E>
where
    E: Clone,
    C: Fn(String) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    P: Fn() -> PF,
    PF: Future<Output = ()>,
{
    let limit = limit.max(1);
    let mut report = Report::new(ids);
    let mut next = 0;
    let mut answered = 0;
    let mut in_flight = FuturesUnordered::new();
    observe(&report, None);
    loop {
        let cap = if answered == 0 { 1 } else { limit };
        while in_flight.len() < cap && next < report.ids.len() {
            if report.stopped_by.is_some() || cancelled() {
                break;
            }
            let i = next;
            next += 1;
            let fut = call(report.ids[i].clone());
            in_flight.push(async move { (i, fut.await) });
            report.progress.in_flight += 1;
        }
        let Some((i, result)) = in_flight.next().await else {
            break;
        };
        answered += 1;
        report.progress.in_flight -= 1;
        match result {
            Ok(()) => {
                report.progress.done += 1;
                report.outcomes[i] = Outcome::Done;
            }
            Err(e) => {
                if report.stopped_by.is_none() && stops(&e) {
                    report.stopped_by = Some(e.clone());
                }
                report.progress.failed += 1;
                report.outcomes[i] = Outcome::Failed(e);
            }
        }
        observe(&report, Some(i));
        pace().await;
    }
    report.cancelled = cancelled();
    for o in &mut report.outcomes[next..] {
        *o = Outcome::NotSent;
    }
    report.progress.not_sent = report.ids.len() - next;
    observe(&report, None);
    report
}

/// What a changefeed's timeline says of its part in a bulk action of `count` changefeeds;
/// `detail` is what a single write of the same kind would say (e.g. a resume's new checkpoint).
pub fn timeline_summary(count: usize, detail: &str) -> String {
    let what = match count {
        1 => "bulk action on 1 changefeed".to_string(),
        n => format!("bulk action on {n} changefeeds"),
    };
    if detail.is_empty() {
        what
    } else {
        format!("{what}; {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use futures::channel::oneshot;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;

    /// Pending once (waking itself), then ready: lets the runner start other calls meanwhile.
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<()> {
            if self.0 {
                return std::task::Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("cf-{i:05}")).collect()
    }

    #[test]
    fn toggle_and_shift_range_follow_the_current_order() {
        let order = ["a", "b", "c", "d", "e"];
        let mut s = Selection::default();
        s.toggle("b");
        s.toggle_range(order, "d");
        assert_eq!(s.ordered(order), ["b", "c", "d"]);
        // The anchor stays at b: a shift-click on a selected row clears the range b..=c.
        s.toggle_range(order, "c");
        assert_eq!(s.ordered(order), ["d"]);
        // Re-sorted (descending): the range is taken in the order shown now.
        let desc = ["e", "d", "c", "b", "a"];
        s.toggle("e");
        s.toggle_range(desc, "c");
        assert_eq!(s.ordered(desc), ["e", "d", "c"]);
        // An anchor no longer shown (filtered out) makes a shift-click a plain toggle.
        s.toggle("a");
        s.toggle_range(["b", "c"], "b");
        assert!(s.contains("b") && s.contains("a"));
        assert_eq!(s.len(), 5);
    }

    #[test]
    fn select_all_coverage_and_clear() {
        let all = ids(10_000);
        let mut s = Selection::default();
        let shown = &all[100..120];
        assert_eq!(s.coverage(shown.iter().map(String::as_str)), Coverage::None);
        s.set_all(shown.iter().map(String::as_str), true);
        assert_eq!(s.coverage(shown.iter().map(String::as_str)), Coverage::All);
        assert_eq!(s.coverage(all.iter().map(String::as_str)), Coverage::Some);
        // "Select all 10000 that match", rows outside the window included.
        s.set_all(all.iter().map(String::as_str), true);
        assert_eq!(s.len(), 10_000);
        assert_eq!(s.coverage(all.iter().map(String::as_str)), Coverage::All);
        s.set_all(shown.iter().map(String::as_str), false);
        assert_eq!(s.len(), 9_980);
        assert_eq!(s.coverage(std::iter::empty()), Coverage::None);
        s.clear();
        assert!(s.is_empty());
    }

    #[test]
    fn selection_survives_polls_and_drops_ids_that_disappear() {
        let mut s = Selection::default();
        s.set_all(["a", "b", "c"], true);
        s.toggle("c");
        s.toggle("c");
        // A poll where b was deleted elsewhere and rows came back in another order.
        let now: HashSet<&str> = ["c", "a", "z"].into_iter().collect();
        assert!(s.retain(|id| now.contains(id)));
        assert_eq!(s.ordered(["z", "c", "a"]), ["c", "a"]);
        assert!(!s.retain(|id| now.contains(id)), "nothing more to drop");
        // The anchor (c) disappears too: the next shift-click is a plain toggle.
        s.retain(|id| id == "a");
        s.toggle_range(["a", "y", "x"], "x");
        assert_eq!(s.ordered(["a", "y", "x"]), ["a", "x"]);
        // Selected ids hidden by a search keep their place after the shown ones.
        assert_eq!(s.ordered(["x"]), ["x", "a"]);
    }

    #[test]
    fn plan_splits_by_allowed_actions_with_reasons() {
        use FeedState::*;
        let sel = [
            ("n", Normal),
            ("w", Warning),
            ("s", Stopped),
            ("f", Failed),
            ("d", Finished),
        ];
        let p = Plan::new(BulkAction::Pause, sel);
        assert_eq!(p.eligible, ["n", "w"]);
        let skipped: Vec<_> = p
            .skipped
            .iter()
            .map(|s| (s.id.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("s", "already paused (stopped)"),
                (
                    "f",
                    "failed: only normal, warning or pending changefeeds can be paused"
                ),
                (
                    "d",
                    "finished: only normal, warning or pending changefeeds can be paused"
                ),
            ]
        );
        let r = Plan::new(
            BulkAction::Resume {
                overwrite_checkpoint_ts: Some(1),
            },
            sel,
        );
        assert_eq!(r.eligible, ["s", "f", "d"]);
        assert_eq!(r.skipped[0].reason, "already running (normal)");
        assert_eq!(r.skipped[1].reason, "already running (warning)");
        let d = Plan::new(BulkAction::Delete, sel);
        assert_eq!(d.eligible.len(), 5);
        assert!(d.skipped.is_empty());
        assert_eq!(
            Applicable::count(sel.iter().map(|(_, s)| *s)),
            Applicable {
                pause: 2,
                resume: 3,
                delete: 5
            }
        );
        assert_eq!(
            BulkAction::Resume {
                overwrite_checkpoint_ts: None
            }
            .skip_reason(Uninitialized),
            "not initialized yet: only stopped, failed or finished changefeeds can be resumed"
        );
    }

    /// A call of the fake waiting for the test's answer: the changefeed id and the answer's sender.
    type Waiting = (String, oneshot::Sender<Result<(), String>>);

    /// A fake TiCDC: each call waits until the test answers it, so the test sees exactly what
    /// is in flight.
    #[derive(Default)]
    struct Fake {
        waiting: RefCell<Vec<Waiting>>,
        sent: RefCell<Vec<String>>,
        max_in_flight: Cell<usize>,
    }

    impl Fake {
        fn call(
            self: &Rc<Self>,
        ) -> impl Fn(String) -> futures::future::LocalBoxFuture<'static, Result<(), String>> + use<>
        {
            let fake = self.clone();
            move |id: String| {
                let (tx, rx) = oneshot::channel();
                fake.sent.borrow_mut().push(id.clone());
                fake.waiting.borrow_mut().push((id, tx));
                let n = fake.waiting.borrow().len();
                fake.max_in_flight.set(fake.max_in_flight.get().max(n));
                Box::pin(async move { rx.await.unwrap_or(Err("dropped".into())) })
            }
        }
        fn in_flight(&self) -> Vec<String> {
            self.waiting
                .borrow()
                .iter()
                .map(|(id, _)| id.clone())
                .collect()
        }
        /// Answers the oldest call in flight, failing the ids in `fail`.
        fn answer_oldest(&self, fail: &[&str]) {
            let (id, tx) = self.waiting.borrow_mut().remove(0);
            let r = if fail.contains(&id.as_str()) {
                Err(format!("refused {id}"))
            } else {
                Ok(())
            };
            let _ = tx.send(r);
        }
    }

    #[test]
    fn bounded_concurrency_first_alone_then_limit_with_progress() {
        let mut pool = LocalPool::new();
        let fake = Rc::new(Fake::default());
        let seen = Rc::new(RefCell::new(Vec::<Progress>::new()));
        let done = Rc::new(RefCell::new(None::<Report<String>>));
        {
            let (call, seen, done) = (fake.call(), seen.clone(), done.clone());
            pool.spawner()
                .spawn_local(async move {
                    let r = run(
                        ids(10),
                        3,
                        call,
                        |_| false,
                        || false,
                        || async {},
                        |r, _| seen.borrow_mut().push(r.progress),
                    )
                    .await;
                    *done.borrow_mut() = Some(r);
                })
                .unwrap();
        }
        pool.run_until_stalled();
        assert_eq!(fake.in_flight(), ["cf-00000"], "the first call goes alone");
        fake.answer_oldest(&[]);
        pool.run_until_stalled();
        assert_eq!(fake.in_flight(), ["cf-00001", "cf-00002", "cf-00003"]);
        while !fake.in_flight().is_empty() {
            fake.answer_oldest(&["cf-00004", "cf-00008"]);
            pool.run_until_stalled();
            assert!(fake.in_flight().len() <= 3);
        }
        let r = done.borrow_mut().take().expect("finished");
        assert_eq!(fake.max_in_flight.get(), 3);
        assert_eq!(fake.sent.borrow().len(), 10);
        assert_eq!(r.failed_ids(), ["cf-00004", "cf-00008"]);
        assert_eq!(r.failures()[0].1, "refused cf-00004");
        assert_eq!(r.done_ids().len(), 8);
        assert!(r.unsent_ids().is_empty());
        assert_eq!(
            r.progress,
            Progress {
                total: 10,
                done: 8,
                failed: 2,
                in_flight: 0,
                not_sent: 0
            }
        );
        assert!(r.progress.finished() && !r.cancelled);
        // Progress only moves forward: done + failed grows by one per answer.
        let seen = seen.borrow();
        assert_eq!(seen.len(), 12);
        assert!(
            seen.windows(2)
                .all(|w| w[1].done + w[1].failed >= w[0].done + w[0].failed)
        );
        assert!(seen.iter().all(|p| p.in_flight <= 3));
    }

    #[test]
    fn cancel_stops_new_sends_and_reports_the_rest_as_not_sent() {
        let mut pool = LocalPool::new();
        let fake = Rc::new(Fake::default());
        let cancel = Rc::new(Cell::new(false));
        let done = Rc::new(RefCell::new(None::<Report<String>>));
        {
            let (call, cancel, done) = (fake.call(), cancel.clone(), done.clone());
            pool.spawner()
                .spawn_local(async move {
                    let r = run(
                        ids(20),
                        4,
                        call,
                        |_| false,
                        move || cancel.get(),
                        || async {},
                        |_, _| {},
                    )
                    .await;
                    *done.borrow_mut() = Some(r);
                })
                .unwrap();
        }
        pool.run_until_stalled();
        fake.answer_oldest(&[]);
        pool.run_until_stalled();
        assert_eq!(fake.in_flight().len(), 4);
        cancel.set(true);
        // The four in flight still finish and are reported; nothing new is sent.
        for _ in 0..4 {
            fake.answer_oldest(&["cf-00002"]);
            pool.run_until_stalled();
        }
        let r = done.borrow_mut().take().expect("finished");
        assert_eq!(fake.sent.borrow().len(), 5);
        assert!(r.cancelled);
        assert_eq!(r.progress.done, 4);
        assert_eq!(r.failed_ids(), ["cf-00002"]);
        assert_eq!(r.unsent_ids().len(), 15);
        assert_eq!(r.unsent_ids()[0], "cf-00005");
        assert_eq!(r.progress.remaining(), 0);
    }

    #[test]
    fn a_stopping_error_on_the_first_call_sends_nothing_else_and_retry_takes_the_failed() {
        let mut pool = LocalPool::new();
        let fake = Rc::new(Fake::default());
        let done = Rc::new(RefCell::new(None::<Report<String>>));
        {
            let (call, done) = (fake.call(), done.clone());
            pool.spawner()
                .spawn_local(async move {
                    let r = run(
                        ids(100),
                        8,
                        call,
                        |e: &String| e.contains("00000"),
                        || false,
                        || async {},
                        |_, _| {},
                    )
                    .await;
                    *done.borrow_mut() = Some(r);
                })
                .unwrap();
        }
        pool.run_until_stalled();
        fake.answer_oldest(&["cf-00000"]);
        pool.run_until_stalled();
        let r = done.borrow_mut().take().expect("finished");
        assert_eq!(fake.sent.borrow().len(), 1);
        assert_eq!(r.stopped_by.as_deref(), Some("refused cf-00000"));
        assert!(!r.cancelled);
        assert_eq!(r.failed_ids(), ["cf-00000"]);
        assert_eq!(r.progress.not_sent, 99);

        // Retrying the failed (and the not sent) runs a batch of just those.
        let mut retry = r.failed_ids();
        retry.extend(r.unsent_ids());
        let report = futures::executor::block_on(run(
            retry,
            4,
            |_id| async { Ok::<(), String>(()) },
            |_| false,
            || false,
            || async {},
            |_, _| {},
        ));
        assert_eq!(report.done_ids().len(), 100);
    }

    #[test]
    fn ten_thousand_with_pacing_never_exceed_the_limit() {
        let in_flight = Rc::new(Cell::new(0_usize));
        let max = Rc::new(Cell::new(0_usize));
        let paced = Rc::new(Cell::new(0_usize));
        let mut pool = LocalPool::new();
        let (f, m, p) = (in_flight.clone(), max.clone(), paced.clone());
        let out = Rc::new(RefCell::new(None));
        let o = out.clone();
        pool.spawner()
            .spawn_local(async move {
                let r = run(
                    ids(10_000),
                    6,
                    move |id: String| {
                        let f = f.clone();
                        f.set(f.get() + 1);
                        m.set(m.get().max(f.get()));
                        async move {
                            // Give the other calls a chance to start before answering.
                            YieldOnce(false).await;
                            f.set(f.get() - 1);
                            if id.ends_with('7') { Err(id) } else { Ok(()) }
                        }
                    },
                    |_| false,
                    || false,
                    move || {
                        p.set(p.get() + 1);
                        async {}
                    },
                    |_, _| {},
                )
                .await;
                *o.borrow_mut() = Some(r);
            })
            .unwrap();
        pool.run();
        let r = out.borrow_mut().take().unwrap();
        assert_eq!(max.get(), 6);
        assert_eq!(paced.get(), 10_000);
        assert_eq!(r.progress.done, 9_000);
        assert_eq!(r.failed_ids().len(), 1_000);
    }

    #[test]
    fn a_bulk_write_says_so_on_the_timeline() {
        assert_eq!(timeline_summary(12, ""), "bulk action on 12 changefeeds");
        assert_eq!(timeline_summary(1, ""), "bulk action on 1 changefeed");
        assert_eq!(
            timeline_summary(3, "overwrite checkpoint TSO 42"),
            "bulk action on 3 changefeeds; overwrite checkpoint TSO 42"
        );
    }
}
