//! Modal questions that code can await: "are you sure?" and "who are you?" (TiCDC answered 401).
//! Each request holds a oneshot sender; the dialog component answers it.
use futures::channel::oneshot;
use leptos::prelude::*;

use crate::api::Credentials;

/// A confirmation for an action that changes the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfirmRequest {
    pub title: String,
    pub body: String,
    /// The button's label, naming the action ("Delete changefeed").
    pub confirm_label: String,
    /// Destructive actions get the danger style.
    pub danger: bool,
    /// When set, the user must type this text (the changefeed id) before confirming.
    pub type_to_confirm: Option<String>,
}

struct Pending<Q, A> {
    question: Q,
    answer: Option<oneshot::Sender<A>>,
}

/// The dialogs' state. At most one of each kind is open; a new question cancels an older one.
#[derive(Clone, Copy)]
pub struct Dialogs {
    confirm: RwSignal<Option<Pending<ConfirmRequest, bool>>>,
    auth: RwSignal<Option<Pending<String, Option<Credentials>>>>,
}

impl Default for Dialogs {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialogs {
    pub fn new() -> Self {
        Dialogs {
            confirm: RwSignal::new(None),
            auth: RwSignal::new(None),
        }
    }

    /// Asks the user to confirm; resolves to their answer (false when dismissed).
    pub async fn confirm(&self, question: ConfirmRequest) -> bool {
        let (tx, rx) = oneshot::channel();
        self.confirm.set(Some(Pending {
            question,
            answer: Some(tx),
        }));
        rx.await.unwrap_or(false)
    }

    /// Asks for Basic-auth credentials, saying why (TiCDC's 401 message).
    pub async fn credentials(&self, reason: String) -> Option<Credentials> {
        let (tx, rx) = oneshot::channel();
        self.auth.set(Some(Pending {
            question: reason,
            answer: Some(tx),
        }));
        rx.await.ok().flatten()
    }

    /// Whether a confirmation or a credentials request is open (reactive).
    pub fn any_open(&self) -> bool {
        self.confirm.with(Option::is_some) || self.auth.with(Option::is_some)
    }

    /// The open confirmation, if any.
    pub fn confirm_question(&self) -> Option<ConfirmRequest> {
        self.confirm
            .with(|p| p.as_ref().map(|p| p.question.clone()))
    }

    /// Answers and closes the open confirmation.
    pub fn answer_confirm(&self, yes: bool) {
        if let Some(mut p) = self.confirm.try_update(|p| p.take()).flatten()
            && let Some(tx) = p.answer.take()
        {
            let _ = tx.send(yes);
        }
    }

    /// The reason of the open credentials request, if any.
    pub fn auth_question(&self) -> Option<String> {
        self.auth.with(|p| p.as_ref().map(|p| p.question.clone()))
    }

    /// Answers (None = cancel) and closes the credentials request.
    pub fn answer_auth(&self, creds: Option<Credentials>) {
        if let Some(mut p) = self.auth.try_update(|p| p.take()).flatten()
            && let Some(tx) = p.answer.take()
        {
            let _ = tx.send(creds);
        }
    }
}
