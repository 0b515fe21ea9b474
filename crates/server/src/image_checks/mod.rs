//! The automatic photo checks, run in the background on the store's durable work queue (see
//! [`reviewdesk_store::photo_checks`]): intake records the work in its own transaction and
//! [`ImageChecks::notify`]s; worker threads, each with its own Tesseract engine, claim one
//! submission at a time under a lease, run `reviewdesk_imaging::check` on its three photos, add
//! the cross-applicant duplicate checks (the same file: SHA-256; a near copy: perceptual hashes,
//! [`near_duplicates`]; the same face under another identity, or another face on a re-attempt,
//! once calibrated: [`repeat_faces`]), and record the findings and the completion in one
//! transaction ([`worker`]). Several instances on one PostgreSQL share the queue.
//!
//! - A check that fails is tried again with backoff, [`CheckWorkers::attempts`] times in all,
//!   then recorded as `failed` with a `photo_check_failed` finding the reviewer sees.
//! - While the OCR engine cannot start, workers claim nothing (the work waits, it is never
//!   marked done without OCR) and [`ImageChecks::ocr_unavailable`] says why (`/readyz`).
//! - The identity board ([`identity_board`]): computed from the upright portrait-side and
//!   hand-held photos with each worker's own face models, recorded under the claim before the
//!   findings. The face models are verified at start; [`ImageChecks::face_models_unavailable`]
//!   names a missing or corrupt file (`/readyz`), and the boards say `models_unavailable`
//!   meanwhile (the checks still finish).
//! - [`ImageChecks::stop`] returns within its budget whatever the backlog: workers finish the
//!   submission in hand if they can, and the claims of those still busy are released, so the
//!   next start (or another instance) takes them at once. A worker that dies leaves its claim
//!   to expire after [`CheckWorkers::lease`].

mod faces;
mod identity_board;
mod near_duplicates;
mod ocr_health;
mod priority;
mod repeat_faces;
mod worker;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use reviewdesk_imaging::CheckConfig;

use crate::clock::Clock;
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::store::Store;

pub use faces::FaceModelHealth;
pub use ocr_health::OcrHealth;

/// How many workers run the checks, and how they hold their work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckWorkers {
    /// Threads (at least one).
    pub threads: usize,
    /// How long a claim lives: a worker that dies is replaced after this long.
    pub lease: Duration,
    /// Claims of one submission before its checks are recorded as failed.
    pub attempts: u32,
    /// The wait before the first retry of a failed check; doubled for each further one.
    pub first_backoff: Duration,
    /// Below-normal scheduling priority (a desktop's window stays responsive).
    pub low_priority: bool,
}

impl CheckWorkers {
    /// A server's: `threads` workers at normal priority.
    pub fn server(threads: usize) -> CheckWorkers {
        CheckWorkers {
            threads,
            lease: Duration::from_secs(120),
            attempts: 3,
            first_backoff: Duration::from_secs(30),
            low_priority: false,
        }
    }

    /// The desktop's local mode: one worker at low priority.
    pub fn desktop() -> CheckWorkers {
        CheckWorkers { low_priority: true, ..CheckWorkers::server(1) }
    }
}

/// The check bounds for photos that intake accepted under `settings`.
pub fn check_config(settings: &Settings) -> CheckConfig {
    CheckConfig {
        max_bytes: settings.max_image_bytes,
        max_side: settings.max_image_side,
        max_pixels: settings.max_image_pixels,
        blur_threshold: settings.blur_threshold,
        ..CheckConfig::default()
    }
}

/// What the workers share with the pool: the stop flag, the wake-up signal, the OCR engine's
/// health and the claims in hand.
#[derive(Debug, Default)]
struct Shared {
    stopping: AtomicBool,
    /// Bumped by every notify; workers sleep on it between polls.
    wake: (Mutex<u64>, Condvar),
    ocr: OcrHealth,
    /// Whether the face models are installed and intact.
    faces: FaceModelHealth,
    /// Claims held right now (released if a worker is still busy when the pool stops).
    in_hand: Mutex<Vec<String>>,
    /// Workers still running.
    running: (Mutex<usize>, Condvar),
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Sleeps up to `timeout`, or until notified or stopping.
    fn sleep(&self, timeout: Duration) {
        let (generation, changed) = &self.wake;
        let guard = generation.lock().unwrap_or_else(PoisonError::into_inner);
        let seen = *guard;
        let _ = changed
            .wait_timeout_while(guard, timeout, |now| *now == seen && !self.stopping())
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn notify(&self) {
        let (generation, changed) = &self.wake;
        *generation.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        changed.notify_all();
    }

    fn hold(&self, claim: &str) {
        self.in_hand.lock().unwrap_or_else(PoisonError::into_inner).push(claim.to_owned());
    }

    fn put_down(&self, claim: &str) {
        self.in_hand.lock().unwrap_or_else(PoisonError::into_inner).retain(|held| held != claim);
    }
}

/// The worker pool. Dropping it stops it as [`ImageChecks::stop`] does, with a short budget.
pub struct ImageChecks {
    shared: Arc<Shared>,
    store: Arc<dyn Store>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for ImageChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageChecks").finish_non_exhaustive()
    }
}

/// How a stop went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// Workers still busy when the budget ran out (left to end with the process).
    pub abandoned: usize,
    /// Claims given back for another worker to take.
    pub released: u64,
}

impl ImageChecks {
    /// Starts the workers on the store's queue; they resume whatever work is outstanding.
    pub fn start(
        store: Arc<dyn Store>,
        images: Arc<dyn ImageStore>,
        clock: Arc<dyn Clock>,
        config: CheckConfig,
        workers: CheckWorkers,
        metrics: Arc<Metrics>,
    ) -> ImageChecks {
        let shared = Arc::new(Shared::default());
        let verifying = Arc::clone(&shared);
        let started = std::thread::Builder::new().name("face-models".to_owned()).spawn(move || {
            verifying.faces.check_at_start(&verifying.faces.models().0);
        });
        if let Err(error) = started {
            tracing::error!(%error, "cannot start the face models' check");
        }
        let instance = uuid::Uuid::new_v4().simple().to_string();
        let handles = (0..workers.threads.max(1))
            .map(|number| {
                let worker = worker::Worker {
                    name: format!("{instance}-{number}"),
                    store: Arc::clone(&store),
                    images: Arc::clone(&images),
                    clock: Arc::clone(&clock),
                    config: config.clone(),
                    options: workers,
                    metrics: Arc::clone(&metrics),
                    shared: Arc::clone(&shared),
                };
                *shared.running.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                std::thread::Builder::new()
                    .name(format!("photo-checks-{number}"))
                    .spawn(move || worker.run())
                    .map_err(|error| {
                        worker::finished(&shared);
                        tracing::error!(%error, "cannot start a photo-check worker");
                    })
            })
            .filter_map(Result::ok)
            .collect();
        ImageChecks { shared, store, workers: Mutex::new(handles) }
    }

    /// New work was queued: wakes an idle worker now instead of at its next poll.
    pub fn notify(&self) {
        self.shared.notify();
    }

    /// Why the OCR engine cannot start, when it cannot (the checks wait meanwhile).
    pub fn ocr_unavailable(&self) -> Option<String> {
        self.shared.ocr.unavailable()
    }

    /// What is wrong with the face models (missing, corrupt), if anything (`/readyz`).
    pub fn face_models_unavailable(&self) -> Option<reviewdesk_imaging::faces::ModelError> {
        self.shared.faces.unavailable()
    }

    /// Verifies the face models in `dir` again (after an operator installed them, or a test
    /// pointing at another directory), makes `dir` the one the workers load the models from
    /// (each loads them again before its next board) and returns what is wrong, if anything.
    pub fn check_face_models(
        &self,
        dir: &std::path::Path,
    ) -> Option<reviewdesk_imaging::faces::ModelError> {
        self.shared.faces.check(dir)
    }

    /// Stops taking work and returns within `budget`: waits that long for the workers to put
    /// down what they hold, then releases the claims of those still busy.
    pub fn stop(&self, budget: Duration) -> Stopped {
        let deadline = Instant::now() + budget;
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.shared.notify();
        let (running, changed) = &self.shared.running;
        let guard = running.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = changed
            .wait_timeout_while(guard, deadline.saturating_duration_since(Instant::now()), |n| {
                *n > 0
            })
            .unwrap_or_else(PoisonError::into_inner);
        let abandoned = *guard;
        drop(guard);
        let claims = std::mem::take(
            &mut *self.shared.in_hand.lock().unwrap_or_else(PoisonError::into_inner),
        );
        let released = if claims.is_empty() {
            0
        } else {
            self.store.release_photo_checks(&claims).unwrap_or_else(|error| {
                tracing::error!(%error, "photo checks: claims not released; they expire instead");
                0
            })
        };
        let handles =
            std::mem::take(&mut *self.workers.lock().unwrap_or_else(PoisonError::into_inner));
        if abandoned == 0 {
            for handle in handles {
                let _ = handle.join();
            }
        }
        tracing::info!(abandoned, released, "photo checks stopped");
        Stopped { abandoned, released }
    }
}

impl Drop for ImageChecks {
    fn drop(&mut self) {
        if !self.shared.stopping() {
            self.stop(Duration::from_secs(2));
        }
    }
}
