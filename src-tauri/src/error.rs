//! The error every command returns across IPC: `{code, message}`, never a bare string.
//!
//! `code` is a stable snake_case identifier, one of the domain's [`ErrorCode`]s (exported to the
//! bindings); it stays a string because a newer server may refuse with a code this build does not
//! know. The UI shows its own zh-CN / en text for every code it knows. `message` is the fallback for
//! a code it does not know: the server's or the client's words for errors from there, and for the
//! desktop's own errors a short technical detail for the log (no user-facing sentence is written in
//! this crate: the UI's dictionary words them).

use reviewdesk_domain::ErrorCode;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code: code.as_str().to_owned(), message: message.into() }
    }
}

impl From<reviewdesk_client::ClientError> for AppError {
    fn from(error: reviewdesk_client::ClientError) -> Self {
        AppError { code: error.code().to_owned(), message: error.message() }
    }
}
