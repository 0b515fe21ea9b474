//! The error every command returns across IPC: `{code, message}`, never a bare string.
//!
//! `code` is a stable snake_case identifier the UI may branch on; `message` is Chinese text a
//! reviewer can read as it is (the UI shows its own translation when it knows the code).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError { code: code.to_owned(), message: message.into() }
    }
}

impl From<reviewdesk_client::ClientError> for AppError {
    fn from(error: reviewdesk_client::ClientError) -> Self {
        AppError { code: error.code().to_owned(), message: error.message() }
    }
}
