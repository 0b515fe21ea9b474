//! ReviewDesk's domain: the rules of manual real-name review and the wire types that carry them.
//!
//! Pure: no file, network, clock or environment access (but [`clock::SystemClock`], which callers
//! inject). Anything time-dependent takes `today` or `now` as an argument; data tables (regions,
//! holidays) are compiled in from `assets/`.
//!
//! - [`id`]: parsing every accepted ID document type into what its number encodes.
//! - [`region`]: GB/T 2260 province and county codes, ISO 3166 nationalities.
//! - [`consistency`]: a declared identity checked against its number and the law's rules.
//! - [`document`]: what each ID document type calls its three photos (人像面, 资料页, 正面 …).
//! - [`finding`]: the one shape every check result takes (stable code, severity, zh + en text).
//! - [`photo_findings`]: the findings of the automatic photo checks, each naming its photo.
//! - [`face_findings`]: the repeat-face findings (the same face under another ID number, a
//!   different face on a re-attempt), made only once the face bands are calibrated.
//! - [`finding_reasons`]: which reject reasons each finding code supports (the suggestions).
//! - [`quota`]: review periods and the 3-per-period allowance.
//! - [`case_number`]: the short number a case is quoted by (`11-20261206-0042`).
//! - [`calendar`]: China's official working days and the 7-working-day due date.
//! - [`clock`]: the one `Clock` trait the server and the desktop read the time through.
//! - [`reasons`]: the catalogue of reject reasons the applicant reads.
//! - [`decision_rules`]: the checks a decision and a verdict must pass, and their limits.
//! - [`error_code`]: every error code that crosses HTTP or IPC.
//! - [`face_calibration`]: the face-similarity calibration's pairs, rates, minimums and bands.
//! - [`review`]: roles, outcomes, submission statuses, photo sides (the workflow's wire names).
//! - [`audit`]: the audit log's hash chain and its verification.
//! - [`audit_checkpoint`]: signed checkpoints of the chain's head, and a chain compared with them.
//! - [`sheet`]: one submission as the review screen shows it (masked number, due status).
//! - [`wire`]: the review server's HTTP API bodies, shared by the server and the desktop's client.

pub mod audit;
pub mod audit_checkpoint;
pub mod calendar;
pub mod case_number;
pub mod clock;
pub mod consistency;
pub mod decision_rules;
pub mod document;
pub mod error_code;
pub mod face_calibration;
pub mod face_findings;
pub mod finding;
pub mod finding_reasons;
pub mod id;
pub mod overrides;
pub mod photo_findings;
pub mod quota;
pub mod reasons;
pub mod region;
pub mod review;
pub mod sheet;
pub mod wire;

pub use error_code::ErrorCode;
pub use finding::{Finding, Lang, Severity};
