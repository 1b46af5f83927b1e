//! New architecture: table placement and node drain ([NT] `api/v2/changefeed.go` MoveTable …
//! getDispatcherCount, `maintainer/maintainer_controller_helper.go`, `api/v1/api.go
//! drainCapture`, `coordinator/controller_drain.go`; ../shared/ticdc/RELEASES.md §2,
//! ../shared/ticdc/API.md §9.1).
//!
//! Every placement route first asks `GET http://<request Host>/api/v2/changefeeds/<id>` for the
//! changefeed's `maintainer_addr`, exactly as TiCDC does: the simulator really makes that call,
//! so behind a proxy that passes the browser's `Host` it fails the way TiCDC fails. TiCDC does
//! not look at that answer's status: an unknown changefeed decodes into an empty
//! `ChangeFeedInfo`, and the answer is the plain 500 "Can't not find maintainer …".
//!
//! The operations block like TiCDC's operators do (move with `wait=true`, split, merge): each
//! takes [`op_ms`] (three ticks), then the placement has changed.

use std::{collections::HashMap, time::Duration};

use axum::{
    Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
    routing::{get, post, put},
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{authed, invalid_id, valid_id};
use crate::{
    AppState,
    config::Body,
    error::{ApiError, ApiResult},
    model::{Cluster, Span, matched_tables},
    render,
};

type Q = Query<HashMap<String, String>>;

/// The new architecture's placement routes, `get_all_tables` and the v1 drain.
pub fn router(st: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/changefeeds/{changefeed_id}/tables",
            get(list_tables),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/get_dispatcher_count",
            get(dispatcher_count),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/move_table",
            authed(st, post(move_table)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/move_split_table",
            authed(st, post(move_split_table)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/split_table_by_region_count",
            authed(st, post(split_table)),
        )
        .route(
            "/api/v2/changefeeds/{changefeed_id}/merge_table",
            authed(st, post(merge_table)),
        )
        .route("/api/v2/get_all_tables", post(get_all_tables))
        .route(
            "/api/v1/captures/drain",
            if st.options().release().drain_is_stub() {
                put(drain_stub)
            } else {
                authed(st, put(drain_capture))
            },
        )
}

/// How long a move, split or merge operator takes: three ticks.
pub fn op_ms(st: &AppState) -> u64 {
    st.options().tick_ms * 3
}

/// `mode`: `1` = redo dispatchers; anything else (absent, `2`, not a number) = the main ones
/// (`strconv.ParseInt` errors are ignored, `common.IsRedoMode` is `mode == 1`).
fn mode(q: &HashMap<String, String>) -> usize {
    match q.get("mode").and_then(|m| m.parse::<i64>().ok()) {
        Some(1) => 1,
        _ => 0,
    }
}

/// `strconv.ParseInt(tableID, 10, 64)`; its error is a plain 500.
fn table_id(q: &HashMap<String, String>) -> Result<i64, ApiError> {
    let raw = q.get("tableID").map(String::as_str).unwrap_or("");
    raw.parse::<i64>().map_err(|_| {
        ApiError::plain(format!(
            "strconv.ParseInt: parsing {}: invalid syntax",
            go_quote(raw)
        ))
    })
}

fn go_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What pingcap/errors prints for `GenWithStackByArgs` on a message without verbs: Go's
/// `fmt.Sprintf` appends `%!(EXTRA type=value, …)`.
fn extra(args: &[(&str, String)]) -> String {
    let parts: Vec<String> = args.iter().map(|(t, v)| format!("{t}={v}")).collect();
    format!("%!(EXTRA {})", parts.join(", "))
}

fn table_not_found(table: i64) -> ApiError {
    ApiError::new(
        "CDC:ErrTableIsNotFounded",
        format!(
            "table is not found{}",
            extra(&[("string", "tableID".into()), ("int64", table.to_string())])
        ),
    )
}

fn not_movable(table: i64) -> ApiError {
    ApiError::new(
        "CDC:ErrTableNotSupportMove",
        format!(
            "table is not supported to move{}",
            extra(&[("string", "tableID".into()), ("int64", table.to_string())])
        ),
    )
}

/// Does the GET TiCDC sends to the request's own `Host` and returns the body (TiCDC ignores
/// the status). Errors read like Go's `http.Client`.
async fn host_callback(host: &str, ks: &str, id: &str) -> Result<String, ApiError> {
    // The request's own keyspace, as TiCDC's `getChangeFeed` (`api/v2/helper.go`) sends it.
    let uri = format!("/api/v2/changefeeds/{id}?keyspace={ks}");
    let url = format!("http://{host}{uri}");
    if host.is_empty() {
        return Err(ApiError::plain(format!(
            "Get {}: http: no Host in request URL",
            go_quote(&url)
        )));
    }
    let io = async {
        let mut s = tokio::net::TcpStream::connect(host).await?;
        let req = format!(
            "GET {uri} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
        );
        s.write_all(req.as_bytes()).await?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await?;
        Ok::<_, std::io::Error>(buf)
    };
    let raw = match tokio::time::timeout(Duration::from_secs(10), io).await {
        Ok(Ok(b)) => String::from_utf8_lossy(&b).into_owned(),
        Ok(Err(e)) => {
            let why = match e.kind() {
                std::io::ErrorKind::ConnectionRefused => "connect: connection refused".into(),
                _ => e.to_string(),
            };
            return Err(ApiError::plain(format!(
                "Get {}: dial tcp {host}: {why}",
                go_quote(&url)
            )));
        }
        Err(_) => {
            return Err(ApiError::plain(format!(
                "Get {}: context deadline exceeded",
                go_quote(&url)
            )));
        }
    };
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok(dechunk(body));
    }
    Ok(body.to_string())
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// The prelude every placement handler shares: validate the id, find the maintainer through
/// the `Host` callback, check it is here. `check` runs between the callback and the maintainer
/// check (split's `enable_table_across_nodes`).
async fn maintainer(
    st: &AppState,
    headers: &HeaderMap,
    id: &str,
    ks: &str,
    check: impl FnOnce(&Value) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    if !valid_id(id) {
        return Err(invalid_id(crate::Arch::New, "changefeed_id", id));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let body = host_callback(host, ks, id).await?;
    // json.Unmarshal into ChangeFeedInfo: an error body decodes into an empty one.
    let info: Value = serde_json::from_str(&body).map_err(|e| ApiError::plain(e.to_string()))?;
    check(&info)?;
    if info["maintainer_addr"].as_str().unwrap_or("").is_empty() {
        return Err(ApiError::plain(format!(
            "Can't not find maintainer for changefeed: {id}"
        )));
    }
    let c = st.cluster();
    let missing = c
        .changefeeds
        .get(&key(ks, id))
        .is_none_or(|cf| cf.maintainer_missing);
    if missing {
        return Err(ApiError::new(
            "CDC:ErrMaintainerNotFounded",
            "maintainer is not found",
        ));
    }
    Ok(())
}

fn key(ks: &str, id: &str) -> (String, String) {
    (ks.to_string(), id.to_string())
}

/// The spans of a mode with the DDL span (table 0, on the maintainer's node) first, or the
/// nil-pointer panic of a redo controller that does not exist (gin Recovery: empty 500).
fn all_spans(c: &Cluster, ks: &str, id: &str, mode: usize) -> Result<Vec<Span>, ApiError> {
    let cf = c
        .changefeeds
        .get(&key(ks, id))
        .ok_or_else(ApiError::panic)?;
    if mode == 1 && !cf.redo_enabled() {
        return Err(ApiError::panic());
    }
    let mut out = vec![Span {
        table_id: 0,
        key: 0,
        node: c.maintainer_serial(),
    }];
    out.extend(cf.spans[mode].iter().cloned());
    Ok(out)
}

fn node_id(c: &Cluster, serial: Option<u32>) -> String {
    serial
        .and_then(|s| c.capture_by_serial(s))
        .map(|cap| cap.id.clone())
        .unwrap_or_default()
}

/// GET …/tables?mode= — one item per node, one `table_ids` entry per span, in Go map order
/// (random): nodes and the spans within them are shuffled on every call.
async fn list_tables(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    maintainer(&st, &headers, &id, &ks, |_| Ok(())).await?;
    let mut c = st.cluster();
    let spans = all_spans(&c, &ks, &id, mode(&q))?;
    let mut nodes: Vec<(String, Vec<i64>)> = Vec::new();
    for sp in &spans {
        let n = node_id(&c, sp.node);
        match nodes.iter_mut().find(|(k, _)| *k == n) {
            Some((_, ids)) => ids.push(sp.table_id),
            None => nodes.push((n, vec![sp.table_id])),
        }
    }
    shuffle(&mut c, &mut nodes);
    for (_, ids) in nodes.iter_mut() {
        shuffle(&mut c, ids);
    }
    let items: Vec<Value> = nodes
        .into_iter()
        .map(|(n, ids)| json!({"node_id": n, "table_ids": ids}))
        .collect();
    Ok(render::json(&json!({"total": items.len(), "items": items})))
}

fn shuffle<T>(c: &mut Cluster, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = c.rng.range(0, i as u64 + 1) as usize;
        v.swap(i, j);
    }
}

/// GET …/get_dispatcher_count?mode= — `{"count": N}`, the DDL span included.
async fn dispatcher_count(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    maintainer(&st, &headers, &id, &ks, |_| Ok(())).await?;
    let c = st.cluster();
    let n = all_spans(&c, &ks, &id, mode(&q))?.len();
    Ok(render::json(&json!({"count": n})))
}

fn empty_ok() -> ApiResult {
    Ok(render::json(&json!({})))
}

/// `checkParams`: the table exists, is not the DDL span, and the target is an alive node.
fn check_params(
    c: &Cluster,
    ks: &str,
    id: &str,
    mode: usize,
    table: i64,
    target: &str,
) -> ApiResult<()> {
    let spans = all_spans(c, ks, id, mode)?;
    if !spans.iter().any(|s| s.table_id == table) {
        return Err(table_not_found(table));
    }
    if table == 0 {
        return Err(not_movable(table));
    }
    if !c.captures.iter().any(|cap| cap.id == target) {
        return Err(ApiError::new(
            "CDC:ErrNodeIsNotFound",
            format!(
                "node is not found{}",
                extra(&[("string", "targetNode".into()), ("node.ID", target.into())])
            ),
        ));
    }
    Ok(())
}

fn redo_off(c: &Cluster, ks: &str, id: &str, mode: usize) -> bool {
    mode == 1
        && c.changefeeds
            .get(&key(ks, id))
            .is_some_and(|cf| !cf.redo_enabled())
}

fn serial_of(c: &Cluster, node: &str) -> Option<u32> {
    c.captures
        .iter()
        .find(|cap| cap.id == node)
        .map(|c| c.serial)
}

/// Runs an operator: waits its duration (when the caller waits), then applies `finish`. A
/// caller that does not wait gets the answer at once and the change lands later.
async fn operate(st: &AppState, wait: bool, finish: impl FnOnce(&mut Cluster) + Send + 'static) {
    let delay = Duration::from_millis(op_ms(st));
    if wait {
        tokio::time::sleep(delay).await;
        finish(&mut st.cluster());
    } else {
        let st = st.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            finish(&mut st.cluster());
        });
    }
}

fn spans_mut<'a>(c: &'a mut Cluster, ks: &str, id: &str, mode: usize) -> Option<&'a mut Vec<Span>> {
    c.changefeeds
        .get_mut(&key(ks, id))
        .map(|cf| &mut cf.spans[mode])
}

/// POST …/move_table?tableID=&targetNodeID=&mode=&wait= — a whole (unsplit) table; `wait`
/// defaults to true and must parse as a Go bool.
async fn move_table(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    let table = table_id(&q)?;
    maintainer(&st, &headers, &id, &ks, |_| Ok(())).await?;
    let target = q.get("targetNodeID").cloned().unwrap_or_default();
    let mode = mode(&q);
    let wait = match q.get("wait").map(String::as_str).unwrap_or("") {
        "" => true,
        "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
        "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
        other => {
            return Err(ApiError::plain(format!(
                "strconv.ParseBool: parsing {}: invalid syntax",
                go_quote(other)
            )));
        }
    };
    {
        let c = st.cluster();
        if redo_off(&c, &ks, &id, mode) {
            return empty_ok();
        }
        check_params(&c, &ks, &id, mode, table, &target)?;
        let spans: Vec<&Span> = c.changefeeds[&key(&ks, &id)].spans[mode]
            .iter()
            .filter(|s| s.table_id == table)
            .collect();
        if spans.len() != 1 {
            return Err(ApiError::new(
                "CDC:ErrTableIsNotFounded",
                format!(
                    "table is not found{}",
                    extra(&[
                        (
                            "string",
                            "unexpected number of replications found for table in this node; tableID is %s, replication count is %s".into()
                        ),
                        ("int64", table.to_string()),
                        ("int", spans.len().to_string()),
                    ])
                ),
            ));
        }
        if spans[0].node == serial_of(&c, &target) {
            return empty_ok();
        }
    }
    let id2 = id.clone();
    operate(&st, wait, move |c| {
        let to = serial_of(c, &target);
        if let Some(spans) = spans_mut(c, &ks, &id2, mode) {
            for s in spans.iter_mut().filter(|s| s.table_id == table) {
                s.node = to;
            }
        }
    })
    .await;
    empty_ok()
}

/// POST …/move_split_table?tableID=&targetNodeID=&mode= — every span of a table to one node;
/// always waits.
async fn move_split_table(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    let table = table_id(&q)?;
    maintainer(&st, &headers, &id, &ks, |_| Ok(())).await?;
    let target = q.get("targetNodeID").cloned().unwrap_or_default();
    let mode = mode(&q);
    {
        let c = st.cluster();
        if redo_off(&c, &ks, &id, mode) {
            return empty_ok();
        }
        check_params(&c, &ks, &id, mode, table, &target)?;
    }
    operate(&st, true, move |c| {
        let to = serial_of(c, &target);
        if let Some(spans) = spans_mut(c, &ks, &id, mode) {
            for s in spans.iter_mut().filter(|s| s.table_id == table) {
                s.node = to;
            }
        }
    })
    .await;
    empty_ok()
}

/// How many spans a split by region count makes of a table: the simulated tables have
/// 2–4 spans' worth of regions.
fn split_count(table: i64) -> u32 {
    2 + (table.unsigned_abs() % 3) as u32
}

/// POST …/split_table_by_region_count?tableID=&mode= — needs `enable_table_across_nodes`
/// (checked before the maintainer); a table that is already split is left alone.
async fn split_table(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    let table = table_id(&q)?;
    maintainer(&st, &headers, &id, &ks, |info| {
        if info["config"]["scheduler"]["enable_table_across_nodes"].as_bool() == Some(true) {
            Ok(())
        } else {
            Err(ApiError::invalid_param(
                "enable_table_across_nodes should be true when spliting one table to multiple spans",
            ))
        }
    })
    .await?;
    let mode = mode(&q);
    {
        let c = st.cluster();
        if redo_off(&c, &ks, &id, mode) {
            return empty_ok();
        }
        let spans = all_spans(&c, &ks, &id, mode)?;
        let mine = spans.iter().filter(|s| s.table_id == table).count();
        if mine == 0 {
            return Err(table_not_found(table));
        }
        if table == 0 {
            return Err(not_movable(table));
        }
        if mine > 1 {
            return empty_ok();
        }
    }
    operate(&st, true, move |c| {
        // The new spans are scheduled like absent ones: spread over the nodes that take work.
        let nodes: Vec<u32> = c
            .captures
            .iter()
            .filter(|cap| !cap.draining)
            .map(|cap| cap.serial)
            .collect();
        let Some(spans) = spans_mut(c, &ks, &id, mode) else {
            return;
        };
        let Some(pos) = spans.iter().position(|s| s.table_id == table) else {
            return;
        };
        let first = spans.remove(pos);
        let start = first
            .node
            .and_then(|n| nodes.iter().position(|x| *x == n))
            .unwrap_or(0);
        for k in 0..split_count(table) {
            let node = if nodes.is_empty() {
                first.node
            } else {
                Some(nodes[(start + k as usize) % nodes.len()])
            };
            spans.insert(
                pos + k as usize,
                Span {
                    table_id: table,
                    key: k,
                    node,
                },
            );
        }
    })
    .await;
    empty_ok()
}

/// POST …/merge_table?tableID=&mode= — merges two neighbouring spans into one (moving the
/// second next to the first when no neighbours share a node), so a table split in N needs
/// N-1 calls; one span left is a success that does nothing.
async fn merge_table(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> ApiResult {
    let ks = super::namespace(&st.cluster(), &q);
    let table = table_id(&q)?;
    maintainer(&st, &headers, &id, &ks, |_| Ok(())).await?;
    let mode = mode(&q);
    {
        let c = st.cluster();
        if redo_off(&c, &ks, &id, mode) {
            return empty_ok();
        }
        let spans = all_spans(&c, &ks, &id, mode)?;
        let mine = spans.iter().filter(|s| s.table_id == table).count();
        if mine == 0 {
            return Err(table_not_found(table));
        }
        if table == 0 {
            return Err(not_movable(table));
        }
        if mine == 1 {
            return empty_ok();
        }
    }
    operate(&st, true, move |c| {
        let Some(spans) = spans_mut(c, &ks, &id, mode) else {
            return;
        };
        let mut mine: Vec<(usize, Span)> = spans
            .iter()
            .cloned()
            .enumerate()
            .filter(|(_, s)| s.table_id == table)
            .collect();
        mine.sort_by_key(|(_, s)| s.key);
        if mine.len() < 2 {
            return;
        }
        let pair = mine
            .windows(2)
            .position(|w| w[0].1.node == w[1].1.node)
            .unwrap_or(0);
        // The merged span covers both ranges and stays on the first one's node.
        spans.remove(mine[pair + 1].0);
    })
    .await;
    empty_ok()
}

/// POST /api/v2/get_all_tables — `all_tables` (and eligible ones) of the config's filter at
/// `start_ts`; TiCDC reads the schema snapshot at that TSO, so `start_ts` 0 (absent) sees an
/// empty upstream and the answer is `{}` (every list is omitempty).
async fn get_all_tables(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let c = st.cluster();
    let req = c
        .kit
        .bind(&body, Body::VerifyTable)
        .map_err(ApiError::bind)?;
    let cfg = c
        .kit
        .for_create(req.get("replica_config").filter(|v| v.is_object()));
    let start_ts = req["start_ts"].as_u64().unwrap_or(0);
    let mut out = serde_json::Map::new();
    if start_ts == 0 {
        return Ok(render::json(&out));
    }
    let tables: Vec<Value> = matched_tables(&cfg)
        .iter()
        .map(|t| json!({"database_name": t.schema, "table_name": t.table, "table_id": t.id, "is_partition": t.partitioned}))
        .collect();
    if !tables.is_empty() {
        out.insert("eligible_tables".into(), Value::Array(tables.clone()));
        out.insert("all_tables".into(), Value::Array(tables));
    }
    Ok(render::json(&out))
}

/// PUT /api/v1/captures/drain `{"capture_id"}` — 202 `{"current_table_count": N}`: the
/// coordinator is refused, one drain at a time (another target answers 1), N stays non-zero
/// while spans remain and becomes 0 once the node is drained and stopping. Call it again to
/// poll: each call re-issues the drain.
async fn drain_capture(State(st): State<AppState>, body: Bytes) -> ApiResult {
    let target = drain_target(&body)?;
    let mut c = st.cluster();
    if target == c.owner_id {
        return Err(ApiError::new(
            "CDC:ErrSchedulerRequestFailed",
            "scheduler request failed, cannot drain the owner",
        ));
    }
    let Some(pos) = c.captures.iter().position(|cap| cap.id == target) else {
        return Err(ApiError::new(
            "CDC:ErrCaptureNotExist",
            format!("capture not exists, {target}"),
        ));
    };
    if c.captures
        .iter()
        .any(|cap| cap.draining && !cap.stopping && cap.id != target)
    {
        return Ok(accepted(1));
    }
    c.captures[pos].draining = true;
    let serial = c.captures[pos].serial;
    let left = c.tables_on_capture(serial);
    let done = left == 0 && c.captures[pos].stopping;
    Ok(accepted(if done { 0 } else { left.max(1) }))
}

/// The `drainCaptureRequest` body's `capture_id`, bound like gin's `ShouldBindJSON`.
fn drain_target(body: &[u8]) -> Result<String, ApiError> {
    let req: Value = if body.is_empty() {
        return Err(ApiError::invalid_param("invalid api parameter: EOF"));
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApiError::invalid_param(format!("invalid api parameter: {e}")))?
    };
    match &req["capture_id"] {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        _ => Err(ApiError::invalid_param(
            "invalid api parameter: json: cannot unmarshal number into Go struct field drainCaptureRequest.capture_id of type string",
        )),
    }
}

/// PUT /api/v1/captures/drain on ticdc v26.3.x ([NT] v26.3.4 `api/v1/api.go` L192-214, "TODO:
/// Implement this API in the future, currently it is a no-op"): no auth, drains nothing, never
/// refuses the coordinator; 202 `{"current_table_count":10}` on every 10th call, else 0.
async fn drain_stub(State(st): State<AppState>, body: Bytes) -> ApiResult {
    drain_target(&body)?;
    let mut c = st.cluster();
    c.drain_stub_calls += 1;
    Ok(accepted(if c.drain_stub_calls % 10 == 0 { 10 } else { 0 }))
}

fn accepted(n: usize) -> Response {
    render::json_status(StatusCode::ACCEPTED, &json!({"current_table_count": n}))
}
