//! The detail page's lag chart: checkpoint and resolved lag over a chosen window, the state
//! bands behind them, a time axis, and a hover read-out; above it, in plain words, what this
//! browser saw since when and where it saw nothing. Geometry is `history::chart`,
//! the texts `history::words` (both tested).

use leptos::prelude::*;

use crate::history::Sample;
use crate::history::chart::{
    Scale, Window, gaps, lag_axis, line_path, nearest, short_lag, since, state_bands, time_ticks,
};
use crate::history::words::{aria_words, readout_words, seen_words};
use crate::services::{now_ms, tz_offset_at, use_history};

/// The SVG's coordinate system (it scales to the card's width).
const VW: f64 = 760.0;
const VH: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

/// Everything drawn for one window, computed once per recorded poll.
#[derive(Clone, Debug, PartialEq)]
struct Drawn {
    samples: Vec<Sample>,
    first_seen: Option<i64>,
    gaps: Vec<(i64, i64)>,
    t0: i64,
    t1: i64,
    top: i64,
    step: i64,
    ckpt: String,
    resolved: String,
    bands: Vec<(f64, f64, &'static str)>,
    ticks: Vec<(f64, String)>,
}

/// The lag chart of one changefeed.
#[component]
pub fn LagChart(
    /// The changefeed.
    id: Memo<String>,
    /// The chosen window (the page keeps it in its URL).
    window: Memo<Window>,
    /// Called with the window the user picks.
    choose: Callback<Window>,
) -> impl IntoView {
    let history = use_history();
    // Each time is shown with the offset in force at it (not today's: DST).
    let tz = |ms: i64| tz_offset_at(ms as f64);
    let drawn = Memo::new(move |_| {
        let w = window.get();
        let id = id.get();
        history.with(|h| {
            let all = h.feed(&id).map_or(&[][..], |f| &f.samples[..]);
            let t1 = now_ms() as i64;
            let t0 = t1 - w.ms();
            let shown = since(all, t0);
            let max = shown
                .iter()
                .flat_map(|s| [s.lag, s.resolved_lag])
                .flatten()
                .max()
                .unwrap_or(0);
            let (top, step) = lag_axis(max);
            let x = Scale::new(t0 as f64, t1 as f64, LEFT, VW - RIGHT);
            let y = Scale::new(0.0, top as f64, VH - BOTTOM, TOP);
            Drawn {
                samples: shown.to_vec(),
                first_seen: all.first().map(|s| s.t),
                gaps: gaps(all, t1)
                    .into_iter()
                    .filter(|(_, b)| *b >= t0)
                    .collect(),
                t0,
                t1,
                top,
                step,
                ckpt: line_path(shown, t1, &x, &y, |s| s.lag),
                resolved: line_path(shown, t1, &x, &y, |s| s.resolved_lag),
                bands: state_bands(shown, t1, &x)
                    .into_iter()
                    .map(|b| (b.x0, b.x1, b.state.css_class()))
                    .collect(),
                ticks: time_ticks(t0, t1, tz, 6)
                    .into_iter()
                    .map(|(t, l)| (x.at(t as f64), l))
                    .collect(),
            }
        })
    });
    // The hovered time (browser ms), from the pointer's position over the plot.
    let hover = RwSignal::new(None::<i64>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let width = f64::from(svg.client_width()).max(1.0);
        let px = f64::from(ev.offset_x()) * VW / width;
        if !(LEFT..=VW - RIGHT).contains(&px) {
            hover.set(None);
            return;
        }
        let (t0, t1) = drawn.with_untracked(|d| (d.t0, d.t1));
        let x = Scale::new(t0 as f64, t1 as f64, LEFT, VW - RIGHT);
        hover.set(Some(x.invert(px) as i64));
    };
    let readout = Memo::new(move |_| {
        let t = hover.get()?;
        drawn.with(|d| nearest(&d.samples, t).copied())
    });

    view! {
        <section class="card lag-chart" aria-labelledby="lag-chart-h">
            <div class="card__head">
                <h2 id="lag-chart-h">"Lag history"</h2>
                <fieldset class="segmented" role="radiogroup" aria-label="Chart window">
                    <legend class="visually-hidden">"Chart window"</legend>
                    {Window::ALL.into_iter().map(|w| view! {
                        <label class="segmented__item" class:segmented__item--on=move || window.get() == w>
                            <input type="radio" name="lag-window" value=w.as_str()
                                prop:checked=move || window.get() == w
                                on:change=move |_| choose.run(w)/>
                            {w.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
            </div>
            <p class="lag-chart__seen" data-testid="history-seen">
                {move || drawn.with(|d| seen_words(d.first_seen, &d.gaps, d.t1, &tz))}
            </p>
            {move || history.note.get().map(|n| view! { <p class="stale" role="status">{n}</p> })}
            <div class="lag-chart__plot">
                <svg node_ref=svg_ref viewBox=format!("0 0 {VW} {VH}") role="img" preserveAspectRatio="none"
                    aria-label=move || drawn.with(|d| aria_words(&d.samples))
                    on:pointermove=on_move on:pointerleave=move |_| hover.set(None)>
                    <g class="lag-chart__bands" aria-hidden="true">
                        {move || drawn.with(|d| d.bands.iter().map(|(x0, x1, cls)| view! {
                            <rect class=format!("band band--{cls}") x=format!("{x0:.1}") y=TOP
                                width=format!("{:.1}", x1 - x0) height=VH - TOP - BOTTOM>
                                <title>{cls.to_string()}</title>
                            </rect>
                        }).collect_view())}
                    </g>
                    <g class="lag-chart__grid" aria-hidden="true">
                        {move || drawn.with(|d| {
                            let y = Scale::new(0.0, d.top as f64, VH - BOTTOM, TOP);
                            (0..=d.top / d.step).map(|k| {
                                let v = k * d.step;
                                let py = y.at(v as f64);
                                view! {
                                    <line x1=LEFT x2=VW - RIGHT y1=py y2=py/>
                                    <text x=LEFT - 6.0 y=py + 4.0 text-anchor="end">{short_lag(v)}</text>
                                }
                            }).collect_view()
                        })}
                        {move || drawn.with(|d| d.ticks.iter().map(|(px, l)| view! {
                            <line class="tick" x1=*px x2=*px y1=VH - BOTTOM y2=VH - BOTTOM + 4.0/>
                            <text x=*px y=VH - 8.0 text-anchor="middle">{l.clone()}</text>
                        }).collect_view())}
                    </g>
                    <path class="line line--resolved" d=move || drawn.with(|d| d.resolved.clone())/>
                    <path class="line line--ckpt" d=move || drawn.with(|d| d.ckpt.clone())/>
                    {move || readout.get().map(|s| {
                        let (t0, t1) = drawn.with_untracked(|d| (d.t0, d.t1));
                        let x = Scale::new(t0 as f64, t1 as f64, LEFT, VW - RIGHT).at(s.t as f64);
                        view! { <line class="lag-chart__cursor" x1=x x2=x y1=TOP y2=VH - BOTTOM/> }
                    })}
                </svg>
            </div>
            <p class="lag-chart__readout" aria-live="polite" data-testid="lag-readout">
                {move || match readout.get() {
                    Some(s) => readout_words(&s, &tz),
                    None => "Point at the chart to read a moment.".to_string(),
                }}
            </p>
            <p class="lag-chart__legend muted small">
                <span class="key key--ckpt"></span>" checkpoint lag "
                <span class="key key--resolved"></span>" resolved lag "
                "· bands: the state; "<span class="key key--gap"></span>" blank: this browser saw nothing"
            </p>
        </section>
    }
}
