//! Reusable pieces that know nothing of routes.

mod cli_file;
mod clock_note;
mod confirm_dialog;
mod copy_button;
mod credentials_dialog;
mod error_view;
mod lag_chart;
mod modal;
mod refresh_control;
mod scope_picker;
mod stale_note;
mod state_badge;
mod timeline;
mod toasts;
mod tso_value;

pub use cli_file::{CliExport, CliImport};
pub use clock_note::ClockNote;
pub use confirm_dialog::ConfirmDialog;
pub use copy_button::CopyButton;
pub use credentials_dialog::CredentialsDialog;
pub use error_view::ApiErrorView;
pub use lag_chart::LagChart;
pub use modal::Modal;
pub use refresh_control::RefreshControl;
pub use scope_picker::ScopePicker;
pub use stale_note::StaleNote;
pub use state_badge::StateBadge;
pub use timeline::Timeline;
pub use toasts::Toasts;
pub use tso_value::TsoValue;
mod config_editor;
pub use config_editor::{
    CheckTables, ConfigEditor, DiffList, Editor, ErrorSummary, StepList, focus_later,
};
