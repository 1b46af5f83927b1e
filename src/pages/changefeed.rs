//! One changefeed (`/changefeeds/:id`): overview with exact TSOs, the current error, task
//! placement, TiCDC's synced status explained in plain words, the full config, and the actions
//! legal in its state (pause, resume with an optional overwrite checkpoint, edit, clone, delete).
//!
//! TiCDC applies pause and resume on the owner's next tick, so after an action the page
//! refreshes at once, again shortly after, and keeps polling.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::placement::PlacementPanel;
use crate::api::release::{Arch, Evidence};
use crate::api::{ApiError, Capture, ChangeFeedInfo, RunningError, SyncedStatus};
use crate::cli_toml::body::{defaults_for, feed_commands, info_body};
use crate::components::{
    ApiErrorView, CliExport, ClockNote, CopyButton, LagChart, RefreshControl, StaleNote,
    StateBadge, Timeline, TsoValue,
};
use crate::explain;
use crate::format;
use crate::history::Sample;
use crate::history::pending::ProblemOwned;
use crate::routes::{DetailQuery, ListQuery, Page};
use crate::secrets::{mask_secrets_json, mask_sink_uri};
use crate::services::tombstones::save_tombstone;
use crate::services::{
    Clock, ConfirmRequest, Verb, ticdc_clock, tz_offset_at, use_actions, use_history, use_polled,
    use_services,
};
use crate::state::{FeedState, allowed_actions};
use crate::synced;
use crate::tombstone::Tombstone;
use crate::tso;

/// One poll of the detail: TiCDC's clock, the changefeed, and (when tables are placed) the
/// captures, to show addresses instead of bare capture ids.
#[derive(Clone, Debug, PartialEq)]
struct Detail {
    info: ChangeFeedInfo,
    clock: Clock,
    captures: Option<Vec<Capture>>,
}

/// `/changefeeds/:id`.
#[component]
pub fn ChangefeedPage() -> impl IntoView {
    let services = use_services();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));

    let detail = use_polled(
        services,
        3_000.0,
        move || id.get(),
        |client, id: String| async move {
            let clock = ticdc_clock(&client).await;
            let info = client.get_changefeed(&id).await?;
            let placed = info.task_status.as_ref().is_some_and(|t| !t.is_empty());
            let captures = if placed {
                client.list_captures().await.ok().map(|l| l.items)
            } else {
                None
            };
            Ok(Detail {
                info,
                clock,
                captures,
            })
        },
    );
    // The synced status only once the changefeed is known to exist.
    let exists = Memo::new(move |_| detail.data.with(Option::is_some));
    let info = Memo::new(move |_| detail.data.with(|d| d.as_ref().map(|d| d.info.clone())));
    // The family from the changefeed's own body (`api::release::Evidence`: `keyspace`/`gid` are
    // the new architecture's); every new-architecture release has the placement routes, and a
    // release that dropped them answers 404, which the placement card says.
    let new_arch = Memo::new(move |_| {
        info.with(|i| {
            i.as_ref().is_some_and(|i| {
                let mut evidence = Evidence::default();
                evidence.observe_body(&serde_json::to_value(i).unwrap_or_default());
                matches!(evidence.arch, Some((Arch::New, _)))
            })
        })
    });
    let synced = use_polled(
        services,
        5_000.0,
        move || exists.get().then(|| id.get()),
        |client, id: Option<String>| async move {
            match id {
                Some(id) => client.changefeed_synced(&id).await.map(Some),
                None => Ok(None),
            }
        },
    );

    let clock = Memo::new(move |_| detail.data.with(|d| d.as_ref().map(|d| d.clock.clone())));

    // History: each detail answer is recorded (checkpoint and resolved lag on TiCDC's clock,
    // state, the synced status last fetched, the error), from the polls above only.
    let history = use_history();
    Effect::new(move |_| {
        let Some(at) = detail.updated_at.get() else {
            return;
        };
        let synced_now = synced
            .data
            .with_untracked(|s| s.as_ref().and_then(|s| s.as_ref().map(|s| s.synced)));
        detail.data.with_untracked(|d| {
            let Some(d) = d else { return };
            let i = &d.info;
            let now = d.clock.now_ms();
            let lag_of = |ts: u64| (ts != 0).then(|| now - tso::physical_ms(ts) as i64);
            let mut sample = Sample::new(at as i64, lag_of(i.checkpoint_ts), i.feed_state());
            sample.resolved_lag = lag_of(i.resolved_ts).map(|l| l.max(0));
            sample.synced = synced_now;
            let problem = i.error.as_ref().map(|e| ProblemOwned {
                code: e.code.clone(),
                message: e.message.clone(),
                addr: e.addr.clone(),
            });
            history.follow(&services.client());
            history.record_detail(&id.get_untracked(), sample, problem);
        });
    });
    // The chart's window lives in the URL (`?window=6h`): a link or a reload shows the same.
    let query_map = use_query_map();
    let window =
        Memo::new(move |_| query_map.with(|m| DetailQuery::from_params(|k| m.get_str(k)).window));
    let go_window = {
        let navigate = use_navigate();
        Callback::new(move |window| {
            navigate(
                &DetailQuery {
                    window,
                    // The placement view's part of the URL stays as it is.
                    ..query_map.with_untracked(|m| DetailQuery::from_params(|k| m.get_str(k)))
                }
                .href(&id.get_untracked()),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        })
    };
    // Whether this browser holds a history of the changefeed (shown even once it is gone).
    let recorded = Memo::new(move |_| history.with(|h| h.feed(&id.get()).is_some()));
    let actions = use_actions(move || {
        detail.refresh();
        synced.refresh();
    });
    let busy = Memo::new(move |_| actions.busy(&id.get()));
    let navigate = use_navigate();
    let go_list = Callback::new(move |()| {
        navigate(
            &Page::Changefeeds(ListQuery::default()).href(),
            NavigateOptions::default(),
        );
    });

    let pause = Callback::new(move |()| {
        let id = id.get_untracked();
        spawn_local(async move {
            actions.pause(id).await;
        });
    });

    let resume = Callback::new(move |overwrite: Option<u64>| {
        let id = id.get_untracked();
        spawn_local(async move {
            if let Some(ts) = overwrite {
                let ok = services.dialogs.confirm(ConfirmRequest {
                    title: format!("Resume {id} from TSO {ts}?"),
                    body: format!(
                        "The checkpoint and start_ts become {ts} ({} UTC). Changes after the current checkpoint and before this TSO are skipped if it is later; changes after it are replicated again if it is earlier.",
                        tso::tso_to_utc_string(ts)
                    ),
                    confirm_label: "Resume from this TSO".into(),
                    danger: true,
                    type_to_confirm: None,
                }).await;
                if !ok {
                    return;
                }
            }
            actions.resume(id, overwrite).await;
        });
    });

    let delete = Callback::new(move |()| {
        let id = id.get_untracked();
        let (checkpoint_ts, sink_uri) = detail.data.with_untracked(|d| {
            d.as_ref()
                .map(|d| {
                    (
                        d.info.checkpoint_ts,
                        d.info.sink_uri.clone().unwrap_or_default(),
                    )
                })
                .unwrap_or_default()
        });
        spawn_local(async move {
            let ok = services.dialogs.confirm(ConfirmRequest {
                title: format!("Delete changefeed {id}?"),
                body: format!(
                    "TiCDC stops replicating and removes the changefeed and its progress. This cannot be undone. Its last checkpoint TSO is {checkpoint_ts}; it will be shown after deletion so you can recreate it."
                ),
                confirm_label: "Delete changefeed".into(),
                danger: true,
                type_to_confirm: Some(id.clone()),
            }).await;
            if !ok {
                return;
            }
            let shown = mask_sink_uri(&sink_uri);
            let when = if checkpoint_ts == 0 {
                String::new()
            } else {
                format!(" ({} UTC)", tso::tso_to_utc_string(checkpoint_ts))
            };
            let note = format!("Last checkpoint TSO {checkpoint_ts}{when} · sink {shown}");
            if let Some(Ok(())) = actions.delete(id.clone(), Some(note)).await {
                save_tombstone(Tombstone {
                    id,
                    checkpoint_ts,
                    sink_uri: shown,
                });
                go_list.run(());
            }
        });
    });

    view! {
        <section class="page cf-detail">
            {move || {
                let err = detail.error.get();
                let has = detail.data.with(Option::is_some);
                match (has, err) {
                    (false, Some(e)) if e.is_not_found() => view! {
                        <div class="page__head"><h1>"Changefeed "<code>{id.get()}</code></h1></div>
                        <div class="error-box" role="alert">
                            <p class="error-box__title"><strong>"Changefeed "<code>{id.get()}</code>" does not exist"</strong></p>
                            <p>"TiCDC answered "<code>{e.code().unwrap_or("404").to_string()}</code>": "{e.short_message()}</p>
                            <p>"It may have been deleted, or it lives in another namespace. "
                                <A href=Page::Changefeeds(ListQuery::default()).href()>"Back to the changefeed list"</A></p>
                        </div>
                        // TiCDC forgets a deleted changefeed; this browser's record of it (its
                        // lag until then, what happened, who deleted it from here) stays.
                        <Show when=move || recorded.get()>
                            <p class="muted" role="note">"This browser recorded "<code>{id.get()}</code>" before: what it saw is below."</p>
                            <LagChart id=id window=window choose=go_window/>
                            <Timeline id=id/>
                        </Show>
                    }.into_any(),
                    (false, Some(e)) => view! {
                        <div class="page__head"><h1>"Changefeed "<code>{id.get()}</code></h1></div>
                        <ApiErrorView title=format!("Could not load changefeed {}", id.get()) error=e
                            on_retry=Callback::new(move |()| detail.refresh())/>
                    }.into_any(),
                    (false, None) => view! {
                        <div class="page__head"><h1>"Changefeed "<code>{id.get()}</code></h1></div>
                        <p class="muted" role="status">"Loading…"</p>
                    }.into_any(),
                    (true, _) => ().into_any(),
                }
            }}
            <Show when=move || exists.get()>
                <DetailHead id=id detail=detail.data busy=busy pause=pause resume=resume delete=delete clock=clock/>
                <div class="cf-detail__status">
                    <RefreshControl updated_at=detail.updated_at loading=detail.loading
                        on_refresh=Callback::new(move |()| { detail.refresh(); synced.refresh(); })/>
                    <ClockNote clock=clock/>
                    {move || detail.is_stale().then(|| view! { <StaleNote error=detail.error/> })}
                </div>
                {move || detail.data.with(|d| d.as_ref().and_then(|d| d.info.error.clone().map(|e| (e, d.info.feed_state()))))
                    .map(|(e, s)| view! { <ErrorBlock error=e state=s/> })}
                <div class="grid cf-detail__grid">
                    <Overview detail=detail.data/>
                    <SyncedPanel synced=synced.data error=synced.error detail=detail.data
                        on_retry=Callback::new(move |()| synced.refresh())/>
                </div>
                <LagChart id=id window=window choose=go_window/>
                <Timeline id=id/>
                // The new architecture reports placement through its own routes; classic keeps
                // the task status (`keyspace`/`gid` only come from the new architecture).
                {move || if new_arch.get() {
                    view! { <PlacementPanel id=id info=info/> }.into_any()
                } else {
                    view! { <TaskStatus detail=detail.data/> }.into_any()
                }}
                <ConfigView detail=detail.data/>
                <CliFiles detail=detail.data/>
            </Show>
        </section>
    }
}

#[component]
fn DetailHead(
    /// The changefeed id (from the URL).
    id: Memo<String>,
    /// The last poll of the changefeed.
    detail: RwSignal<Option<Detail>>,
    /// The write in flight on this changefeed (buttons disable, its own says "…ing").
    busy: Memo<Option<Verb>>,
    /// Pauses the changefeed.
    pause: Callback<()>,
    /// Resumes it, from an overwrite checkpoint TSO when given.
    resume: Callback<Option<u64>>,
    /// Deletes it (after a typed confirmation).
    delete: Callback<()>,
    /// TiCDC's clock of the last poll (a TSO later than it is refused).
    clock: Memo<Option<Clock>>,
) -> impl IntoView {
    let state = Memo::new(move |_| {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.info.feed_state())
                .unwrap_or(FeedState::Unknown)
        })
    });
    let actions = Memo::new(move |_| allowed_actions(state.get()));
    let is_busy = move || busy.get().is_some();
    view! {
        <div class="page__head">
            <h1 class="cf-detail__title"><span class="muted">"Changefeed "</span><code>{move || id.get()}</code></h1>
            {move || view! { <StateBadge state=state.get()/> }}
            <div class="page__actions">
                <Show when=move || actions.get().pause>
                    <button type="button" class="btn" disabled=is_busy on:click=move |_| pause.run(())>
                        {move || if busy.get() == Some(Verb::Pause) { "Pausing…" } else { "Pause" }}
                    </button>
                </Show>
                <A href=move || Page::Edit { id: id.get() }.href() attr:class="btn"
                    attr:title=move || if actions.get().update { "Edit the configuration".to_string() }
                        else { "TiCDC only accepts updates while stopped or failed: the edit page pauses, applies and resumes".to_string() }>
                    "Edit"
                </A>
                <A href=move || Page::Create { from: Some(id.get()) }.href() attr:class="btn" attr:title="Create a new changefeed with this configuration">"Clone"</A>
                <button type="button" class="btn btn--danger" disabled=is_busy on:click=move |_| delete.run(())>
                    {move || if busy.get() == Some(Verb::Delete) { "Deleting…" } else { "Delete" }}
                </button>
            </div>
        </div>
        <Show when=move || actions.get().resume>
            <ResumeForm busy=busy resume=resume clock=clock/>
        </Show>
    }
}

/// Resume, with an optional overwrite checkpoint TSO typed as exact decimal text.
#[component]
fn ResumeForm(
    /// The write in flight on this changefeed.
    busy: Memo<Option<Verb>>,
    /// Resumes, from the typed TSO when one is given.
    resume: Callback<Option<u64>>,
    /// TiCDC's clock of the last poll, to warn about a TSO in the future.
    clock: Memo<Option<Clock>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    // Ok(None) = keep the checkpoint; Ok(Some) = overwrite; Err = not a TSO.
    let parsed = Memo::new(move |_| text.with(|t| tso::parse_overwrite_tso(t)));
    let hint = move || match parsed.get() {
        Ok(None) => {
            view! { <span class="field__hint">"Empty or 0 keeps the current checkpoint."</span> }
                .into_any()
        }
        Ok(Some(v)) => {
            let future = clock.with(|c| match c {
                Some(Clock::Ticdc(now)) => tso::physical_ms(v) as i64 > *now,
                _ => false,
            });
            view! {
                <span class="field__hint">
                    "= "{tso::tso_to_utc_string(v)}" UTC · "{tso::tso_to_local_string(v, tz_offset_at(tso::physical_ms(v) as f64))}" local. "
                    <strong>"Also resets start_ts to this TSO."</strong>
                    " It must be after the GC safepoint and not after TiCDC's current TSO."
                </span>
                {future.then(|| view! { <span class="error-text" role="alert">"This TSO is later than TiCDC's current TSO: TiCDC will refuse it."</span> })}
            }.into_any()
        }
        Err(e) => view! { <span class="error-text" id="overwrite-error" role="alert">{e}</span> }
            .into_any(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(v) = parsed.get_untracked() {
            resume.run(v);
        }
    };
    view! {
        <form class="card resume-form" on:submit=submit aria-label="Resume changefeed">
            <label for="overwrite-tso" class="resume-form__label">
                <strong>"Resume"</strong>" — overwrite checkpoint TSO "<span class="muted">"(optional)"</span>
            </label>
            <div class="resume-form__row">
                <input id="overwrite-tso" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" class="mono"
                    placeholder="empty = keep the checkpoint" aria-describedby="overwrite-hint"
                    aria-invalid=move || if parsed.with(Result::is_err) { "true" } else { "false" }
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                <button type="submit" class="btn btn--primary"
                    disabled=move || busy.get().is_some() || parsed.with(Result::is_err)>
                    {move || if busy.get() == Some(Verb::Resume) { "Resuming…" } else { "Resume" }}
                </button>
            </div>
            <div id="overwrite-hint" class="resume-form__hint">{hint}</div>
        </form>
    }
}

/// The current error or warning. TiCDC reports it only while the changefeed is not normal,
/// stopped or finished, and keeps only the latest one.
#[component]
fn ErrorBlock(
    /// TiCDC's last error or warning of the changefeed.
    error: RunningError,
    /// The changefeed's display state (says whether TiCDC retries).
    state: FeedState,
) -> impl IntoView {
    let (title, words) = explain::error_heading(state);
    let hint = explain::remediation(&error.code);
    let cls = if state == FeedState::Failed {
        "error-box"
    } else {
        "error-box error-box--warn"
    };
    view! {
        <div class=cls role="alert" aria-label="Changefeed error">
            <p class="error-box__title"><strong>{title}</strong>" — "{words}</p>
            <dl class="kv">
                <dt>"Code"</dt><dd><code>{if error.code.is_empty() { "(none)".to_string() } else { error.code.clone() }}</code></dd>
                <dt>"Reported by"</dt><dd><code>{error.addr.clone()}</code></dd>
                {error.time.clone().map(|t| view! { <dt>"Time"</dt><dd>{format::format_rfc3339(&t)}</dd> })}
                <dt>"Message"</dt><dd><pre class="error-box__message">{error.message.clone()}</pre></dd>
            </dl>
            {hint.map(|h| view! { <p class="error-box__hint"><strong>"What to check: "</strong>{h}</p> })}
        </div>
    }
}

#[component]
fn Overview(
    /// The last poll of the changefeed.
    detail: RwSignal<Option<Detail>>,
) -> impl IntoView {
    move || {
        detail.with(|d| d.as_ref().map(|d| {
        let i = &d.info;
        let lag = format::checkpoint_lag_ms(d.clock.now_ms(), i.checkpoint_ts);
        let high = i.checkpoint_ts != 0 && format::is_lag_high(lag);
        let lag_text = if i.checkpoint_ts == 0 { "—".to_string() } else { format::format_checkpoint_lag_ms(lag) };
        let against = match d.clock { Clock::Ticdc(_) => "vs TiCDC's current TSO", Clock::Browser(..) => "vs this browser's clock (TiCDC's /tso failed)" };
        let sink = i.sink_uri.as_deref().map(mask_sink_uri).unwrap_or_else(|| "(none)".into());
        let scope = match (&i.namespace, &i.keyspace) {
            (Some(n), _) => ("Namespace", n.clone()),
            (None, Some(k)) => ("Keyspace", k.clone()),
            (None, None) => ("Namespace", "default".into()),
        };
        let create = if i.create_time.is_empty() {
            "—".to_string()
        } else {
            match format::parse_rfc3339(&i.create_time) {
                Some(t) => format!(
                    "{} UTC · {} local",
                    &tso::local_datetime(t.unix_ms(), 0).format()[..19],
                    format::format_rfc3339_local(&i.create_time, tz_offset_at(t.unix_ms() as f64))
                ),
                None => i.create_time.clone(),
            }
        };
        view! {
            <section class="card" aria-labelledby="overview-h">
                <h2 id="overview-h">"Overview"</h2>
                <dl class="kv">
                    <dt>{scope.0}</dt><dd>{scope.1}</dd>
                    <dt>"Upstream ID"</dt><dd><code>{i.upstream_id.map(|u| u.to_string()).unwrap_or_else(|| "—".into())}</code></dd>
                    <dt>"Sink URI"</dt><dd class="sink-uri"><code>{sink.clone()}</code><CopyButton text=sink label="Copy sink URI"/></dd>
                    <dt>"Checkpoint lag"</dt><dd><strong class="cf-lag" class:cf-lag--high=high>{lag_text}</strong>" "<span class="muted">{against}</span></dd>
                    <dt>"Checkpoint"</dt><dd><TsoValue tso=i.checkpoint_ts/></dd>
                    <dt>"Resolved"</dt><dd><TsoValue tso=i.resolved_ts/></dd>
                    <dt>"Start"</dt><dd>{i.start_ts.map(|t| view! { <TsoValue tso=t/> }.into_any()).unwrap_or_else(|| "—".into_any())}</dd>
                    <dt>"Target"</dt><dd>{match i.target_ts { Some(t) if t != 0 => view! { <TsoValue tso=t/> }.into_any(), _ => view! { <span class="muted">"none — replicates until stopped"</span> }.into_any() }}</dd>
                    <dt>"Created"</dt><dd>{create}</dd>
                    <dt>"Creator version"</dt><dd>{i.creator_version.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Admin job"</dt><dd>{explain::admin_job_meaning(i.admin_job_type)}</dd>
                    <dt>"Raw state"</dt><dd><code>{if i.state_str().is_empty() { "\"\" (not initialized yet)".to_string() } else { i.state_str().to_string() }}</code></dd>
                </dl>
            </section>
        }
    }))
    }
}

#[component]
fn SyncedPanel(
    /// The last synced status (inner None: not asked yet, the changefeed is not known).
    synced: RwSignal<Option<Option<SyncedStatus>>>,
    /// The synced poll's last error.
    error: RwSignal<Option<ApiError>>,
    /// The last poll of the changefeed (its synced thresholds).
    detail: RwSignal<Option<Detail>>,
    /// Asks for the synced status again (its error's Retry).
    on_retry: Callback<()>,
) -> impl IntoView {
    let thresholds = Memo::new(move |_| {
        detail.with(|d| {
            let cfg = d
                .as_ref()
                .and_then(|d| d.info.config.as_ref())
                .and_then(|c| c.synced_status.as_ref());
            synced::thresholds(
                cfg.and_then(|c| c.synced_check_interval),
                cfg.and_then(|c| c.checkpoint_interval),
            )
        })
    });
    view! {
        <section class="card synced" aria-labelledby="synced-h">
            <h2 id="synced-h">"Synced status"</h2>
            {move || match (synced.get().flatten(), error.get()) {
                (None, Some(e)) => view! { <ApiErrorView title="Could not load the synced status" error=e on_retry=on_retry/> }.into_any(),
                (None, None) => view! { <p class="muted">"Loading…"</p> }.into_any(),
                (Some(s), err) => {
                    let (si, ci) = thresholds.get();
                    let r = synced::explain(&s, si, ci);
                    view! {
                        <p class="synced__answer">
                            "Synced: "<strong class=if s.synced { "synced--yes" } else { "synced--no" }>
                                {if s.synced { "Yes" } else { "No" }}</strong>
                            {err.map(|_| view! { " "<StaleNote error=error on_retry=on_retry/> })}
                        </p>
                        <figure class="synced__info">
                            <blockquote>{s.info.clone()}</blockquote>
                            <figcaption class="muted">"TiCDC's own words (info)"</figcaption>
                        </figure>
                        <div class="synced__reading">
                            <p><strong>{r.headline.clone()}</strong>" "<span class="muted">"(case "{r.case.number()}" of TiCDC's synced check)"</span></p>
                            <p>{r.reason.clone()}</p>
                            <p class="synced__next-title">"What to check next:"</p>
                            <ul>{r.next.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                        </div>
                        <dl class="kv">
                            <dt>"Now (PD)"</dt><dd class="mono">{s.now_ts.clone()}</dd>
                            <dt>"Last synced"</dt><dd class="mono">{s.last_synced_ts.clone()}</dd>
                            <dt>"Sink checkpoint"</dt><dd class="mono">{s.sink_checkpoint_ts.clone()}</dd>
                            <dt>"Puller resolved"</dt><dd class="mono">{s.puller_resolved_ts.clone()}</dd>
                            <dt>"Thresholds"</dt><dd>"synced check "{si}" s · checkpoint "{ci}" s"</dd>
                        </dl>
                        <p class="muted small">"Times are in the TiCDC server's time zone, as TiCDC sends them."</p>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn TaskStatus(
    /// The last poll of the changefeed.
    detail: RwSignal<Option<Detail>>,
) -> impl IntoView {
    move || {
        detail.with(|d| d.as_ref().map(|d| {
        let tasks = d.info.task_status.clone().unwrap_or_default();
        let captures = d.captures.clone().unwrap_or_default();
        let body = if tasks.is_empty() {
            // Classic TiCDC fills task_status only in state normal; the new architecture never
            // does (placement is per dispatcher there, API.md §9.3).
            let why = if d.info.feed_state() == crate::state::FeedState::Normal {
                "This TiCDC reports no table placement for the changefeed (the new architecture never does)."
            } else {
                "TiCDC reports table placement only while the changefeed is normal."
            };
            view! { <p class="muted">{why}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr><th scope="col">"Capture"</th><th scope="col">"Address"</th><th scope="col">"Tables"</th><th scope="col">"Table IDs"</th></tr></thead>
                        <tbody>
                            {tasks.into_iter().map(|t| {
                                let cap = captures.iter().find(|c| c.id == t.capture_id);
                                let addr = cap.map(|c| c.address.clone()).unwrap_or_else(|| "(unknown)".into());
                                let owner = cap.is_some_and(|c| c.is_owner);
                                let ids = t.table_ids.clone().unwrap_or_default();
                                let n = ids.len();
                                let list = if ids.is_empty() { "none".to_string() } else { ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ") };
                                view! {
                                    <tr>
                                        <th scope="row"><code>{t.capture_id.clone()}</code>{owner.then_some(" (owner)")}</th>
                                        <td><code>{addr}</code></td>
                                        <td class="num">{n}</td>
                                        <td class="mono table-ids">{list}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        };
        view! {
            <section class="card" aria-labelledby="tasks-h">
                <h2 id="tasks-h">"Task status"</h2>
                {body}
            </section>
        }
    }))
    }
}

/// The changefeed as a `cdc cli` file (and JSON) and the commands that manage it.
#[component]
fn CliFiles(detail: RwSignal<Option<Detail>>) -> impl IntoView {
    let info = Memo::new(move |_| detail.with(|d| d.as_ref().map(|d| d.info.clone())));
    let body = Signal::derive(move || {
        info.with(|i| i.as_ref().map(info_body))
            .unwrap_or(serde_json::Value::Null)
    });
    // The owner's address is where `cdc cli --server` reaches this cluster.
    let server = Signal::derive(move || {
        detail
            .with(|d| {
                d.as_ref()
                    .and_then(|d| d.captures.as_ref())
                    .and_then(|cs| cs.iter().find(|c| c.is_owner).or(cs.first()))
                    .map(|c| format!("http://{}", c.address))
            })
            .unwrap_or_else(|| "http://127.0.0.1:8300".to_string())
    });
    let commands = Callback::new(move |server: String| {
        info.with(|i| i.as_ref().map(|i| feed_commands(i, &server)))
            .unwrap_or_default()
    });
    // "Only what differs" compares with the connected release's defaults.
    let services = use_services();
    let defaults = Signal::derive(move || defaults_for(services.profile().as_ref()));
    view! { <CliExport body=body defaults=defaults commands=commands server=server/> }
}

#[component]
fn ConfigView(
    /// The last poll of the changefeed.
    detail: RwSignal<Option<Detail>>,
) -> impl IntoView {
    let text = Memo::new(move |_| {
        detail.with(|d| {
            let cfg = d.as_ref().and_then(|d| d.info.config.as_ref())?;
            // Through text, not `to_value`: reuses the compact serializer every DTO already has
            // instead of compiling a `Value` serializer for the whole config tree.
            let mut v: serde_json::Value =
                serde_json::from_str(&serde_json::to_string(cfg).ok()?).ok()?;
            mask_secrets_json(&mut v);
            serde_json::to_string_pretty(&v).ok()
        })
    });
    view! {
        <section class="card" aria-labelledby="config-h">
            <div class="card__head">
                <h2 id="config-h">"Full configuration"</h2>
                {move || text.get().map(|t| view! { <CopyButton text=t label="Copy configuration JSON"/> })}
            </div>
            <p class="muted small">"replica_config as TiCDC returns it (read-only; passwords and tokens masked). Use Edit to change it."</p>
            {move || match text.get() {
                Some(t) => view! { <pre class="config-json" tabindex="0" aria-label="Configuration JSON">{t}</pre> }.into_any(),
                None => view! { <p class="muted">"TiCDC returned no configuration."</p> }.into_any(),
            }}
        </section>
    }
}
