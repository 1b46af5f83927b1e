//! The frame every dialog sits in: the backdrop plus the keyboard contract of a modal dialog
//! (WAI-ARIA APG). Focus moves into the dialog when it opens and returns to where it was when
//! it closes; Tab and Shift+Tab stay inside; Escape counts as Cancel.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab can land on inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

thread_local! {
    /// Where focus was before each open dialog took it (a stack: a credentials prompt can
    /// open over a confirmation).
    static RETURN_FOCUS: RefCell<Vec<Option<web_sys::HtmlElement>>> = const { RefCell::new(Vec::new()) };
}

fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

fn active_element() -> Option<web_sys::HtmlElement> {
    document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// A modal dialog's backdrop and keyboard handling; `children` is the element with
/// `role="dialog"`.
#[component]
pub fn Modal(
    /// Escape: the same as the dialog's Cancel button.
    on_cancel: Callback<()>,
    /// The dialog.
    children: Children,
) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    // This dialog's place in the stack: only the topmost one answers Escape.
    let depth = RETURN_FOCUS.with(|s| {
        let mut s = s.borrow_mut();
        s.push(active_element());
        s.len()
    });
    // Escape on the whole page, not only inside the dialog: focus moves in a frame after the
    // dialog appears, and a click on the backdrop's padding leaves it on the body.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        let top = RETURN_FOCUS.with(|s| s.borrow().len() == depth);
        if top && ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        }
    });
    on_cleanup(move || escape.remove());
    on_cleanup(|| {
        if let Some(Some(el)) = RETURN_FOCUS.with(|s| s.borrow_mut().pop()) {
            // Only where it still is: a deleted row's button has left the page.
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    // Into the dialog once it is in the DOM: its `autofocus` element, else the first control.
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            request_animation_frame(move || {
                let first = root
                    .query_selector("[autofocus]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    .or_else(|| focusables(&root).into_iter().next());
                if let Some(el) = first {
                    let _ = el.focus();
                }
            });
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let Some(root) = root.get_untracked() else {
            return;
        };
        let items = focusables(&root);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            ev.prevent_default();
            return;
        };
        let active = active_element();
        let inside = active.as_ref().is_some_and(|a| items.contains(a));
        let wrap_to = if ev.shift_key() {
            (!inside || active.as_ref() == Some(first)).then_some(last)
        } else {
            (!inside || active.as_ref() == Some(last)).then_some(first)
        };
        if let Some(el) = wrap_to {
            ev.prevent_default();
            let _ = el.focus();
        }
    };
    view! {
        <div class="modal-backdrop" node_ref=root on:keydown=on_keydown>
            {children()}
        </div>
    }
}
