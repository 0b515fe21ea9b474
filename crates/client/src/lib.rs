//! ReviewDesk's desktop client core, without Tauri: what the desktop app uses to talk to the
//! review server and to keep working offline. Built like atuin's client: a local store, a sync
//! step whose decisions are pure, and a transport.
//!
//! - [`engine`]: [`Client`], the API the desktop calls (login, sync, next submission, decide,
//!   offline checkout, status, logout; a supervisor's online work in `engine/supervision.rs`).
//! - [`sync`]: the pure sync step ([`sync::plan`], [`sync::absorb`]): what to do next and how each
//!   answer changes the cache. No IO; tested without a network.
//! - [`cache`]: the encrypted SQLite cache: claimed submissions, photos, the outbox, conflicts.
//! - [`transport`]: the HTTP API, typed with `reviewdesk_domain::wire`; server refusals kept as
//!   `{code, message}`, network failures as `offline`.
//! - [`secrets`]: the session token and the cache key in the OS keyring.
//! - [`settings`], [`error`]: prefetch and backoff values, the errors; the time source is the
//!   domain's [`Clock`].

pub mod cache;
pub mod engine;
pub mod error;
pub mod secrets;
pub mod settings;
pub mod sync;
pub mod transport;

pub use cache::{
    CacheKey, ConflictKind, ConflictRecord, LastError, OwnDecision, Photos, Progress, Recallable,
    Refusal, ReviewEntry, ReviewItem, Today,
};
pub use engine::{
    Account, CaseSheet, Checkout, Client, DecisionInput, Released, Saved, Status, VerdictInput,
};
pub use error::ClientError;
pub use reviewdesk_domain::clock::{Clock, SystemClock};
pub use secrets::{MemorySecrets, OsKeyring, SecretStore};
pub use settings::{Settings, DEFAULT_UNDO_SECONDS};
