//! The face-similarity calibration as the store's contract sees it (the rules are
//! `reviewdesk_domain::face_calibration`): the faces a run reads
//! ([`crate::Store::calibration_faces`]: card portraits and hand-held persons of the province's
//! approved submissions — final status approved, after any second review — never golden copies or
//! purged ones), a run recorded with its audit event ([`crate::Store::record_calibration_run`]),
//! bands set from a sufficient run of the province, audited
//! ([`crate::Store::set_similarity_bands`]), and the latest run and bands in force, per province.
//! Runs and bands are append only (history kept); the newest bands of a province are in force.

use reviewdesk_domain::face_calibration::{check_thresholds, CalibrationError, EMBEDDING_LEN};
use reviewdesk_domain::wire::face_calibration::{SetBandsRequest, ThresholdRates};

pub use reviewdesk_domain::face_calibration::CalibrationFace;

use crate::StoreError;

/// A run to record: what the domain's rules measured.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCalibrationRun {
    pub same_person_pairs: u32,
    pub different_person_pairs: u32,
    /// Whether the different-person pairs are a sample of more candidates.
    pub different_sampled: bool,
    /// Ascending by threshold.
    pub rates: Vec<ThresholdRates>,
    /// `None`: bands may be set from this run; otherwise why not, in the supervisor's words.
    pub thin_reason: Option<String>,
}

/// An embedding read back from its 128 little-endian `f32`s; `None` for any other length.
pub fn embedding_from_bytes(bytes: &[u8]) -> Option<Vec<f32>> {
    if bytes.len() != EMBEDDING_LEN * 4 {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|four| f32::from_le_bytes([four[0], four[1], four[2], four[3]]))
            .collect(),
    )
}

/// The run a request names, as stored: whether it is sufficient, and why not.
pub(crate) struct RunFacts {
    pub thin_reason: Option<String>,
}

/// Whether bands may be set: the thresholds' own rule first, then the run (`None`: no run by that
/// id in the supervisor's province).
pub(crate) fn check_request(
    request: &SetBandsRequest,
    run: Option<&RunFacts>,
) -> Result<(), StoreError> {
    check_thresholds(request.similar_below, request.dissimilar_from)?;
    match run {
        None => Err(CalibrationError::UnknownRun.into()),
        Some(RunFacts { thin_reason: Some(reason) }) => {
            Err(CalibrationError::RunTooThin { reason: reason.clone() }.into())
        }
        Some(RunFacts { thin_reason: None }) => Ok(()),
    }
}

impl From<CalibrationError> for StoreError {
    fn from(error: CalibrationError) -> Self {
        StoreError::Invalid { code: error.code(), message: error.message_zh() }
    }
}
