//! Property tests: `consistency::check` never panics, whatever the declared identity and `today`,
//! and its report is well-formed.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use reviewdesk_domain::consistency::{check, DeclaredIdentity, Validity};
use reviewdesk_domain::id::{IdType, Sex};

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
        4 => (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_filter_map("representable", NaiveDate::from_num_days_from_ce_opt),
        14 => (1900i32..2100, 1u32..=12, 1u32..=31)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    ]
}

fn any_validity() -> impl Strategy<Value = Validity> {
    prop_oneof![1 => Just(Validity::LongTerm), 4 => any_date().prop_map(Validity::Until)]
}

fn any_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("11010519491231002X".to_owned()),
        Just("110105491231002".to_owned()),
        Just("810000199001010019".to_owned()),
        Just("830000198512310039".to_owned()),
        Just("911840198503150016".to_owned()),
        Just("USA110085031511".to_owned()),
        Just("H12345678".to_owned()),
        Just("1234567801(B)".to_owned()),
        "[0-9Xx]{0,20}",
        "[HMhm]?[0-9]{8,10}",
        ".*",
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[\u{4E00}-\u{9FFF}·•・．. ]{0,8}",
        "[A-Za-z ]{0,12}",
        Just("香港".to_owned()),
        Just("澳门".to_owned()),
        Just("台湾".to_owned()),
        Just("汉".to_owned()),
        Just("其他".to_owned()),
    ]
}

prop_compose! {
    fn any_declared()(
        id_type in proptest::sample::select(IdType::ALL.to_vec()),
        id_number in any_number(),
        name in proptest::option::of(any_text()),
        sex in proptest::option::of(prop_oneof![Just(Sex::Male), Just(Sex::Female)]),
        birth_date in proptest::option::of(any_date()),
        ethnicity in proptest::option::of(any_text()),
        region in proptest::option::of(any_text()),
        valid_from in proptest::option::of(any_date()),
        valid_to in proptest::option::of(any_validity()),
    ) -> DeclaredIdentity {
        DeclaredIdentity { id_type, id_number, name, sex, birth_date, ethnicity, region, valid_from, valid_to }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn check_never_panics_and_reports_consistently(declared in any_declared(), today in any_date()) {
        let report = check(&declared, today);
        prop_assert_eq!(report.is_valid(), report.errors().next().is_none());
        prop_assert_eq!(report.errors().count() + report.warnings().count(), report.findings.len());
        let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        for finding in &report.findings {
            prop_assert!(!finding.message_zh.is_empty() && !finding.message_en.is_empty());
            prop_assert!(finding.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
        let total = codes.len();
        codes.sort_unstable();
        codes.dedup();
        // Each code appears at most once, so a UI may key findings by code.
        prop_assert_eq!(codes.len(), total);
        if let Some(parsed) = &report.parsed {
            prop_assert_eq!(parsed.id_type, declared.id_type);
        }
        // The report serializes.
        prop_assert!(serde_json::to_string(&report).is_ok());
    }
}
