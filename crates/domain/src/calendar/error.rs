//! Why a working-day question could not be answered: the errors of [`WorkCalendar`]'s queries,
//! with stable codes and Chinese and English messages.
//!
//! [`WorkCalendar`]: super::WorkCalendar

use chrono::NaiveDate;

use crate::finding::Lang;

/// A working-day query the calendar cannot answer. `Display` gives the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date falls in a year whose holiday arrangement the calendar does not know.
    #[error("{year} 年的节假日安排尚未收录（已收录 {}–{} 年），无法计算工作日", .covered.0, .covered.1)]
    YearNotCovered {
        year: i32,
        /// The covered years, first and last.
        covered: (i32, i32),
    },
    /// A date range whose start is after its end.
    #[error("日期范围无效：开始日期 {from} 晚于结束日期 {to}")]
    BadRange { from: NaiveDate, to: NaiveDate },
    /// A due date asked for zero working days.
    #[error("工作日天数必须至少为 1")]
    ZeroWorkingDays,
    /// The calendar holds no data at all (the bundled file could not be read).
    #[error("没有可用的节假日数据（{detail}），无法计算工作日")]
    NoData { detail: String },
    /// A year after the covered ones that not even a provisional answer can be computed for
    /// (the lunar dates of its statutory holidays are known only for 1901–2099).
    #[error("{year} 年超出可推算的范围（{}–{} 年），无法计算工作日", .computable.0, .computable.1)]
    YearNotComputable {
        year: i32,
        /// The years a provisional answer can be computed for, first and last.
        computable: (i32, i32),
    },
}

impl CalendarError {
    /// Stable snake_case code; never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::YearNotCovered { .. } => "year_not_covered",
            CalendarError::BadRange { .. } => "bad_range",
            CalendarError::ZeroWorkingDays => "zero_working_days",
            CalendarError::NoData { .. } => "no_calendar_data",
            CalendarError::YearNotComputable { .. } => "year_not_computable",
        }
    }

    /// The Chinese message (same as `Display`).
    pub fn message_zh(&self) -> String {
        self.to_string()
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        match self {
            CalendarError::YearNotCovered { year, covered: (first, last) } => format!(
                "the public holidays of {year} are not in the calendar yet (covered: {first}–{last}); \
                 working days cannot be computed"
            ),
            CalendarError::BadRange { from, to } => {
                format!("invalid date range: the start {from} is after the end {to}")
            }
            CalendarError::ZeroWorkingDays => "the number of working days must be at least 1".to_owned(),
            CalendarError::YearNotComputable { year, computable: (first, last) } => format!(
                "{year} is outside the years whose holidays can be computed ({first}–{last}); \
                 working days cannot be computed"
            ),
            CalendarError::NoData { detail } => {
                format!("no public-holiday data is available ({detail}); working days cannot be computed")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_not_covered_reads_naturally_in_both_languages() {
        let err = CalendarError::YearNotCovered { year: 2027, covered: (2004, 2026) };
        assert_eq!(err.code(), "year_not_covered");
        assert_eq!(
            err.to_string(),
            "2027 年的节假日安排尚未收录（已收录 2004–2026 年），无法计算工作日"
        );
        assert_eq!(err.message(Lang::Zh), err.to_string());
        assert_eq!(
            err.message(Lang::En),
            "the public holidays of 2027 are not in the calendar yet (covered: 2004–2026); \
             working days cannot be computed"
        );
    }

    #[test]
    fn codes_are_stable() {
        let day = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default();
        assert_eq!(CalendarError::BadRange { from: day, to: day }.code(), "bad_range");
        assert_eq!(CalendarError::ZeroWorkingDays.code(), "zero_working_days");
        assert_eq!(CalendarError::NoData { detail: String::new() }.code(), "no_calendar_data");
    }
}
