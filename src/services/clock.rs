//! TiCDC's clock, against which lag is measured (as `cdc cli changefeed statistics` does),
//! with the browser's as the fallback when `POST /api/v2/tso` fails.

use super::now_ms;
use crate::api::{ApiError, Client};

/// Whose clock the lag is measured against.
#[derive(Clone, Debug, PartialEq)]
pub enum Clock {
    /// TiCDC's (`POST /api/v2/tso`), in Unix ms.
    Ticdc(i64),
    /// The browser's, because `/tso` failed (the error says why).
    Browser(i64, ApiError),
}

impl Clock {
    /// The reading in Unix ms, whoever's clock it is.
    pub fn now_ms(&self) -> i64 {
        match self {
            Clock::Ticdc(ms) | Clock::Browser(ms, _) => *ms,
        }
    }
}

/// Fetches TiCDC's current time (`POST /tso`); the browser's when that fails.
pub async fn ticdc_clock(client: &Client) -> Clock {
    match client.query_tso().await {
        Ok(t) => Clock::Ticdc(t.timestamp),
        Err(e) => Clock::Browser(now_ms() as i64, e),
    }
}
