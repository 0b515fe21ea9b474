//! [`ParsedId`]: everything an accepted ID number tells about its holder.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{IdType, Sex};
use crate::finding::Finding;
use crate::region::{Nationality, RegionInfo};

/// An accepted ID number and what it encodes. Fields a document type does not encode are `None`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ParsedId {
    pub id_type: IdType,
    /// The canonical form: trimmed, half-width, upper-case; a legacy 15-digit resident number is
    /// given in its 18-digit form. Parsing this again gives the same value.
    pub normalized: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// The address code's place for mainland-coded numbers (the registered residence for a
    /// resident ID, the accepting province for a foreign permanent residence ID), or Hong Kong,
    /// Macau or Taiwan (codes 810000, 820000, 830000) for their residents' permits.
    pub region: Option<RegionInfo>,
    /// The holder's nationality, for a foreign permanent residence ID.
    pub nationality: Option<Nationality>,
    /// The number was typed in the legacy 15-digit form and upgraded.
    pub upgraded_from_15: bool,
    /// Warnings about an accepted number (severity warning), e.g. `unknown_county`.
    pub warnings: Vec<Finding>,
}

impl ParsedId {
    /// A parsed number that encodes nothing but itself (passports, travel permits before their
    /// type-specific fields are filled in).
    pub(crate) fn bare(id_type: IdType, normalized: String) -> ParsedId {
        ParsedId {
            id_type,
            normalized,
            sex: None,
            birth_date: None,
            region: None,
            nationality: None,
            upgraded_from_15: false,
            warnings: Vec::new(),
        }
    }
}
