//! A namespace or keyspace chooser: a name field offering the scopes used recently, checked as
//! TiCDC checks names, and a button. What choosing does is the caller's (`on_choose`).

use leptos::prelude::*;

use crate::api::release::Arch;
use crate::scope;

/// Choose a namespace (classic) or keyspace (new architecture) by name.
#[component]
pub fn ScopePicker(
    /// DOM id prefix (`<id>-name`, `<id>-go`, `<id>-recent`): the header and an error box may
    /// both show one.
    id: &'static str,
    /// The server's architecture, once known: names the field and checks the name.
    #[prop(into)]
    arch: Signal<Option<Arch>>,
    /// The name in use (shown until the user types).
    #[prop(into)]
    current: Signal<String>,
    /// Names to offer (used recently).
    #[prop(into)]
    recent: Signal<Vec<String>>,
    /// Called with the checked name (empty: the server's default).
    on_choose: Callback<String>,
    /// The button's text.
    #[prop(default = "Switch")]
    action: &'static str,
) -> impl IntoView {
    let typed = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let shown = move || typed.get().unwrap_or_else(|| current.get());
    let input_id = format!("{id}-name");
    let list_id = format!("{id}-recent");
    let error_id = format!("{id}-error");
    let choose = move || match scope::check_name(&shown(), arch.get_untracked()) {
        Ok(name) => {
            problem.set(None);
            typed.set(None);
            on_choose.run(name);
        }
        Err(why) => problem.set(Some(why)),
    };
    view! {
        <form class="scope-picker" on:submit=move |ev| { ev.prevent_default(); choose(); }>
            <label for=input_id.clone() class="scope-picker__label">{move || scope::noun(arch.get())}</label>
            <input id=input_id class="input scope-picker__name" list=list_id.clone() spellcheck="false"
                autocomplete="off" placeholder="default"
                aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:value=shown
                on:input=move |ev| { problem.set(None); typed.set(Some(event_target_value(&ev))); }/>
            <datalist id=list_id>
                <option value="default"></option>
                {move || recent.get().into_iter().map(|n| view! { <option value=n.clone()></option> }).collect_view()}
            </datalist>
            <button type="submit" class="btn btn--small" id=format!("{id}-go")>{action}</button>
            <span id=error_id class="scope-picker__error" role="alert">
                {move || problem.get().map(|p| format!("Not a valid name: {p}"))}
            </span>
        </form>
    }
}
