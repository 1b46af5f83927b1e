//! THE WIRE: everything that knows TiCDC's OpenAPI v2 (ground truth: ../shared/ticdc/API.md).
//!
//! Sans-IO: [`endpoints`] builds requests and [`error`] decodes responses as pure functions, so
//! native `cargo test` covers them; only [`client`] (wasm32) touches the network, via gloo-net.
//! No Leptos in here.

pub mod answer;
pub mod duration;
pub mod endpoints;
pub mod error;
pub mod json_path;
pub mod model;
pub mod release;
pub mod timeout;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod client;

pub use answer::{Answer, AnswerKind};
#[cfg(target_arch = "wasm32")]
pub use client::Client;
pub use duration::{JsonDuration, format_go_duration, parse_go_duration};
pub use endpoints::{Credentials, HttpRequest, Method, Scope};
pub use error::{ApiError, RawResponse, decode_empty, decode_json, error_from_response};
pub use model::*;
pub use timeout::{DELETE_TIMEOUT_S, READ_TIMEOUT_S, WRITE_TIMEOUT_S, timeout_for};
