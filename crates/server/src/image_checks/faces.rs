//! Whether the face models the identity board needs are installed and intact (present, SHA-256
//! as pinned): checked in the background when the photo checks start, and on demand, and reported by `/readyz`
//! (`face_models_unavailable`, naming the file) — a missing model is said, never an empty board.
//! It also says where the workers load the models from: an on-demand check of a directory
//! makes it theirs (a new generation, which each worker loads before its next board).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use reviewdesk_imaging::faces::models::verify;
use reviewdesk_imaging::faces::{default_models_dir, ModelError};

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
    /// Where the workers load the models from; `None`: [`default_models_dir`].
    dir: Option<PathBuf>,
    /// Bumped whenever `dir` is checked on demand: workers load the models again.
    generation: u64,
}

impl FaceModelHealth {
    /// Verifies the models in `dir`, remembers the outcome and makes `dir` the workers'.
    pub fn check(&self, dir: &Path) -> Option<ModelError> {
        let problem = verified(dir);
        let mut verdict = self.verdict.lock().unwrap_or_else(PoisonError::into_inner);
        verdict.problem = problem.clone();
        verdict.explicit = true;
        verdict.dir = Some(dir.to_owned());
        verdict.generation += 1;
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

    /// Where the workers load the models from, and its generation.
    pub fn models(&self) -> (PathBuf, u64) {
        let verdict = self.verdict.lock().unwrap_or_else(PoisonError::into_inner);
        (verdict.dir.clone().unwrap_or_else(default_models_dir), verdict.generation)
    }

    /// A worker loaded generation `generation` (or could not): what `/readyz` says from now on,
    /// unless the directory was checked again meanwhile. Loading finds what hashing cannot (a
    /// file dlib refuses).
    pub fn loaded(&self, generation: u64, problem: Option<&ModelError>) {
        let mut verdict = self.verdict.lock().unwrap_or_else(PoisonError::into_inner);
        if verdict.generation == generation {
            verdict.problem = problem.cloned();
        }
    }
}

fn verified(dir: &Path) -> Option<ModelError> {
    let problem = verify(dir).err();
    if let Some(error) = &problem {
        tracing::warn!(%error, "face models unavailable: the identity board's faces are off");
    }
    problem
}
