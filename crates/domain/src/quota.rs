//! The manual-review allowance: review periods (1 January – 31 August and 1 September –
//! 31 December) and the 3 requests an applicant may make in each.
//!
//! Pure arithmetic: the caller supplies the date and how many requests the applicant already
//! made in that date's period.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::finding::Lang;

/// Manual reviews an applicant may request per period.
pub const REVIEWS_PER_PERIOD: u32 = 3;

/// A review period, both ends inclusive: 1 Jan – 31 Aug or 1 Sep – 31 Dec of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The period `date` falls in.
    pub fn containing(date: NaiveDate) -> Period {
        let year = date.year();
        // Every year chrono can represent has these four days, so the fallback never applies.
        let day = |month, day| NaiveDate::from_ymd_opt(year, month, day).unwrap_or(date);
        if date.month() <= 8 {
            Period { start: day(1, 1), end: day(8, 31) }
        } else {
            Period { start: day(9, 1), end: day(12, 31) }
        }
    }

    /// Whether `date` lies in this period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The first day of the following period, when the allowance renews; `None` only at the end
    /// of chrono's date range.
    pub fn next_start(&self) -> Option<NaiveDate> {
        self.end.succ_opt()
    }

    /// E.g. `2025年1月1日至8月31日`.
    pub fn label_zh(&self) -> String {
        format!(
            "{}年{}月{}日至{}月{}日",
            self.start.year(),
            self.start.month(),
            self.start.day(),
            self.end.month(),
            self.end.day()
        )
    }

    /// E.g. `1 Jan – 31 Aug 2025`.
    pub fn label_en(&self) -> String {
        format!("{} – {}", self.start.format("%-d %b"), self.end.format("%-d %b %Y"))
    }

    /// The label in the requested language.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }
}

/// Where an applicant stands with their allowance on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct QuotaStatus {
    /// The period the day falls in.
    pub period: Period,
    /// Requests already made in this period.
    pub used: u32,
    /// The number of the next request (1..=3), or `None` when the allowance is used up.
    pub attempt: Option<u32>,
    /// Requests still allowed in this period.
    pub attempts_left: u32,
}

impl QuotaStatus {
    /// Whether the applicant may request another manual review in this period.
    pub fn may_request(&self) -> bool {
        self.attempt.is_some()
    }
}

/// The allowance on `date` for an applicant who already made `previous_requests_in_period`
/// requests in that date's period. More requests than allowed (bad data upstream) count as used
/// up, never as a negative allowance.
pub fn quota_status(date: NaiveDate, previous_requests_in_period: u32) -> QuotaStatus {
    let used = previous_requests_in_period;
    let attempts_left = REVIEWS_PER_PERIOD.saturating_sub(used);
    QuotaStatus {
        period: Period::containing(date),
        used,
        attempt: (attempts_left > 0).then(|| used + 1),
        attempts_left,
    }
}

/// Whether request number `attempt` is the last one of its period (the 3rd): rejecting it leaves
/// the applicant without a retry until the next period, so such a rejection needs a second
/// reviewer (four-eyes). Numbers above 3 (bad data upstream) count as last too.
pub fn is_last_attempt(attempt: u32) -> bool {
    attempt >= REVIEWS_PER_PERIOD
}
