//! [`IdentityBoard`]: what the identity board shows for one submission, computed from its
//! portrait-side and hand-held photos made upright (the orientation correction applied first,
//! so mirrored and rotated photos work): the held card rectified to the uploaded card's size,
//! three faces — the portrait on the uploaded card, the portrait on the held card, the person in
//! the hand-held photo — each found or not, and the three pairwise embedding distances where
//! both faces were found. No score, band or verdict: distances are stored for a calibration.

use image::{imageops, GrayImage, Luma};
pub use reviewdesk_domain::wire::identity_board::FaceSource;

use super::finder::{distance, Face, FaceFinder};
use crate::held_card::{find_held_card, HeldCard};

/// A printed portrait is small (~50 px in a 1000 px card photo): enlarged this many times
/// before detection, as measured (HOG missed it at its size).
pub const CARD_ENLARGE: u32 = 2;

/// The hand-held photo's long side for finding the person (faces there are 150 px and more in a
/// 1000 px photo; HOG's time grows with the pixels).
pub const PERSON_SIDE: u32 = 800;

/// The board of one submission.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityBoard {
    /// `None`: no card found in the hand-held photo.
    pub held_card: Option<HeldCard>,
    /// In [`FaceSource::ALL`] order; `None`: no face found there.
    pub faces: [Option<Face>; 3],
}

impl IdentityBoard {
    /// Computes the board. `portrait` and `handheld` are upright grey photos.
    pub fn compute(
        finder: &FaceFinder,
        portrait: &GrayImage,
        handheld: &GrayImage,
    ) -> IdentityBoard {
        let held_card = find_held_card(handheld, portrait.width(), portrait.height());
        let card_face = finder.find(portrait, CARD_ENLARGE);
        let held_face =
            held_card.as_ref().and_then(|held| finder.find(&held.rectified, CARD_ENLARGE));
        // The person: the largest face outside the held card (its portrait is a face too),
        // looked for on the photo scaled to PERSON_SIDE (a held-up face is large).
        let long_side = handheld.width().max(handheld.height()).max(1) as f32;
        let scale = (PERSON_SIDE as f32 / long_side).min(1.0);
        let person_face = match &held_card {
            Some(held) => finder.find_scaled(&masked(handheld, held), scale),
            None => finder.find_scaled(handheld, scale),
        };
        IdentityBoard { held_card, faces: [card_face, held_face, person_face] }
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
