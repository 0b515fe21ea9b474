//! The validity terms the law and the issuing authorities allow, per document type and the
//! holder's age at issue.
//!
//! - 居民身份证 (居民身份证法 art. 5): under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46+ → long-term.
//! - 港澳居民居住证, 台湾居民居住证: 5 years.
//! - 外国人永久居留身份证: under 18 → 5 years, else 10.
//! - 港澳居民来往内地通行证: under 18 → 5 years, else 10 (Exit-Entry Administration rule).
//! - 台湾居民来往大陆通行证: 5 years (the multiple-entry card).
//! - 护照: no rule (foreign passports vary).

use crate::id::IdType;

/// A validity term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Term {
    Years(u32),
    LongTerm,
}

impl Term {
    pub(crate) fn describe_zh(&self) -> String {
        match self {
            Term::Years(years) => format!("{years}年"),
            Term::LongTerm => "长期".to_owned(),
        }
    }

    pub(crate) fn describe_en(&self) -> String {
        match self {
            Term::Years(years) => format!("{years} years"),
            Term::LongTerm => "long-term".to_owned(),
        }
    }
}

/// Every term a document type can have; empty when the type has no rule.
pub(crate) fn allowed_terms(id_type: IdType) -> &'static [Term] {
    match id_type {
        IdType::Resident => &[Term::Years(5), Term::Years(10), Term::Years(20), Term::LongTerm],
        IdType::HkMacauPermit | IdType::TaiwanPermit | IdType::TaiwanTravel => &[Term::Years(5)],
        IdType::ForeignPermanent | IdType::HkMacauTravel => &[Term::Years(5), Term::Years(10)],
        IdType::Passport => &[],
    }
}

/// The term the rules give a holder of `age` completed years at issue; `None` when the type has
/// no rule.
pub(crate) fn term_for_age(id_type: IdType, age: u32) -> Option<Term> {
    match id_type {
        IdType::Resident => Some(match age {
            0..=15 => Term::Years(5),
            16..=25 => Term::Years(10),
            26..=45 => Term::Years(20),
            _ => Term::LongTerm,
        }),
        IdType::HkMacauPermit | IdType::TaiwanPermit | IdType::TaiwanTravel => Some(Term::Years(5)),
        IdType::ForeignPermanent | IdType::HkMacauTravel => {
            Some(if age < 18 { Term::Years(5) } else { Term::Years(10) })
        }
        IdType::Passport => None,
    }
}

/// The rule in words, for messages.
pub(crate) fn rule_zh(id_type: IdType) -> &'static str {
    match id_type {
        IdType::Resident => "未满16周岁5年，16至25周岁10年，26至45周岁20年，46周岁以上长期",
        IdType::HkMacauPermit | IdType::TaiwanPermit | IdType::TaiwanTravel => "5年",
        IdType::ForeignPermanent | IdType::HkMacauTravel => "未满18周岁5年，18周岁以上10年",
        IdType::Passport => "无统一规定",
    }
}

pub(crate) fn rule_en(id_type: IdType) -> &'static str {
    match id_type {
        IdType::Resident => "under 16: 5 years, 16-25: 10, 26-45: 20, 46 and over: long-term",
        IdType::HkMacauPermit | IdType::TaiwanPermit | IdType::TaiwanTravel => "5 years",
        IdType::ForeignPermanent | IdType::HkMacauTravel => "under 18: 5 years, 18 and over: 10",
        IdType::Passport => "no common rule",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_terms_follow_article_5() {
        let term = |age| term_for_age(IdType::Resident, age);
        assert_eq!(term(0), Some(Term::Years(5)));
        assert_eq!(term(15), Some(Term::Years(5)));
        assert_eq!(term(16), Some(Term::Years(10)));
        assert_eq!(term(25), Some(Term::Years(10)));
        assert_eq!(term(26), Some(Term::Years(20)));
        assert_eq!(term(45), Some(Term::Years(20)));
        assert_eq!(term(46), Some(Term::LongTerm));
        assert_eq!(term(120), Some(Term::LongTerm));
    }

    #[test]
    fn other_types() {
        assert_eq!(term_for_age(IdType::HkMacauPermit, 40), Some(Term::Years(5)));
        assert_eq!(term_for_age(IdType::ForeignPermanent, 17), Some(Term::Years(5)));
        assert_eq!(term_for_age(IdType::ForeignPermanent, 18), Some(Term::Years(10)));
        assert_eq!(term_for_age(IdType::Passport, 30), None);
    }

    #[test]
    fn every_rule_term_is_allowed() {
        for id_type in IdType::ALL {
            for age in 0..130 {
                if let Some(term) = term_for_age(id_type, age) {
                    assert!(allowed_terms(id_type).contains(&term), "{id_type} {age}");
                }
            }
        }
    }
}
