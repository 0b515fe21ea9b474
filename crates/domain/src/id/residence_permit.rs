//! 港澳居民居住证 and 台湾居民居住证: residence permits for Hong Kong, Macau and Taiwan residents.
//! The number has the GB 11643-1999 layout and check character; the address code is always
//! 810000 (Hong Kong) or 820000 (Macau), or 830000 (Taiwan).

use chrono::NaiveDate;

use super::error::{ExpectedLength, FormatRule, IdError};
use super::gb11643;
use super::shape::{check_length, text};
use super::{IdType, ParsedId};
use crate::region::RegionInfo;

/// Parses a residence permit number; `id_type` is `HkMacauPermit` or `TaiwanPermit`.
pub(crate) fn parse(
    id_type: IdType,
    chars: &[char],
    today: NaiveDate,
) -> Result<ParsedId, IdError> {
    let (allowed, rule): (&[&str], FormatRule) = match id_type {
        IdType::TaiwanPermit => (&["830000"], FormatRule::TaiwanPermitAddress),
        _ => (&["810000", "820000"], FormatRule::HkMacauPermitAddress),
    };
    check_length(chars, ExpectedLength::Exactly(gb11643::LENGTH))?;
    gb11643::check_charset(chars)?;
    let code = text(chars, 0..6);
    if !allowed.contains(&code.as_str()) {
        return Err(IdError::BadFormat { rule });
    }
    let birth_date = gb11643::birth_date(chars, today)?;
    gb11643::verify_check_char(chars)?;
    let mut parsed = ParsedId::bare(id_type, chars.iter().collect());
    parsed.sex = Some(gb11643::sex(chars));
    parsed.birth_date = Some(birth_date);
    parsed.region = RegionInfo::from_code(&code);
    Ok(parsed)
}
