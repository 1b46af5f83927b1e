//! Draining a node before maintenance, and what the console can know about each node's
//! liveness (../shared/ticdc/RELEASES.md §2, ../shared/ticdc/API.md §9.1).
//!
//! The new architecture drains only through `PUT /api/v1/captures/drain`, which answers 202
//! `{"current_table_count": N}` and is polled by calling it again (each call re-issues the
//! drain) until N is 0. `GET /api/v2/captures` carries no drain state: only a node's own
//! `GET /api/v2/status` says `liveness`, and that route is not forwarded, so the console can
//! read it only for the node its `/api/` proxy reaches.

use crate::api::release::Profile;
use crate::api::{Capture, Liveness, ServerStatus};

/// How often the console polls a running drain.
pub const POLL_MS: u32 = 1000;

/// A drain the console is following.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrainProgress {
    /// The node being drained.
    pub capture_id: String,
    /// Its address, for display.
    pub address: String,
    /// The first count TiCDC answered.
    pub first: i64,
    /// The latest count.
    pub remaining: i64,
    /// Answers so far.
    pub polls: u32,
}

impl DrainProgress {
    /// A drain that TiCDC accepted with `count` tables left.
    pub fn started(capture_id: &str, address: &str, count: i64) -> Self {
        DrainProgress {
            capture_id: capture_id.into(),
            address: address.into(),
            first: count,
            remaining: count,
            polls: 1,
        }
    }

    /// Records the next answer.
    pub fn record(&mut self, count: i64) {
        self.remaining = count;
        self.polls += 1;
    }

    /// Nothing left: the node can be stopped.
    pub fn is_done(&self) -> bool {
        self.remaining <= 0
    }

    /// The progress line.
    pub fn text(&self) -> String {
        if self.is_done() {
            format!(
                "{} is drained: no tables left on it. It can be stopped for maintenance.",
                self.address
            )
        } else {
            format!(
                "Draining {}: {} table{} left (TiCDC counts the node's dispatchers and maintainers; started at {}).",
                self.address,
                self.remaining,
                if self.remaining == 1 { "" } else { "s" },
                self.first
            )
        }
    }
}

/// A node's liveness as the console can know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeLiveness {
    /// Read from the node's own `/api/v2/status`.
    Known(Liveness),
    /// The node's own `/status` is out of this deployment's reach.
    Unreachable,
}

impl NodeLiveness {
    /// The cell text.
    pub fn text(&self) -> String {
        match self {
            NodeLiveness::Known(l) => l.label(),
            NodeLiveness::Unreachable => "Not readable here".into(),
        }
    }
}

/// Why a node's liveness cannot be shown, for the note under the table.
pub const UNREACHABLE_NOTE: &str = "TiCDC reports liveness only in each node's own /api/v2/status, which it does not forward; this console's /api/ proxy reaches one node, so the others' liveness is not readable from here. A running drain's progress comes from the coordinator instead.";

/// Each capture's liveness: known for the node the console's proxy reaches (`connected`, its
/// own status), unreachable for the others.
pub fn liveness_of(
    captures: &[Capture],
    connected: Option<&ServerStatus>,
    names: &[&str],
) -> Vec<(String, NodeLiveness)> {
    captures
        .iter()
        .map(|c| {
            let l = match connected {
                Some(s) if s.id == c.id => {
                    NodeLiveness::Known(Liveness::from_wire(s.liveness, names))
                }
                _ => NodeLiveness::Unreachable,
            };
            (c.id.clone(), l)
        })
        .collect()
}

/// The names of TiCDC's `liveness` values in `profile`'s release (they differ: 1 is draining on
/// the new architecture's master, stopping elsewhere). Until the release is known only 0, alive,
/// is read: the one value every release names the same.
pub fn liveness_names(profile: Option<&Profile>) -> &'static [&'static str] {
    profile.map_or(&["alive"], |p| p.behaviour().liveness)
}

/// A node's liveness in words with TiCDC's value, as the cluster page's "This node" shows it:
/// "Alive (0)", "Draining (1)", "Unknown (3)".
pub fn liveness_text(value: i64, names: &[&str]) -> String {
    match Liveness::from_wire(value, names) {
        l @ Liveness::Unknown(_) => l.label(),
        l => format!("{} ({value})", l.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &[&str] = &["alive", "draining", "stopping"];
    const CLASSIC: &[&str] = &["alive", "stopping"];

    #[test]
    fn progress_counts_down_to_done() {
        let mut p = DrainProgress::started("c2", "10.0.1.12:8300", 3);
        assert!(!p.is_done());
        assert!(p.text().contains("3 tables left"), "{}", p.text());
        p.record(1);
        assert!(p.text().contains("1 table left"), "{}", p.text());
        p.record(0);
        assert!(p.is_done());
        assert_eq!(p.polls, 3);
        assert!(p.text().contains("is drained"));
    }

    #[test]
    fn liveness_only_for_the_reachable_node_and_by_the_release_names() {
        let caps = [
            Capture {
                id: "a".into(),
                ..Default::default()
            },
            Capture {
                id: "b".into(),
                ..Default::default()
            },
        ];
        let status = ServerStatus {
            id: "a".into(),
            liveness: 1,
            ..Default::default()
        };
        let l = liveness_of(&caps, Some(&status), NEW);
        assert_eq!(l[0].1, NodeLiveness::Known(Liveness::Draining));
        assert_eq!(l[1].1, NodeLiveness::Unreachable);
        assert_eq!(l[1].1.text(), "Not readable here");
        // Classic and ticdc v26.3.4: 1 is stopping.
        let l = liveness_of(&caps, Some(&status), CLASSIC);
        assert_eq!(l[0].1.text(), "Stopping");
        assert_eq!(Liveness::from_wire(2, NEW), Liveness::Stopping);
        assert_eq!(Liveness::from_wire(0, NEW).label(), "Alive");
        assert_eq!(Liveness::from_wire(2, CLASSIC), Liveness::Unknown(2));
        assert!(
            liveness_of(&caps, None, NEW)
                .iter()
                .all(|(_, l)| *l == NodeLiveness::Unreachable)
        );
    }

    #[test]
    fn this_nodes_liveness_in_the_release_words_with_the_value() {
        assert_eq!(liveness_text(0, NEW), "Alive (0)");
        assert_eq!(liveness_text(1, NEW), "Draining (1)");
        assert_eq!(liveness_text(1, CLASSIC), "Stopping (1)");
        assert_eq!(liveness_text(3, NEW), "Unknown (3)");
        // Before the release is known, only alive is sure.
        assert_eq!(liveness_names(None), ["alive"]);
        assert_eq!(liveness_text(1, liveness_names(None)), "Unknown (1)");
    }
}
