//! The declared region (香港 / 澳门 / 台湾) against the ID type and the number.
//!
//! Hong Kong/Macau document types need the region, and it must agree with the number (810000 or
//! `H` is Hong Kong, 820000 or `M` is Macau); Taiwan document types may omit it but must not name
//! Hong Kong or Macau; resident IDs and foreign permanent residence IDs must not name any of the
//! three (their holders use the residence permits or travel permits). Passports are not checked:
//! Hong Kong and Macau residents may hold their region's passport. For other types a region text
//! that names none of the three is ignored.

use crate::finding::{Field, Finding};
use crate::id::{IdType, ParsedId};

/// A region the form's region field can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    HongKong,
    Macau,
    Taiwan,
}

impl Region {
    fn parse(text: &str) -> Option<Region> {
        let folded = text.trim().to_lowercase();
        let compact: String =
            folded.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '_').collect();
        match compact.as_str() {
            "香港"
            | "中国香港"
            | "香港特别行政区"
            | "香港特別行政區"
            | "hk"
            | "hongkong"
            | "hkg"
            | "810000" => Some(Region::HongKong),
            "澳门"
            | "澳門"
            | "中国澳门"
            | "澳门特别行政区"
            | "澳門特別行政區"
            | "macau"
            | "macao"
            | "mo"
            | "mac"
            | "820000" => Some(Region::Macau),
            "台湾" | "臺灣" | "台灣" | "中国台湾" | "台湾地区" | "台湾省" | "taiwan" | "tw"
            | "twn" | "830000" | "710000" => Some(Region::Taiwan),
            _ => None,
        }
    }

    fn from_address_code(code: &str) -> Option<Region> {
        match code {
            "810000" => Some(Region::HongKong),
            "820000" => Some(Region::Macau),
            "830000" => Some(Region::Taiwan),
            _ => None,
        }
    }

    fn name_zh(&self) -> &'static str {
        match self {
            Region::HongKong => "香港",
            Region::Macau => "澳门",
            Region::Taiwan => "台湾",
        }
    }

    fn name_en(&self) -> &'static str {
        match self {
            Region::HongKong => "Hong Kong",
            Region::Macau => "Macau",
            Region::Taiwan => "Taiwan",
        }
    }
}

/// The declared region as the reviewer reads it: its Chinese name when the text names Hong Kong,
/// Macau or Taiwan in any accepted spelling (`hk` → `香港`), else the text as written (trimmed);
/// `None` when nothing was declared.
pub fn declared_region_name(region: Option<&str>) -> Option<String> {
    let text = region.map(str::trim).filter(|text| !text.is_empty())?;
    Some(Region::parse(text).map_or_else(|| text.to_owned(), |region| region.name_zh().to_owned()))
}

fn mismatch(zh: String, en: String) -> Finding {
    Finding::error("region_mismatch", Some(Field::Region), zh, en)
}

pub(crate) fn check(
    id_type: IdType,
    region: Option<&str>,
    parsed: Option<&ParsedId>,
) -> Vec<Finding> {
    let text = region.map(str::trim).filter(|text| !text.is_empty());
    let declared = text.and_then(Region::parse);
    let allowed: &[Region] = match id_type {
        IdType::HkMacauPermit | IdType::HkMacauTravel => &[Region::HongKong, Region::Macau],
        IdType::TaiwanPermit | IdType::TaiwanTravel => &[Region::Taiwan],
        IdType::Resident | IdType::ForeignPermanent => &[],
        IdType::Passport => return Vec::new(),
    };
    let needs_region = allowed.contains(&Region::HongKong);
    match (text, declared) {
        (None, _) if needs_region => vec![Finding::warning(
            "region_missing",
            Some(Field::Region),
            format!("{}需填写所属地区（香港或澳门）", id_type.name_zh()),
            format!("a {} needs the region (Hong Kong or Macau)", id_type.name_en()),
        )],
        (None, _) => Vec::new(),
        (Some(text), None) if !allowed.is_empty() => vec![Finding::error(
            "region_unknown",
            Some(Field::Region),
            format!("无法识别所属地区“{text}”，应为香港、澳门或台湾"),
            format!("unrecognised region {text:?}: expected Hong Kong, Macau or Taiwan"),
        )],
        (Some(_), None) => Vec::new(),
        (Some(_), Some(region)) if !allowed.contains(&region) => vec![mismatch(
            format!("所属地区“{}”与证件类型“{}”不符", region.name_zh(), id_type.name_zh()),
            format!("region {} does not fit the ID type {}", region.name_en(), id_type.name_en()),
        )],
        (Some(_), Some(region)) => {
            let encoded = parsed
                .and_then(|parsed| parsed.region.as_ref())
                .and_then(|info| Region::from_address_code(&info.code));
            match encoded {
                Some(encoded) if encoded != region => vec![mismatch(
                    format!(
                        "所属地区与证件号码不符：号码表示{}，填写为{}",
                        encoded.name_zh(),
                        region.name_zh()
                    ),
                    format!(
                        "region does not match the ID number: the number says {}, {} was entered",
                        encoded.name_en(),
                        region.name_en()
                    ),
                )],
                _ => Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{declared_region_name, Region};

    #[test]
    fn a_declared_region_reads_by_its_name() {
        assert_eq!(declared_region_name(Some(" hk ")).as_deref(), Some("香港"));
        assert_eq!(declared_region_name(Some("澳門")).as_deref(), Some("澳门"));
        assert_eq!(declared_region_name(Some("台湾")).as_deref(), Some("台湾"));
        assert_eq!(declared_region_name(Some("火星")).as_deref(), Some("火星"));
        assert_eq!(declared_region_name(Some("  ")), None);
        assert_eq!(declared_region_name(None), None);
    }

    #[test]
    fn reads_region_names_in_any_common_spelling() {
        for text in ["香港", "HK", " hong kong ", "Hong-Kong", "香港特别行政区"] {
            assert_eq!(Region::parse(text), Some(Region::HongKong), "{text}");
        }
        for text in ["澳门", "澳門", "Macau", "MACAO"] {
            assert_eq!(Region::parse(text), Some(Region::Macau), "{text}");
        }
        for text in ["台湾", "臺灣", "Taiwan", "tw"] {
            assert_eq!(Region::parse(text), Some(Region::Taiwan), "{text}");
        }
        assert_eq!(Region::parse("北京"), None);
    }
}
