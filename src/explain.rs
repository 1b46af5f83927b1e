//! Plain words for TiCDC's codes and numbers, as the changefeed and cluster pages show them:
//! what to check for an error code, how an error reads in each state, the admin job type (a
//! capture's liveness is `drain::liveness_text`). Pure, tested natively.

use crate::state::FeedState;

/// Remediation hints for the error codes operators meet most.
pub fn remediation(code: &str) -> Option<&'static str> {
    Some(match code {
        "CDC:ErrSnapshotLostByGC" | "CDC:ErrGCTTLExceeded" | "CDC:ErrStartTsBeforeGC" => {
            "The checkpoint fell behind TiDB's GC safepoint: the data needed to continue is gone. Recreate the changefeed from a recent TSO (or resume with an overwrite checkpoint after the GC safepoint) and backfill the gap."
        }
        "CDC:ErrChangefeedUnretryable" => {
            "The checkpoint was stuck longer than changefeed_error_stuck_duration. Fix the cause in the message, then Resume."
        }
        "CDC:ErrMySQLConnectionError" | "CDC:ErrMySQLTxnError" | "CDC:ErrReachMaxTry" => {
            "Check the downstream database: reachable, credentials valid, not out of space or connections."
        }
        "CDC:ErrKafkaNewProducer" | "CDC:ErrKafkaSendMessage" | "CDC:ErrKafkaAsyncSendMessage" => {
            "Check the Kafka brokers and topic: reachable, topic exists, message size within max-message-bytes."
        }
        _ => return None,
    })
}

/// How the changefeed page heads the current error: a title and what TiCDC does about it in
/// this state (TiCDC reports an error only while a changefeed is not normal, stopped or
/// finished, and keeps only the latest one).
pub fn error_heading(state: FeedState) -> (&'static str, &'static str) {
    match state {
        FeedState::Failed => (
            "Failed",
            "TiCDC stopped this changefeed: an unretryable error, or a checkpoint stuck past changefeed_error_stuck_duration. It will not retry by itself; fix the cause and Resume.",
        ),
        FeedState::Pending => (
            "Error, retrying (pending)",
            "A retryable error: TiCDC is backing off and will retry. The list shows this as warning. If it keeps failing past changefeed_error_stuck_duration (default 30 min) the changefeed becomes failed.",
        ),
        FeedState::Warning => (
            "Warning, retrying",
            "TiCDC is retrying after this error or running with this warning; it returns to normal once the checkpoint advances past it.",
        ),
        _ => (
            "Error",
            "The last error TiCDC recorded for this changefeed.",
        ),
    }
}

/// TiCDC's `admin_job_type` in words (the last admin job: none, stop, resume, remove, finish).
pub fn admin_job_meaning(v: Option<i64>) -> String {
    match v.unwrap_or(0) {
        0 => "0 — none (running)".into(),
        1 => "1 — stop (paused by a user, or stopped by an error)".into(),
        2 => "2 — resume".into(),
        3 => "3 — remove".into(),
        4 => "4 — finish (reached target_ts)".into(),
        n => format!("{n} — unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remediation_covers_the_codes_operators_meet_most() {
        for code in [
            "CDC:ErrSnapshotLostByGC",
            "CDC:ErrGCTTLExceeded",
            "CDC:ErrStartTsBeforeGC",
        ] {
            assert!(
                remediation(code).unwrap().contains("GC safepoint"),
                "{code}"
            );
        }
        assert!(
            remediation("CDC:ErrChangefeedUnretryable")
                .unwrap()
                .contains("Resume")
        );
        assert!(
            remediation("CDC:ErrMySQLTxnError")
                .unwrap()
                .contains("downstream database")
        );
        assert!(
            remediation("CDC:ErrKafkaSendMessage")
                .unwrap()
                .contains("Kafka brokers")
        );
        assert_eq!(remediation("CDC:ErrSomethingElse"), None);
        assert_eq!(remediation(""), None);
    }

    #[test]
    fn error_heading_says_whether_ticdc_retries() {
        assert_eq!(error_heading(FeedState::Failed).0, "Failed");
        assert!(
            error_heading(FeedState::Failed)
                .1
                .contains("will not retry")
        );
        assert_eq!(
            error_heading(FeedState::Pending).0,
            "Error, retrying (pending)"
        );
        assert!(error_heading(FeedState::Pending).1.contains("will retry"));
        assert_eq!(error_heading(FeedState::Warning).0, "Warning, retrying");
        assert_eq!(error_heading(FeedState::Normal).0, "Error");
    }

    #[test]
    fn admin_jobs_in_words() {
        assert_eq!(admin_job_meaning(None), "0 — none (running)");
        assert_eq!(
            admin_job_meaning(Some(1)),
            "1 — stop (paused by a user, or stopped by an error)"
        );
        assert_eq!(admin_job_meaning(Some(4)), "4 — finish (reached target_ts)");
        assert_eq!(admin_job_meaning(Some(9)), "9 — unknown");
    }
}
