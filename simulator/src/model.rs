//! The simulated cluster: captures, changefeeds, the PD clock, and how time moves them.
//!
//! States and admin job types follow [TF] `cdc/model/changefeed.go` and
//! `cdc/owner/feed_state_manager.go` (../shared/ticdc/API.md §5). Tables come from a small
//! simulated upstream schema; each running changefeed's tables are assigned to alive captures,
//! which is where task status and processors come from.

use std::{collections::BTreeMap, sync::Arc};

use serde_json::Value;

use crate::{
    Arch,
    config::ConfigKit,
    release::Release,
    time::{self, TsoClock, physical, tso},
};

/// A small deterministic PRNG (splitmix64): demo data is reproducible with `--seed`.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (`hi > lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo).max(1)
    }
    /// A random (version 4) UUID string.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

/// `FeedState` ([TF] `cdc/model/changefeed.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedState {
    /// `""`, uninitialized (memory only).
    Uninitialized,
    /// `normal`
    Normal,
    /// `pending`
    Pending,
    /// `warning`
    Warning,
    /// `stopped`
    Stopped,
    /// `failed`
    Failed,
    /// `finished`
    Finished,
}

impl FeedState {
    /// The raw string.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedState::Uninitialized => "",
            FeedState::Normal => "normal",
            FeedState::Pending => "pending",
            FeedState::Warning => "warning",
            FeedState::Stopped => "stopped",
            FeedState::Failed => "failed",
            FeedState::Finished => "finished",
        }
    }
    /// Parses a raw state (sim control API).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "normal" => FeedState::Normal,
            "pending" => FeedState::Pending,
            "warning" => FeedState::Warning,
            "stopped" => FeedState::Stopped,
            "failed" => FeedState::Failed,
            "finished" => FeedState::Finished,
            _ => return None,
        })
    }
    /// What the list shows (`ChangefeedCommonInfo.MarshalJSON`): pending → warning, "" → normal.
    pub fn display(self) -> &'static str {
        match self {
            FeedState::Pending => "warning",
            FeedState::Uninitialized => "normal",
            s => s.as_str(),
        }
    }
    /// `admin_job_type` persisted by `patchState`: pending/stopped/failed → 1 (AdminStop),
    /// finished → 4 (AdminFinish), otherwise 0.
    pub fn admin_job_type(self) -> u64 {
        match self {
            FeedState::Pending | FeedState::Stopped | FeedState::Failed => 1,
            FeedState::Finished => 4,
            _ => 0,
        }
    }
    /// Has processors: the owner is (re)trying to replicate.
    pub fn is_scheduled(self) -> bool {
        matches!(
            self,
            FeedState::Normal | FeedState::Warning | FeedState::Pending | FeedState::Uninitialized
        )
    }
    /// `FeedState.IsNeeded` ([TF] `cdc/model/changefeed.go`), on the raw state.
    pub fn is_needed(self, need: &str) -> bool {
        match need {
            "all" => true,
            "" => matches!(
                self,
                FeedState::Normal
                    | FeedState::Stopped
                    | FeedState::Failed
                    | FeedState::Warning
                    | FeedState::Pending
                    | FeedState::Uninitialized
            ),
            n => n == self.as_str(),
        }
    }
}

/// `model.RunningError`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningError {
    /// When it happened (ns since epoch).
    pub time_ns: u128,
    /// Capture address that reported it.
    pub addr: String,
    /// RFC code.
    pub code: String,
    /// Full message.
    pub message: String,
}

/// A fault injected through `/sim/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// warning, pending or failed.
    pub state: FeedState,
    /// The error.
    pub error: RunningError,
}

/// One changefeed (its etcd info + status + what the processors would report).
#[derive(Debug, Clone)]
pub struct Changefeed {
    /// Namespace (classic) / keyspace (new).
    pub namespace: String,
    /// Changefeed id.
    pub id: String,
    /// Unmasked sink URI.
    pub sink_uri: String,
    /// Creation time (ns since epoch).
    pub create_time_ns: u128,
    /// `start_ts`.
    pub start_ts: u64,
    /// `target_ts` (0 = none).
    pub target_ts: u64,
    /// Replica config (as GET renders it).
    pub config: Arc<Value>,
    /// Raw state.
    pub state: FeedState,
    /// `info.Error`.
    pub error: Option<RunningError>,
    /// `info.Warning`.
    pub warning: Option<RunningError>,
    /// `creator_version`.
    pub creator_version: String,
    /// Checkpoint TSO.
    pub checkpoint_ts: u64,
    /// Resolved TSO.
    pub resolved_ts: u64,
    /// Commit TSO of the last transaction written downstream.
    pub last_synced_ts: u64,
    /// Puller resolved TSO.
    pub puller_resolved_ts: u64,
    /// Replicated table ids.
    pub tables: Vec<i64>,
    /// Capture serial per table (parallel to `tables`); None = not scheduled.
    pub assignment: Vec<Option<u32>>,
    /// Scheduler initialized (false until the first tick after create/resume).
    pub scheduled: bool,
    /// Injected fault, if any.
    pub fault: Option<Fault>,
    /// When the current pending/warning phase began (ms).
    pub phase_since_ms: u64,
    /// No upstream writes: last_synced_ts stays put (makes `synced` become true).
    pub idle: bool,
    /// New-arch `gid` (low, high).
    pub gid: (u64, u64),
    /// New arch: the spans of the main (`[0]`) and redo (`[1]`) dispatchers, DDL span
    /// excluded (it always sits on the maintainer's node).
    pub spans: [Vec<Span>; 2],
    /// New arch: the maintainer's address is known but the maintainer is gone from that node
    /// (`/sim/` control), so the placement routes answer `CDC:ErrMaintainerNotFounded`.
    pub maintainer_missing: bool,
}

/// New arch: one span (one dispatcher) of a table, `[NT] maintainer/replica.SpanReplication`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The table it belongs to.
    pub table_id: i64,
    /// Its position in the table's key range (spans of a table sort by it, neighbours are
    /// consecutive).
    pub key: u32,
    /// Capture serial it runs on; `None` = absent (not scheduled yet), listed under `""`.
    pub node: Option<u32>,
}

impl Changefeed {
    /// A fresh changefeed as create writes it (state normal, checkpoint = resolved = start).
    pub fn new(
        namespace: &str,
        id: &str,
        sink_uri: &str,
        start_ts: u64,
        config: Arc<Value>,
        rng: &mut Rng,
    ) -> Self {
        Changefeed {
            namespace: namespace.into(),
            id: id.into(),
            sink_uri: sink_uri.into(),
            create_time_ns: time::now_ns(),
            start_ts,
            target_ts: 0,
            config,
            state: FeedState::Normal,
            error: None,
            warning: None,
            creator_version: String::new(),
            checkpoint_ts: start_ts,
            resolved_ts: start_ts,
            last_synced_ts: start_ts,
            puller_resolved_ts: start_ts,
            tables: Vec::new(),
            assignment: Vec::new(),
            scheduled: false,
            fault: None,
            phase_since_ms: 0,
            idle: false,
            gid: (rng.next_u64() | 1 << 63, rng.next_u64() | 1 << 62),
            spans: [Vec::new(), Vec::new()],
            maintainer_missing: false,
        }
    }

    /// Sets the replicated tables (unassigned; one span per table in both modes).
    pub fn set_tables(&mut self, tables: Vec<i64>) {
        self.assignment = vec![None; tables.len()];
        let spans: Vec<Span> = tables
            .iter()
            .map(|&table_id| Span {
                table_id,
                key: 0,
                node: None,
            })
            .collect();
        self.spans = [spans.clone(), spans];
        self.tables = tables;
    }

    /// New arch: redo dispatchers exist (`consistent.level` other than `none`).
    pub fn redo_enabled(&self) -> bool {
        self.config["consistent"]["level"]
            .as_str()
            .is_some_and(|l| l != "none")
    }

    /// Moves to a state, keeping processor bookkeeping consistent.
    pub fn set_state(&mut self, s: FeedState, now_ms: u64) {
        self.state = s;
        self.phase_since_ms = now_ms;
        if !s.is_scheduled() {
            self.assignment.iter_mut().for_each(|a| *a = None);
            for sp in self.spans.iter_mut().flatten() {
                sp.node = None;
            }
            self.scheduled = false;
        }
    }

    /// Tables per capture serial, in table order.
    pub fn tables_on(&self, serial: u32) -> Vec<i64> {
        self.tables
            .iter()
            .zip(&self.assignment)
            .filter(|(_, a)| **a == Some(serial))
            .map(|(t, _)| *t)
            .collect()
    }
}

/// One capture (TiCDC node).
#[derive(Debug, Clone)]
pub struct Capture {
    /// Stable number for table assignment.
    pub serial: u32,
    /// Capture id (UUID).
    pub id: String,
    /// Advertise address.
    pub address: String,
    /// Being drained: gets no new tables; its tables move away over the next ticks.
    pub draining: bool,
    /// New arch: drained empty, shutting down (`liveness` 2).
    pub stopping: bool,
}

impl Capture {
    /// `ServerStatus.liveness` of this node: new arch (master) 0 alive, 1 draining, 2
    /// stopping ([NT] `pkg/liveness/liveness.go`); classic never drains into a liveness change.
    ///
    /// ticdc v26.3.x has no draining value (`api.Liveness`: 0 alive, 1 stopping).
    pub fn liveness(&self, release: Release) -> u8 {
        match release.arch() {
            Arch::New if release.has_draining_liveness() && self.stopping => 2,
            Arch::New if release.has_draining_liveness() && self.draining => 1,
            Arch::New if self.stopping => 1,
            _ => 0,
        }
    }
}

/// A table of the simulated upstream TiDB.
#[derive(Debug, Clone, Copy)]
pub struct UpstreamTable {
    /// Database.
    pub schema: &'static str,
    /// Table.
    pub table: &'static str,
    /// Table id.
    pub id: i64,
    /// Partitioned table.
    pub partitioned: bool,
}

/// The simulated upstream schema (all tables have a primary key, so all are eligible).
pub const UPSTREAM_TABLES: &[UpstreamTable] = &[
    UpstreamTable {
        schema: "shop",
        table: "orders",
        id: 106,
        partitioned: false,
    },
    UpstreamTable {
        schema: "shop",
        table: "order_items",
        id: 108,
        partitioned: false,
    },
    UpstreamTable {
        schema: "shop",
        table: "customers",
        id: 110,
        partitioned: false,
    },
    UpstreamTable {
        schema: "shop",
        table: "products",
        id: 112,
        partitioned: false,
    },
    UpstreamTable {
        schema: "shop",
        table: "inventory",
        id: 114,
        partitioned: false,
    },
    UpstreamTable {
        schema: "billing",
        table: "invoices",
        id: 120,
        partitioned: false,
    },
    UpstreamTable {
        schema: "billing",
        table: "payments",
        id: 122,
        partitioned: true,
    },
    UpstreamTable {
        schema: "billing",
        table: "refunds",
        id: 126,
        partitioned: false,
    },
    UpstreamTable {
        schema: "audit",
        table: "events",
        id: 130,
        partitioned: false,
    },
    UpstreamTable {
        schema: "audit",
        table: "login_history",
        id: 132,
        partitioned: false,
    },
    UpstreamTable {
        schema: "analytics",
        table: "page_views",
        id: 140,
        partitioned: true,
    },
    UpstreamTable {
        schema: "analytics",
        table: "sessions",
        id: 142,
        partitioned: false,
    },
    UpstreamTable {
        schema: "crm",
        table: "accounts",
        id: 150,
        partitioned: false,
    },
    UpstreamTable {
        schema: "crm",
        table: "contacts",
        id: 152,
        partitioned: false,
    },
    UpstreamTable {
        schema: "crm",
        table: "opportunities",
        id: 154,
        partitioned: false,
    },
];

fn glob(pattern: &[u8], text: &[u8], ci: bool) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            glob(&pattern[1..], text, ci) || (!text.is_empty() && glob(pattern, &text[1..], ci))
        }
        (Some(b'?'), Some(_)) => glob(&pattern[1..], &text[1..], ci),
        (Some(p), Some(t)) if p == t || (ci && p.eq_ignore_ascii_case(t)) => {
            glob(&pattern[1..], &text[1..], ci)
        }
        _ => false,
    }
}

/// Checks table-filter rule syntax: `[!]schema-pattern.table-pattern`.
pub fn invalid_filter_rules(rules: &[String]) -> bool {
    rules.iter().any(|r| {
        let r = r.trim().trim_start_matches('!');
        match r.split_once('.') {
            Some((s, t)) => s.is_empty() || t.is_empty() || t.contains('.'),
            None => true,
        }
    })
}

/// Tables of the upstream matched by a config's filter rules (last matching rule wins, `!`
/// negates — TiDB table-filter semantics).
pub fn matched_tables(config: &Value) -> Vec<UpstreamTable> {
    let rules: Vec<String> = config["filter"]["rules"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_else(|| vec!["*.*".into()]);
    let ci = !config["case_sensitive"].as_bool().unwrap_or(false);
    UPSTREAM_TABLES
        .iter()
        .filter(|t| {
            let mut keep = false;
            for r in &rules {
                let (neg, r) = match r.trim().strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, r.trim()),
                };
                if let Some((s, tb)) = r.split_once('.')
                    && glob(s.as_bytes(), t.schema.as_bytes(), ci)
                    && glob(tb.as_bytes(), t.table.as_bytes(), ci)
                {
                    keep = !neg;
                }
            }
            keep
        })
        .copied()
        .collect()
}

/// The whole simulated cluster.
#[derive(Debug)]
pub struct Cluster {
    /// Classic or new architecture.
    pub arch: Arch,
    /// Which release of it.
    pub release: Release,
    /// Config helpers for this release.
    pub kit: ConfigKit,
    /// PD's TSO allocator.
    pub clock: TsoClock,
    /// Randomness (seeded).
    pub rng: Rng,
    /// PD cluster id.
    pub upstream_id: u64,
    /// Alive captures, in join order.
    pub captures: Vec<Capture>,
    /// Next capture serial.
    pub next_serial: u32,
    /// Owner capture id.
    pub owner_id: String,
    /// The capture this server is (answers /status).
    pub self_id: String,
    /// All changefeeds by (namespace, id).
    pub changefeeds: BTreeMap<(String, String), Changefeed>,
    /// The owner has ticked since it was elected (health needs it).
    pub owner_ticked: bool,
    /// Current log level of this node.
    pub log_level: String,
    /// New-arch redact mode (off / marker / on).
    pub redact_mode: String,
    /// Calls of ticdc v26.3.x's v1 drain stub (its answer depends on the count).
    pub drain_stub_calls: u64,
    /// A `nextgen` build's keyspaces ([`crate::Options::keyspaces`]); empty = default build.
    pub keyspaces: Vec<String>,
    /// `TiCDC` version string.
    pub version: String,
    /// Current time used by the last tick (ms).
    pub last_tick_ms: u64,
}

/// How long a pending changefeed backs off before retrying (warning).
pub const PENDING_BACKOFF_MS: u64 = 10_000;
/// How long a retrying (warning) changefeed with a persisting fault takes to fail again.
pub const RETRY_FAILS_AFTER_MS: u64 = 20_000;

impl Cluster {
    /// An empty cluster with `captures` captures (the first is this node and the owner).
    pub fn new(arch: Arch, captures: usize, seed: u64) -> Self {
        Cluster::for_release(Release::for_arch(arch), captures, seed)
    }

    /// An empty cluster of a release (see [`Cluster::new`]).
    pub fn for_release(release: Release, captures: usize, seed: u64) -> Self {
        let arch = release.arch();
        let mut rng = Rng::new(seed);
        let upstream_id = 7_178_706_266_519_722_477u64.wrapping_add(rng.range(0, 1_000_000_000));
        let mut c = Cluster {
            arch,
            release,
            kit: ConfigKit::for_release(release),
            clock: TsoClock::default(),
            rng,
            upstream_id,
            captures: Vec::new(),
            next_serial: 0,
            owner_id: String::new(),
            self_id: String::new(),
            changefeeds: BTreeMap::new(),
            owner_ticked: true,
            log_level: "info".into(),
            redact_mode: "off".into(),
            drain_stub_calls: 0,
            keyspaces: Vec::new(),
            version: release.version().into(),
            last_tick_ms: time::now_ms(),
        };
        for _ in 0..captures.max(1) {
            c.add_capture(None);
        }
        c.self_id = c.captures[0].id.clone();
        c.owner_id = c.self_id.clone();
        c
    }

    /// Adds a capture; returns it.
    pub fn add_capture(&mut self, address: Option<String>) -> Capture {
        let serial = self.next_serial;
        self.next_serial += 1;
        let cap = Capture {
            serial,
            id: self.rng.uuid(),
            address: address.unwrap_or_else(|| format!("10.0.1.{}:8300", 11 + serial)),
            draining: false,
            stopping: false,
        };
        self.captures.push(cap.clone());
        cap
    }

    /// Removes a capture (its tables get rescheduled on the next tick); elects a new owner if
    /// it was the owner.
    pub fn remove_capture(&mut self, id: &str) -> bool {
        let Some(pos) = self.captures.iter().position(|c| c.id == id) else {
            return false;
        };
        let serial = self.captures.remove(pos).serial;
        for cf in self.changefeeds.values_mut() {
            for a in cf.assignment.iter_mut() {
                if *a == Some(serial) {
                    *a = None;
                }
            }
            for sp in cf.spans.iter_mut().flatten() {
                if sp.node == Some(serial) {
                    sp.node = None;
                }
            }
        }
        if self.owner_id == id {
            self.elect_owner();
        }
        true
    }

    /// A new owner election (the same capture may win).
    pub fn elect_owner(&mut self) {
        if self.captures.is_empty() {
            return;
        }
        let i = self.rng.range(0, self.captures.len() as u64) as usize;
        self.owner_id = self.captures[i].id.clone();
        self.owner_ticked = false;
    }

    /// Address of the owner.
    pub fn owner_addr(&self) -> String {
        self.captures
            .iter()
            .find(|c| c.id == self.owner_id)
            .map(|c| c.address.clone())
            .unwrap_or_default()
    }

    /// A capture by serial.
    pub fn capture_by_serial(&self, serial: u32) -> Option<&Capture> {
        self.captures.iter().find(|c| c.serial == serial)
    }

    /// Number of tables currently on a capture, over all changefeeds (new arch: spans of the
    /// main and, when redo is on, redo dispatchers).
    pub fn tables_on_capture(&self, serial: u32) -> usize {
        self.changefeeds
            .values()
            .map(|cf| match self.arch {
                Arch::Classic => cf.assignment.iter().filter(|a| **a == Some(serial)).count(),
                Arch::New => {
                    let modes = if cf.redo_enabled() { 2 } else { 1 };
                    cf.spans[..modes]
                        .iter()
                        .flatten()
                        .filter(|sp| sp.node == Some(serial))
                        .count()
                }
            })
            .sum()
    }

    /// Serial of the capture a changefeed's maintainer runs on (the coordinator's node here).
    pub fn maintainer_serial(&self) -> Option<u32> {
        self.captures
            .iter()
            .find(|c| c.id == self.owner_id)
            .map(|c| c.serial)
    }

    /// Current GC safepoint: 24 h behind PD's clock (start-ts at or before it is rejected).
    pub fn gc_safepoint(&self) -> u64 {
        tso(
            self.clock.physical_now().saturating_sub(24 * 3600 * 1000),
            0,
        )
    }

    /// A random checkpoint TSO `lag_ms` behind now.
    pub fn ts_behind(&mut self, now_ms: u64, lag_ms: u64) -> u64 {
        let logical = self.rng.range(0, 64);
        tso(now_ms.saturating_sub(lag_ms), logical)
    }

    /// One step of simulated time: owner tick over every changefeed.
    pub fn tick(&mut self) {
        let now = self.clock.physical_now();
        self.last_tick_ms = now;
        self.owner_ticked = true;
        let mut targets: Vec<u32> = self
            .captures
            .iter()
            .filter(|c| !c.draining)
            .map(|c| c.serial)
            .collect();
        if targets.is_empty() {
            targets = self.captures.iter().map(|c| c.serial).collect();
        }
        let draining: Vec<u32> = self
            .captures
            .iter()
            .filter(|c| c.draining)
            .map(|c| c.serial)
            .collect();
        let alive: Vec<u32> = self.captures.iter().map(|c| c.serial).collect();
        let rng = &mut self.rng;
        for cf in self.changefeeds.values_mut() {
            tick_changefeed(cf, now, rng, &targets, &draining, &alive);
        }
        if self.arch == Arch::New {
            // A drained node with nothing left moves on to stopping ([NT] coordinator drain:
            // Alive -> Draining -> Stopping).
            let empty: Vec<u32> = draining
                .iter()
                .copied()
                .filter(|&s| self.tables_on_capture(s) == 0)
                .collect();
            for cap in self.captures.iter_mut() {
                if empty.contains(&cap.serial) {
                    cap.stopping = true;
                }
            }
        }
    }
}

fn stuck_limit_ms(cf: &Changefeed) -> u64 {
    cf.config["changefeed_error_stuck_duration"]
        .as_u64()
        .map(|ns| ns / 1_000_000)
        .unwrap_or(30 * 60 * 1000)
}

fn tick_changefeed(
    cf: &mut Changefeed,
    now: u64,
    rng: &mut Rng,
    targets: &[u32],
    draining: &[u32],
    alive: &[u32],
) {
    // Fault-driven transitions (feed_state_manager: pending → warning after backoff; warning →
    // normal once the fault is gone; stuck longer than changefeed_error_stuck_duration → failed).
    match (cf.state, cf.fault.clone()) {
        (FeedState::Uninitialized, _) => cf.set_state(FeedState::Normal, now),
        (FeedState::Pending, None) => cf.set_state(FeedState::Warning, now),
        (FeedState::Warning, None) => {
            cf.error = None;
            cf.warning = None;
            cf.set_state(FeedState::Normal, now);
        }
        (FeedState::Pending | FeedState::Warning, Some(f)) => {
            let ck_ms = physical(cf.checkpoint_ts);
            if now.saturating_sub(ck_ms) > stuck_limit_ms(cf) {
                let mut err = f.error.clone();
                if cf.state == FeedState::Warning && cf.error.is_none() {
                    err.code = "CDC:ErrChangefeedUnretryable".into();
                }
                err.time_ns = now as u128 * 1_000_000;
                cf.error = Some(err);
                cf.fault = None;
                cf.set_state(FeedState::Failed, now);
            } else if cf.state == FeedState::Pending
                && now.saturating_sub(cf.phase_since_ms) >= PENDING_BACKOFF_MS
            {
                cf.set_state(FeedState::Warning, now);
            } else if cf.state == FeedState::Warning
                && f.state == FeedState::Pending
                && now.saturating_sub(cf.phase_since_ms) >= RETRY_FAILS_AFTER_MS
            {
                let mut err = f.error.clone();
                err.time_ns = now as u128 * 1_000_000;
                cf.error = Some(err);
                cf.set_state(FeedState::Pending, now);
            }
        }
        _ => {}
    }
    if !cf.state.is_scheduled() {
        return;
    }
    // Scheduling: every table on an alive capture; drained captures lose one table per tick.
    let mut moved_from_draining = false;
    for a in cf.assignment.iter_mut() {
        let lost = a.is_none_or(|s| !alive.contains(&s));
        let drain = !moved_from_draining && a.is_some_and(|s| draining.contains(&s));
        if (lost || drain) && !targets.is_empty() {
            if drain {
                moved_from_draining = true;
            }
            *a = Some(targets[rng.range(0, targets.len() as u64) as usize]);
        }
    }
    // New arch: the same for every span of both modes, one span per tick off a drained node.
    let mut moved_span = false;
    for sp in cf.spans.iter_mut().flatten() {
        let lost = sp.node.is_none_or(|s| !alive.contains(&s));
        let drain = !moved_span && sp.node.is_some_and(|s| draining.contains(&s));
        if (lost || drain) && !targets.is_empty() {
            moved_span |= drain;
            sp.node = Some(targets[rng.range(0, targets.len() as u64) as usize]);
        }
    }
    cf.scheduled = true;
    // Puller keeps up with TiKV while the changefeed is scheduled.
    let puller = tso(now.saturating_sub(rng.range(200, 800)), rng.range(0, 32));
    cf.puller_resolved_ts = cf.puller_resolved_ts.max(puller);
    if cf.state != FeedState::Normal {
        return; // warning/pending: checkpoint stuck, lag grows
    }
    let ck_ms = physical(cf.checkpoint_ts);
    let goal_ms = now.saturating_sub(rng.range(1000, 3000));
    let next_ms = if goal_ms > ck_ms + 10_000 {
        // Catching up (e.g. after a resume from an old checkpoint): close 1/8 of the gap.
        ck_ms + ((goal_ms - ck_ms) / 8).max(5_000)
    } else {
        goal_ms
    };
    let mut next = tso(next_ms, rng.range(0, 64)).max(cf.checkpoint_ts);
    if cf.target_ts > 0 && next >= cf.target_ts {
        next = cf.target_ts;
    }
    if !cf.idle && next > cf.checkpoint_ts {
        cf.last_synced_ts = cf
            .last_synced_ts
            .max(tso(physical(next).saturating_sub(rng.range(0, 400)), 1));
    }
    cf.checkpoint_ts = next;
    let resolved = tso(physical(next) + rng.range(0, 600), 0)
        .min(cf.puller_resolved_ts)
        .max(next);
    cf.resolved_ts = if cf.target_ts > 0 {
        resolved.min(cf.target_ts.max(next))
    } else {
        resolved
    };
    if cf.target_ts > 0 && cf.checkpoint_ts >= cf.target_ts {
        cf.resolved_ts = cf.target_ts;
        cf.set_state(FeedState::Finished, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_rules() {
        let cfg = serde_json::json!({"filter":{"rules":["shop.*","!shop.inventory"]}});
        let names: Vec<_> = matched_tables(&cfg).iter().map(|t| t.table).collect();
        assert_eq!(names, ["orders", "order_items", "customers", "products"]);
        assert!(invalid_filter_rules(&["abc".into()]));
        assert!(!invalid_filter_rules(&["!a.b".into(), "*.*".into()]));
    }

    #[test]
    fn uuid_shape() {
        let id = Rng::new(1).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
