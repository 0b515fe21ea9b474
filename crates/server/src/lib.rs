//! ReviewDesk's review server as a library, so tests and the desktop's local mode can run it
//! in-process. The `reviewdesk-server` binary is a thin `main` over [`cli`].
//!
//! - [`cli`]: the command line (`check-id`, `calendar`; `serve` and the rest arrive with the server).
//! - [`store`]: the store contract and its embedded SQLite implementation.

pub mod cli;
pub mod store;
