//! Realistic synthetic applicants and their three photos (ID portrait side 人像面, emblem side
//! 国徽面, and the applicant holding the card 手持照) for ReviewDesk's demo queue, tests, benches
//! and the labelled corpus of the imaging checks.
//!
//! Deterministic: everything derives from the configuration's `u64` seed and the applicant's
//! index, so any applicant or photo can be regenerated alone, in any order or in parallel, and
//! the same seed and index always give the same bytes. Defects are recorded exactly
//! ([`Applicant::defects`]) and are the ground truth of tests.
//!
//! - [`ApplicantGenerator`]: applicants only (no font needed).
//! - [`Corpus`]: the imaging checks' labelled corpus (all 8 orientations, blur, cards of several
//!   sizes in larger photos).
//! - [`Generator`]: applicants and their photos ([`Specimen`]); loads a CJK font once (see
//!   [`GeneratorConfig::font_path`]; `REVIEWDESK_CJK_FONT`; the Debian `fonts-noto-cjk` files).

mod applicant;
mod card;
mod config;
mod corpus;
mod error;
mod generator;
mod random;
mod specimen;

pub use applicant::{Applicant, ApplicantGenerator, Defect, Side};
pub use card::FONT_ENV_VAR;
pub use config::{
    default_id_type_weights, DefectMix, GeneratorConfig, DEFAULT_MAX_JPEG_BYTES, DEFAULT_PROVINCES,
};
pub use corpus::{Corpus, CorpusItem, CorpusKind, CorpusLabel, PLACED_CARD_WIDTHS};
pub use error::SyntheticError;
pub use generator::Generator;
pub use specimen::{Photo, RenderedPhoto, RenderedSpecimen, Specimen};
