//! The face-similarity calibration's rules, pure (the wire types are
//! [`crate::wire::face_calibration`]): which pairs of faces a run measures, the false-match and
//! false-non-match rates at the candidate thresholds, when a run has too few pairs to set bands
//! from (said in words), which thresholds a supervisor may set, and the band of one distance.
//!
//! - **Pairs.** Same person: the uploaded card's portrait and the hand-held person of one approved
//!   submission. Different persons: the card portrait of one approved submission and the hand-held
//!   person of another applicant's (never two submissions of one applicant: a re-attempt is the
//!   same person). Every such pair up to [`DIFFERENT_PAIRS_CAP`]; beyond it an evenly spread,
//!   deterministic sample of exactly that many candidates ([`pair_distances`]).
//! - **Counting.** A pair "matches" at threshold `t` when its distance is strictly below `t` (a
//!   tie does not match), as a distance below [`SimilarityBands::similar_below`] is 相似. Counts
//!   are exact (sorted distances, binary search), never interpolated.
//! - **Which board pairs are banded.** Card↔person and held-card↔person: each is a printed portrait
//!   against a live face, as the calibration measures. Card↔held-card is print against print of
//!   (normally) the same ID photo: those distances sit far below any print↔live distance and no
//!   decided case measures them, so thresholds measured on print↔live would call nearly every such
//!   pair 相似 and mean nothing; it is not banded ([`BANDED_PAIRS`]).

use std::collections::HashMap;
use std::fmt;

use crate::error_code::ErrorCode;
use crate::wire::face_calibration::{SimilarityBands, ThresholdRates};
use crate::wire::identity_board::{FaceSource, PairBand, SimilarityBand};

/// Numbers in a face embedding (dlib's ResNet model).
pub const EMBEDDING_LEN: usize = 128;

/// Most different-person pairs one run measures (a province's approved cases make far more).
pub const DIFFERENT_PAIRS_CAP: usize = 200_000;

/// The board's pairs that get a band, in board order (see the module's doc for card↔held-card).
pub const BANDED_PAIRS: [(FaceSource, FaceSource); 2] = [
    (FaceSource::CardPortrait, FaceSource::HandheldPerson),
    (FaceSource::HeldCardPortrait, FaceSource::HandheldPerson),
];

/// The candidate thresholds a run reports: 0.300 to 0.800 in steps of 0.025 (dlib's usual 0.6
/// in the middle), ascending.
pub fn candidate_thresholds() -> Vec<f32> {
    (0..=20u16).map(|step| f32::from(300 + 25 * step) / 1000.0).collect()
}

/// One face of an approved submission, as a run reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationFace {
    pub submission_id: String,
    pub applicant_id: String,
    pub source: FaceSource,
    /// [`EMBEDDING_LEN`] numbers; a face with any other length or a non-finite number is left out.
    pub embedding: Vec<f32>,
}

/// The distances a run measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PairDistances {
    pub same_person: Vec<f32>,
    pub different_person: Vec<f32>,
    /// Whether the different-person pairs are a sample (more candidates than the cap).
    pub sampled: bool,
}

/// The Euclidean distance between two embeddings (dlib's measure; 0: identical).
pub fn distance(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt()
}

fn usable(face: &CalibrationFace) -> bool {
    face.embedding.len() == EMBEDDING_LEN && face.embedding.iter().all(|v| v.is_finite())
}

/// The pairs of [`CalibrationFace`]s (all of approved submissions of one province) and their
/// distances; see the module's doc. Deterministic: the same faces in any order give the same
/// distances in the same order. Different-person candidates are the card × person grid (both
/// sorted by submission id); when it holds more than `cap` cells, cell `⌊k · cells / cap⌋` for
/// k in 0..cap is taken, and cells of one applicant are skipped, so a sample holds at most `cap`.
pub fn pair_distances(faces: &[CalibrationFace], cap: usize) -> PairDistances {
    let mut cards: Vec<&CalibrationFace> = Vec::new();
    let mut persons: Vec<&CalibrationFace> = Vec::new();
    for face in faces.iter().filter(|face| usable(face)) {
        match face.source {
            FaceSource::CardPortrait => cards.push(face),
            FaceSource::HandheldPerson => persons.push(face),
            FaceSource::HeldCardPortrait => {}
        }
    }
    let order = |a: &&CalibrationFace, b: &&CalibrationFace| a.submission_id.cmp(&b.submission_id);
    cards.sort_by(order);
    cards.dedup_by(|a, b| a.submission_id == b.submission_id);
    persons.sort_by(order);
    persons.dedup_by(|a, b| a.submission_id == b.submission_id);

    let person_of: HashMap<&str, &CalibrationFace> =
        persons.iter().map(|face| (face.submission_id.as_str(), *face)).collect();
    let same_person = cards
        .iter()
        .filter_map(|card| {
            let person = person_of.get(card.submission_id.as_str())?;
            Some(distance(&card.embedding, &person.embedding))
        })
        .collect();

    let cells = cards.len() as u128 * persons.len() as u128;
    let sampled = cells > cap as u128;
    let wanted = if sampled { cap as u128 } else { cells };
    let mut different_person = Vec::with_capacity(usize::try_from(wanted).unwrap_or(cap));
    let width = persons.len() as u128;
    for k in 0..wanted {
        let cell = if sampled { k * cells / cap as u128 } else { k };
        // Both indices are below the lengths of the vectors they index.
        let (card, person) = (cards[(cell / width) as usize], persons[(cell % width) as usize]);
        if card.applicant_id != person.applicant_id {
            different_person.push(distance(&card.embedding, &person.embedding));
        }
    }
    PairDistances { same_person, different_person, sampled }
}

fn sorted(distances: &[f32]) -> Vec<f32> {
    let mut sorted: Vec<f32> = distances.iter().copied().filter(|d| d.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    sorted
}

/// The rates at each threshold (ascending, as given): false match = share of different-person
/// distances strictly below it, false non-match = share of same-person distances not below it.
/// Empty when either kind has no pair: a rate of nothing is not 0.
pub fn rates(
    same_person: &[f32],
    different_person: &[f32],
    thresholds: &[f32],
) -> Vec<ThresholdRates> {
    let same = sorted(same_person);
    let different = sorted(different_person);
    if same.is_empty() || different.is_empty() {
        return Vec::new();
    }
    let mut thresholds: Vec<f32> = thresholds.iter().copied().filter(|t| t.is_finite()).collect();
    thresholds.sort_by(f32::total_cmp);
    thresholds
        .into_iter()
        .map(|threshold| {
            let matching_same = same.partition_point(|d| *d < threshold);
            let matching_different = different.partition_point(|d| *d < threshold);
            ThresholdRates {
                threshold,
                false_match_rate: matching_different as f64 / different.len() as f64,
                false_non_match_rate: (same.len() - matching_same) as f64 / same.len() as f64,
            }
        })
        .collect()
}

/// The fewest pairs a run needs before bands may be set from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalibrationMinimums {
    pub same_person_pairs: u32,
    pub different_person_pairs: u32,
}

impl CalibrationMinimums {
    /// 100 same-person pairs: with none falsely rejected, the false-non-match rate is below 3 %
    /// with 95 % confidence (the rule of three, 3/n), and one pair moves it by 1 %. 3,000
    /// different-person pairs: with no false match, the false-match rate is below 0.1 %. Pairs
    /// sharing a face are not independent, so these are floors, not guarantees.
    pub const STANDARD: CalibrationMinimums =
        CalibrationMinimums { same_person_pairs: 100, different_person_pairs: 3_000 };
}

impl Default for CalibrationMinimums {
    fn default() -> Self {
        CalibrationMinimums::STANDARD
    }
}

/// Why a run with these counts is too thin to set bands from, in the supervisor's words; `None`:
/// enough.
pub fn thin_reason(
    same_person: u32,
    different_person: u32,
    minimums: CalibrationMinimums,
) -> Option<String> {
    let mut reasons = Vec::new();
    if same_person < minimums.same_person_pairs {
        reasons.push(format!(
            "同一人配对只有 {same_person} 对，至少需要 {} 对（审核通过、人像面与手持照都找到人脸的案件）",
            minimums.same_person_pairs,
        ));
    }
    if different_person < minimums.different_person_pairs {
        reasons.push(format!(
            "不同人配对只有 {different_person} 对，至少需要 {} 对",
            minimums.different_person_pairs,
        ));
    }
    if reasons.is_empty() {
        return None;
    }
    let why = if same_person == 0 || different_person == 0 {
        "缺少一类配对，比率无从计算".to_owned()
    } else {
        // With no error seen among n pairs, the rate's 95 % upper bound is still about 3/n.
        let fewest =
            if same_person < minimums.same_person_pairs { same_person } else { different_person };
        format!("对数太少，比率不可靠：即使零错误，其 95% 上限也约为 3/{fewest}")
    };
    Some(format!("{}。{why}，暂不能据此设定相似度分档。", reasons.join("；")))
}

/// Why thresholds or the run they come from cannot be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalibrationError {
    /// Not finite, or not 0 < similar_below ≤ dissimilar_from < 2.
    BadBands,
    /// No run by that id in the supervisor's province.
    UnknownRun,
    /// The run has too few pairs (its `thin_reason`).
    RunTooThin { reason: String },
}

impl CalibrationError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CalibrationError::BadBands => ErrorCode::BadSimilarityBands,
            CalibrationError::UnknownRun => ErrorCode::UnknownCalibrationRun,
            CalibrationError::RunTooThin { .. } => ErrorCode::CalibrationTooThin,
        }
    }

    /// The supervisor's words.
    pub fn message_zh(&self) -> String {
        match self {
            CalibrationError::BadBands => {
                "阈值须为有限数，且 0 < 相似上限 ≤ 不相似下限 < 2。".to_owned()
            }
            CalibrationError::UnknownRun => "本省没有这次校准。".to_owned(),
            CalibrationError::RunTooThin { reason } => format!("这次校准的数据不足：{reason}"),
        }
    }
}

impl fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for CalibrationError {}

/// Whether two thresholds may be set: finite and 0 < `similar_below` ≤ `dissimilar_from` < 2
/// (embedding distances of unit-length vectors lie in 0–2; equal thresholds leave no 存疑 band).
pub fn check_thresholds(similar_below: f32, dissimilar_from: f32) -> Result<(), CalibrationError> {
    let finite = similar_below.is_finite() && dissimilar_from.is_finite();
    if finite && 0.0 < similar_below && similar_below <= dissimilar_from && dissimilar_from < 2.0 {
        Ok(())
    } else {
        Err(CalibrationError::BadBands)
    }
}

/// The band of one distance: below `similar_below` 相似, at or above `dissimilar_from` 不相似,
/// between 存疑. `None` for a distance that is not a finite non-negative number.
pub fn band_of(distance: f32, bands: &SimilarityBands) -> Option<SimilarityBand> {
    if !distance.is_finite() || distance < 0.0 {
        return None;
    }
    Some(if distance < bands.similar_below {
        SimilarityBand::Similar
    } else if distance >= bands.dissimilar_from {
        SimilarityBand::Dissimilar
    } else {
        SimilarityBand::Uncertain
    })
}

/// The bands of a board's [`BANDED_PAIRS`] whose faces were both found (`embedding_of` answers
/// `None` for a face not found or unusable).
pub fn board_bands<'a>(
    embedding_of: impl Fn(FaceSource) -> Option<&'a [f32]>,
    bands: &SimilarityBands,
) -> Vec<PairBand> {
    BANDED_PAIRS
        .iter()
        .filter_map(|&(first, second)| {
            let (a, b) = (embedding_of(first)?, embedding_of(second)?);
            if a.len() != EMBEDDING_LEN || b.len() != EMBEDDING_LEN {
                return None;
            }
            Some(PairBand { first, second, band: band_of(distance(a, b), bands)? })
        })
        .collect()
}
