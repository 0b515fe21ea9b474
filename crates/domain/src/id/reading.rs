//! [`NumberReading`]: what a declared ID number says, read where the number is held in full (the
//! server) and handed on with the number itself masked, so a client can show and re-check
//! everything the number encodes without ever receiving it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{parse, IdType, ParsedId};
use crate::finding::Finding;
use crate::sheet::mask_id_number;

/// The outcome of parsing a declared number: what it says, or why it cannot be read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum NumberReading {
    /// The number parses: sex, birth date, region, nationality and its warnings.
    Read { says: ParsedId },
    /// The number cannot be accepted for its declared type; the finding says why.
    Unreadable { finding: Finding },
}

impl NumberReading {
    /// Reads `number` as a document of `id_type`, judging dates against `today`.
    pub fn of(id_type: IdType, number: &str, today: NaiveDate) -> NumberReading {
        match parse(id_type, number, today) {
            Ok(says) => NumberReading::Read { says },
            Err(error) => NumberReading::Unreadable { finding: error.to_finding() },
        }
    }

    /// The same reading with the number's own text masked ([`mask_id_number`]); what it says is
    /// kept.
    pub fn masked(self) -> NumberReading {
        match self {
            NumberReading::Read { says } => NumberReading::Read {
                says: ParsedId { normalized: mask_id_number(&says.normalized), ..says },
            },
            unreadable @ NumberReading::Unreadable { .. } => unreadable,
        }
    }

    /// What the number says, when it parses.
    pub fn parsed(&self) -> Option<&ParsedId> {
        match self {
            NumberReading::Read { says } => Some(says),
            NumberReading::Unreadable { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Sex;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    #[test]
    fn a_masked_reading_keeps_what_the_number_says_but_not_the_number() {
        let reading = NumberReading::of(IdType::Resident, "11010519491231002X", today()).masked();
        let says = reading.parsed().expect("a valid number");
        assert_eq!(says.normalized, "11**************2X");
        assert_eq!(says.sex, Some(Sex::Female));
        assert_eq!(says.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(says.region.as_ref().map(|r| r.province_zh), Some("北京市"));
        let json = serde_json::to_string(&reading).unwrap_or_default();
        assert!(!json.contains("11010519491231002X"), "{json}");
        assert_eq!(serde_json::from_str::<NumberReading>(&json).ok(), Some(reading));
    }

    #[test]
    fn an_unreadable_number_says_why() {
        let reading = NumberReading::of(IdType::Resident, "110105194912310021", today());
        let NumberReading::Unreadable { finding } = reading.masked() else {
            panic!("a wrong check digit is unreadable");
        };
        assert_eq!(finding.code, "checksum_mismatch");
    }
}
