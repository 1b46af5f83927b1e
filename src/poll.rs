//! When a polled view fetches next: the scheduling rule behind every auto-refresh, kept pure so
//! it is tested natively. A view asks [`PollSchedule::due`] on each tick; because one loop
//! awaits each fetch before asking again, requests of one view never overlap.

/// The refresh schedule of one polled view.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSchedule {
    /// Milliseconds between the end of one fetch and the start of the next.
    pub interval_ms: f64,
    next_due_ms: f64,
    requested: bool,
}

impl PollSchedule {
    /// A schedule whose first fetch is due at once.
    pub fn new(interval_ms: f64) -> Self {
        PollSchedule {
            interval_ms,
            next_due_ms: f64::MIN,
            requested: true,
        }
    }

    /// Whether to fetch now. A hidden tab waits, except for a refresh the user asked for.
    pub fn due(&self, now_ms: f64, hidden: bool) -> bool {
        self.requested || (!hidden && now_ms >= self.next_due_ms)
    }

    /// Records that a fetch starts: it answers every request made so far.
    pub fn started(&mut self) {
        self.requested = false;
    }

    /// Records that a fetch finished at `now_ms`: the next one is an interval away, unless a
    /// refresh was requested while it was in flight.
    pub fn finished(&mut self, now_ms: f64) {
        self.next_due_ms = now_ms + self.interval_ms;
    }

    /// Asks for a fetch on the next tick (a user's refresh, a changed filter, a finished write).
    pub fn request(&mut self) {
        self.requested = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_fetch_is_immediate_then_waits_an_interval() {
        let mut s = PollSchedule::new(2000.0);
        assert!(s.due(0.0, false));
        s.started();
        s.finished(100.0);
        assert!(!s.due(1000.0, false));
        assert!(s.due(2100.0, false));
    }

    #[test]
    fn hidden_tab_pauses_but_explicit_requests_still_run() {
        let mut s = PollSchedule::new(2000.0);
        s.started();
        s.finished(0.0);
        assert!(!s.due(5000.0, true), "hidden: no background polling");
        assert!(s.due(5000.0, false), "visible again: catch up at once");
        s.request();
        assert!(s.due(5000.0, true));
        s.started();
        s.finished(5000.0);
        assert!(!s.due(5001.0, false));
    }

    #[test]
    fn a_refresh_requested_during_a_fetch_is_not_lost() {
        let mut s = PollSchedule::new(2000.0);
        s.started();
        s.request(); // e.g. the user paused a changefeed while the list was loading
        s.finished(10.0);
        assert!(s.due(11.0, false));
    }
}
