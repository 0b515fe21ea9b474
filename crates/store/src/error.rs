//! What a store operation can answer instead of success. Each variant has a stable code; the HTTP
//! layer maps them onto statuses. `Backend` and `Corrupt` are the store's own failures (5xx);
//! everything else is the caller's situation (4xx).

use reviewdesk_domain::decision_rules::RuleError;
use reviewdesk_domain::error_code::ErrorCode;
use reviewdesk_domain::review::SubmissionStatus;
use reviewdesk_domain::wire::saved_views::ViewError;

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
    /// A supervisor asked to take back a lease nobody holds.
    #[error("nobody holds this submission now")]
    NotLeased,
    #[error("nobody may confirm or change their own decision")]
    OwnDecision,
    #[error("decision id {id} was already used for a different decision")]
    IdempotencyMismatch { id: String },
    #[error("{code}: {message}")]
    Invalid { code: ErrorCode, message: String },
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
    /// Stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::AlreadyExists { .. } => ErrorCode::AlreadyExists,
            StoreError::QuotaExhausted { .. } => ErrorCode::QuotaExhausted,
            StoreError::AlreadyPending { .. } => ErrorCode::AlreadyPending,
            StoreError::Conflict { .. } => ErrorCode::Conflict,
            StoreError::NotOpen { .. } => ErrorCode::NotOpen,
            StoreError::LeaseInvalid => ErrorCode::LeaseInvalid,
            StoreError::LeaseExpired => ErrorCode::LeaseExpired,
            StoreError::LeaseReleased => ErrorCode::LeaseReleased,
            StoreError::NotLeased => ErrorCode::NotLeased,
            StoreError::OwnDecision => ErrorCode::OwnDecision,
            StoreError::IdempotencyMismatch { .. } => ErrorCode::IdempotencyMismatch,
            StoreError::Invalid { code, .. } => *code,
            StoreError::MigrationEdited { .. } => ErrorCode::MigrationEdited,
            StoreError::Purged => ErrorCode::PersonalDataPurged,
            StoreError::CalendarChanged => ErrorCode::CalendarChanged,
            StoreError::Corrupt { .. } => ErrorCode::CorruptData,
            StoreError::Backend { .. } => ErrorCode::StorageFailure,
        }
    }
}

impl StoreError {
    /// The caller's argument breaks a rule: `code` says which, `message` says it to a person.
    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> StoreError {
        StoreError::Invalid { code, message: message.into() }
    }
}

impl From<RuleError> for StoreError {
    fn from(error: RuleError) -> Self {
        StoreError::Invalid { code: error.code(), message: error.message_zh() }
    }
}

impl From<ViewError> for StoreError {
    fn from(error: ViewError) -> Self {
        StoreError::Invalid { code: error.code(), message: error.to_string() }
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
