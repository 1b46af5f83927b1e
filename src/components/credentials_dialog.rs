//! The dialog asking for a TiDB user and password when TiCDC answers 401.

use leptos::prelude::*;

use super::Modal;
use crate::api::Credentials;
use crate::services::use_services;

/// Asks for TiCDC's Basic-auth credentials after a 401. TiCDC sends no `WWW-Authenticate`, so
/// the browser never prompts by itself. The credentials are a TiDB user's: they are kept in
/// sessionStorage, for this tab only.
#[component]
pub fn CredentialsDialog() -> impl IntoView {
    let dialogs = use_services().dialogs;
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        dialogs.answer_auth(Some(Credentials {
            user: user.get_untracked(),
            password: password.get_untracked(),
        }));
        password.set(String::new());
    };
    view! {
        {move || dialogs.auth_question().map(|reason| view! {
            <Modal on_cancel=Callback::new(move |()| dialogs.answer_auth(None))>
                <form class="modal" role="dialog" aria-modal="true" aria-labelledby="auth-title" on:submit=submit>
                    <h2 id="auth-title">"Sign in to TiCDC"</h2>
                    <p class="modal__body">"TiCDC asked for credentials: a TiDB user allowed by the server's "
                        <code>"client-allowed-user"</code>" list. They are kept for this tab only."</p>
                    <p class="error-text" role="alert">{reason}</p>
                    <label class="field"><span>"User"</span>
                        <input type="text" name="user" autocomplete="username" required autofocus
                            prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                    </label>
                    <label class="field"><span>"Password"</span>
                        <input type="password" name="password" autocomplete="current-password"
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                    </label>
                    <div class="modal__actions">
                        <button type="button" class="btn" on:click=move |_| dialogs.answer_auth(None)>"Cancel"</button>
                        <button type="submit" class="btn btn--primary">"Sign in and retry"</button>
                    </div>
                </form>
            </Modal>
        })}
    }
}
