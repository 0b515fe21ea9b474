//! What each ID document type calls its three photos, so every screen, finding and reject reason
//! names the part the applicant actually uploaded: a resident ID's 人像面/国徽面, a passport's
//! 资料页, a travel permit's 正面/背面. The three upload slots ([`PhotoSide`]) are the same for every
//! type; only their names differ.

use serde::Serialize;

use crate::finding::Lang;
use crate::id::IdType;
use crate::review::PhotoSide;

/// How one document type names itself and its three photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct DocumentNames {
    /// The short noun an applicant text uses for the document, e.g. `身份证`, `护照`.
    pub noun_zh: &'static str,
    pub noun_en: &'static str,
    /// The parts as a photo panel labels them, e.g. `人像面`, `资料页`, `正面`.
    pub portrait_zh: &'static str,
    pub emblem_zh: &'static str,
    pub portrait_en: &'static str,
    pub emblem_en: &'static str,
}

const fn names(
    noun_zh: &'static str,
    noun_en: &'static str,
    (portrait_zh, emblem_zh): (&'static str, &'static str),
    (portrait_en, emblem_en): (&'static str, &'static str),
) -> DocumentNames {
    DocumentNames { noun_zh, noun_en, portrait_zh, emblem_zh, portrait_en, emblem_en }
}

/// A card with the holder's photo on one side and the national emblem on the other.
const CARD_SIDES: ((&str, &str), (&str, &str)) =
    (("人像面", "国徽面"), ("portrait side", "emblem side"));
/// A card whose two sides are simply front and back (the travel permits).
const FRONT_BACK: ((&str, &str), (&str, &str)) = (("正面", "背面"), ("front", "back"));

/// The names of `id_type`'s document and photos.
pub fn names_of(id_type: IdType) -> DocumentNames {
    match id_type {
        IdType::Resident => names("身份证", "ID card", CARD_SIDES.0, CARD_SIDES.1),
        // The residents' permits and the 2023 permanent residence ID are laid out like the
        // resident ID card: the holder's photo on one side, the national emblem on the other.
        IdType::HkMacauPermit | IdType::TaiwanPermit => {
            names("居住证", "residence permit", CARD_SIDES.0, CARD_SIDES.1)
        }
        IdType::ForeignPermanent => {
            names("永久居留身份证", "permanent residence card", CARD_SIDES.0, CARD_SIDES.1)
        }
        IdType::HkMacauTravel | IdType::TaiwanTravel => {
            names("通行证", "travel permit", FRONT_BACK.0, FRONT_BACK.1)
        }
        // A passport has one data page; the second upload shows its cover (the national emblem),
        // as the demo renders it.
        IdType::Passport => names("护照", "passport", ("资料页", "封面"), ("data page", "cover")),
    }
}

impl DocumentNames {
    /// The photo's short label on its panel: `人像面`, `资料页`, `手持照`.
    pub fn part(&self, side: PhotoSide, lang: Lang) -> &'static str {
        match (side, lang) {
            (PhotoSide::Portrait, Lang::Zh) => self.portrait_zh,
            (PhotoSide::Emblem, Lang::Zh) => self.emblem_zh,
            (PhotoSide::Handheld, Lang::Zh) => "手持照",
            (PhotoSide::Portrait, Lang::En) => self.portrait_en,
            (PhotoSide::Emblem, Lang::En) => self.emblem_en,
            (PhotoSide::Handheld, Lang::En) => "hand-held photo",
        }
    }

    /// The photo named with its document, as an applicant text needs it: `身份证人像面`,
    /// `护照资料页`, `手持通行证照片`.
    pub fn photo(&self, side: PhotoSide, lang: Lang) -> String {
        match (side, lang) {
            (PhotoSide::Handheld, Lang::Zh) => format!("手持{}照片", self.noun_zh),
            (PhotoSide::Handheld, Lang::En) => format!("photo holding the {}", self.noun_en),
            (_, Lang::Zh) => format!("{}{}", self.noun_zh, self.part(side, lang)),
            (_, Lang::En) => format!("{} {}", self.noun_en, self.part(side, lang)),
        }
    }
}

/// Every document noun, for tests that a text names no document but its own.
pub fn all_nouns_zh() -> impl Iterator<Item = &'static str> {
    IdType::ALL.into_iter().map(|id_type| names_of(id_type).noun_zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resident_id_keeps_the_names_of_the_source() {
        let names = names_of(IdType::Resident);
        assert_eq!(names.photo(PhotoSide::Portrait, Lang::Zh), "身份证人像面");
        assert_eq!(names.photo(PhotoSide::Emblem, Lang::Zh), "身份证国徽面");
        assert_eq!(names.photo(PhotoSide::Handheld, Lang::Zh), "手持身份证照片");
        for side in PhotoSide::ALL {
            assert_eq!(names.part(side, Lang::Zh), side.name_zh());
        }
    }

    #[test]
    fn every_other_type_names_its_own_document() {
        assert_eq!(names_of(IdType::Passport).photo(PhotoSide::Portrait, Lang::Zh), "护照资料页");
        assert_eq!(names_of(IdType::TaiwanTravel).photo(PhotoSide::Emblem, Lang::Zh), "通行证背面");
        assert_eq!(
            names_of(IdType::ForeignPermanent).photo(PhotoSide::Handheld, Lang::Zh),
            "手持永久居留身份证照片"
        );
        for id_type in IdType::ALL.into_iter().filter(|t| *t != IdType::Resident) {
            let names = names_of(id_type);
            for side in PhotoSide::ALL {
                let photo = names.photo(side, Lang::Zh).replace(names.noun_zh, "");
                assert!(!photo.contains("身份证"), "{id_type:?} {side:?}: {photo}");
                assert!(!names.photo(side, Lang::En).contains("ID card"), "{id_type:?}");
            }
        }
    }
}
