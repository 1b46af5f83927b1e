//! The replica-config editor shared by the create and update pages: every field of TiCDC's
//! `ReplicaConfig` in collapsible sections, a JSON view of the same body kept in step both
//! ways, errors at each field and in a summary, and the pieces the pages add around it (diff,
//! guided-update steps, table check).
//!
//! State is one [`Editor`] (Copy): the body as a `serde_json::Value` (see `crate::config_form`
//! for why), the texts that do not parse, which fields were touched, and whether a submit was
//! attempted (then every error shows, not only those of touched fields).

mod basics;
mod diff_view;
mod events;
mod field;
mod json_view;
mod position;
mod rows;
mod sink;
mod steps;
mod verify;

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api::ChangefeedConfig;
use crate::api::release::Profile;
use crate::api::validate::FieldError;
use crate::config_form::{self, FormMode, JsonError, schema};

pub use diff_view::DiffList;
pub use steps::StepList;
pub use verify::CheckTables;

use basics::BasicsSection;
use field::GroupSection;
use json_view::JsonView;
use rows::RowListView;
use sink::SinkSection;

/// The editor's state; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The whole `ChangefeedConfig` body being edited.
    pub body: RwSignal<Value>,
    /// Create or update (with the stored sink and start).
    pub mode: RwSignal<FormMode>,
    /// Field texts that do not parse, by path (their value in `body` is the last good one).
    pub parse_errors: RwSignal<BTreeMap<String, String>>,
    /// Paths the user changed: their errors show before a submit is attempted.
    pub touched: RwSignal<BTreeSet<String>>,
    /// A submit was attempted: every error shows.
    pub attempted: RwSignal<bool>,
    /// The JSON view's text does not parse (its text is kept, the form keeps the last good body).
    pub json_error: RwSignal<Option<JsonError>>,
    /// Every problem: parse errors, the JSON view's, and TiCDC's rules on the decoded body.
    pub errors: Memo<Vec<FieldError>>,
    /// Which tab shows: the form (false) or the JSON view (true).
    pub json_tab: RwSignal<bool>,
    /// Bumped by [`Editor::reset`]: widgets drop their texts and read the body again.
    pub generation: RwSignal<u32>,
    /// The server's capabilities: which fields the form offers and under which key; `None`
    /// while it is not identified (then every field shows).
    pub profile: RwSignal<Option<Profile>>,
    /// A body whose `replica_config` is the server's default config (the hints' defaults).
    pub defaults: RwSignal<Value>,
}

impl Editor {
    /// An editor over `initial` in `mode`.
    pub fn new(initial: Value, mode: FormMode) -> Self {
        let body = RwSignal::new(initial);
        let mode = RwSignal::new(mode);
        let parse_errors = RwSignal::new(BTreeMap::<String, String>::new());
        let json_error = RwSignal::new(None::<JsonError>);
        let errors = Memo::new(move |_| {
            let mut out: Vec<FieldError> = parse_errors.with(|m| {
                m.iter()
                    .map(|(k, v)| FieldError {
                        field: k.clone(),
                        message: v.clone(),
                    })
                    .collect()
            });
            if let Some(e) = json_error.get() {
                out.push(FieldError {
                    field: "json".into(),
                    message: e.to_string(),
                });
            }
            let decoded = body.with(config_form::decode_body);
            match decoded {
                Ok(cfg) => {
                    let rules = mode.with(|m| config_form::validate_form(&cfg, m));
                    // A field whose text does not parse reports that, not a rule on its old value.
                    out.extend(
                        rules
                            .into_iter()
                            .filter(|e| !parse_errors.with(|m| m.contains_key(&e.field))),
                    );
                }
                Err(e) => out.push(FieldError {
                    field: "json".into(),
                    message: e,
                }),
            }
            out
        });
        Editor {
            body,
            mode,
            parse_errors,
            touched: RwSignal::new(BTreeSet::new()),
            attempted: RwSignal::new(false),
            json_error,
            errors,
            json_tab: RwSignal::new(false),
            generation: RwSignal::new(0),
            profile: RwSignal::new(None),
            defaults: RwSignal::new(config_form::create_initial()),
        }
    }

    /// Follows the server: offers its fields and shows its defaults (no-op when unchanged).
    pub fn set_profile(&self, profile: Option<Profile>) {
        if self.profile.with_untracked(|p| *p == profile) {
            return;
        }
        self.defaults.set(match &profile {
            Some(p) => config_form::create_initial_for(p),
            None => config_form::create_initial(),
        });
        self.profile.set(profile);
    }

    /// The server's default `replica_config` (of [`Editor::defaults`]), reactive.
    pub fn default_config(&self) -> Signal<Value> {
        let defaults = self.defaults;
        Signal::derive(move || {
            defaults.with(|d| d.get("replica_config").cloned().unwrap_or(Value::Null))
        })
    }

    /// Whether the form offers the field at `path` on this server (untracked).
    pub fn offers(&self, path: &str) -> bool {
        self.profile
            .with_untracked(|p| config_form::offered(p.as_ref(), path))
    }

    /// TiCDC's default of `path` on this server, as the form shows it (untracked).
    pub fn default_text(&self, kind: schema::Kind, path: &str) -> Option<String> {
        self.defaults
            .with_untracked(|d| config_form::default_text_in(d, kind, path))
    }

    /// TiCDC's default value of `path` on this server (untracked).
    pub fn default_at(&self, path: &str) -> Option<Value> {
        self.defaults
            .with_untracked(|d| config_form::get_path(d, path).cloned())
    }

    /// Replaces the body (a loaded config) and forgets texts, touches and errors.
    pub fn reset(&self, body: Value, mode: FormMode) {
        self.parse_errors.set(BTreeMap::new());
        self.touched.set(BTreeSet::new());
        self.attempted.set(false);
        self.json_error.set(None);
        self.mode.set(mode);
        self.body.set(body);
        self.generation.update(|g| *g += 1);
    }

    /// Sets or removes the value at `path`, marking it touched.
    pub fn set(&self, path: &str, value: Option<Value>) {
        self.mark_touched(path);
        self.body.update(|b| config_form::set_path(b, path, value));
    }

    /// Records that the user changed `path`.
    pub fn mark_touched(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_string());
            });
        }
    }

    /// Records (Some) or clears a text that does not parse.
    pub fn set_parse_error(&self, path: &str, error: Option<String>) {
        let same = self
            .parse_errors
            .with_untracked(|m| m.get(path) == error.as_ref());
        if !same {
            self.parse_errors.update(|m| match error {
                Some(e) => {
                    m.insert(path.to_string(), e);
                }
                None => {
                    m.remove(path);
                }
            });
        }
    }

    /// The value at `path`, as a memo that changes only when that value does.
    pub fn value(&self, path: String) -> Memo<Option<Value>> {
        let body = self.body;
        Memo::new(move |_| body.with(|b| config_form::get_path(b, &path).cloned()))
    }

    /// The errors to show now: all after a submit attempt, else only touched fields'.
    pub fn visible_errors(&self) -> Vec<FieldError> {
        let attempted = self.attempted.get();
        self.errors.with(|es| {
            self.touched
                .with(|t| config_form::visible_errors(es, attempted, t))
        })
    }

    /// The message to show at the field `path`, if any (reactive).
    pub fn error_at(&self, path: &str) -> Option<String> {
        let attempted = self.attempted.get();
        self.errors.with(|es| {
            self.touched
                .with(|t| config_form::message_at(es, attempted, t, path))
        })
    }

    /// Number of visible errors below a path prefix (for section headings).
    pub fn error_count_under(&self, prefix: &str) -> usize {
        config_form::count_under(&self.visible_errors(), prefix)
    }

    /// The body to send, decoded: without the keys the server would drop
    /// ([`config_form::without_ignored`]), everything else as edited.
    pub fn config(&self) -> Result<ChangefeedConfig, String> {
        let profile = self.profile.get_untracked();
        self.body.with_untracked(|b| match &profile {
            Some(p) => config_form::decode_body(&config_form::without_ignored(p, b)),
            None => config_form::decode_body(b),
        })
    }

    /// Marks a submit attempt; `true` when there is nothing to fix (then the caller sends).
    /// Otherwise the error summary gets the focus.
    pub fn try_submit(&self) -> bool {
        self.attempted.set(true);
        let ok = self.errors.with_untracked(Vec::is_empty);
        if !ok {
            focus_later("cfg-error-summary");
        }
        ok
    }
}

/// Focuses the element `id` after the next render, scrolling it into view.
pub fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id) {
            el.scroll_into_view();
            if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}

/// Brings the input of `path` into view: opens its enclosing sections, focuses it; a path
/// without an input (or the JSON view's) switches to the JSON tab.
fn focus_field(editor: Editor, path: &str) {
    let id = config_form::field_dom_id(path);
    let Some(el) = document().get_element_by_id(&id).filter(|_| path != "json") else {
        editor.json_tab.set(true);
        focus_later("cfg-json-text");
        return;
    };
    editor.json_tab.set(false);
    let mut node = el.parent_element();
    while let Some(n) = node {
        if n.tag_name().eq_ignore_ascii_case("details") {
            let _ = n.set_attribute("open", "");
        }
        node = n.parent_element();
    }
    el.scroll_into_view();
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// The errors to fix, each a button that brings its field into view. Shown after a submit
/// attempt; the sticky bar links here.
#[component]
pub fn ErrorSummary(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let errors = Memo::new(move |_| {
        if editor.attempted.get() {
            editor.visible_errors()
        } else {
            Vec::new()
        }
    });
    view! {
        <div id="cfg-error-summary" class="error-box cfg-summary" tabindex="-1" role="alert"
            hidden=move || errors.with(Vec::is_empty)>
            <p class="error-box__title"><strong>
                {move || {
                    let n = errors.with(Vec::len);
                    if n == 1 { "1 problem to fix before submitting".to_string() } else { format!("{n} problems to fix before submitting") }
                }}
            </strong></p>
            <ul class="cfg-summary__list">
                {move || errors.get().into_iter().map(|e| {
                    let path = e.field.clone();
                    view! {
                        <li>
                            <button type="button" class="link-button" on:click=move |_| focus_field(editor, &path)>
                                {config_form::label_for(&e.field)}
                            </button>
                            ": "{e.message}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The editor: tabs (form, JSON), and in the form every section of the config.
#[component]
pub fn ConfigEditor(
    /// The editor state.
    editor: Editor,
    /// Update mode: id read-only, no start position, sink may stay as is.
    #[prop(optional)]
    update: bool,
) -> impl IntoView {
    let json_tab = editor.json_tab;
    let sections = move || {
        // Re-created on reset, so every widget reads the new body, and when the server is
        // identified, so the fields follow it.
        editor.generation.track();
        editor.profile.track();
        view! {
            <BasicsSection editor=editor update=update/>
            <Section editor=editor id="filter" title="Filter" prefixes=&["replica_config.filter"]>
                <GroupSection editor=editor group=schema::FILTER bare=true/>
                <RowListView editor=editor list=schema::EVENT_FILTERS/>
            </Section>
            <SinkSection editor=editor/>
            <Section editor=editor id="consistent" title="Consistent (redo log)" prefixes=&["replica_config.consistent"]>
                <GroupSection editor=editor group=schema::CONSISTENT bare=true/>
            </Section>
            <Section editor=editor id="scheduler" title="Scheduler" prefixes=&["replica_config.scheduler"]>
                <GroupSection editor=editor group=schema::SCHEDULER bare=true/>
            </Section>
            <Section editor=editor id="mounter" title="Mounter, integrity and synced status"
                prefixes=&["replica_config.mounter", "replica_config.integrity", "replica_config.synced_status"]>
                <GroupSection editor=editor group=schema::MOUNTER/>
                <GroupSection editor=editor group=schema::INTEGRITY/>
                <GroupSection editor=editor group=schema::SYNCED/>
            </Section>
        }
    };
    view! {
        <IgnoredKeys editor=editor/>
        <div class="cfg-tabs" role="tablist" aria-label="Editor view">
            <button type="button" role="tab" id="cfg-tab-form" aria-controls="cfg-panel-form"
                aria-selected=move || (!json_tab.get()).to_string() class="cfg-tab"
                on:click=move |_| json_tab.set(false)>"Form"</button>
            <button type="button" role="tab" id="cfg-tab-json" aria-controls="cfg-panel-json"
                aria-selected=move || json_tab.get().to_string() class="cfg-tab"
                on:click=move |_| json_tab.set(true)>"JSON"</button>
        </div>
        <div id="cfg-panel-form" role="tabpanel" aria-labelledby="cfg-tab-form" hidden=move || json_tab.get()>
            {sections}
        </div>
        <div id="cfg-panel-json" role="tabpanel" aria-labelledby="cfg-tab-json" hidden=move || !json_tab.get()>
            <JsonView editor=editor/>
        </div>
    }
}

/// A collapsible section whose heading counts the errors inside it.
#[component]
fn Section(
    /// The form's editor (for the error count).
    editor: Editor,
    /// DOM id suffix.
    id: &'static str,
    /// The section's heading.
    title: &'static str,
    /// Errors at these paths or below them count for this section.
    prefixes: &'static [&'static str],
    /// Open at first.
    #[prop(optional)]
    open: bool,
    /// The section's fields.
    children: Children,
) -> impl IntoView {
    let count = Memo::new(move |_| {
        prefixes
            .iter()
            .map(|p| editor.error_count_under(p))
            .sum::<usize>()
    });
    view! {
        <details class="cfg-section card" id=format!("cfg-section-{id}") open=open>
            <summary class="cfg-section__summary">
                <h2 class="cfg-section__title">{title}</h2>
                {move || (count.get() > 0).then(|| view! {
                    <span class="cfg-badge cfg-badge--error">
                        {move || { let n = count.get(); if n == 1 { "1 error".to_string() } else { format!("{n} errors") } }}
                    </span>
                })}
            </summary>
            <div class="cfg-section__body">{children()}</div>
        </details>
    }
}

/// The keys of the body the connected server does not have (pasted, imported, or from
/// another release's docs): named, with the server's own key where it has one, and not sent.
#[component]
fn IgnoredKeys(
    /// The editor.
    editor: Editor,
) -> impl IntoView {
    let ignored = Memo::new(move |_| {
        editor.profile.with(|p| match p {
            Some(p) => editor.body.with(|b| config_form::ignored_by_server(p, b)),
            None => Vec::new(),
        })
    });
    let adopt = move |_| {
        let Some(p) = editor.profile.get_untracked() else {
            return;
        };
        let mut body = editor.body.get_untracked();
        if !config_form::adopt_server_keys(&p, &mut body).is_empty() {
            let mode = editor.mode.get_untracked();
            editor.reset(body, mode);
        }
    };
    move || {
        let keys = ignored.get();
        (!keys.is_empty()).then(|| {
            let server = editor
                .profile
                .with_untracked(|p| p.as_ref().map(|p| format!("{} at {}", p.line.label(), p.rev)))
                .unwrap_or_default();
            let renamable = keys.iter().any(|k| k.server_key.is_some());
            view! {
                <div class="cfg-warning" id="cfg-ignored" role="status">
                    <p><strong>"This server ignores "{if keys.len() == 1 { "a key" } else { "keys" }}" of this config. "</strong>
                        "TiCDC ("{server}") does not have "{if keys.len() == 1 { "it" } else { "them" }}
                        " and would drop "{if keys.len() == 1 { "it" } else { "them" }}" without an error, so "
                        {if keys.len() == 1 { "it is" } else { "they are" }}" not sent:"</p>
                    <ul class="cfg-ignored__list">
                        {keys.into_iter().map(|k| view! { <li><code>{k.describe()}</code></li> }).collect_view()}
                    </ul>
                    {renamable.then(|| view! {
                        <button type="button" class="btn btn--small" on:click=adopt>"Use this server's key names"</button>
                    })}
                </div>
            }
        })
    }
}
