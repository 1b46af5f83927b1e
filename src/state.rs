//! Changefeed states, the actions each allows, and the list's state filter (../shared/ticdc/API.md
//! §4.5, §4.7, §5).

/// A changefeed's state as TiCDC reports it (`cdc/model/changefeed.go` `FeedState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeedState {
    /// Replicating.
    Normal,
    /// A retryable error occurred; backing off (displayed as `warning` in the list).
    Pending,
    /// Retrying after an error or running with a warning.
    Warning,
    /// Paused by a user.
    Stopped,
    /// Stopped by an unretryable error or a stuck checkpoint.
    Failed,
    /// Reached `target_ts`.
    Finished,
    /// Being removed (never observable through the API).
    Removed,
    /// `""`: created but not yet ticked by the owner (displayed as `normal` in the list).
    Uninitialized,
    /// A state string this console does not know.
    Unknown,
}

impl FeedState {
    /// Every state, for tests and legends.
    pub const ALL: [FeedState; 9] = [
        FeedState::Normal,
        FeedState::Pending,
        FeedState::Warning,
        FeedState::Stopped,
        FeedState::Failed,
        FeedState::Finished,
        FeedState::Removed,
        FeedState::Uninitialized,
        FeedState::Unknown,
    ];

    /// Parses TiCDC's raw state string (case-sensitive like TiCDC; `""` = uninitialized).
    pub fn parse(s: &str) -> FeedState {
        match s {
            "normal" => FeedState::Normal,
            "pending" => FeedState::Pending,
            "warning" => FeedState::Warning,
            "stopped" => FeedState::Stopped,
            "failed" => FeedState::Failed,
            "finished" => FeedState::Finished,
            "removed" => FeedState::Removed,
            "" => FeedState::Uninitialized,
            _ => FeedState::Unknown,
        }
    }

    /// TiCDC's string (`""` for uninitialized, `"unknown"` for unknown); also a CSS modifier
    /// (use [`FeedState::css_class`] where `""` would be awkward).
    pub fn as_str(self) -> &'static str {
        match self {
            FeedState::Normal => "normal",
            FeedState::Pending => "pending",
            FeedState::Warning => "warning",
            FeedState::Stopped => "stopped",
            FeedState::Failed => "failed",
            FeedState::Finished => "finished",
            FeedState::Removed => "removed",
            FeedState::Uninitialized => "",
            FeedState::Unknown => "unknown",
        }
    }

    /// A non-empty token for CSS modifiers (`uninitialized` instead of `""`).
    pub fn css_class(self) -> &'static str {
        match self {
            FeedState::Uninitialized => "uninitialized",
            s => s.as_str(),
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            FeedState::Normal => "Normal",
            FeedState::Pending => "Pending",
            FeedState::Warning => "Warning",
            FeedState::Stopped => "Stopped",
            FeedState::Failed => "Failed",
            FeedState::Finished => "Finished",
            FeedState::Removed => "Removed",
            FeedState::Uninitialized => "Initializing",
            FeedState::Unknown => "Unknown",
        }
    }

    /// TiCDC's `IsRunning`: normal or warning.
    pub fn is_running(self) -> bool {
        matches!(self, FeedState::Normal | FeedState::Warning)
    }

    /// Whether the state carries an error worth showing prominently.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            FeedState::Failed | FeedState::Warning | FeedState::Pending
        )
    }
}

/// The list's display mapping (`ChangefeedCommonInfo.MarshalJSON`): `pending` → warning,
/// `""` → normal; everything else as parsed.
pub fn display_state(raw: &str) -> FeedState {
    match FeedState::parse(raw) {
        FeedState::Pending => FeedState::Warning,
        FeedState::Uninitialized => FeedState::Normal,
        s => s,
    }
}

/// Which write actions a state allows (what TiCDC would actually apply, API.md §4.4, §4.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AllowedActions {
    /// Pause: applied from normal, warning, pending (otherwise silently ignored).
    pub pause: bool,
    /// Resume: applied from stopped, failed, finished.
    pub resume: bool,
    /// Update: accepted only when stopped or failed.
    pub update: bool,
    /// Delete: always.
    pub delete: bool,
}

/// The actions legal in `state`.
pub fn allowed_actions(state: FeedState) -> AllowedActions {
    use FeedState::*;
    AllowedActions {
        pause: matches!(state, Normal | Warning | Pending),
        resume: matches!(state, Stopped | Failed | Finished),
        update: matches!(state, Stopped | Failed),
        delete: true,
    }
}

/// The list page's state filter, kept in the URL (`?state=`). Mirrors TiCDC's `IsNeeded`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ListStateFilter {
    /// No `state` parameter: raw state normal, stopped, failed, warning, pending or `""`.
    #[default]
    Default,
    /// `state=all`.
    All,
    /// `state=normal` (exact raw match: misses uninitialized ones).
    Normal,
    /// `state=warning` (exact raw match: misses `pending` ones shown as warning).
    Warning,
    /// `state=stopped`.
    Stopped,
    /// `state=failed`.
    Failed,
    /// `state=finished` (not in the default view).
    Finished,
}

impl ListStateFilter {
    /// Every filter, in menu order.
    pub const ALL: [ListStateFilter; 7] = [
        ListStateFilter::Default,
        ListStateFilter::All,
        ListStateFilter::Normal,
        ListStateFilter::Warning,
        ListStateFilter::Stopped,
        ListStateFilter::Failed,
        ListStateFilter::Finished,
    ];

    /// The `state` query value to send TiCDC (`None` = omit the parameter).
    pub fn query_value(self) -> Option<&'static str> {
        match self {
            ListStateFilter::Default => None,
            ListStateFilter::All => Some("all"),
            ListStateFilter::Normal => Some("normal"),
            ListStateFilter::Warning => Some("warning"),
            ListStateFilter::Stopped => Some("stopped"),
            ListStateFilter::Failed => Some("failed"),
            ListStateFilter::Finished => Some("finished"),
        }
    }

    /// The URL token (`""` for the default).
    pub fn as_str(self) -> &'static str {
        self.query_value().unwrap_or("")
    }

    /// Parses a URL value; empty or unknown values give [`ListStateFilter::Default`].
    pub fn parse(s: &str) -> ListStateFilter {
        match s.trim().to_ascii_lowercase().as_str() {
            "all" => ListStateFilter::All,
            "normal" => ListStateFilter::Normal,
            "warning" => ListStateFilter::Warning,
            "stopped" => ListStateFilter::Stopped,
            "failed" => ListStateFilter::Failed,
            "finished" => ListStateFilter::Finished,
            _ => ListStateFilter::Default,
        }
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            ListStateFilter::Default => "Active (default)",
            ListStateFilter::All => "All",
            ListStateFilter::Normal => "Normal",
            ListStateFilter::Warning => "Warning",
            ListStateFilter::Stopped => "Stopped",
            ListStateFilter::Failed => "Failed",
            ListStateFilter::Finished => "Finished",
        }
    }

    /// Whether a changefeed with this *raw* state is returned (TiCDC `FeedState.IsNeeded`).
    pub fn matches_raw(self, raw_state: &str) -> bool {
        match self {
            ListStateFilter::All => true,
            ListStateFilter::Default => {
                matches!(
                    raw_state,
                    "normal" | "stopped" | "failed" | "warning" | "pending" | ""
                )
            }
            f => f.query_value() == Some(raw_state),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_as_str_round_trip() {
        for s in FeedState::ALL {
            if s != FeedState::Unknown {
                assert_eq!(FeedState::parse(s.as_str()), s);
            }
        }
        assert_eq!(FeedState::parse("error"), FeedState::Unknown);
        assert_eq!(FeedState::parse("Normal"), FeedState::Unknown);
        assert_eq!(FeedState::Uninitialized.css_class(), "uninitialized");
    }

    #[test]
    fn running_is_normal_or_warning() {
        let running: Vec<_> = FeedState::ALL
            .into_iter()
            .filter(|s| s.is_running())
            .collect();
        assert_eq!(running, vec![FeedState::Normal, FeedState::Warning]);
    }

    #[test]
    fn actions_per_state() {
        use FeedState::*;
        let a = |s| {
            let x = allowed_actions(s);
            (x.pause, x.resume, x.update, x.delete)
        };
        assert_eq!(a(Normal), (true, false, false, true));
        assert_eq!(a(Warning), (true, false, false, true));
        assert_eq!(a(Pending), (true, false, false, true));
        assert_eq!(a(Stopped), (false, true, true, true));
        assert_eq!(a(Failed), (false, true, true, true));
        assert_eq!(a(Finished), (false, true, false, true));
        assert_eq!(a(Removed), (false, false, false, true));
        assert_eq!(a(Uninitialized), (false, false, false, true));
        assert_eq!(a(Unknown), (false, false, false, true));
    }

    #[test]
    fn list_display_mapping() {
        assert_eq!(display_state("pending"), FeedState::Warning);
        assert_eq!(display_state(""), FeedState::Normal);
        assert_eq!(display_state("failed"), FeedState::Failed);
        assert_eq!(display_state("finished"), FeedState::Finished);
    }

    #[test]
    fn filter_query_values_and_url_round_trip() {
        assert_eq!(ListStateFilter::Default.query_value(), None);
        assert_eq!(ListStateFilter::All.query_value(), Some("all"));
        assert_eq!(ListStateFilter::Finished.query_value(), Some("finished"));
        for f in ListStateFilter::ALL {
            assert_eq!(ListStateFilter::parse(f.as_str()), f);
        }
        assert_eq!(ListStateFilter::parse("error"), ListStateFilter::Default);
        assert_eq!(ListStateFilter::parse(" ALL "), ListStateFilter::All);
    }

    #[test]
    fn filter_matches_like_is_needed() {
        use ListStateFilter as F;
        for raw in ["normal", "stopped", "failed", "warning", "pending", ""] {
            assert!(F::Default.matches_raw(raw), "{raw}");
        }
        assert!(!F::Default.matches_raw("finished"));
        assert!(F::All.matches_raw("finished"));
        assert!(!F::Warning.matches_raw("pending"));
        assert!(!F::Normal.matches_raw(""));
        assert!(F::Finished.matches_raw("finished"));
    }
}
