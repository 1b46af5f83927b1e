//! `--keyspaces`: a new-architecture `nextgen` build, where `?keyspace=` is mandatory on the
//! changefeed routes and must name a keyspace that exists (`KeyspaceCheckerMiddleware`,
//! ../shared/ticdc/API.md §9.1), and each keyspace has its own changefeeds.

mod common;

use common::{Sim, opts};
use serde_json::json;
use ticdc_simulator::{Arch, Options};

fn nextgen() -> Options {
    Options {
        arch: Arch::New,
        demo: true,
        keyspaces: vec!["tenant-a".into(), "tenant-b".into()],
        ..opts()
    }
}

#[tokio::test]
async fn a_missing_or_unknown_keyspace_is_a_400() {
    let sim = Sim::new(nextgen());
    let r = sim.get("/api/v2/changefeeds").await;
    assert_eq!(r.status, 400, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error_code"], "CDC:ErrAPIInvalidParam");
    assert_eq!(
        v["error_msg"],
        "[CDC:ErrAPIInvalidParam]missing required query parameter keyspace, please specify --keyspace or -k"
    );
    let r = sim.get("/api/v2/changefeeds/x?keyspace=nope").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.json()["error_msg"],
        "[CDC:ErrAPIInvalidParam]keyspace \"nope\" does not exist, please check --keyspace or -k"
    );
    // Writes are checked too, before anything else.
    let r = sim
        .call(
            "POST",
            "/api/v2/changefeeds",
            Some(r#"{"sink_uri":"blackhole://"}"#),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // The routes without a keyspace check answer as always.
    assert_eq!(sim.get("/api/v2/status").await.status, 200);
    assert_eq!(sim.get("/api/v2/captures").await.status, 200);
    assert_eq!(sim.get("/api/v2/health").await.status, 200);
}

#[tokio::test]
async fn each_keyspace_has_its_own_changefeeds() {
    let sim = Sim::new(nextgen());
    let ids = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{}/{}",
                    i["keyspace"].as_str().unwrap(),
                    i["id"].as_str().unwrap()
                )
            })
            .collect()
    };
    let a = ids(sim
        .get("/api/v2/changefeeds?keyspace=tenant-a")
        .await
        .json());
    let b = ids(sim
        .get("/api/v2/changefeeds?keyspace=tenant-b")
        .await
        .json());
    assert!(a.len() > 3, "{a:?}");
    assert!(a.iter().all(|i| i.starts_with("tenant-a/")), "{a:?}");
    assert_eq!(b, ["tenant-b/orders-to-kafka"]);
    // A create lands in the keyspace of its query, and only there.
    let body = json!({"changefeed_id": "ks-new", "sink_uri": "blackhole://"}).to_string();
    let r = sim
        .call("POST", "/api/v2/changefeeds?keyspace=tenant-b", Some(&body))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["keyspace"], "tenant-b");
    assert_eq!(
        sim.get("/api/v2/changefeeds/ks-new?keyspace=tenant-b")
            .await
            .status,
        200
    );
    let r = sim
        .get("/api/v2/changefeeds/ks-new?keyspace=tenant-a")
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["error_code"], "CDC:ErrChangeFeedNotExists");
    // Pause addresses the keyspace given.
    let r = sim
        .call(
            "POST",
            "/api/v2/changefeeds/ks-new/pause?keyspace=tenant-b",
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn the_default_build_ignores_the_keyspace() {
    let sim = Sim::new(Options {
        keyspaces: Vec::new(),
        ..nextgen()
    });
    let plain = sim.get("/api/v2/changefeeds").await.json();
    let other = sim
        .get("/api/v2/changefeeds?keyspace=whatever")
        .await
        .json();
    assert_eq!(plain, other);
    assert!(
        plain["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["keyspace"] == "default")
    );
}
