//! `api::json_path::json_error_path` (which lets the wasm decode with the plain serde_json
//! deserializer) names the same JSON path as serde_path_to_error, for data and syntax errors.

use serde::de::DeserializeOwned;
use ticdc_console::api::json_path::json_error_path;
use ticdc_console::api::*;

fn check<T: DeserializeOwned>(body: &str) {
    let mut de = serde_json::Deserializer::from_str(body);
    let expected = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => return,
        Err(e) => e.path().to_string(),
    };
    let err = T::deserialize(&mut serde_json::Deserializer::from_str(body))
        .err()
        .expect("fails twice");
    let got = json_error_path(body, &err);
    if got != expected {
        MISMATCHES.lock().unwrap().push(format!(
            "{:?}: {err}: got {got:?}, serde_path_to_error {expected:?}",
            near(body, &err)
        ));
    }
}

fn near(body: &str, err: &serde_json::Error) -> String {
    let line = body.lines().nth(err.line().saturating_sub(1)).unwrap_or("");
    line.to_string()
}

static MISMATCHES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

#[test]
fn names_the_same_path_as_serde_path_to_error() {
    let list = [
        r#"{"total":1,"items":[{"id":"a","state":"normal","checkpoint_tso":"445947129990000000"}]}"#,
        r#"{"total":2,"items":[{"id":"a"},{"id":5}]}"#,
        r#"{"total":2,"items":[{"id":"a"}, 5]}"#,
        r#"{"total":2,"items":[{"id":"a"},["x"]]}"#,
        r#"{"total":2,"items":[{"id":"a"},]}"#,
        r#"{"total":2,"items":[{"id":"a"} {"id":"b"}]}"#,
        r#"{"total":2,"items":[{"id":"a"},"#,
        r#"{"total":2,"items":[oops]}"#,
        r#"{"total":"two","items":[]}"#,
        r#"{"total":2,"items":{}}"#,
        r#"{"items":[{"id":"a"}]}"#,
        "[]",
        "5",
        "",
        "{",
        "{\n  \"total\": 1,\n  \"items\": [\n    {\"id\": \"a\",\n     \"checkpoint_tso\": true}\n  ]\n}",
    ];
    for body in list {
        check::<ListResponse<ChangefeedCommonInfo>>(body);
    }
    let info = [
        r#"{"id":"x","create_time":"","resolved_ts":1,"checkpoint_ts":1,"checkpoint_time":"","config":{"sink":{"csv":{"quote":5}}}}"#,
        r#"{"config":{"sync_point_interval":"ten minutes"}}"#,
        r#"{"start_ts":-1}"#,
        r#"{"start_ts":18446744073709551616}"#,
        r#"{"start_ts": 1, "config": {"sink": {"csv": {"quote": "'"}}, "memory_quota": "lots"}}"#,
        r#"{"config":{"sink":{"csv":{"quote":"x",}}}}"#,
        r#"{"config":{"sink":{"csv":{"quote" "x"}}}}"#,
        r#"{"config":{"sink":{"csv":{"quote":"x" "y":1}}}}"#,
        r#"{"config":{"sink":{"csv":{"quote":"x", oops}}}}"#,
        r#"{"config":{"sink":{"csv":{"quote":"\q"}}}}"#,
        r#"{"config":{"sink":{"csv":{"quote":"x"#,
        r#"{"config":{"sink":{"csv":{"quote":"x"}"#,
        r#"{"config":{"sink":{"csv":{"quote":"x"}}, "filter": {"rules": ["a", 1]}}}"#,
        r#"{"config":{"filter": {"rules": ["a", "b"], "ignore_txn_start_ts": [1, -2]}}}"#,
        r#"{"config":{"filter": {"rules": [{"a": 1}]}}}"#,
        r#"{"config":{"filter": {"rules": ["a", {"a": 1}]}}}"#,
        r#"{"config":{"filter": {"event_filters": [{"matcher": ["x"]}, {"matcher": "y"}]}}}"#,
        r#"{"config":{"a\"b": 1, "sink": {"protocol": {}}}}"#,
        r#"{"config":{"a\"b": 1, "sink": {"protocol": [1]}}}"#,
        r#"{"config":{"sink": null, "mounter": {"worker_num": "x"}}}"#,
        r#"{"config": {"sink": {"kafka_config": {"sasl_password": 1}}}}"#,
        r#"{"upstream_id": 1.5, "config": {}}"#,
        r#"{"config": {"sink": {"dispatchers": [{"matcher": ["*.*"], "partition": 3}]}}}"#,
        "{\"config\": {\n \"sink\": {\n  \"csv\": {\n   \"quote\": 7\n  }\n }\n}}",
    ];
    for body in info {
        check::<ChangeFeedInfo>(body);
        check::<ChangefeedConfig>(body);
    }
    let fixture: serde_json::Value = serde_json::from_str(DEFAULT_REPLICA_CONFIG_JSON).unwrap();
    let pretty =
        serde_json::to_string_pretty(&serde_json::json!({ "replica_config": fixture })).unwrap();
    // Break the pretty fixture at every value in turn.
    for (i, _) in pretty.match_indices(": ") {
        let broken = format!("{}: {{\"zz\": }}{}", &pretty[..i], &pretty[i + 2..]);
        check::<ChangefeedConfig>(&broken);
        let typed = format!("{}: [\"x\"], \"y\": {}", &pretty[..i], &pretty[i + 2..]);
        check::<ChangefeedConfig>(&typed);
        let stringy = format!(
            "{}: \"x\"{}",
            &pretty[..i],
            &pretty[pretty[i..].find(['\n', ',']).unwrap() + i..]
        );
        check::<ChangefeedConfig>(&stringy);
    }
    let m = MISMATCHES.lock().unwrap();
    assert!(m.is_empty(), "{} mismatches:\n{}", m.len(), m.join("\n"));
}
