//! Properties of due dates over random dates of the covered years: the due date is a working day
//! strictly after the submission, exactly `n` working days away, or a `YearNotCovered` error when
//! those days would run past the last covered year.

#![allow(clippy::unwrap_used)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use reviewdesk_domain::calendar::{CalendarError, WorkCalendar};

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2004, 1, 1).unwrap()
}

fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
}

/// Any day of 2004–2026.
fn covered_date() -> impl Strategy<Value = NaiveDate> {
    let span = u64::try_from(last_day().signed_duration_since(first_day()).num_days()).unwrap();
    (0..=span).prop_map(|offset| first_day() + Days::new(offset))
}

proptest! {
    // No failure persistence: integration tests have no lib.rs beside them to store it by.
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn due_date_is_the_nth_working_day_after_submission(submitted in covered_date(), n in 1u32..=40) {
        let calendar = WorkCalendar::bundled();
        match calendar.due_date(submitted, n) {
            Ok(due) => {
                prop_assert!(due > submitted);
                prop_assert!(calendar.is_workday(due).unwrap());
                let next = submitted.succ_opt().unwrap();
                prop_assert_eq!(calendar.workdays(next, due).unwrap().len(), n as usize);
                prop_assert_eq!(calendar.working_days_left(submitted, due).unwrap(), i64::from(n));
                prop_assert_eq!(calendar.working_days_left(due, due).unwrap(), 0);
            }
            Err(err) => {
                prop_assert_eq!(err, CalendarError::YearNotCovered { year: 2027, covered: (2004, 2026) });
                // Only legitimate when fewer than n working days remain in the covered years.
                let remaining = match submitted.succ_opt().filter(|next| *next <= last_day()) {
                    Some(next) => calendar.workdays(next, last_day()).unwrap().len(),
                    None => 0,
                };
                prop_assert!(remaining < n as usize);
            }
        }
    }

    #[test]
    fn working_days_left_mirrors_when_swapped(a in covered_date(), b in covered_date()) {
        let calendar = WorkCalendar::bundled();
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let ahead = calendar.working_days_left(early, late).unwrap();
        let behind = calendar.working_days_left(late, early).unwrap();
        prop_assert!(ahead >= 0);
        if early == late {
            prop_assert_eq!(behind, 0);
        } else {
            prop_assert_eq!(behind, -ahead.max(1));
        }
    }
}
