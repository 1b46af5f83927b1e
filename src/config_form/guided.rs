//! The guided update: TiCDC updates only stopped or failed changefeeds (../shared/ticdc/API.md
//! §4.4), so a running one goes through pause → wait until stopped → update → resume. This is the
//! state machine of those steps (what runs next, what a failure left behind); the edit page runs
//! it.

use crate::api::ApiError;

/// TiCDC refuses an update that changes nothing (API.md §4.4: 400
/// `[CDC:ErrChangefeedUpdateRefused]… changefeed config is the same with the old one, do
/// nothing`). For the console, whose update always changes something, that means the
/// changefeed already has this config: the step's goal is met (typically a retry after an
/// update whose answer was lost, but which TiCDC had applied).
pub fn update_already_in_place(e: &ApiError) -> bool {
    e.code() == Some("CDC:ErrChangefeedUpdateRefused")
        && e.short_message()
            .contains("config is the same with the old one")
}

/// One step of applying an update (API.md §4.4: TiCDC updates only stopped or failed changefeeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// POST …/pause.
    Pause,
    /// Poll GET until TiCDC reports `stopped` (admin jobs apply on the owner's next tick).
    WaitStopped,
    /// PUT the full config.
    Update,
    /// POST …/resume with `{}`.
    Resume,
}

impl Step {
    /// What the step does, for the step list.
    pub fn label(self) -> &'static str {
        match self {
            Step::Pause => "Pause the changefeed",
            Step::WaitStopped => "Wait until TiCDC reports it stopped",
            Step::Update => "Update the config",
            Step::Resume => "Resume the changefeed",
        }
    }
}

/// A step's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Not started.
    Todo,
    /// In progress.
    Running,
    /// Succeeded.
    Done,
    /// Failed with this message (TiCDC's code and message).
    Failed(String),
}

impl StepStatus {
    /// CSS modifier and screen-reader word.
    pub fn as_str(&self) -> &'static str {
        match self {
            StepStatus::Todo => "todo",
            StepStatus::Running => "running",
            StepStatus::Done => "done",
            StepStatus::Failed(_) => "failed",
        }
    }
}

/// The steps of one apply: `Update` alone for a stopped or failed changefeed, all four for a
/// running one. Stops at the first failure; [`GuidedUpdate::retry`] continues from there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidedUpdate {
    /// The steps in order, with their status.
    pub steps: Vec<(Step, StepStatus)>,
    /// The failed step's answer was lost (a timeout, a proxy's page, a body that is not
    /// TiCDC's): TiCDC may have carried it out, so the outcome must not say "refused".
    pub outcome_unknown: bool,
}

impl GuidedUpdate {
    /// The plan for a changefeed that is running (pause first) or not (update only).
    pub fn plan(running: bool) -> Self {
        let steps = if running {
            vec![Step::Pause, Step::WaitStopped, Step::Update, Step::Resume]
        } else {
            vec![Step::Update]
        };
        GuidedUpdate {
            steps: steps.into_iter().map(|s| (s, StepStatus::Todo)).collect(),
            outcome_unknown: false,
        }
    }

    /// The next step to run; `None` when finished or stopped by a failure.
    pub fn next(&self) -> Option<Step> {
        if self.failed().is_some() {
            return None;
        }
        self.steps
            .iter()
            .find(|(_, st)| *st == StepStatus::Todo)
            .map(|(s, _)| *s)
    }

    fn set(&mut self, step: Step, status: StepStatus) {
        if let Some(slot) = self.steps.iter_mut().find(|(s, _)| *s == step) {
            slot.1 = status;
        }
    }

    /// Marks `step` as running.
    pub fn begin(&mut self, step: Step) {
        self.set(step, StepStatus::Running);
    }

    /// Marks `step` as done.
    pub fn succeed(&mut self, step: Step) {
        self.set(step, StepStatus::Done);
    }

    /// Marks `step` as failed with `message`.
    pub fn fail(&mut self, step: Step, message: impl Into<String>) {
        self.set(step, StepStatus::Failed(message.into()));
    }

    /// Marks `step` as failed with `message` when its answer was lost, so TiCDC may have
    /// carried it out (`ApiError::outcome_unknown`).
    pub fn fail_unknown(&mut self, step: Step, message: impl Into<String>) {
        self.fail(step, message);
        self.outcome_unknown = true;
    }

    /// The failed step, if any.
    pub fn failed(&self) -> Option<Step> {
        self.steps
            .iter()
            .find(|(_, st)| matches!(st, StepStatus::Failed(_)))
            .map(|(s, _)| *s)
    }

    /// Every step succeeded.
    pub fn is_done(&self) -> bool {
        self.steps.iter().all(|(_, st)| *st == StepStatus::Done)
    }

    /// A step is running.
    pub fn is_running(&self) -> bool {
        self.steps.iter().any(|(_, st)| *st == StepStatus::Running)
    }

    /// Puts the failed step (and any later) back to to-do, keeping what already succeeded.
    pub fn retry(&mut self) {
        let mut reset = false;
        for (_, st) in &mut self.steps {
            if matches!(st, StepStatus::Failed(_)) {
                reset = true;
            }
            if reset {
                *st = StepStatus::Todo;
            }
        }
        self.outcome_unknown = false;
    }

    /// After a failure: the state the changefeed was left in and what the user can do.
    pub fn outcome(&self) -> Option<&'static str> {
        let paused_by_us = self
            .steps
            .iter()
            .any(|(s, st)| *s == Step::Pause && *st == StepStatus::Done);
        let failed = self.failed()?;
        // Waiting polls reads only: what it left behind is the same whatever its errors were.
        if self.outcome_unknown && failed != Step::WaitStopped {
            return Some(match failed {
                Step::Pause => {
                    "The answer to the pause was lost: the changefeed may be paused or still running. The config was not updated. Your edits are still here: retry (pausing again is harmless), or look at the changefeed's page."
                }
                Step::Update | Step::WaitStopped if paused_by_us => {
                    "The answer to the update was lost: TiCDC may or may not have saved the new config, and the changefeed is paused (stopped). Your edits are still here: retry (the same update again is harmless), or resume the changefeed from its page."
                }
                Step::Update | Step::WaitStopped => {
                    "The answer to the update was lost: TiCDC may or may not have saved the new config; the changefeed's state is unchanged. Your edits are still here: retry (the same update again is harmless)."
                }
                Step::Resume => {
                    "The new config is saved, but the answer to the resume was lost: the changefeed may be running or still paused. Retry the resume, or look at the changefeed's page."
                }
            });
        }
        Some(match failed {
            Step::Pause => {
                "The changefeed was not paused and is still running; nothing was changed. Your edits are still here: retry when ready."
            }
            Step::WaitStopped => {
                "TiCDC accepted the pause but did not report the changefeed stopped in time; it may still stop shortly. The config was not updated. Your edits are still here: retry, or resume the changefeed from its page."
            }
            Step::Update if paused_by_us => {
                "The changefeed is paused (stopped) with its OLD config: the update was refused. Your edits are still here: fix them and retry, or resume the changefeed unchanged."
            }
            Step::Update => {
                "The update was refused; the changefeed keeps its old config and its state is unchanged. Your edits are still here: fix them and retry."
            }
            Step::Resume => {
                "The new config is saved, but the changefeed is still paused (stopped): retry the resume, or resume it from its page."
            }
        })
    }
}
