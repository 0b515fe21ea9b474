//! Whether the workers' OCR engine starts: unknown until a worker tried, then ready or
//! unavailable with the reason. `/readyz` reports an unavailable engine (`ocr_unavailable`) and
//! the submission endpoint says `unavailable` instead of `pending` for unchecked photos.

use std::sync::{Mutex, PoisonError};

#[derive(Debug, Default)]
pub struct OcrHealth {
    /// `None` until a worker tried; then the error that stopped the engine, or none.
    state: Mutex<Option<Option<String>>>,
}

impl OcrHealth {
    pub fn ready(&self) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = Some(None);
    }

    pub fn failed(&self, reason: String) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = Some(Some(reason));
    }

    /// Why the engine cannot start, when the last attempt failed.
    pub fn unavailable(&self) -> Option<String> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).clone().flatten()
    }
}
