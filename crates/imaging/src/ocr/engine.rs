//! [`OcrEngine`]: one Tesseract instance (`chi_sim`, page segmentation mode 6: a single uniform
//! block of text) that reads grey images and reports the mean word confidence and the text.
//!
//! Programs call [`limit_ocr_threads`](super::limit_ocr_threads) first (see `threads`). An
//! engine is used by one thread at a time; a worker pool keeps one per worker.

use image::GrayImage;
use leptess::{LepTess, Variable};

use crate::error::ImagingError;

/// The Tesseract language model used.
pub const LANGUAGE: &str = "chi_sim";

/// What one OCR pass read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Mean word confidence, 0–100 (0 when nothing was read).
    pub confidence: f32,
    /// The text, lines separated by `\n`.
    pub text: String,
}

/// A Tesseract instance.
pub struct OcrEngine {
    tesseract: LepTess,
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrEngine").field("language", &LANGUAGE).finish()
    }
}

impl OcrEngine {
    /// Starts Tesseract with the `chi_sim` model from the system's tessdata (or
    /// `TESSDATA_PREFIX`).
    pub fn new() -> Result<OcrEngine, ImagingError> {
        let mut tesseract = LepTess::new(None, LANGUAGE)
            .map_err(|error| ImagingError::OcrUnavailable(error.to_string()))?;
        for (variable, value) in [
            (Variable::TesseditPagesegMode, "6"),
            // Our images carry no resolution; without one Tesseract guesses and says so on stderr.
            (Variable::UserDefinedDpi, "300"),
            (Variable::DebugFile, "/dev/null"),
            // Skip the retry of every doubtful line as white on black (30–40 % of the time per
            // pass, more on wrong candidates); dark covers are inverted before OCR instead
            // (check::ocr_input).
            (Variable::TesseditDoInvert, "0"),
        ] {
            tesseract
                .set_variable(variable, value)
                .map_err(|error| ImagingError::OcrUnavailable(format!("{error:?}")))?;
        }
        Ok(OcrEngine { tesseract })
    }

    /// Reads `image`; the text only when `with_text`.
    pub fn read(&mut self, image: &GrayImage, with_text: bool) -> Reading {
        let mut pgm = format!("P5\n{} {}\n255\n", image.width(), image.height()).into_bytes();
        pgm.extend_from_slice(image.as_raw());
        if self.tesseract.set_image_from_mem(&pgm).is_err() {
            return Reading { confidence: 0.0, text: String::new() };
        }
        let confidence = self.tesseract.mean_text_conf().clamp(0, 100) as f32;
        let text = if with_text {
            self.tesseract.get_utf8_text().unwrap_or_default()
        } else {
            String::new()
        };
        Reading { confidence, text }
    }
}
