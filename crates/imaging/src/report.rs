//! [`Report`]: the result of checking one photo, as `reviewdesk-server precheck` prints it (one
//! JSON object per file) and as the server's intake worker turns it into findings.

use serde::Serialize;

use crate::card_text::CardSide;
use crate::orientation::Turn;
use crate::perceptual::PerceptualHash;

/// A problem found, `{code, message}`; codes are API (never renamed, only added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub code: String,
    pub message: String,
}

impl Issue {
    pub fn new(code: &str, message: impl Into<String>) -> Issue {
        Issue { code: code.to_owned(), message: message.into() }
    }
}

/// How to make the stored pixels upright: rotate clockwise by `rotate_cw`, then flip left to
/// right if `mirrored`. Relative to the stored pixels, not to the EXIF-oriented display.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OrientationReport {
    pub rotate_cw: u16,
    pub mirrored: bool,
    /// 0–1: how far the chosen candidate is ahead of the others tried.
    pub confidence: f32,
    /// Not decisive (or not searched): the reviewer decides.
    pub unsure: bool,
}

impl OrientationReport {
    pub fn turn(&self) -> Turn {
        Turn::new(self.rotate_cw, self.mirrored)
    }
}

/// The checks of one photo. Fields that could not be measured (the file did not decode) are
/// `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// No errors.
    pub ok: bool,
    pub bytes: usize,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The EXIF orientation tag (1–8), when there is a readable one.
    pub exif_orientation: Option<u8>,
    /// Variance of the Laplacian of the card at the normalised size.
    pub blur_score: Option<f64>,
    pub sharp: Option<bool>,
    pub orientation: Option<OrientationReport>,
    pub side: CardSide,
    /// The document number as read on the card, if any.
    pub id_number: Option<String>,
    pub sha256: String,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    /// OCR passes run (0 without OCR).
    #[serde(skip)]
    pub ocr_passes: usize,
    /// Perceptual hashes (card region, whole photo) for the near-duplicate search; empty when
    /// the photo did not decode.
    #[serde(skip)]
    pub perceptual: Vec<PerceptualHash>,
}
