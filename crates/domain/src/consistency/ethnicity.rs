//! 民族: the 56 ethnic groups recognised by the state (GB 3304 codes 01–56, in code order) and the
//! two extra GB 3304 entries (97 其他, 98 外国血统中国籍人士), which are accepted with a warning.
//! A name is accepted with or without its trailing 族 (`汉` = `汉族`). Anything else, including
//! groups without state recognition such as 穿青人, is an error.

use crate::finding::{Field, Finding};
use crate::id::IdType;

/// The 56 ethnic groups, in GB 3304 code order (汉族 = 01 … 基诺族 = 56).
pub const ETHNIC_GROUPS: [&str; 56] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
];

/// GB 3304's two entries beyond the 56 groups (codes 97 and 98).
pub const SPECIAL_ETHNICITY_ENTRIES: [&str; 2] = ["其他", "外国血统中国籍人士"];

/// The canonical name (`"汉族"`) of a declared ethnicity, with or without its trailing 族; `None`
/// when it is not one of the 56 groups.
pub fn canonical_ethnicity(text: &str) -> Option<&'static str> {
    let text = text.trim();
    ETHNIC_GROUPS
        .into_iter()
        .find(|group| *group == text || group.strip_suffix('族').is_some_and(|short| short == text))
}

fn special_entry(text: &str) -> Option<&'static str> {
    match text.trim() {
        "其他" | "其他族" | "其它" => Some("其他"),
        "外国血统中国籍人士" | "外国血统" => Some("外国血统中国籍人士"),
        _ => None,
    }
}

pub(crate) fn check(id_type: IdType, text: &str) -> Option<Finding> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return (id_type == IdType::Resident).then(|| {
            Finding::warning(
                "ethnicity_missing",
                Some(Field::Ethnicity),
                "未填写民族",
                "the ethnicity is blank",
            )
        });
    }
    if canonical_ethnicity(trimmed).is_some() {
        return None;
    }
    if let Some(entry) = special_entry(trimmed) {
        return Some(Finding::warning(
            "ethnicity_special",
            Some(Field::Ethnicity),
            format!("民族填写为“{entry}”（非56个民族之一的特殊登记项），请与证件核对"),
            format!("ethnicity {entry:?} is a special GB 3304 entry, not one of the 56 groups; check it against the card"),
        ));
    }
    Some(Finding::error(
        "ethnicity_unknown",
        Some(Field::Ethnicity),
        format!("民族“{trimmed}”不是国家认定的56个民族之一"),
        format!("ethnicity {trimmed:?} is not one of the 56 officially recognised ethnic groups"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_56_distinct_groups() {
        let mut groups = ETHNIC_GROUPS.to_vec();
        groups.sort_unstable();
        groups.dedup();
        assert_eq!(groups.len(), 56);
        assert!(ETHNIC_GROUPS.iter().all(|group| group.ends_with('族')));
    }

    #[test]
    fn accepts_names_with_or_without_zu() {
        assert_eq!(canonical_ethnicity("汉族"), Some("汉族"));
        assert_eq!(canonical_ethnicity(" 汉 "), Some("汉族"));
        assert_eq!(canonical_ethnicity("维吾尔"), Some("维吾尔族"));
        // 京族's short form is 京.
        assert_eq!(canonical_ethnicity("京"), Some("京族"));
        assert_eq!(canonical_ethnicity("穿青人"), None);
        assert_eq!(canonical_ethnicity("族"), None);
        assert_eq!(canonical_ethnicity(""), None);
    }
}
