//! Start and target positions: typed as a TSO or as a local date-time, with the other form
//! shown live. The TSO is parsed in Rust as a `u64` (exact above 2^53).

use leptos::prelude::*;
use serde_json::Value;

use super::Editor;
use super::field::{FieldErrorText, described_by};
use crate::config_form;
use crate::services::{now_ms, tz_offset_at};

/// Parses a TSO or local date-time, using the zone offset in force at that date.
fn parse_position(text: &str) -> Result<Option<u64>, String> {
    let first = config_form::parse_tso_or_datetime(text, tz_offset_at(now_ms()))?;
    let Some(tso) = first else { return Ok(None) };
    if text.trim().bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(tso));
    }
    let at = tz_offset_at(crate::tso::physical_ms(tso) as f64);
    config_form::parse_tso_or_datetime(text, at)
}

fn describe(text: &str, tso: u64) -> String {
    config_form::describe_position(text, tso, tz_offset_at(crate::tso::physical_ms(tso) as f64))
}

/// A position field editing the top-level `path` (`start_ts` or `target_ts`).
#[component]
pub fn PositionInput(
    /// The editor.
    editor: Editor,
    /// `start_ts` or `target_ts`.
    path: &'static str,
    /// Visible label.
    label: &'static str,
    /// What empty means.
    empty_means: &'static str,
) -> impl IntoView {
    let id = config_form::field_dom_id(path);
    let (hint_id, err_id) = (format!("{id}-hint"), format!("{id}-err"));
    let value = editor.value(path.to_string());
    let initial = value
        .get_untracked()
        .as_ref()
        .and_then(Value::as_u64)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let text = RwSignal::new(initial);
    Effect::new(move |_| {
        let v = value.get().as_ref().and_then(Value::as_u64);
        let matches = parse_position(&text.get_untracked()).ok() == Some(v);
        if !matches {
            text.set(v.map(|t| t.to_string()).unwrap_or_default());
            editor.set_parse_error(path, None);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        text.set(t.clone());
        editor.mark_touched(path);
        match parse_position(&t) {
            Ok(v) => {
                editor.set_parse_error(path, None);
                let v = v.map(Value::from);
                if value.get_untracked() != v {
                    editor.body.update(|b| config_form::set_path(b, path, v));
                }
            }
            Err(e) => editor.set_parse_error(path, Some(e)),
        }
    };
    let live = move || {
        let t = text.get();
        match parse_position(&t) {
            Ok(Some(tso)) => describe(&t, tso),
            Ok(None) => empty_means.to_string(),
            Err(_) => String::new(),
        }
    };
    let invalid = move || editor.error_at(path).is_some().then_some("true");
    view! {
        <div class="field">
            <div class="field__head">
                <label for=id.clone()>{label}</label>
                <code class="field__key">{path}</code>
            </div>
            <input type="text" id=id spellcheck="false" autocomplete="off"
                placeholder="TSO, or date-time like 2024-05-01 13:45:00"
                prop:value=move || text.get() aria-invalid=invalid
                aria-describedby=described_by(editor, path.to_string(), err_id.clone(), hint_id.clone())
                on:input=on_input/>
            <p class="field__hint" id=hint_id>
                <span class="cfg-live" aria-live="polite">{live}</span>
                " A TSO (digits) or a date-time in your browser's time zone."
            </p>
            <FieldErrorText editor=editor path=path id=err_id/>
        </div>
    }
}
