//! IPC commands: each validates its input and calls one crate function.
//!
//! - [`shell`]: versions and the ID-number checker.
//! - [`about`]: the About view (build, folders, server).
//! - [`calendar`]: the working-day calendar's coverage (synced from the server).
//! - [`session`]: sign-in (a server, or local mode with demo data), resume, sign-out.
//! - [`review`]: the queue, one submission's sheet, decisions, reveals, conflicts, the status line.
//! - [`face_calibration`]: the supervisor's calibration of face similarity (人脸比对校准).
//! - [`photo_hints`]: the photo viewer's forensic hints (取证提示), on demand.
//! - [`identity_board`]: the review screen's identity board (人证比对), on demand.
//! - [`supervision`]: the supervisor's online work: second reviews, the decision log and its
//!   export, timelines, golden items, statistics, the audit chain's verification.

pub mod about;
pub mod calendar;
pub mod face_calibration;
pub mod identity_board;
pub mod photo_hints;
pub mod review;
pub mod session;
pub mod shell;
pub mod supervision;
