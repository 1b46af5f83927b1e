//! Toasts: short notes on the result of an action, with TiCDC's error code when it failed.
use leptos::prelude::*;
use std::time::Duration;

use crate::api::ApiError;

/// What a toast reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

impl ToastKind {
    /// CSS modifier and the word shown before the title (state is never colour alone).
    pub fn as_str(self) -> &'static str {
        match self {
            ToastKind::Success => "success",
            ToastKind::Error => "error",
            ToastKind::Info => "info",
        }
    }
}

/// One toast.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub title: String,
    /// TiCDC's `error_code`, shown apart from the message.
    pub code: Option<String>,
    pub detail: Option<String>,
}

/// The toast queue. Successes fade after a few seconds; errors stay until dismissed.
#[derive(Clone, Copy)]
pub struct Toaster {
    toasts: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Default for Toaster {
    fn default() -> Self {
        Self::new()
    }
}

impl Toaster {
    pub fn new() -> Self {
        Toaster {
            toasts: RwSignal::new(Vec::new()),
            next: StoredValue::new(1),
        }
    }

    /// The toasts currently shown, oldest first.
    pub fn toasts(&self) -> Signal<Vec<Toast>> {
        self.toasts.into()
    }

    /// Whether a toast is shown (reactive).
    pub fn any(&self) -> bool {
        self.toasts.with(|t| !t.is_empty())
    }

    pub fn success(&self, title: impl Into<String>) {
        self.push(ToastKind::Success, title.into(), None, None);
    }

    pub fn info(&self, title: impl Into<String>) {
        self.push(ToastKind::Info, title.into(), None, None);
    }

    /// An action failed: `title` says which, the detail is TiCDC's message and code.
    pub fn error(&self, title: impl Into<String>, err: &ApiError) {
        let code = err.code().filter(|c| !c.is_empty()).map(str::to_string);
        self.push(
            ToastKind::Error,
            title.into(),
            code,
            Some(err.short_message()),
        );
    }

    pub fn push(
        &self,
        kind: ToastKind,
        title: String,
        code: Option<String>,
        detail: Option<String>,
    ) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.toasts.update(|t| {
            t.push(Toast {
                id,
                kind,
                title,
                code,
                detail,
            });
            // Keep the stack short: the oldest go first.
            if t.len() > 5 {
                t.remove(0);
            }
        });
        if kind != ToastKind::Error {
            let toasts = self.toasts;
            set_timeout(
                move || {
                    toasts.try_update(|t| t.retain(|x| x.id != id));
                },
                Duration::from_secs(6),
            );
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}
