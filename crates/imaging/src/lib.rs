//! ReviewDesk's automatic photo checks, a pure library: bytes in, a [`Report`] out,
//! errors as values, never a panic on input.
//!
//! - `jpeg_header`, `decode`: the limits (bytes, signature, declared dimensions) before any
//!   pixel is decoded; bounded decoding to grey; the EXIF orientation.
//! - `orientation`: [`Turn`], the 8 ways a photo can lie, as corrections (D4).
//! - `card_region`: where the card is in a photo.
//! - `clarity`: variance of the Laplacian at a normalised size.
//! - [`ocr`]: Tesseract (`chi_sim`) and the orientation search over the 8 candidates.
//! - `card_text`: the card side and the printed number from the OCR'd text.
//! - `check`: the pipeline for one photo ([`check`](fn@check)); `report`: its result.
//! - [`perceptual`]: gradient hashes of the card region and the whole photo (near duplicates).
//! - [`forensics`]: hints for a person (EXIF, JPEG quality and encoder, error levels), on demand.
//! - `findings`: a submission's three reports (and the declared number) → reviewer findings,
//!   each naming the photo it concerns.
//! - [`faces`]: the face models, detection, alignment and embedding for the identity board;
//!   `held_card`: the card found in the hand-held photo and rectified to the uploaded card's size.

mod card_region;
mod card_text;
mod check;
mod clarity;
mod config;
mod decode;
mod error;
pub mod faces;
mod findings;
pub mod forensics;
mod held_card;
pub mod jpeg_header;
pub mod ocr;
mod orientation;
pub mod perceptual;
mod report;

pub use card_region::{locate, Region};
pub use card_text::{id_number, side_of, CardSide};
pub use check::{check, check_keeping_upright, ocr_input, Checked};
pub use clarity::{laplacian_variance, normalised};
pub use config::{CheckConfig, OcrConfig, CLARITY_WIDTH};
pub use decode::{decode, Decoded};
pub use error::ImagingError;
pub use findings::submission_findings;
pub use held_card::{find_held_card, HeldCard};
pub use ocr::{OcrEngine, Strategy};
pub use orientation::Turn;
pub use report::{Issue, OrientationReport, Report};
