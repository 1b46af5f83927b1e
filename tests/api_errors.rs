//! Non-2xx answers become `ApiError::Http` from every error shape TiCDC produces
//! (../shared/ticdc/API.md §4, §9.1); 2xx bodies of the wrong shape become `ApiError::Decode`
//! naming the failing JSON path.

use ticdc_console::api::*;

fn http(status: u16, code: &str, message: &str) -> ApiError {
    ApiError::Http {
        status,
        code: code.into(),
        message: message.into(),
    }
}

#[test]
fn indented_ticdc_error_json() {
    let body = "{\n    \"error_msg\": \"[CDC:ErrChangeFeedNotExists]changefeed not exists, default/test1\",\n    \"error_code\": \"CDC:ErrChangeFeedNotExists\"\n}";
    let err = decode_json::<ChangeFeedInfo>(&RawResponse::json(400, body)).unwrap_err();
    assert_eq!(
        err,
        http(
            400,
            "CDC:ErrChangeFeedNotExists",
            "[CDC:ErrChangeFeedNotExists]changefeed not exists, default/test1"
        )
    );
    assert_eq!(err.code(), Some("CDC:ErrChangeFeedNotExists"));
    assert!(err.is_not_found());
    assert!(!err.is_unauthorized());
    assert_eq!(err.short_message(), "changefeed not exists, default/test1");
    assert_eq!(
        err.to_string(),
        "HTTP 400: [CDC:ErrChangeFeedNotExists]changefeed not exists, default/test1"
    );
}

#[test]
fn text_plain_404_page_not_found() {
    let err =
        decode_json::<ServerStatus>(&RawResponse::text(404, "404 page not found")).unwrap_err();
    assert_eq!(err, http(404, "", "404 page not found"));
    assert_eq!(err.code(), None);
    assert!(err.is_not_found());
}

#[test]
fn json_error_with_text_plain_content_type() {
    // gin's BindJSON commits the 400 before the JSON body: Content-Type is sniffed as text/plain.
    let body = "{\n    \"error_msg\": \"[CDC:ErrAPIInvalidParam]invalid api parameter: EOF\",\n    \"error_code\": \"CDC:ErrAPIInvalidParam\"\n}";
    let err = decode_empty(&RawResponse::text(400, body)).unwrap_err();
    assert_eq!(
        err,
        http(
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]invalid api parameter: EOF"
        )
    );
}

#[test]
fn plain_errors_have_an_empty_code() {
    let body =
        r#"{"error_msg":"coordinator is not fully initialized, wait a moment","error_code":""}"#;
    let err = decode_json::<ListResponse<ChangefeedCommonInfo>>(&RawResponse::json(500, body))
        .unwrap_err();
    assert_eq!(
        err,
        http(
            500,
            "",
            "coordinator is not fully initialized, wait a moment"
        )
    );
    assert_eq!(err.code(), None);
    assert!(err.is_not_ready());
    let forward = r#"{"error_msg":"request forward error","error_code":"ErrRequestForwardErr"}"#;
    assert_eq!(
        error_from_response(&RawResponse::json(500, forward)).code(),
        Some("ErrRequestForwardErr")
    );
}

#[test]
fn empty_500_body() {
    let err = decode_json::<ChangeFeedInfo>(&RawResponse {
        status: 500,
        content_type: None,
        body: String::new(),
    })
    .unwrap_err();
    assert_eq!(err, http(500, "", "HTTP 500 with an empty body"));
    let err = decode_empty(&RawResponse::text(502, "  \n")).unwrap_err();
    assert_eq!(err, http(502, "", "HTTP 502 with an empty body"));
}

#[test]
fn new_arch_pingcap_errors_shape() {
    let body = r#"{"class":5,"code":9,"message":"invalid api parameter","rfccode":"CDC:ErrAPIInvalidParam"}"#;
    let err = decode_empty(&RawResponse::json(400, body)).unwrap_err();
    assert_eq!(
        err,
        http(
            400,
            "CDC:ErrAPIInvalidParam",
            "[CDC:ErrAPIInvalidParam]invalid api parameter"
        )
    );
}

#[test]
fn auth_and_not_ready() {
    let body = "{\n    \"error_msg\": \"[CDC:ErrCredentialNotFound]credential not found: please specify the user and password via authorization header\",\n    \"error_code\": \"CDC:ErrCredentialNotFound\"\n}";
    let err = decode_empty(&RawResponse::json(401, body)).unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.status(), Some(401));
    let body = r#"{"error_msg":"[CDC:ErrServerIsNotReady]cdc server is not ready","error_code":"CDC:ErrServerIsNotReady"}"#;
    let err = decode_json::<ServerStatus>(&RawResponse::json(503, body)).unwrap_err();
    assert!(err.is_not_ready());
    let drain_fail = r#"{"error_msg":"[CDC:ErrSchedulerRequestFailed]scheduler request failed, x","error_code":"CDC:ErrSchedulerRequestFailed"}"#;
    assert_eq!(
        decode_json::<DrainCaptureResp>(&RawResponse::json(503, drain_fail))
            .unwrap_err()
            .status(),
        Some(503)
    );
}

#[test]
fn non_json_error_bodies_become_the_message_without_markup() {
    let err = error_from_response(&RawResponse {
        status: 502,
        content_type: Some("text/html".into()),
        body: "<html>Bad Gateway</html>\n".into(),
    });
    assert_eq!(
        err,
        http(
            502,
            "",
            "“Bad Gateway”: an HTML page from a proxy or server in front of TiCDC, not TiCDC's JSON"
        )
    );
    let err = error_from_response(&RawResponse::json(500, r#"["not","an","object"]"#));
    assert_eq!(err, http(500, "", r#"["not","an","object"]"#));
}

#[test]
fn empty_responses_accept_braces_null_and_nothing() {
    assert_eq!(decode_empty(&RawResponse::json(200, "{}")), Ok(()));
    // New-architecture delete of a missing changefeed answers `null`.
    assert_eq!(decode_empty(&RawResponse::json(200, "null")), Ok(()));
    assert_eq!(decode_empty(&RawResponse::json(200, "")), Ok(()));
    assert_eq!(
        decode_empty(&RawResponse::json(202, r#"{"current_table_count":1}"#)),
        Ok(())
    );
    assert!(matches!(
        decode_empty(&RawResponse::json(200, "<html>")),
        Err(ApiError::Decode { .. })
    ));
    let e: EmptyResponse = decode_json(&RawResponse::json(200, "{}")).unwrap();
    assert_eq!(e, EmptyResponse::default());
}

#[test]
fn decode_errors_name_the_json_path() {
    let body = r#"{"total":1,"items":[{"id":"a","state":"normal","checkpoint_tso":"445947129990000000","checkpoint_time":"","error":null}]}"#;
    let err = decode_json::<ListResponse<ChangefeedCommonInfo>>(&RawResponse::json(200, body))
        .unwrap_err();
    match &err {
        ApiError::Decode { path, message, .. } => {
            assert_eq!(path, "items[0].checkpoint_tso");
            assert!(message.contains("invalid type"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("items[0].checkpoint_tso"));

    let body = r#"{"id":"x","create_time":"","resolved_ts":1,"checkpoint_ts":1,"checkpoint_time":"","config":{"sink":{"csv":{"quote":5}}}}"#;
    let err = decode_json::<ChangeFeedInfo>(&RawResponse::json(200, body)).unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { path, .. } if path == "config.sink.csv.quote"),
        "{err:?}"
    );

    let body = r#"{"config":{"sync_point_interval":"ten minutes"}}"#;
    let err = decode_json::<ChangeFeedInfo>(&RawResponse::json(200, body)).unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { path, message, .. } if path == "config.sync_point_interval" && message.contains("invalid duration")),
        "{err:?}"
    );

    let body = r#"{"start_ts":-1}"#;
    let err = decode_json::<ChangeFeedInfo>(&RawResponse::json(200, body)).unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { path, .. } if path == "start_ts"),
        "{err:?}"
    );

    let body = r#"{"start_ts":18446744073709551616}"#;
    assert!(matches!(
        decode_json::<ChangeFeedInfo>(&RawResponse::json(200, body)),
        Err(ApiError::Decode { .. })
    ));

    let err = decode_json::<ServerStatus>(&RawResponse::json(200, "{} trailing")).unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    let err = decode_json::<ServerStatus>(&RawResponse::json(200, "")).unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    let err = decode_json::<ServerStatus>(&RawResponse::json(200, "[]")).unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { path, .. } if path == "."),
        "{err:?}"
    );
}

#[test]
fn strip_code_prefix_only_strips_codes() {
    use ticdc_console::api::error::strip_code_prefix;
    assert_eq!(strip_code_prefix("[CDC:ErrX]text"), "text");
    assert_eq!(strip_code_prefix("[not a code] text"), "[not a code] text");
    assert_eq!(strip_code_prefix("plain"), "plain");
    assert_eq!(
        ApiError::Network("refused".into()).to_string(),
        "network error: refused"
    );
    assert!(ApiError::Network("x".into()).is_network());
}

#[test]
fn code_and_message_is_one_line_for_a_step_status() {
    let e = http(
        400,
        "CDC:ErrChangefeedUpdateRefused",
        "[CDC:ErrChangefeedUpdateRefused]can only update changefeed config when it is stopped",
    );
    assert_eq!(
        e.code_and_message(),
        "CDC:ErrChangefeedUpdateRefused: can only update changefeed config when it is stopped"
    );
    let plain = http(404, "", "404 page not found");
    assert_eq!(plain.code_and_message(), plain.to_string());
    let net = ApiError::Network("connection refused".into());
    assert_eq!(net.code_and_message(), net.to_string());
}
