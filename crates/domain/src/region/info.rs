//! [`RegionInfo`]: the place an ID number's address code names, ready to show a reviewer.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::{county_name, province};

/// The place an address code names: its province and, when the table knows it, its county (or
/// prefecture) name. For Hong Kong, Macau and Taiwan residence permits and travel permits the
/// code is `810000`, `820000` or `830000`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RegionInfo {
    /// The six-digit address code, e.g. `"110105"`.
    pub code: String,
    pub province_zh: &'static str,
    pub province_en: &'static str,
    /// The name of the six-digit code below province level (county or prefecture). `None` for a
    /// province-level code (`xx0000`) or a code the table does not know.
    pub county_zh: Option<&'static str>,
}

impl RegionInfo {
    /// The region of a six-digit address code, `None` when its province is unknown or the code is
    /// not six digits. An unknown county still gives `Some` with `county_zh: None`.
    pub fn from_code(code: &str) -> Option<RegionInfo> {
        if code.len() != 6 {
            return None;
        }
        let province = province(code)?;
        let county_zh = if code.ends_with("0000") { None } else { county_name(code) };
        Some(RegionInfo {
            code: code.to_owned(),
            province_zh: province.name_zh,
            province_en: province.name_en,
            county_zh,
        })
    }

    /// Whether the code is below province level and known to the table. A province-level code
    /// counts as known.
    pub fn county_known(&self) -> bool {
        self.county_zh.is_some() || self.code.ends_with("0000")
    }
}

/// Read back by its code alone (the names come from this build's table), so a region crosses
/// the wire without trusting the sender's names. An unknown code is an error.
impl<'de> Deserialize<'de> for RegionInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RegionInfo, D::Error> {
        #[derive(Deserialize)]
        struct Coded {
            code: String,
        }
        let Coded { code } = Coded::deserialize(deserializer)?;
        RegionInfo::from_code(&code)
            .ok_or_else(|| D::Error::custom(format!("unknown address code {code:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_province_and_county() {
        let info = RegionInfo::from_code("110105").expect("known province");
        assert_eq!(info.province_zh, "北京市");
        assert_eq!(info.county_zh, Some("朝阳区"));
        assert!(info.county_known());
    }

    #[test]
    fn crosses_the_wire_by_its_code() {
        let info = RegionInfo::from_code("110105").expect("known province");
        let json = serde_json::to_string(&info).expect("serialises");
        assert_eq!(serde_json::from_str::<RegionInfo>(&json).ok(), Some(info));
        let forged = r#"{"code":"110105","province_zh":"别处","province_en":"X","county_zh":null}"#;
        assert_eq!(
            serde_json::from_str::<RegionInfo>(forged).map(|r| r.province_zh).ok(),
            Some("北京市")
        );
        assert!(serde_json::from_str::<RegionInfo>(r#"{"code":"990000"}"#).is_err());
    }

    #[test]
    fn unknown_county_keeps_the_province() {
        let info = RegionInfo::from_code("110199").expect("known province");
        assert_eq!(info.county_zh, None);
        assert!(!info.county_known());
    }

    #[test]
    fn province_level_code_has_no_county() {
        let info = RegionInfo::from_code("810000").expect("Hong Kong");
        assert_eq!((info.province_en, info.county_zh), ("Hong Kong", None));
        assert!(info.county_known());
    }

    #[test]
    fn unknown_province_or_bad_shape_is_none() {
        assert_eq!(RegionInfo::from_code("990000"), None);
        assert_eq!(RegionInfo::from_code("11"), None);
        assert_eq!(RegionInfo::from_code("11010x"), None);
    }
}
