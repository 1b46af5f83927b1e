//! `cdc cli` files in the browser: import into the editor (pick a file, drop one, or paste),
//! export (TOML and JSON: download as `<changefeed-id>.toml` / `.json`, or copy) and the
//! `cdc cli changefeed …` command lines. The logic is `crate::cli_toml` (native tests); here are
//! only the file reader and the views (the download is `services::download`, the clipboard
//! `CopyButton`). Used by the editor and the changefeed
//! page only, so the TOML parser stays in their chunks (see `crate::lazy`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::cli_toml::body::{
    Onto, export_body, export_body_json, file_settings, file_stem, fit_to_release, import_into_body,
};
use crate::cli_toml::{Note, Scope, TomlError};
use crate::components::{CopyButton, DiffList, Editor};
use crate::config_form::{self, Change};
use crate::services::download::download;

/// What the last import did.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Imported {
        source: String,
        changes: Vec<Change>,
        notes: Vec<Note>,
    },
    Refused {
        source: String,
        errors: Vec<TomlError>,
    },
}

/// Whether a drag carries files (not text dragged within the page).
fn carries_files(ev: &leptos::ev::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| {
        d.types()
            .includes(&wasm_bindgen::JsValue::from_str("Files"), 0)
    })
}

/// Import of a `cdc cli` file into the editor: a file picker, a paste box, and a file dropped
/// anywhere on the page while the editor shows (the browser would otherwise open the file in
/// place of the page and lose the form). The file is laid onto the connected release's
/// defaults (the editor's, `Editor::defaults`) or onto the config being edited. The result goes
/// into the form and the JSON view and its changes are listed; nothing is sent until the user
/// submits. A file with errors changes nothing and lists each error with its line.
#[component]
pub fn CliImport(
    /// The editor to import into; its profile tells which keys the server has.
    editor: Editor,
    /// Update (onto the config being edited) instead of create (onto the server's defaults).
    #[prop(optional)]
    update: bool,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<Outcome>);
    let pasted = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);

    let apply = move |text: String, source: String| {
        let before = editor.body.get_untracked();
        let defaults = editor.default_config().get_untracked();
        let onto = if update {
            Onto::Current
        } else {
            Onto::Defaults(&defaults)
        };
        match import_into_body(&before, &text, onto) {
            Ok(mut imported) => {
                if let (Some(p), Some(file)) =
                    (editor.profile.get_untracked(), file_settings(&text))
                {
                    fit_to_release(&mut imported, &file, &p);
                }
                let changes = config_form::diff_values(&before, &imported.body);
                editor.reset(imported.body, editor.mode.get_untracked());
                for c in &changes {
                    editor.mark_touched(&c.path);
                }
                outcome.set(Some(Outcome::Imported {
                    source,
                    changes,
                    notes: imported.notes,
                }));
            }
            Err(errors) => outcome.set(Some(Outcome::Refused { source, errors })),
        }
    };
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => apply(v.as_string().unwrap_or_default(), name),
                Err(_) => outcome.set(Some(Outcome::Refused {
                    source: name,
                    errors: vec![TomlError {
                        line: 0,
                        key: String::new(),
                        message: "the browser could not read the file".into(),
                    }],
                })),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read_file(file);
        }
        // Picking the same file again imports it again.
        input.set_value("");
    };
    // On the window: a file dropped anywhere while the editor shows is imported.
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window (no element entered), not moving between elements.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            read_file(file);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        dropped.remove();
    });

    let result = move || {
        outcome.get().map(|o| match o {
            Outcome::Refused { source, errors } => view! {
                <div class="error-box" role="alert" id="cfg-import-errors">
                    <p class="error-box__title"><strong>{format!("{source} was not imported: cdc cli would reject it")}</strong></p>
                    <ul>{errors.into_iter().map(|e| view! { <li class="cfg-import__error">{e.to_string()}</li> }).collect_view()}</ul>
                    <p class="muted">"Nothing in the form was changed."</p>
                </div>
            }.into_any(),
            Outcome::Imported { source, changes, notes } => {
                let n = changes.len();
                view! {
                    <div role="status" id="cfg-import-result" class="cfg-import__result">
                        <p><strong>{format!("Imported {source}: {n} change{} to the form", if n == 1 { "" } else { "s" })}</strong>
                            " (nothing is sent until you submit)"</p>
                        {(!notes.is_empty()).then(|| view! {
                            <ul class="cfg-import__notes" aria-label="Import notes">
                                {notes.into_iter().map(|n| view! { <li><code>{n.key}</code>": "{n.message}</li> }).collect_view()}
                            </ul>
                        })}
                        <details open=n <= 12>
                            <summary>"What the file changes"</summary>
                            <DiffList changes=Signal::derive(move || changes.clone())/>
                        </details>
                    </div>
                }.into_any()
            }
        })
    };

    view! {
        {move || dragging.get().then(|| view! {
            <div class="cfg-drop-veil" role="status"><span>"Drop the file to import it into the form"</span></div>
        })}
        <section class="card cfg-import" aria-labelledby="cfg-import-h"
            class:cfg-import--drag=move || dragging.get()>
            <h2 id="cfg-import-h">"Import a cdc cli config file"</h2>
            <p class="muted small">{if update {
                "Read the way `cdc cli changefeed update --config` reads it: laid onto the config below (tables merge, lists replace)."
            } else {
                "Read the way `cdc cli changefeed create --config` reads it: laid onto this TiCDC release's defaults."
            }}" Unknown keys and bad values are refused with their line. Pick a .toml file, drop one anywhere on this page, or paste it."</p>
            <div class="cfg-import__row">
                <label class="btn">"Choose a file…"
                    <input type="file" id="cfg-import-file" class="visually-hidden" accept=".toml,text/plain,application/toml" on:change=on_pick/>
                </label>
            </div>
            <label for="cfg-import-text" class="small">"Or paste the file's text"</label>
            <textarea id="cfg-import-text" class="cfg-import__text" rows="4" spellcheck="false"
                prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            <button type="button" class="btn" id="cfg-import-paste"
                disabled=move || pasted.with(|t| t.trim().is_empty())
                on:click=move |_| apply(pasted.get_untracked(), "The pasted text".into())>"Import pasted text"</button>
            {result}
        </section>
    }
}

/// Export of a config as a `cdc cli` file or JSON (only what differs from TiCDC's defaults,
/// or everything), and the command lines, each copyable. Secrets are never written.
#[component]
pub fn CliExport(
    /// The body (`changefeed_id`, `sink_uri`, …, `replica_config`) to export.
    #[prop(into)]
    body: Signal<Value>,
    /// The connected release's default `replica_config`: "only what differs" compares with it.
    #[prop(into)]
    defaults: Signal<Value>,
    /// The command lines for a server address: (what it does, the command).
    commands: Callback<String, Vec<(&'static str, String)>>,
    /// The `--server` address to start with.
    #[prop(into)]
    server: Signal<String>,
) -> impl IntoView {
    let everything = RwSignal::new(false);
    let server_text = RwSignal::new(None::<String>);
    let server_now = Signal::derive(move || server_text.get().unwrap_or_else(|| server.get()));
    let scope = move || {
        if everything.get() {
            Scope::Everything
        } else {
            Scope::Changed
        }
    };
    let toml = Memo::new(move |_| defaults.with(|d| body.with(|b| export_body(b, d, scope()))));
    let toml_text = Signal::derive(move || toml.with(|t| t.text.clone()));
    let json_text =
        Signal::derive(move || defaults.with(|d| body.with(|b| export_body_json(b, d, scope()).0)));
    let stem = Memo::new(move |_| body.with(file_stem));
    let lines = Memo::new(move |_| commands.run(server_now.get()));
    view! {
        <section class="card cfg-export" aria-labelledby="cfg-export-h">
            <h2 id="cfg-export-h">"cdc cli file and command line"</h2>
            <fieldset class="cfg-export__scope">
                <legend class="small">"Write"</legend>
                <label><input type="radio" name="cfg-export-scope" id="cfg-export-changed"
                    prop:checked=move || !everything.get() on:change=move |_| everything.set(false)/>
                    " only what differs from TiCDC's defaults"</label>
                <label><input type="radio" name="cfg-export-scope" id="cfg-export-everything"
                    prop:checked=move || everything.get() on:change=move |_| everything.set(true)/>
                    " everything"</label>
            </fieldset>
            <div class="cfg-export__actions">
                <button type="button" class="btn" id="cfg-export-toml-download"
                    on:click=move |_| download(&format!("{}.toml", stem.get_untracked()), "application/toml", &toml_text.get_untracked())>
                    {move || format!("Download {}.toml", stem.get())}</button>
                <CopyButton text=toml_text label="Copy TOML" show_label=true id="cfg-export-toml-copy"/>
                <button type="button" class="btn" id="cfg-export-json-download"
                    on:click=move |_| download(&format!("{}.json", stem.get_untracked()), "application/json", &json_text.get_untracked())>
                    {move || format!("Download {}.json", stem.get())}</button>
                <CopyButton text=json_text label="Copy JSON" show_label=true id="cfg-export-json-copy"/>
            </div>
            {move || toml.with(|t| (!t.notes.is_empty()).then(|| view! {
                <ul class="cfg-export__notes small" aria-label="Left out of the file">
                    {t.notes.iter().map(|n| view! { <li><code>{n.key.clone()}</code>": "{n.message.clone()}</li> }).collect_view()}
                </ul>
            }))}
            <details>
                <summary>"The file"</summary>
                <pre class="config-json" id="cfg-export-toml" tabindex="0" aria-label="cdc cli config file">{toml_text}</pre>
            </details>
            <label class="small" for="cfg-cli-server">"TiCDC server (--server)"</label>
            <input id="cfg-cli-server" class="input" spellcheck="false"
                prop:value=move || server_now.get() on:input=move |ev| server_text.set(Some(event_target_value(&ev)))/>
            {move || lines.get().into_iter().enumerate().map(|(i, (what, line))| {
                let id = format!("cfg-cli-command-{i}");
                let text = Signal::derive({ let line = line.clone(); move || line.clone() });
                view! {
                    <div class="cfg-export__command">
                        <p class="small"><strong>{what}</strong></p>
                        <pre class="config-json cfg-cli-command" id=id tabindex="0" aria-label=what>{line}</pre>
                        <CopyButton text=text label="Copy command" show_label=true id=format!("cfg-cli-command-copy-{i}")/>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}
