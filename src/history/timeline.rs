//! A changefeed's timeline: state changes, every distinct error or warning with when it was
//! first and last seen, and the operations done from this console with their result.
//!
//! TiCDC reports only the latest error (and a warning only until it clears), so a distinct
//! problem is kept after it vanishes; seen again, it only moves its `last_seen`.

use serde::{Deserialize, Serialize};

use crate::state::FeedState;

/// One entry of a changefeed's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Browser time (ms since the epoch) when it happened or was first seen.
    pub at: i64,
    /// What happened.
    pub body: EventBody,
}

/// What a timeline entry records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventBody {
    /// The state changed between two observations.
    State {
        /// The state seen before (TiCDC's string, display mapping applied).
        from: String,
        /// The state seen now.
        to: String,
        /// When `from` was last seen: the change happened between then and `at`.
        prev_seen: i64,
    },
    /// An error or warning TiCDC reported.
    Problem {
        severity: Severity,
        /// TiCDC's RFC code, possibly empty.
        code: String,
        message: String,
        /// The capture that reported it.
        addr: String,
        /// When it was last seen (`at` is the first time).
        last_seen: i64,
    },
    /// An operation done from this console.
    Operation {
        /// `pause`, `resume`, `update`, `delete`, or `bulk pause` and the like.
        op: String,
        /// What was asked for (an update's diff summary, a resume's overwrite TSO), or empty.
        summary: String,
        /// `None` when TiCDC accepted it; otherwise TiCDC's error.
        failure: Option<OperationResult>,
    },
}

/// TiCDC's answer to a failed operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationResult {
    /// TiCDC's `error_code` (or the HTTP status / network failure when it sent none).
    pub code: String,
    /// TiCDC's `error_msg`.
    pub message: String,
}

/// Whether a problem stopped the changefeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Seen while the changefeed was failed.
    Error,
    /// Seen while it kept retrying (warning, pending) or running.
    Warning,
}

impl Severity {
    /// The severity of an error field seen in `state`.
    pub fn of(state: FeedState) -> Severity {
        if state == FeedState::Failed {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// "Error" or "Warning".
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        }
    }
}

/// The timeline's filter kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    State,
    Problem,
    Operation,
}

impl EventKind {
    /// Every kind, in the filter's order.
    pub const ALL: [EventKind; 3] = [EventKind::State, EventKind::Problem, EventKind::Operation];

    /// The filter's label.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::State => "State changes",
            EventKind::Problem => "Errors and warnings",
            EventKind::Operation => "Operations",
        }
    }
}

impl Event {
    /// The entry's kind, for the filter.
    pub fn kind(&self) -> EventKind {
        match self.body {
            EventBody::State { .. } => EventKind::State,
            EventBody::Problem { .. } => EventKind::Problem,
            EventBody::Operation { .. } => EventKind::Operation,
        }
    }

    /// The latest time the entry covers (a problem's last sighting), for retention.
    pub fn last_at(&self) -> i64 {
        match self.body {
            EventBody::Problem { last_seen, .. } => last_seen.max(self.at),
            _ => self.at,
        }
    }

    /// Whether `other` records the same thing, as two tabs or two polls would see it: the same
    /// problem, the same operation, or the same state change seen within `STATE_SLACK_MS`.
    fn same_as(&self, other: &Event) -> bool {
        match (&self.body, &other.body) {
            (
                EventBody::State { from, to, .. },
                EventBody::State {
                    from: f2, to: t2, ..
                },
            ) => from == f2 && to == t2 && (self.at - other.at).abs() <= STATE_SLACK_MS,
            (EventBody::Problem { .. }, EventBody::Problem { .. }) => {
                problem_key(self) == problem_key(other)
            }
            (EventBody::Operation { .. }, EventBody::Operation { .. }) => self == other,
            _ => false,
        }
    }
}

/// Two tabs polling the same changefeed see one state change a poll apart.
const STATE_SLACK_MS: i64 = 30_000;

fn problem_key(e: &Event) -> Option<(Severity, &str, &str, &str)> {
    match &e.body {
        EventBody::Problem {
            severity,
            code,
            message,
            addr,
            ..
        } => Some((*severity, code, message, addr)),
        _ => None,
    }
}

/// Records that a problem was seen at `t`: a new entry the first time, otherwise the existing
/// entry's `last_seen` moves (and `at` moves back, if a merged tab saw it earlier).
pub fn see_problem(
    events: &mut Vec<Event>,
    t: i64,
    severity: Severity,
    code: &str,
    message: &str,
    addr: &str,
) {
    for e in events.iter_mut().rev() {
        if let EventBody::Problem {
            severity: s,
            code: c,
            message: m,
            addr: a,
            last_seen,
        } = &mut e.body
            && *s == severity
            && c == code
            && m == message
            && a == addr
        {
            *last_seen = (*last_seen).max(t);
            e.at = e.at.min(t);
            return;
        }
    }
    events.push(Event {
        at: t,
        body: EventBody::Problem {
            severity,
            code: code.to_string(),
            message: message.to_string(),
            addr: addr.to_string(),
            last_seen: t,
        },
    });
}

/// Merges `other` into `events`: entries both have are kept once (a problem's first and last
/// sightings widen to cover both); the result is ordered oldest first.
pub fn merge(events: &mut Vec<Event>, other: &[Event]) {
    for o in other {
        match events.iter_mut().find(|e| e.same_as(o)) {
            Some(e) => {
                if let (
                    EventBody::Problem { last_seen, .. },
                    EventBody::Problem { last_seen: l2, .. },
                ) = (&mut e.body, &o.body)
                {
                    *last_seen = (*last_seen).max(*l2);
                }
                e.at = e.at.min(o.at);
            }
            None => events.push(o.clone()),
        }
    }
    events.sort_by_key(|e| e.at);
}

/// The entries of `kinds`, newest first (the timeline's order).
pub fn newest_first<'a>(events: &'a [Event], kinds: &[EventKind]) -> Vec<&'a Event> {
    let mut v: Vec<&Event> = events
        .iter()
        .filter(|e| kinds.contains(&e.kind()))
        .collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.at));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(at: i64, from: &str, to: &str) -> Event {
        Event {
            at,
            body: EventBody::State {
                from: from.into(),
                to: to.into(),
                prev_seen: at - 3_000,
            },
        }
    }

    #[test]
    fn a_problem_seen_again_moves_its_last_sighting_only() {
        let mut ev = Vec::new();
        see_problem(
            &mut ev,
            10,
            Severity::Warning,
            "CDC:ErrA",
            "boom",
            "10.0.0.1:8300",
        );
        see_problem(
            &mut ev,
            20,
            Severity::Warning,
            "CDC:ErrB",
            "other",
            "10.0.0.1:8300",
        );
        see_problem(
            &mut ev,
            30,
            Severity::Warning,
            "CDC:ErrA",
            "boom",
            "10.0.0.1:8300",
        );
        assert_eq!(ev.len(), 2, "distinct problems: two");
        assert_eq!(ev[0].at, 10);
        assert!(matches!(
            ev[0].body,
            EventBody::Problem { last_seen: 30, .. }
        ));
        // Same code and message from another capture, or as an error: distinct.
        see_problem(
            &mut ev,
            40,
            Severity::Warning,
            "CDC:ErrA",
            "boom",
            "10.0.0.2:8300",
        );
        see_problem(
            &mut ev,
            50,
            Severity::Error,
            "CDC:ErrA",
            "boom",
            "10.0.0.1:8300",
        );
        assert_eq!(ev.len(), 4);
    }

    #[test]
    fn merging_two_tabs_keeps_each_thing_once() {
        let mut a = vec![state(100_000, "normal", "stopped")];
        see_problem(&mut a, 50, Severity::Warning, "C", "m", "x");
        let mut b = vec![
            state(103_000, "normal", "stopped"),
            state(500_000, "stopped", "normal"),
        ];
        see_problem(&mut b, 40, Severity::Warning, "C", "m", "x");
        see_problem(&mut b, 90, Severity::Warning, "C", "m", "x");
        let op = Event {
            at: 7,
            body: EventBody::Operation {
                op: "pause".into(),
                summary: String::new(),
                failure: None,
            },
        };
        b.push(op.clone());
        merge(&mut a, &b);
        assert_eq!(a.len(), 4, "{a:#?}");
        assert_eq!(a[0], op, "oldest first");
        assert_eq!(a[1].at, 40);
        assert!(matches!(
            a[1].body,
            EventBody::Problem { last_seen: 90, .. }
        ));
        merge(&mut a, &b.clone());
        assert_eq!(a.len(), 4, "merging again changes nothing");
    }

    #[test]
    fn timeline_is_newest_first_and_filtered_by_kind() {
        let mut ev = vec![
            state(10, "normal", "stopped"),
            state(30, "stopped", "normal"),
        ];
        see_problem(&mut ev, 20, Severity::Error, "C", "m", "x");
        let all = newest_first(&ev, &EventKind::ALL);
        assert_eq!(
            all.iter().map(|e| e.at).collect::<Vec<_>>(),
            vec![30, 20, 10]
        );
        let states = newest_first(&ev, &[EventKind::State]);
        assert_eq!(states.len(), 2);
        assert!(newest_first(&ev, &[EventKind::Operation]).is_empty());
    }

    #[test]
    fn severity_follows_the_state() {
        assert_eq!(Severity::of(FeedState::Failed), Severity::Error);
        assert_eq!(Severity::of(FeedState::Warning), Severity::Warning);
        assert_eq!(Severity::of(FeedState::Pending), Severity::Warning);
    }
}
