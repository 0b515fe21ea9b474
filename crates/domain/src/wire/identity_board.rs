//! The identity board of one submission (`GET /api/v1/submissions/{id}/identity-board`): is the
//! person holding the card its owner? The card found inside the hand-held photo, rectified to
//! the uploaded card's size, and three faces cropped to one size — the portrait on the uploaded
//! card, the portrait on the held card, the person holding it — each found or not, said in words.
//! Computed in the background photo checks; until then, or while the face models are missing,
//! the board says so and shows no faces. A similarity band appears only once a supervisor has
//! calibrated the deployment on its own decided cases: a hint for a person (需人工复核), never
//! a verdict. Embedding distances are stored for calibration and never sent to a reviewer.

use serde::{Deserialize, Serialize};

/// Where a face on the board comes from, in board order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FaceSource {
    /// The portrait printed on the uploaded card (人像面).
    CardPortrait,
    /// The portrait printed on the card held in the hand-held photo.
    HeldCardPortrait,
    /// The person holding the card.
    HandheldPerson,
}

impl FaceSource {
    /// The three, in board order.
    pub const ALL: [FaceSource; 3] =
        [FaceSource::CardPortrait, FaceSource::HeldCardPortrait, FaceSource::HandheldPerson];

    /// Stable code (storage, wire).
    pub fn as_str(self) -> &'static str {
        match self {
            FaceSource::CardPortrait => "card_portrait",
            FaceSource::HeldCardPortrait => "held_card_portrait",
            FaceSource::HandheldPerson => "handheld_person",
        }
    }

    /// The inverse of [`FaceSource::as_str`].
    pub fn parse(code: &str) -> Option<FaceSource> {
        FaceSource::ALL.into_iter().find(|source| source.as_str() == code)
    }
}

/// Whether the board has been computed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BoardState {
    /// The photo checks have not run yet (or are being retried): nothing is known.
    Pending,
    /// Computed: `held_card` and `faces` say what was found.
    Computed,
    /// The face models were missing or corrupt when the checks ran: no faces were looked for
    /// (`problem` says which file). The held card may still have been found.
    ModelsUnavailable,
    /// The photos could not be read or decoded: nothing was looked for.
    PhotosUnreadable,
}

/// The card found inside the hand-held photo.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct HeldCardView {
    /// Top-left, top-right, bottom-right, bottom-left, in the upright hand-held photo's pixels.
    pub corners: [[f32; 2]; 4],
    /// The card rectified to the uploaded portrait side's size, grey JPEG in base64.
    pub rectified_jpeg: String,
    pub width: u32,
    pub height: u32,
}

/// One face of the board.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BoardFace {
    pub source: FaceSource,
    /// The aligned crop (eyes level, fixed size), grey JPEG in base64; `None`: no face found
    /// there (or, for the held card's portrait, no held card found), which the board says.
    pub crop_jpeg: Option<String>,
}

/// A calibrated similarity band for one pair of faces. A hint for a person, never a reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SimilarityBand {
    /// 相似: closer than the calibrated "similar" threshold.
    Similar,
    /// 存疑: between the two thresholds.
    Uncertain,
    /// 不相似: farther than the calibrated "dissimilar" threshold.
    Dissimilar,
}

/// The band of one pair of faces (both found).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PairBand {
    pub first: FaceSource,
    pub second: FaceSource,
    pub band: SimilarityBand,
}

/// The board of one submission.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct IdentityBoardView {
    pub state: BoardState,
    /// Why faces were not looked for (`ModelsUnavailable`, `PhotosUnreadable`): the reviewer's
    /// words, naming the model file.
    pub problem: Option<String>,
    /// The card in the hand-held photo; `None` when not found or not computed.
    pub held_card: Option<HeldCardView>,
    /// Three, in [`FaceSource::ALL`] order, when computed with the models; empty otherwise.
    pub faces: Vec<BoardFace>,
    /// Whether the deployment's similarity bands have been calibrated. `false`: no band is
    /// shown (相似度尚未校准).
    pub calibrated: bool,
    /// The bands of the pairs whose faces were both found; empty unless `calibrated`.
    pub bands: Vec<PairBand>,
}
