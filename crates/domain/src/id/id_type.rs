//! [`IdType`]: the ID document types an applicant may register with, and their names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An accepted ID document type. The serde / [`FromStr`] names are kebab-case (`resident`,
/// `hk-macau-permit`, ...) and are API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum IdType {
    /// 居民身份证 (GB 11643-1999, 18 characters; legacy 15 digits accepted).
    Resident,
    /// 港澳居民居住证 (GB 11643 layout, address code 810000 / 820000).
    HkMacauPermit,
    /// 台湾居民居住证 (GB 11643 layout, address code 830000).
    TaiwanPermit,
    /// 外国人永久居留身份证 (2023 18-digit form or 2017 15-character form).
    ForeignPermanent,
    /// 港澳居民来往内地通行证 (H/M + 8 digits, older H/M + 10 digits).
    HkMacauTravel,
    /// 台湾居民来往大陆通行证 (8 digits, older 8 + 2 digits + "(X)").
    TaiwanTravel,
    /// 护照 (shape only).
    Passport,
}

impl IdType {
    /// Every type, in the order forms list them.
    pub const ALL: [IdType; 7] = [
        IdType::Resident,
        IdType::HkMacauPermit,
        IdType::TaiwanPermit,
        IdType::ForeignPermanent,
        IdType::HkMacauTravel,
        IdType::TaiwanTravel,
        IdType::Passport,
    ];

    /// The kebab-case name, as serde writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            IdType::Resident => "resident",
            IdType::HkMacauPermit => "hk-macau-permit",
            IdType::TaiwanPermit => "taiwan-permit",
            IdType::ForeignPermanent => "foreign-permanent",
            IdType::HkMacauTravel => "hk-macau-travel",
            IdType::TaiwanTravel => "taiwan-travel",
            IdType::Passport => "passport",
        }
    }

    /// The document's official Chinese name.
    pub fn name_zh(&self) -> &'static str {
        match self {
            IdType::Resident => "居民身份证",
            IdType::HkMacauPermit => "港澳居民居住证",
            IdType::TaiwanPermit => "台湾居民居住证",
            IdType::ForeignPermanent => "外国人永久居留身份证",
            IdType::HkMacauTravel => "港澳居民来往内地通行证",
            IdType::TaiwanTravel => "台湾居民来往大陆通行证",
            IdType::Passport => "护照",
        }
    }

    /// The document's English name.
    pub fn name_en(&self) -> &'static str {
        match self {
            IdType::Resident => "resident identity card",
            IdType::HkMacauPermit => "residence permit for Hong Kong and Macau residents",
            IdType::TaiwanPermit => "residence permit for Taiwan residents",
            IdType::ForeignPermanent => "foreigner's permanent residence ID card",
            IdType::HkMacauTravel => "mainland travel permit for Hong Kong and Macau residents",
            IdType::TaiwanTravel => "mainland travel permit for Taiwan residents",
            IdType::Passport => "passport",
        }
    }
}

impl fmt::Display for IdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no [`IdType`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown ID type {input:?}; valid types: resident, hk-macau-permit, taiwan-permit, \
     foreign-permanent, hk-macau-travel, taiwan-travel, passport"
)]
pub struct UnknownIdType {
    pub input: String,
}

impl FromStr for IdType {
    type Err = UnknownIdType;

    /// Accepts the kebab-case names (surrounding whitespace ignored).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim();
        IdType::ALL
            .into_iter()
            .find(|id_type| id_type.as_str() == wanted)
            .ok_or_else(|| UnknownIdType { input: input.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_and_serde() {
        for id_type in IdType::ALL {
            assert_eq!(id_type.as_str().parse::<IdType>(), Ok(id_type));
            let json = serde_json::to_string(&id_type).expect("serializes");
            assert_eq!(json, format!("\"{}\"", id_type.as_str()));
            let back: IdType = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, id_type);
        }
    }

    #[test]
    fn unknown_name_lists_the_valid_ones() {
        let error = "id-card".parse::<IdType>().expect_err("not a type");
        let message = error.to_string();
        assert!(message.contains("id-card"));
        for id_type in IdType::ALL {
            assert!(message.contains(id_type.as_str()), "{message}");
        }
    }

    #[test]
    fn chinese_names() {
        assert_eq!(IdType::Resident.name_zh(), "居民身份证");
        assert_eq!(IdType::HkMacauPermit.name_zh(), "港澳居民居住证");
        assert_eq!(IdType::TaiwanTravel.name_zh(), "台湾居民来往大陆通行证");
    }
}
