//! Physical document formats and the millimetre-to-pixel mapping every layout is written in:
//! ID-1 cards (85.6 × 54 mm, aspect 1.585) and ID-3 booklet pages (125 × 88 mm).

use reviewdesk_domain::id::IdType;

/// The card width in pixels at the base scale (10 px per mm).
pub(crate) const BASE_CARD_WIDTH: u32 = 856;

/// A physical format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// ID-1: resident IDs, residence permits, foreign permanent residence IDs.
    Card,
    /// ID-3: the data page and cover of passports and (here) travel permits.
    Booklet,
}

impl Format {
    /// The format documents of this type are rendered in.
    pub(crate) fn of(id_type: IdType) -> Format {
        match id_type {
            IdType::Resident
            | IdType::HkMacauPermit
            | IdType::TaiwanPermit
            | IdType::ForeignPermanent => Format::Card,
            IdType::HkMacauTravel | IdType::TaiwanTravel | IdType::Passport => Format::Booklet,
        }
    }

    /// Width and height in millimetres.
    pub(crate) fn size_mm(self) -> (f32, f32) {
        match self {
            Format::Card => (85.6, 54.0),
            Format::Booklet => (125.0, 88.0),
        }
    }

    /// Width over height.
    pub(crate) fn aspect(self) -> f32 {
        let (width, height) = self.size_mm();
        width / height
    }

    /// The pixel width at the base scale (cards 856 px; booklet pages at the same resolution).
    pub(crate) fn base_width(self) -> u32 {
        match self {
            Format::Card => BASE_CARD_WIDTH,
            Format::Booklet => 1000,
        }
    }

    /// The pixel height for a pixel width, keeping the aspect.
    pub(crate) fn height_for(self, width: u32) -> u32 {
        let height = (width as f32 / self.aspect()).round();
        (height as u32).max(1)
    }
}

/// One sheet being drawn: its format and pixel size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sheet {
    pub(crate) format: Format,
    pub(crate) width: u32,
    pub(crate) height: u32,
    px_per_mm: f32,
}

impl Sheet {
    /// A sheet `width` pixels wide (at least 16).
    pub(crate) fn new(format: Format, width: u32) -> Sheet {
        let width = width.max(16);
        let (width_mm, _) = format.size_mm();
        Sheet {
            format,
            width,
            height: format.height_for(width),
            px_per_mm: width as f32 / width_mm,
        }
    }

    /// Millimetres to pixels.
    pub(crate) fn px(&self, mm: f32) -> f32 {
        mm * self.px_per_mm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_base_size_is_856_by_540() {
        let sheet = Sheet::new(Format::Card, BASE_CARD_WIDTH);
        assert_eq!((sheet.width, sheet.height), (856, 540));
        assert!((sheet.px(10.0) - 100.0).abs() < 0.01);
        assert!((Format::Card.aspect() - 1.585).abs() < 0.001);
        let page = Sheet::new(Format::Booklet, 1000);
        assert_eq!(page.height, 704);
    }
}
