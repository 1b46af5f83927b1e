//! The list row's lag sparkline: the last 15 minutes of checkpoint lag this browser recorded,
//! drawn as one SVG path, with the current value and the trend in its accessible name
//! ("lag 3m 10s, rising").

use leptos::prelude::*;

use crate::history::chart::sparkline;
use crate::history::trend::{SPARK_WINDOW_MS, lag_trend, spark_label};
use crate::services::{now_ms, use_history};

/// The sparkline's size in px (its viewBox).
const W: f64 = 56.0;
const H: f64 = 16.0;

/// A changefeed's lag over the last 15 minutes; empty until two polls have been recorded.
#[component]
pub fn LagSparkline(
    /// The changefeed.
    id: String,
) -> impl IntoView {
    let history = use_history();
    // Re-drawn when a poll is recorded (history.rev); a handful of rows are in the DOM, and a
    // row's series over 15 min is at most 180 samples, so this stays well under a millisecond.
    let drawn = Memo::new(move |_| {
        history.with(|h| {
            let samples = h.feed(&id).map_or(&[][..], |f| &f.samples[..]);
            let now = now_ms() as i64;
            let lag = samples.last().and_then(|s| s.lag);
            let trend = lag_trend(samples, now, SPARK_WINDOW_MS);
            let path = if samples.len() >= 2 {
                sparkline(samples, now, SPARK_WINDOW_MS, W, H)
            } else {
                String::new()
            };
            (path, spark_label(lag, trend), trend.word())
        })
    });
    move || {
        let (path, label, word) = drawn.get();
        (!path.is_empty()).then(|| {
            view! {
                <svg class=format!("spark spark--{}", word.replace(' ', "-")) role="img" aria-label=label
                    viewBox=format!("0 0 {W} {H}") width=W height=H>
                    // No <title>: it would join the cell's text (the lag figure beside it); the
                    // name is the aria-label. The zero line spans the whole window, so a
                    // series this browser has seen only for a moment reads as "recent only".
                    <line class="spark__base" x1=0 x2=W y1=H - 0.5 y2=H - 0.5/>
                    <path d=path/>
                </svg>
            }
        })
    }
}
