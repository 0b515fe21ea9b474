//! [`IdentityBoard`]: what the identity board shows for one submission, computed from its
//! portrait-side and hand-held photos made upright (the orientation correction applied first,
//! so mirrored and rotated photos work): the held card rectified to the uploaded card's size,
//! three faces — the portrait on the uploaded card, the portrait on the held card, the person in
//! the hand-held photo — each found or not, and the three pairwise embedding distances where
//! both faces were found. No score, band or verdict: distances are stored for a calibration.
//! When the hand-held photo's orientation was not established and no person is found in it as
//! it is, its other quarter turns are looked through (`turn_search`).

use image::{imageops, GrayImage, Luma};
pub use reviewdesk_domain::wire::identity_board::FaceSource;

use super::align::aligned_crop;
use super::finder::{distance, Face, FaceFinder, CROP_SIDE};
use super::turn_search::{first_turn_with_person, HandheldOrientation, HandheldSide};
use crate::card_region::{locate, Region};
use crate::held_card::HeldCard;
use crate::orientation::Turn;

/// A printed portrait is small (~50 px in a 1000 px card photo): enlarged this many times
/// before detection, as measured (HOG missed it at its size).
pub const CARD_ENLARGE: u32 = 2;

/// Where a printed portrait is on a document's portrait side, as shares of its width and height:
/// first the right part (ID-1 cards: resident IDs, the permits), then the left part (booklet data
/// pages). Only that zone is enlarged: HOG's time grows with the pixels, and the whole card at
/// [`CARD_ENLARGE`]× was most of the board's time.
pub const PORTRAIT_ZONES: [[f32; 4]; 2] = [[0.55, 0.0, 0.45, 0.85], [0.0, 0.1, 0.45, 0.85]];

/// The hand-held photo's long side for finding the person: a held-up face is large (150 px and
/// more in a 1000 px photo), and HOG finds faces from ~80 px.
pub const PERSON_SIDE: u32 = 640;

/// The board of one submission.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityBoard {
    /// `None`: no card found in the hand-held photo.
    pub held_card: Option<HeldCard>,
    /// In [`FaceSource::ALL`] order; `None`: no face found there.
    pub faces: [Option<Face>; 3],
    /// The quarter turn applied to the hand-held photo given before the held card and the
    /// person were found (identity unless its turns were looked through); the held card's
    /// corners and the person's box are in the turned photo's pixels.
    pub handheld_turn: Turn,
    /// How many turns of the hand-held photo the person was looked for in: 1 (as it is), up to
    /// 4 when its orientation was not established and no person was found as it is.
    pub handheld_tries: u8,
}

impl IdentityBoard {
    /// Computes the board. `portrait` and `handheld` are upright grey photos.
    pub fn compute(
        finder: &FaceFinder,
        portrait: &GrayImage,
        handheld: &GrayImage,
    ) -> IdentityBoard {
        Self::compute_turning(finder, portrait, handheld, HandheldOrientation::Established)
    }

    /// Computes the board from the portrait side made upright and the hand-held photo with the
    /// correction the checks found; when that was not [`HandheldOrientation::Established`] and
    /// no face (the person, the held card's portrait) is found in it as it is, its other quarter
    /// turns are looked through and the first with a person is taken.
    pub fn compute_turning(
        finder: &FaceFinder,
        portrait: &GrayImage,
        handheld: &GrayImage,
        orientation: HandheldOrientation,
    ) -> IdentityBoard {
        let card_size = portrait.dimensions();
        let card_face = portrait_on_card(finder, portrait);
        let as_it_is = HandheldSide::as_it_is(finder, handheld, card_size);
        // A face found as it is, the person's or the held card's portrait, shows it upright.
        let unknown = orientation == HandheldOrientation::NotEstablished
            && as_it_is.person.is_none()
            && as_it_is.held_face.is_none();
        let (side, handheld_tries) = if unknown {
            let (found, tried) = first_turn_with_person(finder, handheld, card_size);
            (found.unwrap_or(as_it_is), 1 + tried)
        } else {
            (as_it_is, 1)
        };
        IdentityBoard {
            held_card: side.held_card,
            faces: [card_face, side.held_face, side.person],
            handheld_turn: side.turn,
            handheld_tries,
        }
    }

    /// The distance between two faces' embeddings, when both were found.
    pub fn distance(&self, a: FaceSource, b: FaceSource) -> Option<f32> {
        let face = |source: FaceSource| {
            let at = FaceSource::ALL.iter().position(|s| *s == source)?;
            self.faces[at].as_ref()
        };
        Some(distance(&face(a)?.embedding, &face(b)?.embedding))
    }
}

/// The portrait printed on a document's portrait side (`card`: the uploaded photo, whose card
/// region is located first, or the rectified held card): looked for in each of
/// [`PORTRAIT_ZONES`], as it is and then enlarged [`CARD_ENLARGE`]×; the first found wins. Box, landmarks and crop
/// are in `card`'s pixels.
pub fn portrait_on_card(finder: &FaceFinder, card: &GrayImage) -> Option<Face> {
    let region = locate(card);
    for [left, top, width, height] in PORTRAIT_ZONES {
        let zone = Region {
            x: region.x + (left * region.width as f32) as u32,
            y: region.y + (top * region.height as f32) as u32,
            width: ((width * region.width as f32) as u32).max(1),
            height: ((height * region.height as f32) as u32).max(1),
        };
        let zone = Region {
            width: zone.width.min(card.width().saturating_sub(zone.x)),
            height: zone.height.min(card.height().saturating_sub(zone.y)),
            ..zone
        };
        if zone.width < 8 || zone.height < 8 {
            continue;
        }
        let pixels = zone.crop(card);
        // As it is first (a portrait of 100 px and more is found at its size, at a quarter of
        // the time), then enlarged.
        for enlarge in [1, CARD_ENLARGE] {
            if let Some(face) = finder.find(&pixels, enlarge) {
                return Some(moved(face, zone.x, zone.y, card));
            }
        }
    }
    None
}

/// The person holding the card: the largest face outside the held card (its portrait is a face
/// too), looked for on the photo scaled to [`PERSON_SIDE`]. Box, landmarks and crop are in
/// `handheld`'s pixels.
pub fn person(finder: &FaceFinder, handheld: &GrayImage, held: Option<&HeldCard>) -> Option<Face> {
    let long_side = handheld.width().max(handheld.height()).max(1) as f32;
    let scale = (PERSON_SIDE as f32 / long_side).min(1.0);
    match held {
        Some(held) => finder.find_scaled(&masked(handheld, held), scale),
        None => finder.find_scaled(handheld, scale),
    }
}

/// A face found in the part of `image` at (`dx`, `dy`), in `image`'s own pixels (the crop cut
/// again from the whole, so its margins are the picture's, not the part's border).
fn moved(face: Face, dx: u32, dy: u32, image: &GrayImage) -> Face {
    let landmarks = face.landmarks.map(|(x, y)| (x + dx as f32, y + dy as f32));
    let [x, y, w, h] = face.bbox;
    Face {
        bbox: [x + dx, y + dy, w, h],
        landmarks,
        crop: aligned_crop(image, &landmarks, CROP_SIDE),
        embedding: face.embedding,
    }
}

/// `photo` with the held card's bounding box filled flat grey.
fn masked(photo: &GrayImage, held: &HeldCard) -> GrayImage {
    let xs = held.corners.map(|c| c.0);
    let ys = held.corners.map(|c| c.1);
    let min = |v: [f32; 4]| v.iter().copied().fold(f32::MAX, f32::min).max(0.0) as u32;
    let max = |v: [f32; 4]| v.iter().copied().fold(0.0, f32::max).max(0.0) as u32;
    let (x0, y0) = (min(xs), min(ys));
    let (x1, y1) = (max(xs).min(photo.width()), max(ys).min(photo.height()));
    let mut out = photo.clone();
    if x1 > x0 && y1 > y0 {
        let flat = GrayImage::from_pixel(x1 - x0, y1 - y0, Luma([128]));
        imageops::replace(&mut out, &flat, i64::from(x0), i64::from(y0));
    }
    out
}
