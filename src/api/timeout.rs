//! How long the client waits for TiCDC, per kind of call. A hung connection (a half-dead node,
//! a proxy that never gives up) must end in words the operator can act on,
//! [`ApiError::Timeout`](super::ApiError::Timeout), and a poll must be free to ask again. The
//! limit covers the whole exchange, body included (`client.rs` aborts the fetch).
//!
//! - GET: [`READ_TIMEOUT_S`]. TiCDC answers reads from the owner's memory; even a list of
//!   10,000 changefeeds takes well under a second, so 10 s means TiCDC (or the way to it) is
//!   stuck.
//! - POST and PUT: [`WRITE_TIMEOUT_S`]. A create or an update checks the sink and the upstream
//!   first (a Kafka or MySQL connection, a PD round trip), which can take several seconds.
//! - DELETE: [`DELETE_TIMEOUT_S`]. TiCDC's delete waits for the owner to remove the changefeed
//!   and polls for up to a minute before it answers (`cdc/api/v2/changefeed.go`), so a minute
//!   and some slack.

use super::endpoints::Method;

/// Seconds a GET may take.
pub const READ_TIMEOUT_S: u32 = 10;
/// Seconds a POST or PUT may take.
pub const WRITE_TIMEOUT_S: u32 = 30;
/// Seconds a DELETE may take: TiCDC itself waits up to 60 s.
pub const DELETE_TIMEOUT_S: u32 = 70;

/// The timeout of a call with `method`, in seconds.
pub fn timeout_for(method: Method) -> u32 {
    match method {
        Method::Get => READ_TIMEOUT_S,
        Method::Post | Method::Put => WRITE_TIMEOUT_S,
        Method::Delete => DELETE_TIMEOUT_S,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_kind_of_call() {
        assert_eq!(timeout_for(Method::Get), 10);
        assert_eq!(timeout_for(Method::Put), 30);
        assert!(
            timeout_for(Method::Delete) > 60,
            "longer than TiCDC's own minute"
        );
    }

    /// index.html's prefetch of the list is a GET too and must give up at the same time.
    #[test]
    fn the_prefetch_in_index_html_uses_the_read_timeout() {
        let html = include_str!("../../index.html");
        let want = format!("var TIMEOUT_MS = {};", READ_TIMEOUT_S * 1000);
        assert!(html.contains(&want), "index.html should say `{want}`");
    }
}
