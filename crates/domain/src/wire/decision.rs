//! Decisions: what a reviewer sends (`POST /api/v1/decisions`), what is recorded, and the receipt.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::review::{Outcome, SubmissionStatus};

/// A decision as a reviewer sends it. `id` is a UUID made by the client: the idempotency key, so
/// a replay is recognised and never recorded twice.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    pub submission_id: String,
    pub lease_token: String,
    pub outcome: Outcome,
    /// Reject-reason codes from the catalogue; empty for an approval.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The applicant-facing text of the `other` reason (at most 200 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub other_text: Option<String>,
    /// A note for staff, never shown to the applicant (at most 2000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// An approval's finding codes the reviewer approved over, after the screen asked once more:
    /// error-severity findings, or `photo_checks_not_done` (see `overrides`). Empty otherwise; left
    /// out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overridden_findings: Vec<String>,
}

/// A recorded decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Decision {
    pub id: String,
    pub submission_id: String,
    /// `first`, or `second` for the four-eyes review.
    pub stage: Stage,
    pub username: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    pub note: Option<String>,
    /// Exactly what the applicant reads for a rejection (`不通过原因：…`).
    pub applicant_text: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// The findings an approval was given over (empty when none).
    #[serde(default)]
    pub overridden_findings: Vec<String>,
}

/// First review, or the four-eyes second review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    First,
    Second,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::First => "first",
            Stage::Second => "second",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        [Stage::First, Stage::Second].into_iter().find(|s| s.as_str() == text)
    }
}

/// What a decision request led to: 201 when new, 200 for a replay of the same id.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DecisionReceipt {
    pub decision: Decision,
    /// The submission's status after it.
    pub status: SubmissionStatus,
    /// `true` when the same decision id had been recorded before (an idempotent replay).
    pub replayed: bool,
}

/// `GET /api/v1/my-decisions/{case_number}`: a case the reviewer decided within
/// `OWN_DECISIONS_READABLE_DAYS` (30) days, read-only: the sheet as it is now (number masked) and
/// their decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct DecisionLookup {
    pub sheet: super::submission::SubmissionBody,
    pub decision: Decision,
}
