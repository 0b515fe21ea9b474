//! The review server's HTTP API bodies (`/api/v1`), shared by the server, which serves them, and
//! the desktop's client, which reads them: one definition, so the two cannot drift apart. Field
//! names are API: add, never rename. Times are UTC; dates are Beijing-time calendar dates.
//!
//! - [`staff`]: accounts and login.
//! - [`queue`]: claims, renewals, releases and the leases they hand out.
//! - [`submission`]: a submission as a reviewer sees it.
//! - [`decision`]: decisions, their receipts and the four-eyes stage.
//! - [`intake`]: what the applicant-facing system is answered.
//! - [`case_search`]: a supervisor's search for a case by number, applicant, ID number or name.
//! - [`queue_overview`]: the queue right now for a supervisor, and taking a stuck lease back.
//! - [`supervision`]: the decision log, timelines, second review, golden items, statistics.
//! - [`face_calibration`]: a supervisor's calibration of face similarity, and the bands in force.
//! - [`identity_board`]: the held card and three faces side by side, bands once calibrated.
//! - [`photo_hints`]: forensic hints about one photo (EXIF, JPEG quality and encoder, error levels).
//! - [`saved_views`]: a supervisor's named decision-log filters, each reopened by one key.
//! - [`calendar`]: the deployment's working-day calendar, synced by the desktop.
//! - [`error`]: the `{code, message}` body of every refusal.
//! - [`health`]: the liveness and readiness answers.

pub mod calendar;
pub mod case_search;
pub mod decision;
pub mod error;
pub mod face_calibration;
pub mod health;
pub mod identity_board;
pub mod intake;
pub mod photo_hints;
pub mod queue;
pub mod queue_overview;
pub mod saved_views;
pub mod staff;
pub mod submission;
pub mod supervision;

pub use decision::{Decision, DecisionReceipt, NewDecision, Stage};

/// The request header a desktop sends while decisions wait in its outbox: the age in whole
/// seconds of the oldest one (the server's `reviewdesk_outbox_lag_seconds` histogram).
pub const OUTBOX_LAG_HEADER: &str = "x-reviewdesk-outbox-lag-seconds";
pub use error::ErrorBody;
pub use health::Health;
pub use intake::{ApplicantView, IntakeReceipt};
pub use queue::{ClaimRequest, ClaimResponse, Lease, LeaseInfo, ReleaseRequest, RenewRequest};
pub use staff::{LoginRequest, LoginResponse, User};
pub use submission::{RevealedNumber, Submission, SubmissionBody, SubmissionImages};
