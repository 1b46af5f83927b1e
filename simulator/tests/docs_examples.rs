//! Each curl example of the TiCDC OpenAPI v2 documentation (pingcap/docs
//! `ticdc/ticdc-open-api-v2.md`), run against the real binary started with
//! `--addr 127.0.0.1:0 --demo`, gets the documented answer (or, where the docs and the code
//! disagree, what the code does — ../shared/ticdc/API.md §1 "Differences from the official docs
//! page").

mod common;

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use common::{Resp, http};
use serde_json::{Value, json};

/// The binary, killed on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ticdc-simulator"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--demo",
            "--quiet",
            "--tick-ms",
            "100",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ticdc-simulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("ticdc-simulator listening on http://")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_string();
    Server { child, addr }
}

impl Server {
    async fn get(&self, path: &str) -> Resp {
        http(&self.addr, "GET", path, None, &[]).await
    }
    async fn post(&self, path: &str, body: Option<&str>) -> Resp {
        http(
            &self.addr,
            "POST",
            path,
            body,
            &[("Content-Type", "application/json")],
        )
        .await
    }
    async fn put(&self, path: &str, body: &str) -> Resp {
        http(
            &self.addr,
            "PUT",
            path,
            Some(body),
            &[("Content-Type", "application/json")],
        )
        .await
    }
    async fn delete(&self, path: &str) -> Resp {
        http(&self.addr, "DELETE", path, None, &[]).await
    }
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// `curl -X GET http://127.0.0.1:8300/api/v2/status` and `…/health`.
#[tokio::test]
async fn status_and_health() {
    let s = start(&[]);
    let r = s.get("/api/v2/status").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(
        keys(&v),
        [
            "version",
            "git_hash",
            "id",
            "cluster_id",
            "pid",
            "is_owner",
            "liveness"
        ]
    );
    assert_eq!(
        (
            v["is_owner"].as_bool(),
            v["liveness"].as_u64(),
            v["cluster_id"].as_str()
        ),
        (Some(true), Some(0), Some("default"))
    );
    let r = s.get("/api/v2/health").await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
}

/// Create with `blackhole://`, get, list by state, pause, update target_ts, resume, synced, delete.
#[tokio::test]
async fn changefeed_lifecycle_examples() {
    let s = start(&[]);
    // curl -X POST -H "Content-type: application/json" http://127.0.0.1:8300/api/v2/changefeeds
    //   -d '{"changefeed_id":"test5","sink_uri":"blackhole://"}'
    let r = s
        .post(
            "/api/v2/changefeeds",
            Some(r#"{"changefeed_id":"test5","sink_uri":"blackhole://"}"#),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(
        (
            v["id"].as_str(),
            v["namespace"].as_str(),
            v["state"].as_str()
        ),
        (Some("test5"), Some("default"), Some("normal"))
    );
    assert_eq!(v["sink_uri"], "blackhole://");
    for k in [
        "upstream_id",
        "create_time",
        "start_ts",
        "config",
        "creator_version",
        "resolved_ts",
        "checkpoint_ts",
        "checkpoint_time",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    // curl -X GET http://127.0.0.1:8300/api/v2/changefeeds/test5
    let g = s.get("/api/v2/changefeeds/test5").await.json();
    assert_eq!(g["id"], "test5");
    assert_eq!(g["config"]["sink"]["encoder_concurrency"], 32);
    // curl -X GET http://127.0.0.1:8300/api/v2/changefeeds?state=normal
    let l = s.get("/api/v2/changefeeds?state=normal").await.json();
    let items = l["items"].as_array().unwrap();
    assert_eq!(l["total"].as_u64().unwrap() as usize, items.len());
    assert!(
        items
            .iter()
            .all(|i| i["state"] == "normal" && i["error"].is_null())
    );
    assert!(items.iter().any(|i| i["id"] == "test5"));
    assert_eq!(
        keys(&items[0]),
        [
            "upstream_id",
            "namespace",
            "id",
            "state",
            "checkpoint_tso",
            "checkpoint_time",
            "error"
        ]
    );
    // curl -X POST http://127.0.0.1:8300/api/v2/changefeeds/test5/pause
    let r = s.post("/api/v2/changefeeds/test5/pause", None).await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    assert_eq!(
        s.get("/api/v2/changefeeds/test5").await.json()["state"],
        "stopped"
    );
    // curl -X PUT … /api/v2/changefeeds/test5 -d '{"target_ts":32}': the docs' literal value is
    // below start_ts, which the code rejects; a real target succeeds.
    let r = s
        .put("/api/v2/changefeeds/test5", r#"{"target_ts":32}"#)
        .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error_msg"].as_str().unwrap().starts_with(
        "[CDC:ErrChangefeedUpdateRefused]can not update target_ts:32 less than start_ts:"
    ));
    let target = v["start_ts"].as_u64().unwrap() + (86_400_000 << 18);
    let r = s
        .put(
            "/api/v2/changefeeds/test5",
            &json!({"target_ts": target}).to_string(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["target_ts"], target);
    // curl -X POST http://127.0.0.1:8300/api/v2/changefeeds/test5/resume -d '{}'
    let r = s.post("/api/v2/changefeeds/test5/resume", Some("{}")).await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    assert_eq!(
        s.get("/api/v2/changefeeds/test5").await.json()["state"],
        "normal"
    );
    // curl -X GET http://127.0.0.1:8300/api/v2/changefeeds/test5/synced
    let r = s.get("/api/v2/changefeeds/test5/synced").await.json();
    assert_eq!(
        keys(&r),
        [
            "synced",
            "sink_checkpoint_ts",
            "puller_resolved_ts",
            "last_synced_ts",
            "now_ts",
            "info"
        ]
    );
    assert_eq!(
        (r["synced"].as_bool(), r["info"].as_str()),
        (
            Some(false),
            Some("The data syncing is not finished, please wait")
        )
    );
    let r = s
        .get("/api/v2/changefeeds/analytics-blackhole/synced")
        .await
        .json();
    assert_eq!(
        (r["synced"].as_bool(), r["info"].as_str()),
        (Some(true), Some("Data syncing is finished"))
    );
    // The docs' singular path is a 404.
    assert_eq!(s.get("/api/v2/changefeed/test5/synced").await.status, 404);
    // curl -X DELETE http://127.0.0.1:8300/api/v2/changefeeds/test5
    let r = s.delete("/api/v2/changefeeds/test5").await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    assert_eq!(s.get("/api/v2/changefeeds/test5").await.status, 400);
}

/// `curl -X GET …/processors`, `…/processors/{changefeed_id}/{capture_id}`, `…/captures`,
/// `curl -X POST …/owner/resign`.
#[tokio::test]
async fn processors_captures_owner() {
    let s = start(&["--captures", "3"]);
    let caps = s.get("/api/v2/captures").await.json();
    assert_eq!(caps["total"], 3);
    for c in caps["items"].as_array().unwrap() {
        assert_eq!(keys(c), ["id", "is_owner", "address", "cluster_id"]);
    }
    let p = s.get("/api/v2/processors").await.json();
    let items = p["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let item = items
        .iter()
        .find(|i| i["changefeed_id"] == "orders-to-kafka")
        .unwrap();
    let d = s
        .get(&format!(
            "/api/v2/processors/orders-to-kafka/{}",
            item["capture_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(d.status, 200);
    assert_eq!(keys(&d.json()), ["table_ids"]);
    let r = s.post("/api/v2/owner/resign", None).await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
    let caps = s.get("/api/v2/captures").await.json();
    assert_eq!(
        caps["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["is_owner"] == true)
            .count(),
        1
    );
}

/// `curl -X POST -H "Content-type: application/json" …/api/v2/log -d '{"log_level":"debug"}'`.
#[tokio::test]
async fn log_level() {
    let s = start(&[]);
    let r = s
        .post("/api/v2/log", Some(r#"{"log_level":"debug"}"#))
        .await;
    assert_eq!((r.status, r.body.as_str()), (200, "{}"));
}

/// The binary's flags: auth, arch and bulk data.
#[tokio::test]
async fn binary_flags() {
    let s = start(&["--auth", "root:pw", "--arch", "new", "--changefeeds", "50"]);
    let r = s.post("/api/v2/changefeeds/bulk-00001/pause", None).await;
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").is_none());
    let l = s.get("/api/v2/changefeeds?state=all").await.json();
    assert!(
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == "bulk-00049" && i["keyspace"] == "default")
    );
}
