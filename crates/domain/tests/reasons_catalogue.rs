//! The reject-reason catalogue: stable unique codes, texts in both languages, every category
//! used, and the wording the applicant reads.

use std::collections::HashSet;

use reviewdesk_domain::finding::Field;
use reviewdesk_domain::reasons::{catalogue, find, ReasonCategory, OTHER};
use reviewdesk_domain::Lang;

#[test]
fn codes_are_unique_snake_case() {
    let mut seen = HashSet::new();
    for reason in catalogue() {
        assert!(seen.insert(reason.code), "duplicate code {}", reason.code);
        assert!(
            reason.code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !reason.code.starts_with('_')
                && !reason.code.ends_with('_'),
            "not snake_case: {}",
            reason.code
        );
    }
}

#[test]
fn texts_are_present_in_both_languages() {
    let mut zh_seen = HashSet::new();
    for reason in catalogue() {
        assert!(!reason.zh.trim().is_empty() && !reason.en.trim().is_empty(), "{}", reason.code);
        assert!(zh_seen.insert(reason.zh), "two reasons read the same: {}", reason.zh);
        assert!(!reason.zh.contains('；') && !reason.zh.ends_with('。'), "{}", reason.code);
        assert_eq!(reason.text(Lang::Zh), reason.zh);
        assert_eq!(reason.text(Lang::En), reason.en);
    }
}

#[test]
fn every_category_is_used_and_catalogue_is_grouped() {
    let categories: Vec<ReasonCategory> = catalogue().iter().map(|r| r.category).collect();
    for category in ReasonCategory::ALL {
        assert!(categories.contains(&category), "{category:?} unused");
        assert!(!category.label_zh().is_empty() && !category.label(Lang::En).is_empty());
    }
    let mut deduped = categories.clone();
    deduped.dedup();
    assert_eq!(deduped, ReasonCategory::ALL, "the catalogue is not grouped in picker order");
}

#[test]
fn each_identity_field_has_its_reason() {
    let expected = [
        ("id_type_incorrect", Field::IdType, "证件类型填写错误"),
        ("id_number_incorrect", Field::IdNumber, "证件号码填写错误"),
        ("name_incorrect", Field::Name, "姓名填写错误"),
        ("sex_incorrect", Field::Sex, "性别填写错误"),
        ("birth_date_incorrect", Field::BirthDate, "出生日期填写错误"),
        ("ethnicity_incorrect", Field::Ethnicity, "民族填写错误"),
        ("region_incorrect", Field::Region, "地区填写错误"),
        ("valid_from_incorrect", Field::ValidFrom, "证件有效开始日期填写错误"),
        ("valid_to_incorrect", Field::ValidTo, "证件有效截止日期填写错误"),
    ];
    for (code, field, zh) in expected {
        let reason = find(code).unwrap();
        assert_eq!(
            (reason.category, reason.field, reason.zh),
            (ReasonCategory::IdentityData, Some(field), zh)
        );
        assert!(reason.retry_allowed && !reason.needs_text);
    }
}

#[test]
fn photo_and_document_reasons_use_our_side_labels() {
    let expected = [
        ("portrait_photo_unclear", ReasonCategory::PhotoQuality, "身份证人像面照片不清晰"),
        ("emblem_photo_unclear", ReasonCategory::PhotoQuality, "身份证国徽面照片不清晰"),
        ("handheld_photo_unclear", ReasonCategory::PhotoQuality, "手持身份证照片不清晰"),
        ("photo_rotated", ReasonCategory::PhotoOrientation, "照片存在旋转"),
        ("photo_mirrored", ReasonCategory::PhotoOrientation, "照片存在镜像反转"),
        ("id_expired", ReasonCategory::Document, "证件已过期"),
    ];
    for (code, category, zh) in expected {
        let reason = find(code).unwrap();
        assert_eq!((reason.category, reason.zh), (category, zh));
    }
    for code in [
        "face_not_visible",
        "wrong_side_uploaded",
        "document_type_mismatch",
        "file_not_as_required",
    ] {
        assert!(find(code).is_some(), "{code} missing");
    }
    assert!(catalogue().iter().all(|r| !r.zh.contains("A面") && !r.zh.contains("B面")));
}

#[test]
fn only_other_needs_text_and_only_an_expired_id_blocks_a_retry() {
    let needs_text: Vec<&str> =
        catalogue().iter().filter(|r| r.needs_text).map(|r| r.code).collect();
    assert_eq!(needs_text, [OTHER]);
    assert_eq!(find(OTHER).unwrap().category, ReasonCategory::Other);
    let final_reasons: Vec<&str> =
        catalogue().iter().filter(|r| !r.retry_allowed).map(|r| r.code).collect();
    assert_eq!(final_reasons, ["id_expired"]);
}

#[test]
fn unknown_codes_are_not_found() {
    assert!(find("sex").is_none());
    assert!(find("").is_none());
    assert!(find("SEX_INCORRECT").is_none());
}

#[test]
fn serialises_for_the_ui() {
    let json = serde_json::to_value(find("sex_incorrect").unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "code": "sex_incorrect",
            "category": "identity_data",
            "zh": "性别填写错误",
            "en": "Sex entered incorrectly",
            "field": "sex",
            "retry_allowed": true,
            "needs_text": false
        })
    );
}
