//! The sync step, pure: [`plan`](fn@plan) turns the cache's [`LocalState`] and the time into
//! [`Operation`]s; [`absorb`](fn@absorb) turns each [`Answer`] into [`CacheChange`]s. No network, no IO, no
//! clock: the engine runs the operations and applies the changes, and these two functions hold
//! every decision about what to do (tested exhaustively, without a server).

mod absorb;
mod backoff;
#[cfg(test)]
pub(crate) mod fixtures;
mod operation;
mod plan;
mod state;

pub use absorb::absorb;
pub use backoff::delay;
pub use operation::{Answer, CacheChange, ForgetReason, Operation};
pub use plan::plan;
pub use state::{CalendarState, Connection, ItemState, LocalState, OutboxState};
