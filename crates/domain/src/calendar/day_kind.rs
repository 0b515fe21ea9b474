//! What kind of day a date is in China's working-day calendar, and the holiday names attached
//! to exception days.

use serde::{Deserialize, Serialize};

use crate::finding::Lang;

/// A holiday's name in Chinese and English, as the calendar dataset gives it
/// (e.g. `国庆节` / `National Day`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct HolidayName {
    pub zh: String,
    pub en: String,
}

impl HolidayName {
    /// The name in the requested language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The kind of a calendar day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Workday,
    /// An ordinary Saturday or Sunday (also one that falls inside a holiday period).
    Weekend,
    /// A Monday–Friday that is a day off for the named holiday.
    Holiday { name: HolidayName },
    /// A Saturday or Sunday that is a make-up working day (调休) for the named holiday.
    MakeupWorkday { name: HolidayName },
}

impl DayKind {
    /// Whether people work on this day.
    pub fn is_workday(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday { .. })
    }

    /// The holiday this day belongs to, for an exception day.
    pub fn holiday_name(&self) -> Option<&HolidayName> {
        match self {
            DayKind::Holiday { name } | DayKind::MakeupWorkday { name } => Some(name),
            DayKind::Workday | DayKind::Weekend => None,
        }
    }

    /// A short label for the reviewer, e.g. `国庆节放假`, `国庆节调休上班`, `工作日`, `周末`.
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (DayKind::Workday, Lang::Zh) => "工作日".to_owned(),
            (DayKind::Workday, Lang::En) => "working day".to_owned(),
            (DayKind::Weekend, Lang::Zh) => "周末".to_owned(),
            (DayKind::Weekend, Lang::En) => "weekend".to_owned(),
            (DayKind::Holiday { name }, Lang::Zh) => format!("{}放假", name.zh),
            (DayKind::Holiday { name }, Lang::En) => format!("{} holiday", name.en),
            (DayKind::MakeupWorkday { name }, Lang::Zh) => format!("{}调休上班", name.zh),
            (DayKind::MakeupWorkday { name }, Lang::En) => {
                format!("make-up working day for {}", name.en)
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn national_day() -> HolidayName {
        HolidayName { zh: "国庆节".to_owned(), en: "National Day".to_owned() }
    }

    #[test]
    fn workday_flags() {
        assert!(DayKind::Workday.is_workday());
        assert!(DayKind::MakeupWorkday { name: national_day() }.is_workday());
        assert!(!DayKind::Weekend.is_workday());
        assert!(!DayKind::Holiday { name: national_day() }.is_workday());
    }

    #[test]
    fn labels_name_the_holiday() {
        let holiday = DayKind::Holiday { name: national_day() };
        assert_eq!(holiday.label(Lang::Zh), "国庆节放假");
        assert_eq!(holiday.label(Lang::En), "National Day holiday");
        let makeup = DayKind::MakeupWorkday { name: national_day() };
        assert_eq!(makeup.label(Lang::Zh), "国庆节调休上班");
        assert_eq!(makeup.holiday_name().unwrap().get(Lang::En), "National Day");
        assert_eq!(DayKind::Weekend.holiday_name(), None);
    }

    #[test]
    fn serialises_with_a_kind_tag() {
        let json = serde_json::to_value(DayKind::Holiday { name: national_day() }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "holiday", "name": {"zh": "国庆节", "en": "National Day"}})
        );
        assert_eq!(
            serde_json::to_value(DayKind::Weekend).unwrap(),
            serde_json::json!({"kind": "weekend"})
        );
    }
}
