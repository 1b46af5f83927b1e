//! Sink URIs: scheme, query and masking.
//!
//! Masking is [TF] `pkg/util/uri.go MaskSinkURI`: `url.Redacted()` (a password in the userinfo
//! becomes `xxxxx`) and, if the query has a non-empty `sasl-password`, `q.Set("sasl-password",
//! "xxxxx")` followed by `q.Encode()` — which also **sorts** the query keys. Nothing else in the
//! query (e.g. `secret-access-key`) is masked.

/// Schemes of [TF] `pkg/sink/sink_type.go`.
pub const SUPPORTED_SCHEMES: [&str; 18] = [
    "mysql",
    "mysql+ssl",
    "tidb",
    "tidb+ssl",
    "kafka",
    "kafka+ssl",
    "pulsar",
    "pulsar+ssl",
    "pulsar+http",
    "pulsar+https",
    "s3",
    "file",
    "gcs",
    "gs",
    "azblob",
    "azure",
    "noop",
    "blackhole",
];

/// A parsed sink URI (just what validation needs).
#[derive(Debug, Clone)]
pub struct SinkUri {
    /// Lower-cased scheme (`url.Parse` lower-cases it); `""` when there is none.
    pub scheme: String,
    /// Decoded query pairs in order.
    pub query: Vec<(String, String)>,
}

impl SinkUri {
    /// Parses like Go's `url.Parse` as far as the simulator needs.
    pub fn parse(raw: &str) -> Result<SinkUri, String> {
        let scheme = match raw.find(':') {
            Some(0) => return Err(format!("parse \"{raw}\": missing protocol scheme")),
            Some(i) => {
                let s = &raw[..i];
                let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                if ok {
                    s.to_ascii_lowercase()
                } else {
                    String::new()
                }
            }
            None => String::new(),
        };
        let query = match raw.split_once('?') {
            Some((_, q)) => parse_query(q.split('#').next().unwrap_or("")),
            None => Vec::new(),
        };
        Ok(SinkUri { scheme, query })
    }

    /// First value of a query key (`url.Values.Get`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `mysql`, `tidb` and their `+ssl` variants.
    pub fn is_mysql_compatible(&self) -> bool {
        matches!(
            self.scheme.as_str(),
            "mysql" | "mysql+ssl" | "tidb" | "tidb+ssl"
        )
    }

    /// Cloud-storage sinks ([TF] `pkg/sink/sink_type.go IsStorageScheme`).
    pub fn is_storage(&self) -> bool {
        matches!(
            self.scheme.as_str(),
            "s3" | "file" | "gcs" | "gs" | "azblob" | "azure" | "noop"
        )
    }

    /// Kafka or Pulsar.
    pub fn is_mq(&self) -> bool {
        self.scheme.starts_with("kafka") || self.scheme.starts_with("pulsar")
    }
}

fn unhex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `url.QueryUnescape` (lenient).
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (unhex(b[i + 1]), unhex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `url.QueryEscape`.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (unescape(k), unescape(v)),
            None => (unescape(p), String::new()),
        })
        .collect()
}

/// [TF] `util.MaskSinkURI`.
pub fn mask(raw: &str) -> String {
    let (before_frag, frag) = match raw.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (raw, None),
    };
    let (base, query) = match before_frag.split_once('?') {
        Some((a, q)) => (a.to_string(), Some(q.to_string())),
        None => (before_frag.to_string(), None),
    };
    let mut base = base;
    if let Some(start) = base.find("://").map(|i| i + 3) {
        let end = base[start..]
            .find('/')
            .map(|i| start + i)
            .unwrap_or(base.len());
        let authority = &base[start..end];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            if let Some(colon) = userinfo.find(':') {
                let masked = format!("{}:xxxxx{}", &userinfo[..colon], &authority[at..]);
                base = format!("{}{}{}", &base[..start], masked, &base[end..]);
            }
        }
    }
    let mut out = base;
    if let Some(q) = query {
        let mut pairs = parse_query(&q);
        if pairs
            .iter()
            .any(|(k, v)| k == "sasl-password" && !v.is_empty())
        {
            // q.Set replaces every value with one; q.Encode sorts by key (stable per key).
            let first = pairs
                .iter()
                .position(|(k, _)| k == "sasl-password")
                .unwrap();
            pairs[first].1 = "xxxxx".into();
            let mut idx = 0;
            pairs.retain(|(k, _)| {
                idx += 1;
                k != "sasl-password" || idx - 1 == first
            });
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let enc: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
                .collect();
            out.push('?');
            out.push_str(&enc.join("&"));
        } else {
            out.push('?');
            out.push_str(&q);
        }
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_password_and_sasl() {
        assert_eq!(
            mask("mysql://root:secret@127.0.0.1:3306/"),
            "mysql://root:xxxxx@127.0.0.1:3306/"
        );
        assert_eq!(mask("blackhole://"), "blackhole://");
        assert_eq!(
            mask("kafka://k:9092/t?sasl-user=u&sasl-password=p%40ss&protocol=canal-json"),
            "kafka://k:9092/t?protocol=canal-json&sasl-password=xxxxx&sasl-user=u"
        );
        assert_eq!(
            mask("s3://b/p?secret-access-key=abc"),
            "s3://b/p?secret-access-key=abc"
        );
    }

    #[test]
    fn parses_scheme_and_query() {
        let u = SinkUri::parse("Kafka://h:9092/t?protocol=avro&x=a+b").unwrap();
        assert_eq!(u.scheme, "kafka");
        assert_eq!(u.get("protocol"), Some("avro"));
        assert_eq!(u.get("x"), Some("a b"));
    }
}
