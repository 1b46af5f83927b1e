//! The console's wire models and placement logic (`ticdc_console::api`, `::placement`) against
//! what the simulator really answers for the new architecture's placement routes.

mod common;

use common::{http, opts, serve};
use serde_json::json;
use ticdc_console::api::{
    Capture, DispatcherCount, DrainCaptureResp, ListResponse, NodeTableInfo, RawResponse,
    ServerStatus, Tables, decode_json,
};
use ticdc_console::placement::{self, TableLabel, TableSort};
use ticdc_simulator::{AppState, Arch, Options};

fn raw(r: common::Resp) -> RawResponse {
    RawResponse::json(r.status, r.body)
}

#[tokio::test]
async fn the_console_reads_placement_names_spans_and_the_ddl_span() {
    let state = AppState::new(Options {
        arch: Arch::New,
        tick_ms: 20,
        ..opts()
    });
    let addr = serve(state.clone()).await;
    let body = json!({"changefeed_id": "c1", "sink_uri": "blackhole://",
        "replica_config": {"filter": {"rules": ["shop.*"]}, "scheduler": {"enable_table_across_nodes": true}}});
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds",
        Some(&body.to_string()),
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    state.tick();
    let r = http(
        &addr,
        "POST",
        "/api/v2/changefeeds/c1/split_table_by_region_count?tableID=110",
        None,
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let items: ListResponse<NodeTableInfo> = decode_json(&raw(http(
        &addr,
        "GET",
        "/api/v2/changefeeds/c1/tables?mode=0",
        None,
        &[],
    )
    .await))
    .unwrap();
    let caps: ListResponse<Capture> =
        decode_json(&raw(http(&addr, "GET", "/api/v2/captures", None, &[]).await)).unwrap();
    let info: serde_json::Value = serde_json::from_str(
        &http(&addr, "GET", "/api/v2/changefeeds/c1", None, &[])
            .await
            .body,
    )
    .unwrap();
    let req = json!({"replica_config": info["config"], "start_ts": info["checkpoint_ts"]});
    let names: Tables = decode_json(&raw(http(
        &addr,
        "POST",
        "/api/v2/get_all_tables",
        Some(&req.to_string()),
        &[],
    )
    .await))
    .unwrap();
    let count: DispatcherCount = decode_json(&raw(http(
        &addr,
        "GET",
        "/api/v2/changefeeds/c1/get_dispatcher_count",
        None,
        &[],
    )
    .await))
    .unwrap();

    let p = placement::build(
        &items.items,
        &caps.items,
        names.all_tables.as_deref().unwrap_or(&[]),
    );
    assert_eq!(p.spans as i64, count.count);
    assert_eq!(p.tables, 5);
    assert_eq!(p.split_tables, 1);
    let all: Vec<_> = p.nodes.iter().flat_map(|n| n.tables.iter()).collect();
    assert!(
        all.iter()
            .any(|t| t.table_id == 0 && t.label == TableLabel::Ddl)
    );
    let split = all.iter().find(|t| t.table_id == 110).unwrap();
    assert_eq!(split.label.text(110), "shop.customers");
    assert_eq!(split.spans_total, 4);
    assert!(
        all.iter()
            .filter(|t| !t.is_ddl())
            .all(|t| matches!(t.label, TableLabel::Named { .. }))
    );
    assert!(p.nodes.iter().all(|n| n.address.is_some()));
    let v = placement::visible(&p, "customers", TableSort::Name);
    assert_eq!(v.iter().map(|n| n.tables.len()).sum::<usize>(), split.nodes);

    // Drain: 202 and the count; the node's own status.
    let target = caps.items.iter().find(|c| !c.is_owner).unwrap();
    let r = http(
        &addr,
        "PUT",
        "/api/v1/captures/drain",
        Some(&json!({"capture_id": target.id}).to_string()),
        &[],
    )
    .await;
    assert_eq!(r.status, 202);
    let d: DrainCaptureResp = decode_json(&raw(r)).unwrap();
    assert!(d.current_table_count >= 1);
    let s: ServerStatus =
        decode_json(&raw(http(&addr, "GET", "/api/v2/status", None, &[]).await)).unwrap();
    assert_eq!(s.liveness, 0);
}
