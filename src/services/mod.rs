//! Services the App provides once, through context: the API client with its credentials, the
//! toaster, the confirm and credentials dialogs, and the count of requests in flight. Pages
//! take them with [`use_services`] in their body (not inside async blocks) and pass the
//! `Copy` handle into closures.

pub mod actions;
pub mod clock;
pub mod dialogs;
pub mod download;
pub mod history;
pub mod polled;
pub mod recorder;
pub mod scope;
pub mod toast;
pub mod tombstones;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::release::{Evidence, Identity, Profile};
use crate::api::{ApiError, Client, Credentials};
use crate::reach::unreachable_reason;
pub use actions::{Actions, Done, Verb, use_actions};
pub use clock::{Clock, ticdc_clock};
pub use dialogs::{ConfirmRequest, Dialogs};
pub use history::{HistoryStore, use_history};
pub use polled::{Polled, use_polled};
pub use toast::{Toast, ToastKind, Toaster};

/// sessionStorage key of the Basic-auth credentials: kept for this tab only, as TiCDC's
/// credentials are TiDB users' passwords.
const CREDENTIALS_KEY: &str = "ticdc-console.credentials";

/// The console's shared services; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Services {
    client: StoredValue<Client>,
    pub toaster: Toaster,
    pub dialogs: Dialogs,
    /// Requests in flight, for the loading bar.
    pub busy: RwSignal<u32>,
    /// Set when a request could not reach TiCDC at all; cleared by the next answer.
    pub offline: RwSignal<Option<String>>,
    /// Which TiCDC this is (`api::release`), set by the header's status poll.
    pub server: RwSignal<Option<Identity>>,
    /// Why the last attempt to identify the server failed (None after a success): pages that
    /// wait for [`Services::server`] say why they still wait.
    pub identify_error: RwSignal<Option<ApiError>>,
    /// What responses showed about the architecture, kept across polls.
    pub evidence: StoredValue<Evidence>,
    /// The namespace or keyspace in use, as the URL names it (`services::scope::apply`).
    pub scope: RwSignal<crate::api::Scope>,
}

impl Services {
    /// Creates the services around `client`, restoring this tab's credentials.
    pub fn new(client: Client) -> Self {
        if let Some(creds) = load_credentials() {
            client.set_credentials(Some(creds));
        }
        Services {
            client: StoredValue::new(client),
            toaster: Toaster::new(),
            dialogs: Dialogs::new(),
            busy: RwSignal::new(0),
            offline: RwSignal::new(None),
            server: RwSignal::new(None),
            identify_error: RwSignal::new(None),
            evidence: StoredValue::new(Evidence::default()),
            scope: RwSignal::new(crate::api::Scope::Default),
        }
    }

    /// The capabilities of the server, once it is identified (reactive).
    pub fn profile(&self) -> Option<Profile> {
        self.server.with(|s| s.as_ref().and_then(Identity::profile))
    }

    /// Asks the server who it is: `GET /status`, then, while the architecture is unknown, the
    /// classic-only `meta_info` probe (`api::release`). Sets [`Services::server`].
    /// A failure is kept in [`Services::identify_error`].
    pub async fn identify(self, client: &Client) -> Result<crate::api::ServerStatus, ApiError> {
        let status = match client.server_status().await {
            Ok(s) => s,
            Err(e) => {
                self.identify_error.try_set(Some(e.clone()));
                return Err(e);
            }
        };
        if self.identify_error.with_untracked(Option::is_some) {
            self.identify_error.try_set(None);
        }
        let mut id = self
            .evidence
            .with_value(|ev| crate::api::release::identify(&status.version, &status.git_hash, ev));
        if id.arch.is_none()
            && let Ok(code) = client.arch_probe().await
        {
            self.evidence.update_value(|ev| ev.observe_probe(code));
            id = self.evidence.with_value(|ev| {
                crate::api::release::identify(&status.version, &status.git_hash, ev)
            });
        }
        if self.server.with_untracked(|s| s.as_ref() != Some(&id)) {
            self.server.set(Some(id));
        }
        Ok(status)
    }

    /// The API client (a cheap clone sharing credentials).
    pub fn client(&self) -> Client {
        self.client.get_value()
    }

    /// Runs one API call with what every call needs: it counts for the loading bar, a
    /// transport failure raises the "cannot reach TiCDC" banner (any answer lowers it), and a
    /// 401 asks for credentials and retries with them until TiCDC accepts them or the user
    /// cancels (then the 401 is returned, so the caller shows TiCDC's error as usual).
    pub async fn call<T, F, Fut>(self, f: F) -> Result<T, ApiError>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.call_with((), move |client, ()| f(client)).await
    }

    /// [`Services::call`] for a request that needs `input` (an id, a body): each attempt gets
    /// its own clone, since a 401 makes the call run again.
    pub async fn call_with<I, T, F, Fut>(self, input: I, f: F) -> Result<T, ApiError>
    where
        I: Clone,
        F: Fn(Client, I) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        // The retry loop is one function for every request type (`call_erased`): each attempt
        // leaves its answer in `slot` and reports only whether it succeeded. A copy of the loop
        // per answer type cost the first load a few kB of wasm (BENCHMARKS.md).
        let slot = std::cell::Cell::new(None::<T>);
        let attempt = |client: Client| -> LocalBoxFuture<'_, Result<(), ApiError>> {
            let answer = f(client, input.clone());
            let slot = &slot;
            Box::pin(async move { answer.await.map(|v| slot.set(Some(v))) })
        };
        self.call_erased(&attempt).await?;
        Ok(slot
            .into_inner()
            .expect("call_erased succeeds only after an attempt stored its answer"))
    }

    /// The loop behind [`Services::call_with`], free of its types.
    async fn call_erased<'a>(
        self,
        attempt: &'a (dyn Fn(Client) -> LocalBoxFuture<'a, Result<(), ApiError>> + 'a),
    ) -> Result<(), ApiError> {
        loop {
            self.busy.try_update(|n| *n += 1);
            let result = attempt(self.client()).await;
            self.busy.try_update(|n| *n = n.saturating_sub(1));
            match result.as_ref().err().and_then(unreachable_reason) {
                Some(why) => {
                    self.offline.try_set(Some(why));
                }
                None => {
                    if self.offline.try_get_untracked().flatten().is_some() {
                        self.offline.try_set(None);
                    }
                }
            }
            match result {
                Err(e) if e.is_unauthorized() => {
                    match self.dialogs.credentials(e.to_string()).await {
                        Some(creds) => {
                            save_credentials(&creds);
                            self.client().set_credentials(Some(creds));
                        }
                        None => return Err(e),
                    }
                }
                other => return other,
            }
        }
    }

    /// Forgets the tab's credentials.
    pub fn sign_out(&self) {
        self.client().set_credentials(None);
        if let Some(s) = session_storage() {
            let _ = s.remove_item(CREDENTIALS_KEY);
        }
    }
}

/// The services provided by the App.
pub fn use_services() -> Services {
    expect_context::<Services>()
}

/// The tab's sessionStorage (None when the browser refuses it, e.g. storage disabled).
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// This browser's localStorage, shared by its tabs (None when the browser refuses it).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_credentials() -> Option<Credentials> {
    let raw = session_storage()?.get_item(CREDENTIALS_KEY).ok()??;
    let v: serde_json::Value = serde_json::from_str(&raw).ok()?;
    Some(Credentials {
        user: v["user"].as_str()?.to_string(),
        password: v["password"].as_str()?.to_string(),
    })
}

fn save_credentials(c: &Credentials) {
    if let Some(s) = session_storage() {
        let v = serde_json::json!({ "user": c.user, "password": c.password });
        let _ = s.set_item(CREDENTIALS_KEY, &v.to_string());
    }
}

pub use crate::api::client::sleep_ms;

/// Whether the tab is hidden: background loops (polls, the sink column) wait while it is.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
        .unwrap_or(false)
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's `Date.getTimezoneOffset()` in force at `unix_ms` (minutes to add to local time
/// to get UTC). Taken at the date shown, not today: across a DST change the two differ by an
/// hour. Pass [`now_ms`] for the current offset.
pub fn tz_offset_at(unix_ms: f64) -> i32 {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms)).get_timezone_offset() as i32
}

/// Whether the component that started a background loop is still mounted: the loop checks it
/// before each step and after each await, and stops once the owner is cleaned up.
#[derive(Clone)]
pub struct Alive(Arc<AtomicBool>);

impl Alive {
    /// A flag that turns false when the current reactive owner is cleaned up.
    pub fn new() -> Self {
        let alive = Alive(Arc::new(AtomicBool::new(true)));
        let flag = alive.0.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        alive
    }

    /// The owner has not been cleaned up yet.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl Default for Alive {
    fn default() -> Self {
        Self::new()
    }
}
