//! 护照: passport numbers, checked for shape only since every country has its own scheme.
//!
//! Rule chosen: 5 to 17 characters (the ICAO machine-readable zone allows up to 9 in its main
//! field and longer numbers overflow into the optional field, so 17 leaves room for every
//! scheme seen in practice), only letters A–Z (upper-cased) and digits, and at least one digit.
//! No check digit is verified: the printed number carries none.

use super::error::{CharClass, ExpectedLength, FormatRule, IdError};
use super::shape::{check_chars, check_length};
use super::{IdType, ParsedId};

const SHORTEST: usize = 5;
const LONGEST: usize = 17;

pub(crate) fn parse(chars: &[char]) -> Result<ParsedId, IdError> {
    check_length(chars, ExpectedLength::Between(SHORTEST, LONGEST))?;
    check_chars(chars, 0..chars.len(), CharClass::LetterOrDigit)?;
    if !chars.iter().any(char::is_ascii_digit) {
        return Err(IdError::BadFormat { rule: FormatRule::PassportWithoutDigit });
    }
    Ok(ParsedId::bare(IdType::Passport, chars.iter().collect()))
}
