//! The face-similarity calibration a supervisor runs on the province's own decided cases
//! (`/api/v1/face-calibration`): dlib's distances mean nothing for these faces until measured on
//! them. A run pairs faces — the uploaded card's portrait with the hand-held person of the same
//! approved submission (same person), and of different applicants (different persons) — and
//! reports the false-match and false-non-match rates at candidate thresholds. The supervisor
//! then sets two thresholds (audited); only then does the identity board show bands
//! (相似 / 存疑 / 不相似), as hints for a person, never as a verdict.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The rates at one candidate threshold: a pair closer than `threshold` counts as "same person".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct ThresholdRates {
    pub threshold: f32,
    /// Share of different-person pairs closer than the threshold (0–1).
    pub false_match_rate: f64,
    /// Share of same-person pairs not closer than the threshold (0–1).
    pub false_non_match_rate: f64,
}

/// One calibration run.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CalibrationRun {
    #[specta(type = f64)]
    pub id: i64,
    pub run_at: DateTime<Utc>,
    /// The supervisor who ran it.
    pub run_by: String,
    /// Same-person pairs measured (approved submissions with both faces found).
    pub same_person_pairs: u32,
    /// Different-person pairs measured.
    pub different_person_pairs: u32,
    /// In ascending threshold order.
    pub rates: Vec<ThresholdRates>,
    /// Whether there are enough pairs for the supervisor to set bands from this run; when not,
    /// `thin_reason` says why in the supervisor's words.
    pub sufficient: bool,
    pub thin_reason: Option<String>,
}

/// The bands in force: a distance below `similar_below` is 相似, at or above `dissimilar_from`
/// is 不相似, between is 存疑.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct SimilarityBands {
    pub similar_below: f32,
    pub dissimilar_from: f32,
    /// The run the thresholds were chosen from.
    #[specta(type = f64)]
    pub run_id: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// `GET /api/v1/face-calibration`: the latest run and the bands in force (none: uncalibrated).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct CalibrationStatus {
    pub latest_run: Option<CalibrationRun>,
    pub bands: Option<SimilarityBands>,
}

/// `PUT /api/v1/face-calibration/bands`: the thresholds chosen from a run.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetBandsRequest {
    #[specta(type = f64)]
    pub run_id: i64,
    pub similar_below: f32,
    pub dissimilar_from: f32,
}
