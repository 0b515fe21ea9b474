//! What a store operation can answer instead of success. Each variant has a stable code; the HTTP
//! layer maps them onto statuses. `Backend` and `Corrupt` are the store's own failures (5xx);
//! everything else is the caller's situation (4xx).

use reviewdesk_domain::review::SubmissionStatus;

use super::model::Decision;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("{what} already exists")]
    AlreadyExists { what: &'static str },
    #[error(
        "the applicant has used all {used} manual reviews of the period starting {period_start}"
    )]
    QuotaExhausted { period_start: chrono::NaiveDate, used: u32 },
    #[error("the applicant already has a submission under review ({submission_id})")]
    AlreadyPending { submission_id: String },
    #[error("someone else decided this submission first")]
    Conflict { decision: Box<Decision> },
    #[error("the submission is no longer open ({status:?})")]
    NotOpen { status: SubmissionStatus },
    #[error("this lease token was not issued to you for this submission")]
    LeaseInvalid,
    #[error("the lease has expired")]
    LeaseExpired,
    /// The reviewer gave the item back: the token can no longer decide it.
    #[error("this lease was released")]
    LeaseReleased,
    #[error("nobody may confirm or change their own decision")]
    OwnDecision,
    #[error("decision id {id} was already used for a different decision")]
    IdempotencyMismatch { id: String },
    #[error("{code}: {message}")]
    Invalid { code: &'static str, message: String },
    #[error("migration {version} was changed after it was applied; migrations are never edited")]
    MigrationEdited { version: u32 },
    #[error("the submission's personal data was deleted after the retention period")]
    Purged,
    /// An intake's due date was counted in a calendar an import replaced meanwhile.
    #[error("the working-day calendar changed while the due date was counted")]
    CalendarChanged,
    #[error("stored data is unreadable: {detail}")]
    Corrupt { detail: String },
    #[error("storage failure: {message}")]
    Backend { message: String },
}

impl StoreError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::AlreadyExists { .. } => "already_exists",
            StoreError::QuotaExhausted { .. } => "quota_exhausted",
            StoreError::AlreadyPending { .. } => "already_pending",
            StoreError::Conflict { .. } => "conflict",
            StoreError::NotOpen { .. } => "not_open",
            StoreError::LeaseInvalid => "lease_invalid",
            StoreError::LeaseExpired => "lease_expired",
            StoreError::LeaseReleased => "lease_released",
            StoreError::OwnDecision => "own_decision",
            StoreError::IdempotencyMismatch { .. } => "idempotency_mismatch",
            StoreError::Invalid { code, .. } => code,
            StoreError::MigrationEdited { .. } => "migration_edited",
            StoreError::Purged => "personal_data_purged",
            StoreError::CalendarChanged => "calendar_changed",
            StoreError::Corrupt { .. } => "corrupt_data",
            StoreError::Backend { .. } => "storage_failure",
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Backend { message: error.to_string() }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt { detail: error.to_string() }
    }
}

#[cfg(feature = "postgres")]
impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        // The server's own words (code and message) when it sent any; the client's otherwise.
        let message = match error.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => error.to_string(),
        };
        StoreError::Backend { message }
    }
}
