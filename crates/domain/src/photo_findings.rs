//! The findings of the automatic photo checks: stable codes and the texts a reviewer
//! reads. Each concerns one photo ([`PhotoSide`]), named in the text; the imaging crate decides
//! when each applies. Codes are API: never renamed, only added.

use serde::{Deserialize, Serialize};

use crate::document::names_of;
use crate::finding::{Field, Finding, Lang};
use crate::id::IdType;
use crate::review::PhotoSide;

/// A finding about one photo, so the desktop shows it beside that image. The imaging crate makes
/// them from its reports; the store keeps them with the submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageFinding {
    pub side: PhotoSide,
    pub finding: Finding,
}

/// Where the automatic photo checks of a submission stand. Only `Done` lets a screen say that
/// the photos showed no problems; anything else says the photos were not (yet) checked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PhotoChecks {
    /// Queued or running; the findings will follow.
    #[default]
    Pending,
    /// Ran; the findings (possibly none) are recorded.
    Done,
    /// Gave up after repeated failures; a `photo_check_failed` finding says so.
    Failed,
    /// Queued, but the answering server cannot run them now (its OCR engine would not start).
    Unavailable,
}

impl PhotoChecks {
    /// Whether the state can still change (the desktop asks again for these).
    pub fn settled(self) -> bool {
        matches!(self, PhotoChecks::Done | PhotoChecks::Failed)
    }
}

/// The checks of the submission's photos failed repeatedly and were given up: the reviewer
/// checks the photos by eye. Concerns no single photo; filed under the portrait side.
pub fn photo_check_failed(attempts: u32) -> Finding {
    Finding::error(
        "photo_check_failed",
        None,
        format!("照片自动检查 {attempts} 次均未完成，请人工核对三张照片"),
        format!("The automatic photo checks failed {attempts} times: check the photos by eye"),
    )
}

fn en_name(side: PhotoSide) -> &'static str {
    match side {
        PhotoSide::Portrait => "portrait side",
        PhotoSide::Emblem => "emblem side",
        PhotoSide::Handheld => "hand-held photo",
    }
}

/// The photo could not be decoded or checked (`detail_zh` says why).
pub fn photo_unreadable(side: PhotoSide, detail_zh: &str) -> Finding {
    Finding::error(
        "photo_unreadable",
        None,
        format!("{}：{detail_zh}", side.name_zh()),
        format!("The {} could not be checked", en_name(side)),
    )
}

/// Variance of the Laplacian under the threshold.
pub fn photo_blurred(side: PhotoSide, score: f64, threshold: f64) -> Finding {
    Finding::warning(
        "photo_blurred",
        None,
        format!(
            "{}照片模糊（清晰度 {score:.0}，低于 {threshold:.0}），请核对能否看清",
            side.name_zh()
        ),
        format!("The {} looks blurred (sharpness {score:.0} < {threshold:.0})", en_name(side)),
    )
}

/// The photo, as displayed, reads upright only after a rotation.
pub fn photo_rotated(side: PhotoSide, rotate_cw: u16) -> Finding {
    Finding::warning(
        "photo_rotated",
        None,
        format!("{}照片被旋转（顺时针旋转 {rotate_cw}° 后为正向）", side.name_zh()),
        format!("The {} is rotated (upright after {rotate_cw}° clockwise)", en_name(side)),
    )
}

/// The photo is mirror-reversed.
pub fn photo_mirrored(side: PhotoSide) -> Finding {
    Finding::warning(
        "photo_mirrored",
        None,
        format!("{}照片为镜像（左右反转）", side.name_zh()),
        format!("The {} is mirror-reversed", en_name(side)),
    )
}

/// The orientation search was not decisive: the reviewer looks.
pub fn photo_orientation_unsure(side: PhotoSide) -> Finding {
    Finding::warning(
        "photo_orientation_unsure",
        None,
        format!("无法自动判断{}照片是否旋转或镜像，请人工查看", side.name_zh()),
        format!("Could not tell whether the {} is rotated or mirrored", en_name(side)),
    )
}

/// The photo uploaded as one side shows the other.
pub fn photo_wrong_side(side: PhotoSide, shows: PhotoSide) -> Finding {
    Finding::error(
        "photo_wrong_side",
        None,
        format!("{}上传的照片是证件{}", side.name_zh(), shows.name_zh()),
        format!("The photo uploaded as the {} shows the {}", en_name(side), en_name(shows)),
    )
}

/// The number read on the card differs from the declared one.
pub fn photo_id_number_mismatch(side: PhotoSide, read: &str) -> Finding {
    let masked = mask(read);
    Finding::error(
        "photo_id_number_mismatch",
        Some(Field::IdNumber),
        format!("{}照片上识别出的证件号码（{masked}）与填写的不一致", side.name_zh()),
        format!(
            "The number read on the {} ({masked}) differs from the declared one",
            en_name(side)
        ),
    )
}

/// The same file was uploaded as two different photos of one submission.
pub fn photo_duplicate_side(side: PhotoSide, other: PhotoSide) -> Finding {
    Finding::error(
        "photo_duplicate_side",
        None,
        format!("{}与{}是同一个文件", side.name_zh(), other.name_zh()),
        format!("The {} and the {} are the same file", en_name(side), en_name(other)),
    )
}

/// The same file was uploaded by other applicants.
pub fn photo_reused(side: PhotoSide, other_applicants: usize) -> Finding {
    Finding::error(
        "photo_reused",
        None,
        format!("{}照片与其他 {other_applicants} 位申请人上传的照片是同一个文件", side.name_zh()),
        format!(
            "The {} is the same file as {other_applicants} other applicant(s) uploaded",
            en_name(side)
        ),
    )
}

/// The photo is very like (a re-saved, resized, re-compressed or lightly cropped copy of) a
/// photo other applicants of the province uploaded: `cases` are those submissions' case numbers,
/// so a supervisor can open them (a reviewer cannot: reads follow the work).
pub fn photo_near_duplicate(side: PhotoSide, cases: &[String]) -> Finding {
    let listed = cases.join("、");
    Finding::warning(
        "photo_near_duplicate",
        None,
        format!(
            "{}照片与其他申请人的照片高度相似（可能是重新保存、缩放或裁剪的副本），请人工比对；相似案件：{listed}",
            side.name_zh()
        ),
        format!(
            "The {} looks like a copy (re-saved, resized or cropped) of a photo other applicants uploaded; check by eye. Similar cases: {}",
            en_name(side),
            cases.join(", ")
        ),
    )
}

/// The finding as the reviewer of an `id_type` submission reads it: the photos named as that
/// document names them (a passport's 资料页, a permit's 正面), whenever the finding was made.
/// The constructors above write the resident ID's names; the sheet renames.
pub fn for_document(mut finding: Finding, id_type: IdType) -> Finding {
    let names = names_of(id_type);
    for side in [PhotoSide::Portrait, PhotoSide::Emblem] {
        finding.message_zh = finding.message_zh.replace(side.name_zh(), names.part(side, Lang::Zh));
        finding.message_en = finding.message_en.replace(en_name(side), names.part(side, Lang::En));
    }
    finding
}

/// `22*****47`-style masking: the first two and last two characters.
fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_photo_and_mask_the_number() {
        let finding = photo_id_number_mismatch(PhotoSide::Portrait, "610922199508200794");
        assert_eq!(finding.code, "photo_id_number_mismatch");
        assert!(finding.message_zh.contains("人像面"));
        assert!(finding.message_zh.contains("61**************94"), "{}", finding.message_zh);
        assert!(!finding.message_zh.contains("0922"));
        assert_eq!(mask("123"), "***");
        assert!(photo_wrong_side(PhotoSide::Emblem, PhotoSide::Portrait).is_error());
        assert!(!photo_blurred(PhotoSide::Handheld, 12.0, 100.0).is_error());
    }

    #[test]
    fn every_photo_finding_names_the_parts_of_the_submitted_document() {
        use PhotoSide::{Emblem, Handheld, Portrait};
        for id_type in IdType::ALL {
            let names = names_of(id_type);
            for side in PhotoSide::ALL {
                let findings = [
                    photo_unreadable(side, "无法解码"),
                    photo_blurred(side, 12.0, 100.0),
                    photo_rotated(side, 90),
                    photo_mirrored(side),
                    photo_orientation_unsure(side),
                    photo_wrong_side(side, if side == Portrait { Emblem } else { Portrait }),
                    photo_id_number_mismatch(side, "610922199508200794"),
                    photo_duplicate_side(side, if side == Handheld { Portrait } else { Handheld }),
                    photo_reused(side, 2),
                    photo_near_duplicate(side, &["11-20261206-0042".to_owned()]),
                ];
                for finding in findings {
                    let code = finding.code.clone();
                    let shown = for_document(finding, id_type);
                    let part = names.part(side, Lang::Zh);
                    assert!(
                        shown.message_zh.contains(part),
                        "{id_type:?} {code}: {}",
                        shown.message_zh
                    );
                    let en = names.part(side, Lang::En);
                    assert!(
                        shown.message_en.contains(en),
                        "{id_type:?} {code}: {}",
                        shown.message_en
                    );
                    if matches!(
                        id_type,
                        IdType::Passport | IdType::HkMacauTravel | IdType::TaiwanTravel
                    ) {
                        for resident_part in ["人像面", "国徽面"] {
                            assert!(
                                !shown.message_zh.contains(resident_part),
                                "{id_type:?} {code}"
                            );
                        }
                        assert!(!shown.message_en.contains("emblem"), "{id_type:?} {code}");
                    }
                }
            }
        }
    }
}
