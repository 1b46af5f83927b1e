//! The steps of an apply (pause, wait, update, resume) with each one's status.

use leptos::prelude::*;

use crate::config_form::{GuidedUpdate, StepStatus};

/// The numbered steps of `plan`, each with its status in words and a symbol.
#[component]
pub fn StepList(
    /// The plan being run.
    #[prop(into)]
    plan: Signal<GuidedUpdate>,
) -> impl IntoView {
    view! {
        <ol class="cfg-steps" aria-label="Steps">
            {move || plan.get().steps.into_iter().map(|(step, status)| {
                let (symbol, word) = match &status {
                    StepStatus::Todo => ("○", "to do"),
                    StepStatus::Running => ("◌", "in progress"),
                    StepStatus::Done => ("✔", "done"),
                    StepStatus::Failed(_) => ("✖", "failed"),
                };
                let detail = match &status {
                    StepStatus::Failed(m) => Some(m.clone()),
                    _ => None,
                };
                view! {
                    <li class=format!("cfg-step cfg-step--{}", status.as_str())>
                        <span class="cfg-step__symbol" aria-hidden="true">{symbol}</span>
                        <span class="cfg-step__label">{step.label()}</span>
                        <span class="cfg-step__status">" — "{word}</span>
                        {detail.map(|m| view! { <span class="cfg-step__detail">{m}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
