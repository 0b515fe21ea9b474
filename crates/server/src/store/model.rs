//! The records the store contract speaks in. Times are UTC; dates are Beijing-time calendar dates.

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};
use reviewdesk_domain::Finding;
use serde::{Deserialize, Serialize};

/// A staff account as the rest of the server sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// Two-digit province code; `None` only for admins.
    pub province: Option<String>,
}

impl User {
    /// Whether this user may see submissions of `province`.
    pub fn sees_province(&self, province: &str) -> bool {
        self.role == Role::Admin || self.province.as_deref() == Some(province)
    }
}

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
    /// `None` when the working-day calendar has no data for the dates involved.
    pub due_date: Option<NaiveDate>,
}

/// The SHA-256 (lower-case hex) of each of the three photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionImages {
    pub portrait: String,
    pub emblem: String,
    pub handheld: String,
}

/// What intake answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntakeReceipt {
    pub id: String,
    pub status: SubmissionStatus,
    /// 1, 2 or 3 within the period.
    pub attempt: u32,
    pub period_start: NaiveDate,
    pub due_date: Option<NaiveDate>,
}

/// A submission with everything a reviewer sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub id: String,
    pub applicant_id: String,
    pub province: String,
    pub identity: DeclaredIdentity,
    pub images: SubmissionImages,
    pub findings: Vec<Finding>,
    pub attempt: u32,
    pub period_start: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    pub status: SubmissionStatus,
    /// The current lease, if one is held and not expired.
    pub lease: Option<LeaseInfo>,
}

/// Who holds a submission and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaseInfo {
    pub username: String,
    pub expires_at: DateTime<Utc>,
}

/// A lease handed to a reviewer by a claim or a renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lease {
    pub submission_id: String,
    pub lease_token: String,
    pub expires_at: DateTime<Utc>,
    /// `true` when this is the four-eyes second review of a last-attempt rejection.
    pub second_review: bool,
}

/// A decision as a reviewer sends it. `id` is made by the client, so a replay is recognisable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDecision {
    pub id: String,
    pub submission_id: String,
    pub lease_token: String,
    pub outcome: Outcome,
    /// Reject-reason codes from the catalogue; empty for an approval.
    pub reasons: Vec<String>,
    /// The applicant-facing text of the `other` reason.
    pub other_text: Option<String>,
    /// A note for staff, never shown to the applicant.
    pub note: Option<String>,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub id: String,
    pub submission_id: String,
    /// `first`, or `second` for the four-eyes review.
    pub stage: Stage,
    pub username: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    pub note: Option<String>,
    /// Exactly what the applicant reads for a rejection (`不通过原因：…`).
    pub applicant_text: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// First review, or the four-eyes second review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    First,
    Second,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::First => "first",
            Stage::Second => "second",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        [Stage::First, Stage::Second].into_iter().find(|s| s.as_str() == text)
    }
}

/// What a decision request led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReceipt {
    pub decision: Decision,
    /// The submission's status after it.
    pub status: SubmissionStatus,
    /// `true` when the same decision id had been recorded before (an idempotent replay).
    pub replayed: bool,
}

/// What the applicant-facing system may show about a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicantView {
    pub id: String,
    /// `pending`, `approved` or `rejected` (a second review shows as pending).
    pub status: SubmissionStatus,
    pub status_text: String,
    /// For a rejection, exactly what the applicant reads (`不通过原因：…`).
    pub reasons_text: Option<String>,
}
