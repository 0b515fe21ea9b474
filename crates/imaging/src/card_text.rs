//! What the OCR'd text says: which side of the document it is ([`CardSide`], from the printed
//! labels) and the document number printed on it ([`id_number`]).
//!
//! The portrait side carries 姓名 性别 民族 出生 住址 公民身份号码 (booklet data pages: 姓名/Name,
//! 性别/Sex, 证件号码 …); the emblem side 中华人民共和国, 居民身份证, 签发机关, 有效期限 (booklet
//! covers: the title, 通行证 or 护照). A data page also prints 签发机关 and its title, so two
//! portrait labels (or a document number, which only the portrait side carries) outweigh any
//! emblem label. Whitespace is ignored: Tesseract spaces CJK out.

use reviewdesk_domain::id::mod11_2;
use serde::Serialize;

/// The side the text says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardSide {
    Portrait,
    Emblem,
    /// Text was read, but neither side's labels.
    Other,
    /// Too little text was read to say (unreadable, or orientation unsure).
    Unknown,
}

const PORTRAIT_LABELS: [&str; 12] = [
    "姓名",
    "性别",
    "民族",
    "出生",
    "住址",
    "公民",
    "身份号码",
    "证件号码",
    "Name",
    "Sex",
    "女/F",
    "男/M",
];
const EMBLEM_LABELS: [&str; 9] = [
    "签发机关",
    "有效期限",
    "人民共和国",
    "居民身份证",
    "居住证",
    "通行证",
    "护照",
    "PASSPORT",
    "PERMIT",
];
/// Fewer meaningful characters than this is no evidence of anything.
const MIN_CHARACTERS: usize = 6;

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The side `text` shows.
pub fn side_of(text: &str) -> CardSide {
    let number = id_number(text).is_some();
    let text = compact(text);
    let hits = |labels: &[&str]| labels.iter().filter(|label| text.contains(*label)).count();
    // A document number is printed on the portrait side (or data page) only.
    if hits(&PORTRAIT_LABELS) + 2 * usize::from(number) >= 2 {
        CardSide::Portrait
    } else if hits(&EMBLEM_LABELS) >= 1 {
        CardSide::Emblem
    } else if text.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_CHARACTERS {
        CardSide::Other
    } else {
        CardSide::Unknown
    }
}

/// The document number printed in `text`, best evidence first: 18 characters passing the
/// GB 11643 check (also found inside a longer run), any 18-character run, a 15-digit run, then
/// a travel-permit or passport shape (a letter or none, then 8–10 digits).
pub fn id_number(text: &str) -> Option<String> {
    let words = text.to_uppercase();
    let text = compact(text).to_uppercase();
    let runs: Vec<Vec<char>> = text
        .split(|c: char| !(c.is_ascii_digit() || c == 'X'))
        .map(|run| run.chars().collect::<Vec<char>>())
        .filter(|run| run.len() >= 15)
        .collect();
    for run in &runs {
        for window in run.windows(18) {
            if mod11_2(&window[..17]) == Some(window[17]) {
                return Some(window.iter().collect());
            }
        }
    }
    let exact = |length: usize| runs.iter().find(|run| run.len() == length);
    if let Some(run) = exact(18).or_else(|| exact(15)) {
        return Some(run.iter().collect());
    }
    // Short numbers are kept apart from neighbouring lines and dates by the whitespace.
    words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| {
            let digits = word.trim_start_matches(|c: char| c.is_ascii_uppercase());
            let letters = word.len() - digits.len();
            letters <= 1
                && (8..=10).contains(&digits.len())
                && digits.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_from_real_ocr_output() {
        let portrait = "姓 名 ”和朱辉成\n性 别 男     民族 汉\n出生 1995年8月20日\n公民身份码”610922199508200794";
        assert_eq!(side_of(portrait), CardSide::Portrait);
        let emblem = "  中 华 人 民共和 国\n居民身份证\n签发机关  石泉县公安局\n有效期限 2026.02.11-2046.02.11";
        assert_eq!(side_of(emblem), CardSide::Emblem);
        let data_page = "台湾居民来往大陆通行证\n张杰吴\n男/M 1993.11.03\n证件号码 40501133\n签发机关/Authority\n姓名/Name";
        assert_eq!(side_of(data_page), CardSide::Portrait);
        // What Tesseract made of a travel permit's data page: the labels are lost, the number is not.
        let garbled_page = "台湾居民来往大陆通行证\nNUAND TRAVELPERMIT\n妇F 1992.0707\n62076243\n中华人民共和国国家移民管理局";
        assert_eq!(side_of(garbled_page), CardSide::Portrait);
        let cover = "中 华 人 民 共 和\n台湾居民来往大陆通行证\nMAINLAND TRAVEL PERMIT FOR TAIWAN RESIDENTS";
        assert_eq!(side_of(cover), CardSide::Emblem);
        assert_eq!(side_of("a few words here"), CardSide::Other);
        assert_eq!(side_of(" 一 ."), CardSide::Unknown);
    }

    #[test]
    fn numbers_from_real_ocr_output() {
        assert_eq!(
            id_number("公民身份3码 51062620001011964X").as_deref(),
            Some("51062620001011964X")
        );
        // A stray digit glued to the front: the checksum finds the number inside the run.
        assert_eq!(
            id_number("全下身份3610922199508200794 铸").as_deref(),
            Some("610922199508200794")
        );
        assert_eq!(id_number("号码 610922199508200795").as_deref(), Some("610922199508200795"));
        assert_eq!(
            id_number("证和号\n40501133\n2021.08.04-2026.08.04").as_deref(),
            Some("40501133")
        );
        assert_eq!(id_number("H12345678").as_deref(), Some("H12345678"));
        assert_eq!(id_number("1995年8月20日 住址 9组106"), None);
    }
}
