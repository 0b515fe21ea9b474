//! [`ErrorCode`]: every error code that crosses HTTP (the server's `{code, message}` body) or IPC
//! (the desktop's `AppError`), in one enum. Each code is written once, here; it is API: add codes,
//! never rename one. The server and the desktop send the snake_case string; the UI looks the code
//! up in its own zh-CN / en dictionary and shows the server's Chinese `message` only for a code it
//! does not know (a newer server's).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)+) => {
        /// A stable error code, serialised as its snake_case string.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            specta::Type,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The code as sent: the variant's name in snake_case (the tests hold the two
            /// together).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                }
            }
        }
    };
}

error_codes! {
    // Requests the server cannot read.
    /// The request body is not JSON.
    MalformedJson = "malformed_json",
    /// The JSON's fields do not fit the request.
    InvalidRequest = "invalid_request",
    /// The request body could not be read otherwise.
    BadRequest = "bad_request",
    /// A path parameter is wrong.
    BadPath = "bad_path",
    /// A query parameter is wrong.
    BadQuery = "bad_query",
    /// The body is larger than the server accepts.
    BodyTooLarge = "body_too_large",
    /// JSON was expected (`Content-Type`).
    UnsupportedMediaType = "unsupported_media_type",
    /// `multipart/form-data` was expected.
    NotMultipart = "not_multipart",
    /// The multipart request is malformed.
    BadMultipart = "bad_multipart",
    /// No such API endpoint.
    NoSuchEndpoint = "no_such_endpoint",
    /// The endpoint does not take this method.
    MethodNotAllowed = "method_not_allowed",
    /// The outbox lag header is not a number of seconds.
    BadOutboxLag = "bad_outbox_lag",
    /// Too many requests: slow down (`Retry-After`).
    RateLimited = "rate_limited",
    /// The request's body did not arrive within the server's time limit (the connection closes).
    RequestTimeout = "request_timeout",
    /// The server failed (details in its log only).
    Internal = "internal",

    // Readiness.
    /// The store did not answer in time.
    StoreUnreachable = "store_unreachable",
    /// The store's schema is not the one this build migrates to.
    SchemaNotCurrent = "schema_not_current",
    /// The photo checks' OCR engine (Tesseract or its `chi_sim` data) cannot start: the checks
    /// wait.
    OcrUnavailable = "ocr_unavailable",
    /// A face model file (dlib's 5-point landmarks or ResNet) is missing or corrupt: the
    /// identity board's faces are off; the message names the file.
    FaceModelsUnavailable = "face_models_unavailable",

    // Sign-in and who may do what.
    /// Wrong username or password.
    InvalidCredentials = "invalid_credentials",
    /// Too many failed sign-ins: wait.
    TooManyAttempts = "too_many_attempts",
    /// No bearer token.
    MissingToken = "missing_token",
    /// The bearer token is malformed or unknown.
    InvalidToken = "invalid_token",
    /// The session was signed out.
    SessionRevoked = "session_revoked",
    /// The session timed out.
    SessionExpired = "session_expired",
    /// No `X-Api-Key`.
    MissingApiKey = "missing_api_key",
    /// The intake key is wrong or revoked.
    InvalidApiKey = "invalid_api_key",
    /// Staff endpoint called with an intake key.
    StaffOnly = "staff_only",
    /// Intake endpoint called by staff.
    IntakeOnly = "intake_only",
    /// Supervisors only.
    SupervisorsOnly = "supervisors_only",
    /// Reviewers only (supervisors do not claim).
    ReviewersOnly = "reviewers_only",
    /// Only staff with a province may claim and review.
    NoProvince = "no_province",

    // Intake.
    /// The identity part is missing fields or malformed.
    InvalidIdentity = "invalid_identity",
    /// A multipart part the intake does not take.
    UnknownPart = "unknown_part",
    /// A required multipart part is missing.
    MissingPart = "missing_part",
    /// A multipart part came twice.
    DuplicatePart = "duplicate_part",
    /// A photo is larger than allowed.
    ImageTooLarge = "image_too_large",
    /// A photo is not a JPEG.
    NotJpeg = "not_jpeg",
    /// A photo cannot be read.
    ImageUnreadable = "image_unreadable",
    /// A photo's pixel dimensions are too large.
    ImageDimensionsTooLarge = "image_dimensions_too_large",
    /// The applicant used every manual review of the period.
    QuotaExhausted = "quota_exhausted",
    /// The applicant already has a submission under review.
    AlreadyPending = "already_pending",
    /// The working-day calendar changed while a due date was counted.
    CalendarChanged = "calendar_changed",

    // Records.
    /// The record does not exist.
    NotFound = "not_found",
    /// The record already exists.
    AlreadyExists = "already_exists",
    /// No such photo side.
    UnknownImage = "unknown_image",
    /// The submission's personal data was deleted after the retention period.
    PersonalDataPurged = "personal_data_purged",

    // Claims, leases and decisions.
    /// The claim size is out of range.
    BadClaimSize = "bad_claim_size",
    /// The lease length is out of range.
    BadLeaseLength = "bad_lease_length",
    /// The lease token is not the reviewer's for this submission.
    LeaseInvalid = "lease_invalid",
    /// The lease has expired.
    LeaseExpired = "lease_expired",
    /// The reviewer released the lease.
    LeaseReleased = "lease_released",
    /// A supervisor asked to take back a lease, but nobody holds the item now.
    NotLeased = "not_leased",
    /// Someone else decided first.
    Conflict = "conflict",
    /// The submission is no longer open.
    NotOpen = "not_open",
    /// Nobody may confirm or change their own decision.
    OwnDecision = "own_decision",
    /// A decision id reused for a different decision.
    IdempotencyMismatch = "idempotency_mismatch",
    /// The decision id is malformed.
    BadDecisionId = "bad_decision_id",
    /// An approval carries reject reasons.
    ReasonsWithApproval = "reasons_with_approval",
    /// The note is too long.
    NoteTooLong = "note_too_long",
    /// A note is required.
    NoteRequired = "note_required",
    /// A rejection without a reason.
    NoReason = "no_reason",
    /// A reject reason code not in the catalogue.
    UnknownReasonCode = "unknown_reason_code",
    /// A reject reason given twice.
    DuplicateReasonCode = "duplicate_reason_code",
    /// "Other" without its text.
    OtherTextMissing = "other_text_missing",
    /// The "other" text is too long.
    OtherTextTooLong = "other_text_too_long",
    /// The "other" text holds control characters.
    OtherTextControlChars = "other_text_control_chars",
    /// Text for "other" without the "other" reason.
    OtherTextWithoutOther = "other_text_without_other",
    /// `overridden_findings` on a decision that is not an approval.
    OverridesWithRejection = "overrides_with_rejection",
    /// An overridden finding code that no check produces.
    UnknownFindingCode = "unknown_finding_code",
    /// An overridden finding code given twice.
    DuplicateFindingCode = "duplicate_finding_code",
    /// The decision's undo window has closed (it may have reached the server): only a supervisor
    /// can change it now.
    RecallTooLate = "recall_too_late",

    // Supervision.
    /// The submission is not waiting for a second review.
    NotForReview = "not_for_review",
    /// The submission has no first decision to review.
    NotDecided = "not_decided",
    /// The page size is out of range.
    BadLimit = "bad_limit",
    /// The paging cursor is not one the server gave.
    BadCursor = "bad_cursor",
    /// The start date is after the end date.
    BadDateRange = "bad_date_range",
    /// The date range is longer than allowed.
    RangeTooLong = "range_too_long",
    /// An export would hold too many rows.
    TooManyRows = "too_many_rows",
    /// A saved view's name is empty, too long, or holds control characters.
    BadViewName = "bad_view_name",
    /// A supervisor already has the most saved views allowed.
    TooManyViews = "too_many_views",
    /// A saved view's filter holds a value the decision log does not accept.
    BadViewFilter = "bad_view_filter",
    /// Not a case number (`11-20261206-0042`).
    BadCaseNumber = "bad_case_number",

    // Face-similarity calibration.
    /// Similarity thresholds not finite, or not 0 < similar_below ≤ dissimilar_from < 2.
    BadSimilarityBands = "bad_similarity_bands",
    /// No calibration run by that id in the supervisor's province.
    UnknownCalibrationRun = "unknown_calibration_run",
    /// The calibration run has too few pairs to set bands from.
    CalibrationTooThin = "calibration_too_thin",

    // Calendar import (the file format's checks, and the import's own).
    MissingHeader = "missing_header",
    UnexpectedEnd = "unexpected_end",
    UnsupportedFormat = "unsupported_format",
    BadHeader = "bad_header",
    WrongFieldCount = "wrong_field_count",
    BadDate = "bad_date",
    BadKind = "bad_kind",
    HolidayOnWeekend = "holiday_on_weekend",
    WorkdayOnWeekday = "workday_on_weekday",
    EmptyName = "empty_name",
    NotAscending = "not_ascending",
    DuplicateDate = "duplicate_date",
    OutsideCoveredYears = "outside_covered_years",
    YearWithoutHolidays = "year_without_holidays",
    MissingPublished = "missing_published",
    OlderNotice = "older_notice",
    YearsNotContiguous = "years_not_contiguous",

    // The server's own storage (never sent: they answer as `internal`).
    MigrationEdited = "migration_edited",
    CorruptData = "corrupt_data",
    StorageFailure = "storage_failure",
    BadDatabaseUrl = "bad_database_url",

    // The desktop's connection to the server.
    /// The server cannot be reached: working offline.
    Offline = "offline",
    /// The server's certificate is not trusted.
    CertificateUntrusted = "certificate_untrusted",
    /// The server answered something unreadable.
    BadAnswer = "bad_answer",
    /// The server answered an unexpected status without an error body.
    UnexpectedStatus = "unexpected_status",
    /// The server address is not an http(s) URL.
    BadServerUrl = "bad_server_url",
    /// Plain `http://` to a server that is not on this computer (HTTPS only).
    InsecureServerUrl = "insecure_server_url",
    /// The extra CA file cannot be read.
    BadCaFile = "bad_ca_file",

    // The desktop's local cache and keyring.
    CacheWrongKey = "cache_wrong_key",
    CacheTampered = "cache_tampered",
    CacheMigrationEdited = "cache_migration_edited",
    CacheTooNew = "cache_too_new",
    CacheCorrupt = "cache_corrupt",
    CacheIo = "cache_io",
    CacheFile = "cache_file",
    CacheKeyMissing = "cache_key_missing",
    NoRandomness = "no_randomness",
    KeyringUnavailable = "keyring_unavailable",
    KeyringBadValue = "keyring_bad_value",

    // The desktop's own refusals.
    NotSignedIn = "not_signed_in",
    OtherAccountSignedIn = "other_account_signed_in",
    MissingCredentials = "missing_credentials",
    BadRole = "bad_role",
    UnknownSubmission = "unknown_submission",
    BadSubmissionId = "bad_submission_id",
    AlreadyDecided = "already_decided",
    UnsentDecisions = "unsent_decisions",
    InputTooLong = "input_too_long",
    CalendarUnreadable = "calendar_unreadable",
    ExportFile = "export_file",
    NoExportDir = "no_export_dir",
    AccountFile = "account_file",
    NoAppFolder = "no_app_folder",
    LocalModeFailed = "local_mode_failed",
    /// The UI's own: a call into the desktop failed without an `AppError`.
    IpcFailed = "ipc_failed",
}

impl ErrorCode {
    /// The code named by `text`, if it is one.
    pub fn from_code(text: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|code| code.as_str() == text)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is no [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown error code {0:?}")]
pub struct UnknownErrorCode(pub String);

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ErrorCode::from_code(text).ok_or_else(|| UnknownErrorCode(text.to_owned()))
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<ErrorCode> for String {
    fn from(code: ErrorCode) -> String {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::ErrorCode;

    fn is_snake_case(text: &str) -> bool {
        !text.is_empty()
            && text.split('_').all(|word| {
                !word.is_empty()
                    && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
            && text.starts_with(|c: char| c.is_ascii_lowercase())
    }

    #[test]
    fn every_code_is_unique_snake_case_and_round_trips() {
        let mut seen = HashSet::new();
        for &code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(is_snake_case(text), "{text:?} is not snake_case");
            assert!(seen.insert(text), "{text:?} is used twice");
            let json = serde_json::to_string(&code).expect("serialises");
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).expect("parses"), code);
            assert_eq!(text.parse::<ErrorCode>(), Ok(code));
            assert_eq!(code.to_string(), text);
        }
        assert!(ErrorCode::ALL.len() > 100);
    }

    #[test]
    fn unknown_codes_are_not_codes() {
        assert_eq!(ErrorCode::from_code("no_such_code"), None);
        assert!("approve_with_reasons".parse::<ErrorCode>().is_err());
        assert!(serde_json::from_str::<ErrorCode>("\"NoteTooLong\"").is_err());
    }

    #[test]
    fn a_code_compares_with_its_string() {
        assert_eq!(ErrorCode::BadLimit, "bad_limit");
        assert!(ErrorCode::ReasonsWithApproval == *"reasons_with_approval");
    }
}
