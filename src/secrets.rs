//! Secrets kept out of sight: what a sink URI or a config shows of passwords, tokens and
//! access keys. TiCDC masks some of them itself (../shared/ticdc/API.md §2.4); every page that
//! shows a sink or a config passes it through here first.

/// Whether a query parameter or JSON key names a secret (passwords, tokens, access keys).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('_', "-");
    k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.ends_with("access-key")
        || k.ends_with("account-key")
        || k == "sasl-gssapi-password"
}

/// The sink URI for display: TiCDC masks only the user-info password and `sasl-password`
/// (API.md §2.4); this also masks other secret-looking query values (`secret-access-key`,
/// `sas-token`, …) as `xxxxx`, like TiCDC does. Everything else is shown as TiCDC sent it.
pub fn mask_sink_uri(uri: &str) -> String {
    replace_query_secrets(uri, |_| "xxxxx".to_string())
}

/// The sink URI with each non-empty secret query value (see [`is_secret_key`]) replaced by
/// `replace(key)`; the rest as it was.
pub fn replace_query_secrets(uri: &str, replace: impl Fn(&str) -> String) -> String {
    let Some((head, rest)) = uri.split_once('?') else {
        return uri.to_string();
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if is_secret_key(k) && !v.is_empty() => format!("{k}={}", replace(k)),
            _ => pair.to_string(),
        })
        .collect();
    let mut out = format!("{head}?{}", masked.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// A config for display: non-empty string values under secret keys (see [`is_secret_key`])
/// become `xxxxx`, since TiCDC returns e.g. `sink.kafka_config.sasl_password` unmasked.
/// Numbers stay exact (serde_json keeps u64).
pub fn mask_secrets_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(s) if is_secret_key(k) && !s.is_empty() => {
                        *s = "xxxxx".into()
                    }
                    other => mask_secrets_json(other),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_secrets_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_secrets() {
        assert_eq!(
            mask_sink_uri(
                "kafka://u:xxxxx@k:9092/t?protocol=canal-json&sasl-password=xxxxx&sasl-user=bob"
            ),
            "kafka://u:xxxxx@k:9092/t?protocol=canal-json&sasl-password=xxxxx&sasl-user=bob"
        );
        assert_eq!(
            mask_sink_uri("s3://bucket/p?access-key=AKIA&secret-access-key=abc&region=x#frag"),
            "s3://bucket/p?access-key=xxxxx&secret-access-key=xxxxx&region=x#frag"
        );
        assert_eq!(
            mask_sink_uri("mysql://root@127.0.0.1:3306/"),
            "mysql://root@127.0.0.1:3306/"
        );
        assert!(!is_secret_key("key_path"));
        assert!(!is_secret_key("sasl_mechanism"));
        let mut v = serde_json::json!({"sink": {"kafka_config": {"sasl_password": "hunter2", "sasl_user": "bob"},
            "ids": [439749918821711874u64]}, "x": [{"token": "t"}, {"sas_token": ""}]});
        mask_secrets_json(&mut v);
        assert_eq!(v["sink"]["kafka_config"]["sasl_password"], "xxxxx");
        assert_eq!(v["sink"]["kafka_config"]["sasl_user"], "bob");
        assert_eq!(v["sink"]["ids"][0].as_u64(), Some(439749918821711874));
        assert_eq!(v["x"][0]["token"], "xxxxx");
        assert_eq!(v["x"][1]["sas_token"], "");
    }
}
