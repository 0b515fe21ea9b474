//! What the cache hands back to the engine: [`ReviewItem`] (a submission ready to review, photos
//! included), [`ConflictRecord`] (a decision the server did not take, with the other one), and
//! [`Progress`] (the counts and times the status line shows).

use chrono::{DateTime, Utc};
use reviewdesk_domain::review::{Outcome, PhotoSide};
use reviewdesk_domain::wire::{Decision, NewDecision, SubmissionBody};
use serde::{Deserialize, Serialize};

/// A claimed submission with everything needed to review it offline.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub submission_id: String,
    pub lease_expires_at: DateTime<Utc>,
    /// The four-eyes second review of a last-attempt rejection.
    pub second_review: bool,
    /// Checked out for offline work.
    pub offline: bool,
    pub submission: SubmissionBody,
    pub photos: Photos,
}

/// A claimed submission without its photos: what the review screen's text needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewEntry {
    pub submission_id: String,
    pub lease_expires_at: DateTime<Utc>,
    /// The four-eyes second review of a last-attempt rejection.
    pub second_review: bool,
    /// Checked out for offline work.
    pub offline: bool,
    pub submission: SubmissionBody,
}

/// The three JPEGs, as the server sent them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Photos {
    pub portrait: Vec<u8>,
    pub emblem: Vec<u8>,
    pub handheld: Vec<u8>,
}

impl Photos {
    pub fn get(&self, side: PhotoSide) -> &[u8] {
        match side {
            PhotoSide::Portrait => &self.portrait,
            PhotoSide::Emblem => &self.emblem,
            PhotoSide::Handheld => &self.handheld,
        }
    }

    pub fn set(&mut self, side: PhotoSide, bytes: Vec<u8>) {
        match side {
            PhotoSide::Portrait => self.portrait = bytes,
            PhotoSide::Emblem => self.emblem = bytes,
            PhotoSide::Handheld => self.handheld = bytes,
        }
    }
}

/// A decision made on this machine, as the reviewer made it (no lease token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OwnDecision {
    pub id: String,
    pub submission_id: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    pub note: Option<String>,
    pub decided_at: DateTime<Utc>,
}

impl OwnDecision {
    pub fn new(decision: &NewDecision, decided_at: DateTime<Utc>) -> OwnDecision {
        OwnDecision {
            id: decision.id.clone(),
            submission_id: decision.submission_id.clone(),
            outcome: decision.outcome,
            reasons: decision.reasons.clone(),
            other_text: decision.other_text.clone(),
            note: decision.note.clone(),
            decided_at,
        }
    }
}

/// Why a decision of ours was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Someone else decided the same stage first (`theirs` holds their decision).
    Conflict,
    /// The server refused it for another reason (`refusal` holds its code and message).
    Refused,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Conflict => "conflict",
            ConflictKind::Refused => "refused",
        }
    }
}

/// The server's `{code, message}`, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Refusal {
    pub code: String,
    pub message: String,
}

/// A decision the server did not take, kept until the reviewer dismisses it: never dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictRecord {
    pub kind: ConflictKind,
    pub ours: OwnDecision,
    pub theirs: Option<Decision>,
    pub refusal: Option<Refusal>,
    /// The submission as it was cached, for context (identity and findings; no photos).
    pub submission: Option<SubmissionBody>,
    pub detected_at: DateTime<Utc>,
}

/// The latest failure, for the status line: its code (the UI's translation key) and the message
/// as it came (the UI's fallback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct LastError {
    pub code: String,
    pub message: String,
    pub at: DateTime<Utc>,
}

/// Counts and times from the cache: what the status line shows (sent to the UI as it is).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, specta::Type)]
pub struct Progress {
    /// Decisions not yet acknowledged by the server.
    pub outbox_pending: u32,
    /// The earliest time an outbox decision will be tried again.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Conflict and refused records waiting for the reviewer.
    pub conflicts: u32,
    /// Undecided submissions with a live lease, fully downloaded.
    pub ready: u32,
    /// The earliest expiry among undecided live leases.
    pub earliest_lease_expiry: Option<DateTime<Utc>>,
    /// Undecided submissions with a live lease, downloaded or not: what signing out gives back.
    pub held: u32,
    /// Of those, not yet fully downloaded (claimed, body or photos still coming).
    pub downloading: u32,
    /// Of those, checked out for offline work (the offline batch).
    pub offline_held: u32,
    /// The earliest expiry of the offline batch's live leases: the batch's own expiry (hours),
    /// not the short prefetch leases that sync renews.
    pub offline_expiry: Option<DateTime<Utc>>,
    /// Decisions the server has acknowledged, over the cache's life.
    #[specta(type = f64)]
    pub acknowledged: u64,
    /// Cached submissions replaced by a newer version that reads differently (the photo checks'
    /// findings arrived, a due date moved), over the cache's life: when it moves, sheets read
    /// before may be stale.
    #[specta(type = f64)]
    pub submissions_updated: u64,
    /// `Some(true)` after the server last answered, `Some(false)` after it could not be reached.
    pub online: Option<bool>,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<LastError>,
    /// The newest decision still inside its undo window (撤回 can take it back).
    pub recallable: Option<super::Recallable>,
    /// Decisions made on this machine in the current Beijing day.
    pub today: super::Today,
}
