//! The identity board in the photo checks: after a submission's photos are checked, its board is
//! computed from the upright (orientation-corrected) grey portrait-side and hand-held photos
//! (`reviewdesk_imaging::faces::IdentityBoard`) and recorded under the worker's claim before
//! the findings ([`reviewdesk_store::Store::record_identity_board`]: the board and its faces in
//! one transaction; a retried check rewrites them). Each worker thread loads its own
//! [`FaceFinder`] (dlib's networks are not `Sync`) when it first needs one, and again when the
//! models directory is checked anew; while the models are missing or corrupt the board is
//! recorded as `models_unavailable` with the model error's words (the held card is still looked
//! for) and the checks finish. Photos that did not decode give `photos_unreadable`. A hand-held
//! photo whose orientation the checks did not establish (OCR unsure, no EXIF turn) has its other
//! quarter turns looked through when no person is found in it as it is.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::GrayImage;
use reviewdesk_imaging::faces::{FaceFinder, HandheldOrientation, IdentityBoard, ModelError};
use reviewdesk_imaging::find_held_card;
use reviewdesk_store::identity_boards::EMBEDDING_LEN;
use reviewdesk_store::{BoardFaceRecord, BoardOutcome, BoardRecord, HeldCardRecord};

use super::faces::FaceModelHealth;

// The store keeps what the imaging crate computes.
const _: () = assert!(EMBEDDING_LEN == reviewdesk_imaging::faces::EMBEDDING_LEN);

/// The JPEG quality of the stored crops and rectified card (grey; viewed side by side, not
/// measured).
const JPEG_QUALITY: u8 = 85;

/// How long a worker waits before loading models that would not load again (an operator may
/// have installed them meanwhile; a check on demand reloads at once).
const RELOAD_AFTER: Duration = Duration::from_secs(60);

/// The reviewer's words for photos that did not decode.
pub(super) const PHOTOS_UNREADABLE: &str =
    "人像面或手持照片无法解码，身份比对（持证人与证件人像）未运行，请人工比对";

/// One worker's face models, loaded when first needed.
#[derive(Default)]
pub(super) struct BoardMaker {
    loaded: Option<Loaded>,
}

struct Loaded {
    generation: u64,
    at: Instant,
    finder: Result<FaceFinder, ModelError>,
}

impl BoardMaker {
    /// The board of a submission whose portrait-side and hand-held photos, made upright, are
    /// these (`None`: did not decode); `handheld_orientation`: whether the checks established
    /// the hand-held photo's.
    pub(super) fn board(
        &mut self,
        health: &FaceModelHealth,
        portrait: Option<&GrayImage>,
        handheld: Option<&GrayImage>,
        handheld_orientation: HandheldOrientation,
    ) -> BoardRecord {
        let (Some(portrait), Some(handheld)) = (portrait, handheld) else {
            return BoardRecord {
                outcome: BoardOutcome::PhotosUnreadable,
                problem: Some(PHOTOS_UNREADABLE.to_owned()),
                held_card: None,
                faces: Vec::new(),
            };
        };
        match self.finder(health) {
            Ok(finder) => computed(&IdentityBoard::compute_turning(
                finder,
                portrait,
                handheld,
                handheld_orientation,
            )),
            Err(problem) => BoardRecord {
                outcome: BoardOutcome::ModelsUnavailable,
                problem: Some(problem.message_zh()),
                held_card: find_held_card(handheld, portrait.width(), portrait.height())
                    .and_then(|held| held_card_record(&held.corners, &held.rectified)),
                faces: Vec::new(),
            },
        }
    }

    /// The finder for the models directory in force, loading it when the directory was checked
    /// anew since, or when it would not load a while ago.
    fn finder(&mut self, health: &FaceModelHealth) -> Result<&FaceFinder, ModelError> {
        let (dir, generation) = health.models();
        let stale = match &self.loaded {
            None => true,
            Some(loaded) => {
                loaded.generation != generation
                    || (loaded.finder.is_err() && loaded.at.elapsed() >= RELOAD_AFTER)
            }
        };
        if stale {
            self.loaded = None;
        }
        let loaded = self.loaded.get_or_insert_with(|| {
            let finder = FaceFinder::load(&dir);
            if let Err(error) = &finder {
                tracing::warn!(%error, "identity board: the face models do not load");
            }
            health.loaded(generation, finder.as_ref().err());
            Loaded { generation, at: Instant::now(), finder }
        });
        loaded.finder.as_ref().map_err(Clone::clone)
    }
}

/// The record of a computed board: the crops and the rectified card as grey JPEG.
fn computed(board: &IdentityBoard) -> BoardRecord {
    let held_card =
        board.held_card.as_ref().and_then(|held| held_card_record(&held.corners, &held.rectified));
    let faces = reviewdesk_domain::wire::identity_board::FaceSource::ALL
        .into_iter()
        .zip(&board.faces)
        .filter_map(|(source, face)| {
            let face = face.as_ref()?;
            Some(BoardFaceRecord {
                source,
                crop_jpeg: grey_jpeg(&face.crop)?,
                embedding: face.embedding.clone(),
            })
        })
        .collect();
    BoardRecord { outcome: BoardOutcome::Computed, problem: None, held_card, faces }
}

fn held_card_record(corners: &[(f32, f32); 4], rectified: &GrayImage) -> Option<HeldCardRecord> {
    Some(HeldCardRecord { corners: corners.map(|(x, y)| [x, y]), jpeg: grey_jpeg(rectified)? })
}

/// `image` as a grey JPEG; `None` (logged) if the encoder refuses it (an empty image).
fn grey_jpeg(image: &GrayImage) -> Option<Vec<u8>> {
    let mut bytes = Cursor::new(Vec::new());
    match JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(image) {
        Ok(()) => Some(bytes.into_inner()),
        Err(error) => {
            tracing::error!(%error, "identity board: a crop did not encode");
            None
        }
    }
}
