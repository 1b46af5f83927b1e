//! `--release`: each release line's version, key names, field set, defaults and behaviours
//! (../shared/ticdc/RELEASES.md §1, §1b, §2; ../shared/ticdc/API.md §9.4), asserted from what the
//! simulator stored.

mod common;

use common::{Sim, opts};
use serde_json::{Value, json};
use ticdc_simulator::{Arch, Options, release::Release};

fn sim(release: Release) -> Sim {
    Sim::new(Options {
        release: Some(release),
        ..opts()
    })
}

async fn create(sim: &Sim, body: Value) -> common::Resp {
    sim.call("POST", "/api/v2/changefeeds", Some(&body.to_string()))
        .await
}

/// The stored config, as `/sim/changefeeds/{id}` shows it.
async fn stored(sim: &Sim, id: &str) -> Value {
    let r = sim.get(&format!("/sim/changefeeds/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["config"].clone()
}

fn fixture(release: Release) -> Value {
    serde_json::from_str(release.default_config()).unwrap()
}

/// A body that sets every key that differs between the lines, under every name.
fn every_varying_key() -> Value {
    json!({
        "changefeed_id": "cf",
        "sink_uri": "kafka://k:9092/t?protocol=canal-json",
        "namespace": "default",
        "keyspace": "default",
        "replica_config": {
            "performance_mode": "low-latency",
            "event_collector_batch_count": 7,
            "enable_active_active": false,
            "active_active_progress_interval": "20m",
            "sink": {
                "advance_timeout": 321,
                "advance_timeout_in_sec": 322,
                "send-all-bootstrap-at-start": true,
                "send_all_bootstrap_at_start": true,
                "csv": {"output_field_header": true},
                "dispatchers": [{"matcher": ["a.*"], "topic": "t", "target-schema": "s", "target-table": "x"}],
                "debezium": {"output_old_value": false, "include_start_ts": true}
            },
            "scheduler": {"region_threshold": 5000, "region_count_per_span": 50}
        }
    })
}

#[tokio::test]
async fn status_names_the_release() {
    for r in Release::ALL {
        let s = sim(r).get("/api/v2/status").await.json();
        assert_eq!(s["version"], r.version(), "{r:?}");
        assert_eq!(s["git_hash"], r.git_hash(), "{r:?}");
    }
    // `--arch new` is the newest release; `--arch classic` classic v8.5.
    assert_eq!(Release::for_arch(Arch::New), Release::NewMaster);
    let s = Sim::new(Options {
        arch: Arch::New,
        ..opts()
    });
    assert_eq!(
        s.get("/api/v2/status").await.json()["version"],
        Release::NewMaster.version()
    );
}

#[tokio::test]
async fn a_fresh_changefeed_shows_the_release_default() {
    for r in Release::ALL {
        let s = sim(r);
        let resp = create(
            &s,
            json!({"changefeed_id": "d", "sink_uri": "blackhole://"}),
        )
        .await;
        assert_eq!(resp.status, 200, "{r:?}: {}", resp.body);
        assert_eq!(resp.json()["config"], fixture(r), "{r:?}");
        assert_eq!(stored(&s, "d").await, fixture(r), "{r:?}");
    }
    // The defaults differ where the releases do (region_threshold 10000 vs 100000).
    assert_eq!(
        fixture(Release::NewV26_3_4)["scheduler"]["region_threshold"],
        10000
    );
    assert_eq!(
        fixture(Release::ClassicV8_5)["scheduler"]["region_threshold"],
        100000
    );
}

#[tokio::test]
async fn each_release_keeps_only_its_own_keys() {
    for r in Release::ALL {
        let s = sim(r);
        let resp = create(&s, every_varying_key()).await;
        assert_eq!(resp.status, 200, "{r:?}: {}", resp.body);
        let cfg = stored(&s, "cf").await;
        let sink = &cfg["sink"];
        let has = |v: &Value, k: &str| v.get(k).is_some();
        match r {
            Release::NewMaster => {
                assert_eq!(cfg["performance_mode"], "low-latency");
                assert_eq!(cfg["event_collector_batch_count"], 7);
                assert_eq!(sink["advance_timeout_in_sec"], 322);
                assert!(!has(sink, "advance_timeout"));
                assert_eq!(sink["send_all_bootstrap_at_start"], true);
                assert!(!has(sink, "send-all-bootstrap-at-start"));
                assert_eq!(sink["debezium"]["include_start_ts"], true);
                assert_eq!(sink["dispatchers"][0]["target-schema"], "s");
                assert_eq!(cfg["active_active_progress_interval"], 1_200_000_000_000u64);
            }
            Release::NewV26_3_4 | Release::NewV8_5_7 => {
                assert!(
                    !has(&cfg, "performance_mode") && !has(&cfg, "event_collector_batch_count")
                );
                assert_eq!(sink["advance_timeout"], 321, "{r:?}");
                assert!(!has(sink, "advance_timeout_in_sec"));
                assert_eq!(sink["send-all-bootstrap-at-start"], true);
                assert!(!has(sink, "send_all_bootstrap_at_start"));
                assert!(!has(&sink["debezium"], "include_start_ts"));
                assert_eq!(sink["debezium"]["output_old_value"], false);
                let v857 = r == Release::NewV8_5_7;
                assert_eq!(has(&sink["dispatchers"][0], "target-schema"), v857, "{r:?}");
                assert_eq!(has(&sink["dispatchers"][0], "target-table"), v857, "{r:?}");
                assert_eq!(has(&cfg, "active_active_progress_interval"), !v857, "{r:?}");
            }
            Release::ClassicV8_5 | Release::ClassicV26_3 => {
                assert_eq!(sink["advance_timeout"], 321);
                assert!(!has(sink, "advance_timeout_in_sec") && !has(&cfg, "performance_mode"));
                assert_eq!(sink["send-all-bootstrap-at-start"], true);
                assert!(!has(&sink["dispatchers"][0], "target-schema"));
                assert!(!has(&cfg["scheduler"], "region_count_per_span"));
                assert_eq!(
                    has(&sink["csv"], "output_field_header"),
                    r == Release::ClassicV26_3,
                    "{r:?}"
                );
            }
        }
        if r.arch() == Arch::New {
            assert_eq!(cfg["scheduler"]["region_count_per_span"], 50);
        }
        assert_eq!(cfg["scheduler"]["region_threshold"], 5000);
        // An update under the master names on a release keeps its own value (dropped keys).
        if r == Release::NewV26_3_4 {
            let mut cfg = cfg.clone();
            cfg["sink"] = json!({"advance_timeout_in_sec": 999});
            let body = json!({"replica_config": cfg});
            s.call("POST", "/api/v2/changefeeds/cf/pause", Some("{}"))
                .await;
            let u = s
                .call("PUT", "/api/v2/changefeeds/cf", Some(&body.to_string()))
                .await;
            assert_eq!(u.status, 200, "{}", u.body);
            let after = stored(&s, "cf").await;
            assert_eq!(
                after["sink"]["advance_timeout"], 150,
                "the default, not 999"
            );
            assert!(after["sink"].get("advance_timeout_in_sec").is_none());
        }
    }
}

#[tokio::test]
async fn behaviours_differ_by_release() {
    for r in [
        Release::NewMaster,
        Release::NewV26_3_4,
        Release::NewV8_5_7,
        Release::ClassicV8_5,
    ] {
        let s = sim(r);
        let body = json!({"changefeed_id": "b", "sink_uri": "blackhole://"});
        assert_eq!(create(&s, body.clone()).await.status, 200);
        let again = create(&s, body).await;
        assert_eq!(again.code(), "CDC:ErrChangeFeedAlreadyExists");
        let expect = if r == Release::NewMaster { 400 } else { 500 };
        assert_eq!(again.status, expect, "{r:?} already exists");
        s.tick();
        let resume = s
            .call("POST", "/api/v2/changefeeds/b/resume", Some("{}"))
            .await;
        if r == Release::NewMaster {
            assert_eq!(resume.status, 400, "{}", resume.body);
            assert_eq!(resume.code(), "CDC:ErrChangefeedUpdateRefused");
        } else {
            assert_eq!(resume.status, 200, "{r:?}: {}", resume.body);
        }
    }
}

#[tokio::test]
async fn the_v1_drain_is_a_stub_on_v26_3_4() {
    let s = sim(Release::NewV26_3_4);
    let caps = s.get("/api/v2/captures").await.json();
    let owner = caps["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["is_owner"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"capture_id": owner}).to_string();
    let mut answers = Vec::new();
    for _ in 0..10 {
        let r = s.call("PUT", "/api/v1/captures/drain", Some(&body)).await;
        assert_eq!(r.status, 202, "{}", r.body);
        answers.push(r.json()["current_table_count"].as_u64().unwrap());
    }
    // The coordinator is not refused, nothing drains, every 10th call says 10.
    assert_eq!(answers, [0, 0, 0, 0, 0, 0, 0, 0, 0, 10]);
    assert!(s.state.cluster().captures.iter().all(|c| !c.draining));
    // Master refuses to drain the coordinator.
    let m = sim(Release::NewMaster);
    let caps = m.get("/api/v2/captures").await.json();
    let owner = caps["items"][0]["id"].as_str().unwrap().to_string();
    let r = m
        .call(
            "PUT",
            "/api/v1/captures/drain",
            Some(&json!({"capture_id": owner}).to_string()),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.code(), "CDC:ErrSchedulerRequestFailed");
}

#[test]
fn release_names_round_trip() {
    for r in Release::ALL {
        assert_eq!(Release::from_name(r.name()), Some(r));
    }
    assert_eq!(Release::from_name("new-v9"), None);
}
