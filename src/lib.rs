//! TiCDC Console: a client-side Leptos app for TiCDC's OpenAPI v2.
//!
//! The pure modules (`api`, which owns the wire, and the logic beside it) have no Leptos in
//! them and are tested natively with `cargo test`. The UI (`app`, `pages`, `components`,
//! `services`) is built for the browser only.

pub mod api;
pub mod bulk;
pub mod cli_toml;
pub mod config_form;
pub mod drain;
pub mod explain;
pub mod format;
pub mod history;
pub mod list;
pub mod placement;
pub mod poll;
pub mod reach;
pub mod routes;
pub mod row_markup;
pub mod scope;
pub mod secrets;
pub mod state;
pub mod synced;
pub mod tombstone;
pub mod tso;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod lazy;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod services;
#[cfg(target_arch = "wasm32")]
pub mod sheets;
