//! [`IdError`]: why an ID number was refused, with a stable code and Chinese and English text.
//! Codes are API: never rename one, only add.

use chrono::NaiveDate;

use super::IdType;
use crate::finding::{Field, Finding};

/// Why an ID number cannot be accepted for its declared type. The first problem found is
/// reported; positions and lengths count characters (not bytes) of the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing but whitespace.
    #[error("the ID number is empty")]
    Empty,
    #[error("the ID number must have {expected} characters, but has {actual}")]
    BadLength { expected: ExpectedLength, actual: usize },
    #[error("character {position} of the ID number must be {}, but is {}", .expected.name_en(), quoted(*.found))]
    BadCharset {
        /// 1-based character position in the trimmed input.
        position: usize,
        found: char,
        expected: CharClass,
    },
    #[error(
        "the check character should be {expected} but the number has {found}: the number is \
         probably mistyped"
    )]
    ChecksumMismatch { expected: char, found: char },
    #[error("the birth date {text} in the number {}", .problem.describe_en())]
    ImpossibleDate { text: String, problem: DateProblem },
    #[error("the birth date {date} in the number is after today")]
    FutureDate { date: NaiveDate },
    #[error("{code} in the number is not a province code")]
    UnknownProvince { code: String },
    #[error("{code} in the number is not an ISO 3166 country code")]
    UnknownNationality { code: String },
    #[error("{}", .rule.describe_en())]
    BadFormat { rule: FormatRule },
    /// The number is a valid number of another document type.
    #[error(
        "the number is a valid {} number, but the ID type chosen is {}",
        .suggested.name_en(),
        .declared.name_en()
    )]
    WrongIdType { declared: IdType, suggested: IdType },
}

/// How many characters a document's number may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpectedLength {
    Exactly(usize),
    /// One of two lengths (current form first).
    Either(usize, usize),
    /// An inclusive range.
    Between(usize, usize),
}

impl ExpectedLength {
    fn describe_zh(&self) -> String {
        match self {
            ExpectedLength::Exactly(n) => format!("{n}位"),
            ExpectedLength::Either(a, b) => format!("{a}位或{b}位"),
            ExpectedLength::Between(a, b) => format!("{a}至{b}位"),
        }
    }
}

impl std::fmt::Display for ExpectedLength {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpectedLength::Exactly(n) => write!(f, "{n}"),
            ExpectedLength::Either(a, b) => write!(f, "{a} or {b}"),
            ExpectedLength::Between(a, b) => write!(f, "{a} to {b}"),
        }
    }
}

/// What a character position accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharClass {
    Digit,
    /// A digit, or `X` for the check character.
    DigitOrX,
    /// An ASCII letter A–Z.
    Letter,
    /// An ASCII letter or digit.
    LetterOrDigit,
    /// Exactly this character.
    Exactly(char),
}

impl CharClass {
    fn name_zh(&self) -> String {
        match self {
            CharClass::Digit => "数字".to_owned(),
            CharClass::DigitOrX => "数字或X".to_owned(),
            CharClass::Letter => "英文字母".to_owned(),
            CharClass::LetterOrDigit => "英文字母或数字".to_owned(),
            CharClass::Exactly(c) => format!("“{c}”"),
        }
    }

    fn name_en(&self) -> String {
        match self {
            CharClass::Digit => "a digit".to_owned(),
            CharClass::DigitOrX => "a digit or X".to_owned(),
            CharClass::Letter => "a letter A-Z".to_owned(),
            CharClass::LetterOrDigit => "a letter A-Z or a digit".to_owned(),
            CharClass::Exactly(c) => format!("\"{c}\""),
        }
    }
}

/// Why a birth date field is not a plausible date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateProblem {
    /// Not a calendar date (month 13, 30 February, ...).
    NotACalendarDate,
    /// A real date, but before 1800-01-01.
    BeforeEarliest,
}

impl DateProblem {
    fn describe_zh(&self) -> &'static str {
        match self {
            DateProblem::NotACalendarDate => "不是有效日期",
            DateProblem::BeforeEarliest => "早于1800年，不合理",
        }
    }

    fn describe_en(&self) -> &'static str {
        match self {
            DateProblem::NotACalendarDate => "is not a calendar date",
            DateProblem::BeforeEarliest => "is before 1800",
        }
    }
}

/// A shape rule of a document's number that is not about length or a single character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatRule {
    /// 港澳居民居住证 numbers start with 810000 or 820000.
    HkMacauPermitAddress,
    /// 台湾居民居住证 numbers start with 830000.
    TaiwanPermitAddress,
    /// 18-digit 外国人永久居留身份证 numbers start with 9.
    ForeignPermanentLeadingNine,
    /// 港澳居民来往内地通行证 numbers start with H (Hong Kong) or M (Macau).
    HkMacauTravelPrefix,
    /// A passport number has at least one digit.
    PassportWithoutDigit,
}

impl FormatRule {
    fn describe_zh(&self) -> &'static str {
        match self {
            FormatRule::HkMacauPermitAddress => {
                "港澳居民居住证号码应以810000（香港）或820000（澳门）开头"
            }
            FormatRule::TaiwanPermitAddress => "台湾居民居住证号码应以830000开头",
            FormatRule::ForeignPermanentLeadingNine => "18位外国人永久居留身份证号码应以9开头",
            FormatRule::HkMacauTravelPrefix => {
                "港澳居民来往内地通行证号码应以H（香港）或M（澳门）开头，后接8位数字（旧版10位）"
            }
            FormatRule::PassportWithoutDigit => "护照号码应至少包含一位数字",
        }
    }

    fn describe_en(&self) -> &'static str {
        match self {
            FormatRule::HkMacauPermitAddress => {
                "a Hong Kong/Macau residence permit number starts with 810000 (Hong Kong) or \
                 820000 (Macau)"
            }
            FormatRule::TaiwanPermitAddress => {
                "a Taiwan residence permit number starts with 830000"
            }
            FormatRule::ForeignPermanentLeadingNine => {
                "an 18-digit foreigner's permanent residence ID number starts with 9"
            }
            FormatRule::HkMacauTravelPrefix => {
                "a Hong Kong/Macau travel permit number is H (Hong Kong) or M (Macau) followed \
                 by 8 digits (10 on older permits)"
            }
            FormatRule::PassportWithoutDigit => "a passport number has at least one digit",
        }
    }
}

/// A character as messages show it: itself when visible, its code point too when it is
/// whitespace or invisible.
fn quoted(c: char) -> String {
    if c.is_whitespace() || c.is_control() || is_invisible_format_char(c) {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("\"{c}\"")
    }
}

fn quoted_zh(c: char) -> String {
    if c.is_whitespace() || c.is_control() || is_invisible_format_char(c) {
        format!("不可见字符U+{:04X}", u32::from(c))
    } else {
        format!("“{c}”")
    }
}

fn is_invisible_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

impl IdError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Empty => "empty",
            IdError::BadLength { .. } => "bad_length",
            IdError::BadCharset { .. } => "bad_charset",
            IdError::ChecksumMismatch { .. } => "checksum_mismatch",
            IdError::ImpossibleDate { .. } => "impossible_date",
            IdError::FutureDate { .. } => "future_date",
            IdError::UnknownProvince { .. } => "unknown_province",
            IdError::UnknownNationality { .. } => "unknown_nationality",
            IdError::BadFormat { .. } => "bad_format",
            IdError::WrongIdType { .. } => "wrong_id_type",
        }
    }

    /// The Chinese message a reviewer reads.
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "证件号码为空".to_owned(),
            IdError::BadLength { expected, actual } => {
                format!("证件号码应为{}，实际为{actual}位", expected.describe_zh())
            }
            IdError::BadCharset { position, found, expected } => format!(
                "证件号码第{position}位应为{}，实际为{}",
                expected.name_zh(),
                quoted_zh(*found)
            ),
            IdError::ChecksumMismatch { expected, found } => format!(
                "校验码错误：按前面各位计算应为“{expected}”，号码中为“{found}”，号码可能填写有误"
            ),
            IdError::ImpossibleDate { text, problem } => {
                format!("号码中的出生日期“{text}”{}", problem.describe_zh())
            }
            IdError::FutureDate { date } => format!("号码中的出生日期{date}晚于今天"),
            IdError::UnknownProvince { code } => format!("号码中的省级代码“{code}”不存在"),
            IdError::UnknownNationality { code } => {
                format!("号码中的国籍代码“{code}”不是有效的国家代码（ISO 3166）")
            }
            IdError::BadFormat { rule } => rule.describe_zh().to_owned(),
            IdError::WrongIdType { declared, suggested } => format!(
                "该号码是{}号码，与所选证件类型“{}”不符",
                suggested.name_zh(),
                declared.name_zh()
            ),
        }
    }

    /// The English message (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The error as a [`Finding`]: severity error, on the ID number field (the ID type field for
    /// `wrong_id_type`, since the number itself is fine).
    pub fn to_finding(&self) -> Finding {
        let field = match self {
            IdError::WrongIdType { .. } => Field::IdType,
            _ => Field::IdNumber,
        };
        Finding::error(self.code(), Some(field), self.message_zh(), self.message_en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_kinds() -> Vec<IdError> {
        vec![
            IdError::Empty,
            IdError::BadLength { expected: ExpectedLength::Either(18, 15), actual: 17 },
            IdError::BadCharset { position: 5, found: 'A', expected: CharClass::Digit },
            IdError::ChecksumMismatch { expected: 'X', found: '5' },
            IdError::ImpossibleDate {
                text: "19491331".to_owned(),
                problem: DateProblem::NotACalendarDate,
            },
            IdError::FutureDate { date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default() },
            IdError::UnknownProvince { code: "99".to_owned() },
            IdError::UnknownNationality { code: "XYZ".to_owned() },
            IdError::BadFormat { rule: FormatRule::PassportWithoutDigit },
            IdError::WrongIdType { declared: IdType::Resident, suggested: IdType::HkMacauPermit },
        ]
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        let codes: Vec<&str> = all_kinds().iter().map(IdError::code).collect();
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert!(codes.iter().all(|code| code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }

    #[test]
    fn findings_are_errors_with_both_languages() {
        for error in all_kinds() {
            let finding = error.to_finding();
            assert!(finding.is_error());
            assert_eq!(finding.code, error.code());
            assert!(!finding.message_zh.is_empty() && !finding.message_en.is_empty());
        }
    }

    #[test]
    fn messages_name_the_details() {
        let error = IdError::BadLength { expected: ExpectedLength::Either(18, 15), actual: 17 };
        assert_eq!(error.message_zh(), "证件号码应为18位或15位，实际为17位");
        assert_eq!(error.message_en(), "the ID number must have 18 or 15 characters, but has 17");
        let error = IdError::BadCharset { position: 3, found: ' ', expected: CharClass::Digit };
        assert_eq!(error.message_zh(), "证件号码第3位应为数字，实际为不可见字符U+0020");
        let error = IdError::ChecksumMismatch { expected: 'X', found: '5' };
        assert!(error.message_zh().contains("应为“X”"));
        assert!(error.message_en().contains("should be X"));
    }

    #[test]
    fn wrong_id_type_points_at_the_type_field() {
        let error =
            IdError::WrongIdType { declared: IdType::Resident, suggested: IdType::TaiwanPermit };
        assert_eq!(error.to_finding().field, Some(Field::IdType));
        assert_eq!(
            error.message_zh(),
            "该号码是台湾居民居住证号码，与所选证件类型“居民身份证”不符"
        );
    }
}
