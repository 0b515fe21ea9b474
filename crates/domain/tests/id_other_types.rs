//! Residence permits, foreign permanent residence IDs, travel permits and passports, through the
//! public `id::parse` API; plus the `IdType` names.

use chrono::NaiveDate;
use reviewdesk_domain::id::{
    parse, CharClass, ExpectedLength, FormatRule, IdError, IdType, ParsedId, Sex,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn today() -> NaiveDate {
    date(2025, 6, 1)
}

fn parsed(id_type: IdType, input: &str) -> ParsedId {
    parse(id_type, input, today())
        .unwrap_or_else(|e| panic!("{input} should be a valid {id_type}: {e}"))
}

fn error(id_type: IdType, input: &str) -> IdError {
    parse(id_type, input, today()).expect_err("should be refused")
}

fn warning_codes(parsed: &ParsedId) -> Vec<&str> {
    parsed.warnings.iter().map(|w| w.code.as_str()).collect()
}

/// An independent ICAO 9303 7-3-1 implementation, to build 2017 foreign PR numbers.
fn with_icao_check(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .zip([7, 3, 1].into_iter().cycle())
        .map(|(c, w)| c.to_digit(36).expect("alphanumeric") * w)
        .sum();
    format!("{body}{}", sum % 10)
}

#[test]
fn hk_macau_residence_permits() {
    let hk = parsed(IdType::HkMacauPermit, "810000199001010019");
    assert_eq!(hk.sex, Some(Sex::Male));
    assert_eq!(hk.birth_date, Some(date(1990, 1, 1)));
    let region = hk.region.as_ref().expect("region");
    assert_eq!((region.code.as_str(), region.province_zh), ("810000", "香港特别行政区"));
    assert!(hk.warnings.is_empty());

    let macau = parsed(IdType::HkMacauPermit, "820000199001010029");
    assert_eq!(macau.sex, Some(Sex::Female));
    assert_eq!(macau.region.as_ref().map(|r| r.province_en), Some("Macau"));
}

#[test]
fn taiwan_residence_permit() {
    let permit = parsed(IdType::TaiwanPermit, "830000198512310039");
    assert_eq!(permit.sex, Some(Sex::Male));
    assert_eq!(permit.birth_date, Some(date(1985, 12, 31)));
    assert_eq!(permit.region.as_ref().map(|r| r.code.as_str()), Some("830000"));
}

#[test]
fn residence_permits_check_their_address_code_and_checksum() {
    assert_eq!(
        error(IdType::HkMacauPermit, "830000198512310039"),
        IdError::WrongIdType { declared: IdType::HkMacauPermit, suggested: IdType::TaiwanPermit }
    );
    assert_eq!(
        error(IdType::TaiwanPermit, "810000199001010019"),
        IdError::WrongIdType { declared: IdType::TaiwanPermit, suggested: IdType::HkMacauPermit }
    );
    assert_eq!(
        error(IdType::HkMacauPermit, "11010519491231002X"),
        IdError::WrongIdType { declared: IdType::HkMacauPermit, suggested: IdType::Resident }
    );
    // 810100 is no permit address and no valid number of any type.
    assert_eq!(
        error(IdType::HkMacauPermit, "810100199001010010"),
        IdError::BadFormat { rule: FormatRule::HkMacauPermitAddress }
    );
    assert_eq!(
        error(IdType::HkMacauPermit, "810000199001010010"),
        IdError::ChecksumMismatch { expected: '9', found: '0' }
    );
    assert_eq!(
        error(IdType::TaiwanPermit, "8300001985123100"),
        IdError::BadLength { expected: ExpectedLength::Exactly(18), actual: 16 }
    );
}

#[test]
fn foreign_permanent_2023_form() {
    let card = parsed(IdType::ForeignPermanent, "911840198503150016");
    assert_eq!(card.sex, Some(Sex::Male));
    assert_eq!(card.birth_date, Some(date(1985, 3, 15)));
    let nationality = card.nationality.expect("nationality");
    assert_eq!(
        (nationality.alpha3, nationality.numeric, nationality.name_zh),
        ("USA", "840", "美国")
    );
    let region = card.region.as_ref().expect("accepting province");
    assert_eq!((region.code.as_str(), region.province_zh), ("110000", "北京市"));
    assert!(card.warnings.is_empty());
}

#[test]
fn foreign_permanent_2023_errors() {
    assert_eq!(
        error(IdType::ForeignPermanent, "911999198503150014"),
        IdError::UnknownNationality { code: "999".to_owned() }
    );
    assert_eq!(
        error(IdType::ForeignPermanent, "916840198503150013"),
        IdError::UnknownProvince { code: "16".to_owned() }
    );
    assert_eq!(error(IdType::ForeignPermanent, "911840198503150010").code(), "checksum_mismatch");
    // An 18-digit number not starting with 9 is a resident ID when it is a valid one...
    assert_eq!(
        error(IdType::ForeignPermanent, "11010519491231002X"),
        IdError::WrongIdType { declared: IdType::ForeignPermanent, suggested: IdType::Resident }
    );
    // ...and otherwise breaks the leading-9 rule.
    assert_eq!(
        error(IdType::ForeignPermanent, "110105194912310021"),
        IdError::BadFormat { rule: FormatRule::ForeignPermanentLeadingNine }
    );
}

#[test]
fn foreign_permanent_2017_form() {
    let number = with_icao_check("USA11008503151");
    assert_eq!(number, "USA110085031511");
    let card = parsed(IdType::ForeignPermanent, &number);
    assert_eq!(card.sex, Some(Sex::Male));
    assert_eq!(card.birth_date, Some(date(1985, 3, 15)));
    assert_eq!(card.nationality.map(|n| n.alpha3), Some("USA"));
    let region = card.region.as_ref().expect("accepting office");
    assert_eq!(region.code, "110000");
    assert_eq!(warning_codes(&card), vec!["foreign_permanent_2017_format"]);

    // Lower case is upper-cased; a city code names the city; an even sequence digit is female.
    let card = parsed(IdType::ForeignPermanent, &with_icao_check("kor44030501012").to_lowercase());
    assert_eq!(card.normalized, "KOR440305010121");
    assert_eq!(card.sex, Some(Sex::Female));
    assert_eq!(card.birth_date, Some(date(2005, 1, 1)));
    assert_eq!(card.region.as_ref().and_then(|r| r.county_zh), Some("深圳市"));
}

#[test]
fn foreign_permanent_2017_century_is_the_latest_not_in_the_future() {
    // 250602 read on 2025-06-01 cannot be 2025-06-02: it is 1925.
    let card = parsed(IdType::ForeignPermanent, &with_icao_check("USA11002506021"));
    assert_eq!(card.birth_date, Some(date(1925, 6, 2)));
}

#[test]
fn foreign_permanent_2017_errors() {
    assert_eq!(
        error(IdType::ForeignPermanent, "USA110085031510"),
        IdError::ChecksumMismatch { expected: '1', found: '0' }
    );
    assert_eq!(
        error(IdType::ForeignPermanent, &with_icao_check("XYZ11008503151")),
        IdError::UnknownNationality { code: "XYZ".to_owned() }
    );
    assert_eq!(
        error(IdType::ForeignPermanent, "US1110085031511"),
        IdError::BadCharset { position: 3, found: '1', expected: CharClass::Letter }
    );
    assert_eq!(
        error(IdType::ForeignPermanent, &with_icao_check("USA11008513321")).code(),
        "impossible_date"
    );
    assert_eq!(
        error(IdType::ForeignPermanent, "USA1100850315"),
        IdError::BadLength { expected: ExpectedLength::Either(18, 15), actual: 13 }
    );
}

#[test]
fn hk_macau_travel_permits() {
    let hk = parsed(IdType::HkMacauTravel, "h12345678");
    assert_eq!(hk.normalized, "H12345678");
    assert_eq!(hk.region.as_ref().map(|r| r.code.as_str()), Some("810000"));
    assert_eq!((hk.sex, hk.birth_date), (None, None));
    assert!(hk.warnings.is_empty());

    let macau = parsed(IdType::HkMacauTravel, "M87654321");
    assert_eq!(macau.region.as_ref().map(|r| r.code.as_str()), Some("820000"));

    let old = parsed(IdType::HkMacauTravel, "H1234567801");
    assert_eq!(warning_codes(&old), vec!["old_travel_permit_format"]);
}

#[test]
fn hk_macau_travel_permit_errors() {
    assert_eq!(
        error(IdType::HkMacauTravel, "X12345678"),
        IdError::BadFormat { rule: FormatRule::HkMacauTravelPrefix }
    );
    assert_eq!(
        error(IdType::HkMacauTravel, "H1234567A"),
        IdError::BadCharset { position: 9, found: 'A', expected: CharClass::Digit }
    );
    assert_eq!(
        error(IdType::HkMacauTravel, "H123456789"),
        IdError::BadLength { expected: ExpectedLength::Either(9, 11), actual: 10 }
    );
}

#[test]
fn taiwan_travel_permits() {
    let current = parsed(IdType::TaiwanTravel, "12345678");
    assert_eq!(current.region.as_ref().map(|r| r.code.as_str()), Some("830000"));
    assert!(current.warnings.is_empty());

    for input in ["1234567801(B)", "1234567801（Ｂ）", "1234567801(b)"] {
        let old = parsed(IdType::TaiwanTravel, input);
        assert_eq!(old.normalized, "1234567801(B)");
        assert_eq!(warning_codes(&old), vec!["old_travel_permit_format"]);
    }
}

#[test]
fn taiwan_travel_permit_errors() {
    assert_eq!(
        error(IdType::TaiwanTravel, "1234567801[B]"),
        IdError::BadCharset { position: 11, found: '[', expected: CharClass::Exactly('(') }
    );
    assert_eq!(
        error(IdType::TaiwanTravel, "1234567801(1)"),
        IdError::BadCharset { position: 12, found: '1', expected: CharClass::Letter }
    );
    assert_eq!(
        error(IdType::TaiwanTravel, "1234567"),
        IdError::BadLength { expected: ExpectedLength::Either(8, 13), actual: 7 }
    );
}

#[test]
fn passports_are_checked_for_shape_only() {
    assert_eq!(parsed(IdType::Passport, " e12345678 ").normalized, "E12345678");
    assert_eq!(parsed(IdType::Passport, "12345").normalized, "12345");
    assert_eq!(parsed(IdType::Passport, "AB1234567890CDEFG").normalized, "AB1234567890CDEFG");
    let passport = parsed(IdType::Passport, "G1234567");
    assert_eq!((passport.sex, passport.birth_date, &passport.region), (None, None, &None));
    assert_eq!(
        error(IdType::Passport, "ABCDEFG"),
        IdError::BadFormat { rule: FormatRule::PassportWithoutDigit }
    );
    assert_eq!(
        error(IdType::Passport, "E1234-567"),
        IdError::BadCharset { position: 6, found: '-', expected: CharClass::LetterOrDigit }
    );
    assert_eq!(
        error(IdType::Passport, "E123"),
        IdError::BadLength { expected: ExpectedLength::Between(5, 17), actual: 4 }
    );
    // A resident number entered as a passport is recognised.
    assert_eq!(
        error(IdType::Passport, "11010519491231002X"),
        IdError::WrongIdType { declared: IdType::Passport, suggested: IdType::Resident }
    );
}

#[test]
fn id_type_names_are_stable() {
    let names: Vec<&str> = IdType::ALL.iter().map(IdType::as_str).collect();
    assert_eq!(
        names,
        [
            "resident",
            "hk-macau-permit",
            "taiwan-permit",
            "foreign-permanent",
            "hk-macau-travel",
            "taiwan-travel",
            "passport"
        ]
    );
    assert_eq!("taiwan-travel".parse::<IdType>(), Ok(IdType::TaiwanTravel));
    assert!("Resident".parse::<IdType>().is_err());
    for id_type in IdType::ALL {
        assert!(!id_type.name_zh().is_empty() && !id_type.name_en().is_empty());
    }
}
