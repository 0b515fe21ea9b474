//! The intake's background photo checks (issue 4): a pool of worker threads, each with its own
//! Tesseract engine, that run `reviewdesk_imaging::check` on the three photos of each accepted
//! submission after intake has answered, add the cross-applicant duplicate check (the same file
//! uploaded by another applicant), and record the findings (`Store::record_image_findings`),
//! which `GET /api/v1/submissions/{id}` then shows as `image_findings`. Intake never waits for
//! the OCR; a reviewer may see a submission before its checks are done (`image_checks_done`).
//!
//! The queue lives in memory: jobs not yet run when the server stops are not re-run by this pool
//! (the submission simply shows no image findings).

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use reviewdesk_domain::photo_findings::{photo_reused, photo_unreadable, ImageFinding};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_imaging::{check, submission_findings, CheckConfig, OcrEngine, Report, Strategy};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::store::{Store, SubmissionImages};

/// One accepted submission to check.
#[derive(Debug, Clone)]
pub struct ImageCheckJob {
    pub submission_id: String,
    pub applicant_id: String,
    /// The document number as declared.
    pub declared_number: String,
    pub images: SubmissionImages,
}

impl ImageCheckJob {
    /// The job for photos given as bytes (portrait side, emblem side, hand-held).
    pub fn new(
        submission_id: &str,
        applicant_id: &str,
        declared_number: &str,
        photos: &[Vec<u8>; 3],
    ) -> ImageCheckJob {
        let sha = |bytes: &[u8]| hex::encode(Sha256::digest(bytes));
        ImageCheckJob {
            submission_id: submission_id.to_owned(),
            applicant_id: applicant_id.to_owned(),
            declared_number: declared_number.to_owned(),
            images: SubmissionImages {
                portrait: sha(&photos[0]),
                emblem: sha(&photos[1]),
                handheld: sha(&photos[2]),
            },
        }
    }
}

/// Jobs submitted and not yet finished, and a signal when it changes.
type Outstanding = Arc<(Mutex<usize>, Condvar)>;

/// The worker pool. Dropping it finishes the queued jobs and joins the workers.
pub struct ImageChecks {
    sender: Mutex<Option<Sender<ImageCheckJob>>>,
    outstanding: Outstanding,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for ImageChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageChecks").finish_non_exhaustive()
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

impl ImageChecks {
    /// Starts `workers` threads (at least one).
    pub fn start(
        store: Arc<dyn Store>,
        images: Arc<dyn ImageStore>,
        clock: Arc<dyn Clock>,
        config: CheckConfig,
        workers: usize,
        metrics: Arc<Metrics>,
    ) -> ImageChecks {
        let (sender, receiver) = channel::<ImageCheckJob>();
        let receiver = Arc::new(Mutex::new(receiver));
        let outstanding: Outstanding = Arc::new((Mutex::new(0), Condvar::new()));
        let handles = (0..workers.max(1))
            .map(|number| {
                let worker = Worker {
                    store: Arc::clone(&store),
                    images: Arc::clone(&images),
                    clock: Arc::clone(&clock),
                    config: config.clone(),
                    metrics: Arc::clone(&metrics),
                    receiver: Arc::clone(&receiver),
                    outstanding: Arc::clone(&outstanding),
                };
                std::thread::Builder::new()
                    .name(format!("image-checks-{number}"))
                    .spawn(move || worker.run())
            })
            .filter_map(|spawned| {
                spawned.map_err(|error| tracing::error!(%error, "cannot start a worker")).ok()
            })
            .collect();
        ImageChecks { sender: Mutex::new(Some(sender)), outstanding, workers: Mutex::new(handles) }
    }

    /// Queues a job; never blocks.
    pub fn submit(&self, job: ImageCheckJob) {
        let sender = self.sender.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(sender) = sender.as_ref() else { return };
        let (count, _) = &*self.outstanding;
        *count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        if sender.send(job).is_err() {
            finished(&self.outstanding);
            tracing::error!("image checks: no worker is running; job dropped");
        }
    }

    /// Waits until every submitted job is finished, up to `timeout`; whether they all are.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let (count, changed) = &*self.outstanding;
        let guard = count.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = changed
            .wait_timeout_while(guard, timeout, |pending| *pending > 0)
            .unwrap_or_else(PoisonError::into_inner);
        *guard == 0
    }
}

impl Drop for ImageChecks {
    fn drop(&mut self) {
        self.sender.lock().unwrap_or_else(PoisonError::into_inner).take();
        let handles =
            std::mem::take(&mut *self.workers.lock().unwrap_or_else(PoisonError::into_inner));
        for handle in handles {
            let _ = handle.join();
        }
    }
}

fn finished(outstanding: &Outstanding) {
    let (count, changed) = &**outstanding;
    let mut pending = count.lock().unwrap_or_else(PoisonError::into_inner);
    *pending = pending.saturating_sub(1);
    changed.notify_all();
}

struct Worker {
    store: Arc<dyn Store>,
    images: Arc<dyn ImageStore>,
    clock: Arc<dyn Clock>,
    config: CheckConfig,
    metrics: Arc<Metrics>,
    receiver: Arc<Mutex<Receiver<ImageCheckJob>>>,
    outstanding: Outstanding,
}

impl Worker {
    fn run(self) {
        let mut engine = OcrEngine::new()
            .map_err(|error| tracing::warn!(%error, "image checks run without OCR"))
            .ok();
        loop {
            let job = {
                let receiver = self.receiver.lock().unwrap_or_else(PoisonError::into_inner);
                receiver.recv()
            };
            let Ok(job) = job else { break };
            let started = std::time::Instant::now();
            let findings = self.findings(&job, engine.as_mut());
            self.metrics.image_check(started.elapsed().as_secs_f64());
            let now = self.clock.now();
            if let Err(error) = self.store.record_image_findings(&job.submission_id, &findings, now)
            {
                tracing::error!(%error, submission = %job.submission_id, "image findings not recorded");
            }
            finished(&self.outstanding);
        }
    }

    fn findings(
        &self,
        job: &ImageCheckJob,
        mut engine: Option<&mut OcrEngine>,
    ) -> Vec<ImageFinding> {
        let shas = [&job.images.portrait, &job.images.emblem, &job.images.handheld];
        let mut unreadable = Vec::new();
        let reports: [Report; 3] = shas.map(|sha| match self.images.read(sha) {
            Ok(bytes) => check(
                &bytes,
                &self.config,
                engine.as_deref_mut().map(|engine| (engine, Strategy::Fast)),
            ),
            Err(error) => {
                unreadable.push((sha.clone(), error.to_string()));
                check(&[], &self.config, None)
            }
        });
        let mut findings =
            submission_findings(&reports, &job.declared_number, self.config.blur_threshold);
        for (side, sha) in PhotoSide::ALL.into_iter().zip(shas) {
            if let Some((_, error)) = unreadable.iter().find(|(missing, _)| missing == sha) {
                tracing::error!(%error, %sha, "stored photo unreadable");
                findings.retain(|found| found.side != side);
                findings.push(ImageFinding {
                    side,
                    finding: photo_unreadable(side, "照片文件无法读取"),
                });
                continue;
            }
            match self.store.applicants_with_image(sha, &job.applicant_id) {
                Ok(others) if !others.is_empty() => {
                    findings.push(ImageFinding { side, finding: photo_reused(side, others.len()) });
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "duplicate lookup failed"),
            }
        }
        findings
    }
}
