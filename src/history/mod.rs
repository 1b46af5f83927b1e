//! What this browser saw of each changefeed: lag samples, state changes, the distinct errors
//! and warnings, and the operations done from this console.
//!
//! TiCDC keeps only the present (the current checkpoint, the latest error; warnings vanish when
//! they clear), so the console records what its polls already fetch, with no extra request.
//! Everything here is pure and tested natively: the recorder with its downsampling, retention
//! and caps ([`recorder`]), the trend words ([`trend`]), the timeline ([`timeline`]), the
//! chart's geometry ([`chart`]) and the texts both show ([`words`]). The browser glue (localStorage, the polls) is
//! `services::history`.

pub mod chart;
pub mod pending;
pub mod recorder;
pub mod timeline;
pub mod trend;
pub mod words;

pub use recorder::{FORMAT_VERSION, History, Sample};
pub use timeline::{Event, EventBody, EventKind, OperationResult, Severity};
pub use trend::Trend;

use crate::api::Scope;

/// Milliseconds in a second, a minute, an hour.
pub const SEC: i64 = 1_000;
/// One minute in ms.
pub const MIN: i64 = 60 * SEC;
/// One hour in ms.
pub const HOUR: i64 = 60 * MIN;

/// The storage key of one TiCDC cluster's history in one keyspace or namespace.
///
/// localStorage is already per origin (the console's address, whose `/api/` proxy names one
/// TiCDC cluster); `base_url` adds the TiCDC address when the console calls one directly, and
/// the scope keeps namespaces apart (TiCDC's changefeed ids are unique per namespace only).
/// The default scope and an explicit `default` namespace are the same data.
pub fn storage_key(base_url: &str, scope: &Scope) -> String {
    let scope = match scope {
        Scope::Default => "ns:default".to_string(),
        Scope::Namespace(n) => format!("ns:{n}"),
        Scope::Keyspace(k) => format!("ks:{k}"),
    };
    let base = base_url.trim_end_matches('/');
    format!("ticdc-console.history.v{FORMAT_VERSION}|{base}|{scope}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_key_separates_clusters_and_scopes() {
        let a = storage_key("", &Scope::Default);
        assert_eq!(a, storage_key("", &Scope::Namespace("default".into())));
        assert_ne!(a, storage_key("", &Scope::Namespace("prod".into())));
        assert_ne!(a, storage_key("", &Scope::Keyspace("default".into())));
        assert_ne!(a, storage_key("http://10.0.1.17:8300", &Scope::Default));
        assert_eq!(
            storage_key("http://10.0.1.17:8300/", &Scope::Default),
            storage_key("http://10.0.1.17:8300", &Scope::Default)
        );
        assert!(a.contains(&format!("v{FORMAT_VERSION}")));
    }
}
