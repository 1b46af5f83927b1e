//! The changefeed list's row as HTML text: the table builds each row with one `innerHTML`
//! write and patches its few live parts (lag, sink, selection, busy buttons) from one render
//! effect, instead of a view-built element, closure and effect per cell. Building a row is then
//! one string and one parse, which keeps a keystroke over 10,000 changefeeds and the first
//! load small (BENCHMARKS.md).
//!
//! Everything from the network (ids, messages, codes, sink URIs) goes through [`escape`]; the
//! rest is fixed words and numbers.

use std::fmt::Write;

use crate::list::Problem;
use crate::state::FeedState;

/// `s` with `&`, `<`, `>`, `"` and `'` as character references: safe as element text and as a
/// quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The symbol a state badge shows beside its word (the colour only repeats them).
pub fn state_symbol(state: FeedState) -> &'static str {
    match state {
        FeedState::Normal => "●",
        FeedState::Warning | FeedState::Pending => "▲",
        FeedState::Failed => "✖",
        FeedState::Stopped => "❚❚",
        FeedState::Finished => "✔",
        _ => "○",
    }
}

/// A state badge, as `components::StateBadge` renders it.
pub fn badge_html(state: FeedState) -> String {
    format!(
        r#"<span class="badge badge--{}"><span class="badge__symbol" aria-hidden="true">{}</span>{}</span>"#,
        state.css_class(),
        state_symbol(state),
        state.label()
    )
}

/// The sink cell's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinkCell<'a> {
    /// Not fetched yet.
    Loading,
    /// The sink URI, with its secrets already masked.
    Uri(&'a str),
    /// It could not be read; why.
    Missing(&'a str),
}

/// The sink cell's inner HTML.
pub fn sink_html(cell: SinkCell<'_>) -> String {
    match cell {
        SinkCell::Loading => r#"<span class="muted" title="Loading the sink URI">…</span>"#.into(),
        SinkCell::Uri(u) => {
            let u = escape(u);
            format!(r#"<span class="mono" title="{u}">{u}</span>"#)
        }
        SinkCell::Missing(why) => format!(
            r#"<span class="muted" title="{}">unavailable</span>"#,
            escape(why)
        ),
    }
}

/// The lag cell's inner HTML: the sparkline's markup (`history::trend::spark_svg`, numbers and
/// fixed words only) and the figure ("3m 10s", "—"), in the alarm colour when `high`.
pub fn lag_html(spark_svg: &str, figure: &str, high: bool) -> String {
    let class = if high { r#" class="cf-lag--high""# } else { "" };
    format!("{spark_svg}<span{class}>{}</span>", escape(figure))
}

/// The row's `class` attribute.
pub fn row_class(state: FeedState, selected: bool) -> String {
    let mut class = String::from("cf-row");
    if state == FeedState::Failed {
        class.push_str(" cf-row--failed");
    }
    if matches!(state, FeedState::Warning | FeedState::Pending) {
        class.push_str(" cf-row--warning");
    }
    if selected {
        class.push_str(" cf-row--selected");
    }
    class
}

/// What one row shows.
pub struct RowCells<'a> {
    /// The changefeed id.
    pub id: &'a str,
    /// Its page's URL.
    pub href: &'a str,
    /// The display state.
    pub state: FeedState,
    /// The checkpoint cell's text and tooltip.
    pub checkpoint: (&'a str, &'a str),
    /// The error or warning the list carries.
    pub problem: Option<&'a Problem>,
    /// Whether Pause and Resume are offered (`state::allowed_actions`).
    pub pause: bool,
    /// See `pause`.
    pub resume: bool,
    /// The lag cell's inner HTML ([`lag_html`]).
    pub lag: &'a str,
    /// The sink cell's inner HTML ([`sink_html`]).
    pub sink: &'a str,
    /// Whether the row is selected.
    pub selected: bool,
    /// Whether a write is in flight on it (its buttons are disabled).
    pub busy: bool,
}

/// The cells of a row, in the columns' order (selection, id, state, checkpoint, lag, sink,
/// error, actions): the `<tr>`'s inner HTML. The selection checkbox has the class `cf-pick` and
/// the buttons `data-act="pause"` or `"resume"`, for the table's delegated events.
pub fn row_html(c: &RowCells<'_>) -> String {
    let id = escape(c.id);
    let href = escape(c.href);
    let checked = if c.selected { " checked" } else { "" };
    let mut out = String::with_capacity(1024);
    let _ = write!(
        out,
        r#"<td class="cf-sel"><input type="checkbox" class="cf-pick" aria-label="Select {id}"{checked}></td><th scope="row" class="cf-id"><a href="{href}" title="{id}">{id}</a></th><td>{}</td><td class="num" title="{}">{}</td><td class="num cf-lag"><span class="cf-lag__in">{}</span></td><td class="cf-sink">{}</td><td class="cf-problem">"#,
        badge_html(c.state),
        escape(c.checkpoint.1),
        escape(c.checkpoint.0),
        c.lag,
        c.sink,
    );
    if let Some(p) = c.problem {
        let kind = if c.state == FeedState::Failed {
            "Error"
        } else {
            "Warning"
        };
        let _ = write!(
            out,
            r#"<span title="{kind}: {}"><span class="visually-hidden">{kind}: </span>"#,
            escape(&p.message)
        );
        if !p.code.is_empty() {
            let _ = write!(out, r#"<code class="cf-code">{}</code> "#, escape(&p.code));
        }
        let _ = write!(out, "{}</span>", escape(&p.first_line));
    }
    out.push_str(r#"</td><td class="cf-actions">"#);
    let disabled = if c.busy { " disabled" } else { "" };
    for (offered, act, word) in [(c.pause, "pause", "Pause"), (c.resume, "resume", "Resume")] {
        if offered {
            let _ = write!(
                out,
                r#"<button type="button" class="btn btn--small" data-act="{act}" aria-label="{word} {id}"{disabled}>{word}</button>"#
            );
        }
    }
    out.push_str("</td>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(problem: Option<&'a Problem>) -> RowCells<'a> {
        RowCells {
            id: "feed-1",
            href: "/changefeeds/feed-1",
            state: FeedState::Failed,
            checkpoint: ("2026-12-02 10:00:00", "TSO 1 · 2026-12-02 10:00:00 UTC"),
            problem,
            pause: false,
            resume: true,
            lag: "<span>3m 10s</span>",
            sink: r#"<span class="muted" title="Loading the sink URI">…</span>"#,
            selected: true,
            busy: true,
        }
    }

    #[test]
    fn escape_covers_text_and_quoted_attributes() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("plain-id_1"), "plain-id_1");
    }

    #[test]
    fn network_text_in_a_row_is_escaped() {
        let p = Problem {
            code: "CDC:<b>".into(),
            first_line: "</td><script>alert(1)</script>".into(),
            message: "\" onmouseover=\"x".into(),
            addr: String::new(),
        };
        let mut c = cells(Some(&p));
        c.id = "<img src=x>";
        let html = row_html(&c);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;/td&gt;&lt;script&gt;"), "{html}");
        assert!(
            html.contains(r#"title="Error: &quot; onmouseover=&quot;x""#),
            "{html}"
        );
        assert_eq!(
            sink_html(SinkCell::Uri("kafka://h/\"t\"<")),
            r#"<span class="mono" title="kafka://h/&quot;t&quot;&lt;">kafka://h/&quot;t&quot;&lt;</span>"#
        );
        assert!(sink_html(SinkCell::Missing("<x>")).contains("&lt;x&gt;"));
        assert_eq!(sink_html(SinkCell::Loading), cells(None).sink);
    }

    #[test]
    fn a_row_has_its_cells_in_column_order_with_the_live_parts() {
        let p = Problem {
            code: "CDC:ErrGCTTLExceeded".into(),
            first_line: "gc ttl exceeded".into(),
            message: "[CDC:ErrGCTTLExceeded] gc ttl exceeded\nmore".into(),
            addr: String::new(),
        };
        let html = row_html(&cells(Some(&p)));
        let order = [
            r#"<td class="cf-sel"><input type="checkbox" class="cf-pick" aria-label="Select feed-1" checked>"#,
            r#"<a href="/changefeeds/feed-1" title="feed-1">feed-1</a>"#,
            r#"<span class="badge badge--failed">"#,
            r#"title="TSO 1 · 2026-12-02 10:00:00 UTC">2026-12-02 10:00:00</td>"#,
            r#"<span class="cf-lag__in"><span>3m 10s</span></span>"#,
            "Loading the sink URI",
            r#"<span class="visually-hidden">Error: </span><code class="cf-code">CDC:ErrGCTTLExceeded</code> gc ttl exceeded</span>"#,
            r#"<button type="button" class="btn btn--small" data-act="resume" aria-label="Resume feed-1" disabled>Resume</button></td>"#,
        ];
        let mut at = 0;
        for part in order {
            let found = html[at..]
                .find(part)
                .unwrap_or_else(|| panic!("{part} in {html}"));
            at += found + part.len();
        }
        assert!(!html.contains("Pause"), "{html}");
        assert_eq!(html.matches("<td").count() + html.matches("<th").count(), 8);
    }

    #[test]
    fn a_row_without_problem_selection_or_busy() {
        let mut c = cells(None);
        c.state = FeedState::Normal;
        c.pause = true;
        c.resume = false;
        c.selected = false;
        c.busy = false;
        let html = row_html(&c);
        assert!(html.contains(r#"aria-label="Select feed-1">"#), "{html}");
        assert!(html.contains(r#"<td class="cf-problem"></td>"#), "{html}");
        assert!(
            html.contains(r#"data-act="pause" aria-label="Pause feed-1">Pause</button>"#),
            "{html}"
        );
        assert!(!html.contains("disabled"), "{html}");
    }

    #[test]
    fn row_classes_and_lag() {
        assert_eq!(row_class(FeedState::Normal, false), "cf-row");
        assert_eq!(
            row_class(FeedState::Failed, true),
            "cf-row cf-row--failed cf-row--selected"
        );
        assert_eq!(
            row_class(FeedState::Pending, false),
            "cf-row cf-row--warning"
        );
        assert_eq!(
            lag_html("<svg/>", "3m 10s", true),
            r#"<svg/><span class="cf-lag--high">3m 10s</span>"#
        );
        assert_eq!(lag_html("", "—", false), "<span>—</span>");
    }
}
