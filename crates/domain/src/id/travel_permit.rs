//! The travel permits Hong Kong, Macau and Taiwan residents use in the mainland. Their numbers have
//! no public check digit and encode neither sex nor birth date.
//!
//! - 港澳居民来往内地通行证: `H` (Hong Kong) or `M` (Macau) + 8 digits since 2013; older permits
//!   have 10 digits (8 + a 2-digit renewal count, the first 9 characters identifying the holder),
//!   accepted with an `old_travel_permit_format` warning. The letter gives the region (810000 or
//!   820000).
//! - 台湾居民来往大陆通行证: 8 digits since 2008; older permits have 8 digits + a 2-digit issue
//!   count + the issuing office's letter in parentheses, e.g. `1234567801(B)` (ASCII or
//!   full-width parentheses; normalised to ASCII), accepted with an `old_travel_permit_format`
//!   warning. Region 830000.

use super::error::{CharClass, ExpectedLength, FormatRule, IdError};
use super::shape::{check_chars, check_length};
use super::{warnings, IdType, ParsedId};
use crate::region::RegionInfo;

const HK_MACAU_CURRENT: usize = 9;
const HK_MACAU_OLD: usize = 11;
const TAIWAN_CURRENT: usize = 8;
const TAIWAN_OLD: usize = 13;

pub(crate) fn parse_hk_macau(chars: &[char]) -> Result<ParsedId, IdError> {
    check_length(chars, ExpectedLength::Either(HK_MACAU_CURRENT, HK_MACAU_OLD))?;
    let code = match chars.first() {
        Some('H') => "810000",
        Some('M') => "820000",
        _ => return Err(IdError::BadFormat { rule: FormatRule::HkMacauTravelPrefix }),
    };
    check_chars(chars, 1..chars.len(), CharClass::Digit)?;
    let mut parsed = ParsedId::bare(IdType::HkMacauTravel, chars.iter().collect());
    parsed.region = RegionInfo::from_code(code);
    if chars.len() == HK_MACAU_OLD {
        parsed
            .warnings
            .push(warnings::old_travel_permit_format("H/M加10位数字", "H/M + 10 digits"));
    }
    Ok(parsed)
}

pub(crate) fn parse_taiwan(chars: &[char]) -> Result<ParsedId, IdError> {
    check_length(chars, ExpectedLength::Either(TAIWAN_CURRENT, TAIWAN_OLD))?;
    if chars.len() == TAIWAN_CURRENT {
        check_chars(chars, 0..TAIWAN_CURRENT, CharClass::Digit)?;
    } else {
        check_chars(chars, 0..10, CharClass::Digit)?;
        check_chars(chars, 10..11, CharClass::Exactly('('))?;
        check_chars(chars, 11..12, CharClass::Letter)?;
        check_chars(chars, 12..13, CharClass::Exactly(')'))?;
    }
    let mut parsed = ParsedId::bare(IdType::TaiwanTravel, chars.iter().collect());
    parsed.region = RegionInfo::from_code("830000");
    if chars.len() == TAIWAN_OLD {
        parsed.warnings.push(warnings::old_travel_permit_format(
            "8位数字加2位签发次数及（签发机关字母）",
            "8 digits + 2-digit issue count + (office letter)",
        ));
    }
    Ok(parsed)
}
