//! `ticdc-simulator`: a small axum service that behaves like TiCDC's OpenAPI v2.
//!
//! Ground truth is `../shared/ticdc/API.md`; every quirk cites the upstream file it comes from
//! (`[TF]` = pingcap/tiflow, classic; `[NT]` = pingcap/ticdc, new architecture). The simulator's
//! local time zone is UTC. Test and fault controls live under `/sim/`, never under `/api/`.

pub mod config;
pub mod demo;
pub mod error;
pub mod middleware;
pub mod misbehave;
pub mod model;
pub mod release;
pub mod render;
pub mod routes;
pub mod sink_uri;
pub mod time;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use axum::Router;
use serde::Serialize;

use crate::model::Cluster;

/// Which TiCDC server to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    /// pingcap/tiflow `cdc/` (the server the official docs describe).
    Classic,
    /// pingcap/ticdc (new architecture), API.md §9.
    New,
}

/// Startup options (the binary's flags).
#[derive(Debug, Clone)]
pub struct Options {
    /// Classic or new architecture (what plays when `release` is `None`).
    pub arch: Arch,
    /// The release to play (`--release`); `None` = [`release::Release::for_arch`].
    pub release: Option<release::Release>,
    /// Number of captures (the first is this node and the initial owner).
    pub captures: usize,
    /// Realistic changefeeds in every state.
    pub demo: bool,
    /// Bulk changefeeds (`bulk-00042`) for scale tests.
    pub changefeeds: usize,
    /// Basic-auth credentials; `None` = auth disabled (TiCDC's default).
    pub auth: Option<(String, String)>,
    /// Seed for ids and jitter.
    pub seed: u64,
    /// How often simulated time advances.
    pub tick_ms: u64,
    /// Log each request to stderr.
    pub log_requests: bool,
    /// New architecture, `nextgen` build (`--keyspaces`): the keyspaces that exist. Then
    /// `?keyspace=` is mandatory on the changefeed and unsafe routes and must name one of
    /// them (`KeyspaceCheckerMiddleware`, API.md §9.1); empty = the default build, which
    /// ignores `?keyspace=` and keeps everything in `default`.
    pub keyspaces: Vec<String>,
}

impl Options {
    /// The release played: `release`, else what `arch` alone plays.
    pub fn release(&self) -> release::Release {
        self.release
            .unwrap_or_else(|| release::Release::for_arch(self.arch))
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            arch: Arch::Classic,
            release: None,
            captures: 3,
            demo: false,
            changefeeds: 0,
            auth: None,
            seed: 42,
            tick_ms: 500,
            log_requests: false,
            keyspaces: Vec::new(),
        }
    }
}

/// One `/api/` request as `GET /sim/requests` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    /// Sequence number since start (not reset).
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Raw query string (`""` when none).
    pub query: String,
    /// Raw body, truncated to 4096 bytes.
    pub body: String,
    /// Response status.
    pub status: u16,
    /// Start time (ms since epoch).
    pub started_ms: u64,
    /// Duration in ms.
    pub elapsed_ms: u64,
    /// How many /api/ requests were in flight when this one started (itself included).
    pub in_flight_at_start: usize,
}

/// Test and fault controls (`/sim/`).
#[derive(Debug)]
pub struct SimControl {
    /// Extra latency for every /api/ request.
    pub delay_ms: u64,
    /// False: classic answers 503 not-ready, new arch 500 coordinator-not-initialized.
    pub ready: bool,
    /// Recent /api/ requests (newest last).
    pub log: VecDeque<RequestRecord>,
    /// Requests since start or reset.
    pub total: u64,
    /// Sequence counter.
    pub seq: u64,
    /// /api/ requests in flight now.
    pub in_flight: usize,
    /// Highest `in_flight` since start or reset.
    pub max_in_flight: usize,
    /// Changefeed writes (non-GET `/api/v2/changefeeds…`: create, update, pause, resume,
    /// delete) in flight now: what a bulk action keeps bounded.
    pub writes_in_flight: usize,
    /// Highest `writes_in_flight` since start or reset.
    pub max_writes_in_flight: usize,
    /// Injected refusals of writes to one changefeed, by (namespace, id): `/sim/…/reject`.
    pub rejects: HashMap<(String, String), Reject>,
    /// Hostile answers by route pattern (`/sim/misbehave`), oldest first.
    pub misbehave: Vec<misbehave::Rule>,
}

/// An injected refusal: the next writes (pause, resume, update, delete) to one changefeed are
/// answered with this TiCDC error instead of being applied.
#[derive(Debug, Clone, Serialize)]
pub struct Reject {
    /// TiCDC's `error_code`.
    pub code: String,
    /// `error_msg` (`[code]text`).
    pub message: String,
    /// How many more writes are refused; `None` = every write until cleared.
    pub times: Option<u32>,
}

/// Recent requests kept by `/sim/requests`.
pub const REQUEST_LOG_CAP: usize = 1000;

pub(crate) struct Inner {
    pub opts: Options,
    pub cluster: Mutex<Cluster>,
    pub sim: Mutex<SimControl>,
}

/// Shared state of the service.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

impl AppState {
    /// Builds the cluster (and demo/bulk data) for the options.
    pub fn new(mut opts: Options) -> Self {
        // `arch` follows the release, so code that only asks for the family agrees with it.
        opts.arch = opts.release().arch();
        let mut cluster = Cluster::for_release(opts.release(), opts.captures, opts.seed);
        if opts.arch == Arch::New {
            cluster.keyspaces = opts.keyspaces.clone();
        }
        if opts.demo {
            demo::populate_demo(&mut cluster);
        }
        if opts.changefeeds > 0 {
            demo::populate_bulk(&mut cluster, opts.changefeeds);
        }
        if !cluster.keyspaces.is_empty() {
            demo::into_keyspaces(&mut cluster);
        }
        cluster.tick();
        AppState {
            inner: Arc::new(Inner {
                opts,
                cluster: Mutex::new(cluster),
                sim: Mutex::new(SimControl {
                    delay_ms: 0,
                    ready: true,
                    log: VecDeque::new(),
                    total: 0,
                    seq: 0,
                    in_flight: 0,
                    max_in_flight: 0,
                    writes_in_flight: 0,
                    max_writes_in_flight: 0,
                    rejects: HashMap::new(),
                    misbehave: Vec::new(),
                }),
            }),
        }
    }

    /// The options it was started with.
    pub fn options(&self) -> &Options {
        &self.inner.opts
    }

    /// Locks the cluster.
    pub fn cluster(&self) -> MutexGuard<'_, Cluster> {
        self.inner.cluster.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn sim(&self) -> MutexGuard<'_, SimControl> {
        self.inner.sim.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The injected refusal of a write to `ns`/`id`, if one is armed; counts it down.
    pub(crate) fn take_reject(&self, ns: &str, id: &str) -> Result<(), error::ApiError> {
        let mut sim = self.sim();
        let key = (ns.to_string(), id.to_string());
        let Some(r) = sim.rejects.get_mut(&key) else {
            return Ok(());
        };
        let err = error::ApiError::with_message(&r.code, r.message.clone());
        match &mut r.times {
            Some(1) => {
                sim.rejects.remove(&key);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Err(err)
    }

    /// Advances simulated time by one tick (tests call this instead of waiting).
    pub fn tick(&self) {
        self.cluster().tick();
    }

    /// Starts the ticker task (every `tick_ms`).
    pub fn spawn_ticker(&self) -> tokio::task::JoinHandle<()> {
        let st = self.clone();
        let every = Duration::from_millis(self.inner.opts.tick_ms.max(10));
        tokio::spawn(async move {
            let mut iv = tokio::time::interval(every);
            iv.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                iv.tick().await;
                st.tick();
            }
        })
    }
}

/// The whole service: `/api/v2/*`, legacy `/status`, `/sim/*`, gin-style 404s.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}
