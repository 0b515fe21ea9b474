//! The blank sheets every document is printed on, painted once per generator at the base size:
//! the card front and back (security pattern, rounded corners), the booklet data page, and the
//! three booklet covers. Rendering a document starts from a copy, so the costly per-pixel
//! pattern is not repainted for every applicant.

use image::{Rgb, RgbImage};
use reviewdesk_domain::id::IdType;

use super::geometry::{Format, Sheet};
use super::pattern::{self, Guilloche};
use super::shapes::{mix, paste_rounded};

/// What is around the card's rounded corners in a card-only photo.
const SURROUND: Rgb<u8> = Rgb([226, 226, 222]);

/// The ID-1 corner radius.
pub(crate) const CORNER_RADIUS_MM: f32 = 3.18;

/// The cover colour of a booklet type.
pub(crate) fn cover_colour(id_type: IdType) -> Rgb<u8> {
    match id_type {
        IdType::HkMacauTravel => Rgb([28, 62, 108]),
        IdType::TaiwanTravel => Rgb([34, 86, 64]),
        _ => Rgb([112, 26, 36]),
    }
}

/// The painted blank sheets.
#[derive(Debug, Clone)]
pub(crate) struct Blanks {
    card_front: RgbImage,
    card_back: RgbImage,
    data_page: RgbImage,
    covers: Vec<(Rgb<u8>, RgbImage)>,
}

impl Blanks {
    /// Paints every blank sheet.
    pub(crate) fn paint() -> Blanks {
        let card = Sheet::new(Format::Card, Format::Card.base_width());
        let booklet = Sheet::new(Format::Booklet, Format::Booklet.base_width());
        let card_front = rounded_card(
            &card,
            &Guilloche {
                base: Rgb([242, 243, 236]),
                ink_a: Rgb([150, 190, 215]),
                ink_b: Rgb([228, 180, 178]),
                strength: 0.5,
                rosette_mm: (30.0, 30.0),
            },
        );
        let card_back = rounded_card(
            &card,
            &Guilloche {
                base: Rgb([240, 243, 238]),
                ink_a: Rgb([140, 185, 220]),
                ink_b: Rgb([222, 190, 160]),
                strength: 0.55,
                rosette_mm: (50.0, 24.0),
            },
        );
        let data_page = painted(
            &booklet,
            &Guilloche {
                base: Rgb([244, 240, 234]),
                ink_a: Rgb([214, 170, 176]),
                ink_b: Rgb([160, 196, 196]),
                strength: 0.5,
                rosette_mm: (88.0, 44.0),
            },
        );
        let covers = [IdType::Passport, IdType::HkMacauTravel, IdType::TaiwanTravel]
            .into_iter()
            .map(|id_type| {
                let colour = cover_colour(id_type);
                // A faint leather grain in the cover colour.
                let grain = Guilloche {
                    base: colour,
                    ink_a: mix(colour, Rgb([0, 0, 0]), 0.35),
                    ink_b: mix(colour, Rgb([255, 255, 255]), 0.12),
                    strength: 0.35,
                    rosette_mm: (62.5, 44.0),
                };
                (colour, painted(&booklet, &grain))
            })
            .collect();
        Blanks { card_front, card_back, data_page, covers }
    }

    /// A fresh card front.
    pub(crate) fn card_front(&self) -> RgbImage {
        self.card_front.clone()
    }

    /// A fresh card back.
    pub(crate) fn card_back(&self) -> RgbImage {
        self.card_back.clone()
    }

    /// A fresh booklet data page.
    pub(crate) fn data_page(&self) -> RgbImage {
        self.data_page.clone()
    }

    /// A fresh cover of a booklet type.
    pub(crate) fn cover(&self, id_type: IdType) -> RgbImage {
        let colour = cover_colour(id_type);
        self.covers
            .iter()
            .find(|(painted_colour, _)| *painted_colour == colour)
            .map(|(_, image)| image.clone())
            .unwrap_or_else(|| {
                let sheet = Sheet::new(Format::Booklet, Format::Booklet.base_width());
                RgbImage::from_pixel(sheet.width, sheet.height, colour)
            })
    }
}

fn painted(sheet: &Sheet, style: &Guilloche) -> RgbImage {
    let mut image = RgbImage::new(sheet.width, sheet.height);
    pattern::paint(&mut image, sheet, style);
    image
}

/// The pattern inside the card's rounded outline, [`SURROUND`] outside it.
fn rounded_card(sheet: &Sheet, style: &Guilloche) -> RgbImage {
    let card = painted(sheet, style);
    let mut image = RgbImage::from_pixel(sheet.width, sheet.height, SURROUND);
    paste_rounded(&mut image, &card, 0, 0, sheet.px(CORNER_RADIUS_MM));
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_have_base_sizes_and_rounded_card_corners() {
        let blanks = Blanks::paint();
        assert_eq!(blanks.card_front().dimensions(), (856, 540));
        assert_eq!(blanks.card_back().dimensions(), (856, 540));
        assert_eq!(blanks.data_page().dimensions(), (1000, 704));
        assert_eq!(*blanks.card_front().get_pixel(0, 0), SURROUND);
        assert_ne!(*blanks.card_front().get_pixel(428, 270), SURROUND);
        for id_type in [IdType::Passport, IdType::HkMacauTravel, IdType::TaiwanTravel] {
            assert_ne!(blanks.cover(id_type), blanks.data_page());
        }
        assert_ne!(blanks.cover(IdType::Passport), blanks.cover(IdType::TaiwanTravel));
    }
}
