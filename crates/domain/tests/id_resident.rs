//! Resident ID numbers (GB 11643-1999) and their legacy 15-digit form, through the public
//! `id::parse` API.

use chrono::NaiveDate;
use reviewdesk_domain::id::{
    parse, CharClass, DateProblem, ExpectedLength, IdError, IdType, ParsedId, Sex,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    date(2025, 6, 1)
}

fn resident(input: &str) -> Result<ParsedId, IdError> {
    parse(IdType::Resident, input, today())
}

/// An independent MOD 11-2 implementation, to build valid numbers.
fn with_check(body: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).expect("digit") * w).sum();
    let check = "10X98765432".chars().nth((sum % 11) as usize).expect("index < 11");
    format!("{body}{check}")
}

fn codes(parsed: &ParsedId) -> Vec<&str> {
    parsed.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn standard_example_is_a_woman_born_1949_in_beijing_chaoyang() {
    let parsed = resident("11010519491231002X").expect("the standard's example is valid");
    assert_eq!(parsed.id_type, IdType::Resident);
    assert_eq!(parsed.normalized, "11010519491231002X");
    assert_eq!(parsed.sex, Some(Sex::Female));
    assert_eq!(parsed.birth_date, Some(date(1949, 12, 31)));
    let region = parsed.region.as_ref().expect("region");
    assert_eq!(region.code, "110105");
    assert_eq!(region.province_zh, "北京市");
    assert_eq!(region.county_zh, Some("朝阳区"));
    assert!(!parsed.upgraded_from_15);
    assert!(parsed.warnings.is_empty());
    assert_eq!(parsed.nationality, None);
}

#[test]
fn standard_example_born_1880_parses() {
    // 440524188001010014 is GB 11643-1999's second example: a valid number of a man born in 1880.
    // The number is possible; that its holder would be 146 is a consistency warning.
    let parsed = resident("440524188001010014").expect("the standard's example is valid");
    assert_eq!(parsed.birth_date, NaiveDate::from_ymd_opt(1880, 1, 1));
    assert_eq!(parsed.sex, Some(Sex::Male));
    let report = reviewdesk_domain::consistency::check(
        &reviewdesk_domain::consistency::DeclaredIdentity::number_only(
            IdType::Resident,
            "440524188001010014".to_owned(),
        ),
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
    );
    assert!(report.is_valid(), "{:?}", report.findings);
    assert!(report.has("implausible_age"));
    // The same address (潮阳县, abolished 1993 but kept in the historical table) with a 1980 birth.
    let parsed = resident("440524198001010021").expect("valid");
    assert_eq!(parsed.region.as_ref().and_then(|r| r.county_zh), Some("潮阳县"));
    assert_eq!(parsed.sex, Some(Sex::Female));
    assert!(parsed.warnings.is_empty());
}

#[test]
fn odd_seventeenth_digit_is_male() {
    let number = with_check("11010519800101001");
    assert_eq!(resident(&number).expect("valid").sex, Some(Sex::Male));
}

#[test]
fn lower_case_x_whitespace_and_full_width_are_normalised() {
    for input in [
        "11010519491231002x",
        "  11010519491231002X\n",
        "\u{3000}１１０１０５１９４９１２３１００２ｘ",
    ] {
        let parsed = resident(input).expect("normalised to the standard example");
        assert_eq!(parsed.normalized, "11010519491231002X", "{input:?}");
    }
}

#[test]
fn legacy_15_digit_number_is_upgraded() {
    let parsed = resident("110105491231002").expect("legacy form of the standard example");
    assert_eq!(parsed.normalized, "11010519491231002X");
    assert!(parsed.upgraded_from_15);
    assert_eq!(parsed.sex, Some(Sex::Female));
    assert_eq!(parsed.birth_date, Some(date(1949, 12, 31)));
    assert_eq!(codes(&parsed), vec!["legacy_15_digit_upgraded"]);
    assert!(parsed.warnings[0].message_zh.contains("11010519491231002X"));
}

#[test]
fn legacy_number_with_impossible_date_or_letters_is_refused() {
    assert_eq!(resident("110105491331002").map_err(|e| e.code()), Err("impossible_date"));
    assert_eq!(
        resident("11010549123100X"),
        Err(IdError::BadCharset { position: 15, found: 'X', expected: CharClass::Digit })
    );
}

#[test]
fn checksum_mismatch_names_both_characters() {
    assert_eq!(
        resident("110105194912310021"),
        Err(IdError::ChecksumMismatch { expected: 'X', found: '1' })
    );
}

#[test]
fn length_is_counted_in_characters() {
    assert_eq!(
        resident("1101051949123100"),
        Err(IdError::BadLength { expected: ExpectedLength::Either(18, 15), actual: 16 })
    );
    assert_eq!(
        resident("一二三"),
        Err(IdError::BadLength { expected: ExpectedLength::Either(18, 15), actual: 3 })
    );
    assert_eq!(resident(""), Err(IdError::Empty));
    assert_eq!(resident(" \t\u{3000}"), Err(IdError::Empty));
}

#[test]
fn charset_errors_name_position_and_character() {
    assert_eq!(
        resident("11010519491231002A"),
        Err(IdError::BadCharset { position: 18, found: 'A', expected: CharClass::DigitOrX })
    );
    assert_eq!(
        resident("1101051949123100X2"),
        Err(IdError::BadCharset { position: 17, found: 'X', expected: CharClass::Digit })
    );
    assert_eq!(
        resident("110105 9491231002X"),
        Err(IdError::BadCharset { position: 7, found: ' ', expected: CharClass::Digit })
    );
    assert_eq!(
        resident("11010519491231002一"),
        Err(IdError::BadCharset { position: 18, found: '一', expected: CharClass::DigitOrX })
    );
}

#[test]
fn impossible_and_future_birth_dates() {
    assert_eq!(
        resident(&with_check("11010519491331002")),
        Err(IdError::ImpossibleDate {
            text: "19491331".to_owned(),
            problem: DateProblem::NotACalendarDate,
        })
    );
    assert_eq!(
        resident(&with_check("11010519010229002")).map_err(|e| e.code()),
        Err("impossible_date")
    );
    // 2000 is a leap year.
    assert!(resident(&with_check("11010520000229001")).is_ok());
    assert_eq!(
        resident(&with_check("11010520250602001")),
        Err(IdError::FutureDate { date: date(2025, 6, 2) })
    );
    // Born today is fine.
    assert!(resident(&with_check("11010520250601001")).is_ok());
}

#[test]
fn unknown_province_is_an_error() {
    assert_eq!(
        resident(&with_check("16010119800101001")),
        Err(IdError::UnknownProvince { code: "16".to_owned() })
    );
    assert_eq!(
        resident(&with_check("00000019800101001")),
        Err(IdError::UnknownProvince { code: "00".to_owned() })
    );
}

#[test]
fn every_listed_province_prefix_is_accepted() {
    let prefixes = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71",
    ];
    for prefix in prefixes {
        let number = with_check(&format!("{prefix}010119800101001"));
        assert!(resident(&number).is_ok(), "{number}");
    }
}

#[test]
fn unknown_county_is_only_a_warning() {
    let parsed = resident(&with_check("11019919800101001")).expect("province known");
    assert_eq!(codes(&parsed), vec!["unknown_county"]);
    let region = parsed.region.as_ref().expect("region");
    assert_eq!((region.province_zh, region.county_zh), ("北京市", None));
    assert!(parsed.warnings[0].message_zh.contains("110199"));
}

#[test]
fn permit_address_codes_point_to_the_permit_types() {
    for (number, suggested) in [
        ("810000199001010019", IdType::HkMacauPermit),
        ("820000199001010029", IdType::HkMacauPermit),
        ("830000198512310039", IdType::TaiwanPermit),
        // Even with a wrong check character the address code says which type was meant.
        ("810000199001010010", IdType::HkMacauPermit),
    ] {
        assert_eq!(
            resident(number),
            Err(IdError::WrongIdType { declared: IdType::Resident, suggested }),
            "{number}"
        );
    }
}

#[test]
fn numbers_of_other_types_are_recognised() {
    assert_eq!(
        resident("H12345678"),
        Err(IdError::WrongIdType { declared: IdType::Resident, suggested: IdType::HkMacauTravel })
    );
    assert_eq!(
        resident("911840198503150016"),
        Err(IdError::WrongIdType {
            declared: IdType::Resident,
            suggested: IdType::ForeignPermanent
        })
    );
}

#[test]
fn errors_become_findings_with_codes_and_both_languages() {
    let error = resident("110105194912310021").expect_err("bad check");
    let finding = error.to_finding();
    assert_eq!(finding.code, "checksum_mismatch");
    assert!(finding.is_error());
    assert!(finding.message_zh.contains("校验码"));
    assert!(!finding.message_en.is_empty());
}
