//! ReviewDesk's review server as a library, so tests and the desktop's local mode can run it
//! in-process. The `reviewdesk-server` binary (`main.rs`) adds the command line (`cli/`) and the
//! configuration file (`config/`), which are modules of the binary only.
//!
//! Features: `postgres` (the scale-out store; the desktop builds without it) and `demo` (the demo
//! queue and its synthetic applicants: `seed-demo` and the desktop's local mode). Both are on by
//! default.
//!
//! - [`audit_anchor`]: the audit signing key, signed checkpoints of the chain's head, verification.
//! - [`auth`]: password hashes, bearer secrets, login throttling.
//! - [`backup`]: online backup and restore of the embedded (SQLite) deployment.
//! - [`clock`]: the time source and the Beijing calendar date.
//! - [`data_dir`]: the embedded deployment's one folder (database and photos).
//! - [`demo`]: the demo queue and accounts (seed-demo, the desktop's local mode).
//! - [`demo_history`]: the demo's decided past, so supervisors have something to supervise.
//! - [`face_calibration`]: a supervisor's face-similarity calibration run, and its report.
//! - [`http`]: the HTTP API (`app`).
//! - [`image_checks`]: the automatic photo checks, run in the background after intake.
//! - [`images`]: JPEG header checks and content-addressed photo files.
//! - [`metrics`]: Prometheus counters and histograms (`GET /metrics`).
//! - [`intake`]: the intake pipeline (photo checks, storage, findings, due date), any transport.
//! - [`json_log`]: the JSON log format (one object a line).
//! - [`local`]: local mode: the whole server in-process on loopback (the desktop's default).
//! - [`retention`]: deleting personal data after the retention period, and unused photos.
//! - [`settings`]: limits and lifetimes.
//! - [`store`]: the store crate (`reviewdesk-store`), re-exported: the contract and its backends.
//! - [`supervision`]: statistics and the log's CSV/XLSX export, for supervisors.

pub mod audit_anchor;
pub mod auth;
pub mod backup;
pub mod calendar_cache;
pub mod clock;
pub mod data_dir;
#[cfg(feature = "demo")]
pub mod demo;
#[cfg(feature = "demo")]
pub mod demo_history;
pub mod face_calibration;
pub mod http;
pub mod image_checks;
pub mod images;
pub mod intake;
pub mod json_log;
pub mod local;
pub mod metrics;
pub mod retention;
pub mod settings;
pub mod supervision;

pub use reviewdesk_store as store;
