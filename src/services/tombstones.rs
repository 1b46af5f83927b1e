//! The tombstones of changefeeds deleted in this tab, kept in its sessionStorage (the record
//! and its rules are `crate::tombstone`).

use super::session_storage;
use crate::tombstone::{self, Tombstone};

/// sessionStorage key of the tombstones of changefeeds deleted in this tab.
const TOMBSTONES_KEY: &str = "ticdc-console.tombstones";

/// The tombstones kept in this tab (newest first).
pub fn load_tombstones() -> Vec<Tombstone> {
    session_storage()
        .and_then(|s| s.get_item(TOMBSTONES_KEY).ok().flatten())
        .map(|raw| tombstone::decode(&raw))
        .unwrap_or_default()
}

/// Whether this tab keeps any tombstones (without reading them).
pub fn any_tombstones() -> bool {
    session_storage()
        .and_then(|s| s.get_item(TOMBSTONES_KEY).ok().flatten())
        .is_some()
}

/// Keeps `t` in front of this tab's tombstones.
pub fn save_tombstone(t: Tombstone) {
    save_tombstones(vec![t]);
}

/// Keeps a batch (oldest first) in front of this tab's tombstones, in one write: a bulk delete
/// saves its tombstones at once instead of rewriting the list per changefeed.
pub fn save_tombstones(new: Vec<Tombstone>) {
    let mut all = load_tombstones();
    tombstone::push_all(&mut all, new);
    if all.is_empty() {
        return;
    }
    if let Some(s) = session_storage() {
        let _ = s.set_item(TOMBSTONES_KEY, &tombstone::encode(&all));
    }
}

/// Forgets this tab's tombstones.
pub fn clear_tombstones() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(TOMBSTONES_KEY);
    }
}
