//! Says whose clock a lag is measured against.

use leptos::prelude::*;

use crate::services::Clock;

/// "Lag vs TiCDC's clock", or a warning when the browser's clock stands in for it.
#[component]
pub fn ClockNote(
    /// The clock of the last reading; nothing is shown before the first.
    clock: Memo<Option<Clock>>,
) -> impl IntoView {
    move || {
        match clock.get() {
        Some(Clock::Ticdc(_)) => view! {
            <span class="muted" title="Lag = TiCDC's current TSO (POST /api/v2/tso) − checkpoint, as cdc cli changefeed statistics computes it">
                "Lag vs TiCDC's clock"
            </span>
        }
        .into_any(),
        Some(Clock::Browser(_, e)) => view! {
            <span class="clock-warn" role="status">
                "Lag uses this browser's clock: TiCDC's /tso failed ("{e.to_string()}"); it may be off by the clock skew."
            </span>
        }
        .into_any(),
        None => ().into_any(),
    }
    }
}
