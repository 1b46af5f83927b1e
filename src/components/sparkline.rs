//! The list row's lag cell: the sparkline of the last 15 minutes of checkpoint lag this browser
//! recorded (one SVG path, the current value and the trend in its accessible name: "lag 3m 10s,
//! rising") and the lag figure beside it.

use leptos::prelude::*;

use crate::history::trend::spark_svg;
use crate::services::{now_ms, use_history};

/// The lag cell's content for changefeed `id`: `lag` gives the figure ("3m 10s", "—") and
/// whether it is high (shown in the alarm colour).
///
/// Every row of the window is built afresh on a search keystroke, so the cell is one element
/// with one render effect: the sparkline's markup and the figure go in with one `innerHTML`
/// write, re-run when a poll is recorded (`history.rev`) or TiCDC's clock moves.
pub fn lag_cell(
    id: String,
    lag: impl Fn() -> (String, bool) + Send + Sync + 'static,
) -> impl IntoView {
    let history = use_history();
    let html = move || {
        let svg = history.with(|h| {
            h.feed(&id)
                .map_or(String::new(), |f| spark_svg(&f.samples, now_ms() as i64))
        });
        // The figure is formatted from numbers ("3m 10s", "1.2 s", "—"): no markup in it.
        let (figure, high) = lag();
        let class = if high { r#" class="cf-lag--high""# } else { "" };
        format!("{svg}<span{class}>{figure}</span>")
    };
    view! { <span class="cf-lag__in" inner_html=html></span> }
}
