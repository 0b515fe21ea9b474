//! Near-duplicate photos: each checked hand-held photo's perceptual hashes (whole photo, insets,
//! card region; `reviewdesk_imaging::perceptual`) are recorded, then compared with the other
//! applicants' hand-held photos of the same province ([`reviewdesk_store::Store::near_photos`], a brute-force Hamming
//! scan). A photo within [`NEAR_DISTANCE`] bits of another applicant's becomes a
//! `photo_near_duplicate` finding naming those cases' case numbers. The same applicant's other
//! submissions are not compared (a re-attempt reuses its own photos), nor byte-identical files
//! (`photo_reused` reports those).
//!
//! Recording comes before the scan, so of two copies checked at the same moment at least the one
//! checked second finds the first. Recording is idempotent: a retried check writes the same rows.

use reviewdesk_domain::photo_findings::{photo_near_duplicate, ImageFinding};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_imaging::perceptual::NEAR_DISTANCE;
use reviewdesk_imaging::Report;
use reviewdesk_store::PhotoHash;

use crate::store::Store;

/// The hashes of one photo's report (none when it did not decode). Only the hand-held photo's:
/// the card sides are one printed design for everyone and their hashes do not tell applicants
/// apart (`reviewdesk_imaging::perceptual`). The portrait side's face crop is not hashed yet: measured
/// (`benches/face_crop_duplicates.rs` in the imaging crate), it held on four real faces but not
/// on the synthetic portraits, too thin to turn on.
pub(super) fn hashes_of(side: PhotoSide, report: &Report) -> Vec<PhotoHash> {
    if side != PhotoSide::Handheld {
        return Vec::new();
    }
    report
        .perceptual
        .iter()
        .map(|hash| PhotoHash {
            side,
            region: hash.region.as_str().to_owned(),
            sha256: report.sha256.clone(),
            bits: hash.bits.clone(),
        })
        .collect()
}

/// Records the submission's hashes, then one finding per photo that is near other applicants'.
pub(super) fn findings(
    store: &dyn Store,
    submission_id: &str,
    hashes: &[PhotoHash],
) -> Result<Vec<ImageFinding>, String> {
    store
        .record_photo_hashes(submission_id, hashes)
        .map_err(|error| format!("perceptual hashes not recorded: {error}"))?;
    let near = store
        .near_photos(submission_id, hashes, NEAR_DISTANCE)
        .map_err(|error| format!("near-duplicate lookup failed: {error}"))?;
    let mut findings = Vec::new();
    for side in PhotoSide::ALL {
        let cases: Vec<String> = near
            .iter()
            .filter(|found| found.side == side)
            .map(|found| found.other_case_number.clone())
            .collect();
        if !cases.is_empty() {
            findings.push(ImageFinding { side, finding: photo_near_duplicate(side, &cases) });
        }
    }
    Ok(findings)
}
