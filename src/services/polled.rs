//! Auto-refreshing reads. One loop per view awaits each fetch before scheduling the next, so a
//! view never has two requests in flight, however slow TiCDC is; a hidden tab stops polling;
//! a failed refresh keeps the last good data and marks it stale.
use std::future::Future;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Alive, Services, document_hidden, now_ms, sleep_ms};
use crate::api::{ApiError, Client};
use crate::poll::PollSchedule;

/// How often the loop looks at its schedule; also the delay after a key change.
const TICK_MS: i32 = 150;

/// The state of a polled read.
pub struct Polled<T: Send + Sync + 'static> {
    /// The last good answer; kept when a later refresh fails.
    pub data: RwSignal<Option<T>>,
    /// The last refresh's error; None after a success.
    pub error: RwSignal<Option<ApiError>>,
    /// A request is in flight.
    pub loading: RwSignal<bool>,
    /// When the data was last refreshed (ms since the epoch).
    pub updated_at: RwSignal<Option<f64>>,
    schedule: StoredValue<PollSchedule>,
}

impl<T: Send + Sync + 'static> Clone for Polled<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Polled<T> {}

impl<T: Send + Sync + 'static> Polled<T> {
    /// Fetches again on the next tick (after a write, or the user's Refresh).
    pub fn refresh(&self) {
        self.schedule.update_value(|s| s.request());
    }

    /// There is data, but the last refresh failed: show it, marked as stale.
    pub fn is_stale(&self) -> bool {
        self.error.with(Option::is_some) && self.data.with(Option::is_some)
    }
}

/// Polls `fetch(client, key())` every `interval_ms`. When the reactive `key` changes (a
/// filter, an id) the old data is dropped and the new key is fetched at once; an answer for
/// an old key is discarded.
pub fn use_polled<K, T, Fut>(
    services: Services,
    interval_ms: f64,
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(Client, K) -> Fut + 'static,
) -> Polled<T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let polled = Polled {
        data: RwSignal::new(None),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
        updated_at: RwSignal::new(None),
        schedule: StoredValue::new(PollSchedule::new(interval_ms)),
    };
    let current_key = Memo::new(move |_| key());
    // A changed key: forget the old answer and fetch at once. The effect may run again with
    // an unchanged key (its first evaluation of the memo), so it compares with the last key.
    Effect::new(move |prev: Option<K>| {
        let key = current_key.get();
        if prev.is_some_and(|p| p != key) {
            polled.data.set(None);
            polled.error.set(None);
            polled.refresh();
        }
        key
    });

    // Only the fetch and the answer's type are generic; the loop is one function for all
    // (`run_loop`), rather than a copy per polled type.
    let fetch = Rc::new(fetch);
    let data = polled.data;
    let step: Step = Box::new(move || {
        let k = current_key.try_get_untracked()?;
        let fetch = fetch.clone();
        Some(Box::pin(async move {
            let result = services.call_with(k.clone(), &*fetch).await;
            if current_key.try_get_untracked().as_ref() != Some(&k) {
                return Outcome::Stale;
            }
            Outcome::Answer(result.map(|v| -> Box<dyn FnOnce()> {
                Box::new(move || {
                    data.try_set(Some(v));
                })
            }))
        }))
    });
    run_loop(
        Signals {
            error: polled.error,
            loading: polled.loading,
            updated_at: polled.updated_at,
            schedule: polled.schedule,
        },
        step,
    );
    polled
}

/// What one fetch of a polled view came to.
enum Outcome {
    /// The key changed while the fetch was in flight: the answer is for the old one.
    Stale,
    /// TiCDC's answer: on success, what stores the data.
    Answer(Result<Box<dyn FnOnce()>, ApiError>),
}

/// Starts one fetch for the current key; None once the view is gone.
type Step = Box<dyn Fn() -> Option<LocalBoxFuture<'static, Outcome>>>;

/// The parts of a [`Polled`] that do not depend on its data's type.
struct Signals {
    error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
    updated_at: RwSignal<Option<f64>>,
    schedule: StoredValue<PollSchedule>,
}

/// The loop of a polled view: asks the schedule on every tick and runs `step` when a fetch is
/// due, never two at once; stops when the owner is cleaned up.
fn run_loop(polled: Signals, step: Step) {
    let alive = Alive::new();
    spawn_local(async move {
        while alive.get() {
            let hidden = document_hidden();
            let due = polled
                .schedule
                .try_with_value(|s| s.due(now_ms(), hidden))
                .unwrap_or(false);
            if due {
                let Some(fetch) = step() else {
                    break;
                };
                polled.schedule.update_value(|s| s.started());
                polled.loading.try_set(true);
                let outcome = fetch.await;
                if !alive.get() {
                    break;
                }
                polled.loading.try_set(false);
                match outcome {
                    Outcome::Stale => {
                        polled.schedule.update_value(|s| s.request());
                        continue;
                    }
                    Outcome::Answer(Ok(store)) => {
                        store();
                        polled.error.try_set(None);
                        polled.updated_at.try_set(Some(now_ms()));
                    }
                    Outcome::Answer(Err(e)) => {
                        polled.error.try_set(Some(e));
                    }
                }
                // The interval counts from the end of the fetch.
                polled.schedule.update_value(|s| s.finished(now_ms()));
            }
            sleep_ms(TICK_MS).await;
        }
    });
}
