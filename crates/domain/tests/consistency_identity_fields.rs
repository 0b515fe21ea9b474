//! `consistency::check` on the identity fields: the number's own findings, sex and birth date
//! against the number, name, ethnicity and region.

use chrono::NaiveDate;
use reviewdesk_domain::consistency::{check, ConsistencyReport, DeclaredIdentity};
use reviewdesk_domain::finding::Field;
use reviewdesk_domain::id::{IdType, Sex};
use reviewdesk_domain::Severity;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    date(2025, 6, 1)
}

/// The GB 11643-1999 example: a woman born 1949-12-31.
const STANDARD_EXAMPLE: &str = "11010519491231002X";

fn report(declared: &DeclaredIdentity) -> ConsistencyReport {
    check(declared, today())
}

fn codes(report: &ConsistencyReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

fn declared(id_type: IdType, number: &str) -> DeclaredIdentity {
    DeclaredIdentity::number_only(id_type, number)
}

#[test]
fn matching_declaration_is_clean() {
    let mut identity = declared(IdType::Resident, STANDARD_EXAMPLE);
    identity.name = Some("张三".to_owned());
    identity.sex = Some(Sex::Female);
    identity.birth_date = Some(date(1949, 12, 31));
    identity.ethnicity = Some("汉族".to_owned());
    let report = report(&identity);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.is_valid());
    assert_eq!(report.parsed.as_ref().map(|p| p.normalized.as_str()), Some(STANDARD_EXAMPLE));
}

#[test]
fn sex_mismatch_is_the_sex_entered_incorrectly_case() {
    let mut identity = declared(IdType::Resident, STANDARD_EXAMPLE);
    identity.sex = Some(Sex::Male);
    let report = report(&identity);
    assert_eq!(codes(&report), vec!["sex_mismatch"]);
    let finding = &report.findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.field, Some(Field::Sex));
    assert_eq!(finding.message_zh, "性别与证件号码不符：号码表示女性，填写为男性");
    assert!(!report.is_valid());
}

#[test]
fn birth_date_mismatch_names_both_dates() {
    let mut identity = declared(IdType::Resident, STANDARD_EXAMPLE);
    identity.birth_date = Some(date(1949, 12, 30));
    let report = report(&identity);
    assert_eq!(codes(&report), vec!["birth_date_mismatch"]);
    assert!(report.findings[0].message_zh.contains("1949-12-31"));
    assert!(report.findings[0].message_zh.contains("1949-12-30"));
}

#[test]
fn future_birth_date_is_flagged_when_the_number_encodes_none() {
    let mut identity = declared(IdType::Passport, "E12345678");
    identity.birth_date = Some(date(2025, 6, 2));
    assert_eq!(codes(&report(&identity)), vec!["birth_date_future"]);
    identity.birth_date = Some(date(2025, 6, 1));
    assert!(report(&identity).findings.is_empty());
}

#[test]
fn number_errors_and_warnings_are_carried_over() {
    let mut identity = declared(IdType::Resident, "110105194912310021");
    identity.sex = Some(Sex::Male);
    let report = report(&identity);
    // The number is wrong, so nothing can be compared with it.
    assert_eq!(codes(&report), vec!["checksum_mismatch"]);
    assert_eq!(report.parsed, None);
    assert_eq!(report.findings[0].field, Some(Field::IdNumber));

    let report = check(&declared(IdType::Resident, "110105491231002"), today());
    assert_eq!(codes(&report), vec!["legacy_15_digit_upgraded"]);
    assert!(report.is_valid());
    assert_eq!(report.warnings().count(), 1);
    assert_eq!(report.errors().count(), 0);
}

#[test]
fn wrong_id_type_points_at_the_type_field() {
    let report = report(&declared(IdType::Resident, "810000199001010019"));
    assert_eq!(codes(&report), vec!["wrong_id_type"]);
    assert_eq!(report.findings[0].field, Some(Field::IdType));
    assert!(report.findings[0].message_zh.contains("港澳居民居住证"));
}

fn name_codes(name: &str) -> Vec<String> {
    let mut identity = declared(IdType::Resident, STANDARD_EXAMPLE);
    identity.name = Some(name.to_owned());
    report(&identity).findings.into_iter().map(|f| f.code).collect()
}

#[test]
fn names_with_the_middle_dot_and_rare_characters_pass() {
    for name in ["阿依古丽·买买提", "李䶮", "王𪚥", "陈〇", "JOHN SMITH"] {
        assert!(name_codes(name).is_empty(), "{name}: {:?}", name_codes(name));
    }
}

#[test]
fn look_alike_dots_ask_for_the_middle_dot() {
    for name in ["阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽．买买提", "阿依古丽.买买提"]
    {
        assert_eq!(name_codes(name), vec!["name_wrong_dot"], "{name}");
    }
    let mut identity = declared(IdType::Resident, STANDARD_EXAMPLE);
    identity.name = Some("阿依古丽•买买提".to_owned());
    let finding = &report(&identity).findings[0];
    assert!(finding.message_zh.contains("请使用“·”"), "{}", finding.message_zh);
    assert_eq!(finding.field, Some(Field::Name));
}

#[test]
fn name_errors() {
    assert_eq!(name_codes(""), vec!["name_empty"]);
    assert_eq!(name_codes("张三3"), vec!["name_invalid_char"]);
    assert_eq!(name_codes("张三@"), vec!["name_invalid_char"]);
    assert_eq!(name_codes("·张三"), vec!["name_dot_position"]);
    assert_eq!(name_codes("张··三"), vec!["name_dot_position"]);
    assert_eq!(name_codes("张 三"), vec!["name_misplaced_space"]);
    assert_eq!(name_codes("张三 "), vec!["name_surrounding_space"]);
    assert_eq!(name_codes("张\u{E001}"), vec!["name_private_use_char"]);
}

fn ethnicity_findings(id_type: IdType, number: &str, ethnicity: &str) -> Vec<(String, Severity)> {
    let mut identity = declared(id_type, number);
    identity.ethnicity = Some(ethnicity.to_owned());
    report(&identity).findings.into_iter().map(|f| (f.code, f.severity)).collect()
}

#[test]
fn ethnicity_rules() {
    let resident = |text| ethnicity_findings(IdType::Resident, STANDARD_EXAMPLE, text);
    assert!(resident("汉族").is_empty());
    assert!(resident("汉").is_empty());
    assert!(resident("维吾尔族").is_empty());
    assert!(resident("柯尔克孜").is_empty());
    assert_eq!(resident("穿青人"), vec![("ethnicity_unknown".to_owned(), Severity::Error)]);
    assert_eq!(resident("汉人"), vec![("ethnicity_unknown".to_owned(), Severity::Error)]);
    assert_eq!(resident("其他"), vec![("ethnicity_special".to_owned(), Severity::Warning)]);
    assert_eq!(
        resident("外国血统中国籍人士"),
        vec![("ethnicity_special".to_owned(), Severity::Warning)]
    );
    assert_eq!(resident(" "), vec![("ethnicity_missing".to_owned(), Severity::Warning)]);
    // Not required for other types.
    assert!(ethnicity_findings(IdType::Passport, "E12345678", "").is_empty());
}

fn region_codes(id_type: IdType, number: &str, region: Option<&str>) -> Vec<String> {
    let mut identity = declared(id_type, number);
    identity.region = region.map(str::to_owned);
    report(&identity).findings.into_iter().map(|f| f.code).collect()
}

#[test]
fn hk_macau_types_need_the_region_that_matches_the_number() {
    let permit = |region| region_codes(IdType::HkMacauPermit, "810000199001010019", region);
    assert!(permit(Some("香港")).is_empty());
    assert!(permit(Some("hk")).is_empty());
    assert_eq!(permit(Some("澳门")), vec!["region_mismatch"]);
    assert_eq!(permit(Some("台湾")), vec!["region_mismatch"]);
    assert_eq!(permit(Some("火星")), vec!["region_unknown"]);
    assert_eq!(permit(None), vec!["region_missing"]);
    assert_eq!(permit(Some("  ")), vec!["region_missing"]);

    let travel = |region| region_codes(IdType::HkMacauTravel, "M12345678", region);
    assert!(travel(Some("Macau")).is_empty());
    assert_eq!(travel(Some("香港")), vec!["region_mismatch"]);
}

#[test]
fn region_mismatch_message_says_what_the_number_says() {
    let mut identity = declared(IdType::HkMacauPermit, "820000199001010029");
    identity.region = Some("香港".to_owned());
    let finding = &report(&identity).findings[0];
    assert_eq!(finding.message_zh, "所属地区与证件号码不符：号码表示澳门，填写为香港");
    assert_eq!(finding.field, Some(Field::Region));
}

#[test]
fn taiwan_types_and_the_others() {
    assert!(region_codes(IdType::TaiwanPermit, "830000198512310039", None).is_empty());
    assert!(region_codes(IdType::TaiwanTravel, "12345678", Some("台湾")).is_empty());
    assert_eq!(
        region_codes(IdType::TaiwanTravel, "12345678", Some("香港")),
        vec!["region_mismatch"]
    );
    assert_eq!(
        region_codes(IdType::Resident, STANDARD_EXAMPLE, Some("香港")),
        vec!["region_mismatch"]
    );
    assert!(region_codes(IdType::Resident, STANDARD_EXAMPLE, Some("北京")).is_empty());
    assert!(region_codes(IdType::Passport, "K12345678", Some("香港")).is_empty());
}

#[test]
fn declared_identity_json_round_trip() {
    let mut identity = declared(IdType::HkMacauPermit, "810000199001010019");
    identity.region = Some("香港".to_owned());
    identity.valid_from = Some(date(2020, 1, 1));
    identity.valid_to = Some(reviewdesk_domain::consistency::Validity::Until(date(2025, 1, 1)));
    let json = serde_json::to_string(&identity).expect("serializes");
    assert!(json.contains("\"id_type\":\"hk-macau-permit\""), "{json}");
    assert!(json.contains("\"valid_to\":\"2025-01-01\""), "{json}");
    let back: DeclaredIdentity = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, identity);
}
