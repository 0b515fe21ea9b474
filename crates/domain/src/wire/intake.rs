//! What the applicant-facing system is answered: the intake receipt and the applicant's view.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::review::SubmissionStatus;

/// `POST /api/v1/intake/submissions` answers 201 with this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeReceipt {
    pub id: String,
    /// The number the applicant and staff quote (`11-20261206-0042`).
    pub case_number: String,
    pub status: SubmissionStatus,
    /// 1, 2 or 3 within the period.
    pub attempt: u32,
    pub period_start: NaiveDate,
    /// Seven working days on; `None` only when no answer could be computed (a year outside
    /// 1901–2099).
    pub due_date: Option<NaiveDate>,
    /// The due date rests on days no imported holiday notice settles yet; it may still move
    /// when the notice is imported.
    #[serde(default)]
    pub due_provisional: bool,
}

/// What the applicant may see about a submission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantView {
    pub id: String,
    pub case_number: String,
    /// `pending`, `approved` or `rejected` (a second review shows as pending).
    pub status: SubmissionStatus,
    pub status_text: String,
    /// For a rejection, exactly what the applicant reads (`不通过原因：…`).
    pub reasons_text: Option<String>,
}
