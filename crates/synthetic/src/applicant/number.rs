//! ID numbers for every document type, valid by construction: GB 11643-1999 numbers (resident
//! IDs, residence permits, 2023 foreign permanent residence IDs) with the sex parity and the
//! MOD 11-2 check character, and the shapes of travel permits and passports.

use chrono::NaiveDate;
use reviewdesk_domain::id::{mod11_2, Sex};

use crate::random::Draws;

/// Nationalities (ISO 3166 numeric) of foreign permanent residents.
pub(crate) const FOREIGN_NATIONALITIES: [&str; 10] =
    ["840", "410", "392", "826", "276", "250", "124", "036", "643", "702"];

/// Three sequence digits: two free, the last odd for men and even for women.
fn sequence(draws: &mut Draws, sex: Sex) -> String {
    let parity = match sex {
        Sex::Male => draws.between_u32(0, 4) * 2 + 1,
        Sex::Female => draws.between_u32(0, 4) * 2,
    };
    let last = char::from_digit(parity, 10).unwrap_or('0');
    format!("{}{last}", draws.digits(2))
}

/// Appends the MOD 11-2 check character to 17 digits.
fn with_check_char(body: String) -> String {
    let chars: Vec<char> = body.chars().collect();
    match mod11_2(&chars) {
        Some(check) => format!("{body}{check}"),
        None => body,
    }
}

/// An 18-character GB 11643-1999 number: six address digits, the birth date, sequence, check.
pub(crate) fn gb11643(draws: &mut Draws, address_code: &str, birth: NaiveDate, sex: Sex) -> String {
    let body = format!("{address_code}{}{}", birth.format("%Y%m%d"), sequence(draws, sex));
    with_check_char(body)
}

/// A 2023-form foreign permanent residence ID number: `9`, the accepting province, the
/// nationality, the birth date, sequence, check.
pub(crate) fn foreign_permanent(
    draws: &mut Draws,
    province_code: &str,
    nationality: &str,
    birth: NaiveDate,
    sex: Sex,
) -> String {
    let body =
        format!("9{province_code}{nationality}{}{}", birth.format("%Y%m%d"), sequence(draws, sex));
    with_check_char(body)
}

/// A current Hong Kong (`H`) or Macau (`M`) mainland travel permit number: the letter and 8
/// digits.
pub(crate) fn hk_macau_travel(draws: &mut Draws, hong_kong: bool) -> String {
    let letter = if hong_kong { 'H' } else { 'M' };
    format!("{letter}{}{}", draws.between(1, 9), draws.digits(7))
}

/// A current Taiwan mainland travel permit number: 8 digits.
pub(crate) fn taiwan_travel(draws: &mut Draws) -> String {
    format!("{}{}", draws.between(0, 9), draws.digits(7))
}

/// A Chinese passport number: `E` and 8 digits, or `E`, a letter and 7 digits (since 2017).
pub(crate) fn passport(draws: &mut Draws) -> String {
    if draws.chance(0.5) {
        format!("E{}", draws.digits(8))
    } else {
        let letter = draws.pick(&['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']).copied().unwrap_or('A');
        format!("E{letter}{}", draws.digits(7))
    }
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::id::{parse, IdType};
    use reviewdesk_domain::region::nationality_by_numeric;

    use super::*;
    use crate::random::Purpose;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn gb11643_numbers_parse_with_the_encoded_sex_and_birth() {
        let mut draws = Draws::new(13, Purpose::Applicant, 0);
        let today = date(2026, 3, 2);
        for (i, birth) in
            [date(1990, 1, 5), date(2000, 2, 29), date(1966, 12, 31)].into_iter().enumerate()
        {
            for sex in [Sex::Male, Sex::Female] {
                for _ in 0..40 {
                    for (id_type, code) in [
                        (IdType::Resident, "110105"),
                        (IdType::HkMacauPermit, "810000"),
                        (IdType::HkMacauPermit, "820000"),
                        (IdType::TaiwanPermit, "830000"),
                    ] {
                        let number = gb11643(&mut draws, code, birth, sex);
                        let parsed = parse(id_type, &number, today).expect("valid number");
                        assert_eq!(
                            (parsed.sex, parsed.birth_date),
                            (Some(sex), Some(birth)),
                            "{i} {number}"
                        );
                    }
                    let number = foreign_permanent(&mut draws, "44", "840", birth, sex);
                    let parsed = parse(IdType::ForeignPermanent, &number, today).expect("valid");
                    assert_eq!(parsed.sex, Some(sex));
                    assert!(parsed.warnings.is_empty());
                }
            }
        }
    }

    #[test]
    fn nationalities_are_known() {
        for code in FOREIGN_NATIONALITIES {
            assert!(nationality_by_numeric(code).is_some(), "{code}");
        }
    }

    #[test]
    fn permit_and_passport_shapes_parse() {
        let mut draws = Draws::new(14, Purpose::Applicant, 0);
        let today = date(2026, 3, 2);
        for _ in 0..200 {
            for (id_type, number) in [
                (IdType::HkMacauTravel, hk_macau_travel(&mut draws, true)),
                (IdType::HkMacauTravel, hk_macau_travel(&mut draws, false)),
                (IdType::TaiwanTravel, taiwan_travel(&mut draws)),
                (IdType::Passport, passport(&mut draws)),
            ] {
                let parsed = parse(id_type, &number, today).expect("valid shape");
                assert!(parsed.warnings.is_empty(), "{number}");
            }
        }
    }
}
