//! A TSO shown exactly, with its time in UTC and local, and the copy button.

use leptos::prelude::*;

use crate::components::CopyButton;
use crate::services::tz_offset_at;
use crate::tso;

/// A TSO exactly as TiCDC sent it (plain decimal, no separators, selectable) with its
/// date-time in UTC and in the browser's zone, and a copy button.
#[component]
pub fn TsoValue(
    /// The TSO (u64, never through a JS number).
    tso: u64,
) -> impl IntoView {
    let text = tso.to_string();
    let when = if tso == 0 {
        "—".to_string()
    } else {
        let offset = tz_offset_at(tso::physical_ms(tso) as f64);
        format!(
            "{} UTC · {} local",
            tso::tso_to_utc_string(tso),
            tso::tso_to_local_string(tso, offset)
        )
    };
    view! {
        <span class="tso">
            <code class="tso__value">{text.clone()}</code>
            <CopyButton text=text label="Copy TSO"/>
            <span class="tso__time">{when}</span>
        </span>
    }
}
