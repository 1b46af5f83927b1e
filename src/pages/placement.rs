//! The changefeed page's table placement on the new architecture: where every table of the
//! changefeed runs (`GET …/tables` joined to names from `POST /api/v2/get_all_tables`), per
//! node, with span counts, the DDL span, the redo dispatchers when redo is on, and the
//! operations (move, split, merge) behind an "advanced" disclosure with a confirmation. The
//! logic is in `crate::placement`; this is the view. Part of the changefeed page's chunk.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{ApiError, Capture, ChangeFeedInfo, DispatcherMode, TableName, VerifyTableConfig};
use crate::components::ApiErrorView;
use crate::placement::{
    self, Operation, Placement, PlacementQuery, TableSort, describe_table, explain_error,
};
use crate::routes::DetailQuery;
use crate::services::{
    ConfirmRequest, Done, Verb, use_actions, use_history, use_polled, use_services,
};

/// One read of the placement.
#[derive(Clone, Debug, PartialEq)]
struct Read {
    placement: Placement,
    captures: Vec<Capture>,
    dispatchers: Result<i64, ApiError>,
    names: Result<(), ApiError>,
}

/// The tables' names, kept across polls (they change only with DDL).
type Names = HashMap<i64, TableName>;

/// Reads the placement of a mode, loading names for ids not named yet.
async fn read(
    client: crate::api::Client,
    id: String,
    mode: DispatcherMode,
    info: Option<ChangeFeedInfo>,
    names: StoredValue<Names>,
) -> Result<Read, ApiError> {
    let items = client.list_tables(&id, mode).await?.items;
    let captures = client.list_captures().await?.items;
    let dispatchers = client.dispatcher_count(&id, mode).await.map(|c| c.count);
    let unnamed = items.iter().flat_map(|i| i.table_ids.iter()).any(|t| {
        // `try_`: this runs between awaits, and the card may be gone by then (its answer
        // is dropped anyway).
        *t != placement::DDL_TABLE_ID && names.try_with_value(|n| !n.contains_key(t)) == Some(true)
    });
    let mut names_result = Ok(());
    if unnamed && let Some(info) = info {
        // The schema at the changefeed's checkpoint (TiCDC keeps it readable: the service GC
        // safepoint); at start_ts 0 TiCDC would read an empty snapshot.
        let cfg = VerifyTableConfig {
            replica_config: info.config.clone(),
            start_ts: Some(info.checkpoint_ts),
            ..Default::default()
        };
        match client.get_all_tables(&cfg).await {
            Ok(t) => {
                names.try_update_value(|n| {
                    for t in t.all_tables.into_iter().flatten() {
                        n.insert(t.table_id, t);
                    }
                });
            }
            Err(e) => names_result = Err(e),
        }
    }
    let known: Vec<TableName> = names
        .try_with_value(|n| n.values().cloned().collect())
        .unwrap_or_default();
    Ok(Read {
        placement: placement::build(&items, &captures, &known),
        captures,
        dispatchers,
        names: names_result,
    })
}

/// The placement card of a new-architecture changefeed.
#[component]
pub fn PlacementPanel(
    /// The changefeed id.
    id: Memo<String>,
    /// Its latest detail (config, checkpoint, state).
    info: Memo<Option<ChangeFeedInfo>>,
) -> impl IntoView {
    let services = use_services();
    let query_map = use_query_map();
    let query =
        Memo::new(move |_| query_map.with(|m| PlacementQuery::from_params(|k| m.get_str(k))));
    let redo_on = Memo::new(move |_| {
        info.with(|i| {
            i.as_ref()
                .and_then(|i| i.config.as_ref())
                .and_then(|c| c.consistent.as_ref())
                .and_then(|c| c.level.as_deref())
                .is_some_and(|l| l != "none")
        })
    });
    let across_nodes = Memo::new(move |_| {
        info.with(|i| {
            i.as_ref()
                .and_then(|i| i.config.as_ref())
                .and_then(|c| c.scheduler.as_ref())
                .and_then(|s| s.enable_table_across_nodes)
                .unwrap_or(false)
        })
    });
    // Redo only when the changefeed has it: TiCDC panics (empty 500) otherwise.
    let mode = Memo::new(move |_| {
        if redo_on.get() {
            query.with(|q| q.mode)
        } else {
            DispatcherMode::Main
        }
    });
    let names = StoredValue::new(Names::new());
    let polled = use_polled(
        services,
        5_000.0,
        move || (id.get(), mode.get()),
        move |client, (id, mode): (String, DispatcherMode)| {
            read(client, id, mode, info.try_get_untracked().flatten(), names)
        },
    );

    let navigate = use_navigate();
    let go = Callback::new(move |placement: PlacementQuery| {
        // The rest of the page's URL state (the lag chart's window) stays as it is.
        let href = DetailQuery {
            placement,
            ..query_map.with_untracked(|m| DetailQuery::from_params(|k| m.get_str(k)))
        }
        .href(&id.get_untracked());
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let search = RwSignal::new(query.get_untracked().search);
    let set_search = move |text: String| {
        search.set(text.clone());
        let mut q = query.get_untracked();
        q.search = text;
        go.run(q);
    };

    let shown = Memo::new(move |_| {
        let q = search.get();
        let sort = query.with(|q| q.sort);
        polled.data.with(|d| {
            d.as_ref().map(|d| {
                (
                    placement::visible(&d.placement, &q, sort),
                    placement::matching_tables(&d.placement, &q),
                )
            })
        })
    });

    view! {
        <section class="card placement" aria-labelledby="placement-h">
            <div class="card__head">
                <h2 id="placement-h">"Table placement"</h2>
                {move || polled.data.with(|d| d.as_ref().map(|d| {
                    let count = match &d.dispatchers {
                        Ok(n) => format!("{n} dispatchers"),
                        Err(e) => format!("dispatcher count unavailable: {e}"),
                    };
                    view! {
                        <span class="muted placement__summary" id="placement-summary">
                            {format!("{} tables · {} split · {} spans · ", d.placement.tables, d.placement.split_tables, d.placement.spans)}
                            <span id="dispatcher-count">{count}</span>
                        </span>
                    }
                }))}
            </div>
            <div class="placement__controls">
                <Show when=move || redo_on.get()>
                    <label>"Dispatchers "
                        <select id="placement-mode" on:change=move |ev| {
                            let mut q = query.get_untracked();
                            q.mode = if event_target_value(&ev) == "redo" { DispatcherMode::Redo } else { DispatcherMode::Main };
                            go.run(q);
                        }>
                            <option value="main" selected=move || mode.get() == DispatcherMode::Main>"Main (sink)"</option>
                            <option value="redo" selected=move || mode.get() == DispatcherMode::Redo>"Redo log"</option>
                        </select>
                    </label>
                </Show>
                <label>"Search tables "
                    <input type="search" id="placement-search" placeholder="schema.table or id"
                        prop:value=move || search.get()
                        on:input=move |ev| set_search(event_target_value(&ev))/>
                </label>
                <label>"Sort "
                    <select id="placement-sort" on:change=move |ev| {
                        let mut q = query.get_untracked();
                        q.sort = TableSort::parse(&event_target_value(&ev));
                        go.run(q);
                    }>
                        {TableSort::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || query.with(|q| q.sort) == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || polled.error.get().map(|e| {
                let hint = explain_error(&e, mode.get_untracked());
                view! {
                    <ApiErrorView title="Could not read the table placement" error=e
                        on_retry=Callback::new(move |()| polled.refresh())/>
                    {hint.map(|h| view! { <p class="placement__hint" role="note">{h}</p> })}
                }
            })}
            {move || polled.data.with(|d| d.as_ref().and_then(|d| d.names.clone().err())).map(|e| view! {
                <p class="muted" role="note">"Table names could not be loaded (tables show by id): "{e.to_string()}</p>
            })}
            {move || match (polled.data.with(Option::is_some), polled.error.with(Option::is_some)) {
                (false, false) => Some(view! { <p class="muted" role="status">"Loading placement…"</p> }),
                _ => None,
            }}
            {move || shown.get().map(|(nodes, matching)| view! {
                <p class="muted placement__matching" role="status">{format!("{matching} tables match")}</p>
                <div class="placement__nodes">
                    {nodes.into_iter().map(|n| {
                        let title = n.title();
                        let rows = n.tables.clone();
                        view! {
                            <section class="placement__node" data-node=n.node_id.clone() aria-label=format!("Node {title}")>
                                <h3>
                                    <code>{title.clone()}</code>
                                    {n.is_coordinator.then(|| view! { " " <strong class="owner-tag">"Coordinator"</strong> })}
                                    <span class="muted">{format!(" · {} spans", n.spans)}</span>
                                </h3>
                                {if rows.is_empty() {
                                    view! { <p class="muted">"No matching tables on this node."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap">
                                            <table class="table placement__table">
                                                <thead><tr><th scope="col">"Table"</th><th scope="col">"Table ID"</th><th scope="col">"Spans"</th></tr></thead>
                                                <tbody>
                                                    {rows.into_iter().map(|t| {
                                                        let label = t.label.text(t.table_id);
                                                        let note = if t.is_ddl() {
                                                            Some("applies DDL; stays with the maintainer")
                                                        } else if t.is_split() {
                                                            Some("split")
                                                        } else {
                                                            None
                                                        };
                                                        view! {
                                                            <tr class:placement__ddl=t.is_ddl() data-table=t.table_id>
                                                                <th scope="row">{label}{note.map(|n| view! { " " <span class="tag">{n}</span> })}</th>
                                                                <td class="num mono">{t.table_id}</td>
                                                                <td class="num">{t.spans_text()}</td>
                                                            </tr>
                                                        }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                            </section>
                        }
                    }).collect_view()}
                </div>
            })}
            <Operations id=id mode=mode across_nodes=across_nodes placement=polled.data names=names
                refresh=Callback::new(move |()| polled.refresh())/>
        </section>
    }
}

/// The chosen operation kind in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Move,
    Split,
    Merge,
}

/// Move, split and merge, behind a disclosure; each asks for confirmation, shows progress while
/// TiCDC blocks, then the result from a fresh read of the placement.
#[component]
fn Operations(
    /// The changefeed id.
    id: Memo<String>,
    /// Which dispatchers.
    mode: Memo<DispatcherMode>,
    /// `scheduler.enable_table_across_nodes`: split needs it.
    across_nodes: Memo<bool>,
    /// The placement read.
    placement: RwSignal<Option<Read>>,
    /// The tables' names loaded by the card.
    names: StoredValue<Names>,
    /// Re-reads the placement card.
    refresh: Callback<()>,
) -> impl IntoView {
    let services = use_services();
    let history = use_history();
    let actions = use_actions(move || refresh.run(()));
    let table = RwSignal::new(None::<i64>);
    let kind = RwSignal::new(Kind::Move);
    let target = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Result<String, ApiError>>);
    // A route that answered 404: this release does not have it (marked internal upstream).
    let missing = RwSignal::new(Vec::<Kind>::new());
    let busy_key = move || format!("placement:{}", id.get());

    let tables = Memo::new(move |_| {
        placement.with(|p| {
            let mut v: Vec<(i64, String, usize)> = Vec::new();
            for n in p.iter().flat_map(|p| p.placement.nodes.iter()) {
                for t in n.tables.iter().filter(|t| !t.is_ddl()) {
                    if !v.iter().any(|(id, _, _)| *id == t.table_id) {
                        v.push((t.table_id, t.label.text(t.table_id), t.spans_total));
                    }
                }
            }
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    let selected = Memo::new(move |_| {
        let t = table.get();
        tables.with(|ts| t.and_then(|t| ts.iter().find(|(id, _, _)| *id == t).cloned()))
    });
    let targets = Memo::new(move |_| {
        placement.with(|p| {
            let (Some(p), Some(t)) = (p.as_ref(), table.get()) else {
                return Vec::new();
            };
            placement::move_targets(&p.placement, &p.captures, t)
                .into_iter()
                .map(|c| (c.id.clone(), c.address.clone()))
                .collect::<Vec<_>>()
        })
    });

    let run = move |_| {
        let Some((table_id, name, spans)) = selected.get_untracked() else {
            return;
        };
        let k = kind.get_untracked();
        let target_id = target.get_untracked();
        let target_title = targets.with_untracked(|t| {
            t.iter()
                .find(|(id, _)| *id == target_id)
                .map(|(_, a)| a.clone())
        });
        let op = match k {
            Kind::Move => Operation::Move {
                table_id,
                target: target_id,
            },
            Kind::Split => Operation::Split { table_id },
            Kind::Merge => Operation::Merge { table_id },
        };
        let cf = id.get_untracked();
        let m = mode.get_untracked();
        let summary = match (&k, &target_title) {
            (Kind::Move, Some(to)) => format!("{name} to {to}"),
            _ => name.clone(),
        };
        spawn_local(async move {
            let ok = services
                .dialogs
                .confirm(ConfirmRequest {
                    title: format!(
                        "{} on changefeed {cf}?",
                        match k {
                            Kind::Move => "Move a table",
                            Kind::Split => "Split a table",
                            Kind::Merge => "Merge a table",
                        }
                    ),
                    body: op.confirm_text(&name, target_title.as_deref()),
                    confirm_label: match k {
                        Kind::Move => "Move table",
                        Kind::Split => "Split table",
                        Kind::Merge => "Merge table",
                    }
                    .into(),
                    danger: false,
                    type_to_confirm: None,
                })
                .await;
            if !ok {
                return;
            }
            outcome.set(None);
            let scope = services.client().scope();
            let steps = async {
                let mut spans = spans;
                let mut step = 1;
                loop {
                    progress.set(Some(op.progress_text(&name, step)));
                    let req = op.request(&scope, &cf, m, spans);
                    services
                        .call_with(
                            req,
                            |c, req| async move { c.placement_operation(req).await },
                        )
                        .await?;
                    // The result from a fresh read, not from what was asked.
                    let cf2 = cf.clone();
                    let fresh = services
                        .call_with(cf2, move |c, cf| async move {
                            let items = c.list_tables(&cf, m).await?.items;
                            let caps = c.list_captures().await?.items;
                            Ok((items, caps))
                        })
                        .await?;
                    let known: Vec<TableName> = names.with_value(|n| n.values().cloned().collect());
                    let p = placement::build(&fresh.0, &fresh.1, &known);
                    spans = placement::spans_of(&p, table_id);
                    if !op.needs_another_step(spans) || step >= 64 {
                        return Ok(describe_table(&p, table_id));
                    }
                    step += 1;
                }
            };
            let verb = match k {
                Kind::Move => Verb::MoveTable,
                Kind::Split => Verb::SplitTable,
                Kind::Merge => Verb::MergeTable,
            };
            let r = actions
                .run(
                    busy_key(),
                    verb,
                    format!("{} {name}", verb.label()),
                    steps,
                    |text: &String| {
                        Some(
                            Done::success(format!("{}: done", verb.label()))
                                .with_detail(text.clone()),
                        )
                    },
                )
                .await;
            progress.set(None);
            if let Some(r) = r {
                // On the changefeed's timeline, with TiCDC's answer (as pause and resume are).
                history.record_operation(
                    &cf,
                    &verb.label().to_ascii_lowercase(),
                    &summary,
                    &r.as_ref().map(|_| ()).map_err(Clone::clone),
                );
                if let Err(ApiError::Http { status: 404, .. }) = &r {
                    missing.update(|m| m.push(k));
                }
                outcome.set(Some(r));
            }
        });
    };

    view! {
        <details class="placement__ops" id="placement-ops">
            <summary>"Advanced: move, split or merge a table"</summary>
            <p class="muted">"TiCDC marks these routes as internal; each one blocks until TiCDC has finished (up to a minute), then the placement above is read again."</p>
            <div class="placement__form">
                <label>"Table "
                    <select id="op-table" on:change=move |ev| {
                        table.set(event_target_value(&ev).parse().ok());
                        target.set(String::new());
                        outcome.set(None);
                    }>
                        <option value="" selected=move || table.get().is_none()>"Choose a table"</option>
                        {move || tables.get().into_iter().map(|(tid, label, spans)| view! {
                            <option value=tid.to_string() selected=move || table.get() == Some(tid)>
                                {if spans > 1 { format!("{label} ({spans} spans)") } else { label }}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <fieldset class="placement__kinds">
                    <legend>"Operation"</legend>
                    <label><input type="radio" name="op-kind" value="move" checked=move || kind.get() == Kind::Move
                        on:change=move |_| kind.set(Kind::Move)/>" Move to another node"</label>
                    <Show when=move || across_nodes.get() fallback=|| view! {
                        <span class="muted">" Split needs scheduler.enable_table_across_nodes."</span>
                    }>
                        <label><input type="radio" name="op-kind" value="split" checked=move || kind.get() == Kind::Split
                            disabled=move || selected.get().is_some_and(|(_, _, s)| s > 1)
                            on:change=move |_| kind.set(Kind::Split)/>" Split by region count"</label>
                    </Show>
                    <label><input type="radio" name="op-kind" value="merge" checked=move || kind.get() == Kind::Merge
                        disabled=move || selected.get().is_none_or(|(_, _, s)| s <= 1)
                        on:change=move |_| kind.set(Kind::Merge)/>" Merge back into one span"</label>
                </fieldset>
                <Show when=move || kind.get() == Kind::Move>
                    <label>"Target node "
                        <select id="op-target" on:change=move |ev| target.set(event_target_value(&ev))>
                            <option value="" selected=move || target.get().is_empty()>"Choose a node"</option>
                            {move || targets.get().into_iter().map(|(cid, addr)| {
                                let c2 = cid.clone();
                                view! { <option value=cid selected=move || target.get() == c2>{addr}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <button type="button" class="btn btn--primary" id="op-run"
                    disabled=move || {
                        let k = kind.get();
                        selected.get().is_none()
                            || actions.is_busy(&busy_key())
                            || missing.with(|m| m.contains(&k))
                            || (k == Kind::Move && target.get().is_empty())
                            || (k == Kind::Split && (!across_nodes.get() || selected.get().is_some_and(|(_, _, s)| s > 1)))
                            || (k == Kind::Merge && selected.get().is_none_or(|(_, _, s)| s <= 1))
                    }
                    on:click=run>
                    {move || if actions.is_busy(&busy_key()) { "Working…" } else { "Run" }}
                </button>
            </div>
            {move || progress.get().map(|p| view! { <p class="placement__progress" role="status" id="op-progress">{p}</p> })}
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="placement__result" role="status" id="op-result">"Now: "{text}</p> }.into_any(),
                Err(e) => {
                    let hint = explain_error(&e, mode.get_untracked());
                    view! {
                        <div id="op-error">
                            <ApiErrorView title="TiCDC refused the operation" error=e/>
                            {hint.map(|h| view! { <p class="placement__hint" role="note">{h}</p> })}
                        </div>
                    }.into_any()
                }
            })}
        </details>
    }
}
