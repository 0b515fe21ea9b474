//! `consistency::check` on the validity period: legal terms per type and age at issue, the
//! near-boundary warning, ordering, and expiry.

use chrono::NaiveDate;
use reviewdesk_domain::consistency::{check, DeclaredIdentity, Validity};
use reviewdesk_domain::finding::Field;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::Severity;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn with_check(body: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).expect("digit") * w).sum();
    let check = "10X98765432".chars().nth((sum % 11) as usize).expect("index < 11");
    format!("{body}{check}")
}

/// Findings (code, severity) on the validity fields for a number, a period and a `today`.
fn findings(
    id_type: IdType,
    number: &str,
    from: NaiveDate,
    to: Validity,
    today: NaiveDate,
) -> Vec<(String, Severity)> {
    let mut identity = DeclaredIdentity::number_only(id_type, number);
    identity.valid_from = Some(from);
    identity.valid_to = Some(to);
    check(&identity, today)
        .findings
        .into_iter()
        .filter(|f| matches!(f.field, Some(Field::ValidFrom | Field::ValidTo)))
        .map(|f| (f.code, f.severity))
        .collect()
}

fn error(code: &str) -> Vec<(String, Severity)> {
    vec![(code.to_owned(), Severity::Error)]
}

fn warning(code: &str) -> Vec<(String, Severity)> {
    vec![(code.to_owned(), Severity::Warning)]
}

/// A man born 1980-03-10; checked on a day when every period below is current.
fn born_1980() -> String {
    with_check("11010519800310001")
}

/// A man born 2000-06-15.
fn born_2000() -> String {
    with_check("11010520000615001")
}

fn resident(number: &str, from: NaiveDate, years: i32) -> Vec<(String, Severity)> {
    let to = Validity::Until(date(
        chrono::Datelike::year(&from) + years,
        chrono::Datelike::month(&from),
        chrono::Datelike::day(&from),
    ));
    findings(IdType::Resident, number, from, to, from)
}

#[test]
fn resident_terms_by_age_at_issue() {
    // Under 16 → 5 years; 16–25 → 10; 26–45 → 20; 46+ → long-term.
    assert!(resident(&born_2000(), date(2016, 6, 14), 5).is_empty());
    assert!(resident(&born_2000(), date(2016, 6, 15), 10).is_empty());
    assert!(resident(&born_1980(), date(2005, 3, 10), 10).is_empty());
    assert!(resident(&born_1980(), date(2006, 3, 10), 20).is_empty());
    let long_term = findings(
        IdType::Resident,
        &born_1980(),
        date(2026, 3, 10),
        Validity::LongTerm,
        date(2026, 3, 10),
    );
    assert!(long_term.is_empty(), "{long_term:?}");
}

#[test]
fn term_that_fits_the_age_a_year_earlier_is_only_a_warning() {
    // Turned 16 on the issue date but got the under-16 term: applied while 15.
    assert_eq!(resident(&born_2000(), date(2016, 6, 15), 5), warning("validity_age_boundary"));
    // 26 and a half at issue with the 16–25 term.
    assert_eq!(resident(&born_1980(), date(2006, 9, 1), 10), warning("validity_age_boundary"));
    // Just 46 with a 20-year term.
    assert_eq!(resident(&born_1980(), date(2026, 3, 11), 20), warning("validity_age_boundary"));
}

#[test]
fn term_that_fits_no_nearby_age_is_an_error() {
    // 17 at issue (16 a year before) with the under-16 term.
    assert_eq!(resident(&born_2000(), date(2017, 6, 16), 5), error("validity_age_mismatch"));
    // 27 at issue with the 16–25 term.
    assert_eq!(resident(&born_1980(), date(2007, 3, 10), 10), error("validity_age_mismatch"));
    // The boundary tolerance only looks back: 15 at issue with the 16–25 term is wrong.
    assert_eq!(resident(&born_2000(), date(2016, 6, 14), 10), error("validity_age_mismatch"));
    // 45 at issue cannot get long-term.
    assert_eq!(
        findings(
            IdType::Resident,
            &born_1980(),
            date(2025, 3, 10),
            Validity::LongTerm,
            date(2025, 3, 10)
        ),
        error("validity_age_mismatch")
    );
}

#[test]
fn age_mismatch_message_explains_the_rule() {
    let mut identity = DeclaredIdentity::number_only(IdType::Resident, born_1980());
    identity.valid_from = Some(date(2007, 3, 10));
    identity.valid_to = Some(Validity::Until(date(2017, 3, 10)));
    let report = check(&identity, date(2010, 1, 1));
    let finding = &report.findings[0];
    assert_eq!(finding.field, Some(Field::ValidTo));
    assert_eq!(
        finding.message_zh,
        "有效期限与年龄不符：签发时持证人27周岁，居民身份证应为20年，填写为10年（规定：未满16周岁5年，16至25周岁10年，26至45周岁20年，46周岁以上长期）"
    );
}

#[test]
fn period_that_is_no_whole_legal_term_is_wrong() {
    let today = date(2010, 1, 1);
    let from = date(2005, 3, 10);
    for to in [date(2015, 3, 9), date(2015, 3, 11), date(2012, 3, 10), date(2035, 3, 10)] {
        assert_eq!(
            findings(IdType::Resident, &born_1980(), from, Validity::Until(to), today),
            error("validity_length_wrong"),
            "{to}"
        );
    }
}

#[test]
fn leap_day_issue_may_end_on_28_february_or_1_march() {
    let permit = "810000199001010019";
    let today = date(2017, 1, 1);
    let from = date(2016, 2, 29);
    for to in [date(2021, 2, 28), date(2021, 3, 1)] {
        assert!(
            findings(IdType::HkMacauPermit, permit, from, Validity::Until(to), today).is_empty(),
            "{to}"
        );
    }
    assert_eq!(
        findings(IdType::HkMacauPermit, permit, from, Validity::Until(date(2021, 3, 2)), today),
        error("validity_length_wrong")
    );
}

#[test]
fn residence_permits_are_five_years_never_long_term() {
    let permit = "810000199001010019";
    let today = date(2021, 1, 1);
    let from = date(2020, 1, 1);
    assert!(findings(
        IdType::HkMacauPermit,
        permit,
        from,
        Validity::Until(date(2025, 1, 1)),
        today
    )
    .is_empty());
    assert_eq!(
        findings(IdType::HkMacauPermit, permit, from, Validity::Until(date(2030, 1, 1)), today),
        error("validity_length_wrong")
    );
    assert_eq!(
        findings(IdType::TaiwanPermit, "830000198512310039", from, Validity::LongTerm, today),
        error("validity_length_wrong")
    );
}

#[test]
fn foreign_permanent_id_is_five_years_under_18_else_ten() {
    // Born 1985-03-15.
    let card = "911840198503150016";
    let today = date(2005, 1, 1);
    assert!(findings(
        IdType::ForeignPermanent,
        card,
        date(2003, 3, 15),
        Validity::Until(date(2013, 3, 15)),
        today
    )
    .is_empty());
    assert!(findings(
        IdType::ForeignPermanent,
        card,
        date(2003, 3, 14),
        Validity::Until(date(2008, 3, 14)),
        today
    )
    .is_empty());
    assert_eq!(
        findings(
            IdType::ForeignPermanent,
            card,
            date(2003, 3, 15),
            Validity::Until(date(2008, 3, 15)),
            today
        ),
        warning("validity_age_boundary")
    );
    assert_eq!(
        findings(
            IdType::ForeignPermanent,
            card,
            date(2002, 3, 15),
            Validity::Until(date(2012, 3, 15)),
            today
        ),
        error("validity_age_mismatch")
    );
}

#[test]
fn declared_birth_date_is_used_when_the_number_has_none() {
    let mut identity = DeclaredIdentity::number_only(IdType::HkMacauTravel, "H12345678");
    identity.region = Some("香港".to_owned());
    identity.birth_date = Some(date(2010, 1, 1));
    identity.valid_from = Some(date(2025, 1, 1));
    identity.valid_to = Some(Validity::Until(date(2035, 1, 1)));
    let codes: Vec<String> =
        check(&identity, date(2025, 6, 1)).findings.into_iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["validity_age_mismatch"]);
}

#[test]
fn passports_have_no_term_rule() {
    let today = date(2025, 6, 1);
    assert!(findings(
        IdType::Passport,
        "E12345678",
        date(2020, 1, 1),
        Validity::Until(date(2027, 5, 3)),
        today
    )
    .is_empty());
    assert!(findings(IdType::Passport, "E12345678", date(2020, 1, 1), Validity::LongTerm, today)
        .is_empty());
}

#[test]
fn ordering_of_start_end_birth_and_today() {
    let today = date(2025, 6, 1);
    assert_eq!(
        findings(
            IdType::Passport,
            "E12345678",
            date(2020, 1, 1),
            Validity::Until(date(2020, 1, 1)),
            today
        ),
        [error("validity_end_before_start"), error("id_expired")].concat()
    );
    assert_eq!(
        findings(
            IdType::Resident,
            &born_2000(),
            date(2025, 6, 2),
            Validity::Until(date(2035, 6, 2)),
            today
        ),
        error("valid_from_future")
    );
    assert_eq!(
        findings(
            IdType::Resident,
            &born_2000(),
            date(2000, 6, 14),
            Validity::Until(date(2005, 6, 14)),
            today
        ),
        [error("valid_from_before_birth"), error("id_expired")].concat()
    );
}

#[test]
fn expiry() {
    let today = date(2025, 6, 1);
    let from = date(2015, 6, 1);
    let permit = |to: NaiveDate| {
        let mut identity = DeclaredIdentity::number_only(IdType::Passport, "E12345678");
        identity.valid_from = Some(from);
        identity.valid_to = Some(Validity::Until(to));
        check(&identity, today).findings
    };
    let expired = permit(date(2025, 5, 31));
    assert_eq!(expired.len(), 1);
    assert_eq!((expired[0].code.as_str(), expired[0].severity), ("id_expired", Severity::Error));
    assert_eq!(expired[0].message_zh, "证件已过期：有效期至2025-05-31");
    let last_day = permit(date(2025, 6, 1));
    assert_eq!(
        (last_day[0].code.as_str(), last_day[0].severity),
        ("id_expiring_soon", Severity::Warning)
    );
    assert!(last_day[0].message_zh.contains("还剩0天"));
    assert_eq!(permit(date(2025, 7, 1))[0].code, "id_expiring_soon");
    assert!(permit(date(2025, 7, 2)).is_empty());
    // Long-term never expires.
    let mut identity = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X");
    identity.valid_from = Some(date(2000, 1, 1));
    identity.valid_to = Some(Validity::LongTerm);
    assert!(check(&identity, date(2069, 1, 1)).findings.is_empty());
}

#[test]
fn expiry_is_checked_even_without_a_start() {
    let mut identity = DeclaredIdentity::number_only(IdType::Passport, "E12345678");
    identity.valid_to = Some(Validity::Until(date(2020, 1, 1)));
    let codes: Vec<String> =
        check(&identity, date(2025, 6, 1)).findings.into_iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["id_expired"]);
}
