//! The declared validity period checked against the calendar, the holder's birth date and the
//! legal terms (see `validity_term`).
//!
//! A declared end must be exactly N years after the start, same month and day (N a legal term of
//! the document type); an ID issued on 29 February may end on 28 February or 1 March. The term
//! must fit the holder's age on the start date. Because the card is issued some time after the
//! application and the term follows the age at application, a term that fits the holder's age at
//! some moment in the year *before* the start date is only a `validity_age_boundary` warning; a
//! term that fits neither is a `validity_age_mismatch` error. An end date within 30 days of
//! `today` is a warning, an end date before `today` an error.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::age::full_years;
use super::declared::Validity;
use super::validity_term::{allowed_terms, rule_en, rule_zh, term_for_age, Term};
use crate::finding::{Field, Finding};
use crate::id::IdType;

/// How many days before the end an ID counts as expiring soon.
const EXPIRING_SOON_DAYS: u64 = 30;

pub(crate) fn check(
    id_type: IdType,
    birth_date: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<Validity>,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(from) = valid_from {
        findings.extend(start_findings(from, birth_date, today));
        if let Some(to) = valid_to {
            findings.extend(term_findings(id_type, birth_date, from, to));
        }
    }
    if let Some(Validity::Until(end)) = valid_to {
        findings.extend(expiry_finding(end, today));
    }
    findings
}

fn start_findings(
    from: NaiveDate,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if from > today {
        findings.push(Finding::error(
            "valid_from_future",
            Some(Field::ValidFrom),
            format!("有效期起始日期{from}晚于今天"),
            format!("the validity start {from} is after today"),
        ));
    }
    if let Some(birth) = birth_date.filter(|birth| from < *birth) {
        findings.push(Finding::error(
            "valid_from_before_birth",
            Some(Field::ValidFrom),
            format!("有效期起始日期{from}早于出生日期{birth}"),
            format!("the validity start {from} is before the birth date {birth}"),
        ));
    }
    findings
}

fn term_findings(
    id_type: IdType,
    birth_date: Option<NaiveDate>,
    from: NaiveDate,
    to: Validity,
) -> Option<Finding> {
    let declared = match declared_term(id_type, from, to) {
        Ok(Some(term)) => term,
        Ok(None) => return None,
        Err(finding) => return Some(finding),
    };
    let birth = birth_date?;
    let age = full_years(birth, from)?;
    let expected = term_for_age(id_type, age)?;
    if declared == expected {
        return None;
    }
    let age_a_year_earlier =
        from.checked_sub_months(Months::new(12)).and_then(|earlier| full_years(birth, earlier));
    let fits_a_year_earlier = age_a_year_earlier
        .and_then(|earlier_age| term_for_age(id_type, earlier_age))
        .is_some_and(|term| term == declared);
    let (rule_zh, rule_en) = (rule_zh(id_type), rule_en(id_type));
    let (declared_zh, declared_en) = (declared.describe_zh(), declared.describe_en());
    let (expected_zh, expected_en) = (expected.describe_zh(), expected.describe_en());
    Some(if fits_a_year_earlier {
        Finding::warning(
            "validity_age_boundary",
            Some(Field::ValidTo),
            format!(
                "有效期限{declared_zh}与签发时年龄（{age}周岁，应为{expected_zh}）不符，但符合签发前一年内的年龄（可能申请早于签发），请人工核对"
            ),
            format!(
                "a {declared_en} term does not fit the holder's age at issue ({age}, so {expected_en}) but fits their age within the year before (the application may precede the issue); check by hand"
            ),
        )
    } else {
        Finding::error(
            "validity_age_mismatch",
            Some(Field::ValidTo),
            format!(
                "有效期限与年龄不符：签发时持证人{age}周岁，{}应为{expected_zh}，填写为{declared_zh}（规定：{rule_zh}）",
                id_type.name_zh()
            ),
            format!(
                "the validity term does not fit the holder's age: {age} at issue, so a {} is valid for {expected_en}, but {declared_en} was declared (rule: {rule_en})",
                id_type.name_en()
            ),
        )
    })
}

/// The legal term the declared period amounts to; `Ok(None)` when the type has no rule, `Err` with
/// the finding when the period is no legal term.
fn declared_term(id_type: IdType, from: NaiveDate, to: Validity) -> Result<Option<Term>, Finding> {
    let allowed = allowed_terms(id_type);
    let end = match to {
        Validity::LongTerm if allowed.is_empty() || allowed.contains(&Term::LongTerm) => {
            return Ok(Some(Term::LongTerm).filter(|_| !allowed.is_empty()));
        }
        Validity::LongTerm => {
            return Err(Finding::error(
                "validity_length_wrong",
                Some(Field::ValidTo),
                format!("{}没有长期有效期，有效期限应为{}", id_type.name_zh(), list_zh(allowed)),
                format!(
                    "a {} is never valid long-term; its term is {}",
                    id_type.name_en(),
                    list_en(allowed)
                ),
            ))
        }
        Validity::Until(end) => end,
    };
    if end <= from {
        return Err(Finding::error(
            "validity_end_before_start",
            Some(Field::ValidTo),
            format!("有效期截止日期{end}不晚于起始日期{from}"),
            format!("the validity end {end} is not after its start {from}"),
        ));
    }
    if allowed.is_empty() {
        return Ok(None);
    }
    let matching = allowed.iter().copied().find(|term| match term {
        Term::Years(years) => ends_after_years(from, end, *years),
        Term::LongTerm => false,
    });
    matching.map(Some).ok_or_else(|| {
        Finding::error(
            "validity_length_wrong",
            Some(Field::ValidTo),
            format!(
                "有效期限不符合规定：{}有效期应为{}，填写的{from}至{end}不是整年限（起止日期的月、日应相同）",
                id_type.name_zh(),
                list_zh(allowed)
            ),
            format!(
                "the validity period {from} to {end} is not a legal term: a {} is valid for {} (start and end on the same month and day)",
                id_type.name_en(),
                list_en(allowed)
            ),
        )
    })
}

/// Whether `end` is `years` years after `from` on the same month and day; an ID issued on
/// 29 February may end on 28 February or 1 March of a common year.
fn ends_after_years(from: NaiveDate, end: NaiveDate, years: u32) -> bool {
    let Some(exact) =
        years.checked_mul(12).and_then(|months| from.checked_add_months(Months::new(months)))
    else {
        return false;
    };
    if end == exact {
        return true;
    }
    let leap_day_start = from.month() == 2 && from.day() == 29;
    leap_day_start && exact.checked_add_days(Days::new(1)) == Some(end)
}

fn expiry_finding(end: NaiveDate, today: NaiveDate) -> Option<Finding> {
    if end < today {
        return Some(Finding::error(
            "id_expired",
            Some(Field::ValidTo),
            format!("证件已过期：有效期至{end}"),
            format!("the ID expired: valid until {end}"),
        ));
    }
    let soon = today.checked_add_days(Days::new(EXPIRING_SOON_DAYS))?;
    if end > soon {
        return None;
    }
    let days_left = (end - today).num_days();
    Some(Finding::warning(
        "id_expiring_soon",
        Some(Field::ValidTo),
        format!("证件即将到期：有效期至{end}，还剩{days_left}天"),
        format!("the ID expires soon: valid until {end}, {days_left} days left"),
    ))
}

fn list_zh(terms: &[Term]) -> String {
    join(terms.iter().map(Term::describe_zh).collect(), "、", "或")
}

fn list_en(terms: &[Term]) -> String {
    join(terms.iter().map(Term::describe_en).collect(), ", ", " or ")
}

/// `a、b或c` / `a, b or c`.
fn join(mut items: Vec<String>, separator: &str, last_separator: &str) -> String {
    match items.pop() {
        None => String::new(),
        Some(last) if items.is_empty() => last,
        Some(last) => format!("{}{last_separator}{last}", items.join(separator)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn whole_years_and_leap_days() {
        assert!(ends_after_years(date(2015, 3, 12), date(2025, 3, 12), 10));
        assert!(!ends_after_years(date(2015, 3, 12), date(2025, 3, 11), 10));
        assert!(ends_after_years(date(2016, 2, 29), date(2021, 2, 28), 5));
        assert!(ends_after_years(date(2016, 2, 29), date(2021, 3, 1), 5));
        assert!(ends_after_years(date(2016, 2, 29), date(2036, 2, 29), 20));
        assert!(!ends_after_years(date(2016, 2, 28), date(2021, 3, 1), 5));
        assert!(!ends_after_years(NaiveDate::MAX, NaiveDate::MAX, 5));
    }

    #[test]
    fn joins_term_lists() {
        let terms = allowed_terms(IdType::Resident);
        assert_eq!(list_zh(terms), "5年、10年、20年或长期");
        assert_eq!(list_en(terms), "5 years, 10 years, 20 years or long-term");
        assert_eq!(list_zh(allowed_terms(IdType::HkMacauPermit)), "5年");
        assert_eq!(list_zh(&[]), "");
    }
}
