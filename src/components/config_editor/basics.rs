//! Basics: id, sink URI (with its scheme and examples), start and target positions, and the
//! top-level switches of `ReplicaConfig`.

use leptos::prelude::*;
use serde_json::Value;

use super::field::{FieldInput, GroupSection};
use super::position::PositionInput;
use super::{Editor, Section};
use crate::api::validate::{SinkKind, sink_scheme};
use crate::components::TsoValue;
use crate::config_form::{self, Field, FormMode, Kind, schema};

/// Paths whose errors count for the Basics heading.
const BASIC_PATHS: &[&str] = &[
    "changefeed_id",
    "namespace",
    "sink_uri",
    "start_ts",
    "target_ts",
    "replica_config.memory_quota",
    "replica_config.case_sensitive",
    "replica_config.force_replicate",
    "replica_config.ignore_ineligible_table",
    "replica_config.check_gc_safe_point",
    "replica_config.enable_sync_point",
    "replica_config.enable_table_monitor",
    "replica_config.bdr_mode",
    "replica_config.sync_point_interval",
    "replica_config.sync_point_retention",
    "replica_config.changefeed_error_stuck_duration",
    "replica_config.sql_mode",
    "replica_config.performance_mode",
    "replica_config.enable_active_active",
    "replica_config.active_active_progress_interval",
    "replica_config.active_active_sync_stats_interval",
    "replica_config.event_collector_batch_count",
    "replica_config.event_collector_batch_bytes",
];

/// Sink URI examples, one per family.
const SINK_EXAMPLES: &[(&str, &str)] = &[
    ("MySQL / TiDB", "mysql://root:password@127.0.0.1:3306/"),
    (
        "Kafka",
        "kafka://127.0.0.1:9092/topic-name?protocol=canal-json&partition-num=3&replication-factor=1",
    ),
    (
        "Pulsar",
        "pulsar://127.0.0.1:6650/topic-name?protocol=canal-json",
    ),
    ("Amazon S3", "s3://bucket/prefix?protocol=canal-json"),
    ("Local files", "file:///data/cdc?protocol=csv"),
    ("Blackhole (discard, for tests)", "blackhole://"),
];

const ID_FIELD: Field = Field {
    key: "changefeed_id",
    label: "Changefeed ID",
    kind: Kind::Text,
    hint: "Letters, digits and single hyphens, at most 128 characters. Empty = TiCDC generates one (a UUID).",
};

const SINK_FIELD_CREATE: Field = Field {
    key: "sink_uri",
    label: "Sink URI",
    kind: Kind::Text,
    hint: "Where changes go; the scheme picks the sink: mysql://, tidb://, kafka://, pulsar://, s3://, gcs://, azblob://, file://, blackhole://.",
};

const SINK_FIELD_UPDATE: Field = Field {
    key: "sink_uri",
    label: "Sink URI",
    kind: Kind::Text,
    hint: "TiCDC shows the password masked as xxxxx. Leave this unchanged (or empty) to keep the current sink; to change it, type the whole URI with the real password.",
};

/// The Basics section.
#[component]
pub fn BasicsSection(
    /// The editor.
    editor: Editor,
    /// Update mode.
    update: bool,
) -> impl IntoView {
    let sink = editor.value("sink_uri".to_string());
    let scheme_line = move || {
        let uri = sink.with(|v| v.as_ref().and_then(Value::as_str).unwrap_or("").to_string());
        if uri.trim().is_empty() {
            return None;
        }
        Some(match sink_scheme(&uri) {
            Some(s) => match SinkKind::from_scheme(&s) {
                Some(k) => format!("Scheme {s}: {} sink.", k.label()),
                None => format!("Scheme {s} is not a TiCDC sink."),
            },
            None => "No scheme yet (e.g. kafka://).".to_string(),
        })
    };
    let masked_warning = move || {
        let uri = sink.with(|v| v.as_ref().and_then(Value::as_str).unwrap_or("").to_string());
        let cloned_mask = !update && config_form::has_masked_password(&uri);
        cloned_mask.then(|| view! {
            <p class="cfg-warning" role="status">
                "This sink URI was copied from an existing changefeed, and TiCDC returns its password masked as "
                <code>"xxxxx"</code>". Re-enter the real password before creating."
            </p>
        })
    };
    let start = move || {
        match editor.mode.get() {
        FormMode::Update { start_ts, .. } => view! {
            <div class="field">
                <div class="field__head"><span class="field__label">"Start TSO"</span><code class="field__key">"start_ts"</code></div>
                <TsoValue tso=start_ts/>
                <p class="field__hint">"Not editable: TiCDC ignores start_ts on update."</p>
            </div>
        }
        .into_any(),
        FormMode::Create => view! {
            <PositionInput editor=editor path="start_ts" label="Start position"
                empty_means="Empty = now: TiCDC starts from the current TSO."/>
        }
        .into_any(),
    }
    };
    let id_field = move || {
        if update {
            let id = editor.body.with_untracked(|b| {
                config_form::get_path(b, "changefeed_id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            });
            view! {
                <div class="field">
                    <div class="field__head">
                        <label for="cf-changefeed_id">"Changefeed ID"</label><code class="field__key">"changefeed_id"</code>
                    </div>
                    <input type="text" id="cf-changefeed_id" readonly prop:value=id aria-describedby="cf-changefeed_id-hint"/>
                    <p class="field__hint" id="cf-changefeed_id-hint">"An existing changefeed's id cannot change."</p>
                </div>
            }
            .into_any()
        } else {
            view! { <FieldInput editor=editor path="changefeed_id" field=ID_FIELD/> }.into_any()
        }
    };
    let examples = SINK_EXAMPLES
        .iter()
        .map(|(name, uri)| {
            let uri: &'static str = uri;
            view! {
                <li>
                    <span class="muted">{*name}": "</span><code>{uri}</code>" "
                    <button type="button" class="btn btn--ghost btn--small"
                        aria-label=format!("Use the {name} example")
                        on:click=move |_| editor.set("sink_uri", Some(Value::from(uri)))>"Use"</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <Section editor=editor id="basics" title="Basics" prefixes=BASIC_PATHS open=true>
            <div class="cfg-grid">
                {id_field}
                <div class="field--wide cfg-sink">
                    <FieldInput editor=editor path="sink_uri" field=if update { SINK_FIELD_UPDATE } else { SINK_FIELD_CREATE }/>
                    <p class="cfg-live" aria-live="polite">{scheme_line}</p>
                    {masked_warning}
                    <details class="cfg-examples">
                        <summary>"Sink URI examples"</summary>
                        <ul>{examples}</ul>
                    </details>
                </div>
                {start}
                <PositionInput editor=editor path="target_ts" label="Target position"
                    empty_means="Empty = no target: replicate until stopped."/>
            </div>
            <GroupSection editor=editor group=schema::BASICS bare=true/>
            // Shown only when the server has some of them.
            {schema::NEW_ARCH.fields.iter().any(|f| editor.offers(&schema::full_path(schema::NEW_ARCH.base, f.key))).then(|| view! {
                <details class="cfg-sub">
                    <summary><h3 class="cfg-sub__title">"New architecture only"</h3></summary>
                    <GroupSection editor=editor group=schema::NEW_ARCH bare=true/>
                    <p class="muted">{schema::NEW_ARCH.note}</p>
                </details>
            })}
        </Section>
    }
}
