//! The cluster page's drain: the classic route (`POST /api/v2/captures/{id}/drain`, one call)
//! or, on the new architecture, `PUT /api/v1/captures/drain` polled until no table is left
//! (`crate::drain`). Which route the server has is learned at run time: the new architecture
//! answers the classic route with gin's 404. Part of the cluster page's chunk.

use leptos::prelude::*;

use crate::api::release::Drain;
use crate::api::{ApiError, Capture};
use crate::drain::{DrainProgress, POLL_MS};
use crate::services::{Actions, Done, Services, ToastKind, Verb, sleep_ms};

/// Why the console does not drain on ticdc v8.5.4–v8.5.6 and v26.3.x.
pub(super) const STUB_NOTE: &str = "This TiCDC release's PUT /api/v1/captures/drain is a stub: it moves nothing and answers 0 most of the time, so a drain could not be followed. Upgrade to a release with the drain (ticdc v8.5.7 or later), or stop the node with TiUP, which moves its tables.";

/// Which drain route the server has, once known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DrainRoute {
    /// Classic: `POST /api/v2/captures/{id}/drain`.
    Classic,
    /// New architecture: `PUT /api/v1/captures/drain`, polled.
    V1,
}

/// The drain state of the cluster page.
#[derive(Clone, Copy)]
pub(super) struct DrainState {
    /// The route, learned from the first answer.
    pub route: RwSignal<Option<DrainRoute>>,
    /// The drain being followed.
    pub progress: RwSignal<Option<DrainProgress>>,
    /// The last refusal, with the node's address.
    pub error: RwSignal<Option<(String, ApiError)>>,
}

impl DrainState {
    /// Fresh state (call in the page's body).
    pub fn new() -> Self {
        DrainState {
            route: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }
}

/// Drains `cap` (already confirmed): through the route the release has (`known`, from
/// `api::release`), else the classic route first and the v1 route when the classic one is gone
/// (404); the v1 drain is polled until zero.
pub(super) async fn run_drain(
    services: Services,
    actions: Actions,
    state: DrainState,
    cap: Capture,
    known: Option<Drain>,
) {
    state.error.set(None);
    let failed = format!("Drain capture {}", cap.address);
    match known {
        Some(Drain::V1) => state.route.set(Some(DrainRoute::V1)),
        Some(Drain::V2) => state.route.set(Some(DrainRoute::Classic)),
        Some(Drain::V1Stub) => {
            services
                .toaster
                .push(ToastKind::Error, failed, None, Some(STUB_NOTE.into()));
            return;
        }
        None => {}
    }
    let route = state.route;
    let id = cap.id.clone();
    let call = async move {
        if route.get_untracked() != Some(DrainRoute::V1) {
            match services
                .call_with(
                    id.clone(),
                    |c, id| async move { c.drain_capture(&id).await },
                )
                .await
            {
                // The new architecture removed this route: its drain is the v1 one.
                Err(ApiError::Http { status: 404, .. }) => route.set(Some(DrainRoute::V1)),
                Ok(resp) => {
                    route.set(Some(DrainRoute::Classic));
                    return Ok((DrainRoute::Classic, resp));
                }
                Err(e) => return Err(e),
            }
        }
        services
            .call_with(id, |c, id| async move { c.drain_capture_v1(&id).await })
            .await
            .map(|resp| (DrainRoute::V1, resp))
    };
    let first = actions
        .run(cap.id.clone(), Verb::Drain, failed, call, |(route, resp)| {
            Some(match route {
                DrainRoute::Classic => Done::success(format!(
                    "Draining {} ({}): {} table(s) still on it; call again later to see it reach 0",
                    cap.id, cap.address, resp.current_table_count
                )),
                DrainRoute::V1 => Done::info(format!(
                    "Draining {}: {} table(s) left; the console follows it until none is left",
                    cap.address, resp.current_table_count
                )),
            })
        })
        .await;
    let mut progress = match first {
        Some(Ok((DrainRoute::V1, resp))) => {
            DrainProgress::started(&cap.id, &cap.address, resp.current_table_count)
        }
        Some(Ok((DrainRoute::Classic, _))) | None => return,
        Some(Err(e)) => {
            state.error.set(Some((cap.address.clone(), e)));
            return;
        }
    };
    // Each call re-issues the drain and answers what is left; poll until zero.
    while !progress.is_done() {
        if state.progress.try_set(Some(progress.clone())).is_some() {
            // The page is gone (the signal was disposed).
            return;
        }
        sleep_ms(POLL_MS as i32).await;
        let id = cap.id.clone();
        match services
            .call_with(id, |c, id| async move { c.drain_capture_v1(&id).await })
            .await
        {
            Ok(resp) => progress.record(resp.current_table_count),
            Err(e) => {
                state.error.try_set(Some((cap.address.clone(), e)));
                return;
            }
        }
    }
    if state.progress.try_set(Some(progress)).is_none() {
        services
            .toaster
            .success(format!("{} is drained: no tables left on it", cap.address));
    }
}
