//! The changefeed list's bulk actions: the toolbar shown with a selection, the one
//! confirmation (action, count, ids, what is skipped and why; the typed count for a delete),
//! the progress while it runs (done / failed / remaining, cancel), and the report per
//! changefeed with "retry the failed ones".
//!
//! The decisions are `crate::bulk`'s (tested natively); this module only wires them to the
//! page. It is a wasm chunk of its own (`lazy::LazyBulkPanel`, handed to the list page by the app
//! as a [`BulkPanelView`]), fetched the first time something
//! is selected, so the list's first load does not carry it. Every write goes through the
//! list's `Actions` (quietly: busy marks and the 401 prompt as for a single write, but the
//! report instead of a toast per changefeed, and one refresh at the end); the runner sends the
//! first request alone, so a 401 asks for credentials once for the batch.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::bulk::{self, Applicable, BulkAction, Plan, Progress, Report, Selection};
use crate::components::Modal;
use crate::list::{self, ListRow};
use crate::reach::unreachable_reason;
use crate::secrets::mask_sink_uri;
use crate::services::tombstones::save_tombstones;
use crate::services::{Actions, Services, sleep_ms, use_services};
use crate::state::FeedState;
use crate::tombstone::Tombstone;
use crate::tso;

/// How many requests a batch keeps in flight unless the user picks another number.
const DEFAULT_LIMIT: usize = 4;
/// The choices offered for it.
const LIMITS: [usize; 5] = [1, 2, 4, 8, 16];
/// Failures listed in the report (all of them are retried; the rest are counted).
const REPORT_ROWS: usize = 500;
/// The runner hands the browser its event loop back after this much work in one go.
const SLICE_MS: f64 = 8.0;

/// What the list page hands the bulk panel.
#[derive(Clone, Copy)]
pub struct BulkProps {
    /// The selected changefeed ids.
    pub selection: RwSignal<Selection>,
    /// The rows of the latest list answer (states, checkpoints).
    pub rows: Memo<Arc<Vec<ListRow>>>,
    /// The rows' indices in the list's current sort order (before the search filters it).
    pub sorted: Memo<Vec<usize>>,
    /// The indices of the rows matching the filter and search, in that order.
    pub shown: Memo<Vec<usize>>,
    /// The list's writes: a batch's rows show as busy, and the list refreshes at its end.
    pub actions: Actions,
    /// Called when a batch ends, after the list's refresh (the tombstones may have changed).
    pub on_finished: Callback<()>,
}

/// How the list page renders the bulk panel: the app passes one that fetches the panel's chunk
/// first (`lazy::LazyBulkPanel`), so pages never import `lazy`.
pub type BulkPanelView = Callback<BulkProps, AnyView>;

/// Why one changefeed of a batch was not done.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// TiCDC refused it, or could not be reached.
    Api(ApiError),
    /// A single write on it (a row's button) was in flight, so the batch left it alone.
    Busy,
}

impl Failure {
    /// TiCDC's `error_code`, if any.
    fn code(&self) -> &str {
        match self {
            Failure::Api(e) => e.code().unwrap_or(""),
            Failure::Busy => "",
        }
    }

    /// TiCDC's message (or what went wrong).
    fn message(&self) -> String {
        match self {
            Failure::Api(e) => e.short_message(),
            Failure::Busy => "another write on this changefeed was in flight".into(),
        }
    }
}

/// Where the panel is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// The toolbar (when something is selected).
    Idle,
    /// The confirmation is open for this plan.
    Confirm(Arc<Plan>),
    /// A batch is running.
    Running(BulkAction),
    /// A batch ended; its report is shown.
    Finished(Arc<Report<Failure>>, BulkAction),
}

/// The toolbar, the confirmation, the progress and the report.
#[component]
pub fn BulkPanel(
    /// The list's state the panel works on.
    props: BulkProps,
) -> impl IntoView {
    let services = use_services();
    let BulkProps {
        selection,
        rows,
        sorted,
        shown,
        actions,
        on_finished,
    } = props;
    let phase = RwSignal::new(Phase::Idle);
    let progress = RwSignal::new(Progress::default());
    let cancel = RwSignal::new(false);
    let limit = RwSignal::new(DEFAULT_LIMIT);

    // The selected rows' states, in the list's order.
    let selected_states = move || -> Vec<(String, FeedState)> {
        selection.with(|s| {
            rows.with(|rows| {
                sorted.with(|order| {
                    list::rows_at(rows, order)
                        .filter(|r| s.contains(&r.id))
                        .map(|r| (r.id.clone(), r.state))
                        .collect()
                })
            })
        })
    };
    let has_selection = Memo::new(move |_| !selection.with(Selection::is_empty));
    let applicable = Memo::new(move |_| {
        selection.with(|s| {
            rows.with(|rows| {
                Applicable::count(rows.iter().filter(|r| s.contains(&r.id)).map(|r| r.state))
            })
        })
    });
    let open = move |action: BulkAction| {
        let chosen = selected_states();
        let plan = Plan::new(action, chosen.iter().map(|(id, s)| (id.as_str(), *s)));
        phase.set(Phase::Confirm(Arc::new(plan)));
    };

    let start = move |action: BulkAction, ids: Vec<String>| {
        cancel.set(false);
        phase.set(Phase::Running(action));
        spawn_local(async move {
            let report = execute(
                services,
                actions,
                action,
                ids,
                limit.get_untracked(),
                cancel,
                progress,
            )
            .await;
            actions.refreshed();
            on_finished.run(());
            phase.try_set(Phase::Finished(Arc::new(report), action));
        });
    };

    // The toolbar stays while its confirmation is open, so the dialog can give the focus back
    // to the button that opened it (a re-rendered toolbar would be new buttons).
    let toolbar_shown = Memo::new(move |_| {
        has_selection.get() && phase.with(|p| matches!(p, Phase::Idle | Phase::Confirm(_)))
    });
    view! {
        <div class="bulk">
            <SelectionBar selection=selection rows=rows shown=shown/>
            {move || toolbar_shown.get().then(|| {
                view! { <Toolbar applicable=applicable open=Callback::new(open)/> }
            })}
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Confirm(plan) => view! {
                    <BulkDialog plan=plan limit=limit
                        on_cancel=Callback::new(move |()| phase.set(Phase::Idle))
                        on_confirm=Callback::new(move |(action, ids): (BulkAction, Vec<String>)| start(action, ids))/>
                }.into_any(),
                Phase::Running(action) => view! {
                    <ProgressView action=action progress=progress cancel=cancel/>
                }.into_any(),
                Phase::Finished(report, action) => view! {
                    <ReportView report=report action=action
                        retry=Callback::new(move |ids: Vec<String>| start(action, ids))
                        dismiss=Callback::new(move |()| phase.set(Phase::Idle))/>
                }.into_any(),
            }}
        </div>
    }
}

/// The line above the table while something is selected: how many, how many the filter and
/// search hide, "select all that match" and "Clear".
#[component]
fn SelectionBar(
    /// The selected ids.
    selection: RwSignal<Selection>,
    /// The rows of the latest list answer.
    rows: Memo<Arc<Vec<ListRow>>>,
    /// The indices of the rows matching the filter and search.
    shown: Memo<Vec<usize>>,
) -> impl IntoView {
    // How many of the rows matching the filter and search are selected (the rest of the
    // selection is hidden by them).
    let matching_selected = Memo::new(move |_| {
        selection.with(|s| {
            shown.with(|idx| {
                rows.with(|rows| {
                    list::rows_at(rows, idx)
                        .filter(|r| s.contains(&r.id))
                        .count()
                })
            })
        })
    });
    let select_matching = move |_| {
        shown.with_untracked(|idx| {
            rows.with_untracked(|rows| {
                let ids = list::rows_at(rows, idx).map(|r| r.id.as_str());
                selection.update(|s| s.set_all(ids, true));
            })
        })
    };
    move || {
        (!selection.with(Selection::is_empty)).then(|| {
            let n = selection.with(Selection::len);
            let in_view = matching_selected.get();
            let matching = shown.with(Vec::len);
            view! {
                <div class="cf-selection" role="status">
                    <strong>{n}" selected"</strong>
                    {(n > in_view).then(|| view! { <span class="muted">{format!(" ({} not shown by this filter and search)", n - in_view)}</span> })}
                    {(in_view < matching).then(|| view! {
                        <button type="button" class="btn btn--ghost btn--small" on:click=select_matching>
                            {format!("Select all {matching} that match")}
                        </button>
                    })}
                    <button type="button" class="btn btn--ghost btn--small" on:click=move |_| selection.update(Selection::clear)>"Clear"</button>
                </div>
            }
        })
    }
}

/// Runs one batch: each id's write through the list's quiet `Actions`, at most `limit` in
/// flight.
async fn execute(
    services: Services,
    actions: Actions,
    action: BulkAction,
    ids: Vec<String>,
    limit: usize,
    cancel: RwSignal<bool>,
    progress: RwSignal<Progress>,
) -> Report<Failure> {
    let writes = actions.quiet(ids.len());
    let tombstones = Rc::new(RefCell::new(Vec::<Tombstone>::new()));
    let kept = tombstones.clone();
    let call = move |id: String| {
        let kept = kept.clone();
        async move {
            let written = match action {
                BulkAction::Pause => writes.pause(id).await,
                BulkAction::Resume {
                    overwrite_checkpoint_ts,
                } => writes.resume(id, overwrite_checkpoint_ts).await,
                BulkAction::Delete => {
                    // As a single delete: read the last checkpoint and sink first, so the
                    // tombstone says how to recreate it. No tombstone, no delete.
                    let info = services
                        .call_with(
                            id.clone(),
                            |c, id| async move { c.get_changefeed(&id).await },
                        )
                        .await
                        .map_err(Failure::Api)?;
                    let written = writes.delete(id.clone(), None).await;
                    if matches!(written, Some(Ok(()))) {
                        kept.borrow_mut().push(Tombstone {
                            id,
                            checkpoint_ts: info.checkpoint_ts,
                            sink_uri: mask_sink_uri(&info.sink_uri.unwrap_or_default()),
                        });
                    }
                    written
                }
            };
            match written {
                Some(r) => r.map_err(Failure::Api),
                None => Err(Failure::Busy),
            }
        }
    };
    let stops = |f: &Failure| match f {
        Failure::Api(e) => e.is_unauthorized() || unreachable_reason(e).is_some(),
        Failure::Busy => false,
    };
    let cancelled = move || cancel.try_get_untracked().unwrap_or(true);
    let slice_start = Rc::new(Cell::new(perf_now()));
    let pace = move || {
        let slice_start = slice_start.clone();
        async move {
            if perf_now() - slice_start.get() > SLICE_MS {
                sleep_ms(0).await;
                slice_start.set(perf_now());
            }
        }
    };
    let report = bulk::run(ids, limit, call, stops, cancelled, pace, |r, _| {
        progress.try_set(r.progress);
    })
    .await;
    let kept = std::mem::take(&mut *tombstones.borrow_mut());
    if !kept.is_empty() {
        save_tombstones(kept);
    }
    report
}

fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// "Pause 40 · Resume 2 · Delete 42": each action with how many selected changefeeds it
/// applies to.
#[component]
fn Toolbar(
    /// Per action, how many of the selection it applies to.
    applicable: Memo<Applicable>,
    /// Opens the confirmation for an action.
    open: Callback<BulkAction>,
) -> impl IntoView {
    let button = move |action: BulkAction, n: fn(&Applicable) -> usize, danger: bool| {
        let count = move || applicable.with(n);
        view! {
            <button type="button" class=if danger { "btn btn--small btn--danger" } else { "btn btn--small" }
                disabled=move || count() == 0
                on:click=move |_| open.run(action)>
                {action.verb()}" "{count}
            </button>
        }
    };
    view! {
        <div class="bulk-bar" role="toolbar" aria-label="Bulk actions">
            <span class="muted">"For the selection:"</span>
            {button(BulkAction::Pause, |a| a.pause, false)}
            {button(BulkAction::Resume { overwrite_checkpoint_ts: None }, |a| a.resume, false)}
            {button(BulkAction::Delete, |a| a.delete, true)}
        </div>
    }
}

/// The one confirmation of a batch.
#[component]
fn BulkDialog(
    /// What will be sent, and what is skipped.
    plan: Arc<Plan>,
    /// Requests in flight at once (the user may change it here).
    limit: RwSignal<usize>,
    /// Closed without sending anything.
    on_cancel: Callback<()>,
    /// Confirmed: the action (with the overwrite TSO, for a resume) and the ids to send.
    on_confirm: Callback<(BulkAction, Vec<String>)>,
) -> impl IntoView {
    let n = plan.eligible.len();
    let verb = plan.action.verb();
    let noun = if n == 1 { "changefeed" } else { "changefeeds" };
    let is_delete = plan.action == BulkAction::Delete;
    let is_resume = matches!(plan.action, BulkAction::Resume { .. });
    let typed = RwSignal::new(String::new());
    let tso_text = RwSignal::new(String::new());
    // Ok(None) = keep each checkpoint; Ok(Some) = overwrite every one; Err = not a TSO.
    let overwrite = Memo::new(move |_| tso_text.with(|t| tso::parse_overwrite_tso(t)));
    let ready = move || {
        n > 0
            && overwrite.with(Result::is_ok)
            && (!is_delete || typed.with(|t| t.trim() == n.to_string()))
    };
    let ids_text = plan.eligible.join("\n");
    let skipped_text = plan
        .skipped
        .iter()
        .map(|s| format!("{} — {}", s.id, s.reason))
        .collect::<Vec<_>>()
        .join("\n");
    let skipped = plan.skipped.len();
    let action = plan.action;
    let eligible = plan.eligible.clone();
    let confirm = move || {
        if !ready() {
            return;
        }
        let action = match action {
            BulkAction::Resume { .. } => BulkAction::Resume {
                overwrite_checkpoint_ts: overwrite.get_untracked().ok().flatten(),
            },
            a => a,
        };
        on_confirm.run((action, eligible.clone()));
    };
    let confirm = StoredValue::new(confirm);
    // `Modal` moves the focus to the `autofocus` element: the field to fill, else Cancel (so a
    // stray Enter sends nothing).
    let autofocus = !is_delete && !is_resume;
    let title = format!("{verb} {n} {noun}?");
    let what = match action {
        BulkAction::Pause => "TiCDC stops replicating each of them until it is resumed.",
        BulkAction::Resume { .. } => "TiCDC resumes each of them from its checkpoint.",
        BulkAction::Delete => {
            "TiCDC stops replicating and removes each of them and its progress. This cannot be undone. Each one's last checkpoint TSO and sink are kept in this tab, so it can be recreated."
        }
    };
    view! {
        <Modal on_cancel=on_cancel>
            <div class="modal modal--wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title">
                <h2 id="bulk-title">{title}</h2>
                <p class="modal__body">{what}</p>
                <p class="bulk-dialog__label"><strong>{n}</strong>" to "{verb.to_ascii_lowercase()}":"</p>
                <pre class="bulk-ids" tabindex="0" aria-label=format!("Changefeeds to {}", verb.to_ascii_lowercase())>{ids_text}</pre>
                {(skipped > 0).then(|| view! {
                    <p class="bulk-dialog__label"><strong>{skipped}</strong>" selected but skipped:"</p>
                    <pre class="bulk-ids bulk-ids--skipped" tabindex="0" aria-label="Skipped changefeeds and why">{skipped_text}</pre>
                })}
                {is_resume.then(|| view! {
                    <label class="field">
                        <span>"Overwrite checkpoint TSO "<span class="muted">"(optional, for every one of them)"</span></span>
                        <input type="text" inputmode="numeric" autocomplete="off" spellcheck="false" class="mono"
                            autofocus placeholder="empty = each keeps its checkpoint"
                            prop:value=move || tso_text.get() on:input=move |ev| tso_text.set(event_target_value(&ev))/>
                    </label>
                    {move || match overwrite.get() {
                        Ok(None) => ().into_any(),
                        Ok(Some(v)) => view! {
                            <p class="bulk-warn" role="alert">
                                <strong>"Every changefeed's checkpoint and start_ts become "{v.to_string()}</strong>
                                " ("{tso::tso_to_utc_string(v)}" UTC). Changes after a changefeed's own checkpoint and before this TSO are skipped if it is later; changes after it are replicated again if it is earlier."
                            </p>
                        }.into_any(),
                        Err(e) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
                    }}
                })}
                <label class="field field--inline">
                    <span>"Requests at a time"</span>
                    <select on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<usize>() { limit.set(v) }
                    }>
                        {LIMITS.into_iter().map(|l| view! {
                            <option value=l.to_string() selected=move || limit.get() == l>{l}</option>
                        }).collect_view()}
                    </select>
                </label>
                {is_delete.then(|| view! {
                    <label class="field">
                        <span>"Type "<code>{n}</code>" to confirm"</span>
                        <input type="text" inputmode="numeric" autocomplete="off" autofocus
                            prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    </label>
                })}
                <div class="modal__actions">
                    <button type="button" class="btn" autofocus=autofocus on:click=move |_| on_cancel.run(())>"Cancel"</button>
                    <button type="button" class=if is_delete { "btn btn--danger" } else { "btn btn--primary" }
                        disabled=move || !ready()
                        on:click=move |_| confirm.with_value(|f| f())>
                        {format!("{verb} {n} {noun}")}
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// The progress of a running batch, with its cancel button.
#[component]
fn ProgressView(
    /// What is being sent.
    action: BulkAction,
    /// The counts so far.
    progress: RwSignal<Progress>,
    /// Set by the cancel button: nothing new is sent.
    cancel: RwSignal<bool>,
) -> impl IntoView {
    let answered = move || progress.with(|p| p.done + p.failed);
    let total = move || progress.with(|p| p.total);
    let pct = move || {
        let t = total().max(1);
        format!("{:.1}%", answered() as f64 * 100.0 / t as f64)
    };
    view! {
        <div class="card bulk-progress" role="region" aria-label=format!("{} progress", action.verb())>
            <div class="bulk-progress__bar" role="progressbar" aria-label=format!("{} changefeeds", action.verb())
                aria-valuemin="0" aria-valuemax=total aria-valuenow=answered>
                <div class="bulk-progress__fill" style:width=pct></div>
            </div>
            <p class="bulk-progress__counts" aria-live="polite">
                {move || {
                    let p = progress.get();
                    format!("{} done · {} failed · {} remaining", p.done, p.failed, p.remaining())
                }}
            </p>
            <button type="button" class="btn btn--small" disabled=move || cancel.get()
                on:click=move |_| cancel.set(true)>
                {move || if cancel.get() {
                    format!("Cancelling… ({} in flight)", progress.with(|p| p.in_flight))
                } else {
                    "Cancel".to_string()
                }}
            </button>
        </div>
    }
}

/// The report of a finished batch: counts, each failure with TiCDC's error code and
/// message, and the retries.
#[component]
fn ReportView(
    /// The outcomes.
    report: Arc<Report<Failure>>,
    /// What was sent.
    action: BulkAction,
    /// Sends the action again for these ids.
    retry: Callback<Vec<String>>,
    /// Closes the report.
    dismiss: Callback<()>,
) -> impl IntoView {
    let p = report.progress;
    let failed = report.failed_ids();
    let unsent = report.unsent_ids();
    let done_text = report.done_ids().join("\n");
    let failures = report.failures();
    let more = failures.len().saturating_sub(REPORT_ROWS);
    let why_stopped = match (&report.stopped_by, report.cancelled) {
        (Some(Failure::Api(e)), _) if e.is_unauthorized() => {
            Some("Stopped: TiCDC refused the credentials, so nothing more was sent.".to_string())
        }
        (Some(f), _) => Some(format!(
            "Stopped: TiCDC could not be reached ({}), so nothing more was sent.",
            f.message()
        )),
        (None, true) => Some("Cancelled: the rest was not sent.".to_string()),
        (None, false) => None,
    };
    let n_failed = failed.len();
    let n_unsent = unsent.len();
    let verb = action.verb();
    view! {
        <section class="card bulk-report" role="region" aria-label=format!("{verb} report")>
            <p class="bulk-report__summary" role="status">
                <strong>{format!("{verb}: {} done · {} failed · {} not sent", p.done, p.failed, p.not_sent)}</strong>
                {(p.done > 0 && !matches!(action, BulkAction::Delete)).then_some(" · TiCDC applies each on the owner's next tick.")}
            </p>
            {why_stopped.map(|w| view! { <p class="bulk-warn">{w}</p> })}
            {(!failures.is_empty()).then(|| view! {
                <table class="table bulk-failures">
                    <caption class="visually-hidden">"Failed changefeeds"</caption>
                    <thead><tr><th scope="col">"Changefeed"</th><th scope="col">"Error code"</th><th scope="col">"Message"</th></tr></thead>
                    <tbody>
                        {failures.into_iter().take(REPORT_ROWS).map(|(id, e)| view! {
                            <tr>
                                <th scope="row"><code>{id}</code></th>
                                <td><code class="cf-code">{e.code().to_string()}</code></td>
                                <td>{e.message()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more failed (all are retried).")}</p> })}
            })}
            <div class="bulk-report__actions">
                {(n_failed > 0).then(|| view! {
                    <button type="button" class="btn btn--primary btn--small" on:click=move |_| retry.run(failed.clone())>
                        {format!("Retry the {n_failed} failed")}
                    </button>
                })}
                {(n_unsent > 0).then(|| view! {
                    <button type="button" class="btn btn--small" on:click=move |_| retry.run(unsent.clone())>
                        {format!("Send the {n_unsent} not sent")}
                    </button>
                })}
                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| dismiss.run(())>"Dismiss"</button>
            </div>
            {(p.done > 0).then(|| view! {
                <details class="bulk-report__done">
                    <summary>{format!("{} done", p.done)}</summary>
                    <pre class="bulk-ids" tabindex="0" aria-label="Changefeeds done">{done_text}</pre>
                </details>
            })}
        </section>
    }
}
