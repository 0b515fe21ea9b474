//! Whether the face models the identity board needs are installed and intact (present, SHA-256
//! as pinned): checked when the photo checks start and on demand, and reported by `/readyz`
//! (`face_models_unavailable`, naming the file) — a missing model is said, never an empty board.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use reviewdesk_imaging::faces::models::verify;
use reviewdesk_imaging::faces::ModelError;

/// The last verdict on the models directory.
#[derive(Debug, Default)]
pub struct FaceModelHealth {
    problem: Mutex<Option<ModelError>>,
}

impl FaceModelHealth {
    /// Verifies the models in `dir` and remembers the outcome.
    pub fn check(&self, dir: &Path) -> Option<ModelError> {
        let problem = verify(dir).err();
        if let Some(error) = &problem {
            tracing::warn!(%error, "face models unavailable: the identity board's faces are off");
        }
        self.problem.lock().unwrap_or_else(PoisonError::into_inner).clone_from(&problem);
        problem
    }

    /// What is wrong with the models, if anything.
    pub fn unavailable(&self) -> Option<ModelError> {
        self.problem.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}
