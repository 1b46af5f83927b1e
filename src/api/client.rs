//! The browser executor: sends an [`HttpRequest`] with gloo-net and hands the answer to the pure
//! decoders. The only file that touches the network (wasm32 only). Every exchange, body
//! included, is bounded by the timeout of its kind of call ([`super::timeout`]).

use std::sync::{Arc, RwLock};

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use serde::de::DeserializeOwned;

use super::endpoints::{self, Credentials, HttpRequest, Method, Scope};
use super::error::{ApiError, RawResponse, decode_empty, decode_json};
use super::model::*;
use super::timeout::timeout_for;

/// Answers larger than this are decoded after a yield to the browser ([`Client::json`]).
const YIELD_ABOVE_BYTES: usize = 64 * 1024;

/// Resolves after `ms` milliseconds (`setTimeout`), in a later task of the browser's event loop.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves in a later task (`setTimeout(0)`), so the work before and after it are two tasks.
pub async fn next_task() {
    sleep_ms(0).await;
}

/// A TiCDC API client. Cheap to clone (shared state), `Send + Sync` so it can live in a Leptos
/// context; credentials and scope can change at runtime (e.g. after a 401 login prompt).
#[derive(Clone)]
pub struct Client {
    base_url: Arc<str>,
    state: Arc<RwLock<Shared>>,
}

#[derive(Default)]
struct Shared {
    scope: Scope,
    credentials: Option<Credentials>,
}

impl Default for Client {
    fn default() -> Self {
        Client::same_origin()
    }
}

impl Client {
    /// A client for `base_url` (`""` = same origin, e.g. `http://127.0.0.1:8300` otherwise;
    /// TiCDC has no CORS, so cross-origin only works through a proxy).
    pub fn new(base_url: impl Into<String>) -> Self {
        let base: String = base_url.into();
        Client {
            base_url: Arc::from(base.trim_end_matches('/')),
            state: Arc::new(RwLock::new(Shared::default())),
        }
    }

    /// A same-origin client (the console reaches TiCDC through its proxy at `/api/`).
    pub fn same_origin() -> Self {
        Client::new("")
    }

    /// The base URL (`""` for same origin).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sets the namespace/keyspace for changefeed and processor routes.
    pub fn set_scope(&self, scope: Scope) {
        self.state.write().unwrap_or_else(|e| e.into_inner()).scope = scope;
    }

    /// The current namespace/keyspace.
    pub fn scope(&self) -> Scope {
        self.state
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .scope
            .clone()
    }

    /// Sets (or clears) the Basic-auth credentials sent with every request.
    pub fn set_credentials(&self, credentials: Option<Credentials>) {
        self.state
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .credentials = credentials;
    }

    /// The current credentials.
    pub fn credentials(&self) -> Option<Credentials> {
        self.state
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .credentials
            .clone()
    }

    /// Sends a request and returns the raw answer; transport failures become `Network`, and no
    /// answer (head and body) within [`timeout_for`] the method becomes `Timeout`: the fetch
    /// is aborted then, so a poll that asks again never has two requests in flight.
    pub async fn send(&self, req: HttpRequest) -> Result<RawResponse, ApiError> {
        let req = req.with_credentials(self.credentials().as_ref());
        let method = match req.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
            Method::Put => GlooMethod::PUT,
            Method::Delete => GlooMethod::DELETE,
        };
        let url = req.url(&self.base_url);
        if req.method == Method::Get
            && req.header("Authorization").is_none()
            && let Some(answer) = take_prefetched(&url).await
        {
            return answer;
        }
        let secs = timeout_for(req.method);
        let deadline = Deadline::start(secs);
        let failed = |e: gloo_net::Error| {
            if deadline.passed() {
                ApiError::Timeout { secs }
            } else {
                ApiError::Network(e.to_string())
            }
        };
        let signal = deadline.signal();
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .abort_signal(signal.as_ref());
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        let request = match &req.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = request.send().await.map_err(failed)?;
        let status = resp.status();
        let content_type = resp.headers().get("content-type");
        // The bytes, not `text()`: a JS string would be transcoded from UTF-16 into the wasm
        // memory (12 ms of main thread for the 2 MB list of 10,000 changefeeds); the bytes are
        // copied as they are and checked as UTF-8 here.
        let bytes = resp.binary().await.map_err(failed)?;
        let body = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(RawResponse {
            status,
            content_type,
            body,
        })
    }

    async fn json<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<T, ApiError> {
        let raw = self.send(req).await?;
        // A large answer is decoded in a task of its own, so receiving it, decoding it and
        // what the caller does with it are separate tasks, each short enough not to hold the
        // page (a long task is one over 50 ms).
        if raw.body.len() > YIELD_ABOVE_BYTES {
            next_task().await;
        }
        decode_json(&raw)
    }

    async fn empty(&self, req: HttpRequest) -> Result<(), ApiError> {
        decode_empty(&self.send(req).await?)
    }

    /// GET /api/v2/status.
    pub async fn server_status(&self) -> Result<ServerStatus, ApiError> {
        self.json(endpoints::server_status()).await
    }

    /// The architecture probe's HTTP status (`api::release::Evidence::observe_probe`).
    pub async fn arch_probe(&self) -> Result<u16, ApiError> {
        Ok(self.send(endpoints::arch_probe()).await?.status)
    }

    /// GET /api/v2/health.
    pub async fn health(&self) -> Result<(), ApiError> {
        self.empty(endpoints::health()).await
    }

    /// GET /api/v2/changefeeds (`state`: `None` = TiCDC's default filter, see `ListStateFilter`).
    pub async fn list_changefeeds(
        &self,
        state: Option<&str>,
    ) -> Result<ListResponse<ChangefeedCommonInfo>, ApiError> {
        self.json(endpoints::list_changefeeds(&self.scope(), state))
            .await
    }

    /// GET /api/v2/changefeeds/{id}.
    pub async fn get_changefeed(&self, id: &str) -> Result<ChangeFeedInfo, ApiError> {
        self.json(endpoints::get_changefeed(&self.scope(), id))
            .await
    }

    /// GET /api/v2/changefeeds/{id}, decoding only `sink_uri` (see `ChangefeedSink`).
    pub async fn changefeed_sink(&self, id: &str) -> Result<ChangefeedSink, ApiError> {
        self.json(endpoints::get_changefeed(&self.scope(), id))
            .await
    }

    /// GET /api/v2/changefeeds/{id}/meta_info (classic only; unmasked sink URI).
    pub async fn changefeed_meta_info(&self, id: &str) -> Result<ChangeFeedInfo, ApiError> {
        self.json(endpoints::changefeed_meta_info(&self.scope(), id))
            .await
    }

    /// POST /api/v2/changefeeds.
    pub async fn create_changefeed(
        &self,
        config: &ChangefeedConfig,
    ) -> Result<ChangeFeedInfo, ApiError> {
        self.json(endpoints::create_changefeed(&self.scope(), config))
            .await
    }

    /// PUT /api/v2/changefeeds/{id} (send the full replica config).
    pub async fn update_changefeed(
        &self,
        id: &str,
        config: &ChangefeedConfig,
    ) -> Result<ChangeFeedInfo, ApiError> {
        self.json(endpoints::update_changefeed(&self.scope(), id, config))
            .await
    }

    /// DELETE /api/v2/changefeeds/{id}.
    pub async fn delete_changefeed(&self, id: &str) -> Result<(), ApiError> {
        self.empty(endpoints::delete_changefeed(&self.scope(), id))
            .await
    }

    /// POST /api/v2/changefeeds/{id}/pause.
    pub async fn pause_changefeed(&self, id: &str) -> Result<(), ApiError> {
        self.empty(endpoints::pause_changefeed(&self.scope(), id))
            .await
    }

    /// POST /api/v2/changefeeds/{id}/resume (body at least `{}`).
    pub async fn resume_changefeed(
        &self,
        id: &str,
        config: &ResumeChangefeedConfig,
    ) -> Result<(), ApiError> {
        self.empty(endpoints::resume_changefeed(&self.scope(), id, config))
            .await
    }

    /// GET /api/v2/changefeeds/{id}/synced.
    pub async fn changefeed_synced(&self, id: &str) -> Result<SyncedStatus, ApiError> {
        self.json(endpoints::changefeed_synced(&self.scope(), id))
            .await
    }

    /// GET /api/v2/changefeeds/{id}/status.
    pub async fn changefeed_status(&self, id: &str) -> Result<ChangefeedStatus, ApiError> {
        self.json(endpoints::changefeed_status(&self.scope(), id))
            .await
    }

    /// GET /api/v2/processors.
    pub async fn list_processors(&self) -> Result<ListResponse<ProcessorCommonInfo>, ApiError> {
        self.json(endpoints::list_processors()).await
    }

    /// GET /api/v2/processors/{changefeed_id}/{capture_id}.
    pub async fn get_processor(
        &self,
        changefeed_id: &str,
        capture_id: &str,
    ) -> Result<ProcessorDetail, ApiError> {
        self.json(endpoints::get_processor(
            &self.scope(),
            changefeed_id,
            capture_id,
        ))
        .await
    }

    /// GET /api/v2/captures.
    pub async fn list_captures(&self) -> Result<ListResponse<Capture>, ApiError> {
        self.json(endpoints::list_captures()).await
    }

    /// POST /api/v2/captures/{id}/drain (classic only; 202).
    pub async fn drain_capture(&self, capture_id: &str) -> Result<DrainCaptureResp, ApiError> {
        self.json(endpoints::drain_capture(capture_id)).await
    }

    /// PUT /api/v1/captures/drain (new architecture; 202, poll by calling again).
    pub async fn drain_capture_v1(&self, capture_id: &str) -> Result<DrainCaptureResp, ApiError> {
        self.json(endpoints::drain_capture_v1(capture_id)).await
    }

    /// GET …/changefeeds/{id}/tables?mode= (new architecture).
    pub async fn list_tables(
        &self,
        id: &str,
        mode: DispatcherMode,
    ) -> Result<ListResponse<NodeTableInfo>, ApiError> {
        self.json(endpoints::list_tables(&self.scope(), id, mode))
            .await
    }

    /// GET …/changefeeds/{id}/get_dispatcher_count?mode= (new architecture).
    pub async fn dispatcher_count(
        &self,
        id: &str,
        mode: DispatcherMode,
    ) -> Result<DispatcherCount, ApiError> {
        self.json(endpoints::dispatcher_count(&self.scope(), id, mode))
            .await
    }

    /// Sends one of the placement operations (`endpoints::move_table` …); TiCDC answers `{}`.
    pub async fn placement_operation(&self, req: HttpRequest) -> Result<(), ApiError> {
        self.empty(req).await
    }

    /// POST /api/v2/get_all_tables (new architecture).
    pub async fn get_all_tables(&self, config: &VerifyTableConfig) -> Result<Tables, ApiError> {
        self.json(endpoints::get_all_tables(&self.scope(), config))
            .await
    }

    /// POST /api/v2/owner/resign.
    pub async fn resign_owner(&self) -> Result<(), ApiError> {
        self.empty(endpoints::resign_owner()).await
    }

    /// POST /api/v2/log (only the node that receives it).
    pub async fn set_log_level(&self, level: &str) -> Result<(), ApiError> {
        self.empty(endpoints::set_log_level(level)).await
    }

    /// POST /api/v2/verify_table.
    pub async fn verify_table(&self, config: &VerifyTableConfig) -> Result<Tables, ApiError> {
        self.json(endpoints::verify_table(config)).await
    }

    /// POST /api/v2/tso (the default upstream's current TSO).
    pub async fn query_tso(&self) -> Result<Tso, ApiError> {
        self.json(endpoints::query_tso()).await
    }
}

// The client lives in a Leptos context, which requires Send + Sync.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
};

/// A timer that aborts a fetch after `secs`: the one timeout mechanism of the client. Dropped
/// when the exchange ends, it clears the timer.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    passed: std::rc::Rc<std::cell::Cell<bool>>,
    timer: Option<i32>,
    // Kept alive until the timer is cleared or has fired.
    _on_timeout: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(secs: u32) -> Self {
        use wasm_bindgen::JsCast;
        let controller = web_sys::AbortController::new().ok();
        let passed = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_timeout = {
            let (controller, passed) = (controller.clone(), passed.clone());
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                passed.set(true);
                if let Some(c) = &controller {
                    c.abort();
                }
            })
        };
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                (secs * 1000) as i32,
            )
            .ok()
        });
        Deadline {
            controller,
            passed,
            timer,
            _on_timeout: on_timeout,
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    fn passed(&self) -> bool {
        self.passed.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(w), Some(t)) = (web_sys::window(), self.timer) {
            w.clear_timeout_with_handle(t);
        }
    }
}

thread_local! {
    /// When (browser ms) the prefetched answer the last [`take_prefetched`] gave arrived.
    static PREFETCH_ARRIVED: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// When the prefetched answer that the last request took arrived (browser ms); `None` when
/// no request took one since the last call. The list page calls it right after its list
/// request and dates the list by it: the wasm may take the answer seconds after it arrived,
/// and a list dated by when it was taken would overstate every lag by that delay.
pub fn take_prefetch_arrival() -> Option<f64> {
    PREFETCH_ARRIVED.with(|c| c.take())
}

/// The `window` property `index.html`'s script leaves the prefetch in.
const PREFETCH_KEY: &str = "__ticdcPrefetch";

/// The answer to the request that `index.html` starts before the wasm has loaded (the landing
/// list), when `url` is that request's: taken once, however late (its arrival is kept for
/// [`take_prefetch_arrival`]). The script reads the
/// body too (`window.__ticdcPrefetch = {url, response: Promise<{status, contentType, body}>,
/// arrived}`), so the app decodes it at once: reading a body is a task of its own, and the
/// browser would paint an empty page in between. A prefetch that failed gives
/// `None`, and the caller asks TiCDC itself; one that got no answer within the read timeout
/// (the script aborts it then and answers `{timedOut: true}`) is that `Timeout`.
async fn take_prefetched(url: &str) -> Option<Result<RawResponse, ApiError>> {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    let get = |o: &JsValue, name: &str| {
        Reflect::get(o, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let window: JsValue = web_sys::window()?.into();
    let slot = get(&window, PREFETCH_KEY);
    if !slot.is_object() || get(&slot, "url").as_string().as_deref() != Some(url) {
        return None;
    }
    // Matched: nobody else may take it, fresh or not.
    let _ = Reflect::set(
        &window,
        &JsValue::from_str(PREFETCH_KEY),
        &JsValue::UNDEFINED,
    );
    let promise = get(&slot, "response").dyn_into::<js_sys::Promise>().ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .filter(|v| v.is_object())?;
    if get(&answer, "timedOut").is_truthy() {
        return Some(Err(ApiError::Timeout {
            secs: super::timeout::READ_TIMEOUT_S,
        }));
    }
    let arrived = get(&slot, "arrived").as_f64()?;
    let status = get(&answer, "status")
        .as_f64()
        .filter(|s| (100.0..=599.0).contains(s))? as u16;
    let body = get(&answer, "body").as_string()?;
    PREFETCH_ARRIVED.with(|c| c.set(Some(arrived)));
    Some(Ok(RawResponse {
        status,
        content_type: get(&answer, "contentType").as_string(),
        body,
    }))
}
