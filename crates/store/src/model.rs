//! The records the store contract speaks in: its own inputs here, and the API's wire types
//! (`reviewdesk_domain::wire`) re-exported. Times are UTC; dates are Beijing-time calendar dates.

use chrono::NaiveDate;
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::review::Role;
use reviewdesk_domain::Finding;

pub use reviewdesk_domain::wire::{
    ApplicantView, Decision, DecisionReceipt, IntakeReceipt, Lease, LeaseInfo, NewDecision, Stage,
    Submission, SubmissionImages, User,
};

/// A new staff account; the password is already hashed (Argon2id PHC string).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub province: Option<String>,
}

/// A submission as intake hands it to the store: identity checked, images already stored.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub applicant_id: String,
    pub province: String,
    pub identity: DeclaredIdentity,
    pub images: SubmissionImages,
    pub findings: Vec<Finding>,
    pub submitted_on: NaiveDate,
    /// `None` only when no answer could be computed (a year outside 1901–2099).
    pub due_date: Option<NaiveDate>,
    /// The due date rests on days no notice settles yet.
    pub due_provisional: bool,
    /// The calendar version the due date was counted in: the store refuses the intake with
    /// [`super::StoreError::CalendarChanged`] when an import replaced it meanwhile. `None`: not
    /// checked (tests and benchmarks that set their own due dates).
    pub calendar_version: Option<i64>,
}
