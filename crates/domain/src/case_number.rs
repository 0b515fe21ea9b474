//! The case number people quote: `11-20261206-0042` — the province code, the Beijing date the
//! submission arrived, and its sequence number that day in that province (at least four digits).
//! Short enough to read over the phone, unique per deployment (the store hands out the sequence),
//! and telling nothing personal.

use chrono::NaiveDate;

/// Writes a case number.
pub fn format(province: &str, beijing_day: NaiveDate, sequence: u32) -> String {
    format!("{province}-{}-{sequence:04}", beijing_day.format("%Y%m%d"))
}

/// The parts of a case number: province code, Beijing date, sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    pub province: String,
    pub day: NaiveDate,
    pub sequence: u32,
}

impl CaseNumber {
    /// Reads a case number as a person may type it: surrounding spaces ignored, full-width digits
    /// and dashes (from a Chinese input method) accepted. `None` when it is not one.
    pub fn parse(text: &str) -> Option<CaseNumber> {
        let text: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '—' | '–' => '-',
                other => other,
            })
            .collect();
        let mut parts = text.split('-');
        let (province, day, sequence) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || province.len() != 2
            || !province.bytes().all(|b| b.is_ascii_digit())
            || day.len() != 8
            || sequence.len() < 4
            || !sequence.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let day = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
        Some(CaseNumber { province: province.to_owned(), day, sequence: sequence.parse().ok()? })
    }

    /// The number written the one canonical way.
    pub fn canonical(&self) -> String {
        format(&self.province, self.day, self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn writes_province_date_and_four_digit_sequence() {
        assert_eq!(format("11", day(2026, 12, 6), 42), "11-20261206-0042");
        assert_eq!(format("44", day(2026, 1, 2), 12_345), "44-20260102-12345");
    }

    #[test]
    fn reads_what_a_person_types() {
        let wanted = CaseNumber { province: "11".into(), day: day(2026, 12, 6), sequence: 42 };
        assert_eq!(CaseNumber::parse("11-20261206-0042"), Some(wanted.clone()));
        assert_eq!(CaseNumber::parse("  １１－２０２６１２０６－００４２ "), Some(wanted.clone()));
        assert_eq!(CaseNumber::parse("11-20261206-0042").unwrap().canonical(), "11-20261206-0042");
        for not_one in [
            "",
            "11-20261206",
            "11-20261306-0042",
            "1-20261206-0042",
            "11-20261206-42",
            "11-20261206-0042-1",
            "贾秀",
            "220102199003071247",
            "11-2026120x-0042",
        ] {
            assert_eq!(CaseNumber::parse(not_one), None, "{not_one}");
        }
    }
}
