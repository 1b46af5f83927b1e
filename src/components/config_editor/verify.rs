//! "Check tables": asks TiCDC (POST /api/v2/verify_table) which tables the current filter and
//! sink settings would replicate, and which it cannot (no primary key or not-null unique key).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Editor;
use crate::api::{ApiError, TableName, Tables, VerifyTableConfig};
use crate::components::ApiErrorView;
use crate::services::use_services;

fn names(list: &Option<Vec<TableName>>) -> Vec<String> {
    list.iter()
        .flatten()
        .map(|t| {
            let part = if t.is_partition { " (partition)" } else { "" };
            format!("{}.{}{part}", t.database_name, t.table_name)
        })
        .collect()
}

/// The button and its result.
#[component]
pub fn CheckTables(
    /// The editor whose filter, sink and start are checked.
    editor: Editor,
) -> impl IntoView {
    let services = use_services();
    let result = RwSignal::new(None::<Result<Tables, ApiError>>);
    let pending = RwSignal::new(false);
    let check = move |_| {
        let Ok(cfg) = editor.config() else { return };
        let body = VerifyTableConfig {
            replica_config: cfg.replica_config.clone(),
            start_ts: cfg.start_ts,
            sink_uri: cfg.sink_uri.clone(),
            ..Default::default()
        };
        pending.set(true);
        spawn_local(async move {
            let r = services
                .call_with(body, |c, body| async move { c.verify_table(&body).await })
                .await;
            pending.set(false);
            result.set(Some(r));
        });
    };
    view! {
        <div class="cfg-verify">
            <button type="button" class="btn" on:click=check disabled=move || pending.get()>
                {move || if pending.get() { "Checking tables…" } else { "Check tables" }}
            </button>
            <span class="muted">" Which tables would this filter replicate? (TiCDC verify_table)"</span>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <ApiErrorView title="TiCDC could not check the tables" error=e/> }.into_any(),
                Ok(t) => {
                    let eligible = names(&t.eligible_tables);
                    let ineligible = names(&t.ineligible_tables);
                    view! {
                        <div class="cfg-verify__result" role="status">
                            <p><strong>{format!("{} eligible", eligible.len())}</strong>", "
                                <strong>{format!("{} ineligible", ineligible.len())}</strong>
                                {(!ineligible.is_empty()).then_some(
                                    " — ineligible tables have no primary key and no not-null unique key; TiCDC refuses the changefeed unless \"Force replicate\" or \"Ignore ineligible tables\" is on.")}
                            </p>
                            {(!ineligible.is_empty()).then(|| view! {
                                <h4>"Ineligible"</h4>
                                <ul class="cfg-verify__list">{ineligible.into_iter().map(|n| view! { <li><code>{n}</code></li> }).collect_view()}</ul>
                            })}
                            <details>
                                <summary>"Eligible tables"</summary>
                                <ul class="cfg-verify__list">{eligible.into_iter().map(|n| view! { <li><code>{n}</code></li> }).collect_view()}</ul>
                            </details>
                        </div>
                    }
                    .into_any()
                }
            })}
        </div>
    }
}
