//! The 18-character layout of GB 11643-1999, shared by resident IDs, Hong Kong/Macau/Taiwan
//! residence permits and 2023 foreign permanent residence IDs: six address digits (what they mean
//! depends on the document), birth date YYYYMMDD, three sequence digits whose last is odd for men
//! and even for women, and an ISO 7064 MOD 11-2 check character (a digit or `X`).

use chrono::NaiveDate;

use super::birth_date;
use super::check_digit;
use super::error::{CharClass, IdError};
use super::shape::check_chars;
use super::Sex;

/// Total length.
pub(crate) const LENGTH: usize = 18;

/// Digits 1–17, then a digit or `X`. Call after the length check.
pub(crate) fn check_charset(chars: &[char]) -> Result<(), IdError> {
    check_chars(chars, 0..17, CharClass::Digit)?;
    check_chars(chars, 17..18, CharClass::DigitOrX)
}

/// The birth date in characters 7–14.
pub(crate) fn birth_date(chars: &[char], today: NaiveDate) -> Result<NaiveDate, IdError> {
    birth_date::from_yyyymmdd(chars.get(6..14).unwrap_or_default(), today)
}

/// The sex the 17th digit encodes.
pub(crate) fn sex(chars: &[char]) -> Sex {
    let digit = chars.get(16).and_then(|c| c.to_digit(10)).unwrap_or(0);
    Sex::from_sequence_digit(digit)
}

/// Compares the 18th character with the MOD 11-2 check of the first 17.
pub(crate) fn verify_check_char(chars: &[char]) -> Result<(), IdError> {
    let body = chars.get(..17).unwrap_or_default();
    let found = chars.get(17).copied().unwrap_or(' ');
    match check_digit::mod11_2(body) {
        Some(expected) if expected == found => Ok(()),
        Some(expected) => Err(IdError::ChecksumMismatch { expected, found }),
        // Unreachable after check_charset; refuse rather than accept.
        None => Err(IdError::BadCharset {
            position: 1,
            found: body.first().copied().unwrap_or(' '),
            expected: CharClass::Digit,
        }),
    }
}
