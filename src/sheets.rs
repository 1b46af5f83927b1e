//! The editor's style sheet (`style/config.css`: the replica-config editor and the `cdc cli`
//! file panels), fetched when the editor or a changefeed's page is first opened or pointed at,
//! not with the first load. `tools/wasm-pkg.sh` turns its `<link>` in `index.html` into
//! `<meta name="ticdc-console-sheet" content="/config-<hash>.css" data-integrity="…">`, and
//! `index.html`'s `window.__ticdcEditorSheet()` adds the `<link>` back (with the same
//! integrity) once, returning a promise of it. That loader is JavaScript so that the first
//! load's wasm carries no DOM bindings for it.
use wasm_bindgen::{JsCast, JsValue};

/// Starts loading the editor's style sheet, once, without waiting for it.
pub fn prefetch_editor_sheet() {
    let _ = load();
}

/// Loads the editor's style sheet (once) and returns when it is applied. When it cannot be
/// loaded, it returns all the same: the page is shown without it rather than not at all (the
/// browser console names the file), and the next page that wants it tries again.
pub async fn editor_sheet() {
    if let Some(promise) = load() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// `index.html`'s loader; None on a page without it (nothing to wait for).
fn load() -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("__ticdcEditorSheet"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&window)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}
