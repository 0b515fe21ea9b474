//! The provincial-level divisions of GB/T 2260 (the first two digits of an address code), with
//! Chinese and English names, plus `83`, the code Taiwan residents' residence permits use.

use serde::Serialize;

/// A provincial-level division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
pub struct Province {
    /// Two digits, e.g. `"11"`.
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

const fn entry(code: &'static str, name_zh: &'static str, name_en: &'static str) -> Province {
    Province { code, name_zh, name_en }
}

/// Every province code an ID number may carry, in code order. `71` is GB/T 2260's Taiwan;
/// `81`/`82` are Hong Kong and Macau; `83` is not a GB/T 2260 code but the address code
/// (`830000`) of Taiwan residents' residence permits.
static PROVINCES: [Province; 35] = [
    entry("11", "北京市", "Beijing"),
    entry("12", "天津市", "Tianjin"),
    entry("13", "河北省", "Hebei"),
    entry("14", "山西省", "Shanxi"),
    entry("15", "内蒙古自治区", "Inner Mongolia"),
    entry("21", "辽宁省", "Liaoning"),
    entry("22", "吉林省", "Jilin"),
    entry("23", "黑龙江省", "Heilongjiang"),
    entry("31", "上海市", "Shanghai"),
    entry("32", "江苏省", "Jiangsu"),
    entry("33", "浙江省", "Zhejiang"),
    entry("34", "安徽省", "Anhui"),
    entry("35", "福建省", "Fujian"),
    entry("36", "江西省", "Jiangxi"),
    entry("37", "山东省", "Shandong"),
    entry("41", "河南省", "Henan"),
    entry("42", "湖北省", "Hubei"),
    entry("43", "湖南省", "Hunan"),
    entry("44", "广东省", "Guangdong"),
    entry("45", "广西壮族自治区", "Guangxi"),
    entry("46", "海南省", "Hainan"),
    entry("50", "重庆市", "Chongqing"),
    entry("51", "四川省", "Sichuan"),
    entry("52", "贵州省", "Guizhou"),
    entry("53", "云南省", "Yunnan"),
    entry("54", "西藏自治区", "Xizang (Tibet)"),
    entry("61", "陕西省", "Shaanxi"),
    entry("62", "甘肃省", "Gansu"),
    entry("63", "青海省", "Qinghai"),
    entry("64", "宁夏回族自治区", "Ningxia"),
    entry("65", "新疆维吾尔自治区", "Xinjiang"),
    entry("71", "台湾省", "Taiwan"),
    entry("81", "香港特别行政区", "Hong Kong"),
    entry("82", "澳门特别行政区", "Macau"),
    entry("83", "台湾地区", "Taiwan"),
];

/// The province of a code: either the two-digit province code itself or any six-digit address
/// code (only its first two digits are looked at). `None` for anything else.
pub fn province(code: &str) -> Option<&'static Province> {
    let is_digits = code.bytes().all(|byte| byte.is_ascii_digit());
    if !is_digits || !(code.len() == 2 || code.len() == 6) {
        return None;
    }
    let prefix = code.get(..2)?;
    PROVINCES.iter().find(|entry| entry.code == prefix)
}

/// Every known province, in code order.
pub fn provinces() -> &'static [Province] {
    &PROVINCES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_two_and_six_digit_codes() {
        assert_eq!(province("11").map(|p| p.name_zh), Some("北京市"));
        assert_eq!(province("440524").map(|p| p.name_en), Some("Guangdong"));
        assert_eq!(province("810000").map(|p| p.name_zh), Some("香港特别行政区"));
    }

    #[test]
    fn rejects_unknown_and_malformed_codes() {
        for code in ["", "1", "16", "99", "1101", "11010", "1101051", "ab", "１１", "9x0000"] {
            assert_eq!(province(code), None, "{code:?}");
        }
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(provinces().windows(2).all(|pair| pair[0].code < pair[1].code));
    }
}
