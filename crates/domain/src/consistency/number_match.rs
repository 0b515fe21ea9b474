//! Declared sex and birth date against what the ID number encodes (the `性别填写错误` case), a
//! declared birth date that cannot be right on its own, and an encoded age no living holder has.

use chrono::NaiveDate;

use super::age::full_years;
use super::declared::DeclaredIdentity;
use crate::finding::{Field, Finding};
use crate::id::ParsedId;

/// Above this age the number is more likely mistyped than the holder alive.
const IMPLAUSIBLE_AGE: u32 = 120;

pub(crate) fn check(
    declared: &DeclaredIdentity,
    parsed: Option<&ParsedId>,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let encoded_birth = parsed.and_then(|parsed| parsed.birth_date);
    if let Some(age) = encoded_birth.and_then(|birth| full_years(birth, today)) {
        if age > IMPLAUSIBLE_AGE {
            findings.push(Finding::warning(
                "implausible_age",
                Some(Field::IdNumber),
                format!("证件号码表示持证人已{age}岁，请核对号码"),
                format!("the ID number makes the holder {age} years old: check the number"),
            ));
        }
    }
    let encoded_sex = parsed.and_then(|parsed| parsed.sex);
    if let (Some(encoded), Some(entered)) = (encoded_sex, declared.sex) {
        if encoded != entered {
            findings.push(Finding::error(
                "sex_mismatch",
                Some(Field::Sex),
                format!(
                    "性别与证件号码不符：号码表示{}性，填写为{}性",
                    encoded.name_zh(),
                    entered.name_zh()
                ),
                format!(
                    "sex does not match the ID number: the number says {}, {} was entered",
                    encoded.name_en(),
                    entered.name_en()
                ),
            ));
        }
    }
    if let Some(entered) = declared.birth_date {
        match parsed.and_then(|parsed| parsed.birth_date) {
            Some(encoded) if encoded != entered => findings.push(Finding::error(
                "birth_date_mismatch",
                Some(Field::BirthDate),
                format!("出生日期与证件号码不符：号码表示{encoded}，填写为{entered}"),
                format!(
                    "birth date does not match the ID number: the number says {encoded}, {entered} was entered"
                ),
            )),
            Some(_) => {}
            None if entered > today => findings.push(Finding::error(
                "birth_date_future",
                Some(Field::BirthDate),
                format!("出生日期{entered}晚于今天"),
                format!("the birth date {entered} is after today"),
            )),
            None => {}
        }
    }
    findings
}
