//! Faces for the identity board: the model files ([`models`]: pinned, looked for, verified),
//! detection + alignment + embedding ([`FaceFinder`]), and the aligned crop (`align`).
//! No similarity threshold or band lives here: distances are measured and stored, and mean
//! nothing until a calibration on the province's own decided cases.

mod align;
mod finder;
pub mod models;

pub use finder::{distance, Face, FaceFinder, CROP_SIDE, EMBEDDING_LEN};
pub use models::{default_models_dir, ModelError};
