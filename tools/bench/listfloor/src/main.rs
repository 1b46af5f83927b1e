//! The list floor: fetch TiCDC's changefeed list and show it as a keyed table of links.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
struct Item {
    id: String,
    state: String,
    checkpoint_tso: u64,
    checkpoint_time: String,
}

#[derive(Deserialize)]
struct List {
    items: Vec<Item>,
}

async fn fetch_list() -> Result<Vec<Item>, String> {
    let resp = gloo_net::http::Request::get("/api/v2/changefeeds?state=all").send().await.map_err(|e| e.to_string())?;
    resp.json::<List>().await.map(|l| l.items).map_err(|e| e.to_string())
}

#[component]
fn ListPage() -> impl IntoView {
    let list = LocalResource::new(fetch_list);
    let items = move || list.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <table>
            <tbody>
                <For each=items key=|i| i.id.clone() let(i)>
                    <tr>
                        <th><a href=format!("/changefeeds/{}", i.id)>{i.id.clone()}</a></th>
                        <td>{i.state.clone()}</td>
                        <td>{i.checkpoint_tso.to_string()}</td>
                        <td>{i.checkpoint_time.clone()}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        {move || list.get().and_then(Result::err).map(|e| view! { <p>{e}</p> })}
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=ListPage/>
                </Routes>
            </Router>
        }
    });
}
