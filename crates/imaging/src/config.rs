//! [`CheckConfig`]: every bound and threshold of the checks, with defaults calibrated on the
//! synthetic corpus (see BENCHMARKS.md). The server builds one from its settings.

use std::time::Duration;

/// Bounds and thresholds of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConfig {
    /// Larger files are refused before anything else.
    pub max_bytes: usize,
    /// Refused when the JPEG header declares a wider or taller image, before decoding.
    pub max_side: u32,
    /// Refused when the JPEG header declares more pixels, before decoding.
    pub max_pixels: u64,
    /// The most memory the decoder may allocate.
    pub max_decode_bytes: u64,
    /// The variance of the Laplacian (card normalised to [`CLARITY_WIDTH`] px wide) below which a
    /// photo is reported as blurred.
    pub blur_threshold: f64,
    /// Orientation search bounds.
    pub ocr: OcrConfig,
}

/// The orientation search's thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrConfig {
    /// The card is scaled so that its long side is this many pixels before OCR.
    pub work_side: u32,
    /// A candidate needs at least this mean word confidence (0–100) to be taken.
    pub accept: f32,
    /// ... and must beat every other candidate tried by this much; otherwise `unsure`.
    pub margin: f32,
    /// No new OCR pass starts after this much time in the search.
    pub budget: Duration,
}

/// The card's long side, in pixels, when clarity is measured.
pub const CLARITY_WIDTH: u32 = 640;

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_bytes: 16 << 20,
            max_side: 8000,
            max_pixels: 40_000_000,
            max_decode_bytes: 256 << 20,
            blur_threshold: 40.0,
            ocr: OcrConfig::default(),
        }
    }
}

impl Default for OcrConfig {
    fn default() -> Self {
        OcrConfig { work_side: 720, accept: 60.0, margin: 25.0, budget: Duration::from_secs(10) }
    }
}
