//! The photo checks' durable work queue, as the store's contract sees it.
//!
//! Intake records a submission's check work in its own transaction. A worker claims one item at
//! a time under a lease named by its claim token ([`crate::Store::claim_photo_check`]); on
//! PostgreSQL several instances share the queue, `FOR UPDATE SKIP LOCKED` keeps two workers off
//! one item. The outcome (findings, `done` or `failed`) and the removal of the work are written in
//! one transaction, and only under the claim that is still current, so an item whose lease
//! expired and was taken again is recorded once, by its current holder. A worker that stops
//! releases its claims ([`crate::Store::release_photo_checks`]); one that dies leaves them to
//! expire.

use chrono::{DateTime, Utc};
use reviewdesk_domain::photo_findings::{ImageFinding, PhotoChecks};

use crate::SubmissionImages;

/// A submission's photo checks, claimed by a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoCheckWork {
    pub submission_id: String,
    pub applicant_id: String,
    /// The document number as declared (the printed one is read against it).
    pub declared_number: String,
    pub images: SubmissionImages,
    /// The claim this work is held under: finishing or retrying it names it.
    pub claim: String,
    /// Claims of this work so far, this one included (releases do not count).
    pub attempts: u32,
    pub enqueued_at: DateTime<Utc>,
}

/// How the checks of a submission ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoCheckOutcome {
    /// They ran; the findings are what they found (possibly nothing).
    Done,
    /// Given up after repeated failures; the findings say so.
    Failed,
}

impl PhotoCheckOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoCheckOutcome::Done => "done",
            PhotoCheckOutcome::Failed => "failed",
        }
    }

    /// The state a reviewer is shown for a submission checked with this outcome.
    pub fn state(self) -> PhotoChecks {
        match self {
            PhotoCheckOutcome::Done => PhotoChecks::Done,
            PhotoCheckOutcome::Failed => PhotoChecks::Failed,
        }
    }

    pub fn parse(text: &str) -> Option<PhotoCheckOutcome> {
        match text {
            "done" => Some(PhotoCheckOutcome::Done),
            "failed" => Some(PhotoCheckOutcome::Failed),
            _ => None,
        }
    }
}

/// What a worker records for the work it holds under `claim`.
#[derive(Debug, Clone, Copy)]
pub struct PhotoCheckResult<'a> {
    pub submission_id: &'a str,
    pub claim: &'a str,
    pub outcome: PhotoCheckOutcome,
    pub findings: &'a [ImageFinding],
}

/// A submission's photo checks as recorded: their state and, once they ended, their findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoCheckRecord {
    /// `Pending`, `Done` or `Failed` (`Unavailable` is the server's word, not the store's).
    pub state: PhotoChecks,
    pub findings: Vec<ImageFinding>,
}

/// The queue's size, for operators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhotoCheckBacklog {
    /// Work not yet recorded, claimed or not.
    pub queued: u64,
    /// Of which held under a claim that has not expired.
    pub claimed: u64,
    /// When the oldest work was queued.
    pub oldest_enqueued_at: Option<DateTime<Utc>>,
}

/// The declared document number in a submission's stored identity (JSON).
pub(crate) fn declared_number(identity: &str) -> Result<String, crate::StoreError> {
    serde_json::from_str::<reviewdesk_domain::consistency::DeclaredIdentity>(identity)
        .map(|identity| identity.id_number)
        .map_err(|_| crate::text_values::corrupt("declared identity", "(not shown)"))
}

/// The state a recorded `image_checks.outcome` stands for.
pub(crate) fn recorded_state(outcome: &str) -> Result<PhotoChecks, crate::StoreError> {
    PhotoCheckOutcome::parse(outcome)
        .map(PhotoCheckOutcome::state)
        .ok_or_else(|| crate::text_values::corrupt("photo check outcome", outcome))
}

/// One stored `image_findings` row (side, finding as JSON) as the finding it records; every
/// photo finding names its photo, whoever made it.
pub(crate) fn stored_finding(side: &str, finding: &str) -> Result<ImageFinding, crate::StoreError> {
    use crate::text_values::corrupt;
    let side = reviewdesk_domain::review::PhotoSide::parse(side)
        .ok_or_else(|| corrupt("photo side", side))?;
    let finding: reviewdesk_domain::Finding =
        serde_json::from_str(finding).map_err(|_| corrupt("image finding", finding))?;
    Ok(ImageFinding { side, finding: finding.about_photo(side) })
}
