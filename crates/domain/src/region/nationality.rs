//! ISO 3166-1 countries (numeric and alpha-3 codes, Chinese and English names) from
//! `assets/regions/iso3166.tsv`, for the nationality a foreigner's permanent residence ID encodes.

use std::sync::OnceLock;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::tsv;

const TABLE: &str = include_str!("../../../../assets/regions/iso3166.tsv");

/// A nationality (an ISO 3166-1 country).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
pub struct Nationality {
    /// Three digits, e.g. `"840"`.
    pub numeric: &'static str,
    /// Three upper-case letters, e.g. `"USA"`.
    pub alpha3: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

/// Every country in the table, in numeric-code order.
pub fn nationalities() -> &'static [Nationality] {
    static PARSED: OnceLock<Vec<Nationality>> = OnceLock::new();
    PARSED.get_or_init(|| {
        tsv::rows(TABLE)
            .filter_map(|cells| match cells.as_slice() {
                [numeric, alpha3, name_zh, name_en] => {
                    Some(Nationality { numeric, alpha3, name_zh, name_en })
                }
                _ => None,
            })
            .collect()
    })
}

/// The country with this ISO 3166-1 numeric code (three digits, e.g. `"840"`).
pub fn nationality_by_numeric(code: &str) -> Option<&'static Nationality> {
    nationalities().iter().find(|entry| entry.numeric == code)
}

/// The country with this ISO 3166-1 alpha-3 code (e.g. `"USA"`; case-insensitive).
pub fn nationality_by_alpha3(code: &str) -> Option<&'static Nationality> {
    nationalities().iter().find(|entry| entry.alpha3.eq_ignore_ascii_case(code))
}

/// Read back by its numeric code alone (the names come from this build's table). An unknown code
/// is an error.
impl<'de> Deserialize<'de> for Nationality {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nationality, D::Error> {
        #[derive(Deserialize)]
        struct Coded {
            numeric: String,
        }
        let Coded { numeric } = Coded::deserialize(deserializer)?;
        nationality_by_numeric(&numeric)
            .copied()
            .ok_or_else(|| D::Error::custom(format!("unknown country code {numeric:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_parses() {
        let data_lines =
            TABLE.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).count();
        assert_eq!(nationalities().len(), data_lines);
        assert!(nationalities().iter().all(|n| n.numeric.len() == 3
            && n.alpha3.len() == 3
            && !n.name_zh.is_empty()
            && !n.name_en.is_empty()));
    }

    #[test]
    fn looks_up_by_either_code() {
        let usa = nationality_by_numeric("840").expect("USA is in the table");
        assert_eq!((usa.alpha3, usa.name_zh, usa.name_en), ("USA", "美国", "United States"));
        assert_eq!(nationality_by_alpha3("kor").map(|n| n.name_zh), Some("韩国"));
        assert_eq!(nationality_by_alpha3("XYZ"), None);
        assert_eq!(nationality_by_numeric("999"), None);
        assert_eq!(nationality_by_numeric(""), None);
    }

    #[test]
    fn crosses_the_wire_by_its_numeric_code() {
        let usa = *nationality_by_numeric("840").expect("USA is in the table");
        let json = serde_json::to_string(&usa).expect("serialises");
        assert_eq!(serde_json::from_str::<Nationality>(&json).ok(), Some(usa));
        assert!(serde_json::from_str::<Nationality>(r#"{"numeric":"999"}"#).is_err());
    }
}
