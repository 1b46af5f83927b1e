//! `--arch new`: table placement (tables, get_dispatcher_count, move/split/merge), get_all_tables
//! and the v1 drain, over a real port (the placement routes call back the request's `Host`).

mod common;

use std::time::Instant;

use common::{Resp, http, opts, serve};
use serde_json::{Value, json};
use ticdc_simulator::{AppState, Arch, Options, release::Release};

struct Node {
    state: AppState,
    addr: String,
}

impl Node {
    async fn new(arch: Arch) -> Self {
        let state = AppState::new(Options {
            arch,
            tick_ms: 40,
            ..opts()
        });
        let addr = serve(state.clone()).await;
        Node { state, addr }
    }
    async fn call(&self, method: &str, path: &str, body: Option<&str>) -> Resp {
        http(&self.addr, method, path, body, &[]).await
    }
    async fn get(&self, path: &str) -> Resp {
        self.call("GET", path, None).await
    }
    async fn post(&self, path: &str) -> Resp {
        self.call("POST", path, None).await
    }
    async fn create(&self, id: &str, replica_config: Value) {
        let body = json!({"changefeed_id": id, "sink_uri": "blackhole://", "replica_config": replica_config});
        let r = self
            .call("POST", "/api/v2/changefeeds", Some(&body.to_string()))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        self.state.tick();
    }
    fn captures(&self) -> Vec<String> {
        self.state
            .cluster()
            .captures
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }
    fn coordinator(&self) -> String {
        self.state.cluster().owner_id.clone()
    }
    /// (node, table) pairs of the placement, sorted.
    async fn placement(&self, id: &str, mode: &str) -> Vec<(String, i64)> {
        let r = self
            .get(&format!("/api/v2/changefeeds/{id}/tables?mode={mode}"))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        assert_eq!(v["total"], v["items"].as_array().unwrap().len());
        let mut out = Vec::new();
        for item in v["items"].as_array().unwrap() {
            for t in item["table_ids"].as_array().unwrap() {
                out.push((
                    item["node_id"].as_str().unwrap().to_string(),
                    t.as_i64().unwrap(),
                ));
            }
        }
        out.sort();
        out
    }
    fn spans_of(p: &[(String, i64)], table: i64) -> Vec<String> {
        p.iter()
            .filter(|(_, t)| *t == table)
            .map(|(n, _)| n.clone())
            .collect()
    }
}

const SHOP: &str = r#"{"filter":{"rules":["shop.*"]}}"#;

#[tokio::test]
async fn tables_lists_spans_per_node_with_the_ddl_span_in_random_order() {
    let n = Node::new(Arch::New).await;
    n.create("p1", serde_json::from_str(SHOP).unwrap()).await;
    let p = n.placement("p1", "0").await;
    // shop has 5 tables; plus the DDL span (table 0) on the maintainer's (coordinator's) node.
    assert_eq!(p.len(), 6);
    assert_eq!(Node::spans_of(&p, 0), [n.coordinator()]);
    let caps = n.captures();
    assert!(p.iter().all(|(node, _)| caps.contains(node)));
    let count = n.get("/api/v2/changefeeds/p1/get_dispatcher_count").await;
    assert_eq!(count.status, 200);
    assert_eq!(count.json(), json!({"count": 6}));
    // `mode` that does not parse, or is not 1, is the main dispatchers.
    assert_eq!(n.placement("p1", "abc").await, p);
    assert_eq!(n.placement("p1", "2").await, p);
    // Go map order: the raw order changes between calls while the set stays the same.
    let mut orders = std::collections::HashSet::new();
    for _ in 0..12 {
        orders.insert(n.get("/api/v2/changefeeds/p1/tables").await.body);
    }
    assert!(orders.len() > 1, "order never changed");
}

#[tokio::test]
async fn redo_mode_needs_redo_and_otherwise_panics_into_an_empty_500() {
    let n = Node::new(Arch::New).await;
    n.create("plain", serde_json::from_str(SHOP).unwrap()).await;
    let r = n.get("/api/v2/changefeeds/plain/tables?mode=1").await;
    assert_eq!((r.status, r.body.as_str()), (500, ""));
    let r = n
        .get("/api/v2/changefeeds/plain/get_dispatcher_count?mode=1")
        .await;
    assert_eq!((r.status, r.body.as_str()), (500, ""));
    // Operations in redo mode without redo are a silent success.
    let t = n.captures()[1].clone();
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/plain/move_table?tableID=106&targetNodeID={t}&mode=1"
        ))
        .await;
    assert_eq!((r.status, r.json()), (200, json!({})));

    n.create(
        "redo",
        json!({"filter":{"rules":["shop.*"]},"consistent":{"level":"eventual","storage":"file:///tmp/redo"}}),
    )
    .await;
    let redo = n.placement("redo", "1").await;
    assert_eq!(redo.len(), 6);
    assert_eq!(Node::spans_of(&redo, 0), [n.coordinator()]);
}

#[tokio::test]
async fn move_table_blocks_until_moved_unless_wait_false() {
    let n = Node::new(Arch::New).await;
    n.create("m1", serde_json::from_str(SHOP).unwrap()).await;
    let before = n.placement("m1", "0").await;
    let from = Node::spans_of(&before, 106)[0].clone();
    let to = n.captures().into_iter().find(|c| *c != from).unwrap();
    let started = Instant::now();
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/m1/move_table?tableID=106&targetNodeID={to}"
        ))
        .await;
    assert_eq!((r.status, r.json()), (200, json!({})), "{}", r.body);
    // Three ticks of 40 ms: the call blocked for the operator.
    assert!(started.elapsed().as_millis() >= 120);
    assert_eq!(
        Node::spans_of(&n.placement("m1", "0").await, 106),
        [to.as_str()]
    );

    // wait=false answers at once; the move lands later.
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/m1/move_table?tableID=106&targetNodeID={from}&wait=false"
        ))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(Node::spans_of(&n.placement("m1", "0").await, 106), [to]);
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    assert_eq!(
        Node::spans_of(&n.placement("m1", "0").await, 106),
        [from.as_str()]
    );

    // Errors carry TiCDC's codes (and pingcap/errors' %!(EXTRA …) formatting).
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/m1/move_table?tableID=999&targetNodeID={from}"
        ))
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (500, "CDC:ErrTableIsNotFounded")
    );
    assert_eq!(
        r.msg(),
        "[CDC:ErrTableIsNotFounded]table is not found%!(EXTRA string=tableID, int64=999)"
    );
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/m1/move_table?tableID=0&targetNodeID={from}"
        ))
        .await;
    assert_eq!(r.code(), "CDC:ErrTableNotSupportMove");
    let r = n
        .post("/api/v2/changefeeds/m1/move_table?tableID=106&targetNodeID=nope")
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (500, "CDC:ErrNodeIsNotFound")
    );
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/m1/move_table?tableID=106&targetNodeID={from}&wait=maybe"
        ))
        .await;
    assert_eq!((r.status, r.code().as_str()), (500, ""));
    assert_eq!(
        r.msg(),
        "strconv.ParseBool: parsing \"maybe\": invalid syntax"
    );
    let r = n.post("/api/v2/changefeeds/m1/move_table").await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (500, "strconv.ParseInt: parsing \"\": invalid syntax")
    );
}

#[tokio::test]
async fn split_needs_table_across_nodes_and_merge_takes_one_pair_per_call() {
    let n = Node::new(Arch::New).await;
    n.create("nosplit", serde_json::from_str(SHOP).unwrap())
        .await;
    let r = n
        .post("/api/v2/changefeeds/nosplit/split_table_by_region_count?tableID=106")
        .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrAPIInvalidParam")
    );
    assert!(r.msg().contains("enable_table_across_nodes should be true"));

    n.create(
        "s1",
        json!({"filter":{"rules":["shop.*"]},"scheduler":{"enable_table_across_nodes":true}}),
    )
    .await;
    let r = n
        .post("/api/v2/changefeeds/s1/split_table_by_region_count?tableID=110")
        .await;
    assert_eq!((r.status, r.json()), (200, json!({})), "{}", r.body);
    let p = n.placement("s1", "0").await;
    let spans = Node::spans_of(&p, 110);
    // The simulated table 110 has four spans' worth of regions.
    assert_eq!(spans.len(), 4);
    let count = n.get("/api/v2/changefeeds/s1/get_dispatcher_count").await;
    assert_eq!(count.json()["count"], p.len());
    // A split table cannot be moved whole by move_table, only by move_split_table.
    let to = n.captures()[2].clone();
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/s1/move_table?tableID=110&targetNodeID={to}"
        ))
        .await;
    assert_eq!(r.code(), "CDC:ErrTableIsNotFounded");
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/s1/move_split_table?tableID=110&targetNodeID={to}"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        Node::spans_of(&n.placement("s1", "0").await, 110)
            .iter()
            .all(|s| *s == to)
    );
    // Splitting again does nothing; merging takes one pair per call.
    let r = n
        .post("/api/v2/changefeeds/s1/split_table_by_region_count?tableID=110")
        .await;
    assert_eq!(r.status, 200);
    for left in (1..spans.len()).rev() {
        let r = n
            .post("/api/v2/changefeeds/s1/merge_table?tableID=110")
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            Node::spans_of(&n.placement("s1", "0").await, 110).len(),
            left
        );
    }
    let r = n
        .post("/api/v2/changefeeds/s1/merge_table?tableID=110")
        .await;
    assert_eq!((r.status, r.json()), (200, json!({})));
    let r = n.post("/api/v2/changefeeds/s1/merge_table?tableID=0").await;
    assert_eq!(r.code(), "CDC:ErrTableNotSupportMove");
}

#[tokio::test]
async fn no_maintainer_is_a_plain_500_and_a_lost_one_has_a_code() {
    let n = Node::new(Arch::New).await;
    n.create("gone", serde_json::from_str(SHOP).unwrap()).await;
    let r = n.post("/api/v2/changefeeds/gone/pause").await;
    assert_eq!(r.status, 200, "{}", r.body);
    for path in ["tables", "get_dispatcher_count"] {
        let r = n.get(&format!("/api/v2/changefeeds/gone/{path}")).await;
        assert_eq!(r.status, 500);
        assert_eq!(r.code(), "");
        assert_eq!(r.msg(), "Can't not find maintainer for changefeed: gone");
    }
    // TiCDC does not look at the callback's status: an unknown changefeed reads the same.
    let r = n.get("/api/v2/changefeeds/nosuch/tables").await;
    assert_eq!(
        (r.status, r.msg().as_str()),
        (500, "Can't not find maintainer for changefeed: nosuch")
    );
    let r = n.get("/api/v2/changefeeds/bad_id/tables").await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrAPIInvalidParam")
    );

    n.create("lost", serde_json::from_str(SHOP).unwrap()).await;
    let r = http(
        &n.addr,
        "POST",
        "/sim/changefeeds/lost/maintainer",
        Some(r#"{"missing":true}"#),
        &[("Content-Type", "application/json")],
    )
    .await;
    assert_eq!(r.status, 200);
    let r = n.get("/api/v2/changefeeds/lost/tables").await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json(),
        json!({"error_msg": "[CDC:ErrMaintainerNotFounded]maintainer is not found", "error_code": "CDC:ErrMaintainerNotFounded"})
    );
}

#[tokio::test]
async fn the_host_callback_fails_like_go_when_the_host_is_not_ticdc() {
    let n = Node::new(Arch::New).await;
    n.create("h1", serde_json::from_str(SHOP).unwrap()).await;
    // A proxy that passes the browser's Host: TiCDC calls an address that is not itself.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let mut s = tokio::net::TcpStream::connect(&n.addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    s.write_all(
        format!("GET /api/v2/changefeeds/h1/tables HTTP/1.1\r\nHost: {dead}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).await.unwrap();
    assert!(raw.starts_with("HTTP/1.1 500"), "{raw}");
    assert!(
        raw.contains(&format!(
            "Get \\\"http://{dead}/api/v2/changefeeds/h1?keyspace=default\\\": dial tcp {dead}: connect: connection refused"
        )),
        "{raw}"
    );
}

#[tokio::test]
async fn get_all_tables_reads_the_schema_at_start_ts() {
    let n = Node::new(Arch::New).await;
    let r = n
        .call(
            "POST",
            "/api/v2/get_all_tables",
            Some(r#"{"replica_config":{"filter":{"rules":["billing.*"]}}}"#),
        )
        .await;
    assert_eq!((r.status, r.json()), (200, json!({})));
    let ts = n.state.cluster().clock.allocate();
    let body = json!({"start_ts": ts, "replica_config": {"filter": {"rules": ["billing.*"]}}});
    let r = n
        .call("POST", "/api/v2/get_all_tables", Some(&body.to_string()))
        .await;
    assert_eq!(r.status, 200);
    let all = r.json()["all_tables"].clone();
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(
        all[0],
        json!({"database_name": "billing", "table_name": "invoices", "table_id": 120, "is_partition": false})
    );
    // Classic has neither these routes nor the v1 drain.
    let classic = Node::new(Arch::Classic).await;
    assert_eq!(classic.post("/api/v2/get_all_tables").await.status, 404);
    assert_eq!(
        classic.get("/api/v2/changefeeds/x/tables").await.status,
        404
    );
    assert_eq!(
        classic
            .call("PUT", "/api/v1/captures/drain", Some("{}"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn v1_drain_refuses_the_coordinator_and_counts_down_to_zero() {
    let n = Node::new(Arch::New).await;
    n.create("d1", serde_json::from_str(SHOP).unwrap()).await;
    n.create(
        "d2",
        json!({"filter":{"rules":["billing.*"]},"consistent":{"level":"eventual","storage":"file:///tmp/redo"}}),
    )
    .await;
    let drain = |id: String| {
        let body = json!({"capture_id": id}).to_string();
        let addr = n.addr.clone();
        async move { http(&addr, "PUT", "/api/v1/captures/drain", Some(&body), &[]).await }
    };
    let r = drain(n.coordinator()).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({"error_msg": "[CDC:ErrSchedulerRequestFailed]scheduler request failed, cannot drain the owner", "error_code": "CDC:ErrSchedulerRequestFailed"})
    );
    let r = drain("nosuch".into()).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrCaptureNotExist")
    );
    let r = n.call("PUT", "/api/v1/captures/drain", None).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "CDC:ErrAPIInvalidParam")
    );

    let target = n
        .captures()
        .into_iter()
        .find(|c| *c != n.coordinator())
        .unwrap();
    // Make sure the target has work: move a table there.
    let r = n
        .post(&format!(
            "/api/v2/changefeeds/d1/move_table?tableID=110&targetNodeID={target}"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut counts = Vec::new();
    for _ in 0..60 {
        let r = drain(target.clone()).await;
        assert_eq!(r.status, 202, "{}", r.body);
        let c = r.json()["current_table_count"].as_u64().unwrap();
        counts.push(c);
        if c == 0 {
            break;
        }
        n.state.tick();
    }
    assert!(counts[0] >= 1, "{counts:?}");
    assert_eq!(*counts.last().unwrap(), 0, "{counts:?}");
    assert!(counts.windows(2).all(|w| w[1] <= w[0]), "{counts:?}");
    // Nothing of either mode is left on the drained node, and it is stopping.
    for (cf, mode) in [("d1", "0"), ("d2", "0"), ("d2", "1")] {
        assert!(
            n.placement(cf, mode)
                .await
                .iter()
                .all(|(node, _)| *node != target)
        );
    }
    let c = n.state.cluster();
    let cap = c.captures.iter().find(|cap| cap.id == target).unwrap();
    assert_eq!(cap.liveness(Release::NewMaster), 2);
}

#[tokio::test]
async fn status_liveness_is_the_nodes_own() {
    let n = Node::new(Arch::New).await;
    assert_eq!(n.get("/api/v2/status").await.json()["liveness"], 0);
    {
        let mut c = n.state.cluster();
        let me = c.self_id.clone();
        let cap = c.captures.iter_mut().find(|cap| cap.id == me).unwrap();
        cap.draining = true;
    }
    assert_eq!(n.get("/api/v2/status").await.json()["liveness"], 1);
    assert_eq!(n.get("/status").await.json()["liveness"], 1);
}
