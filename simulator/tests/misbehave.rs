//! `/sim/misbehave`: every hostile kind over a real port, per route pattern and method, `times`,
//! and clearing (simulator/README.md).

mod common;

use common::{http, opts, serve};
use serde_json::json;
use ticdc_simulator::AppState;

async fn rule(addr: &str, body: serde_json::Value) -> common::Resp {
    http(
        addr,
        "POST",
        "/sim/misbehave",
        Some(&body.to_string()),
        &[("Content-Type", "application/json")],
    )
    .await
}

#[tokio::test]
async fn every_kind_by_route_pattern() {
    let st = AppState::new(ticdc_simulator::Options {
        demo: true,
        ..opts()
    });
    let addr = serve(st).await;
    let real = http(&addr, "GET", "/api/v2/captures", None, &[]).await;
    assert_eq!(real.status, 200);

    // html: a login page at 200 for the list only; other routes behave.
    let r = rule(
        &addr,
        json!({"path": "/api/v2/changefeeds", "kind": "html"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let page = http(&addr, "GET", "/api/v2/changefeeds", None, &[]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.starts_with("<!DOCTYPE html>"), "{}", page.body);
    let other = http(
        &addr,
        "GET",
        "/api/v2/changefeeds/orders-to-kafka",
        None,
        &[],
    )
    .await;
    assert_eq!(
        other.json()["id"],
        "orders-to-kafka",
        "a longer path is not matched"
    );

    // html with a status: nginx's error page.
    rule(
        &addr,
        json!({"path": "/api/v2/changefeeds/*", "kind": "html", "status": 502}),
    )
    .await;
    let bad = http(
        &addr,
        "GET",
        "/api/v2/changefeeds/orders-to-kafka",
        None,
        &[],
    )
    .await;
    assert_eq!(bad.status, 502);
    assert!(
        bad.body.contains("<h1>502 Bad Gateway</h1>"),
        "{}",
        bad.body
    );

    // truncated: half the real body, with a Content-Length that matches what is sent.
    rule(
        &addr,
        json!({"path": "/api/v2/captures", "kind": "truncated"}),
    )
    .await;
    let cut = http(&addr, "GET", "/api/v2/captures", None, &[]).await;
    assert_eq!(cut.status, 200);
    assert_eq!(cut.body, real.body[..real.body.len() / 2]);
    assert_eq!(
        cut.header("content-length").unwrap(),
        cut.body.len().to_string()
    );
    assert!(serde_json::from_str::<serde_json::Value>(&cut.body).is_err());

    // empty: the real status, no body.
    rule(&addr, json!({"path": "/api/v2/status", "kind": "empty"})).await;
    let empty = http(&addr, "GET", "/api/v2/status", None, &[]).await;
    assert_eq!((empty.status, empty.body.as_str()), (200, ""));

    // array: the real body inside [...], only for the method named.
    rule(
        &addr,
        json!({"path": "/api/v2/changefeeds/*/synced", "method": "GET", "kind": "array"}),
    )
    .await;
    let arr = http(
        &addr,
        "GET",
        "/api/v2/changefeeds/orders-to-kafka/synced",
        None,
        &[],
    )
    .await;
    assert!(
        arr.json().as_array().unwrap()[0]["synced"].is_boolean(),
        "{}",
        arr.body
    );

    let rules = http(&addr, "GET", "/sim/misbehave", None, &[]).await.json();
    assert_eq!(rules["rules"].as_array().unwrap().len(), 5);
    assert_eq!(
        http(&addr, "DELETE", "/sim/misbehave", None, &[])
            .await
            .status,
        200
    );
    let back = http(&addr, "GET", "/api/v2/changefeeds", None, &[]).await;
    assert!(back.json()["items"].is_array(), "cleared: {}", back.body);
}

#[tokio::test]
async fn hang_holds_the_request_and_times_counts_down() {
    let addr = serve(AppState::new(opts())).await;
    rule(
        &addr,
        json!({"path": "/api/v2/**", "kind": "hang", "ms": 400, "times": 1}),
    )
    .await;
    let t = std::time::Instant::now();
    let held = http(&addr, "GET", "/api/v2/health", None, &[]).await;
    assert!(t.elapsed().as_millis() >= 400, "held {:?}", t.elapsed());
    assert_eq!(held.status, 200, "then answered normally");
    let t = std::time::Instant::now();
    http(&addr, "GET", "/api/v2/health", None, &[]).await;
    assert!(t.elapsed().as_millis() < 300, "times: 1 was used up");
    assert_eq!(
        http(&addr, "GET", "/sim/misbehave", None, &[]).await.json()["rules"],
        json!([])
    );

    // A hang without `ms` holds until the client gives up; in_flight counts it while it lasts.
    rule(&addr, json!({"path": "/api/v2/captures", "kind": "hang"})).await;
    let a2 = addr.clone();
    let pending =
        tokio::spawn(async move { http(&a2, "GET", "/api/v2/captures", None, &[]).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!pending.is_finished());
    let log = http(&addr, "GET", "/sim/requests", None, &[]).await.json();
    assert_eq!(log["in_flight"], 1);
    pending.abort();
}

#[tokio::test]
async fn bad_rules_are_refused() {
    let addr = serve(AppState::new(opts())).await;
    for body in [
        json!({"path": "/api/v2/captures", "kind": "gibberish"}),
        json!({"path": "api/v2/captures", "kind": "html"}),
        json!({"path": "/api/v2/captures", "kind": "html", "status": 42}),
    ] {
        let r = rule(&addr, body.clone()).await;
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
}
