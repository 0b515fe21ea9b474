//! The labelled corpus of the imaging checks: photos of ID documents lying in all 8
//! orientations, some blurred, with their ground truth ([`CorpusLabel`]).
//!
//! Item `index` is made from applicant `index` (its own defects ignored) and is one of four
//! kinds, in turn: the portrait side edge to edge, the emblem side edge to edge, the hand-held
//! photo, and a card (either side) of one of several widths placed in a larger photo of a desk.
//! The orientation cycles through the 8 corrections; every fourth block of 32 items is blurred.
//! The label's `rotate_cw`/`mirrored` is the correction that makes the stored pixels upright
//! (rotate clockwise, then flip left to right): the photo is made by applying its inverse.

use image::imageops::{self, FilterType};
use image::{Rgb, RgbImage};
use serde::Serialize;

use crate::applicant::Side;
use crate::card::encode_within;
use crate::error::SyntheticError;
use crate::generator::Generator;

/// What a corpus photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorpusKind {
    /// The portrait side, edge to edge.
    PortraitCard,
    /// The emblem side, edge to edge.
    EmblemCard,
    /// The holder holding the portrait side.
    Handheld,
    /// A card placed in a larger photo.
    CardInPhoto,
}

impl CorpusKind {
    pub const ALL: [CorpusKind; 4] = [
        CorpusKind::PortraitCard,
        CorpusKind::EmblemCard,
        CorpusKind::Handheld,
        CorpusKind::CardInPhoto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CorpusKind::PortraitCard => "portrait card",
            CorpusKind::EmblemCard => "emblem card",
            CorpusKind::Handheld => "hand-held",
            CorpusKind::CardInPhoto => "card in photo",
        }
    }
}

/// The ground truth of one corpus photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorpusLabel {
    pub index: u64,
    pub kind: CorpusKind,
    /// The side of the document shown ([`Side::Portrait`] or [`Side::Emblem`]).
    pub side: Side,
    /// The correction that makes the photo upright: rotate clockwise by this, ...
    pub rotate_cw: u16,
    /// ... then flip left to right if this.
    pub mirrored: bool,
    pub blurred: bool,
    /// The document's width in pixels (upright), in the photo.
    pub card_width: u32,
    /// The number printed on the document.
    pub number: String,
}

/// One labelled photo.
#[derive(Debug, Clone)]
pub struct CorpusItem {
    pub label: CorpusLabel,
    pub jpeg: Vec<u8>,
}

/// Widths of the cards placed in larger photos.
pub const PLACED_CARD_WIDTHS: [u32; 5] = [320, 420, 520, 640, 800];

/// Makes corpus items from a [`Generator`].
#[derive(Debug)]
pub struct Corpus<'a> {
    generator: &'a Generator,
}

impl<'a> Corpus<'a> {
    pub fn new(generator: &'a Generator) -> Corpus<'a> {
        Corpus { generator }
    }

    /// Item `index` (deterministic).
    pub fn item(&self, index: u64) -> Result<CorpusItem, SyntheticError> {
        let mut applicant = self.generator.applicant(index);
        applicant.defects.clear();
        let rendered = self.generator.render(&applicant);
        let kind = CorpusKind::ALL[(index % 4) as usize];
        let turn = (index / 4) % 8;
        let (rotate_cw, mirrored) = (((turn % 4) * 90) as u16, turn >= 4);
        let blurred = (index / 32) % 4 == 3;
        let mut random =
            Mix(self.generator.config().seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (upright, side, card_width) = match kind {
            CorpusKind::PortraitCard => {
                let image = rendered.portrait.image.clone();
                let width = image.width();
                (image, Side::Portrait, width)
            }
            CorpusKind::EmblemCard => {
                let image = rendered.emblem.image.clone();
                let width = image.width();
                (image, Side::Emblem, width)
            }
            CorpusKind::Handheld => {
                let width = rendered.handheld.card_box.map(|b| b[2]).unwrap_or(0);
                (rendered.handheld.image.clone(), Side::Portrait, width)
            }
            CorpusKind::CardInPhoto => {
                let side = if random.below(2) == 0 { Side::Portrait } else { Side::Emblem };
                let card = &rendered.photo(side).image;
                let width =
                    PLACED_CARD_WIDTHS[random.below(PLACED_CARD_WIDTHS.len() as u64) as usize];
                (place(card, width, &mut random), side, width)
            }
        };
        let upright = if blurred {
            let sigma = (3.0 + 2.0 * random.unit()) * (card_width as f32 / 856.0).max(0.5);
            imageproc::filter::gaussian_blur_f32(&upright, sigma)
        } else {
            upright
        };
        let stored = undo(&upright, rotate_cw, mirrored);
        let jpeg = encode_within(&stored, self.generator.config().max_jpeg_bytes, side)?;
        let label = CorpusLabel {
            index,
            kind,
            side,
            rotate_cw,
            mirrored,
            blurred,
            card_width,
            number: applicant.card.id_number.clone(),
        };
        Ok(CorpusItem { label, jpeg })
    }
}

/// The photo whose correction is (rotate `rotate_cw`, then mirror if `mirrored`): the inverse
/// applied to the upright image. Rotate-then-flip is its own inverse; a rotation alone is undone
/// by the opposite one.
fn undo(upright: &RgbImage, rotate_cw: u16, mirrored: bool) -> RgbImage {
    let quarter = if mirrored { rotate_cw / 90 % 4 } else { (4 - rotate_cw / 90 % 4) % 4 };
    let rotated = match quarter {
        1 => imageops::rotate90(upright),
        2 => imageops::rotate180(upright),
        3 => imageops::rotate270(upright),
        _ => upright.clone(),
    };
    if mirrored {
        imageops::flip_horizontal(&rotated)
    } else {
        rotated
    }
}

/// `card` scaled to `width` on a desk: a wall-to-desk gradient with a darker desk edge and
/// faint grain, the card 35–60 % of the photo's width, anywhere that keeps it whole.
fn place(card: &RgbImage, width: u32, random: &mut Mix) -> RgbImage {
    let height = (width as f32 * card.height() as f32 / card.width() as f32).round() as u32;
    let seen = imageops::resize(card, width, height.max(1), FilterType::Triangle);
    let share = 0.35 + 0.25 * random.unit();
    let photo_w = ((width as f32 / share) as u32).clamp(width + 40, 1600);
    let photo_h = (photo_w * 3 / 4).max(seen.height() + 40);
    let top =
        [200 + random.below(40) as u8, 190 + random.below(40) as u8, 170 + random.below(50) as u8];
    let desk =
        [90 + random.below(60) as u8, 70 + random.below(40) as u8, 50 + random.below(40) as u8];
    let desk_line = photo_h as f32 * (0.35 + 0.2 * random.unit());
    let mut grain = Mix(random.0 ^ 0x5151);
    let mut photo = RgbImage::from_fn(photo_w, photo_h, |_, y| {
        let (from, to, t) = if (y as f32) < desk_line {
            (top, [top[0] - 30, top[1] - 30, top[2] - 30], y as f32 / desk_line)
        } else {
            (
                desk,
                [desk[0] / 2, desk[1] / 2, desk[2] / 2],
                (y as f32 - desk_line) / (photo_h as f32 - desk_line),
            )
        };
        let noise = grain.below(7) as i16 - 3;
        Rgb([0, 1, 2].map(|c| {
            let v = f32::from(from[c]) + (f32::from(to[c]) - f32::from(from[c])) * t;
            (v as i16 + noise).clamp(0, 255) as u8
        }))
    });
    let x = random.below(u64::from(photo_w - seen.width()) + 1) as i64;
    let y = random.below(u64::from(photo_h - seen.height()) + 1) as i64;
    let shadow = RgbImage::from_pixel(seen.width(), seen.height(), Rgb([40, 36, 32]));
    let offset = i64::from(width / 80).max(2);
    imageops::overlay(&mut photo, &shadow, x + offset, y + offset);
    imageops::overlay(&mut photo, &seen, x, y);
    photo
}

/// A small deterministic mixer (SplitMix64) for the corpus's own draws.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}
