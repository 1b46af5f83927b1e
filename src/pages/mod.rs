//! One module per page; components are named `*Page`.

pub(crate) mod bulk;
mod changefeed;
mod changefeeds;
mod cluster;
mod drain;
mod edit;
mod not_found;
mod placement;

pub use changefeed::ChangefeedPage;
pub use changefeeds::tombstones::TombstonePanel;
pub use changefeeds::{
    AfterRows, ChangefeedsPage, Sink, SinksInView, row_action_here, spawn_sink_loader,
};
pub use cluster::ClusterPage;
pub use edit::{CreatePage, EditPage};
pub use not_found::NotFound;
