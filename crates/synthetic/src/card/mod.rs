//! Rendering an applicant's three photos from what their document shows: the portrait side
//! (ID-1 card front, or a booklet's data page), the emblem side (card back, or booklet cover) and
//! the hand-held scene; then the image defects; then JPEG encoding under the byte limit.
//!
//! How a person looks, the scene and the blur strength come from a random stream keyed by the
//! seed and the applicant ID (not the index), so the same applicant always renders the same way
//! and editing its defects changes only the defective photos.

mod blanks;
mod data_page;
mod emblem_mark;
mod emblem_side;
mod font;
mod geometry;
mod handheld;
mod image_defects;
mod jpeg;
mod mrz;
mod pattern;
mod person;
mod portrait_side;
mod printed;
mod shapes;
mod text;

use std::path::Path;

use image::RgbImage;

pub use font::FONT_ENV_VAR;
pub(crate) use jpeg::encode_within;

use crate::applicant::{Applicant, Side};
use crate::error::SyntheticError;
use crate::random::{text_key, Draws, Purpose};
use crate::specimen::{RenderedPhoto, RenderedSpecimen};
use blanks::Blanks;
use font::CardFonts;
use geometry::Format;
use person::Appearance;
use printed::Printed;

/// Everything rendering needs that is prepared once: the fonts and the blank sheets.
#[derive(Debug)]
pub(crate) struct Renderer {
    fonts: CardFonts,
    blanks: Blanks,
}

impl Renderer {
    /// Loads the fonts (see `font`) and paints the blank sheets.
    pub(crate) fn new(font_path: Option<&Path>) -> Result<Renderer, SyntheticError> {
        Ok(Renderer { fonts: CardFonts::load(font_path)?, blanks: Blanks::paint() })
    }

    /// The document's portrait side (card front or data page) at the base size.
    fn front(&self, printed: &Printed, look: &Appearance) -> RgbImage {
        match Format::of(printed.id_type) {
            Format::Card => portrait_side::render(&self.fonts, &self.blanks, printed, look),
            Format::Booklet => data_page::render(&self.fonts, &self.blanks, printed, look),
        }
    }

    /// Renders the three photos of `applicant`, image defects applied.
    pub(crate) fn render(&self, seed: u64, applicant: &Applicant) -> RenderedSpecimen {
        let printed = Printed::of(applicant);
        let mut draws = Draws::new(seed, Purpose::Appearance, text_key(&applicant.applicant_id));
        let look = person::appearance(&mut draws, applicant.card.sex);
        let [portrait_sigma, emblem_sigma, handheld_sigma] =
            Side::ALL.map(|_| draws.float(3.0, 5.0));
        let front = self.front(&printed, &look);
        let scene = handheld::render(&front, Format::of(printed.id_type), &look, &mut draws);
        let front = RenderedPhoto { image: front, card_box: None };
        let back = RenderedPhoto {
            image: emblem_side::render(&self.fonts, &self.blanks, &printed),
            card_box: None,
        };
        let held = RenderedPhoto { image: scene.image, card_box: Some(scene.card_box) };
        RenderedSpecimen {
            portrait: image_defects::apply(
                front,
                applicant.defects_on(Side::Portrait),
                portrait_sigma,
            ),
            emblem: image_defects::apply(back, applicant.defects_on(Side::Emblem), emblem_sigma),
            handheld: image_defects::apply(
                held,
                applicant.defects_on(Side::Handheld),
                handheld_sigma,
            ),
        }
    }
}
