//! Validity periods that fit the rules: the term follows the holder's age at issue (居民身份证法
//! art. 5 for resident IDs: under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46+ → long-term;
//! residence permits and Taiwan travel permits 5 years; foreign permanent residence IDs and
//! Hong Kong/Macau travel permits 5 years under 18, else 10; Chinese passports 5 years under 16,
//! else 10), each document type is issued no earlier than its current form exists, and a current
//! document is neither expired nor expiring within two months.

use chrono::{Days, NaiveDate};
use reviewdesk_domain::consistency::Validity;
use reviewdesk_domain::id::IdType;

use super::birth::{add_years, day_between, full_years, sub_years};
use crate::random::Draws;

/// Attempts before settling for the fallback issue date.
const ATTEMPTS: usize = 32;

/// A current document expires later than this many days after `today`, so it raises neither
/// `id_expired` nor `id_expiring_soon`.
const CURRENT_MARGIN_DAYS: u64 = 60;

/// A validity term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Years(u32),
    LongTerm,
}

/// The legal term of `id_type` for a holder of `age` completed years at issue.
fn term_for(id_type: IdType, age: u32) -> Term {
    match id_type {
        IdType::Resident => match age {
            0..=15 => Term::Years(5),
            16..=25 => Term::Years(10),
            26..=45 => Term::Years(20),
            _ => Term::LongTerm,
        },
        IdType::HkMacauPermit | IdType::TaiwanPermit | IdType::TaiwanTravel => Term::Years(5),
        IdType::ForeignPermanent | IdType::HkMacauTravel => {
            Term::Years(if age < 18 { 5 } else { 10 })
        }
        IdType::Passport => Term::Years(if age < 16 { 5 } else { 10 }),
    }
}

/// The first day the current form of the document (and so the numbers generated) was issued.
fn first_issue_day(id_type: IdType) -> NaiveDate {
    let (year, month, day) = match id_type {
        // Second-generation resident IDs.
        IdType::Resident => (2004, 3, 29),
        // Residence permits for Hong Kong, Macau and Taiwan residents.
        IdType::HkMacauPermit | IdType::TaiwanPermit => (2018, 9, 1),
        // The 18-digit foreign permanent residence ID.
        IdType::ForeignPermanent => (2023, 12, 1),
        // The card-form travel permits (letter + 8 digits; 8 digits).
        IdType::HkMacauTravel => (2013, 1, 2),
        IdType::TaiwanTravel => (2015, 7, 1),
        IdType::Passport => (2012, 5, 15),
    };
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The validity period a document prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) valid_from: NaiveDate,
    pub(crate) valid_to: Validity,
}

fn period(id_type: IdType, birth: NaiveDate, from: NaiveDate) -> Option<Period> {
    let age = full_years(birth, from)?;
    let valid_to = match term_for(id_type, age) {
        Term::LongTerm => Validity::LongTerm,
        Term::Years(years) => Validity::Until(add_years(from, years)?),
    };
    Some(Period { valid_from: from, valid_to })
}

/// A period running on `today` and for more than two months after, issued when the holder was
/// at least 16.
pub(crate) fn current(
    draws: &mut Draws,
    id_type: IdType,
    birth: NaiveDate,
    today: NaiveDate,
) -> Period {
    let margin = today.checked_add_days(Days::new(CURRENT_MARGIN_DAYS)).unwrap_or(today);
    let runs_past_margin = |period: &Period| match period.valid_to {
        Validity::LongTerm => true,
        Validity::Until(end) => end > margin,
    };
    // No term is longer than 20 years (long-term cards are issued from 46 on, any time).
    let earliest = [
        first_issue_day(id_type),
        add_years(birth, 16).unwrap_or(birth),
        sub_years(today, 20).unwrap_or(today),
    ]
    .into_iter()
    .max()
    .unwrap_or(today);
    let latest = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    for _ in 0..ATTEMPTS {
        let from = day_between(draws, earliest, latest);
        if let Some(found) = period(id_type, birth, from).filter(runs_past_margin) {
            return found;
        }
    }
    // Issued a month ago: every term is at least 5 years, so it runs well past the margin.
    let from = today.checked_sub_days(Days::new(30)).unwrap_or(today).max(birth);
    period(id_type, birth, from)
        .unwrap_or(Period { valid_from: from, valid_to: Validity::LongTerm })
}

/// A period that ended before `today`, issued when the holder was at least 10 (children may
/// apply for a resident ID at any age, with a 5-year term); `None` when no such period of this
/// document type is possible yet (e.g. 10-year foreign permanent residence IDs first issued in
/// December 2023).
pub(crate) fn expired(
    draws: &mut Draws,
    id_type: IdType,
    birth: NaiveDate,
    today: NaiveDate,
) -> Option<Period> {
    let last_valid_day = today.checked_sub_days(Days::new(2))?;
    let ended = |period: &Period| match period.valid_to {
        Validity::LongTerm => false,
        Validity::Until(end) => end <= last_valid_day,
    };
    let earliest = first_issue_day(id_type).max(add_years(birth, 10)?);
    // No term is shorter than 5 years.
    let latest = sub_years(last_valid_day, 5)?;
    if latest < earliest {
        return None;
    }
    (0..ATTEMPTS).find_map(|_| {
        let from = day_between(draws, earliest, latest);
        period(id_type, birth, from).filter(ended)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applicant::birth::adult_birth_date;
    use crate::random::Purpose;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn current_periods_follow_the_age_rule_and_run_on_today() {
        let mut draws = Draws::new(15, Purpose::Applicant, 0);
        let today = date(2026, 3, 2);
        for id_type in IdType::ALL {
            for _ in 0..300 {
                let birth = adult_birth_date(&mut draws, today);
                let found = current(&mut draws, id_type, birth, today);
                assert!(found.valid_from < today && found.valid_from >= birth);
                let age = full_years(birth, found.valid_from).unwrap_or(0);
                assert_eq!(
                    Some(found),
                    period(id_type, birth, found.valid_from),
                    "{id_type} {age}"
                );
                if let Validity::Until(end) = found.valid_to {
                    assert!(
                        end > today
                            .checked_add_days(Days::new(CURRENT_MARGIN_DAYS))
                            .unwrap_or(today)
                    );
                }
            }
        }
    }

    #[test]
    fn expired_periods_end_before_today() {
        let mut draws = Draws::new(16, Purpose::Applicant, 0);
        let today = date(2026, 3, 2);
        let mut found_any = 0;
        for id_type in IdType::ALL {
            for _ in 0..100 {
                let birth = adult_birth_date(&mut draws, today);
                if let Some(found) = expired(&mut draws, id_type, birth, today) {
                    found_any += 1;
                    assert!(matches!(found.valid_to, Validity::Until(end) if end < today));
                }
            }
        }
        assert!(found_any > 300, "{found_any}");
        // The 18-digit foreign permanent residence ID has not existed for 5 years yet.
        let birth = date(1980, 1, 1);
        assert_eq!(expired(&mut draws, IdType::ForeignPermanent, birth, today), None);
    }

    #[test]
    fn terms() {
        assert_eq!(term_for(IdType::Resident, 15), Term::Years(5));
        assert_eq!(term_for(IdType::Resident, 25), Term::Years(10));
        assert_eq!(term_for(IdType::Resident, 45), Term::Years(20));
        assert_eq!(term_for(IdType::Resident, 46), Term::LongTerm);
        assert_eq!(term_for(IdType::HkMacauTravel, 17), Term::Years(5));
        assert_eq!(term_for(IdType::ForeignPermanent, 30), Term::Years(10));
    }
}
