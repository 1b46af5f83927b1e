//! The list's viewport height, for windowing: the window's height until the scroller is full,
//! then the scroller's height (CSS caps it below the window's).

use leptos::prelude::*;

/// The viewport height (px) of `scroller`, whose rows are `row_px` high. A ResizeObserver
/// reports it after layout: reading clientHeight while the page renders would force a
/// synchronous layout and delay the first rows. A scroller that is not full (few rows) says
/// nothing about the viewport and is ignored, so a filter with few rows does not re-window the
/// list twice.
pub(super) fn use_viewport(scroller: NodeRef<leptos::html::Div>, row_px: f64) -> RwSignal<f64> {
    let viewport = RwSignal::new(window_height());
    let resize = window_event_listener(leptos::ev::resize, move |_| viewport.set(window_height()));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            let full = el.clone();
            if let Some(observer) = observe_height(&el, move |h| {
                if full.scroll_height() > full.client_height() && h > 2.0 * row_px {
                    viewport.set(h.min(window_height()));
                }
            }) {
                let observer = StoredValue::new_local(observer);
                on_cleanup(move || observer.with_value(|(o, _)| o.disconnect()));
            }
        }
    });
    viewport
}

fn window_height() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(900.0)
}

/// A ResizeObserver and the callback it calls (which must live as long as it observes).
type HeightObserver = (
    web_sys::ResizeObserver,
    wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>,
);

/// Calls `on_height` with the element's content height whenever it changes (and once after
/// its first layout). Keep the returned pair alive as long as it should observe.
fn observe_height(
    el: &web_sys::Element,
    on_height: impl Fn(f64) + 'static,
) -> Option<HeightObserver> {
    use wasm_bindgen::JsCast;
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                on_height(entry.content_rect().height());
            }
        },
    );
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some((observer, callback))
}
