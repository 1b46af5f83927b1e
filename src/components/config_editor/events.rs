//! `ignore_event` of an event filter: the common binlog-filter event names as checkboxes, any
//! other name one per line. The stored list keeps the user's order.

use leptos::prelude::*;
use serde_json::Value;

use super::Editor;
use crate::config_form::{self, EVENT_NAMES};

fn names(v: &Option<Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Checkboxes for [`EVENT_NAMES`] plus a textarea for other names, editing the list at `path`.
#[component]
pub fn EventsInput(
    /// The editor.
    editor: Editor,
    /// Path of the `ignore_event` list.
    path: String,
    /// Id of the group (the label of the field points at it).
    id: String,
    /// Id of the hint that describes the group.
    describedby: String,
) -> impl IntoView {
    let value = editor.value(path.clone());
    let path = StoredValue::new(path);
    let others_text = RwSignal::new(
        names(&value.get_untracked())
            .into_iter()
            .filter(|n| !EVENT_NAMES.contains(&n.as_str()))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    Effect::new(move |_| {
        let others: Vec<String> = names(&value.get())
            .into_iter()
            .filter(|n| !EVENT_NAMES.contains(&n.as_str()))
            .collect();
        if config_form::parse_lines(&others_text.get_untracked()) != others {
            others_text.set(others.join("\n"));
        }
    });
    let store = move |list: Vec<String>| {
        path.with_value(|p| editor.set(p, Some(Value::from(list))));
    };
    let toggle = move |name: &'static str, on: bool| {
        let mut list = names(&value.get_untracked());
        list.retain(|n| n != name);
        if on {
            list.push(name.to_string());
        }
        store(list);
    };
    let boxes = EVENT_NAMES
        .iter()
        .map(|name| {
            let name: &'static str = name;
            let checked = move || value.with(|v| names(v).iter().any(|n| n == name));
            view! {
                <label class="cfg-event">
                    <input type="checkbox" prop:checked=checked
                        on:change=move |ev| toggle(name, event_target_checked(&ev))/>
                    {name}
                </label>
            }
        })
        .collect_view();
    let other_id = format!("{id}-other");
    view! {
        <div class="cfg-events" id=id role="group" aria-describedby=describedby>
            <div class="cfg-events__boxes">{boxes}</div>
            <label class="field__sub" for=other_id.clone()>"Other event types (one per line)"</label>
            <textarea id=other_id rows="2" spellcheck="false" prop:value=move || others_text.get()
                on:input=move |ev| {
                    let t = event_target_value(&ev);
                    others_text.set(t.clone());
                    let mut list: Vec<String> =
                        names(&value.get_untracked()).into_iter().filter(|n| EVENT_NAMES.contains(&n.as_str())).collect();
                    list.extend(config_form::parse_lines(&t));
                    store(list);
                }></textarea>
        </div>
    }
}
