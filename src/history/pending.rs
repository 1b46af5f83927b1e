//! What the pages record while the recorder's code (a wasm chunk fetched after the first rows
//! show) is on its way: kept in order, and handed to the recorder once it is there.
//!
//! The list's poll answers are shared (`Arc`), so keeping one costs nothing; a slow chunk
//! (a slow VPN) still keeps memory bounded: only the last [`MAX_LIST_POLLS`] list answers and
//! [`MAX_DETAIL_POLLS`] detail answers are kept. Operations done from the console and the
//! cluster or scope the pages follow are all kept, in order, so nothing the user did is lost.

use std::sync::Arc;

use super::{OperationResult, Sample};
use crate::list::ListRow;

/// List answers kept while the recorder loads.
pub const MAX_LIST_POLLS: usize = 3;
/// Detail answers kept while the recorder loads.
pub const MAX_DETAIL_POLLS: usize = 8;

/// A changefeed's error or warning, owned (`recorder::ProblemSeen` borrows it from the poll's
/// answer, which is gone by the time the recorder arrives).
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemOwned {
    pub code: String,
    pub message: String,
    pub addr: String,
}

/// One thing the pages told the history.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// The pages moved to this cluster and scope (`history::storage_key`).
    Follow(String),
    /// A list answer: its rows, TiCDC's clock when it arrived, and the browser time.
    List(Arc<Vec<ListRow>>, i64, f64),
    /// A detail answer of one changefeed.
    Detail(String, Sample, Option<ProblemOwned>),
    /// An operation done from this console (`id`, `op`, `summary`, TiCDC's failure if any).
    Operation(String, String, String, Option<OperationResult>),
    /// Store and show the operations kept so far.
    Flush,
}

/// Appends `item` to `queue`, dropping the oldest list (or detail) answer past its cap. A
/// `Follow` to the cluster and scope already followed last is not repeated.
pub fn push(queue: &mut Vec<Pending>, item: Pending) {
    match &item {
        Pending::Follow(key) => {
            let last = queue.iter().rev().find_map(|p| match p {
                Pending::Follow(k) => Some(k),
                _ => None,
            });
            if last == Some(key) {
                return;
            }
        }
        Pending::List(..) => drop_oldest_past(queue, MAX_LIST_POLLS - 1, |p| {
            matches!(p, Pending::List(..))
        }),
        Pending::Detail(..) => drop_oldest_past(queue, MAX_DETAIL_POLLS - 1, |p| {
            matches!(p, Pending::Detail(..))
        }),
        Pending::Operation(..) | Pending::Flush => {}
    }
    queue.push(item);
}

/// Removes the oldest entries matching `is` until at most `keep` of them are left.
fn drop_oldest_past(queue: &mut Vec<Pending>, keep: usize, is: impl Fn(&Pending) -> bool) {
    let mut extra = queue.iter().filter(|p| is(p)).count().saturating_sub(keep);
    queue.retain(|p| {
        if extra > 0 && is(p) {
            extra -= 1;
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::FeedState;

    fn list(at: f64) -> Pending {
        Pending::List(Arc::new(Vec::new()), 0, at)
    }

    fn detail(at: i64) -> Pending {
        Pending::Detail(
            "a".into(),
            Sample::new(at, Some(1), FeedState::Normal),
            None,
        )
    }

    fn op(n: &str) -> Pending {
        Pending::Operation("a".into(), n.into(), String::new(), None)
    }

    #[test]
    fn keeps_the_order_of_everything_but_old_answers() {
        let mut q = Vec::new();
        push(&mut q, Pending::Follow("k1".into()));
        for at in 0..10 {
            push(&mut q, list(at as f64));
            if at == 4 {
                push(&mut q, op("pause"));
                push(&mut q, Pending::Flush);
            }
        }
        // Only the last three list answers, and the operation where it was.
        assert_eq!(
            q,
            vec![
                Pending::Follow("k1".into()),
                op("pause"),
                Pending::Flush,
                list(7.0),
                list(8.0),
                list(9.0)
            ]
        );
    }

    #[test]
    fn details_are_capped_apart_from_lists() {
        let mut q = Vec::new();
        push(&mut q, list(0.0));
        for at in 0..20 {
            push(&mut q, detail(at));
        }
        assert_eq!(q.len(), 1 + MAX_DETAIL_POLLS);
        assert_eq!(q[0], list(0.0));
        assert_eq!(q[1], detail(20 - MAX_DETAIL_POLLS as i64));
        assert_eq!(q[MAX_DETAIL_POLLS], detail(19));
    }

    #[test]
    fn operations_are_never_dropped() {
        let mut q = Vec::new();
        for i in 0..10_000 {
            push(&mut q, op(&i.to_string()));
            push(&mut q, list(i as f64));
        }
        assert_eq!(
            q.iter()
                .filter(|p| matches!(p, Pending::Operation(..)))
                .count(),
            10_000
        );
        assert_eq!(
            q.iter().filter(|p| matches!(p, Pending::List(..))).count(),
            MAX_LIST_POLLS
        );
    }

    #[test]
    fn a_follow_is_kept_only_when_it_changes_the_key() {
        let mut q = Vec::new();
        push(&mut q, Pending::Follow("k1".into()));
        push(&mut q, list(1.0));
        push(&mut q, Pending::Follow("k1".into()));
        push(&mut q, Pending::Follow("k2".into()));
        push(&mut q, Pending::Follow("k1".into()));
        assert_eq!(
            q,
            vec![
                Pending::Follow("k1".into()),
                list(1.0),
                Pending::Follow("k2".into()),
                Pending::Follow("k1".into())
            ]
        );
    }
}
