//! The hand-held photo's quarter turns, looked through when its orientation was not established
//! (OCR unsure, no EXIF turn) and no person is found in it as it is: a hand-held photo whose
//! pixels are turned with no EXIF tag would otherwise keep its faces "not found" (HOG finds
//! upright faces only). Tried in the order 90°, 270°, 180° clockwise (a phone held sideways is
//! commoner than one held upside down); the first turn where a person is found is taken, with
//! the held card looked for in that same turn. A mirror is not undone (no face detector tells
//! one): the person and the printed portrait are found mirrored all the same, and the held
//! card's text reads mirrored on the board.

use image::GrayImage;

use super::board::{person, portrait_on_card};
use super::finder::{Face, FaceFinder};
use crate::held_card::{find_held_card, HeldCard};
use crate::orientation::Turn;

/// Whether the hand-held photo given to the board is known to be upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandheldOrientation {
    /// OCR was sure of the turn, or an EXIF tag gave one: the photo is taken as it is.
    Established,
    /// Neither: the other quarter turns are tried when no person is found as it is.
    NotEstablished,
}

/// The quarter turns tried after the photo as it is, clockwise.
pub const OTHER_TURNS: [u16; 3] = [90, 270, 180];

/// What the board finds in the hand-held photo, in `turn`'s pixels.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HandheldSide {
    /// The turn applied to the photo given (identity: as it is).
    pub turn: Turn,
    pub held_card: Option<HeldCard>,
    pub held_face: Option<Face>,
    pub person: Option<Face>,
}

impl HandheldSide {
    /// The held card, its portrait and the person in `handheld` as it is (`card_size`: the
    /// uploaded card's, which the held card is rectified to).
    pub fn as_it_is(finder: &FaceFinder, handheld: &GrayImage, card_size: (u32, u32)) -> Self {
        let held_card = find_held_card(handheld, card_size.0, card_size.1);
        let held_face =
            held_card.as_ref().and_then(|held| portrait_on_card(finder, &held.rectified));
        let person = person(finder, handheld, held_card.as_ref());
        HandheldSide { turn: Turn::IDENTITY, held_card, held_face, person }
    }
}

/// The first of [`OTHER_TURNS`] of `handheld` in which a person is found, with the held card
/// and its portrait in that turn; `None` when none. Also how many turns were looked through.
pub(super) fn first_turn_with_person(
    finder: &FaceFinder,
    handheld: &GrayImage,
    card_size: (u32, u32),
) -> (Option<HandheldSide>, u8) {
    for (tried, degrees) in OTHER_TURNS.into_iter().enumerate() {
        let turn = Turn::new(degrees, false);
        let turned = turn.apply(handheld);
        // The person first, unmasked (the held card's portrait is far smaller than the holder's
        // face, and the largest face wins); the held card only in a turn that has a person.
        let Some(found) = person(finder, &turned, None) else { continue };
        let held_card = find_held_card(&turned, card_size.0, card_size.1);
        let person = match &held_card {
            Some(held) if centre_inside(&found, held) => person(finder, &turned, Some(held)),
            _ => Some(found),
        };
        let held_face =
            held_card.as_ref().and_then(|held| portrait_on_card(finder, &held.rectified));
        return (Some(HandheldSide { turn, held_card, held_face, person }), tried as u8 + 1);
    }
    (None, OTHER_TURNS.len() as u8)
}

/// Whether `face`'s centre lies inside `held`'s bounding box (then it may be the card's
/// portrait, and the person is looked for again with the card masked).
fn centre_inside(face: &Face, held: &HeldCard) -> bool {
    let [x, y, w, h] = face.bbox;
    let (cx, cy) = (x as f32 + w as f32 / 2.0, y as f32 + h as f32 / 2.0);
    let xs = held.corners.map(|c| c.0);
    let ys = held.corners.map(|c| c.1);
    let within = |v: f32, edges: [f32; 4]| {
        let lo = edges.iter().copied().fold(f32::MAX, f32::min);
        let hi = edges.iter().copied().fold(f32::MIN, f32::max);
        (lo..=hi).contains(&v)
    };
    within(cx, xs) && within(cy, ys)
}
