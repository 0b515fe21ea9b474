//! Property tests: `id::parse` is total (never panics, whatever the input and `today`) and its
//! accepted numbers are canonical (parsing `normalized` again gives the same number).

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use reviewdesk_domain::id::{parse, IdError, IdType};

fn any_id_type() -> impl Strategy<Value = IdType> {
    proptest::sample::select(IdType::ALL.to_vec())
}

/// Any date chrono can represent, with the extremes over-weighted.
fn any_today() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
        8 => (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_filter_map("representable", NaiveDate::from_num_days_from_ce_opt),
        10 => (1990i32..2100, 1u32..=12, 1u32..=28)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    ]
}

fn with_mod11_check(body: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    let check = "10X98765432".chars().nth((sum % 11) as usize).unwrap_or('1');
    format!("{body}{check}")
}

fn with_icao_check(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .zip([7, 3, 1].into_iter().cycle())
        .map(|(c, w)| c.to_digit(36).unwrap_or(0) * w)
        .sum();
    format!("{body}{}", sum % 10)
}

/// Inputs that are often valid numbers of some type, so the `Ok` paths are exercised.
fn plausible_number() -> impl Strategy<Value = String> {
    prop_oneof![
        "[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}"
            .prop_map(|body| with_mod11_check(&body)),
        "(81|82|83)0000(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}"
            .prop_map(|body| with_mod11_check(&body)),
        "9[1-6][0-9](156|840|392|410|276|999)(19|20)[0-9]{2}(0[1-9]|1[0-2])[0-2][0-9][0-9]{3}"
            .prop_map(|body| with_mod11_check(&body)),
        "[1-6][0-9]{5}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
        "(USA|KOR|JPN|DEU|XYZ)[1-6][0-9]{3}[0-9]{2}(0[1-9]|1[0-2])[0-3][0-9][0-9]"
            .prop_map(|body| with_icao_check(&body)),
        "[HMhm][0-9]{8}([0-9]{2})?",
        "[0-9]{8}([0-9]{2}[(（][A-Za-z][)）])?",
        "[A-Za-z0-9]{3,19}",
    ]
}

fn check_total_and_canonical(
    id_type: IdType,
    input: &str,
    today: NaiveDate,
) -> Result<(), TestCaseError> {
    match parse(id_type, input, today) {
        Ok(parsed) => {
            prop_assert_eq!(parsed.id_type, id_type);
            prop_assert!(!parsed.normalized.is_empty());
            let again = parse(id_type, &parsed.normalized, today);
            prop_assert!(again.is_ok(), "{:?} re-parsed as {:?}", parsed.normalized, again);
            if let Ok(again) = again {
                prop_assert_eq!(&again.normalized, &parsed.normalized);
                prop_assert_eq!(again.sex, parsed.sex);
                prop_assert_eq!(again.birth_date, parsed.birth_date);
                prop_assert!(again.warnings.iter().all(|w| !w.is_error()));
            }
            if let Some(birth) = parsed.birth_date {
                prop_assert!(birth <= today);
            }
        }
        Err(error) => {
            let finding = error.to_finding();
            prop_assert_eq!(finding.code.as_str(), error.code());
            prop_assert!(finding.is_error());
            prop_assert!(!finding.message_zh.is_empty() && !finding.message_en.is_empty());
            if let IdError::WrongIdType { declared, suggested } = error {
                prop_assert_eq!(declared, id_type);
                prop_assert_ne!(suggested, id_type);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_is_handled(id_type in any_id_type(), input in ".*", today in any_today()) {
        check_total_and_canonical(id_type, &input, today)?;
    }

    #[test]
    fn any_digits_and_x_are_handled(id_type in any_id_type(), input in "[0-9Xx]{0,20}", today in any_today()) {
        check_total_and_canonical(id_type, &input, today)?;
    }

    #[test]
    fn any_unicode_is_handled(id_type in any_id_type(), input in "\\PC{0,40}", today in any_today()) {
        check_total_and_canonical(id_type, &input, today)?;
    }

    #[test]
    fn arbitrary_chars_are_handled(id_type in any_id_type(), chars in proptest::collection::vec(any::<char>(), 0..24), today in any_today()) {
        let input: String = chars.into_iter().collect();
        check_total_and_canonical(id_type, &input, today)?;
    }

    #[test]
    fn plausible_numbers_are_handled_under_every_type(input in plausible_number(), today in any_today()) {
        for id_type in IdType::ALL {
            check_total_and_canonical(id_type, &input, today)?;
        }
    }

    #[test]
    fn valid_resident_numbers_are_accepted(body in "(11|31|44|65)0101(19[0-9]{2}|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}") {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
        let number = with_mod11_check(&body);
        let parsed = parse(IdType::Resident, &number, today);
        prop_assert!(parsed.is_ok(), "{} refused: {:?}", number, parsed);
    }

    #[test]
    fn changing_one_digit_is_caught(body in "(11|31|44)0101(19[5-9][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}", position in 14usize..17, delta in 1u32..10) {
        // A single changed sequence digit always breaks MOD 11-2.
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
        let number = with_mod11_check(&body);
        let mut chars: Vec<char> = number.chars().collect();
        let digit = chars[position].to_digit(10).unwrap_or(0);
        chars[position] = char::from_digit((digit + delta) % 10, 10).unwrap_or('0');
        let typo: String = chars.into_iter().collect();
        prop_assert_eq!(parse(IdType::Resident, &typo, today).map_err(|e| e.code()), Err("checksum_mismatch"));
    }
}
