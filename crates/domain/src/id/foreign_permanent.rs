//! 外国人永久居留身份证: the foreigner's permanent residence ID, in both layouts.
//!
//! **Provenance**: the public standard for these numbers is not published as a table; both layouts
//! below come from third-party implementations that agree with each other, not from the official
//! specification. Keep every assumption about them in this module.
//!
//! - **2023 form**, 18 digits: `9` + 2-digit province of the accepting office + 3-digit ISO 3166
//!   numeric nationality + birth date YYYYMMDD + 3-digit sequence (the last digit's parity is the
//!   sex: odd male, even female) + ISO 7064 MOD 11-2 check character (digit or `X`).
//! - **2017 form**, 15 characters: ISO 3166 alpha-3 nationality + 4-digit province/city code of the
//!   accepting office + birth date YYMMDD + 1 sequence digit (parity is the sex) + one ICAO 9303
//!   7-3-1 check digit over the first 14 characters (A=10 … Z=35). The century of YYMMDD is not
//!   written: the latest century that puts the birth date on or before `today` is chosen.
//!
//! The accepting office must be in a mainland province (not 71/81/82/83).

use chrono::NaiveDate;

use super::error::{CharClass, ExpectedLength, FormatRule, IdError};
use super::shape::{check_chars, check_length, text};
use super::{birth_date, check_digit, gb11643, warnings, IdType, ParsedId, Sex};
use crate::region::{nationality_by_alpha3, nationality_by_numeric, RegionInfo};

const LENGTH_2017: usize = 15;

pub(crate) fn parse(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    check_length(chars, ExpectedLength::Either(gb11643::LENGTH, LENGTH_2017))?;
    if chars.len() == LENGTH_2017 {
        parse_2017(chars, today)
    } else {
        parse_2023(chars, today)
    }
}

fn parse_2023(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    gb11643::check_charset(chars)?;
    if chars.first() != Some(&'9') {
        return Err(IdError::BadFormat { rule: FormatRule::ForeignPermanentLeadingNine });
    }
    let region = office_region(&text(chars, 1..3), "0000")?;
    let numeric = text(chars, 3..6);
    let nationality =
        nationality_by_numeric(&numeric).ok_or(IdError::UnknownNationality { code: numeric })?;
    let birth_date = gb11643::birth_date(chars, today)?;
    gb11643::verify_check_char(chars)?;
    let mut parsed = ParsedId::bare(IdType::ForeignPermanent, chars.iter().collect());
    parsed.sex = Some(gb11643::sex(chars));
    parsed.birth_date = Some(birth_date);
    parsed.region = Some(region);
    parsed.nationality = Some(*nationality);
    Ok(parsed)
}

fn parse_2017(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    check_chars(chars, 0..3, CharClass::Letter)?;
    check_chars(chars, 3..LENGTH_2017, CharClass::Digit)?;
    let alpha3 = text(chars, 0..3);
    let nationality =
        nationality_by_alpha3(&alpha3).ok_or(IdError::UnknownNationality { code: alpha3 })?;
    let region = office_region(&text(chars, 3..7), "00")?;
    let birth_date =
        birth_date::from_yymmdd_latest_century(chars.get(7..13).unwrap_or_default(), today)?;
    let body = chars.get(..14).unwrap_or_default();
    let found = chars.get(14).copied().unwrap_or(' ');
    match check_digit::icao_7_3_1(body) {
        Some(expected) if expected == found => {}
        Some(expected) => return Err(IdError::ChecksumMismatch { expected, found }),
        None => {
            return Err(IdError::BadCharset {
                position: 1,
                found: body.first().copied().unwrap_or(' '),
                expected: CharClass::Letter,
            })
        }
    }
    let mut parsed = ParsedId::bare(IdType::ForeignPermanent, chars.iter().collect());
    let sequence = chars.get(13).and_then(|c| c.to_digit(10)).unwrap_or(0);
    parsed.sex = Some(Sex::from_sequence_digit(sequence));
    parsed.birth_date = Some(birth_date);
    parsed.region = Some(region);
    parsed.nationality = Some(*nationality);
    parsed.warnings.push(warnings::foreign_permanent_2017_format());
    Ok(parsed)
}

/// The accepting office's region from its 2- or 4-digit code (padded to six digits with `pad`).
/// Only mainland provinces accept applications.
fn office_region(code: &str, pad: &str) -> Result<RegionInfo, IdError> {
    let prefix: String = code.chars().take(2).collect();
    let unknown = || IdError::UnknownProvince { code: prefix.clone() };
    if matches!(prefix.as_str(), "71" | "81" | "82" | "83") {
        return Err(unknown());
    }
    RegionInfo::from_code(&format!("{code}{pad}")).ok_or_else(unknown)
}
