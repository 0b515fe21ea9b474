//! [`DeclaredIdentity`]: the identity fields an applicant entered, and [`Validity`], the declared
//! end of the ID's validity period (a date or 长期, long-term).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::{IdType, Sex};

/// The identity an applicant declared. `None` means "not declared" and skips the checks that need
/// the field.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DeclaredIdentity {
    pub id_type: IdType,
    pub id_number: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// 民族, with or without the trailing 族 (`"汉族"`, `"汉"`).
    #[serde(default)]
    pub ethnicity: Option<String>,
    /// For Hong Kong/Macau/Taiwan document types: `"香港"`/`"澳门"`/`"台湾"` (or `hk`/`macau`/
    /// `taiwan`, case-insensitive; full names and traditional characters accepted too).
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// On the wire: `"YYYY-MM-DD"` or `"long-term"` (`"长期"` is accepted when reading).
    #[serde(default)]
    #[specta(type = Option<String>)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub valid_to: Option<Validity>,
}

impl DeclaredIdentity {
    /// A declaration of only the ID type and number; every other field is undeclared.
    pub fn number_only(id_type: IdType, id_number: impl Into<String>) -> DeclaredIdentity {
        DeclaredIdentity {
            id_type,
            id_number: id_number.into(),
            name: None,
            sex: None,
            birth_date: None,
            ethnicity: None,
            region: None,
            valid_from: None,
            valid_to: None,
        }
    }
}

/// The declared end of an ID's validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validity {
    /// Valid up to and including this date.
    Until(NaiveDate),
    /// 长期: no end date.
    LongTerm,
}

/// The wire word for [`Validity::LongTerm`].
const LONG_TERM: &str = "long-term";

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validity::Until(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Validity::LongTerm => f.write_str(LONG_TERM),
        }
    }
}

/// A string that is neither a `YYYY-MM-DD` date nor `long-term`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid validity end {input:?}: expected a YYYY-MM-DD date or \"long-term\"")]
pub struct InvalidValidity {
    pub input: String,
}

impl std::str::FromStr for Validity {
    type Err = InvalidValidity;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let text = input.trim();
        if text == LONG_TERM || text == "长期" {
            return Ok(Validity::LongTerm);
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Validity::Until)
            .map_err(|_| InvalidValidity { input: input.to_owned() })
    }
}

impl Serialize for Validity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Validity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_wire_form() {
        let date = NaiveDate::from_ymd_opt(2030, 2, 3).expect("valid date");
        assert_eq!(
            serde_json::to_string(&Validity::Until(date)).ok().as_deref(),
            Some("\"2030-02-03\"")
        );
        assert_eq!(
            serde_json::to_string(&Validity::LongTerm).ok().as_deref(),
            Some("\"long-term\"")
        );
        assert_eq!(
            serde_json::from_str::<Validity>("\"2030-02-03\"").ok(),
            Some(Validity::Until(date))
        );
        assert_eq!(
            serde_json::from_str::<Validity>("\"long-term\"").ok(),
            Some(Validity::LongTerm)
        );
        assert_eq!(serde_json::from_str::<Validity>("\"长期\"").ok(), Some(Validity::LongTerm));
        assert!(serde_json::from_str::<Validity>("\"forever\"").is_err());
    }

    #[test]
    fn declared_identity_reads_minimal_json() {
        let declared: DeclaredIdentity = serde_json::from_str(
            r#"{"id_type":"resident","id_number":"11010519491231002X","valid_to":"long-term"}"#,
        )
        .expect("minimal JSON");
        let mut expected = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X");
        expected.valid_to = Some(Validity::LongTerm);
        assert_eq!(declared, expected);
    }
}
