//! 居民身份证: the mainland resident ID number (GB 11643-1999), 18 characters, and the legacy
//! first-generation 15-digit form.
//!
//! The address code must name a known province (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71); a
//! county the table does not know is only a warning, since county codes change and an old number
//! keeps its old code. An address code of 81/82/83 (810000, 820000, 830000) belongs to a
//! residence permit, so such a number is refused as `wrong_id_type` naming the permit type.
//!
//! A 15-digit number is address(6) + YYMMDD + sequence(3); it is upgraded by inserting `19` before
//! the date and appending the MOD 11-2 check character, and then read as an 18-character number.

use chrono::NaiveDate;

use super::error::{CharClass, ExpectedLength, IdError};
use super::gb11643;
use super::shape::{check_chars, check_length, text};
use super::{check_digit, warnings, IdType, ParsedId};
use crate::region::RegionInfo;

/// Length of the legacy first-generation number.
const LEGACY_LENGTH: usize = 15;

pub(crate) fn parse(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    check_length(chars, ExpectedLength::Either(gb11643::LENGTH, LEGACY_LENGTH))?;
    if chars.len() == LEGACY_LENGTH {
        parse_legacy(chars, today)
    } else {
        parse_current(chars, today)
    }
}

fn parse_current(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    gb11643::check_charset(chars)?;
    let region = resident_region(chars)?;
    let birth_date = gb11643::birth_date(chars, today)?;
    gb11643::verify_check_char(chars)?;
    let mut parsed = ParsedId::bare(IdType::Resident, chars.iter().collect());
    parsed.sex = Some(gb11643::sex(chars));
    parsed.birth_date = Some(birth_date);
    if !region.county_known() {
        parsed.warnings.push(warnings::unknown_county(&region.code));
    }
    parsed.region = Some(region);
    Ok(parsed)
}

fn parse_legacy(chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    check_chars(chars, 0..LEGACY_LENGTH, CharClass::Digit)?;
    let mut upgraded: Vec<char> = Vec::with_capacity(gb11643::LENGTH);
    upgraded.extend(chars.get(..6).unwrap_or_default());
    upgraded.extend(['1', '9']);
    upgraded.extend(chars.get(6..).unwrap_or_default());
    // Always Some: the 17 characters are digits.
    if let Some(check) = check_digit::mod11_2(&upgraded) {
        upgraded.push(check);
    }
    let mut parsed = parse_current(&upgraded, today)?;
    parsed.upgraded_from_15 = true;
    let legacy: String = chars.iter().collect();
    parsed.warnings.insert(0, warnings::legacy_15_digit_upgraded(&legacy, &parsed.normalized));
    Ok(parsed)
}

/// The region of the address code, refusing unknown provinces and the permit-only codes.
fn resident_region(chars: &[char]) -> Result<RegionInfo, IdError> {
    let prefix = text(chars, 0..2);
    let permit_type = match prefix.as_str() {
        "81" | "82" => Some(IdType::HkMacauPermit),
        "83" => Some(IdType::TaiwanPermit),
        _ => None,
    };
    if let Some(suggested) = permit_type {
        return Err(IdError::WrongIdType { declared: IdType::Resident, suggested });
    }
    RegionInfo::from_code(&text(chars, 0..6)).ok_or(IdError::UnknownProvince { code: prefix })
}
