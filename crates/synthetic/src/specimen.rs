//! The output types: [`Specimen`] (an applicant and their three JPEG photos), [`Photo`] (one
//! encoded photo with its dimensions and the card's box), and the pre-encoding
//! [`RenderedSpecimen`] / [`RenderedPhoto`] for tests that compare pixels without JPEG loss.

use std::fmt;

use image::RgbImage;

use crate::applicant::{Applicant, Side};

/// One photo's pixels before encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPhoto {
    pub image: RgbImage,
    /// Where the document is in the photo, `[x, y, width, height]` in pixels; `None` when the
    /// photo is the document edge to edge (portrait and emblem sides).
    pub card_box: Option<[u32; 4]>,
}

/// The three photos of an applicant before encoding, image defects applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedSpecimen {
    pub portrait: RenderedPhoto,
    pub emblem: RenderedPhoto,
    pub handheld: RenderedPhoto,
}

impl RenderedSpecimen {
    /// The photo of one side.
    pub fn photo(&self, side: Side) -> &RenderedPhoto {
        match side {
            Side::Portrait => &self.portrait,
            Side::Emblem => &self.emblem,
            Side::Handheld => &self.handheld,
        }
    }
}

/// One uploaded photo: a JPEG no larger than the configured limit.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Where the document is in the photo, `[x, y, width, height]` in pixels; `None` when the
    /// photo is the document edge to edge (portrait and emblem sides).
    pub card_box: Option<[u32; 4]>,
}

impl fmt::Debug for Photo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Photo")
            .field("jpeg_bytes", &self.jpeg.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("card_box", &self.card_box)
            .finish()
    }
}

/// An applicant with their three photos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specimen {
    pub applicant: Applicant,
    /// 人像面.
    pub portrait: Photo,
    /// 国徽面.
    pub emblem: Photo,
    /// 手持照.
    pub handheld: Photo,
}

impl Specimen {
    /// The photo of one side.
    pub fn photo(&self, side: Side) -> &Photo {
        match side {
            Side::Portrait => &self.portrait,
            Side::Emblem => &self.emblem,
            Side::Handheld => &self.handheld,
        }
    }
}
