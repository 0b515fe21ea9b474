//! [`ErrorBody`]: every refusal of the API, `{code, message}` with a 4xx status, plus the details
//! some refusals carry.

use serde::{Deserialize, Serialize};

use super::Decision;
use crate::error_code::ErrorCode;

/// The body of every error answer. `code` is stable (API); `message` is Chinese, for people.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ErrorBody {
    /// One of [`ErrorCode`]. Kept as text so that a client reads a newer server's code too.
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    pub message: String,
    /// The request field at fault, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `conflict`: the decision someone else recorded first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// With `quota_exhausted`: the period whose allowance is used up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    /// With `already_pending`: the submission still waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_id: Option<String>,
}

impl ErrorBody {
    /// The body of a refusal with `code`, without details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            code: code.as_str().to_owned(),
            message: message.into(),
            field: None,
            decision: None,
            period_start: None,
            submission_id: None,
        }
    }

    /// The code, when it is one this build knows.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_code(&self.code)
    }
}
