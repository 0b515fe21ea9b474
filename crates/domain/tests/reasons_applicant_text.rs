//! The text the applicant reads: exact format for known combinations, and every refusal.

use reviewdesk_domain::id::IdType::{self, Resident};
use reviewdesk_domain::reasons::{
    applicant_text, catalogue, ReasonError, OTHER, OTHER_TEXT_MAX_CHARS,
};
use reviewdesk_domain::Lang;

#[test]
fn single_reason_matches_the_upstream_wording() {
    assert_eq!(
        applicant_text(Resident, &["sex_incorrect"], None).unwrap(),
        "不通过原因：性别填写错误"
    );
}

#[test]
fn several_reasons_are_joined_in_catalogue_order() {
    let expected = "不通过原因：性别填写错误；手持身份证照片不清晰";
    assert_eq!(
        applicant_text(Resident, &["sex_incorrect", "handheld_photo_unclear"], None).unwrap(),
        expected
    );
    assert_eq!(
        applicant_text(Resident, &["handheld_photo_unclear", "sex_incorrect"], None).unwrap(),
        expected
    );
}

#[test]
fn other_text_stands_in_place_of_the_other_reason() {
    let text = applicant_text(
        Resident,
        &[OTHER, "photo_mirrored", "name_incorrect"],
        Some("  照片背景中出现他人证件 \u{3000}"),
    )
    .unwrap();
    assert_eq!(text, "不通过原因：姓名填写错误；照片存在镜像反转；照片背景中出现他人证件");
    assert_eq!(
        applicant_text(Resident, &[OTHER], Some("请上传本人证件")).unwrap(),
        "不通过原因：请上传本人证件"
    );
}

#[test]
fn every_reason_but_other_renders_alone() {
    for reason in catalogue().iter().filter(|r| !r.needs_text) {
        assert_eq!(
            applicant_text(Resident, &[reason.code], None).unwrap(),
            format!("不通过原因：{}", reason.zh)
        );
    }
}

#[test]
fn at_least_one_reason_is_required() {
    assert_eq!(applicant_text(Resident, &[], None).unwrap_err(), ReasonError::NoReason);
    assert_eq!(applicant_text(Resident, &[], Some("x")).unwrap_err(), ReasonError::NoReason);
}

#[test]
fn unknown_and_duplicate_codes_are_refused() {
    let err = applicant_text(Resident, &["sex_incorrect", "sex_wrong"], None).unwrap_err();
    assert_eq!(err, ReasonError::UnknownCode { code: "sex_wrong".to_owned() });
    assert_eq!(err.code(), "unknown_reason_code");
    let err = applicant_text(Resident, &["sex_incorrect", "photo_rotated", "sex_incorrect"], None)
        .unwrap_err();
    assert_eq!(err, ReasonError::DuplicateCode { code: "sex_incorrect".to_owned() });
    assert_eq!(err.to_string(), "不通过原因重复：sex_incorrect");
}

#[test]
fn other_needs_a_non_empty_text() {
    assert_eq!(
        applicant_text(Resident, &[OTHER], None).unwrap_err(),
        ReasonError::OtherTextMissing
    );
    assert_eq!(
        applicant_text(Resident, &[OTHER], Some("")).unwrap_err(),
        ReasonError::OtherTextMissing
    );
    assert_eq!(
        applicant_text(Resident, &[OTHER], Some(" \u{3000}\t ")).unwrap_err(),
        ReasonError::OtherTextMissing
    );
}

#[test]
fn text_without_other_is_refused() {
    let err = applicant_text(Resident, &["sex_incorrect"], Some("补充说明")).unwrap_err();
    assert_eq!(err, ReasonError::OtherTextWithoutOther);
    // A blank text is simply no text.
    assert!(applicant_text(Resident, &["sex_incorrect"], Some("  ")).is_ok());
}

#[test]
fn other_text_length_is_limited_in_characters() {
    let longest = "字".repeat(OTHER_TEXT_MAX_CHARS);
    assert!(applicant_text(Resident, &[OTHER], Some(&longest)).is_ok());
    let too_long = "字".repeat(OTHER_TEXT_MAX_CHARS + 1);
    let err = applicant_text(Resident, &[OTHER], Some(&too_long)).unwrap_err();
    assert_eq!(err, ReasonError::OtherTextTooLong { chars: 201, max: 200 });
    assert_eq!(
        err.message(Lang::En),
        "the \"other\" explanation is too long: 201 characters, at most 200"
    );
}

#[test]
fn other_text_must_not_contain_control_characters() {
    for text in ["第一行\n第二行", "a\tb", "bell\u{7}", "del\u{7f}"] {
        assert_eq!(
            applicant_text(Resident, &[OTHER], Some(text)).unwrap_err(),
            ReasonError::OtherTextControlChars,
            "{text:?}"
        );
    }
}

#[test]
fn error_codes_and_messages() {
    let errors = [
        ReasonError::NoReason,
        ReasonError::UnknownCode { code: "x".to_owned() },
        ReasonError::DuplicateCode { code: "x".to_owned() },
        ReasonError::OtherTextMissing,
        ReasonError::OtherTextTooLong { chars: 201, max: 200 },
        ReasonError::OtherTextControlChars,
        ReasonError::OtherTextWithoutOther,
    ];
    let codes: Vec<&str> = errors.iter().map(|error| error.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "no_reason",
            "unknown_reason_code",
            "duplicate_reason_code",
            "other_text_missing",
            "other_text_too_long",
            "other_text_control_chars",
            "other_text_without_other"
        ]
    );
    for err in &errors {
        assert!(!err.message(Lang::Zh).is_empty() && !err.message(Lang::En).is_empty());
        assert_eq!(err.message_zh(), err.to_string());
    }
}

#[test]
fn a_photo_reason_names_the_document_the_applicant_submitted() {
    let text = |id_type, code| applicant_text(id_type, &[code], None).unwrap();
    assert_eq!(
        text(IdType::TaiwanPermit, "portrait_photo_unclear"),
        "不通过原因：居住证人像面照片不清晰"
    );
    assert_eq!(
        text(IdType::Passport, "portrait_photo_unclear"),
        "不通过原因：护照资料页照片不清晰"
    );
    assert_eq!(
        text(IdType::HkMacauTravel, "handheld_photo_unclear"),
        "不通过原因：手持通行证照片不清晰"
    );
    assert_eq!(
        text(IdType::Passport, "wrong_side_uploaded"),
        "不通过原因：护照资料页与封面照片上传错误"
    );
    assert_eq!(
        text(IdType::ForeignPermanent, "emblem_photo_unclear"),
        "不通过原因：永久居留身份证国徽面照片不清晰"
    );
}
