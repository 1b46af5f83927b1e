//! The releases the simulator can play (`--release`): version string and git hash, the v2
//! `ReplicaConfig` key set and names, the default config, and the behaviours that differ
//! (../shared/ticdc/RELEASES.md §1, §1b, §2, as checked against the `api/v2/model.go`,
//! `pkg/config`, `api/v1/api.go` and `pkg/api/util.go` of each tag).
//!
//! Each release's schema is the master schema of its family ([`crate::config`]) with that
//! release's edits (keys it lacks, keys it names otherwise), listed here per release. The
//! console keeps its own per-key table (`src/api/release.rs`); the two are written separately
//! so the browser tests, which assert what the simulator stored, check one against the other.

use serde_json::Value;

use crate::Arch;

/// A release line the simulator plays, at its newest known patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// pingcap/tiflow v8.5.x (reports v8.5.2): tiflow master's model without
    /// `csv.output_field_header`.
    ClassicV8_5,
    /// pingcap/tiflow v26.3.x (reports v26.3.3): the model of tiflow master (API.md §2–§3).
    ClassicV26_3,
    /// pingcap/ticdc v8.5.7.
    NewV8_5_7,
    /// pingcap/ticdc v26.3.4.
    NewV26_3_4,
    /// pingcap/ticdc master (API.md §9), what `--arch new` plays.
    NewMaster,
}

impl Release {
    /// Every release, in `--release` order.
    pub const ALL: [Release; 5] = [
        Release::ClassicV8_5,
        Release::ClassicV26_3,
        Release::NewV8_5_7,
        Release::NewV26_3_4,
        Release::NewMaster,
    ];

    /// The `--release` name.
    pub fn name(self) -> &'static str {
        match self {
            Release::ClassicV8_5 => "classic-v8.5",
            Release::ClassicV26_3 => "classic-v26.3",
            Release::NewV8_5_7 => "new-v8.5.7",
            Release::NewV26_3_4 => "new-v26.3.4",
            Release::NewMaster => "new-master",
        }
    }

    /// Parses a `--release` name.
    pub fn from_name(name: &str) -> Option<Release> {
        Release::ALL.into_iter().find(|r| r.name() == name)
    }

    /// What `--arch` alone plays: classic v8.5, or the newest new-architecture release.
    pub fn for_arch(arch: Arch) -> Release {
        match arch {
            Arch::Classic => Release::ClassicV8_5,
            Arch::New => Release::NewMaster,
        }
    }

    /// Its family.
    pub fn arch(self) -> Arch {
        match self {
            Release::ClassicV8_5 | Release::ClassicV26_3 => Arch::Classic,
            _ => Arch::New,
        }
    }

    /// `GET /api/v2/status` `version`. ticdc master describes itself after its last nextgen
    /// tag (`git describe` of b813e76f9dad).
    pub fn version(self) -> &'static str {
        match self {
            Release::ClassicV8_5 => "v8.5.2",
            Release::ClassicV26_3 => "v26.3.3",
            Release::NewV8_5_7 => "v8.5.7",
            Release::NewV26_3_4 => "v26.3.4",
            Release::NewMaster => "v8.5.4-nextgen.202510.5-368-gb813e76f9",
        }
    }

    /// `GET /api/v2/status` `git_hash`: the tag's commit.
    pub fn git_hash(self) -> &'static str {
        match self {
            Release::ClassicV8_5 => "536a87813274d3169488e2b324ef0d033d854bd8",
            Release::ClassicV26_3 => "7ef1518c204de22a513dec6f5a1bca2c140cc5ac",
            Release::NewV8_5_7 => "41b855b10b129a6b4af681a6f1b02362f6e4f104",
            Release::NewV26_3_4 => "65002945d670fea61492e35545326a0a289853c5",
            Release::NewMaster => "b813e76f9dad1134b4f47a5eba4ca5953a5e4c2e",
        }
    }

    /// The default `replica_config` a fresh changefeed shows (derived fixtures).
    pub fn default_config(self) -> &'static str {
        match self {
            Release::ClassicV8_5 => {
                include_str!("../../src/api/fixtures/default_replica_config_classic_v8.5.json")
            }
            Release::ClassicV26_3 => {
                include_str!("../../src/api/fixtures/default_replica_config.json")
            }
            Release::NewV8_5_7 => {
                include_str!("../../src/api/fixtures/default_replica_config_new_v8.5.7.json")
            }
            Release::NewV26_3_4 => {
                include_str!("../../src/api/fixtures/default_replica_config_new_v26.3.4.json")
            }
            Release::NewMaster => {
                include_str!("../../src/api/fixtures/default_replica_config_new.json")
            }
        }
    }

    /// Key paths (`.`-joined, array items as the array's own key) of the family's master
    /// schema this release lacks.
    fn dropped(self) -> &'static [&'static str] {
        // ticdc: what v26.3.4 lacks against master (api/v2/model.go).
        const NOT_IN_V26_3_4: &[&str] = &[
            "performance_mode",
            "event_collector_batch_count",
            "event_collector_batch_bytes",
            "consistent.event_collector_batch_count",
            "sink.debezium.include_start_ts",
            "sink.kafka_config.codec_config.avro_include_before_value",
            "sink.mysql_config.async_ddl_timeout",
            "filter.event_filters.ignore_update_only_columns",
            "sink.dispatchers.target-schema",
            "sink.dispatchers.target-table",
        ];
        // ticdc v8.5.7: as v26.3.4, but with target-schema/target-table and without
        // active-active.
        const NOT_IN_V8_5_7: &[&str] = &[
            "performance_mode",
            "event_collector_batch_count",
            "event_collector_batch_bytes",
            "consistent.event_collector_batch_count",
            "sink.debezium.include_start_ts",
            "sink.kafka_config.codec_config.avro_include_before_value",
            "sink.mysql_config.async_ddl_timeout",
            "filter.event_filters.ignore_update_only_columns",
            "enable_active_active",
            "active_active_progress_interval",
            "active_active_sync_stats_interval",
        ];
        match self {
            Release::ClassicV8_5 => &["sink.csv.output_field_header"],
            Release::ClassicV26_3 | Release::NewMaster => &[],
            Release::NewV8_5_7 => NOT_IN_V8_5_7,
            Release::NewV26_3_4 => NOT_IN_V26_3_4,
        }
    }

    /// `(master key, this release's key)` in the sink: pingcap/ticdc#5357 renamed two keys after
    /// v26.3.4, with no alias for the old names.
    fn sink_renames(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Release::NewV8_5_7 | Release::NewV26_3_4 => &[
                ("advance_timeout_in_sec", "advance_timeout"),
                ("send_all_bootstrap_at_start", "send-all-bootstrap-at-start"),
            ],
            _ => &[],
        }
    }

    /// The sink key of the advance timeout (`ValidateAndAdjust` defaults it to 150).
    pub fn advance_timeout_key(self) -> &'static str {
        match self {
            Release::NewMaster => "advance_timeout_in_sec",
            _ => "advance_timeout",
        }
    }

    /// The release's schema from its family's master schema.
    pub fn schema(self, master: &Value) -> Value {
        let mut s = master.clone();
        for path in self.dropped() {
            let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
            if let Some(obj) = object_at(&mut s, parent) {
                obj.shift_remove(key);
            }
        }
        if let Some(sink) = object_at(&mut s, "sink") {
            for (from, to) in self.sink_renames() {
                let renamed = crate::config::rename(sink, from, to);
                *sink = renamed;
            }
        }
        s
    }

    /// A create whose id exists: 400 on ticdc master (`pkg/api/util.go` L87-94), 500 on the
    /// releases (their 400 list leaves `ErrChangeFeedAlreadyExists` out) and on classic.
    pub fn already_exists_is_400(self) -> bool {
        self == Release::NewMaster
    }

    /// Resuming a running changefeed: 400 on ticdc master (`api/v2/changefeed.go` L799); the
    /// ticdc releases resume it without an error.
    pub fn refuses_resume_of_running(self) -> bool {
        self == Release::NewMaster
    }

    /// ticdc v26.3.x (and v8.5.4–v8.5.6): `PUT /api/v1/captures/drain` is a stub ("TODO:
    /// Implement…"): no auth, drains nothing, `{"current_table_count":10}` on every 10th call.
    pub fn drain_is_stub(self) -> bool {
        self == Release::NewV26_3_4
    }

    /// `liveness` 1 = draining, 2 = stopping (ticdc v8.5.7 and master,
    /// `pkg/liveness/liveness.go`); elsewhere 0 alive, 1 stopping.
    pub fn has_draining_liveness(self) -> bool {
        matches!(self, Release::NewMaster | Release::NewV8_5_7)
    }

    /// `POST /api/v2/log/redact` and `get_all_tables` (ticdc v8.5.6+; every new release here).
    pub fn has_log_redact(self) -> bool {
        self.arch() == Arch::New
    }
}

/// The object at a `.`-joined path (`""` = the root); arrays of objects are entered.
fn object_at<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut serde_json::Map<String, Value>> {
    let mut cur = v;
    if !path.is_empty() {
        for key in path.split('.') {
            cur = cur.get_mut(key)?;
            if cur.is_array() {
                cur = cur.get_mut(0)?;
            }
        }
    }
    cur.as_object_mut()
}
