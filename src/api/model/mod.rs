//! DTOs named after TiCDC's `cdc/api/v2/model.go` types (../shared/ticdc/API.md §2, §9.3).
//!
//! Every struct keeps unknown keys in `extra` and re-emits them, so decode → encode is lossless
//! (see [`wire`]). TSOs and `upstream_id` are `u64`, exact above 2^53.

#[macro_use]
pub mod wire;
pub mod changefeed;
pub mod cluster;
pub mod misc;
pub mod replica_config;
pub mod sink;

pub use changefeed::*;
pub use cluster::*;
pub use misc::*;
pub use replica_config::*;
pub use sink::*;
pub use wire::Nullable;
