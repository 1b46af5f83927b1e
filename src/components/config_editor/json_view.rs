//! The JSON view: the same body as editable text. Form edits rewrite the text; a text that
//! parses and decodes updates the form; a text that does not is kept as typed, with the error's
//! line and column, and is not overwritten by the form until the user discards it.
//!
//! Parsing happens in Rust (serde_json into the typed DTOs), never with `JSON.parse`, so TSOs
//! above 2^53 stay exact.

use leptos::prelude::*;

use super::Editor;
use crate::config_form;

/// The JSON tab's content.
#[component]
pub fn JsonView(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let text = RwSignal::new(editor.body.with_untracked(config_form::to_json_text));
    // Set when the body change came from this text, so the text is not rewritten under the cursor.
    let from_text = StoredValue::new(false);
    // The form changed while the text had an error: offer to discard the text.
    let stale = RwSignal::new(false);
    Effect::new(move |_| {
        let pretty = editor.body.with(config_form::to_json_text);
        if from_text.get_value() {
            from_text.set_value(false);
            return;
        }
        if editor.json_error.get_untracked().is_some() {
            stale.set(true);
        } else {
            text.set(pretty);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        text.set(t.clone());
        match config_form::parse_json_text(&t) {
            Ok(v) => {
                editor.json_error.set(None);
                stale.set(false);
                if editor.body.with_untracked(|b| *b != v) {
                    from_text.set_value(true);
                    editor.body.set(v);
                }
            }
            Err(e) => editor.json_error.set(Some(e)),
        }
    };
    let discard = move |_| {
        editor.json_error.set(None);
        stale.set(false);
        text.set(editor.body.with_untracked(config_form::to_json_text));
    };
    let invalid = move || editor.json_error.with(Option::is_some).then_some("true");
    view! {
        <div class="cfg-json card">
            <div class="field__head">
                <label for="cfg-json-text">"ChangefeedConfig (JSON)"</label>
            </div>
            <p class="field__hint" id="cfg-json-hint">
                "The request body TiCDC receives, kept in step with the form both ways. Durations are nanoseconds "
                "(Go duration strings like \"10m\" are accepted and converted); TSOs are exact."
            </p>
            {move || editor.json_error.get().map(|e| view! {
                <p class="error-text" id="cfg-json-err" role="alert">
                    {if e.line > 0 { format!("Line {}, column {}: ", e.line, e.column) } else { String::new() }}
                    {e.path.map(|p| format!("at {p}: ")).unwrap_or_default()}
                    {e.message}
                </p>
            })}
            {move || stale.get().then(|| view! {
                <p class="cfg-warning" role="status">
                    "The form changed, but this text has an error so it was not replaced. "
                    <button type="button" class="btn btn--small" on:click=discard>"Discard my text and show the form's config"</button>
                </p>
            })}
            <textarea id="cfg-json-text" class="cfg-json__text" spellcheck="false" rows="30"
                aria-invalid=invalid
                aria-describedby=move || if editor.json_error.with(Option::is_some) { "cfg-json-err cfg-json-hint" } else { "cfg-json-hint" }
                prop:value=move || text.get() on:input=on_input></textarea>
        </div>
    }
}
