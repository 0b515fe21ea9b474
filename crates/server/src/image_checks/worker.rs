//! One photo-check worker: a thread with its own Tesseract engine and face models that claims
//! work from the store's queue, checks the three photos, records the identity board and then
//! the outcome under its claim.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use reviewdesk_domain::photo_findings::{
    photo_check_failed, photo_reused, photo_unreadable, ImageFinding,
};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_imaging::{
    check, check_keeping_upright, submission_findings, CheckConfig, OcrEngine, Report, Strategy,
};
use reviewdesk_store::{PhotoCheckOutcome, PhotoCheckResult, PhotoCheckWork, PhotoHash};

use super::identity_board::BoardMaker;
use super::{near_duplicates, priority, repeat_faces, CheckWorkers, Shared};
use crate::clock::Clock;
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::store::Store;
use reviewdesk_imaging::faces::HandheldOrientation;

/// How often an idle worker looks for work another instance queued (its own instance's intake
/// wakes it at once).
const IDLE_POLL: Duration = Duration::from_secs(5);
/// How long to wait before trying again to start an OCR engine that would not start.
const ENGINE_RETRY: Duration = Duration::from_secs(30);

pub(super) struct Worker {
    pub(super) name: String,
    pub(super) store: Arc<dyn Store>,
    pub(super) images: Arc<dyn ImageStore>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) config: CheckConfig,
    pub(super) options: CheckWorkers,
    pub(super) metrics: Arc<Metrics>,
    pub(super) shared: Arc<Shared>,
}

/// A worker thread ended.
pub(super) fn finished(shared: &Shared) {
    let (running, changed) = &shared.running;
    let mut count = running.lock().unwrap_or_else(PoisonError::into_inner);
    *count = count.saturating_sub(1);
    changed.notify_all();
}

/// Why one run of a submission's checks did not give findings.
type Trouble = String;

impl Worker {
    pub(super) fn run(self) {
        if self.options.low_priority {
            priority::lower_this_thread();
        }
        let mut engine = None;
        let mut boards = BoardMaker::default();
        let mut turn = 0_u64;
        while !self.shared.stopping() {
            let Some(ocr) = engine.as_mut() else {
                engine = self.start_engine();
                continue;
            };
            turn += 1;
            let claim = format!("{}-{turn}", self.name);
            self.shared.hold(&claim);
            let lease = chrono::Duration::from_std(self.options.lease)
                .unwrap_or_else(|_| chrono::Duration::minutes(2));
            match self.store.claim_photo_check(&claim, lease, self.clock.now()) {
                Ok(Some(work)) if self.shared.stopping() => {
                    let _ = self.store.release_photo_checks(&[work.claim]);
                }
                Ok(Some(work)) => {
                    if !self.check(&work, ocr, &mut boards) {
                        // The engine panicked: start a fresh one.
                        engine = None;
                    }
                }
                Ok(None) => self.shared.sleep(IDLE_POLL),
                Err(error) => {
                    tracing::error!(%error, "photo checks: cannot claim work");
                    self.shared.sleep(IDLE_POLL);
                }
            }
            self.shared.put_down(&claim);
        }
        finished(&self.shared);
    }

    /// An OCR engine, once one starts; `None` when stopping first. Until then the work waits.
    fn start_engine(&self) -> Option<OcrEngine> {
        loop {
            if self.shared.stopping() {
                return None;
            }
            match OcrEngine::new() {
                Ok(engine) => {
                    self.shared.ocr.ready();
                    return Some(engine);
                }
                Err(error) => {
                    tracing::error!(%error, "photo checks wait: the OCR engine cannot start");
                    self.shared.ocr.failed(error.to_string());
                    self.shared.sleep(ENGINE_RETRY);
                }
            }
        }
    }

    /// Checks one claimed submission and records the outcome or schedules a retry; `false` when
    /// the checks panicked (the engine may be unusable).
    fn check(
        &self,
        work: &PhotoCheckWork,
        engine: &mut OcrEngine,
        boards: &mut BoardMaker,
    ) -> bool {
        let allowed = self.options.attempts.max(1);
        if work.attempts > allowed {
            // Claimed more often than allowed without an outcome: earlier workers died on it.
            self.give_up(work, work.attempts - 1);
            return true;
        }
        let last = work.attempts >= allowed;
        let started = Instant::now();
        let ran = catch_unwind(AssertUnwindSafe(|| self.findings(work, engine, boards, last)));
        self.metrics.image_check(started.elapsed().as_secs_f64());
        let (trouble, engine_ok) = match ran {
            Ok(Ok(findings)) => {
                self.record(work, PhotoCheckOutcome::Done, &findings);
                return true;
            }
            Ok(Err(trouble)) => (trouble, true),
            Err(_) => ("the photo checks panicked".to_owned(), false),
        };
        tracing::warn!(submission = %work.submission_id, attempt = work.attempts, %trouble,
            "photo checks did not finish");
        if last {
            self.give_up(work, work.attempts);
        } else {
            let wait =
                self.options.first_backoff * 2_u32.saturating_pow(work.attempts.saturating_sub(1));
            let not_before = self.clock.now()
                + chrono::Duration::from_std(wait).unwrap_or_else(|_| chrono::Duration::hours(1));
            match self.store.retry_photo_check(
                &work.submission_id,
                &work.claim,
                not_before,
                &trouble,
            ) {
                Ok(true) => self.metrics.image_check_outcome("retried"),
                Ok(false) => self.metrics.image_check_outcome("lost"),
                Err(error) => tracing::error!(%error, "photo checks: retry not recorded"),
            }
        }
        engine_ok
    }

    fn give_up(&self, work: &PhotoCheckWork, attempts: u32) {
        let failed =
            [ImageFinding { side: PhotoSide::Portrait, finding: photo_check_failed(attempts) }];
        self.record(work, PhotoCheckOutcome::Failed, &failed);
    }

    fn record(&self, work: &PhotoCheckWork, outcome: PhotoCheckOutcome, findings: &[ImageFinding]) {
        let result = PhotoCheckResult {
            submission_id: &work.submission_id,
            claim: &work.claim,
            outcome,
            findings,
        };
        let now = self.clock.now();
        match self.store.finish_photo_check(&result, now) {
            Ok(true) => {
                self.metrics.image_check_outcome(outcome.as_str());
                let waited = (now - work.enqueued_at).to_std().unwrap_or_default();
                self.metrics.image_check_wait(waited.as_secs_f64());
            }
            Ok(false) => {
                tracing::warn!(submission = %work.submission_id,
                    "photo checks: the claim was lost before the outcome was recorded");
                self.metrics.image_check_outcome("lost");
            }
            Err(error) => {
                tracing::error!(%error, submission = %work.submission_id,
                    "photo checks: outcome not recorded; the work stays queued");
            }
        }
    }

    /// The findings of one run, the identity board recorded first; on the last attempt a photo
    /// file that cannot be read becomes that photo's finding instead of a reason to try again.
    fn findings(
        &self,
        work: &PhotoCheckWork,
        engine: &mut OcrEngine,
        boards: &mut BoardMaker,
        last: bool,
    ) -> Result<Vec<ImageFinding>, Trouble> {
        let shas = [&work.images.portrait, &work.images.emblem, &work.images.handheld];
        let mut unreadable = Vec::new();
        let mut reports = Vec::with_capacity(3);
        let mut upright = Vec::with_capacity(3);
        let mut handheld_orientation = HandheldOrientation::Established;
        for (side, sha) in PhotoSide::ALL.into_iter().zip(shas) {
            match self.images.read(sha) {
                Ok(bytes) => {
                    let ocr = Some((&mut *engine, Strategy::Fast));
                    // Only the portrait side and the hand-held photo go on the board.
                    let (report, photo) = if side == PhotoSide::Emblem {
                        (check(&bytes, &self.config, ocr), None)
                    } else {
                        let checked = check_keeping_upright(&bytes, &self.config, ocr);
                        if side == PhotoSide::Handheld && !checked.orientation_established() {
                            handheld_orientation = HandheldOrientation::NotEstablished;
                        }
                        (checked.report, checked.upright)
                    };
                    reports.push(report);
                    upright.push(photo);
                }
                Err(error) if last => {
                    tracing::error!(%error, %sha, "stored photo unreadable");
                    unreadable.push(side);
                    reports.push(check(&[], &self.config, None));
                    upright.push(None);
                }
                Err(error) => return Err(format!("{} photo unreadable: {error}", side.as_str())),
            }
        }
        let reports: [Report; 3] =
            reports.try_into().map_err(|_| "three photos expected".to_owned())?;
        let board = boards.board(
            &self.shared.faces,
            upright[0].as_ref(),
            upright[2].as_ref(),
            handheld_orientation,
        );
        let recorded = self
            .store
            .record_identity_board(&work.submission_id, &work.claim, &board, self.clock.now())
            .map_err(|error| format!("identity board not recorded: {error}"))?;
        if !recorded {
            tracing::warn!(submission = %work.submission_id,
                "photo checks: the claim was lost before the identity board was recorded");
        }
        let hashes: Vec<PhotoHash> = PhotoSide::ALL
            .into_iter()
            .zip(&reports)
            .filter(|(side, _)| !unreadable.contains(side))
            .flat_map(|(side, report)| near_duplicates::hashes_of(side, report))
            .collect();
        let near = near_duplicates::findings(&*self.store, &work.submission_id, &hashes)?;
        let mut findings =
            submission_findings(&reports, &work.declared_number, self.config.blur_threshold);
        for (side, sha) in PhotoSide::ALL.into_iter().zip(shas) {
            if unreadable.contains(&side) {
                findings.retain(|found| found.side != side);
                findings.push(ImageFinding {
                    side,
                    finding: photo_unreadable(side, "照片文件无法读取"),
                });
                continue;
            }
            let others = self
                .store
                .applicants_with_image(sha, &work.applicant_id)
                .map_err(|error| format!("duplicate lookup failed: {error}"))?;
            if !others.is_empty() {
                findings.push(ImageFinding { side, finding: photo_reused(side, others.len()) });
            }
        }
        findings.extend(near);
        // Repeat faces, once the identity board is recorded (its person's embedding is read
        // back from it); none while the province is uncalibrated.
        let bands =
            repeat_faces::bands_in_force(&*self.store, &work.submission_id, self.clock.now())?;
        findings.extend(repeat_faces::findings(&*self.store, &work.submission_id, bands.as_ref())?);
        Ok(findings)
    }
}
