//! Perceptual hashes of the photos, as the store's contract sees them: the photo-check workers
//! record each photo's hashes ([`crate::Store::record_photo_hashes`]) and then look for photos of
//! other applicants in the same province, of the same side, whose hashes are near
//! ([`crate::Store::near_photos`]), a brute-force Hamming scan, which is fine at a province's scale. The same applicant's other
//! submissions (re-attempts reuse their own photos) and byte-identical files (the SHA-256 reuse
//! check reports those) are left out. Purging a submission's personal data deletes its hashes.

use reviewdesk_domain::review::PhotoSide;

/// One region's hash of one photo of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoHash {
    pub side: PhotoSide,
    /// Which part of the photo: `card`, `whole` or `face` (the imaging crate's `HashRegion`).
    pub region: String,
    /// The photo file's SHA-256 (byte-identical files are not near duplicates but the same).
    pub sha256: String,
    pub bits: Vec<u8>,
}

/// A photo of another applicant whose hash is near one of this submission's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearPhoto {
    /// This submission's photo.
    pub side: PhotoSide,
    pub other_submission_id: String,
    pub other_case_number: String,
    /// Bits apart, the least over the regions compared.
    pub distance: u32,
}

/// A stored hash of another applicant's photo, as a backend reads it.
pub(crate) struct StoredHash {
    pub submission_id: String,
    /// The side's stored name (`portrait`, …).
    pub side: String,
    pub case_number: String,
    pub region: String,
    pub sha256: String,
    pub bits: Vec<u8>,
}

/// Regions of one family are compared with each other: the whole photo and its insets (a
/// lightly cropped copy meets the original's inset), the card with the card, the face with the
/// face (the imaging crate's `HashRegion::family`, the same rule).
fn family(region: &str) -> &str {
    match region {
        "whole" | "inset3" | "inset6" => "photo",
        other => other,
    }
}

/// Bits two hashes differ in; hashes of different lengths are never near.
fn distance(a: &[u8], b: &[u8]) -> u32 {
    if a.len() != b.len() {
        return u32::MAX;
    }
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// The near photos among `stored`: for each of `ours` the other submissions with a hash of the
/// same side and region family at most `max_distance` bits away (not the same file), the least
/// distance per (side, other submission), sorted by side then case number.
pub(crate) fn nearest(
    ours: &[PhotoHash],
    stored: impl IntoIterator<Item = StoredHash>,
    max_distance: u32,
) -> Vec<NearPhoto> {
    let mut found: Vec<NearPhoto> = Vec::new();
    for other in stored {
        let mine = ours.iter().filter(|mine| {
            mine.side.as_str() == other.side && family(&mine.region) == family(&other.region)
        });
        for mine in mine {
            if mine.sha256 == other.sha256 {
                continue;
            }
            let apart = distance(&mine.bits, &other.bits);
            if apart > max_distance {
                continue;
            }
            match found.iter_mut().find(|near| {
                near.side == mine.side && near.other_submission_id == other.submission_id
            }) {
                Some(near) => near.distance = near.distance.min(apart),
                None => found.push(NearPhoto {
                    side: mine.side,
                    other_submission_id: other.submission_id.clone(),
                    other_case_number: other.case_number.clone(),
                    distance: apart,
                }),
            }
        }
    }
    found.sort_by(|a, b| {
        (PhotoSide::ALL.iter().position(|s| *s == a.side), &a.other_case_number)
            .cmp(&(PhotoSide::ALL.iter().position(|s| *s == b.side), &b.other_case_number))
    });
    found
}
