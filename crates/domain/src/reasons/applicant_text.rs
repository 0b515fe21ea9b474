//! Composing the text the applicant reads from the reviewer's chosen reasons, and validating
//! the choice and the free text.
//!
//! Format: `不通过原因：` followed by the chosen reasons' Chinese texts for the applicant's document
//! type ([`RejectReason::text_for`](super::RejectReason::text_for)) joined with `；`, in
//! catalogue order (not click order, so the same choice always reads the same). The free text
//! of [`OTHER`] stands in place of that reason, trimmed, e.g.
//! `不通过原因：性别填写错误；手持身份证照片不清晰；照片背景中有他人证件`.

use super::catalogue::{OTHER, REASONS};
use crate::error_code::ErrorCode;
use crate::finding::Lang;
use crate::id::IdType;

/// What every applicant text starts with.
pub const APPLICANT_TEXT_PREFIX: &str = "不通过原因：";
/// Between two reasons (full-width semicolon).
pub const REASON_SEPARATOR: &str = "；";
/// The longest free text allowed for [`OTHER`], in characters, after trimming.
pub const OTHER_TEXT_MAX_CHARS: usize = 200;

/// Why a choice of reasons cannot be sent to the applicant. `Display` gives the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    /// No reason was chosen.
    #[error("请至少选择一项不通过原因")]
    NoReason,
    /// A code that is not in the catalogue.
    #[error("未知的不通过原因代码：{code}")]
    UnknownCode { code: String },
    /// The same reason was chosen twice.
    #[error("不通过原因重复：{code}")]
    DuplicateCode { code: String },
    /// `other` was chosen without a text, or with only whitespace.
    #[error("选择“其他原因”时必须填写具体说明")]
    OtherTextMissing,
    /// The free text is longer than [`OTHER_TEXT_MAX_CHARS`].
    #[error("“其他原因”说明过长：{chars} 个字符，最多 {max} 个")]
    OtherTextTooLong { chars: usize, max: usize },
    /// The free text contains a control character (line breaks and tabs included).
    #[error("“其他原因”说明不能包含换行、制表符等控制字符")]
    OtherTextControlChars,
    /// A free text was given but `other` was not chosen: it would never reach the applicant.
    #[error("只有选择“其他原因”时才能填写说明")]
    OtherTextWithoutOther,
}

impl ReasonError {
    /// Stable snake_case code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ReasonError::NoReason => ErrorCode::NoReason,
            ReasonError::UnknownCode { .. } => ErrorCode::UnknownReasonCode,
            ReasonError::DuplicateCode { .. } => ErrorCode::DuplicateReasonCode,
            ReasonError::OtherTextMissing => ErrorCode::OtherTextMissing,
            ReasonError::OtherTextTooLong { .. } => ErrorCode::OtherTextTooLong,
            ReasonError::OtherTextControlChars => ErrorCode::OtherTextControlChars,
            ReasonError::OtherTextWithoutOther => ErrorCode::OtherTextWithoutOther,
        }
    }

    /// The Chinese message (same as `Display`).
    pub fn message_zh(&self) -> String {
        self.to_string()
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        match self {
            ReasonError::NoReason => "choose at least one reject reason".to_owned(),
            ReasonError::UnknownCode { code } => format!("unknown reject reason code: {code}"),
            ReasonError::DuplicateCode { code } => format!("reject reason chosen twice: {code}"),
            ReasonError::OtherTextMissing => "the \"other\" reason needs an explanation".to_owned(),
            ReasonError::OtherTextTooLong { chars, max } => {
                format!("the \"other\" explanation is too long: {chars} characters, at most {max}")
            }
            ReasonError::OtherTextControlChars => {
                "the \"other\" explanation must not contain line breaks, tabs or other control characters"
                    .to_owned()
            }
            ReasonError::OtherTextWithoutOther => {
                "an explanation can only be given with the \"other\" reason".to_owned()
            }
        }
    }

    /// The message in the requested language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.message_zh(),
            Lang::En => self.message_en(),
        }
    }
}

/// The text an applicant who submitted `id_type` reads for the chosen reason `codes` and, with
/// [`OTHER`], the reviewer's free text. Reasons about a photo name that document's parts.
///
/// Refuses an empty choice, unknown or repeated codes, [`OTHER`] without a non-empty text, a text
/// without [`OTHER`], a text over [`OTHER_TEXT_MAX_CHARS`] characters (after trimming) and a text
/// with control characters.
pub fn applicant_text(
    id_type: IdType,
    codes: &[&str],
    other_text: Option<&str>,
) -> Result<String, ReasonError> {
    if codes.is_empty() {
        return Err(ReasonError::NoReason);
    }
    let mut chosen = vec![false; REASONS.len()];
    for code in codes {
        let index = REASONS
            .iter()
            .position(|reason| reason.code == *code)
            .ok_or_else(|| ReasonError::UnknownCode { code: (*code).to_owned() })?;
        if std::mem::replace(&mut chosen[index], true) {
            return Err(ReasonError::DuplicateCode { code: (*code).to_owned() });
        }
    }

    let other_text = other_text.map(str::trim).filter(|text| !text.is_empty());
    let other_chosen = codes.contains(&OTHER);
    let other_text = match (other_chosen, other_text) {
        (true, None) => return Err(ReasonError::OtherTextMissing),
        (false, Some(_)) => return Err(ReasonError::OtherTextWithoutOther),
        (_, text) => text.map(validate_other_text).transpose()?,
    };

    let texts: Vec<std::borrow::Cow<'_, str>> = REASONS
        .iter()
        .zip(&chosen)
        .filter(|(_, chosen)| **chosen)
        .map(|(reason, _)| match (reason.code, other_text) {
            (OTHER, Some(text)) => text.into(),
            _ => reason.text_for(id_type, Lang::Zh),
        })
        .collect();
    Ok(format!("{APPLICANT_TEXT_PREFIX}{}", texts.join(REASON_SEPARATOR)))
}

/// Checks the trimmed, non-empty free text.
fn validate_other_text(text: &str) -> Result<&str, ReasonError> {
    let chars = text.chars().count();
    if chars > OTHER_TEXT_MAX_CHARS {
        return Err(ReasonError::OtherTextTooLong { chars, max: OTHER_TEXT_MAX_CHARS });
    }
    if text.chars().any(char::is_control) {
        return Err(ReasonError::OtherTextControlChars);
    }
    Ok(text)
}
