//! Create (`/create`, `/create?from=<id>` to clone) and update (`/changefeeds/:id/edit`) a
//! changefeed with the replica-config editor.
//!
//! Create posts the body after the client-side checks pass; TiCDC's refusal shows above the
//! form and nothing typed is lost. Update starts from GET, shows the semantic diff against it,
//! and applies the FULL config (TiCDC resets whatever a PUT omits, ../shared/ticdc/API.md §4.4)
//! with `sink_uri` `""` unless the user really changed the masked URI. TiCDC updates only stopped
//! or failed changefeeds, so a running one goes through pause → wait until stopped → update →
//! resume, each step shown, stopping at the first failure with the state it left the changefeed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::Value;

use crate::api::{ApiError, ChangeFeedInfo, ResumeChangefeedConfig};
use crate::cli_toml::body::{create_command, update_command};
use crate::components::{
    ApiErrorView, CheckTables, CliExport, CliImport, ConfigEditor, DiffList, Editor, ErrorSummary,
    StaleNote, StateBadge, StepList, focus_later,
};
use crate::config_form::{self, FormMode, GuidedUpdate, Step};
use crate::routes::{ListQuery, Page};
use crate::services::{HistoryStore, Services, sleep_ms, use_history, use_polled, use_services};
use crate::state::FeedState;

/// The `--server` a command line starts with: TiCDC's default address (the console reaches
/// TiCDC through its own origin, so it does not know the address the user's shell would use).
const DEFAULT_SERVER: &str = "http://127.0.0.1:8300";

/// The sticky bar's error count; a click shows the summary.
#[component]
fn ErrorCount(
    /// The form's editor.
    editor: Editor,
) -> impl IntoView {
    let count = Memo::new(move |_| editor.visible_errors().len());
    move || {
        (count.get() > 0).then(|| {
            view! {
                <button type="button" class="link-button cfg-actions__errors"
                    on:click=move |_| {
                        editor.attempted.set(true);
                        focus_later("cfg-error-summary");
                    }>
                    {move || { let n = count.get(); if n == 1 { "1 error".to_string() } else { format!("{n} errors") } }}
                </button>
            }
        })
    }
}

/// `/create`: a new changefeed, or a clone of `?from=<id>`.
#[component]
pub fn CreatePage() -> impl IntoView {
    let services = use_services();
    let navigate = use_navigate();
    let query = use_query_map();
    let from = Memo::new(move |_| {
        query
            .with(|q| q.get("from"))
            .filter(|s| !s.trim().is_empty())
    });
    let editor = Editor::new(config_form::create_initial(), FormMode::Create);
    // The form waits until the server is identified: it offers that server's fields and
    // starts from that release's defaults (a create never sends another release's defaults).
    let identity = Memo::new(move |_| services.server.get());
    let ready = Memo::new(move |_| identity.with(Option::is_some));
    Effect::new(move |_| {
        let profile = identity.with(|i| i.as_ref().and_then(|i| i.profile()));
        if identity.with(Option::is_none) {
            return;
        }
        let changed = editor.profile.with_untracked(|p| *p != profile);
        editor.set_profile(profile.clone());
        // A blank form starts over from this server's defaults; a clone keeps its config.
        if changed && from.get_untracked().is_none() {
            let initial = match &profile {
                Some(p) => config_form::create_initial_for(p),
                None => config_form::create_initial(),
            };
            editor.reset(initial, FormMode::Create);
        }
    });
    let load_error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    // The id of a create whose answer was lost ("" when TiCDC was to choose it), and what
    // looking it up found.
    let lost_id = RwSignal::new(String::new());
    let lookup = RwSignal::new(None::<String>);

    let load = move |id: String| {
        loading.set(true);
        load_error.set(None);
        spawn_local(async move {
            let r = services
                .call_with(id, |c, id| async move { c.get_changefeed(&id).await })
                .await;
            loading.set(false);
            match r {
                Ok(info) => editor.reset(config_form::clone_initial(&info), FormMode::Create),
                Err(e) => load_error.set(Some(e)),
            }
        });
    };
    Effect::new(move |prev: Option<Option<String>>| {
        let current = from.get();
        server_error.set(None);
        match (&prev, &current) {
            (_, Some(id)) => load(id.clone()),
            // From a clone back to a blank form.
            (Some(Some(_)), None) => {
                editor.reset(editor.defaults.get_untracked(), FormMode::Create)
            }
            _ => {}
        }
        current
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        server_error.set(None);
        lookup.set(None);
        if !editor.try_submit() {
            return;
        }
        let Ok(cfg) = editor.config() else { return };
        let body = config_form::create_payload(&cfg);
        let typed_id = body.changefeed_id.clone().unwrap_or_default();
        lost_id.set(typed_id.clone());
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let r = services
                .call_with(
                    body,
                    |c, body| async move { c.create_changefeed(&body).await },
                )
                .await;
            pending.set(false);
            match r {
                Ok(info) => {
                    let id = info
                        .id
                        .clone()
                        .filter(|i| !i.is_empty())
                        .unwrap_or(typed_id);
                    services.toaster.success(format!("Changefeed {id} created"));
                    navigate(&Page::Changefeed { id }.href(), NavigateOptions::default());
                }
                Err(e) => {
                    server_error.set(Some(e));
                    focus_later("cfg-server-error");
                }
            }
        });
    };

    // After a lost answer: does the changefeed exist now?
    let look_up = {
        let navigate = use_navigate();
        move |_| {
            let id = lost_id.get_untracked();
            let navigate = navigate.clone();
            lookup.set(Some(format!("Looking up changefeed {id}…")));
            spawn_local(async move {
                let r = services
                    .call_with(
                        id.clone(),
                        |c, id| async move { c.get_changefeed(&id).await },
                    )
                    .await;
                match r {
                    Ok(_) => {
                        services
                            .toaster
                            .success(format!("Changefeed {id} exists: TiCDC created it"));
                        navigate(&Page::Changefeed { id }.href(), NavigateOptions::default());
                    }
                    Err(e) if e.is_not_found() => {
                        server_error.set(None);
                        lookup.set(Some(format!(
                            "TiCDC has no changefeed {id}: it was not created. Your input is unchanged below; submit again."
                        )));
                    }
                    Err(e) => lookup.set(Some(format!(
                        "Could not look it up either: {}. Try again when TiCDC answers.",
                        e.short_message()
                    ))),
                }
            });
        }
    };

    let heading = move || {
        match from.get() {
        Some(id) => view! {
            <h1>"Create changefeed"</h1>
            <p class="muted">"Cloned from "<A href=Page::Changefeed { id: id.clone() }.href()>{id.clone()}</A>
                ": its config, sink URI and target. Give it a new id; it starts now unless you set a start position."</p>
        }
        .into_any(),
        None => view! { <h1>"Create changefeed"</h1> }.into_any(),
    }
    };
    view! {
        <div class="cfg-page">
            <div class="page__head cfg-page__head">{heading}</div>
            {move || loading.get().then(|| view! { <p class="muted" role="status">"Loading the changefeed to clone…"</p> })}
            {move || load_error.get().map(|e| {
                let retry = Callback::new(move |_| if let Some(id) = from.get_untracked() { load(id) });
                view! { <ApiErrorView title="Could not load the changefeed to clone" error=e on_retry=retry/> }
            })}
            {move || (!ready.get()).then(|| match services.identify_error.get() {
                // Asked again here and by the header's poll; the form appears once one answers.
                Some(e) => {
                    let retry = Callback::new(move |()| {
                        services.identify_error.set(None);
                        spawn_local(async move {
                            let _ = services.call(move |c| async move { services.identify(&c).await }).await;
                        });
                    });
                    view! { <ApiErrorView title="Could not ask TiCDC which release it is, so the form cannot be offered yet" error=e on_retry=retry/> }.into_any()
                }
                None => view! { <p class="muted" role="status">"Asking TiCDC which release it is…"</p> }.into_any(),
            })}
            {move || identity.with(|i| i.as_ref().is_some_and(|i| i.arch.is_none())).then(|| view! {
                <p class="cfg-warning" role="status">"The console could not tell whether this TiCDC is classic or the new "
                    "architecture, so every field is offered with classic TiCDC's defaults. Keys this server does not "
                    "have would be dropped by it without an error."</p>
            })}
            <form class="cfg-form" novalidate on:submit=on_submit aria-label="Create changefeed" hidden=move || !ready.get()>
                <div id="cfg-server-error" tabindex="-1">
                    {move || server_error.get().map(|e| if e.outcome_unknown() {
                        let look_up = look_up.clone();
                        let id = lost_id.get();
                        view! {
                            <ApiErrorView title="The outcome is unknown: TiCDC may have created the changefeed" error=e/>
                            <p>"The answer to the create did not arrive as TiCDC's, so the changefeed may exist now. "
                                "Look it up before you submit again, or a second submit may be refused as a duplicate."</p>
                            {if id.is_empty() {
                                view! { <p><A href=Page::Changefeeds(ListQuery::default()).href()>"Look for it in the changefeed list"</A>
                                    " (TiCDC was to choose its id)."</p> }.into_any()
                            } else {
                                view! { <p><button type="button" class="btn" on:click=look_up>"Look up changefeed "{id}</button></p> }.into_any()
                            }}
                            <p class="muted">"Your input is unchanged below."</p>
                        }.into_any()
                    } else {
                        view! {
                            <ApiErrorView title="TiCDC refused to create the changefeed" error=e/>
                            <p class="muted">"Your input is unchanged below: fix it and submit again."</p>
                        }.into_any()
                    })}
                    {move || lookup.get().map(|t| view! { <p role="status" class="cfg-lookup">{t}</p> })}
                </div>
                <ErrorSummary editor=editor/>
                <CliImport editor=editor/>
                <ConfigEditor editor=editor/>
                <section class="card cfg-check" aria-label="Check tables">
                    <CheckTables editor=editor/>
                </section>
                <CliExport body=editor.body defaults=editor.default_config() server=DEFAULT_SERVER.to_string()
                    commands=Callback::new(move |server: String| vec![
                        ("Create it with cdc cli", editor.body.with(|b| create_command(b, &server, &services.client().scope()))),
                    ])/>
                <div class="cfg-actions">
                    <span class="cfg-actions__status" aria-live="polite"><ErrorCount editor=editor/></span>
                    <A href=Page::Changefeeds(ListQuery::default()).href() attr:class="btn">"Cancel"</A>
                    <button type="submit" class="btn btn--primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Creating…" } else { "Create changefeed" }}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// Polls GET until TiCDC reports the changefeed stopped (or failed): admin jobs apply on the
/// owner's next tick. About 15 s at most.
async fn wait_stopped(services: Services, id: &str) -> Result<(), (String, Option<ApiError>)> {
    let mut last = String::from("unknown");
    let mut last_err = None;
    for _ in 0..30 {
        sleep_ms(500).await;
        let id = id.to_string();
        match services
            .call_with(id, |c, id| async move { c.get_changefeed(&id).await })
            .await
        {
            Ok(info) if matches!(info.feed_state(), FeedState::Stopped | FeedState::Failed) => {
                return Ok(());
            }
            Ok(info) => last = info.feed_state().label().to_ascii_lowercase(),
            Err(e) => last_err = Some(e),
        }
    }
    Err((
        format!("TiCDC still reported the changefeed as {last} after 15 s"),
        last_err,
    ))
}

/// Runs the plan's remaining steps, stopping at the first failure. Each write is recorded on
/// the changefeed's timeline: `(history, summary)`, the update with the diff's summary.
async fn run_plan(
    services: Services,
    (history, summary): (HistoryStore, String),
    id: String,
    editor: Editor,
    original_sink: String,
    plan: RwSignal<Option<GuidedUpdate>>,
    flow_error: RwSignal<Option<ApiError>>,
) {
    while let Some(step) = plan.with_untracked(|p| p.as_ref().and_then(GuidedUpdate::next)) {
        plan.update(|p| {
            if let Some(p) = p {
                p.begin(step);
            }
        });
        let id2 = id.clone();
        let api = |r: Result<(), ApiError>| r.map_err(|e| (e.code_and_message(), Some(e)));
        let result = match step {
            Step::Pause => api(services
                .call_with(id2, |c, id| async move { c.pause_changefeed(&id).await })
                .await),
            Step::WaitStopped => wait_stopped(services, &id).await,
            Step::Update => match editor.config() {
                Ok(cfg) => {
                    let body = config_form::update_payload(&cfg, &original_sink);
                    let r = services
                        .call_with((id2, body), |c, (id, body)| async move {
                            c.update_changefeed(&id, &body).await.map(|_| ())
                        })
                        .await;
                    // "The config is the same": an earlier update (its answer lost) applied it.
                    api(r.or_else(|e| {
                        if config_form::update_already_in_place(&e) {
                            Ok(())
                        } else {
                            Err(e)
                        }
                    }))
                }
                Err(e) => Err((e, None)),
            },
            Step::Resume => api(services
                .call_with(id2, |c, id| async move {
                    c.resume_changefeed(&id, &ResumeChangefeedConfig::default())
                        .await
                })
                .await),
        };
        let op = match step {
            Step::Pause => Some("pause"),
            Step::WaitStopped => None,
            Step::Update => Some("update"),
            Step::Resume => Some("resume"),
        };
        if let Some(op) = op {
            let r = result.as_ref().map(|_| ()).map_err(|(message, e)| {
                e.clone()
                    .unwrap_or_else(|| ApiError::Network(message.clone()))
            });
            let summary = if step == Step::Update {
                summary.as_str()
            } else {
                ""
            };
            history.record_operation(&id, op, summary, &r);
        }
        match result {
            Ok(()) => plan.update(|p| {
                if let Some(p) = p {
                    p.succeed(step);
                }
            }),
            Err((message, error)) => {
                let unknown = error.as_ref().is_some_and(ApiError::outcome_unknown);
                flow_error.set(error);
                plan.update(|p| {
                    if let Some(p) = p {
                        if unknown {
                            p.fail_unknown(step, message);
                        } else {
                            p.fail(step, message);
                        }
                    }
                });
                break;
            }
        }
    }
}

/// `/changefeeds/:id/edit`: update an existing changefeed.
#[component]
pub fn EditPage() -> impl IntoView {
    let services = use_services();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let polled = use_polled(
        services,
        3000.0,
        move || id.get(),
        |client, id: String| async move { client.get_changefeed(&id).await },
    );
    // The GET the edit started from: the diff's left side and the masked sink to compare with.
    let base = RwSignal::new(None::<ChangeFeedInfo>);
    let editor = Editor::new(
        Value::Null,
        FormMode::Update {
            original_sink: String::new(),
            start_ts: 0,
        },
    );
    let plan = RwSignal::new(None::<GuidedUpdate>);
    let flow_error = RwSignal::new(None::<ApiError>);
    // Offer the server's fields under its keys; the body read from it keeps every key it had.
    Effect::new(move |_| editor.set_profile(services.profile()));
    let history = use_history();

    let start_from = move |info: ChangeFeedInfo| {
        let mode = FormMode::Update {
            original_sink: info.sink_uri.clone().unwrap_or_default(),
            start_ts: info.start_ts.unwrap_or(0),
        };
        editor.reset(config_form::edit_initial(&info), mode);
        plan.set(None);
        flow_error.set(None);
        base.set(Some(info));
    };
    Effect::new(move |_| {
        let fresh = polled.data.get();
        let current_id = id.get();
        if let Some(info) = fresh {
            let stale_base =
                base.with_untracked(|b| b.as_ref().is_none_or(|b| b.id_str() != current_id));
            if stale_base && info.id_str() == current_id {
                start_from(info);
            }
        }
    });

    let loaded = Memo::new(move |_| base.with(Option::is_some));
    let original_sink = Memo::new(move |_| {
        base.with(|b| {
            b.as_ref()
                .and_then(|b| b.sink_uri.clone())
                .unwrap_or_default()
        })
    });
    let original = Memo::new(move |_| {
        base.with(|b| b.as_ref().map(config_form::edit_initial))
            .unwrap_or(Value::Null)
    });
    let changes = Memo::new(move |_| {
        let sink = original_sink.get();
        let new = editor
            .body
            .with(|b| config_form::effective_update_body(b, &sink));
        original.with(|o| config_form::diff_values(o, &new))
    });
    let state = Memo::new(move |_| {
        polled
            .data
            .with(|d| d.as_ref().map(ChangeFeedInfo::feed_state))
            .or_else(|| base.with(|b| b.as_ref().map(ChangeFeedInfo::feed_state)))
    });
    let flow_running =
        Memo::new(move |_| plan.with(|p| p.as_ref().is_some_and(GuidedUpdate::is_running)));
    let drift = Memo::new(move |_| {
        let server = polled.data.with(|d| d.as_ref().map(|i| i.config.clone()));
        let ours = base.with(|b| b.as_ref().map(|i| i.config.clone()));
        plan.with(Option::is_none) && matches!((server, ours), (Some(a), Some(b)) if a != b)
    });

    let run = {
        let navigate = navigate.clone();
        move || {
            let navigate = navigate.clone();
            let id = id.get_untracked();
            let sink = original_sink.get_untracked();
            let summary = changes.with_untracked(|c| config_form::change_summary(c));
            spawn_local(async move {
                run_plan(
                    services,
                    (history, summary),
                    id.clone(),
                    editor,
                    sink,
                    plan,
                    flow_error,
                )
                .await;
                polled.refresh();
                if plan.with_untracked(|p| p.as_ref().is_some_and(GuidedUpdate::is_done)) {
                    let resumed =
                        plan.with_untracked(|p| p.as_ref().is_some_and(|p| p.steps.len() > 1));
                    services.toaster.success(if resumed {
                        format!("Changefeed {id} updated and resumed")
                    } else {
                        format!("Changefeed {id} updated")
                    });
                    navigate(&Page::Changefeed { id }.href(), NavigateOptions::default());
                }
            });
        }
    };
    let start = {
        let run = run.clone();
        move |running: bool| {
            flow_error.set(None);
            if !editor.try_submit() || changes.with_untracked(Vec::is_empty) {
                return;
            }
            plan.set(Some(GuidedUpdate::plan(running)));
            run();
        }
    };
    let retry = {
        let run = run.clone();
        move |_| {
            flow_error.set(None);
            if !editor.try_submit() {
                return;
            }
            plan.update(|p| {
                if let Some(p) = p {
                    p.retry();
                }
            });
            run();
        }
    };
    let resume_unchanged = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            let id = id.get_untracked();
            spawn_local(async move {
                let id2 = id.clone();
                let r = services
                    .call_with(id2, |c, id| async move {
                        c.resume_changefeed(&id, &ResumeChangefeedConfig::default())
                            .await
                    })
                    .await;
                history.record_operation(&id, "resume", "with its old config", &r);
                match r {
                    Ok(()) => {
                        services
                            .toaster
                            .success(format!("Changefeed {id} resumed with its old config"));
                        navigate(&Page::Changefeed { id }.href(), NavigateOptions::default());
                    }
                    Err(e) => services
                        .toaster
                        .error("Could not resume the changefeed", &e),
                }
            });
        }
    };

    let actions = move || {
        let start = start.clone();
        let disabled = move || changes.with(Vec::is_empty) || flow_running.get();
        match state.get() {
            None => ().into_any(),
            Some(s @ (FeedState::Stopped | FeedState::Failed)) => {
                let start = start.clone();
                view! {
                    <p>"The changefeed is "{s.label().to_ascii_lowercase()}": TiCDC can update it directly; it stays "
                        {s.label().to_ascii_lowercase()}" afterwards."</p>
                    <button type="button" class="btn btn--primary" disabled=disabled on:click=move |_| start(false)>
                        "Apply changes"
                    </button>
                }
                .into_any()
            }
            Some(FeedState::Normal | FeedState::Warning | FeedState::Pending | FeedState::Uninitialized) => {
                let start = start.clone();
                view! {
                    <p>"TiCDC updates only stopped or failed changefeeds. This pauses it, waits until TiCDC reports it stopped, "
                        "applies the update and resumes it. Replication pauses for a few seconds; nothing is lost."</p>
                    <button type="button" class="btn btn--primary" disabled=disabled on:click=move |_| start(true)>
                        "Pause, apply and resume"
                    </button>
                }
                .into_any()
            }
            Some(FeedState::Finished) => view! {
                <p class="cfg-warning">
                    "This changefeed is finished (it reached its target TSO). TiCDC updates only stopped or failed "
                    "changefeeds, and resuming a finished one would replicate past nothing new. To replicate with this config, "
                    <A href=Page::Create { from: Some(id.get_untracked()) }.href()>"clone it into a new changefeed"</A>"."
                </p>
            }
            .into_any(),
            Some(other) => view! {
                <p class="cfg-warning">{format!("A changefeed in state {} cannot be updated.", other.label().to_ascii_lowercase())}</p>
            }
            .into_any(),
        }
    };
    let progress = move || {
        plan.get().map(|p| {
            let outcome = p.outcome();
            let failed = p.failed();
            let paused_update_failed = failed == Some(Step::Update)
                && p.steps.iter().any(|(s, st)| *s == Step::Pause && *st == config_form::StepStatus::Done);
            let retry = retry.clone();
            let resume_unchanged = resume_unchanged.clone();
            view! {
                <StepList plan=Signal::derive(move || plan.get().unwrap_or_else(|| GuidedUpdate::plan(false)))/>
                {move || flow_error.get().map(|e| {
                    // A lost answer is not a refusal: the step may have been carried out.
                    let title = if e.outcome_unknown() {
                        "The answer to this step did not arrive as TiCDC's: it may have been carried out"
                    } else {
                        "TiCDC refused this step"
                    };
                    view! { <ApiErrorView title=title error=e/> }
                })}
                {outcome.map(|o| view! { <p class="cfg-outcome" role="alert"><strong>"Where things stand: "</strong>{o}</p> })}
                {failed.map(|_| view! {
                    <div class="cfg-outcome__actions">
                        <button type="button" class="btn btn--primary" on:click=retry>"Retry from the failed step"</button>
                        {paused_update_failed.then(|| view! {
                            <button type="button" class="btn" on:click=resume_unchanged>"Resume unchanged"</button>
                        })}
                    </div>
                })}
            }
        })
    };

    let body = move || {
        if !loaded.get() {
            return ().into_any();
        }
        let actions = actions.clone();
        let progress = progress.clone();
        view! {
            {move || drift.get().then(|| view! {
                <p class="cfg-warning" role="status">
                    "The changefeed's config changed on the server since this page loaded. The diff below compares with the "
                    "config you started from. "
                    <button type="button" class="btn btn--small" on:click=move |_| {
                        if let Some(info) = polled.data.get_untracked() { start_from(info) }
                    }>"Start over from the server's config (drops your edits)"</button>
                </p>
            })}
            <form class="cfg-form" novalidate aria-label="Edit changefeed"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    focus_later("cfg-review");
                }>
                <ErrorSummary editor=editor/>
                <CliImport editor=editor update=true/>
                <ConfigEditor editor=editor update=true/>
                <section class="card cfg-check" aria-label="Check tables">
                    <CheckTables editor=editor/>
                </section>
                <CliExport body=editor.body defaults=editor.default_config() server=DEFAULT_SERVER.to_string()
                    commands=Callback::new(move |server: String| base.with(|b| b.as_ref().map(|info| vec![
                        ("Apply the same update with cdc cli", editor.body.with(|body| update_command(body, info, &server))),
                    ])).unwrap_or_default())/>
                <section class="card cfg-review" id="cfg-review" tabindex="-1" aria-labelledby="cfg-review-title">
                    <h2 id="cfg-review-title">"Review and apply"</h2>
                    <DiffList changes=changes/>
                    <div class="cfg-review__actions">{actions}</div>
                    <div class="cfg-review__progress" aria-live="polite">{progress}</div>
                </section>
                <div class="cfg-actions">
                    <span class="cfg-actions__status" aria-live="polite">
                        <ErrorCount editor=editor/>
                        <span class="cfg-actions__changes">
                            {move || match changes.with(Vec::len) { 0 => "No changes".to_string(), 1 => "1 change".to_string(), n => format!("{n} changes") }}
                        </span>
                    </span>
                    <A href=Page::Changefeed { id: id.get_untracked() }.href() attr:class="btn">"Cancel"</A>
                    <button type="button" class="btn btn--primary" on:click=move |_| focus_later("cfg-review")>
                        "Review and apply"
                    </button>
                </div>
            </form>
        }
        .into_any()
    };

    view! {
        <div class="cfg-page">
            <div class="page__head cfg-page__head">
                <h1>"Edit changefeed "<code>{move || id.get()}</code></h1>
                {move || state.get().map(|s| view! { <StateBadge state=s/> })}
                <div class="page__actions">
                    <A href=move || Page::Changefeed { id: id.get() }.href()>"Back to the changefeed"</A>
                </div>
            </div>
            {move || (!loaded.get() && polled.error.with(Option::is_none)).then(|| view! {
                <p class="muted" role="status">"Loading the changefeed…"</p>
            })}
            {move || (!loaded.get()).then(|| polled.error.get().map(|e| {
                let retry = Callback::new(move |_| polled.refresh());
                view! { <ApiErrorView title="Could not load the changefeed" error=e on_retry=retry/> }
            })).flatten()}
            // The background refresh failed: the page may be behind the server, and the
            // "changed on the server" warning below cannot fire until a refresh succeeds.
            {move || (loaded.get() && polled.error.with(Option::is_some)).then(|| view! {
                <p class="cfg-stale"><StaleNote error=polled.error
                    consequence="This page may be out of date, and the “changed on the server” check is not working until a refresh succeeds."
                    on_retry=Callback::new(move |()| polled.refresh())/></p>
            })}
            {body}
        </div>
    }
}
