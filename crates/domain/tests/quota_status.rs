//! Review periods (1 Jan – 31 Aug, 1 Sep – 31 Dec) and the 3-requests-per-period allowance.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use proptest::prelude::*;
use reviewdesk_domain::quota::{
    is_last_attempt, quota_status, Period, QuotaStatus, REVIEWS_PER_PERIOD,
};
use reviewdesk_domain::Lang;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn first_period(year: i32) -> Period {
    Period { start: date(year, 1, 1), end: date(year, 8, 31) }
}

fn second_period(year: i32) -> Period {
    Period { start: date(year, 9, 1), end: date(year, 12, 31) }
}

#[test]
fn august_31_and_september_1_fall_in_different_periods() {
    assert_eq!(Period::containing(date(2025, 8, 31)), first_period(2025));
    assert_eq!(Period::containing(date(2025, 9, 1)), second_period(2025));
}

#[test]
fn december_31_and_january_1_fall_in_different_periods() {
    assert_eq!(Period::containing(date(2025, 12, 31)), second_period(2025));
    assert_eq!(Period::containing(date(2026, 1, 1)), first_period(2026));
}

#[test]
fn leap_day_is_in_the_first_period() {
    assert_eq!(Period::containing(date(2024, 2, 29)), first_period(2024));
    assert!(first_period(2024).contains(date(2024, 2, 29)));
}

#[test]
fn next_start_is_the_day_after_the_end() {
    assert_eq!(first_period(2025).next_start(), Some(date(2025, 9, 1)));
    assert_eq!(second_period(2025).next_start(), Some(date(2026, 1, 1)));
}

#[test]
fn labels() {
    assert_eq!(first_period(2025).label_zh(), "2025年1月1日至8月31日");
    assert_eq!(second_period(2025).label(Lang::Zh), "2025年9月1日至12月31日");
    assert_eq!(first_period(2025).label_en(), "1 Jan – 31 Aug 2025");
    assert_eq!(second_period(2025).label(Lang::En), "1 Sep – 31 Dec 2025");
}

#[test]
fn first_request_of_a_period() {
    let status = quota_status(date(2025, 3, 1), 0);
    assert_eq!(
        status,
        QuotaStatus { period: first_period(2025), used: 0, attempt: Some(1), attempts_left: 3 }
    );
    assert!(status.may_request());
}

#[test]
fn third_request_is_the_last() {
    let status = quota_status(date(2025, 10, 1), 2);
    assert_eq!(status.attempt, Some(3));
    assert_eq!(status.attempts_left, 1);
    assert!(is_last_attempt(3));
    assert!(!is_last_attempt(1));
    assert!(!is_last_attempt(2));
}

#[test]
fn exhausted_allowance() {
    let status = quota_status(date(2025, 10, 1), 3);
    assert_eq!(
        status,
        QuotaStatus { period: second_period(2025), used: 3, attempt: None, attempts_left: 0 }
    );
    assert!(!status.may_request());
    // More requests than allowed (bad upstream data) is still exhausted, never negative.
    let status = quota_status(date(2025, 10, 1), 7);
    assert_eq!((status.used, status.attempt, status.attempts_left), (7, None, 0));
    assert!(is_last_attempt(4));
}

#[test]
fn serialises_for_the_ui() {
    let json = serde_json::to_value(quota_status(date(2025, 8, 31), 1)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "period": {"start": "2025-01-01", "end": "2025-08-31"},
            "used": 1,
            "attempt": 2,
            "attempts_left": 2
        })
    );
}

proptest! {
    // No failure persistence: integration tests have no lib.rs beside them to store it by.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_day_lies_in_its_period(offset in 0u64..(400 * 366), used in 0u32..10) {
        let day = date(1900, 1, 1) + chrono::Days::new(offset);
        let status = quota_status(day, used);
        prop_assert!(status.period.contains(day));
        prop_assert_eq!(status.used + status.attempts_left, REVIEWS_PER_PERIOD.max(used));
        prop_assert_eq!(status.attempt.is_some(), used < REVIEWS_PER_PERIOD);
        let next = status.period.next_start().unwrap();
        prop_assert_eq!(Period::containing(next).start, next);
    }
}
