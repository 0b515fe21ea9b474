//! Repeat faces (1:N within a province), as the store's contract sees them: the photo-check
//! workers read, for one submission, its hand-held person's embedding and the embeddings of the
//! province's other submissions' faces ([`crate::Store::faces_to_compare`]: their hand-held
//! persons and uploaded card portraits, from the identity boards' `board_faces`), each with how
//! its applicant relates to this one; then scan them by brute force ([`nearest_faces`],
//! [`faces_at_least`]), which is fine at a province's scale (`benches/repeat_faces.rs`). The
//! thresholds are the calibrated bands; no threshold lives here. Purged submissions (their faces
//! deleted with them) are left out.

use reviewdesk_domain::wire::identity_board::FaceSource;

/// Numbers in a face embedding (dlib's ResNet); stored as little-endian `f32`, 512 bytes.
pub const EMBEDDING_LEN: usize = 128;

/// How another submission's applicant relates to the checked submission's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Another applicant, another declared ID number: a close face is a repeat face.
    OtherIdentity,
    /// Another applicant declaring the same ID number (the same person under a second account):
    /// a close face is expected there.
    SameNumberOtherApplicant,
    /// The same applicant's submission made before this one (an earlier attempt).
    EarlierAttempt,
    /// The same applicant's submission made after this one (a retried check of an old one).
    LaterAttempt,
}

/// A face of another submission of the province.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFace {
    pub submission_id: String,
    pub case_number: String,
    /// The hand-held person or the uploaded card's portrait.
    pub source: FaceSource,
    pub relation: Relation,
    /// [`EMBEDDING_LEN`] numbers.
    pub embedding: Vec<f32>,
}

/// What one submission's face is compared with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FacesToCompare {
    /// The submission's hand-held person; `None`: no face found there, or no board recorded.
    pub person: Option<Vec<f32>>,
    /// The other submissions' faces in the province (never this submission's), in no order.
    pub others: Vec<StoredFace>,
}

/// An embedding as stored: little-endian `f32`s.
pub fn embedding_bytes(embedding: &[f32]) -> Vec<u8> {
    embedding.iter().flat_map(|value| value.to_le_bytes()).collect()
}

/// A stored embedding read back; `None` unless it is [`EMBEDDING_LEN`] finite numbers.
pub fn embedding_from_bytes(bytes: &[u8]) -> Option<Vec<f32>> {
    if bytes.len() != EMBEDDING_LEN * 4 {
        return None;
    }
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|four| f32::from_le_bytes([four[0], four[1], four[2], four[3]]))
        .collect();
    values.iter().all(|value| value.is_finite()).then_some(values)
}

/// The squared Euclidean distance (dlib's measure, squared); embeddings of different lengths
/// are infinitely far apart.
pub fn squared_distance(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return f32::INFINITY;
    }
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The stored embeddings closer than `closer_than` (Euclidean) to `query`, as (index in
/// `stored`, distance), nearest first. A brute-force scan comparing squared distances.
pub fn nearest_faces<'a>(
    query: &[f32],
    stored: impl IntoIterator<Item = &'a [f32]>,
    closer_than: f32,
) -> Vec<(usize, f32)> {
    let limit = closer_than * closer_than;
    let mut found: Vec<(usize, f32)> = stored
        .into_iter()
        .enumerate()
        .filter_map(|(index, other)| {
            let squared = squared_distance(query, other);
            (squared < limit).then(|| (index, squared.sqrt()))
        })
        .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    found
}

/// The stored embeddings at least `from` (Euclidean) away from `query`, as (index in `stored`,
/// distance), farthest first.
pub fn faces_at_least<'a>(
    query: &[f32],
    stored: impl IntoIterator<Item = &'a [f32]>,
    from: f32,
) -> Vec<(usize, f32)> {
    let limit = from * from;
    let mut found: Vec<(usize, f32)> = stored
        .into_iter()
        .enumerate()
        .filter_map(|(index, other)| {
            let squared = squared_distance(query, other);
            (squared >= limit && squared.is_finite()).then(|| (index, squared.sqrt()))
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found
}

/// A stored face's source, read back (only the two compared sources are read).
pub(crate) fn source_of(code: &str) -> Option<FaceSource> {
    FaceSource::parse(code).filter(|source| *source != FaceSource::HeldCardPortrait)
}

/// How a stored face's applicant relates to this submission's, from what the query compared.
pub(crate) fn relation_of(same_applicant: bool, same_number: bool, earlier: bool) -> Relation {
    match (same_applicant, same_number, earlier) {
        (true, _, true) => Relation::EarlierAttempt,
        (true, _, false) => Relation::LaterAttempt,
        (false, true, _) => Relation::SameNumberOtherApplicant,
        (false, false, _) => Relation::OtherIdentity,
    }
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
        let stored = [far.clone(), near.clone(), nearer.clone(), vec![0.0; 3]];
        let views = || stored.iter().map(Vec::as_slice);
        let close = nearest_faces(&query, views(), 0.25);
        assert_eq!(close.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2, 1]);
        assert!((close[0].1 - 0.1).abs() < 1e-5 && (close[1].1 - 0.2).abs() < 1e-5);
        // Strictly closer than: a face exactly at the threshold is not "similar".
        assert_eq!(nearest_faces(&query, views(), 0.1).len(), 0);
        let distant = faces_at_least(&query, views(), 0.5);
        assert_eq!(distant.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0]);
        // At least: the threshold itself is "dissimilar"; a malformed one is never compared.
        assert_eq!(
            faces_at_least(&query, views(), 0.2).iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            [0, 1]
        );
    }

    #[test]
    fn embeddings_round_trip_and_malformed_ones_are_refused() {
        let embedding = unit(0.9);
        let bytes = embedding_bytes(&embedding);
        assert_eq!(bytes.len(), 512);
        assert_eq!(embedding_from_bytes(&bytes), Some(embedding));
        assert_eq!(embedding_from_bytes(&bytes[..508]), None);
        let mut nan = bytes.clone();
        nan[..4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(embedding_from_bytes(&nan), None);
    }

    #[test]
    fn relations() {
        assert_eq!(relation_of(true, false, true), Relation::EarlierAttempt);
        assert_eq!(relation_of(true, true, false), Relation::LaterAttempt);
        assert_eq!(relation_of(false, true, true), Relation::SameNumberOtherApplicant);
        assert_eq!(relation_of(false, false, false), Relation::OtherIdentity);
        assert_eq!(source_of("held_card_portrait"), None);
        assert_eq!(source_of("card_portrait"), Some(FaceSource::CardPortrait));
    }
}
