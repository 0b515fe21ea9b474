//! Repeat faces (1:N within a province), as the store's contract sees them: the photo-check
//! workers ask, for one submission whose identity board is recorded, which faces of the
//! province's other submissions (their hand-held persons and uploaded card portraits, from
//! `board_faces`) are within the calibrated bands of its hand-held person
//! ([`crate::Store::repeat_faces`]):
//!
//! - *seen elsewhere*: another applicant's face, under another declared ID number, closer than
//!   the "similar" threshold (another applicant declaring the same number is the same person
//!   under a second account, not a repeat face);
//! - *differs from earlier*: the same applicant's earlier submissions whose hand-held person is
//!   at least the "dissimilar" threshold away.
//!
//! The scan is brute force over the stored bytes ([`nearest_faces`]), which is fine at a
//! province's scale (`benches/repeat_faces.rs`); only its matches are joined with their
//! submissions. The thresholds come from the calibration; none lives here. Purged submissions
//! (their faces deleted with them) are left out.

use reviewdesk_domain::wire::identity_board::FaceSource;

pub use crate::identity_boards::{embedding_bytes, EMBEDDING_LEN};

/// Bytes of a stored embedding (little-endian `f32`s, [`crate::identity_boards`]).
pub const EMBEDDING_BYTES: usize = EMBEDDING_LEN * 4;

/// A face of another submission within a band.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceMatch {
    pub submission_id: String,
    pub case_number: String,
    /// The hand-held person or the uploaded card's portrait.
    pub source: FaceSource,
    /// Euclidean, dlib's measure.
    pub distance: f32,
}

/// What one submission's hand-held person matched.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepeatFaces {
    /// Whether the submission has a hand-held person to compare (no board recorded, or no face
    /// found there: nothing was compared and both lists are empty).
    pub compared: bool,
    /// Other applicants' faces under another ID number closer than the "similar" threshold,
    /// nearest first (a submission may appear twice, once per source).
    pub seen_elsewhere: Vec<FaceMatch>,
    /// The same applicant's earlier submissions whose person is at least the "dissimilar"
    /// threshold away, farthest first.
    pub differs_from_earlier: Vec<FaceMatch>,
}

/// The checked submission's stored embedding read back; `None` unless it is [`EMBEDDING_LEN`]
/// finite numbers.
pub fn embedding_from_bytes(bytes: &[u8]) -> Option<Vec<f32>> {
    if bytes.len() != EMBEDDING_BYTES {
        return None;
    }
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|four| f32::from_le_bytes([four[0], four[1], four[2], four[3]]))
        .collect();
    values.iter().all(|value| value.is_finite()).then_some(values)
}

/// The squared Euclidean distance from `query` to a stored embedding, read from its bytes
/// without copying them; `None` for bytes that are not [`EMBEDDING_LEN`] finite numbers or a
/// query of another length.
pub fn squared_distance_to_stored(query: &[f32], stored: &[u8]) -> Option<f32> {
    if stored.len() != EMBEDDING_BYTES || query.len() != EMBEDDING_LEN {
        return None;
    }
    let squared: f32 = stored
        .chunks_exact(4)
        .zip(query)
        .map(|(four, q)| {
            let value = f32::from_le_bytes([four[0], four[1], four[2], four[3]]);
            (value - q) * (value - q)
        })
        .sum();
    squared.is_finite().then_some(squared)
}

/// The stored embeddings (as stored) closer than `closer_than` to `query`: (index in `stored`,
/// distance), nearest first. A brute-force scan comparing squared distances. `Err(index)`: the
/// first stored embedding that is malformed.
pub fn nearest_faces<'a>(
    query: &[f32],
    stored: impl IntoIterator<Item = &'a [u8]>,
    closer_than: f32,
) -> Result<Vec<(usize, f32)>, usize> {
    let limit = closer_than * closer_than;
    let mut found = Vec::new();
    for (index, bytes) in stored.into_iter().enumerate() {
        let squared = squared_distance_to_stored(query, bytes).ok_or(index)?;
        if squared < limit {
            found.push((index, squared.sqrt()));
        }
    }
    found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(found)
}

/// The stored embeddings at least `from` away from `query`: (index in `stored`, distance),
/// farthest first. `Err(index)`: the first malformed one.
pub fn faces_at_least<'a>(
    query: &[f32],
    stored: impl IntoIterator<Item = &'a [u8]>,
    from: f32,
) -> Result<Vec<(usize, f32)>, usize> {
    let limit = from * from;
    let mut found = Vec::new();
    for (index, bytes) in stored.into_iter().enumerate() {
        let squared = squared_distance_to_stored(query, bytes).ok_or(index)?;
        if squared >= limit {
            found.push((index, squared.sqrt()));
        }
    }
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(found)
}

/// A stored face's source, read back (only the two compared sources are read).
pub(crate) fn source_of(code: &str) -> Option<FaceSource> {
    FaceSource::parse(code).filter(|source| *source != FaceSource::HeldCardPortrait)
}

/// The province's faces as a backend reads them for the scan: ids and sources, and their
/// embeddings' bytes back to back.
#[derive(Default)]
pub(crate) struct ProvinceFaces {
    pub ids: Vec<(String, String)>,
    pub bytes: Vec<u8>,
    /// The first entry whose embedding was not [`EMBEDDING_BYTES`] long.
    malformed: Option<usize>,
}

impl ProvinceFaces {
    pub fn push(&mut self, submission_id: String, source: String, embedding: &[u8]) {
        if embedding.len() == EMBEDDING_BYTES {
            self.bytes.extend_from_slice(embedding);
        } else {
            self.malformed.get_or_insert(self.ids.len());
            self.bytes.extend_from_slice(&[0; EMBEDDING_BYTES]);
        }
        self.ids.push((submission_id, source));
    }

    /// The entries closer than `closer_than`: (submission, source code, distance), nearest
    /// first; a malformed embedding is the store's corruption, never skipped.
    pub fn nearest(
        &self,
        query: &[f32],
        closer_than: f32,
    ) -> Result<Vec<(&str, &str, f32)>, crate::StoreError> {
        let corrupt = |index: usize| crate::text_values::corrupt("embedding", &self.ids[index].0);
        if let Some(index) = self.malformed {
            return Err(corrupt(index));
        }
        let found = nearest_faces(query, self.bytes.chunks_exact(EMBEDDING_BYTES), closer_than)
            .map_err(corrupt)?;
        Ok(found
            .into_iter()
            .map(|(index, distance)| {
                (self.ids[index].0.as_str(), self.ids[index].1.as_str(), distance)
            })
            .collect())
    }
}

/// The same applicant's earlier submissions' persons (id, case number, stored bytes) at least
/// `from` away from `person`, farthest first.
pub(crate) fn differing(
    person: &[f32],
    earlier: &[(String, String, Vec<u8>)],
    from: f32,
) -> Result<Vec<FaceMatch>, crate::StoreError> {
    let far = faces_at_least(person, earlier.iter().map(|(_, _, bytes)| bytes.as_slice()), from)
        .map_err(|index| crate::text_values::corrupt("embedding", &earlier[index].0))?;
    Ok(far
        .into_iter()
        .map(|(index, distance)| FaceMatch {
            submission_id: earlier[index].0.clone(),
            case_number: earlier[index].1.clone(),
            source: FaceSource::HandheldPerson,
            distance,
        })
        .collect())
}

/// A match of the scan whose submission passed the "another applicant, another number" rule.
pub(crate) fn seen(
    submission_id: &str,
    source: &str,
    case_number: String,
    distance: f32,
) -> Result<FaceMatch, crate::StoreError> {
    Ok(FaceMatch {
        submission_id: submission_id.to_owned(),
        case_number,
        source: source_of(source)
            .ok_or_else(|| crate::text_values::corrupt("face source", source))?,
        distance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: f32) -> Vec<f32> {
        let raw: Vec<f32> = (0..EMBEDDING_LEN).map(|i| (seed * (i as f32 + 1.0)).sin()).collect();
        let norm = raw.iter().map(|v| v * v).sum::<f32>().sqrt();
        raw.iter().map(|v| v / norm).collect()
    }

    #[test]
    fn the_scan_finds_the_close_ones_nearest_first_and_the_far_ones_farthest_first() {
        let query = unit(0.3);
        let mut near = query.clone();
        near[0] += 0.2;
        let mut nearer = query.clone();
        nearer[1] += 0.1;
        let far = unit(1.7);
        let stored: Vec<Vec<u8>> = [&far, &near, &nearer].map(|e| embedding_bytes(e)).to_vec();
        let views = || stored.iter().map(Vec::as_slice);
        let close = nearest_faces(&query, views(), 0.25).unwrap();
        assert_eq!(close.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2, 1]);
        assert!((close[0].1 - 0.1).abs() < 1e-5 && (close[1].1 - 0.2).abs() < 1e-5);
        // Strictly closer than: a face exactly at the threshold is not "similar".
        assert_eq!(nearest_faces(&query, views(), 0.1).unwrap().len(), 0);
        let distant = faces_at_least(&query, views(), 0.5).unwrap();
        assert_eq!(distant.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0]);
        // At least: the threshold itself is "dissimilar".
        let indices = |found: Vec<(usize, f32)>| found.iter().map(|(i, _)| *i).collect::<Vec<_>>();
        assert_eq!(indices(faces_at_least(&query, views(), 0.2).unwrap()), [0, 1]);
        // A malformed stored embedding is an error naming it, never a silent skip or a match.
        let broken = [stored[0].as_slice(), &stored[1][..100]];
        assert_eq!(nearest_faces(&query, broken, 9.0), Err(1));
        assert_eq!(faces_at_least(&query, broken, 0.0), Err(1));
    }

    #[test]
    fn embeddings_round_trip_and_malformed_ones_are_refused() {
        let embedding = unit(0.9);
        let bytes = embedding_bytes(&embedding);
        assert_eq!(bytes.len(), EMBEDDING_BYTES);
        assert_eq!(embedding_from_bytes(&bytes), Some(embedding.clone()));
        assert_eq!(embedding_from_bytes(&bytes[..508]), None);
        let mut nan = bytes.clone();
        nan[..4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(embedding_from_bytes(&nan), None);
        assert_eq!(squared_distance_to_stored(&embedding, &nan), None);
        assert_eq!(squared_distance_to_stored(&embedding, &bytes), Some(0.0));
        assert_eq!(source_of("held_card_portrait"), None);
        assert_eq!(source_of("card_portrait"), Some(FaceSource::CardPortrait));
    }

    #[test]
    fn a_malformed_face_keeps_its_place_in_the_province_scan() {
        let query = unit(0.4);
        let mut faces = ProvinceFaces::default();
        faces.push("a".into(), "card_portrait".into(), &embedding_bytes(&unit(2.0)));
        let mut longer = embedding_bytes(&query);
        longer.extend([0, 0, 0, 0]);
        faces.push("b".into(), "handheld_person".into(), &longer);
        faces.push("c".into(), "handheld_person".into(), &embedding_bytes(&query));
        assert_eq!(faces.bytes.len(), 3 * EMBEDDING_BYTES);
        assert!(matches!(faces.nearest(&query, 0.5), Err(crate::StoreError::Corrupt { .. })));
    }
}
