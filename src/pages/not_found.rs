//! The page for a path the route table does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::{ListQuery, Page};

/// Any path the route table does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"This address is not a page of the console. "
                <A href=Page::Changefeeds(ListQuery::default()).href()>"Go to the changefeed list"</A>"."</p>
        </section>
    }
}
