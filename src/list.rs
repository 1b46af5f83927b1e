//! The changefeed list's logic, kept out of the component so it is tested natively: rows built
//! once per poll (lowercase id precomputed), search, sort (id, urgency, lag), per-state counts,
//! the one-line error summary, and the windowing math that decides which rows are in the DOM.
//!
//! Built for 10,000 changefeeds: a keystroke in the search box is one `contains` per row over
//! strings prepared when the poll arrived, and sorting works on indices, never on cloned rows.

use crate::api::ChangefeedCommonInfo;
use crate::routes::SortKey;
use crate::state::{FeedState, ListStateFilter};
use crate::tso;

/// One changefeed as the list shows it, prepared once per poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    /// The changefeed id, as TiCDC sent it.
    pub id: String,
    /// `id` lowercased, for case-insensitive search without allocating per keystroke.
    pub id_lower: String,
    /// The display state (TiCDC's list already maps `pending` → warning, `""` → normal).
    pub state: FeedState,
    /// `checkpoint_tso`, exact; 0 when the owner has no status for the changefeed yet.
    pub checkpoint_tso: u64,
    /// TiCDC's `checkpoint_time` JSONTime (server's zone), as sent.
    pub checkpoint_time: String,
    /// The error (or, when there is none, the warning) that the list carries.
    pub problem: Option<Problem>,
    /// A hash of everything the row displays apart from lag and sink: part of the row's key, so
    /// a refresh re-renders only rows whose displayed fields changed.
    pub version: u64,
}

/// The list's `error` field, summarised for one table row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Problem {
    /// TiCDC's RFC code (`CDC:ErrSnapshotLostByGC`), possibly empty.
    pub code: String,
    /// The first line of the message, without a leading `[CODE]` tag.
    pub first_line: String,
    /// The whole message, for the cell's tooltip.
    pub message: String,
    /// The capture that reported it (for the timeline's distinct problems).
    pub addr: String,
}

impl ListRow {
    /// Prepares a list item for display and search.
    pub fn from_info(info: &ChangefeedCommonInfo) -> ListRow {
        let problem = info.error.as_ref().map(|e| Problem {
            code: e.code.clone(),
            first_line: first_line(crate::api::error::strip_code_prefix(&e.message)).to_string(),
            message: e.message.clone(),
            addr: e.addr.clone(),
        });
        let state = info.feed_state();
        let version = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            info.id.hash(&mut h);
            state.hash(&mut h);
            info.checkpoint_tso.hash(&mut h);
            info.checkpoint_time.hash(&mut h);
            problem.hash(&mut h);
            h.finish()
        };
        ListRow {
            id: info.id.clone(),
            id_lower: info.id.to_ascii_lowercase(),
            state,
            checkpoint_tso: info.checkpoint_tso,
            checkpoint_time: info.checkpoint_time.clone(),
            problem,
            version,
        }
    }

    /// Checkpoint lag in ms at TiCDC's `now_ms`; `None` while the changefeed has no status.
    pub fn lag_ms(&self, now_ms: i64) -> Option<i64> {
        (self.checkpoint_tso != 0)
            .then(|| crate::format::checkpoint_lag_ms(now_ms, self.checkpoint_tso))
    }
}

/// The first non-empty line of a message, trimmed (TiCDC messages can carry stack traces).
pub fn first_line(message: &str) -> &str {
    message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// How urgent a state is, lower first: failed, warning/pending, stopped, initializing, normal,
/// finished, then anything unknown.
pub fn state_priority(state: FeedState) -> u8 {
    match state {
        FeedState::Failed => 0,
        FeedState::Warning | FeedState::Pending => 1,
        FeedState::Stopped => 2,
        FeedState::Unknown => 3,
        FeedState::Uninitialized => 4,
        FeedState::Normal => 5,
        FeedState::Finished => 6,
        FeedState::Removed => 7,
    }
}

/// Lowercases and trims a search query once per keystroke.
///
/// ASCII only: changefeed ids match `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, so a non-ASCII query
/// matches nothing either way, and full Unicode case tables would cost the first load ~10 kB.
pub fn normalize_search(q: &str) -> String {
    q.trim().to_ascii_lowercase()
}

/// Every row's index, ordered by `sort`. Ties fall back to the id so the order is stable between
/// polls. The list keeps this across keystrokes, so a search only filters it
/// ([`filter_indices`]).
///
/// - `Id`: ascending id; `desc` reverses.
/// - `State`: most urgent first (failed, warning, stopped, …); `desc` puts the calmest first.
/// - `Lag`: smallest lag first; `desc` gives the largest first. Rows without a checkpoint yet
///   (`checkpoint_tso` 0, lag unknown) always come last.
pub fn sorted_indices(rows: &[ListRow], sort: SortKey, desc: bool) -> Vec<usize> {
    // One primary key per row and one comparator for every sort: each `sort_by` closure would
    // instantiate the whole sort algorithm again in the wasm.
    let keys: Vec<u64> = rows
        .iter()
        .map(|r| match sort {
            SortKey::Id => 0,
            SortKey::State => u64::from(state_priority(r.state)),
            // Unknown lag last both ways. Smaller lag = larger checkpoint physical time (lag is
            // the same clock for every row), so ascending lag sorts by descending physical time.
            SortKey::Lag if r.checkpoint_tso == 0 => u64::MAX,
            SortKey::Lag if desc => tso::physical_ms(r.checkpoint_tso),
            SortKey::Lag => u64::MAX - 1 - tso::physical_ms(r.checkpoint_tso),
        })
        .collect();
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    // Unstable is enough: the id breaks every tie (ids are unique).
    idx.sort_unstable_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| rows[a].id.cmp(&rows[b].id))
    });
    if desc && sort != SortKey::Lag {
        idx.reverse();
    }
    idx
}

/// The indices of `sorted` whose row id contains `search_lower` (see [`normalize_search`]), in
/// `sorted`'s order.
pub fn filter_indices(rows: &[ListRow], sorted: &[usize], search_lower: &str) -> Vec<usize> {
    if search_lower.is_empty() {
        return sorted.to_vec();
    }
    sorted
        .iter()
        .copied()
        .filter(|&i| {
            rows.get(i)
                .is_some_and(|r| r.id_lower.contains(search_lower))
        })
        .collect()
}

/// The rows at `indices` (from [`sorted_indices`] or [`filter_indices`]), in that order; an
/// index past the end is skipped.
pub fn rows_at<'a>(rows: &'a [ListRow], indices: &'a [usize]) -> impl Iterator<Item = &'a ListRow> {
    indices.iter().filter_map(|&i| rows.get(i))
}

/// Counts per display state, in urgency order, states with no rows left out.
pub fn state_counts(rows: &[ListRow]) -> Vec<(FeedState, usize)> {
    let mut counts = FeedState::ALL.map(|s| (s, 0_usize));
    for r in rows {
        if let Some((_, n)) = counts.iter_mut().find(|(s, _)| *s == r.state) {
            *n += 1;
        }
    }
    // In urgency order (`state_priority` is 0..=7), by passes rather than a sort: a sort would
    // add its code to the wasm for 9 items.
    let mut out = Vec::new();
    for p in 0..=7 {
        out.extend(
            counts
                .iter()
                .copied()
                .filter(|&(s, n)| n > 0 && state_priority(s) == p),
        );
    }
    out
}

/// The default direction when a column header is first clicked: ids A→Z, most urgent state
/// first, largest lag first.
pub fn default_desc(sort: SortKey) -> bool {
    matches!(sort, SortKey::Lag)
}

/// The rows a scroll container shows: `[start, end)` of the filtered list, with `overscan`
/// extra rows on each side, for fixed-height rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First row in the DOM.
    pub start: usize,
    /// One past the last row in the DOM.
    pub end: usize,
    /// First row actually inside the viewport.
    pub first_visible: usize,
    /// One past the last row inside the viewport.
    pub end_visible: usize,
}

impl Window {
    /// Height of the spacer above the rendered rows.
    pub fn top_px(&self, row_height: f64) -> f64 {
        self.start as f64 * row_height
    }
    /// Height of the spacer below the rendered rows.
    pub fn bottom_px(&self, row_height: f64, total: usize) -> f64 {
        total.saturating_sub(self.end) as f64 * row_height
    }
}

/// Which rows to render for a scroll offset. `scroll_top` is measured from the top of the
/// first row (the caller subtracts any header above the rows). Negative or too-large offsets
/// are clamped, so a list that shrank under a deep scroll still shows its last rows.
pub fn window(
    scroll_top: f64,
    viewport_px: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> Window {
    if total == 0 || row_height <= 0.0 {
        return Window {
            start: 0,
            end: 0,
            first_visible: 0,
            end_visible: 0,
        };
    }
    let viewport_px = if viewport_px.is_finite() && viewport_px > 0.0 {
        viewport_px
    } else {
        row_height * 20.0
    };
    let per_view = (viewport_px / row_height).ceil() as usize + 1;
    let max_first = total.saturating_sub(per_view.min(total));
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let first_visible = ((top / row_height).floor() as usize).min(max_first);
    let end_visible = (first_visible + per_view).min(total);
    Window {
        start: first_visible.saturating_sub(overscan),
        end: (end_visible + overscan).min(total),
        first_visible,
        end_visible,
    }
}

/// While a new filter loads, what the previous answer can show (by display state; TiCDC's
/// exact answer follows within a moment).
pub fn interim_matches(f: ListStateFilter, s: FeedState) -> bool {
    match f {
        ListStateFilter::All => true,
        ListStateFilter::Default => s != FeedState::Finished,
        other => other.query_value() == Some(s.as_str()),
    }
}

/// The state filter's name on its button (TiCDC's default view is "Active").
pub fn filter_label(f: ListStateFilter) -> &'static str {
    match f {
        ListStateFilter::Default => "Active",
        other => other.label(),
    }
}

/// What a state filter shows, said below the filters: TiCDC's list filters by the state it
/// stores, which differs from the state it displays (pending shows as warning; an owner that
/// has not initialized a changefeed yet reports it in no filter but the default and all).
pub fn filter_note(f: ListStateFilter) -> String {
    let base = "TiCDC's list shows pending changefeeds (retrying after an error) as warning.";
    match f {
        ListStateFilter::Default => format!(
            "Active is TiCDC's default view: normal, warning, pending, stopped and failed — everything but finished. {base}"
        ),
        ListStateFilter::All => format!("All changefeeds, finished included. {base}"),
        ListStateFilter::Warning => format!(
            "{base} This filter (state=warning) matches only changefeeds whose real state is warning; pending ones appear under Active and All."
        ),
        ListStateFilter::Normal => {
            "state=normal: changefeeds not yet initialized by the owner appear under Active and All only.".to_string()
        }
        other => format!("state={}, as TiCDC filters it.", other.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Nullable, RunningError};

    fn info(id: &str, state: &str, ckpt_ms: u64) -> ChangefeedCommonInfo {
        ChangefeedCommonInfo {
            id: id.into(),
            state: state.into(),
            checkpoint_tso: if ckpt_ms == 0 {
                0
            } else {
                tso::from_physical_ms(ckpt_ms, 3)
            },
            checkpoint_time: "2024-05-01 10:00:00.000".into(),
            ..Default::default()
        }
    }
    fn rows(items: &[ChangefeedCommonInfo]) -> Vec<ListRow> {
        items.iter().map(ListRow::from_info).collect()
    }
    /// What the list shows: sorted, then filtered by the search.
    fn visible_indices(
        rows: &[ListRow],
        search_lower: &str,
        sort: SortKey,
        desc: bool,
    ) -> Vec<usize> {
        filter_indices(rows, &sorted_indices(rows, sort, desc), search_lower)
    }
    fn ids(rows: &[ListRow], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| rows[i].id.clone()).collect()
    }

    #[test]
    fn search_is_case_insensitive_substring() {
        let r = rows(&[
            info("Orders-Kafka", "normal", 5),
            info("users", "normal", 5),
            info("orders2", "failed", 5),
        ]);
        let idx = visible_indices(&r, &normalize_search(" ORDERS "), SortKey::Id, false);
        assert_eq!(ids(&r, &idx), ["Orders-Kafka", "orders2"]);
        assert!(visible_indices(&r, "zzz", SortKey::Id, false).is_empty());
        assert_eq!(visible_indices(&r, "", SortKey::Id, false).len(), 3);
    }

    #[test]
    fn sort_by_id_and_state_urgency() {
        let r = rows(&[
            info("b", "normal", 5),
            info("a", "stopped", 5),
            info("c", "failed", 5),
            info("d", "warning", 5),
            info("e", "finished", 5),
            info("f", "pending", 5),
        ]);
        assert_eq!(
            ids(&r, &visible_indices(&r, "", SortKey::Id, false)),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(
            ids(&r, &visible_indices(&r, "", SortKey::Id, true)),
            ["f", "e", "d", "c", "b", "a"]
        );
        // pending is shown as warning in the list and ranks with it.
        assert_eq!(
            ids(&r, &visible_indices(&r, "", SortKey::State, false)),
            ["c", "d", "f", "a", "b", "e"]
        );
    }

    #[test]
    fn sort_by_lag_puts_unknown_last_both_ways() {
        let r = rows(&[
            info("fresh", "normal", 10_000),
            info("old", "normal", 1_000),
            info("none", "normal", 0),
            info("mid", "normal", 5_000),
        ]);
        assert_eq!(
            ids(&r, &visible_indices(&r, "", SortKey::Lag, true)),
            ["old", "mid", "fresh", "none"]
        );
        assert_eq!(
            ids(&r, &visible_indices(&r, "", SortKey::Lag, false)),
            ["fresh", "mid", "old", "none"]
        );
        assert_eq!(r[0].lag_ms(12_000), Some(2_000));
        assert_eq!(r[2].lag_ms(12_000), None);
    }

    #[test]
    fn filtering_keeps_the_sorted_order() {
        let r = rows(&[
            info("b-7", "normal", 5),
            info("a-7", "normal", 5),
            info("c-1", "normal", 5),
            info("d-17", "normal", 5),
        ]);
        let sorted = sorted_indices(&r, SortKey::Id, true);
        assert_eq!(ids(&r, &sorted), ["d-17", "c-1", "b-7", "a-7"]);
        assert_eq!(
            ids(&r, &filter_indices(&r, &sorted, "7")),
            ["d-17", "b-7", "a-7"]
        );
        assert_eq!(filter_indices(&r, &sorted, ""), sorted);
        // An index from an older answer that no longer exists is skipped, not a panic.
        assert!(filter_indices(&r, &[9], "7").is_empty());
        let at: Vec<&str> = rows_at(&r, &[3, 9, 0]).map(|r| r.id.as_str()).collect();
        assert_eq!(
            at,
            ["d-17", "b-7"],
            "in the indices' order, past the end skipped"
        );
    }

    #[test]
    fn problem_summary_is_code_and_first_line() {
        let mut i = info("x", "failed", 5);
        i.error = Nullable(Some(RunningError {
            code: "CDC:ErrSnapshotLostByGC".into(),
            message:
                "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed\nstack:\n  at foo"
                    .into(),
            addr: "10.0.0.1:8300".into(),
            ..Default::default()
        }));
        let p = ListRow::from_info(&i).problem.unwrap();
        assert_eq!(p.code, "CDC:ErrSnapshotLostByGC");
        assert_eq!(p.first_line, "fail to create or maintain changefeed");
        assert_eq!(first_line("\n\n  second  \nthird"), "second");
    }

    #[test]
    fn version_changes_only_with_displayed_fields() {
        let a = ListRow::from_info(&info("x", "normal", 5));
        let b = ListRow::from_info(&info("x", "normal", 5));
        let c = ListRow::from_info(&info("x", "stopped", 5));
        let d = ListRow::from_info(&info("x", "normal", 6));
        assert_eq!(a.version, b.version);
        assert_ne!(a.version, c.version);
        assert_ne!(a.version, d.version);
    }

    #[test]
    fn counts_in_urgency_order() {
        let r = rows(&[
            info("a", "normal", 5),
            info("b", "failed", 5),
            info("c", "normal", 5),
            info("d", "pending", 5),
        ]);
        assert_eq!(
            state_counts(&r),
            vec![
                (FeedState::Failed, 1),
                (FeedState::Warning, 1),
                (FeedState::Normal, 2)
            ]
        );
    }

    #[test]
    fn windowing_math() {
        // 10,000 rows of 36 px in a 720 px viewport: 21 rows visible (20 + a partial one).
        let w = window(0.0, 720.0, 36.0, 10_000, 10);
        assert_eq!(
            (w.start, w.first_visible, w.end_visible, w.end),
            (0, 0, 21, 31)
        );
        let w = window(36.0 * 5000.0 + 10.0, 720.0, 36.0, 10_000, 10);
        assert_eq!(
            (w.start, w.first_visible, w.end_visible, w.end),
            (4990, 5000, 5021, 5031)
        );
        assert_eq!(w.top_px(36.0), 4990.0 * 36.0);
        assert_eq!(w.bottom_px(36.0, 10_000), (10_000 - 5031) as f64 * 36.0);
        // Scrolled past the end (the list shrank): the last rows stay in view.
        let w = window(1e9, 720.0, 36.0, 100, 10);
        assert_eq!((w.first_visible, w.end_visible, w.end), (79, 100, 100));
        // Fewer rows than the viewport holds.
        let w = window(0.0, 720.0, 36.0, 5, 10);
        assert_eq!(
            (w.start, w.end, w.first_visible, w.end_visible),
            (0, 5, 0, 5)
        );
        assert_eq!(window(0.0, 720.0, 36.0, 0, 10).end, 0);
        // Junk inputs do not panic.
        let w = window(f64::NAN, f64::NAN, 36.0, 50, 2);
        assert_eq!(w.first_visible, 0);
        assert!(w.end <= 50);
        assert_eq!(window(-50.0, 720.0, 36.0, 50, 0).first_visible, 0);
    }

    #[test]
    fn ten_thousand_rows_filter_and_sort_quickly() {
        let items: Vec<_> = (0..10_000)
            .map(|i| {
                info(
                    &format!("cf-{i:05}"),
                    if i % 97 == 0 { "failed" } else { "normal" },
                    1_000 + i,
                )
            })
            .collect();
        let r = rows(&items);
        let t = std::time::Instant::now();
        for q in ["c", "cf", "cf-0", "cf-01", "cf-012"] {
            let _ = visible_indices(&r, q, SortKey::Lag, true);
        }
        assert_eq!(visible_indices(&r, "cf-0123", SortKey::Id, false).len(), 10);
        assert!(
            t.elapsed().as_millis() < 2_000,
            "filtering 10k rows took {:?}",
            t.elapsed()
        );
    }

    #[test]
    fn interim_rows_follow_the_display_state() {
        use ListStateFilter as F;
        assert!(interim_matches(F::All, FeedState::Finished));
        assert!(interim_matches(F::Default, FeedState::Failed));
        assert!(!interim_matches(F::Default, FeedState::Finished));
        assert!(interim_matches(F::Stopped, FeedState::Stopped));
        assert!(!interim_matches(F::Stopped, FeedState::Normal));
        assert!(interim_matches(F::Warning, FeedState::Warning));
        assert!(!interim_matches(F::Warning, FeedState::Pending));
    }

    #[test]
    fn filter_words_say_what_ticdc_filters() {
        use ListStateFilter as F;
        assert_eq!(filter_label(F::Default), "Active");
        assert_eq!(filter_label(F::Failed), F::Failed.label());
        assert!(filter_note(F::Default).contains("everything but finished"));
        assert!(filter_note(F::All).starts_with("All changefeeds, finished included."));
        assert!(filter_note(F::Warning).contains("pending ones appear under Active and All"));
        assert!(filter_note(F::Normal).contains("not yet initialized"));
        assert_eq!(filter_note(F::Failed), "state=failed, as TiCDC filters it.");
    }
}
