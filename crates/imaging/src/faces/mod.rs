//! Faces for the identity board: the model files ([`models`]: pinned, looked for, verified),
//! detection + alignment + embedding ([`FaceFinder`]), the aligned crop (`align`), one
//! submission's board ([`IdentityBoard`]: the held card and the three faces), and the hand-held
//! photo's quarter turns looked through when its orientation was not established (`turn_search`).
//! No similarity threshold or band lives here: distances are measured and stored, and mean
//! nothing until a calibration on the province's own decided cases.

mod align;
mod board;
mod finder;
pub mod models;
mod turn_search;

pub use board::{
    person, portrait_on_card, FaceSource, IdentityBoard, CARD_ENLARGE, PERSON_SIDE, PORTRAIT_ZONES,
};
pub use finder::{distance, Face, FaceFinder, CROP_SIDE, EMBEDDING_LEN};
pub use models::{default_models_dir, ModelError};
pub use turn_search::{HandheldOrientation, OTHER_TURNS};
