//! `--arch new`: the pingcap/ticdc differences of ../shared/ticdc/API.md §9.

mod common;

use common::{Sim, basic, opts};
use serde_json::{Value, json};
use ticdc_simulator::{Arch, Options};

fn new_arch() -> Options {
    Options {
        arch: Arch::New,
        demo: true,
        ..opts()
    }
}

async fn create(sim: &Sim, body: Value) -> common::Resp {
    sim.call("POST", "/api/v2/changefeeds", Some(&body.to_string()))
        .await
}

#[tokio::test]
async fn models_use_keyspace_gid_and_new_defaults() {
    let sim = Sim::new(new_arch());
    let r = create(
        &sim,
        json!({"changefeed_id": "n1", "sink_uri": "blackhole://"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["keyspace"], "default");
    assert!(v.get("namespace").is_none());
    assert!(
        v["gid"]["low"].as_u64().unwrap() > 1 << 53 && v["gid"]["high"].as_u64().unwrap() > 1 << 53
    );
    let fixture: Value = serde_json::from_str(include_str!(
        "../../src/api/fixtures/default_replica_config_new.json"
    ))
    .unwrap();
    assert_eq!(v["config"].to_string(), fixture.to_string());
    sim.tick();
    let g = sim.get("/api/v2/changefeeds/n1").await.json();
    assert_eq!(g["resolved_ts"], g["checkpoint_ts"]);
    assert!(g["maintainer_addr"].is_string());
    assert!(g.get("task_status").is_none());
    let list = sim.get("/api/v2/changefeeds").await.json();
    let keys: Vec<&str> = list["items"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "upstream_id",
            "id",
            "keyspace",
            "state",
            "checkpoint_tso",
            "checkpoint_time",
            "error"
        ]
    );
    let st = sim.get("/api/v2/status").await.json();
    assert_eq!(st["liveness"], 0);
    // Empty id → decimal GID digits.
    let v = create(&sim, json!({"sink_uri": "blackhole://"}))
        .await
        .json();
    assert!(
        v["id"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_digit())
    );
    // The failed demo changefeed's error carries a zero time.
    let f = sim
        .get("/api/v2/changefeeds/legacy-mysql-sync")
        .await
        .json();
    assert_eq!(f["error"]["time"], "0001-01-01T00:00:00Z");
}

#[tokio::test]
async fn errors_and_transitions_differ() {
    let sim = Sim::new(new_arch());
    // Already exists → 400.
    let r = create(
        &sim,
        json!({"changefeed_id": "orders-to-kafka", "sink_uri": "blackhole://"}),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrChangeFeedAlreadyExists")
    );
    // Not exists: bare id; GET does not validate the id.
    let r = sim.get("/api/v2/changefeeds/bad_id").await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangeFeedNotExists]changefeed not exists, bad_id"
    );
    // Invalid id appends the cause.
    let r = sim
        .call("POST", "/api/v2/changefeeds/bad_id/resume", Some("{}"))
        .await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrAPIInvalidParam]invalid changefeed_id: bad_id, [CDC:ErrInvalidChangefeedID]bad changefeed id, please match the pattern \"^[a-zA-Z0-9]+(\\-[a-zA-Z0-9]+)*$\", the length should no more than 128, eg, \"simple-changefeed-task\""
    );
    // Resume of a running changefeed → 400.
    let r = sim
        .call("POST", "/api/v2/changefeeds/orders-to-kafka/resume", None)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.msg(),
        "[CDC:ErrChangefeedUpdateRefused]changefeed update error: can only resume changefeed when it is stopped, failed, or finished, but current state is normal"
    );
    // Pause has no state check: failed → stopped; resume accepts an empty body.
    assert_eq!(
        sim.call("POST", "/api/v2/changefeeds/legacy-mysql-sync/pause", None)
            .await
            .body,
        "{}"
    );
    assert_eq!(
        sim.get("/api/v2/changefeeds/legacy-mysql-sync")
            .await
            .json()["state"],
        "stopped"
    );
    let r = sim
        .call("POST", "/api/v2/changefeeds/legacy-mysql-sync/resume", None)
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    // Update: start_ts refused; no same-config rejection.
    sim.call("POST", "/api/v2/changefeeds/orders-to-kafka/pause", None)
        .await;
    let r = sim
        .call(
            "PUT",
            "/api/v2/changefeeds/orders-to-kafka",
            Some(r#"{"start_ts":5}"#),
        )
        .await;
    assert_eq!(
        r.msg(),
        "[CDC:ErrAPIInvalidParam]start_ts can not be updated"
    );
    assert_eq!(
        sim.call("PUT", "/api/v2/changefeeds/orders-to-kafka", Some("{}"))
            .await
            .status,
        200
    );
    // Delete of a missing changefeed → 200 null.
    let r = sim.call("DELETE", "/api/v2/changefeeds/ghost", None).await;
    assert_eq!((r.status, r.body.as_str()), (200, "null"));
    // Processors are stubs; drain and meta_info do not exist.
    assert_eq!(
        sim.get("/api/v2/processors").await.body,
        r#"{"total":0,"items":[]}"#
    );
    assert_eq!(
        sim.get("/api/v2/processors/orders-to-kafka/x").await.body,
        r#"{"table_ids":null}"#
    );
    assert_eq!(
        sim.call("POST", "/api/v2/captures/x/drain", None)
            .await
            .status,
        404
    );
    assert_eq!(
        sim.get("/api/v2/changefeeds/orders-to-kafka/meta_info")
            .await
            .status,
        404
    );
    // Synced case 2 wording.
    let v = sim
        .get("/api/v2/changefeeds/analytics-blackhole/synced")
        .await
        .json();
    assert_eq!(
        (v["synced"].as_bool(), v["info"].as_str()),
        (Some(true), Some("The data syncing is finished"))
    );
    // No pending state in the new architecture's demo.
    assert!(
        sim.state
            .cluster()
            .changefeeds
            .values()
            .all(|cf| cf.state.as_str() != "pending")
    );
}

#[tokio::test]
async fn not_ready_is_a_plain_500_and_status_synced_need_auth() {
    let sim = Sim::new(new_arch());
    sim.call("POST", "/sim/ready", Some(r#"{"ready":false}"#))
        .await;
    let r = sim.get("/api/v2/changefeeds").await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json(),
        json!({"error_msg": "coordinator is not fully initialized, wait a moment", "error_code": ""})
    );
    assert_eq!(sim.get("/api/v2/status").await.status, 200);

    let sim = Sim::new(Options {
        auth: Some(("u".into(), "p".into())),
        ..new_arch()
    });
    for p in [
        "/api/v2/changefeeds/orders-to-kafka/status",
        "/api/v2/changefeeds/orders-to-kafka/synced",
    ] {
        assert_eq!(sim.get(p).await.status, 401, "{p}");
        assert_eq!(
            sim.call_with("GET", p, None, Some(&basic("u", "p")))
                .await
                .status,
            200,
            "{p}"
        );
    }
    assert_eq!(
        sim.get("/api/v2/changefeeds/orders-to-kafka").await.status,
        200
    );
    // /tso needs no body.
    assert_eq!(sim.call("POST", "/api/v2/tso", None).await.status, 200);
}
