//! ReviewDesk's desktop client core, without Tauri: what the desktop app uses to talk to the
//! review server and to keep working offline.
//!
//! - [`sync`]: the pure sync step ([`sync::plan`], [`sync::absorb`]): what to do next and how each
//!   answer changes the cache. No IO; tested without a network.
//! - [`transport`]: the HTTP API, typed with `reviewdesk_domain::wire`; server refusals kept as
//!   `{code, message}`, network failures as `offline`.
//! - [`settings`]: prefetch size, lease lengths, backoff, timeouts.

pub mod cache;
pub mod settings;
pub mod sync;
pub mod transport;

pub use settings::Settings;
