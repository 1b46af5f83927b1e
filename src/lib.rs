//! TiCDC Console: a client-side Leptos app for TiCDC's OpenAPI v2.
//!
//! `api` owns the wire and has no Leptos in it; `app`, `pages` and `components` are the UI.

pub mod app;
