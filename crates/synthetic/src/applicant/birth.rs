//! Birth dates of adult applicants (18–60 on `today`, most of them 20–35 like real teacher
//! applicants), ages in completed years, and the plausible slips behind a wrong declared birth
//! date.

use chrono::{Datelike, Days, Months, NaiveDate};
pub(crate) use reviewdesk_domain::consistency::full_years;

use crate::random::Draws;

/// The youngest and oldest applicant, in completed years on `today`.
pub(crate) const YOUNGEST: u32 = 18;
pub(crate) const OLDEST: u32 = 60;

/// `date` plus whole years (28 February for a 29 February start in a common year).
pub(crate) fn add_years(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// `date` minus whole years.
pub(crate) fn sub_years(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_sub_months(Months::new(years.checked_mul(12)?))
}

/// A uniformly drawn day in `low..=high`; `low` when the range is empty.
pub(crate) fn day_between(draws: &mut Draws, low: NaiveDate, high: NaiveDate) -> NaiveDate {
    let span = (high - low).num_days();
    let offset = u64::try_from(draws.between(0, span)).unwrap_or(0);
    low.checked_add_days(Days::new(offset)).unwrap_or(low)
}

/// A birth date making the holder 18–60 on `today`: 70 % are 20–35.
pub(crate) fn adult_birth_date(draws: &mut Draws, today: NaiveDate) -> NaiveDate {
    let age = if draws.chance(0.7) {
        draws.between_u32(20, 35)
    } else {
        draws.between_u32(YOUNGEST, OLDEST)
    };
    // Born after `today - (age + 1) years` and on or before `today - age years`.
    let latest = sub_years(today, age).unwrap_or(today);
    let earliest = sub_years(today, age + 1)
        .and_then(|date| date.checked_add_days(Days::new(1)))
        .unwrap_or(latest);
    let birth = day_between(draws, earliest, latest);
    match full_years(birth, today) {
        Some(years) if (YOUNGEST..=OLDEST).contains(&years) => birth,
        // Only reachable through leap-day arithmetic at the window's ends.
        _ => latest,
    }
}

/// A different, plausible birth date someone might type instead of `birth`: day and month
/// swapped, a neighbouring day, month or year. Never after `today`, never equal to `birth`.
pub(crate) fn mistyped(draws: &mut Draws, birth: NaiveDate, today: NaiveDate) -> NaiveDate {
    let swapped = NaiveDate::from_ymd_opt(birth.year(), birth.day(), birth.month());
    let candidates = [
        swapped,
        birth.checked_add_days(Days::new(1)),
        birth.checked_sub_days(Days::new(1)),
        birth.checked_add_months(Months::new(1)),
        birth.checked_sub_months(Months::new(1)),
        add_years(birth, 1),
        sub_years(birth, 1),
        sub_years(birth, 10),
    ];
    let usable: Vec<NaiveDate> =
        candidates.into_iter().flatten().filter(|date| *date != birth && *date <= today).collect();
    draws
        .pick(&usable)
        .copied()
        .unwrap_or_else(|| birth.checked_sub_days(Days::new(2)).unwrap_or(NaiveDate::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Purpose;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn adults_only() {
        let mut draws = Draws::new(11, Purpose::Applicant, 0);
        for today in [date(2026, 3, 2), date(2024, 2, 29), date(2025, 12, 31)] {
            for _ in 0..2000 {
                let birth = adult_birth_date(&mut draws, today);
                let age = full_years(birth, today).unwrap_or(0);
                assert!((YOUNGEST..=OLDEST).contains(&age), "{birth} {today}");
            }
        }
    }

    #[test]
    fn mistyped_dates_differ_and_are_not_in_the_future() {
        let mut draws = Draws::new(12, Purpose::Applicant, 0);
        let today = date(2026, 3, 2);
        for birth in [date(1990, 1, 5), date(2000, 2, 29), date(2008, 3, 1), date(1970, 12, 31)] {
            for _ in 0..50 {
                let typed = mistyped(&mut draws, birth, today);
                assert_ne!(typed, birth);
                assert!(typed <= today);
            }
        }
    }

    #[test]
    fn year_arithmetic() {
        assert_eq!(full_years(date(2000, 2, 29), date(2017, 2, 28)), Some(16));
        assert_eq!(full_years(date(2000, 2, 29), date(2017, 3, 1)), Some(17));
        assert_eq!(full_years(date(2000, 1, 2), date(2000, 1, 1)), None);
        assert_eq!(add_years(date(2016, 2, 29), 5), Some(date(2021, 2, 28)));
        assert_eq!(sub_years(date(2026, 3, 2), 10), Some(date(2016, 3, 2)));
    }
}
