//! Demo and bulk data: changefeeds in every state, with realistic sinks and errors.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::{
    Arch,
    model::{Changefeed, Cluster, Fault, FeedState, RunningError, matched_tables},
    sink_uri::SinkUri,
    time::tso,
};

const MIN: u64 = 60_000;
const HOUR: u64 = 60 * MIN;
const DAY: u64 = 24 * HOUR;

/// What a demo changefeed looks like.
struct Spec<'a> {
    ns: &'a str,
    id: &'a str,
    sink: &'a str,
    patch: Value,
    state: FeedState,
    /// How far the checkpoint is behind now.
    lag_ms: u64,
    /// Age of the changefeed.
    age_ms: u64,
    /// `Some(offset)`: target_ts = now + offset (may be negative via `finished`).
    target_in_ms: Option<i64>,
    error: Option<(&'a str, String)>,
    idle: bool,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Spec {
            ns: "default",
            id: "",
            sink: "blackhole://",
            patch: json!({}),
            state: FeedState::Normal,
            lag_ms: 2000,
            age_ms: 3 * DAY,
            target_in_ms: None,
            error: None,
            idle: false,
        }
    }
}

fn config_for(c: &Cluster, sink: &str, patch: &Value) -> Value {
    let uri = SinkUri::parse(sink).expect("demo sink");
    let mut cfg = c.kit.for_create(Some(patch));
    c.kit.adjust(&mut cfg, &uri).expect("demo config is valid");
    c.kit.finish(&cfg)
}

fn add(c: &mut Cluster, s: Spec) {
    let now = c.clock.physical_now();
    let cfg = config_for(c, s.sink, &s.patch);
    let tables: Vec<i64> = matched_tables(&cfg).iter().map(|t| t.id).collect();
    let start = tso(now - s.age_ms, 3);
    let mut cf = Changefeed::new(s.ns, s.id, s.sink, start, Arc::new(cfg), &mut c.rng);
    cf.create_time_ns = (now - s.age_ms) as u128 * 1_000_000 + c.rng.range(0, 999_999) as u128;
    cf.creator_version = if s.age_ms > 20 * DAY {
        "v8.1.1".into()
    } else {
        c.version.clone()
    };
    let ck = c.ts_behind(now, s.lag_ms);
    cf.checkpoint_ts = ck;
    cf.resolved_ts = ck;
    cf.puller_resolved_ts = ck;
    cf.last_synced_ts = if s.idle {
        c.ts_behind(now, 2 * HOUR + 17 * MIN)
    } else {
        ck
    };
    cf.idle = s.idle;
    cf.set_tables(tables);
    if let Some(off) = s.target_in_ms {
        cf.target_ts = tso((now as i64 + off) as u64, 0);
        if cf.target_ts <= ck {
            cf.checkpoint_ts = cf.target_ts;
            cf.resolved_ts = cf.target_ts;
        }
    }
    let addr = c.captures[c.rng.range(0, c.captures.len() as u64) as usize]
        .address
        .clone();
    if let Some((code, message)) = s.error {
        let err = RunningError {
            time_ns: (now - s.lag_ms / 2) as u128 * 1_000_000,
            addr,
            code: code.into(),
            // `{ckpt}` in a demo message stands for the changefeed's checkpoint.
            message: message.replace("{ckpt}", &ck.to_string()),
        };
        match s.state {
            FeedState::Warning => {
                cf.warning = Some(err.clone());
                cf.fault = Some(Fault {
                    state: FeedState::Warning,
                    error: err,
                });
            }
            FeedState::Pending => {
                cf.error = Some(err.clone());
                cf.fault = Some(Fault {
                    state: FeedState::Pending,
                    error: err,
                });
            }
            _ => cf.error = Some(err),
        }
    }
    cf.set_state(s.state, now);
    c.changefeeds.insert((s.ns.into(), s.id.into()), cf);
}

/// `--demo`: about a dozen changefeeds covering every state and sink kind.
pub fn populate_demo(c: &mut Cluster) {
    let now = c.clock.physical_now();
    let classic = c.arch == Arch::Classic;
    add(
        c,
        Spec {
            id: "orders-to-kafka",
            sink: "kafka://cdc_producer:Kafka-Pa55@kafka-1.internal:9092,kafka-2.internal:9092/orders-cdc?protocol=canal-json&partition-num=6&replication-factor=3&max-message-bytes=67108864",
            patch: json!({"filter":{"rules":["shop.*"]},
            "sink":{"dispatchers":[{"matcher":["shop.orders","shop.order_items"],"partition":"index-value","topic":"orders-cdc"},
                                   {"matcher":["shop.*"],"partition":"table","topic":"shop-cdc"}]},
            "scheduler":{"enable_table_across_nodes":true,"region_threshold":100000,"write_key_threshold":0}}),
            age_ms: 41 * DAY,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "mysql-replica-dr",
            sink: "mysql://cdc_user:Sup3r-Secret@tidb-dr.internal:4000/?time-zone=UTC&worker-count=16&safe-mode=false",
            patch: json!({"enable_sync_point":true,"sync_point_interval":"10m","sync_point_retention":"24h",
            "filter":{"rules":["*.*","!analytics.*"]}}),
            age_ms: 12 * DAY,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "audit-s3-archive",
            sink: "s3://audit-archive/tidb-cdc/prod?region=us-west-2&access-key=AKIAIOSFODNN7EXAMPLE&secret-access-key=wJalrXUtnFEMI%2FK7MDENGbPxRfiCY&protocol=csv",
            patch: json!({"filter":{"rules":["audit.*"]},"sink":{"csv":{"include_commit_ts":true},"date_separator":"day"}}),
            age_ms: 30 * DAY,
            lag_ms: 2800,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "analytics-blackhole",
            sink: "blackhole://",
            patch: json!({"filter":{"rules":["analytics.*"]}}),
            idle: true,
            age_ms: 6 * DAY,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "search-index-kafka",
            sink: "kafka://kafka-1.internal:9092/search-index?protocol=open-protocol&sasl-user=cdc&sasl-password=S3cr3t-sasl&sasl-mechanism=SCRAM-SHA-256",
            patch: json!({"filter":{"rules":["shop.products","shop.inventory","crm.*"]}}),
            lag_ms: 25 * MIN,
            age_ms: 2 * HOUR,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "crm-to-pulsar",
            sink: "pulsar://pulsar.internal:6650/crm-events?protocol=canal-json",
            patch: json!({"filter":{"rules":["crm.*"]}}),
            target_in_ms: Some(2 * HOUR as i64),
            age_ms: 5 * HOUR,
            ..Default::default()
        },
    );
    add(c, Spec {
        id: "inventory-sync",
        sink: "mysql://inv_sync:inv-Pa55w0rd@10.0.3.21:3306/",
        patch: json!({"filter":{"rules":["shop.inventory","shop.products"]}}),
        state: FeedState::Warning,
        lag_ms: 4 * MIN + 12_000,
        error: Some(("CDC:ErrMySQLTxnError", "[CDC:ErrMySQLTxnError]MySQL txn error: Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction".into())),
        age_ms: 9 * DAY,
        ..Default::default()
    });
    add(c, Spec {
        id: "billing-to-tidb",
        sink: "tidb://cdc:Billing%2123@tidb-billing.internal:4000/",
        patch: json!({"filter":{"rules":["billing.*"]}}),
        // [NT] never produces `pending` (§9.4).
        state: if classic { FeedState::Pending } else { FeedState::Warning },
        lag_ms: 95_000,
        error: Some(("CDC:ErrMySQLConnectionError", "[CDC:ErrMySQLConnectionError]fail to open MySQL connection: dial tcp 10.0.3.20:4000: connect: connection refused".into())),
        age_ms: 18 * DAY,
        ..Default::default()
    });
    add(
        c,
        Spec {
            id: "payments-kafka-avro",
            sink: "kafka://kafka-1.internal:9092/payments?protocol=avro&sasl-user=payments&sasl-password=avro-S3cret&sasl-mechanism=PLAIN&enable-tidb-extension=true",
            patch: json!({"filter":{"rules":["billing.payments","billing.refunds"]},
            "sink":{"schema_registry":"http://schema-registry.internal:8081"}}),
            state: FeedState::Stopped,
            lag_ms: 3 * HOUR + 7 * MIN,
            age_ms: 21 * DAY,
            ..Default::default()
        },
    );
    let gc_at = tso(now - 2 * DAY + 40 * MIN, 0);
    add(
        c,
        Spec {
            id: "legacy-mysql-sync",
            sink: "mysql://root:legacy-root-pw@mysql-legacy.internal:3306/?max-txn-row=256",
            patch: json!({"filter":{"rules":["crm.*","shop.customers"]}}),
            state: FeedState::Failed,
            lag_ms: 2 * DAY + 3 * HOUR,
            error: Some((
                "CDC:ErrSnapshotLostByGC",
                format!(
                    "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed due to snapshot loss caused by GC. checkpoint-ts {{ckpt}} is earlier than or equal to GC safepoint at {gc_at}"
                ),
            )),
            age_ms: 60 * DAY,
            ..Default::default()
        },
    );
    add(
        c,
        Spec {
            id: "backfill-2024q4",
            sink: "mysql://backfill:bf-secret@10.0.3.40:4000/",
            patch: json!({"filter":{"rules":["billing.invoices"]}}),
            state: FeedState::Finished,
            target_in_ms: Some(-(6 * HOUR as i64)),
            lag_ms: 6 * HOUR,
            age_ms: 2 * DAY,
            ..Default::default()
        },
    );
    // A second namespace (classic) or keyspace (a nextgen build, `into_keyspaces`).
    if classic || !c.keyspaces.is_empty() {
        add(
            c,
            Spec {
                ns: "staging",
                id: "orders-to-kafka",
                sink: "kafka://kafka-staging.internal:9092/orders-staging?protocol=canal-json",
                patch: json!({"filter":{"rules":["shop.orders"]}}),
                age_ms: 4 * DAY,
                ..Default::default()
            },
        );
    }
}

/// `--changefeeds N`: `bulk-00000`… mostly normal, some in every other state.
pub fn populate_bulk(c: &mut Cluster, n: usize) {
    let now = c.clock.physical_now();
    let width = n.saturating_sub(1).to_string().len().max(5);
    let sinks = [
        ("blackhole://", json!({})),
        (
            "kafka://kafka-1.internal:9092/bulk?protocol=canal-json",
            json!({}),
        ),
        ("mysql://bulk:bulk-pass@10.0.4.10:4000/", json!({})),
    ];
    let configs: Vec<Arc<Value>> = sinks
        .iter()
        .map(|(s, p)| Arc::new(config_for(c, s, p)))
        .collect();
    let tables = &crate::model::UPSTREAM_TABLES;
    let addr = c.captures[0].address.clone();
    for i in 0..n {
        let id = format!("bulk-{i:0width$}");
        let k = i % sinks.len();
        let start = tso(now - DAY + (i as u64 % 1000) * 1000, 1);
        let mut cf = Changefeed::new(
            "default",
            &id,
            sinks[k].0,
            start,
            configs[k].clone(),
            &mut c.rng,
        );
        cf.create_time_ns = (now - DAY) as u128 * 1_000_000 + i as u128 * 1_000;
        cf.creator_version = c.version.clone();
        let first = i % tables.len();
        let count = 2 + i % 5;
        cf.set_tables(
            (0..count)
                .map(|j| tables[(first + j) % tables.len()].id)
                .collect(),
        );
        let state = match i % 100 {
            7 | 57 => FeedState::Stopped,
            13 => FeedState::Failed,
            29 => FeedState::Warning,
            41 if c.arch == Arch::Classic => FeedState::Pending,
            71 => FeedState::Finished,
            _ => FeedState::Normal,
        };
        let lag = match state {
            FeedState::Normal => 1000 + (i as u64 * 37) % 2000,
            FeedState::Warning | FeedState::Pending => 3 * MIN,
            _ => HOUR + (i as u64 % 60) * MIN,
        };
        let ck = tso(now - lag, (i % 7) as u64);
        cf.checkpoint_ts = ck;
        cf.resolved_ts = ck;
        cf.last_synced_ts = ck;
        cf.puller_resolved_ts = ck;
        let err = |code: &str, msg: String| RunningError {
            time_ns: (now - lag / 2) as u128 * 1_000_000,
            addr: addr.clone(),
            code: code.into(),
            message: msg,
        };
        match state {
            FeedState::Failed => {
                cf.error = Some(err("CDC:ErrKafkaNewProducer", "[CDC:ErrKafkaNewProducer]new kafka producer: kafka: client has run out of available brokers to talk to: dial tcp 10.0.2.31:9092: i/o timeout".into()))
            }
            FeedState::Warning | FeedState::Pending => {
                let e = err("CDC:ErrMySQLTxnError", "[CDC:ErrMySQLTxnError]MySQL txn error: Error 1213 (40001): Deadlock found when trying to get lock; try restarting transaction".into());
                if state == FeedState::Warning {
                    cf.warning = Some(e.clone());
                } else {
                    cf.error = Some(e.clone());
                }
                cf.fault = Some(Fault { state, error: e });
            }
            FeedState::Finished => cf.target_ts = ck,
            _ => {}
        }
        cf.set_state(state, now);
        c.changefeeds.insert(("default".into(), id), cf);
    }
}

/// A `nextgen` build has no keyspace `default`: the demo's `default` namespace moves to the first
/// keyspace, `staging` to the second (or the first, when there is one).
pub fn into_keyspaces(c: &mut Cluster) {
    let first = c.keyspaces[0].clone();
    let second = c.keyspaces.get(1).cloned().unwrap_or_else(|| first.clone());
    let feeds = std::mem::take(&mut c.changefeeds);
    for ((ns, id), mut cf) in feeds {
        let ks = if ns == "staging" { &second } else { &first };
        cf.namespace = ks.clone();
        c.changefeeds.insert((ks.clone(), id), cf);
    }
}
