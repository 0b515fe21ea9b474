//! Whether the face models the identity board needs are installed and intact (present, SHA-256
//! as pinned): checked in the background when the photo checks start, and on demand, and reported by `/readyz`
//! (`face_models_unavailable`, naming the file) — a missing model is said, never an empty board.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use reviewdesk_imaging::faces::models::verify;
use reviewdesk_imaging::faces::ModelError;

/// The last verdict on the models directory.
#[derive(Debug, Default)]
pub struct FaceModelHealth {
    verdict: Mutex<Verdict>,
}

#[derive(Debug, Default)]
struct Verdict {
    problem: Option<ModelError>,
    /// An explicit [`FaceModelHealth::check`] has answered: the start-up check (hashing 31 MB,
    /// run in the background so the app starts at once) must not overwrite it.
    explicit: bool,
}

impl FaceModelHealth {
    /// Verifies the models in `dir` and remembers the outcome.
    pub fn check(&self, dir: &Path) -> Option<ModelError> {
        let problem = verified(dir);
        let mut verdict = self.verdict.lock().unwrap_or_else(PoisonError::into_inner);
        *verdict = Verdict { problem: problem.clone(), explicit: true };
        problem
    }

    /// The start-up check: recorded unless an explicit check answered meanwhile.
    pub fn check_at_start(&self, dir: &Path) {
        let problem = verified(dir);
        let mut verdict = self.verdict.lock().unwrap_or_else(PoisonError::into_inner);
        if !verdict.explicit {
            verdict.problem = problem;
        }
    }

    /// What is wrong with the models, if anything.
    pub fn unavailable(&self) -> Option<ModelError> {
        self.verdict.lock().unwrap_or_else(PoisonError::into_inner).problem.clone()
    }
}

fn verified(dir: &Path) -> Option<ModelError> {
    let problem = verify(dir).err();
    if let Some(error) = &problem {
        tracing::warn!(%error, "face models unavailable: the identity board's faces are off");
    }
    problem
}
