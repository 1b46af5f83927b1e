//! The confirmation dialog for writes that need one (delete, resign, drain, overwrite).

use leptos::prelude::*;

use super::Modal;
use crate::services::use_services;

/// The confirmation dialog; opened by `Dialogs::confirm`. For the most destructive actions the
/// user types the changefeed id first.
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let dialogs = use_services().dialogs;
    let typed = RwSignal::new(String::new());
    view! {
        {move || dialogs.confirm_question().map(|q| {
            typed.set(String::new());
            let need = q.type_to_confirm.clone();
            let need2 = need.clone();
            let ok = move || need2.as_ref().is_none_or(|n| typed.get() == *n);
            view! {
                <Modal on_cancel=Callback::new(move |()| dialogs.answer_confirm(false))>
                    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
                        <h2 id="confirm-title">{q.title.clone()}</h2>
                        <p class="modal__body">{q.body.clone()}</p>
                        {need.map(|n| view! {
                            <label class="field">
                                <span>"Type "<code>{n.clone()}</code>" to confirm"</span>
                                <input type="text" autocomplete="off" autofocus
                                    prop:value=move || typed.get()
                                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                            </label>
                        })}
                        <div class="modal__actions">
                            <button class="btn" on:click=move |_| dialogs.answer_confirm(false)>"Cancel"</button>
                            <button class=if q.danger { "btn btn--danger" } else { "btn btn--primary" }
                                disabled=move || !ok()
                                on:click=move |_| dialogs.answer_confirm(true)>{q.confirm_label.clone()}</button>
                        </div>
                    </div>
                </Modal>
            }
        })}
    }
}
