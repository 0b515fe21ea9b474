//! Length and per-position character checks shared by every document's number.

use super::error::{CharClass, ExpectedLength, IdError};

impl CharClass {
    /// Whether `c` (already normalised) is accepted.
    pub(crate) fn accepts(&self, c: char) -> bool {
        match self {
            CharClass::Digit => c.is_ascii_digit(),
            CharClass::DigitOrX => c.is_ascii_digit() || c == 'X',
            CharClass::Letter => c.is_ascii_uppercase(),
            CharClass::LetterOrDigit => c.is_ascii_uppercase() || c.is_ascii_digit(),
            CharClass::Exactly(wanted) => c == *wanted,
        }
    }
}

/// `Empty` for no characters, `BadLength` unless the count fits `expected`.
pub(crate) fn check_length(chars: &[char], expected: ExpectedLength) -> Result<(), IdError> {
    let actual = chars.len();
    if actual == 0 {
        return Err(IdError::Empty);
    }
    let fits = match expected {
        ExpectedLength::Exactly(n) => actual == n,
        ExpectedLength::Either(a, b) => actual == a || actual == b,
        ExpectedLength::Between(low, high) => (low..=high).contains(&actual),
    };
    if fits {
        Ok(())
    } else {
        Err(IdError::BadLength { expected, actual })
    }
}

/// Checks that the characters at 0-based `positions` (clamped to the input) are all of `class`;
/// the error names the first offender by its 1-based position.
pub(crate) fn check_chars(
    chars: &[char],
    positions: std::ops::Range<usize>,
    class: CharClass,
) -> Result<(), IdError> {
    let end = positions.end.min(chars.len());
    let start = positions.start.min(end);
    for (offset, c) in chars.get(start..end).unwrap_or_default().iter().enumerate() {
        if !class.accepts(*c) {
            return Err(IdError::BadCharset {
                position: start + offset + 1,
                found: *c,
                expected: class,
            });
        }
    }
    Ok(())
}

/// The characters at 0-based `positions` as a string (empty when out of range).
pub(crate) fn text(chars: &[char], positions: std::ops::Range<usize>) -> String {
    chars.get(positions).unwrap_or_default().iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn length_rules() {
        assert_eq!(check_length(&[], ExpectedLength::Exactly(18)), Err(IdError::Empty));
        assert!(check_length(&chars("12345"), ExpectedLength::Between(5, 17)).is_ok());
        assert_eq!(
            check_length(&chars("1234"), ExpectedLength::Either(9, 11)),
            Err(IdError::BadLength { expected: ExpectedLength::Either(9, 11), actual: 4 })
        );
    }

    #[test]
    fn char_rules_report_one_based_positions() {
        assert!(check_chars(&chars("12a"), 0..2, CharClass::Digit).is_ok());
        assert_eq!(
            check_chars(&chars("12a"), 0..3, CharClass::Digit),
            Err(IdError::BadCharset { position: 3, found: 'a', expected: CharClass::Digit })
        );
        assert!(check_chars(&chars("12"), 5..9, CharClass::Digit).is_ok());
        assert_eq!(text(&chars("abc"), 1..3), "bc");
        assert_eq!(text(&chars("abc"), 2..9), "");
    }
}
