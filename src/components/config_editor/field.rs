//! One form field per schema entry: a visible label, TiCDC's JSON key, TiCDC's default, the
//! hint, and the error text tied to the input with `aria-describedby`.
//!
//! A text field keeps its own text: while it does not parse, the body keeps the last good
//! value and the error shows; when the body changes from elsewhere (JSON view, reset) the text
//! follows it, unless it already says the same thing.

use leptos::prelude::*;
use serde_json::Value;

use super::Editor;
use super::events::EventsInput;
use crate::config_form::{self, Field, Group, Kind, schema};

/// The label row: label, JSON key, and the shared ids.
struct Ids {
    input: String,
    hint: String,
    err: String,
}

fn ids(path: &str) -> Ids {
    let input = config_form::field_dom_id(path);
    Ids {
        hint: format!("{input}-hint"),
        err: format!("{input}-err"),
        input,
    }
}

/// The hint line: help text and the server's default.
fn hint_text(editor: Editor, field: Field, path: &str) -> String {
    let mut s = field.hint.to_string();
    // Without a default the placeholder says "not set" (the key is left out).
    if let Some(d) = editor.default_text(field.kind, path) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&format!("Default: {d}."));
    }
    s
}

/// The error line under a field (rendered only while there is one).
#[component]
pub fn FieldErrorText(
    /// The editor.
    editor: Editor,
    /// The field's path.
    #[prop(into)]
    path: String,
    /// The error element's id (the input's `aria-describedby` names it).
    #[prop(into)]
    id: String,
) -> impl IntoView {
    move || {
        editor.error_at(&path).map(|m| {
            let id = id.clone();
            view! { <p class="error-text" id=id>{m}</p> }
        })
    }
}

/// `aria-describedby` for an input: its error (when shown) and its hint.
pub fn described_by(
    editor: Editor,
    path: String,
    err_id: String,
    hint_id: String,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        if editor.error_at(&path).is_some() {
            format!("{err_id} {hint_id}")
        } else {
            hint_id.clone()
        }
    }
}

/// One field of the config at `path`, edited according to `field.kind`.
#[component]
pub fn FieldInput(
    /// The editor.
    editor: Editor,
    /// Full dotted path in the body.
    #[prop(into)]
    path: String,
    /// What the field is.
    field: Field,
) -> impl IntoView {
    let Ids {
        input: id,
        hint: hint_id,
        err: err_id,
    } = ids(&path);
    let value = editor.value(path.clone());
    let hint = hint_text(editor, field, &path);
    let key = field.key.rsplit('.').next().unwrap_or(field.key);
    let invalid = {
        let path = path.clone();
        move || editor.error_at(&path).is_some().then_some("true")
    };
    let describedby = described_by(editor, path.clone(), err_id.clone(), hint_id.clone());
    let kind = field.kind;
    let default_bool = editor.default_at(&path).as_ref().and_then(Value::as_bool);
    let wide = matches!(kind, Kind::Lines | Kind::TsoLines | Kind::Events);

    let control = match kind {
        Kind::Bool if default_bool.is_some() => {
            let d = default_bool.unwrap_or(false);
            let p = path.clone();
            let checked = move || value.with(|v| v.as_ref().and_then(Value::as_bool)).unwrap_or(d);
            return view! {
                <div class="field field--check">
                    <div class="field__check">
                        <input type="checkbox" id=id.clone() prop:checked=checked
                            aria-invalid=invalid aria-describedby=describedby
                            on:change=move |ev| editor.set(&p, Some(Value::Bool(event_target_checked(&ev))))/>
                        <label for=id>{field.label}</label>
                        <code class="field__key" title=path.clone()>{key}</code>
                    </div>
                    <p class="field__hint" id=hint_id>{hint}</p>
                    <FieldErrorText editor=editor path=path.clone() id=err_id/>
                </div>
            }
            .into_any();
        }
        Kind::Bool | Kind::Choice(_) => {
            let options: Vec<&'static str> = match kind {
                Kind::Choice(o) => o.to_vec(),
                _ => vec!["true", "false"],
            };
            let current = Memo::new(move |_| value.with(|v| v.as_ref().map(|v| config_form::format_field(kind, Some(v)))).unwrap_or_default());
            let p = path.clone();
            let known = options.clone();
            let extra = move || {
                // A value TiCDC sent that this list does not know: keep it selectable.
                let c = current.get();
                (!c.is_empty() && !known.contains(&c.as_str())).then(|| {
                    let c2 = c.clone();
                    view! { <option value=c.clone() prop:selected=move || current.get() == c2>{c.clone()}</option> }
                })
            };
            view! {
                <select id=id.clone() aria-invalid=invalid aria-describedby=describedby
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        editor.set(&p, config_form::parse_field(kind, &v).ok().flatten());
                    }>
                    <option value="" prop:selected=move || current.get().is_empty()>"(not set)"</option>
                    {options.iter().map(|o| {
                        let o = *o;
                        view! { <option value=o prop:selected=move || current.get() == o>{o}</option> }
                    }).collect_view()}
                    {extra}
                </select>
            }
            .into_any()
        }
        Kind::Events => view! { <EventsInput editor=editor path=path.clone() id=id.clone() describedby=hint_id.clone()/> }.into_any(),
        _ => text_control(editor, path.clone(), kind, id.clone(), value, invalid, describedby).into_any(),
    };
    let human = (kind == Kind::Bytes).then_some(move || {
        value
            .with(|v| v.as_ref().and_then(Value::as_u64))
            .map(|b| format!("= {}. ", crate::format::format_bytes(b)))
    });
    view! {
        <div class="field" class:field--wide=wide>
            <div class="field__head">
                <label for=id>{field.label}</label>
                <code class="field__key" title=path.clone()>{key}</code>
            </div>
            {control}
            <p class="field__hint" id=hint_id>{human}{hint}</p>
            <FieldErrorText editor=editor path=path.clone() id=err_id/>
        </div>
    }
    .into_any()
}

/// A text input (or textarea for lists) that keeps its own text.
fn text_control(
    editor: Editor,
    path: String,
    kind: Kind,
    id: String,
    value: Memo<Option<Value>>,
    invalid: impl Fn() -> Option<&'static str> + Send + Sync + 'static,
    describedby: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(config_form::format_field(
        kind,
        value.get_untracked().as_ref(),
    ));
    let path = StoredValue::new(path);
    Effect::new(move |_| {
        let v = value.get();
        if !config_form::text_matches(kind, &text.get_untracked(), v.as_ref()) {
            text.set(config_form::format_field(kind, v.as_ref()));
            path.with_value(|p| editor.set_parse_error(p, None));
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let t = event_target_value(&ev);
        text.set(t.clone());
        path.with_value(|p| {
            editor.mark_touched(p);
            match config_form::parse_field(kind, &t) {
                Ok(v) => {
                    editor.set_parse_error(p, None);
                    if value.get_untracked() != v {
                        editor.body.update(|b| config_form::set_path(b, p, v));
                    }
                }
                Err(e) => editor.set_parse_error(p, Some(e)),
            }
        });
    };
    let numeric = matches!(kind, Kind::Int | Kind::UInt | Kind::Bytes);
    let placeholder = match path.with_value(|p| editor.default_text(kind, p)) {
        Some(d) if kind != Kind::Escaped => Some(d),
        Some(_) => None,
        // Top-level keys (id, sink) explain themselves in their hint.
        None => path
            .with_value(|p| p.contains('.'))
            .then(|| "not set".to_string()),
    };
    if matches!(kind, Kind::Lines | Kind::TsoLines) {
        view! {
            <textarea id=id rows="3" spellcheck="false" prop:value=move || text.get()
                aria-invalid=invalid aria-describedby=describedby on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input type="text" id=id spellcheck="false" autocomplete="off"
                inputmode=numeric.then_some("numeric") placeholder=placeholder
                prop:value=move || text.get()
                aria-invalid=invalid aria-describedby=describedby on:input=on_input/>
        }
        .into_any()
    }
}

/// The fields of one schema group in the two-column grid, with its heading unless `bare`.
#[component]
pub fn GroupSection(
    /// The editor.
    editor: Editor,
    /// The group.
    group: Group,
    /// Without heading and note (the enclosing section already names it).
    #[prop(optional)]
    bare: bool,
) -> impl IntoView {
    // Only the fields the server has, under its keys (`Editor::offers`).
    let fields = group
        .fields
        .iter()
        .map(|f| (schema::full_path(group.base, f.key), f))
        .filter(|(path, _)| editor.offers(path))
        .map(|(path, f)| view! { <FieldInput editor=editor path=path field=*f/> })
        .collect_view();
    view! {
        <div class="cfg-group" id=format!("cfg-group-{}", group.id)>
            {(!bare).then(|| view! { <h3 class="cfg-group__title">{group.title}</h3> })}
            {(!group.note.is_empty()).then(|| view! { <p class="muted cfg-group__note">{group.note}</p> })}
            <div class="cfg-grid">{fields}</div>
        </div>
    }
}
