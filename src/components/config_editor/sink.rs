//! The Sink section: general settings, dispatchers and column selectors, then one sub-section
//! per sink family, the one matching the sink URI's scheme first and open.

use leptos::prelude::*;
use serde_json::Value;

use super::field::GroupSection;
use super::rows::RowListView;
use super::{Editor, Section};
use crate::api::validate::{SinkKind, sink_scheme};
use crate::config_form::schema::{self, Group};

/// The sub-sections in their default order, with the sink family each belongs to.
const FAMILIES: &[(SinkKind, Group)] = &[
    (SinkKind::Kafka, schema::KAFKA),
    (SinkKind::Pulsar, schema::PULSAR),
    (SinkKind::MySql, schema::MYSQL),
    (SinkKind::Storage, schema::STORAGE),
    (SinkKind::Storage, schema::CSV),
];

/// The Sink section.
#[component]
pub fn SinkSection(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let kind = Memo::new(move |_| {
        editor.body.with(|b| {
            crate::config_form::get_path(b, "sink_uri")
                .and_then(Value::as_str)
                .and_then(sink_scheme)
                .and_then(|s| SinkKind::from_scheme(&s))
        })
    });
    let families = move || {
        let k = kind.get();
        let mut order: Vec<(bool, Group)> = FAMILIES
            .iter()
            .map(|(fk, g)| (Some(*fk) == k, *g))
            .collect();
        // Stable: the matching family moves to the front, the rest keep their order.
        order.sort_by_key(|(matching, _)| !*matching);
        order
            .into_iter()
            .map(|(matching, g)| {
                let prefix = g.base;
                let count = Memo::new(move |_| editor.error_count_under(prefix));
                view! {
                    <details class="cfg-sub" open=matching id=format!("cfg-sub-{}", g.id)>
                        <summary>
                            <h3 class="cfg-sub__title">{g.title}</h3>
                            {matching.then(|| view! { <span class="cfg-badge">"matches the sink URI"</span> })}
                            {move || (count.get() > 0).then(|| view! {
                                <span class="cfg-badge cfg-badge--error">{format!("{} error(s)", count.get())}</span>
                            })}
                        </summary>
                        <GroupSection editor=editor group=g bare=true/>
                    </details>
                }
            })
            .collect_view()
    };
    view! {
        <Section editor=editor id="sink" title="Sink" prefixes=&["replica_config.sink"]>
            <GroupSection editor=editor group=schema::SINK bare=true/>
            <RowListView editor=editor list=schema::DISPATCHERS/>
            <RowListView editor=editor list=schema::COLUMN_SELECTORS/>
            {families}
        </Section>
    }
}
