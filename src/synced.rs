//! Reading TiCDC's synced status (GET /changefeeds/{id}/synced, ../shared/ticdc/API.md §4.11) in
//! plain words.
//!
//! TiCDC's `info` text is terse and two of its cases share one sentence, so this works out which
//! branch of TiCDC's `synced` handler produced the answer, from the four JSONTime values and the
//! changefeed's `synced_status` thresholds, and says what an operator should check next. The
//! JSONTimes are all in the server's zone, so differences between them are exact (to the ms);
//! `now_ts` is truncated to whole seconds by TiCDC, which can shift a boundary by < 1 s.

use crate::api::SyncedStatus;
use crate::format::parse_json_time;

/// TiCDC's defaults when the changefeed's `synced_status` is unset or has a zero (API.md §4.11).
pub const DEFAULT_SYNCED_CHECK_INTERVAL_S: i64 = 300;
/// See [`DEFAULT_SYNCED_CHECK_INTERVAL_S`].
pub const DEFAULT_CHECKPOINT_INTERVAL_S: i64 = 15;

/// The thresholds TiCDC used: the changefeed's own when both are non-zero, else the defaults.
pub fn thresholds(
    synced_check_interval_s: Option<i64>,
    checkpoint_interval_s: Option<i64>,
) -> (i64, i64) {
    match (synced_check_interval_s, checkpoint_interval_s) {
        (Some(s), Some(c)) if s != 0 && c != 0 => (s, c),
        _ => (
            DEFAULT_SYNCED_CHECK_INTERVAL_S,
            DEFAULT_CHECKPOINT_INTERVAL_S,
        ),
    }
}

/// The branch of TiCDC's handler (API.md §4.11 table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncedCase {
    /// 1 / 1b: TiCDC could not reach PD (only with an alternative upstream in the request).
    PdUnreachable,
    /// 2: no new data for longer than the synced check interval and the checkpoint is fresh.
    Synced,
    /// 3: no new data for a while, checkpoint behind, but the puller is close to the
    /// checkpoint: PD or TiKV regions may be unavailable.
    CheckUpstream,
    /// 3b: no new data for a while, and the checkpoint is far behind the puller: the sink is
    /// still catching up.
    SinkBehind,
    /// 4: data was written to the downstream recently: replication is still in progress.
    StillWriting,
    /// 4 with `now_ts` at 1970: TiCDC failed to read PD's clock and treated now as 0.
    NoPdClock,
}

impl SyncedCase {
    /// The case's number in API.md §4.11.
    pub fn number(self) -> &'static str {
        match self {
            SyncedCase::PdUnreachable => "1",
            SyncedCase::Synced => "2",
            SyncedCase::CheckUpstream => "3",
            SyncedCase::SinkBehind => "3b",
            SyncedCase::StillWriting | SyncedCase::NoPdClock => "4",
        }
    }
}

/// What the synced status means, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncedReading {
    pub case: SyncedCase,
    /// One sentence: the conclusion.
    pub headline: String,
    /// Why TiCDC concluded that, with the numbers.
    pub reason: String,
    /// What to check next.
    pub next: Vec<String>,
    /// `now − last_synced_ts` in ms, when both parse.
    pub since_last_write_ms: Option<i64>,
    /// `now − sink_checkpoint_ts` in ms.
    pub checkpoint_lag_ms: Option<i64>,
    /// `puller_resolved_ts − sink_checkpoint_ts` in ms.
    pub puller_gap_ms: Option<i64>,
}

const INFO_SYNCED: &str = "Data syncing is finished";
const INFO_WAIT: &str = "The data syncing is not finished, please wait";
const INFO_CHECK_PD_PREFIX: &str =
    "Please check whether PD is online and TiKV Regions are all available";

fn ms(s: &str) -> Option<i64> {
    parse_json_time(s).map(|d| d.to_unix_ms())
}

fn secs(ms: i64) -> String {
    crate::format::format_lag_ms(ms)
}

/// Reads a synced status, given the thresholds from [`thresholds`] (seconds).
pub fn explain(
    status: &SyncedStatus,
    synced_check_interval_s: i64,
    checkpoint_interval_s: i64,
) -> SyncedReading {
    let s_ms = synced_check_interval_s.saturating_mul(1000);
    let c_ms = checkpoint_interval_s.saturating_mul(1000);
    let now = ms(&status.now_ts);
    let ckpt = ms(&status.sink_checkpoint_ts);
    let last = ms(&status.last_synced_ts);
    let puller = ms(&status.puller_resolved_ts);
    let diff = |a: Option<i64>, b: Option<i64>| Some(a? - b?);
    let since_last_write_ms = diff(now, last);
    let checkpoint_lag_ms = diff(now, ckpt);
    let puller_gap_ms = diff(puller, ckpt);
    let now_is_epoch = parse_json_time(&status.now_ts).is_some_and(|d| d.year <= 1970);
    let info = status.info.trim();

    let case = if status.synced || info == INFO_SYNCED {
        SyncedCase::Synced
    } else if info.contains("You should check the pd status first")
        || info.ends_with("Besides the data is not finish syncing")
    {
        SyncedCase::PdUnreachable
    } else if info.starts_with(INFO_CHECK_PD_PREFIX) {
        SyncedCase::CheckUpstream
    } else if now_is_epoch {
        SyncedCase::NoPdClock
    } else {
        // INFO_WAIT is both 3b and 4 (or an unknown text): the times tell them apart.
        match (since_last_write_ms, puller_gap_ms) {
            (Some(idle), Some(gap)) if idle > s_ms && gap >= c_ms => SyncedCase::SinkBehind,
            (Some(idle), Some(gap)) if idle > s_ms && gap < c_ms && info != INFO_WAIT => {
                SyncedCase::CheckUpstream
            }
            _ => SyncedCase::StillWriting,
        }
    };

    let s_txt = secs(s_ms);
    let c_txt = secs(c_ms);
    let opt = |v: Option<i64>| v.map(secs).unwrap_or_else(|| "unknown".into());
    let (headline, reason, next): (&str, String, Vec<&str>) = match case {
        SyncedCase::Synced => (
            "Synced: everything upstream has reached the downstream.",
            format!(
                "No new data was written to the downstream for {} (more than the {} synced check interval) and the sink checkpoint is only {} behind (less than the {} checkpoint interval).",
                opt(since_last_write_ms), s_txt, opt(checkpoint_lag_ms), c_txt
            ),
            vec!["Nothing to do. If you are waiting to cut over, you can stop writes upstream and confirm this stays \"yes\"."],
        ),
        SyncedCase::PdUnreachable => (
            "Unknown: TiCDC could not reach PD to read the current time.",
            "TiCDC could not create a PD client for the upstream given in the request, so it cannot compare against PD's clock.".into(),
            vec![
                "Check that PD is online and reachable from the TiCDC nodes.",
                "If PD is deliberately offline, data is fully synced once the time since the last write exceeds the synced check interval.",
            ],
        ),
        SyncedCase::CheckUpstream => (
            "Probably not synced: the checkpoint is stuck but the puller has no more data.",
            format!(
                "No new data for {} (more than {}), the sink checkpoint is {} behind PD's time (not within {}), yet the puller's resolved ts is only {} ahead of the checkpoint. Either some TiKV regions are unavailable (then replication cannot make progress) or PD is offline.",
                opt(since_last_write_ms), s_txt, opt(checkpoint_lag_ms), c_txt, opt(puller_gap_ms)
            ),
            vec![
                "Check that PD is online.",
                "In Grafana, TiKV-Details › Resolved-Ts › Max Leader Resolved TS gap: a gap of minutes means some regions are unavailable.",
                "If PD is online and the gap is small, syncing is incomplete: wait and watch the checkpoint lag.",
            ],
        ),
        SyncedCase::SinkBehind => (
            "Not synced: the sink is behind what TiCDC has already pulled.",
            format!(
                "No new data reached the downstream for {} (more than {}), and the puller's resolved ts is {} ahead of the sink checkpoint (at least the {} checkpoint interval): data is pulled but not yet written.",
                opt(since_last_write_ms), s_txt, opt(puller_gap_ms), c_txt
            ),
            vec![
                "Check the downstream: is it reachable, slow, or refusing writes? Look at this changefeed's error block and the TiCDC logs.",
                "Watch whether the checkpoint lag shrinks between refreshes; if it does not, the sink is stuck.",
            ],
        ),
        SyncedCase::StillWriting => (
            "Not synced yet: data is still being written to the downstream.",
            format!(
                "The last write to the downstream was {} ago, within the {} synced check interval, so TiCDC cannot yet call it finished.",
                opt(since_last_write_ms), s_txt
            ),
            vec![
                "If upstream writes have stopped, wait for the synced check interval to pass and look again.",
                "If writes continue upstream, this is expected and will not become \"yes\" until they stop.",
            ],
        ),
        SyncedCase::NoPdClock => (
            "Unknown: TiCDC could not read PD's clock (now_ts is 1970).",
            "TiCDC ignores a failure to get a TSO from PD and treats the current time as 0, which always reads as \"not finished\".".into(),
            vec!["Check PD's health and the TiCDC logs for PD errors, then look again."],
        ),
    };
    SyncedReading {
        case,
        headline: headline.to_string(),
        reason,
        next: next.into_iter().map(str::to_string).collect(),
        since_last_write_ms,
        checkpoint_lag_ms,
        puller_gap_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(
        synced: bool,
        now: &str,
        last: &str,
        ckpt: &str,
        puller: &str,
        info: &str,
    ) -> SyncedStatus {
        SyncedStatus {
            synced,
            now_ts: now.into(),
            last_synced_ts: last.into(),
            sink_checkpoint_ts: ckpt.into(),
            puller_resolved_ts: puller.into(),
            info: info.into(),
            ..Default::default()
        }
    }

    #[test]
    fn thresholds_use_own_values_only_when_both_set() {
        assert_eq!(thresholds(None, None), (300, 15));
        assert_eq!(thresholds(Some(60), Some(0)), (300, 15));
        assert_eq!(thresholds(Some(60), Some(5)), (60, 5));
    }

    #[test]
    fn case_2_synced() {
        let r = explain(
            &st(
                true,
                "2024-05-01 10:10:00.000",
                "2024-05-01 10:00:00.000",
                "2024-05-01 10:09:59.000",
                "2024-05-01 10:09:59.500",
                INFO_SYNCED,
            ),
            300,
            15,
        );
        assert_eq!(r.case, SyncedCase::Synced);
        assert_eq!(r.since_last_write_ms, Some(600_000));
        assert_eq!(r.checkpoint_lag_ms, Some(1_000));
        assert!(r.reason.contains("10m 00s"));
    }

    #[test]
    fn case_3_and_3b_and_4() {
        let three = st(
            false,
            "2024-05-01 10:10:00.000",
            "2024-05-01 10:00:00.000",
            "2024-05-01 10:05:00.000",
            "2024-05-01 10:05:02.000",
            "Please check whether PD is online and TiKV Regions are all available. If PD is offline …",
        );
        assert_eq!(explain(&three, 300, 15).case, SyncedCase::CheckUpstream);
        assert_eq!(explain(&three, 300, 15).puller_gap_ms, Some(2_000));

        let three_b = st(
            false,
            "2024-05-01 10:10:00.000",
            "2024-05-01 10:00:00.000",
            "2024-05-01 10:05:00.000",
            "2024-05-01 10:09:00.000",
            INFO_WAIT,
        );
        assert_eq!(explain(&three_b, 300, 15).case, SyncedCase::SinkBehind);

        let four = st(
            false,
            "2024-05-01 10:10:00.000",
            "2024-05-01 10:09:58.000",
            "2024-05-01 10:09:58.000",
            "2024-05-01 10:09:59.000",
            INFO_WAIT,
        );
        let r = explain(&four, 300, 15);
        assert_eq!(r.case, SyncedCase::StillWriting);
        assert_eq!(r.case.number(), "4");
        // Thresholds that disagree with TiCDC's own text: TiCDC's sentence wins (it said "wait",
        // which is never case 3), rather than contradicting the server.
        assert_eq!(explain(&four, 1, 15).case, SyncedCase::StillWriting);
    }

    #[test]
    fn pd_problems() {
        let epoch = st(
            false,
            "1970-01-01 08:00:00.000",
            "2024-05-01 10:00:00.000",
            "2024-05-01 10:05:00.000",
            "2024-05-01 10:05:00.000",
            INFO_WAIT,
        );
        assert_eq!(explain(&epoch, 300, 15).case, SyncedCase::NoPdClock);
        let one_b = st(
            false,
            "1970-01-01 08:00:00.000",
            "2024-05-01 10:00:00.000",
            "2024-05-01 10:05:00.000",
            "2024-05-01 10:05:00.000",
            "context deadline exceeded. You should check the pd status first. If pd status is normal, …",
        );
        assert_eq!(explain(&one_b, 300, 15).case, SyncedCase::PdUnreachable);
        let one = st(
            false,
            "1970-01-01 08:00:00.000",
            "x",
            "y",
            "z",
            "boom. Besides the data is not finish syncing",
        );
        let r = explain(&one, 300, 15);
        assert_eq!(r.case, SyncedCase::PdUnreachable);
        assert_eq!(r.since_last_write_ms, None, "junk times do not panic");
    }
}
