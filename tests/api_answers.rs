//! Answers that are not TiCDC's v2 JSON: a proxy's login page at 200, a truncated
//! body, an empty 200, an array where an object belongs, an HTML error page at 502. Each
//! becomes an `ApiError` that says what arrived: status, content type, the first bytes as text.

use ticdc_console::api::{
    AnswerKind, ApiError, ChangeFeedInfo, ChangefeedCommonInfo, ListResponse, RawResponse,
    ServerStatus, decode_empty, decode_json,
};

const LOGIN: &str = "<!DOCTYPE html>\n<html><head><title>Sign in · Corp SSO</title></head>\n<body><form><input name=\"user\"></form></body></html>";
const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

fn kind(err: &ApiError) -> AnswerKind {
    match err {
        ApiError::Decode { answer, .. } => answer.kind,
        other => panic!("not a Decode: {other:?}"),
    }
}

fn html(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status,
        content_type: Some("text/html; charset=utf-8".into()),
        body: body.into(),
    }
}

#[test]
fn a_login_page_at_200_says_so_with_status_type_title_and_first_bytes() {
    let err = decode_json::<ListResponse<ChangefeedCommonInfo>>(&html(200, LOGIN)).unwrap_err();
    assert_eq!(kind(&err), AnswerKind::Html);
    let msg = err.short_message();
    assert!(
        msg.starts_with("The server answered something that is not TiCDC's v2 API"),
        "{msg}"
    );
    assert!(msg.contains("HTTP 200, text/html; charset=utf-8"), "{msg}");
    assert!(msg.contains("titled “Sign in · Corp SSO”"), "{msg}");
    assert!(
        msg.contains("It begins: “<!DOCTYPE html> <html><head>"),
        "one line: {msg}"
    );
    assert!(
        !msg.contains("expected value"),
        "not the decoder's words alone: {msg}"
    );
    assert_eq!(err.to_string(), msg);
    // Also when the proxy calls its page text/plain, and for calls without a body.
    let plain = RawResponse::text(200, LOGIN);
    assert_eq!(
        kind(&decode_json::<ServerStatus>(&plain).unwrap_err()),
        AnswerKind::Html
    );
    assert_eq!(
        kind(&decode_empty(&html(200, LOGIN)).unwrap_err()),
        AnswerKind::Html
    );
}

#[test]
fn truncated_empty_not_json_and_arrays() {
    let full =
        r#"{"total":1,"items":[{"id":"a","state":"normal","checkpoint_tso":445947129990000000}]}"#;
    let cut = &full[..full.len() / 2];
    let err = decode_json::<ListResponse<ChangefeedCommonInfo>>(&RawResponse::json(200, cut))
        .unwrap_err();
    assert_eq!(kind(&err), AnswerKind::Truncated);
    assert!(
        err.short_message().contains(&format!(
            "JSON cut off after {} bytes (HTTP 200, application/json; charset=utf-8)",
            cut.len()
        )),
        "{err}"
    );

    let err = decode_json::<ServerStatus>(&RawResponse::json(200, "")).unwrap_err();
    assert_eq!(kind(&err), AnswerKind::Empty);
    assert_eq!(
        err.short_message(),
        "The server answered something that is not TiCDC's v2 API: an empty body (HTTP 200, application/json; charset=utf-8)."
    );

    let err = decode_json::<ServerStatus>(&RawResponse::text(200, "OK")).unwrap_err();
    assert_eq!(kind(&err), AnswerKind::NotJson);
    assert!(
        err.short_message().ends_with(
            "text that is not JSON (HTTP 200, text/plain; charset=utf-8). It begins: “OK”"
        ),
        "{err}"
    );

    // TiCDC's v1 API answers the list as an array.
    let v1 = r#"[{"id":"a","namespace":"default","state":"normal","checkpoint_tso":1}]"#;
    let err =
        decode_json::<ListResponse<ChangefeedCommonInfo>>(&RawResponse::json(200, v1)).unwrap_err();
    assert_eq!(kind(&err), AnswerKind::Array);
    assert!(
        err.short_message()
            .contains("a JSON array where TiCDC's v2 API sends an object"),
        "{err}"
    );

    // Well-formed JSON of another shape names the path and keeps serde's words.
    let body = r#"{"id":"x","checkpoint_ts":"soon"}"#;
    let err = decode_json::<ChangeFeedInfo>(&RawResponse::json(200, body)).unwrap_err();
    assert_eq!(kind(&err), AnswerKind::OtherJson);
    let msg = err.short_message();
    assert!(
        msg.contains("at checkpoint_ts, invalid type: string \"soon\""),
        "{msg}"
    );

    // No content type at all.
    let raw = RawResponse {
        status: 200,
        content_type: None,
        body: "{\"a\"".into(),
    };
    assert!(
        decode_json::<ServerStatus>(&raw)
            .unwrap_err()
            .short_message()
            .contains("(HTTP 200, no content type)")
    );
}

#[test]
fn an_error_page_is_its_status_and_title_never_its_markup() {
    let err = decode_json::<ServerStatus>(&html(502, NGINX_502)).unwrap_err();
    assert_eq!(err.status(), Some(502));
    let msg = err.short_message();
    assert!(!msg.contains('<'), "no markup: {msg}");
    assert!(
        msg.starts_with("“502 Bad Gateway”: an HTML page from a proxy"),
        "{msg}"
    );
    // Without a title, and a long plain-text error page, are kept short.
    let err = decode_empty(&html(500, "<html><body><h1>Oops</h1></body></html>")).unwrap_err();
    assert!(
        err.short_message().starts_with("“Oops”: an HTML page"),
        "{err}"
    );
    let err = decode_empty(&html(500, "<html><body></body></html>")).unwrap_err();
    assert!(
        err.short_message().starts_with("an HTML error page"),
        "{err}"
    );
    let err = decode_empty(&RawResponse::text(500, "x".repeat(5000))).unwrap_err();
    assert!(err.short_message().chars().count() <= 101);
    // gin's own text 404 stays as it is.
    let err = decode_empty(&RawResponse::text(404, "404 page not found")).unwrap_err();
    assert_eq!(err.short_message(), "404 page not found");
}

#[test]
fn timeouts_and_unknown_outcomes() {
    let t = ApiError::Timeout { secs: 10 };
    assert_eq!(t.to_string(), "TiCDC did not answer within 10 s");
    assert_eq!(t.short_message(), "TiCDC did not answer within 10 s");
    assert!(t.is_timeout() && t.outcome_unknown());
    assert!(ApiError::Network("Failed to fetch".into()).outcome_unknown());
    let decode = decode_json::<ChangeFeedInfo>(&html(200, LOGIN)).unwrap_err();
    assert!(
        decode.outcome_unknown(),
        "a 2xx that is not TiCDC's: it may have been created"
    );
    let proxy = decode_json::<ChangeFeedInfo>(&html(504, "<title>504 Gateway Time-out</title>"))
        .unwrap_err();
    assert!(proxy.outcome_unknown());
    let refused = decode_json::<ChangeFeedInfo>(&RawResponse::json(
        400,
        r#"{"error_msg":"[CDC:ErrChangeFeedAlreadyExists]changefeed already exists","error_code":"CDC:ErrChangeFeedAlreadyExists"}"#,
    ))
    .unwrap_err();
    assert!(!refused.outcome_unknown(), "TiCDC said no");
}
