//! A reason's text for the document the applicant submitted: the catalogue's texts name the
//! resident ID's parts (`身份证人像面照片不清晰`); a passport holder reads `护照资料页照片不清晰`,
//! a Taiwan permit holder `居住证人像面照片不清晰`. The applicant never reads the name of a
//! document they did not submit.

use std::borrow::Cow;

use super::RejectReason;
use crate::document::names_of;
use crate::finding::Lang;
use crate::id::IdType;
use crate::review::PhotoSide;

/// The reason's text in `lang` for an applicant who submitted `id_type`.
pub(super) fn text_for(reason: &RejectReason, id_type: IdType, lang: Lang) -> Cow<'static, str> {
    let names = names_of(id_type);
    let photo = |side| names.photo(side, lang);
    let part = |side| names.part(side, lang);
    let text = match (reason.code, lang) {
        ("portrait_photo_unclear", Lang::Zh) => format!("{}照片不清晰", photo(PhotoSide::Portrait)),
        ("emblem_photo_unclear", Lang::Zh) => format!("{}照片不清晰", photo(PhotoSide::Emblem)),
        ("handheld_photo_unclear", Lang::Zh) => format!("{}不清晰", photo(PhotoSide::Handheld)),
        ("face_not_visible", Lang::Zh) => {
            format!("{}未露出本人完整面部", photo(PhotoSide::Handheld))
        }
        ("wrong_side_uploaded", Lang::Zh) => format!(
            "{}{}与{}照片上传错误",
            names.noun_zh,
            part(PhotoSide::Portrait),
            part(PhotoSide::Emblem)
        ),
        ("holder_mismatch", Lang::Zh) => {
            format!("{}中的人与证件照片不符", photo(PhotoSide::Handheld))
        }
        ("portrait_photo_unclear", Lang::En) => {
            format!("Photo of the {} is not clear", photo(PhotoSide::Portrait))
        }
        ("emblem_photo_unclear", Lang::En) => {
            format!("Photo of the {} is not clear", photo(PhotoSide::Emblem))
        }
        ("handheld_photo_unclear", Lang::En) => {
            format!("The {} is not clear", photo(PhotoSide::Handheld))
        }
        ("face_not_visible", Lang::En) => format!(
            "The applicant's face is not fully visible in the {}",
            photo(PhotoSide::Handheld)
        ),
        ("wrong_side_uploaded", Lang::En) => format!(
            "The {} and {} photos were uploaded in the wrong places",
            part(PhotoSide::Portrait),
            part(PhotoSide::Emblem)
        ),
        ("holder_mismatch", Lang::En) => format!(
            "The person in the {} does not match the document's photo",
            photo(PhotoSide::Handheld)
        ),
        _ => return Cow::Borrowed(reason.text(lang)),
    };
    Cow::Owned(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::all_nouns_zh;
    use crate::reasons::catalogue;

    #[test]
    fn a_resident_reads_the_catalogue_text_exactly() {
        for reason in catalogue() {
            assert_eq!(text_for(reason, IdType::Resident, Lang::Zh), reason.zh, "{}", reason.code);
        }
    }

    #[test]
    fn no_reason_names_a_document_the_applicant_did_not_submit() {
        for id_type in IdType::ALL {
            let own = names_of(id_type).noun_zh;
            for reason in catalogue() {
                let text = text_for(reason, id_type, Lang::Zh);
                // Its own noun removed, no document noun (身份证 included) may remain.
                let rest = text.replace(own, "");
                for noun in all_nouns_zh() {
                    assert!(!rest.contains(noun), "{id_type:?} {}: {text}", reason.code);
                }
                assert!(!text.is_empty());
                let en = text_for(reason, id_type, Lang::En);
                if id_type != IdType::Resident {
                    assert!(!en.contains("ID card"), "{id_type:?} {en}");
                }
            }
        }
    }
}
