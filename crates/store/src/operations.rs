//! The records of the store's operational methods: [`Readiness`] (`/readyz`), [`QueueDepth`]
//! (`/metrics`) and [`PurgeReport`] (retention). Kept apart from the review model: none of them
//! is part of the API's JSON.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;

use super::text_values::timestamp;
use super::AuditNote;

/// What `identity` holds once a submission's personal data was deleted (valid JSON, and never a
/// declared identity).
pub const PURGED_IDENTITY: &str = "null";

/// The schema the database has against the one this build expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// The newest migration recorded in the database.
    pub applied: u32,
    /// The newest migration this build knows.
    pub expected: u32,
}

impl Readiness {
    pub fn is_current(&self) -> bool {
        self.applied == self.expected
    }
}

/// Open submissions of one province (`queue` rows: waiting, leased, or in second review).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueDepth {
    pub province: String,
    pub open: u64,
    /// Of those, due on or before the date asked about (at risk of missing the promised answer).
    pub due_soon: u64,
}

/// What one retention run deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Submissions whose identity, findings and photo-check results were deleted.
    pub submissions: u64,
    /// Photos (SHA-256) that no submission with personal data references any more: the caller
    /// deletes their files.
    pub unreferenced_images: Vec<String>,
}

/// Submissions purged in one store call at most; a run calls again until fewer come back.
pub const PURGE_BATCH: u32 = 500;

/// The audit event of a purge: counts and the cut-off only (no submission's data).
pub fn purge_note(report: &PurgeReport, decided_before: DateTime<Utc>) -> AuditNote<'static> {
    AuditNote {
        actor: "system",
        action: AuditAction::RetentionPurge,
        subject: None,
        detail: serde_json::json!({
            "decided_before": timestamp(decided_before),
            "images": report.unreferenced_images.len(),
            "submissions": report.submissions,
        }),
    }
}
