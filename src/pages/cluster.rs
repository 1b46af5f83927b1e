//! The cluster (`/cluster`): captures with the owner named in words, drain and owner resign,
//! the status of the node the console talks to, cluster health, processors grouped by capture
//! (table ids loaded on demand, one request at a time) and the node's log level.

use std::collections::{BTreeMap, HashMap, VecDeque};

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{ApiError, Capture, Liveness, ProcessorCommonInfo, Scope, ServerStatus};
use crate::drain::{NodeLiveness, UNREACHABLE_NOTE};

use super::drain::{DrainState, run_drain};
use crate::components::{ApiErrorView, CopyButton, RefreshControl, StaleNote};
use crate::routes::Page;
use crate::services::{
    ConfirmRequest, Done, Services, Verb, sleep_ms, use_actions, use_polled, use_services,
};

/// Busy keys of the page's writes that are not on a capture (capture ids are UUIDs).
const OWNER_KEY: &str = "owner";
const LOG_LEVEL_KEY: &str = "log-level";

/// Log levels TiCDC accepts (zap), in order of verbosity.
const LOG_LEVELS: [&str; 7] = ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"];

/// One poll of the cluster: captures, this node's status, health, processors — sequentially.
#[derive(Clone, Debug, PartialEq)]
struct ClusterView {
    captures: Vec<Capture>,
    status: Result<ServerStatus, ApiError>,
    health: Result<(), ApiError>,
    processors: Result<Vec<ProcessorCommonInfo>, ApiError>,
}

/// A processor's table ids, loaded on demand.
#[derive(Clone, Debug, PartialEq)]
enum Tables {
    Queued,
    Loaded(Option<Vec<i64>>),
    Failed(ApiError),
}

type ProcKey = (String, String); // (changefeed, capture)

/// `/cluster`.
#[component]
pub fn ClusterPage() -> impl IntoView {
    let services = use_services();
    let cluster = use_polled(
        services,
        5_000.0,
        || (),
        |client, ()| async move {
            let captures = client.list_captures().await?.items;
            let status = client.server_status().await;
            let health = client.health().await;
            let processors = client.list_processors().await.map(|l| l.items);
            Ok(ClusterView {
                captures,
                status,
                health,
                processors,
            })
        },
    );

    let tables = RwSignal::new(HashMap::<ProcKey, Tables>::new());
    let queue = StoredValue::new(VecDeque::<ProcKey>::new());
    let worker = StoredValue::new(false);
    let load = Callback::new(move |keys: Vec<ProcKey>| {
        let mut added = false;
        for k in keys {
            let fresh = tables
                .with_untracked(|t| !matches!(t.get(&k), Some(Tables::Queued | Tables::Loaded(_))));
            if fresh {
                tables.update(|t| {
                    t.insert(k.clone(), Tables::Queued);
                });
                queue.update_value(|q| q.push_back(k));
                added = true;
            }
        }
        if added && !worker.get_value() {
            worker.set_value(true);
            spawn_local(drain_queue(services, queue, tables, worker));
        }
    });

    let actions = use_actions(move || cluster.refresh());
    let resign = Callback::new(move |()| {
        let before = cluster.data.with_untracked(|d| {
            d.as_ref()
                .and_then(|d| d.captures.iter().find(|c| c.is_owner).cloned())
        });
        spawn_local(async move {
            let ok = services.dialogs.confirm(ConfirmRequest {
                title: "Resign the owner?".into(),
                body: format!(
                    "The owner{} steps down and the captures elect a new one; the same capture may win again. Changefeeds pause their progress briefly during the election.",
                    before.as_ref().map(|c| format!(" ({}, {})", c.id, c.address)).unwrap_or_default()
                ),
                confirm_label: "Resign owner".into(),
                danger: true,
                type_to_confirm: None,
            }).await;
            if !ok {
                return;
            }
            let before_id = before.as_ref().map(|c| c.id.clone());
            // The write includes watching the election, so the button says "Electing…" until
            // a winner is known.
            let call = async move {
                services
                    .call(|c| async move { c.resign_owner().await })
                    .await?;
                Ok(watch_election(services, before_id).await)
            };
            actions
                .run(
                    OWNER_KEY,
                    Verb::ResignOwner,
                    "Resign owner",
                    call,
                    |winner| {
                        Some(match (winner, before) {
                            (Some(w), Some(b)) if w.id == b.id => Done::info(format!(
                                "Owner resigned; the same capture {} ({}) was elected again",
                                w.id, w.address
                            )),
                            (Some(w), _) => Done::success(format!(
                                "Owner resigned; new owner: {} ({})",
                                w.id, w.address
                            )),
                            (None, _) => Done::info(
                                "Owner resigned; no new owner reported yet — refresh in a moment",
                            ),
                        })
                    },
                )
                .await;
        });
    });

    let drain_state = DrainState::new();
    // Which release this is (`api::release`, identified by the header's status poll).
    let profile = Memo::new(move |_| services.profile());
    let drain = Callback::new(move |cap: Capture| {
        spawn_local(async move {
            let ok = services.dialogs.confirm(ConfirmRequest {
                title: format!("Drain capture {}?", cap.address),
                body: format!(
                    "TiCDC moves every table off capture {} ({}) to the other captures, e.g. before a restart or maintenance. TiCDC refuses to drain the owner (coordinator) or the only capture. On the new architecture the console follows the drain until no table is left.",
                    cap.id, cap.address
                ),
                confirm_label: "Drain capture".into(),
                danger: true,
                type_to_confirm: None,
            }).await;
            if !ok {
                return;
            }
            let known = profile.get_untracked().map(|p| p.routes().drain);
            run_drain(services, actions, drain_state, cap, known).await;
        });
    });
    // Liveness is only in each node's own status: known for the node the proxy reaches, read
    // with the release's names (only 0, alive, means the same everywhere).
    let liveness = Memo::new(move |_| {
        let names = profile.with(|p| crate::drain::liveness_names(p.as_ref()));
        cluster.data.with(|d| {
            d.as_ref()
                .map(|d| crate::drain::liveness_of(&d.captures, d.status.as_ref().ok(), names))
        })
    });

    view! {
        <section class="page cluster">
            <div class="page__head">
                <h1>"Cluster"</h1>
                <div class="page__actions">
                    <RefreshControl updated_at=cluster.updated_at loading=cluster.loading
                        on_refresh=Callback::new(move |()| cluster.refresh())/>
                </div>
            </div>
            {move || cluster.is_stale().then(|| view! { <p><StaleNote error=cluster.error/></p> })}
            {move || match (cluster.data.with(Option::is_some), cluster.error.get()) {
                (false, Some(e)) => view! {
                    <ApiErrorView title="Could not load the cluster" error=e on_retry=Callback::new(move |()| cluster.refresh())/>
                }.into_any(),
                (false, None) => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
                (true, _) => ().into_any(),
            }}
            <Show when=move || cluster.data.with(Option::is_some)>
                <div class="grid">
                    <HealthCard data=cluster.data/>
                    <NodeCard data=cluster.data/>
                </div>
                <section class="card" aria-labelledby="captures-h">
                    <div class="card__head">
                        <h2 id="captures-h">"Captures"</h2>
                        <button type="button" class="btn" disabled=move || actions.is_busy(OWNER_KEY)
                            on:click=move |_| resign.run(())>
                            {move || if actions.is_busy(OWNER_KEY) { "Electing…" } else { "Resign owner" }}
                        </button>
                    </div>
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Capture ID"</th><th scope="col">"Address"</th>
                                <th scope="col">"Cluster ID"</th><th scope="col">"Role"</th>
                                <th scope="col">"Liveness"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                <For each=move || cluster.data.with(|d| d.as_ref().map(|d| d.captures.clone()).unwrap_or_default())
                                    key=|c| (c.id.clone(), c.is_owner, c.address.clone())
                                    children=move |c| {
                                        let cap = c.clone();
                                        let id = c.id.clone();
                                        let lid = c.id.clone();
                                        view! {
                                            <tr class:capture--owner=c.is_owner>
                                                <th scope="row"><code>{c.id.clone()}</code></th>
                                                <td><code>{c.address.clone()}</code></td>
                                                <td>{c.cluster_id.clone()}</td>
                                                <td>{if c.is_owner { view! { <strong class="owner-tag">"Owner"</strong> }.into_any() } else { view! { <span class="muted">"Member"</span> }.into_any() }}</td>
                                                <td class="liveness" data-capture=c.id.clone()>{move || {
                                                    let l = liveness.with(|l| l.as_ref().and_then(|l| l.iter().find(|(id, _)| *id == lid).map(|(_, l)| l.clone())));
                                                    l.map(|l| {
                                                        let cls = match &l {
                                                            NodeLiveness::Known(Liveness::Draining) => "liveness--draining",
                                                            NodeLiveness::Known(Liveness::Stopping) => "liveness--stopping",
                                                            NodeLiveness::Unreachable => "muted",
                                                            _ => "",
                                                        };
                                                        view! { <span class=cls>{l.text()}</span> }
                                                    })
                                                }}</td>
                                                <td class="cf-actions">
                                                    <button type="button" class="btn btn--small"
                                                        aria-label=format!("Drain capture {}", c.address)
                                                        disabled=move || actions.is_busy(&id)
                                                        on:click=move |_| drain.run(cap.clone())>"Drain"</button>
                                                </td>
                                            </tr>
                                        }
                                    }/>
                            </tbody>
                        </table>
                    </div>
                    {move || drain_state.progress.get().map(|p| view! {
                        <p class="drain-progress" role="status" id="drain-progress">{p.text()}</p>
                    })}
                    // The toast announces the refusal (role alert); this line keeps it in view.
                    {move || drain_state.error.get().map(|(addr, e)| view! {
                        <p class="drain-error" id="drain-error">
                            {format!("TiCDC refused to drain {addr}: ")}
                            {e.code().map(|c| view! { <code>{c.to_string()}</code>" " })}
                            {e.short_message()}
                        </p>
                    })}
                    <p class="muted small" id="liveness-note">{UNREACHABLE_NOTE}</p>
                </section>
                <Processors data=cluster.data tables=tables load=load/>
                <LogLevel/>
            </Show>
        </section>
    }
}

/// After a resign: the new owner, once the captures report one. TiCDC answers before the old
/// owner has stopped, so the old owner may still be listed for a moment; a re-election of the
/// same capture is believed after a few seconds. None when no owner showed up in 10 s.
async fn watch_election(services: Services, before_id: Option<String>) -> Option<Capture> {
    for round in 0..20 {
        sleep_ms(500).await;
        let owner = services
            .call(|c| async move { c.list_captures().await })
            .await
            .ok()
            .and_then(|l| l.items.into_iter().find(|c| c.is_owner));
        if let Some(o) = owner.filter(|o| Some(&o.id) != before_id.as_ref() || round >= 5) {
            return Some(o);
        }
    }
    None
}

/// Loads queued processors' table ids one at a time.
async fn drain_queue(
    services: Services,
    queue: StoredValue<VecDeque<ProcKey>>,
    tables: RwSignal<HashMap<ProcKey, Tables>>,
    worker: StoredValue<bool>,
) {
    while let Some(next) = queue.try_update_value(|q| q.pop_front()).flatten() {
        let (cf, cap) = next.clone();
        let r = services
            .call_with((cf, cap), |c, (cf, cap)| async move {
                c.get_processor(&cf, &cap).await
            })
            .await;
        let v = match r {
            Ok(d) => Tables::Loaded(d.table_ids.0),
            Err(e) => Tables::Failed(e),
        };
        if tables.try_update(|t| t.insert(next, v)).is_none() {
            break;
        }
    }
    worker.try_set_value(false);
}

#[component]
fn HealthCard(
    /// The last poll of the cluster.
    data: RwSignal<Option<ClusterView>>,
) -> impl IntoView {
    move || {
        data.with(|d| d.as_ref().map(|d| {
        let body = match &d.health {
            Ok(()) => view! { <p class="health-big health--ok"><span aria-hidden="true">"● "</span>"Healthy"</p> }.into_any(),
            Err(e) => view! {
                <p class="health-big health--bad"><span aria-hidden="true">"✖ "</span>"Unhealthy"</p>
                <p>{e.code().map(|c| view! { <code>{c.to_string()}</code>" " })}{e.short_message()}</p>
                <p class="muted small">"TiCDC reports unhealthy right after an owner change, when capture versions differ, or when a normal changefeed's scheduler is not initialized. Stopped or failed changefeeds do not make the cluster unhealthy."</p>
            }.into_any(),
        };
        view! {
            <section class="card" aria-labelledby="health-h">
                <h2 id="health-h">"Cluster health"</h2>
                {body}
                <p class="muted small">{d.captures.len()}" capture(s); "
                    {d.captures.iter().find(|c| c.is_owner).map(|o| format!("owner {} at {}", o.id, o.address)).unwrap_or_else(|| "no owner reported".into())}</p>
            </section>
        }
    }))
    }
}

#[component]
fn NodeCard(
    /// The last poll of the cluster.
    data: RwSignal<Option<ClusterView>>,
) -> impl IntoView {
    let services = crate::services::use_services();
    move || {
        data.with(|d| d.as_ref().map(|d| {
        let body = match &d.status {
            Ok(s) => {
                let addr = d.captures.iter().find(|c| c.id == s.id).map(|c| c.address.clone()).unwrap_or_else(|| "(not in the capture list)".into());
                view! {
                    <dl class="kv">
                        <dt>"Address"</dt><dd><code>{addr}</code></dd>
                        <dt>"Capture ID"</dt><dd><code>{s.id.clone()}</code></dd>
                        <dt>"Version"</dt><dd>{s.version.clone()}</dd>
                        <dt>"Server"</dt><dd id="node-server">{move || services.server.with(|i| i.as_ref().map(|i| i.summary())).unwrap_or_else(|| "not identified yet".into())}</dd>
                        <dt>"Capabilities"</dt><dd id="node-capabilities">{move || services.profile().map(|p| p.line_summary())
                            .unwrap_or_else(|| "unknown until the architecture is known: every field is offered".into())}</dd>
                        <dt>"Git hash"</dt><dd><code>{s.git_hash.clone()}</code><CopyButton text=s.git_hash.clone() label="Copy git hash"/></dd>
                        <dt>"PID"</dt><dd>{s.pid}</dd>
                        <dt>"Owner"</dt><dd>{if s.is_owner { "Yes — this node is the owner" } else { "No" }}</dd>
                        <dt>"Liveness"</dt><dd id="node-liveness">{crate::drain::liveness_text(s.liveness, crate::drain::liveness_names(services.profile().as_ref()))}</dd>
                        <dt>"Cluster ID"</dt><dd>{s.cluster_id.clone()}</dd>
                    </dl>
                }.into_any()
            }
            Err(e) => view! { <ApiErrorView title="Could not read this node's status" error=e.clone()/> }.into_any(),
        };
        view! {
            <section class="card" aria-labelledby="node-h">
                <h2 id="node-h">"This node"</h2>
                <p class="muted small">"The TiCDC server the console talks to (GET /api/v2/status answers for this node only)."</p>
                {body}
            </section>
        }
    }))
    }
}

#[component]
fn Processors(
    /// The last poll of the cluster.
    data: RwSignal<Option<ClusterView>>,
    /// Table ids per processor, as far as loaded.
    tables: RwSignal<HashMap<ProcKey, Tables>>,
    /// Queues processors whose table ids to load (one request at a time).
    load: Callback<Vec<ProcKey>>,
) -> impl IntoView {
    let current_ns = match use_services().client().scope() {
        Scope::Default => "default".to_string(),
        Scope::Namespace(n) | Scope::Keyspace(n) => n,
    };
    // capture id → changefeeds, plus capture addresses.
    let groups = Memo::new(move |_| {
        data.with(|d| {
            let Some(d) = d.as_ref() else {
                return Err(None);
            };
            let procs = match &d.processors {
                Ok(p) => p,
                Err(e) => return Err(Some(e.clone())),
            };
            // Processors of other namespaces are listed, but their table ids need the console
            // switched to that namespace (processor routes take it from the client's scope).
            let mut by: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
            for p in procs {
                let ns = p
                    .namespace
                    .as_deref()
                    .or(p.keyspace.as_deref())
                    .unwrap_or("default");
                let other = (ns != current_ns).then(|| ns.to_string());
                by.entry(p.capture_id.clone())
                    .or_default()
                    .push((p.changefeed_id.clone(), other));
            }
            Ok(by
                .into_iter()
                .map(|(cap, mut cfs)| {
                    cfs.sort();
                    let addr = d
                        .captures
                        .iter()
                        .find(|c| c.id == cap)
                        .map(|c| c.address.clone());
                    (cap, addr, cfs)
                })
                .collect::<Vec<_>>())
        })
    });
    view! {
        <section class="card" aria-labelledby="procs-h">
            <h2 id="procs-h">"Processors by capture"</h2>
            <p class="muted small">"Expand a capture to load each changefeed's table ids on it (GET /processors/{changefeed}/{capture}, one request at a time)."</p>
            {move || match groups.get() {
                Err(Some(e)) => view! { <ApiErrorView title="Could not list processors" error=e/> }.into_any(),
                Err(None) => ().into_any(),
                Ok(g) if g.is_empty() => view! { <p class="muted">"No processors: no changefeed is running on any capture."</p> }.into_any(),
                Ok(g) => g.into_iter().map(|(cap, addr, cfs)| {
                    let keys: Vec<ProcKey> = cfs.iter().filter(|(_, other)| other.is_none()).map(|(cf, _)| (cf.clone(), cap.clone())).collect();
                    let n = cfs.len();
                    let cap2 = cap.clone();
                    view! {
                        <details class="procs" on:toggle=move |ev| {
                            let open = event_target::<web_sys::HtmlElement>(&ev).has_attribute("open");
                            if open { load.run(keys.clone()); }
                        }>
                            <summary>
                                "Capture "<code>{cap.clone()}</code>" "
                                {addr.map(|a| view! { <span class="muted">"at "<code>{a}</code></span> })}
                                " · "{n}" changefeed(s)"
                            </summary>
                            <table class="table procs__table">
                                <thead><tr><th scope="col">"Changefeed"</th><th scope="col">"Table IDs on this capture"</th></tr></thead>
                                <tbody>
                                    {cfs.into_iter().map(|(cf, other)| {
                                        let key = (cf.clone(), cap2.clone());
                                        if let Some(ns) = other {
                                            return view! {
                                                <tr>
                                                    <th scope="row">{cf.clone()}" "<span class="muted">"(namespace "{ns.clone()}")"</span></th>
                                                    <td class="muted">"In namespace "{ns}": the console works in another namespace."</td>
                                                </tr>
                                            }.into_any();
                                        }
                                        view! {
                                            <tr>
                                                <th scope="row"><A href=Page::Changefeed { id: cf.clone() }.href()>{cf.clone()}</A></th>
                                                <td class="mono table-ids">{move || match tables.with(|t| t.get(&key).cloned()) {
                                                    None => view! { <span class="muted">"—"</span> }.into_any(),
                                                    Some(Tables::Queued) => view! { <span class="muted">"Loading…"</span> }.into_any(),
                                                    Some(Tables::Loaded(None)) => view! { <span class="muted">"no tables (null)"</span> }.into_any(),
                                                    Some(Tables::Loaded(Some(ids))) if ids.is_empty() => view! { <span class="muted">"no tables"</span> }.into_any(),
                                                    Some(Tables::Loaded(Some(ids))) => view! {
                                                        <span>{ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")}</span>
                                                        " "<span class="muted">"("{ids.len()}")"</span>
                                                    }.into_any(),
                                                    Some(Tables::Failed(e)) => view! {
                                                        <span class="proc-error">"TiCDC: "{e.short_message()}
                                                            {e.code().map(|c| view! { " "<code>{c.to_string()}</code> })}</span>
                                                    }.into_any(),
                                                }}</td>
                                            </tr>
                                        }.into_any()
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </details>
                    }
                }).collect_view().into_any(),
            }}
        </section>
    }
}

#[component]
fn LogLevel() -> impl IntoView {
    let level = RwSignal::new("info".to_string());
    // Nothing the page shows changes with the level: no refresh after it.
    let actions = use_actions(|| ());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = level.get_untracked();
        spawn_local(async move {
            let done = format!("Log level of this node set to {l}");
            actions
                .write(
                    LOG_LEVEL_KEY,
                    Verb::SetLogLevel,
                    format!("Set log level to {l}"),
                    l,
                    |c, lv| async move { c.set_log_level(&lv).await },
                    |_| Some(Done::success(done)),
                )
                .await;
        });
    };
    view! {
        <section class="card" aria-labelledby="log-h">
            <h2 id="log-h">"Log level"</h2>
            <form class="log-form" on:submit=apply>
                <label class="field field--inline">
                    <span>"Log level"</span>
                    <select on:change=move |ev| level.set(event_target_value(&ev)) prop:value=move || level.get()>
                        {LOG_LEVELS.iter().map(|l| view! { <option value=*l selected=*l == "info">{*l}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="btn btn--primary" disabled=move || actions.is_busy(LOG_LEVEL_KEY)>
                    {move || if actions.is_busy(LOG_LEVEL_KEY) { "Applying…" } else { "Apply" }}
                </button>
            </form>
            <p class="muted small">"POST /api/v2/log changes only the node the console talks to, not the whole cluster; the level lasts until that process restarts. TiCDC cannot report the current level."</p>
        </section>
    }
}
