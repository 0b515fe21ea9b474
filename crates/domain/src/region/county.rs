//! GB/T 2260 six-digit address codes and their Chinese names, historical codes included, from
//! `assets/regions/gbt2260.tsv`.

use std::sync::OnceLock;

use super::tsv;

const TABLE: &str = include_str!("../../../../assets/regions/gbt2260.tsv");

/// `(code, name)` pairs sorted by code.
fn table() -> &'static [(&'static str, &'static str)] {
    static PARSED: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut entries: Vec<(&'static str, &'static str)> = tsv::rows(TABLE)
            .filter_map(|cells| match cells.as_slice() {
                [code, name] => Some((*code, *name)),
                _ => None,
            })
            .collect();
        entries.sort_unstable();
        entries
    })
}

/// The Chinese name of a six-digit address code (province, prefecture or county level, current
/// or historical; a code renamed over time has its most recent name). `None` when the code is not
/// in the table.
pub fn county_name(code: &str) -> Option<&'static str> {
    let entries = table();
    entries
        .binary_search_by(|(entry_code, _)| (*entry_code).cmp(code))
        .ok()
        .and_then(|index| entries.get(index))
        .map(|(_, name)| *name)
}

/// Every six-digit address code in the table with its Chinese name, in code order: province,
/// prefecture and county levels, current and historical (as [`county_name`] knows them).
pub fn address_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    table().iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_parses() {
        let data_lines =
            TABLE.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).count();
        assert_eq!(table().len(), data_lines);
        assert!(table().len() > 5000);
        assert!(table().iter().all(|(code, name)| code.len() == 6
            && code.bytes().all(|b| b.is_ascii_digit())
            && !name.is_empty()));
    }

    #[test]
    fn knows_current_and_historical_codes() {
        assert_eq!(county_name("110105"), Some("朝阳区"));
        // 440524 (潮阳县) was abolished in 1993 but old ID numbers still carry it.
        assert_eq!(county_name("440524"), Some("潮阳县"));
        assert_eq!(county_name("130101"), Some("石家庄市市辖区"));
        assert_eq!(county_name("810000"), Some("香港特别行政区"));
    }

    #[test]
    fn address_codes_iterates_the_table_in_code_order() {
        let codes: Vec<(&str, &str)> = address_codes().collect();
        assert_eq!(codes.len(), table().len());
        assert!(codes.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(codes.contains(&("110105", "朝阳区")));
    }

    #[test]
    fn unknown_codes_are_none() {
        for code in ["", "110199", "999999", "11010", "1101055", "abcdef"] {
            assert_eq!(county_name(code), None, "{code:?}");
        }
    }
}
