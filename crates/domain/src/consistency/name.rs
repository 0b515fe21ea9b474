//! Name rules: a name is Han characters (rare characters in the CJK extension blocks included),
//! optionally with the middle dot `·` (U+00B7) between parts (e.g. 阿依古丽·买买提), or, for
//! foreign names, Latin letters separated by single spaces. No digits, no other symbols.
//!
//! Look-alike dots (`•` U+2022, `・` U+30FB, `．` U+FF0E, `.`, and others) are called out as
//! `name_wrong_dot`, since the name must match the card exactly and the fix is to use `·`.
//! Private-use characters are only a warning: older systems encode rare characters (生僻字) there.
//! Each code appears at most once per name; its message lists every distinct offending character.

use crate::finding::{Field, Finding};

/// The one middle dot a name may contain.
const MIDDLE_DOT: char = '\u{00B7}';

/// Characters that look like the middle dot but are not it.
const LOOK_ALIKE_DOTS: [char; 13] = [
    '.', '\u{2022}', '\u{30FB}', '\u{FF0E}', '\u{FF65}', '\u{2027}', '\u{22C5}', '\u{2219}',
    '\u{0387}', '\u{2E31}', '\u{16EB}', '\u{318D}', '\u{02D9}',
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Han,
    Latin,
    Space,
    MiddleDot,
    WrongDot,
    PrivateUse,
    Invalid,
}

fn is_han(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3007
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2EE5F
            | 0x2F800..=0x2FA1F
            | 0x30000..=0x323AF
    )
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

fn is_private_use(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn kind(c: char) -> Kind {
    if is_han(c) {
        Kind::Han
    } else if is_latin_letter(c) {
        Kind::Latin
    } else if c == ' ' {
        Kind::Space
    } else if c == MIDDLE_DOT {
        Kind::MiddleDot
    } else if LOOK_ALIKE_DOTS.contains(&c) {
        Kind::WrongDot
    } else if is_private_use(c) {
        Kind::PrivateUse
    } else {
        Kind::Invalid
    }
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            u32::from(c),
            0x00AD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF
        )
}

/// A character as Chinese messages show it: quoted, with its code point when it is not ASCII (so
/// look-alikes can be told apart); invisible ones by code point only.
fn show_zh(c: char) -> String {
    if is_invisible(c) {
        format!("不可见字符U+{:04X}", u32::from(c))
    } else if c.is_ascii() {
        format!("“{c}”")
    } else {
        format!("“{c}”(U+{:04X})", u32::from(c))
    }
}

/// [`show_zh`] for English messages.
fn show_en(c: char) -> String {
    if is_invisible(c) {
        format!("invisible U+{:04X}", u32::from(c))
    } else if c.is_ascii() {
        format!("\"{c}\"")
    } else {
        format!("\"{c}\" (U+{:04X})", u32::from(c))
    }
}

pub(crate) fn check(name: &str) -> Vec<Finding> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return vec![Finding::error(
            "name_empty",
            Some(Field::Name),
            "姓名为空",
            "the name is empty",
        )];
    }
    let mut findings = Vec::new();
    if trimmed != name {
        findings.push(Finding::warning(
            "name_surrounding_space",
            Some(Field::Name),
            "姓名首尾有空白字符",
            "the name has leading or trailing whitespace",
        ));
    }
    let chars: Vec<char> = trimmed.chars().collect();
    let kinds: Vec<Kind> = chars.iter().copied().map(kind).collect();
    findings.extend(character_findings(&chars, &kinds));
    findings.extend(dot_position_finding(&kinds));
    findings.extend(space_finding(&kinds));
    findings
}

/// At most one finding each for wrong dots and invalid characters (listing every distinct
/// offender, in order of appearance) and one for private-use characters.
fn character_findings(chars: &[char], kinds: &[Kind]) -> Vec<Finding> {
    let distinct_of = |wanted: Kind| -> Vec<char> {
        let mut found: Vec<char> = Vec::new();
        for (c, kind) in chars.iter().copied().zip(kinds.iter().copied()) {
            if kind == wanted && !found.contains(&c) {
                found.push(c);
            }
        }
        found
    };
    let shown_zh = |found: &[char]| -> String {
        found.iter().map(|c| show_zh(*c)).collect::<Vec<_>>().join("、")
    };
    let shown_en = |found: &[char]| -> String {
        found.iter().map(|c| show_en(*c)).collect::<Vec<_>>().join(", ")
    };
    let mut findings = Vec::new();
    let wrong_dots = distinct_of(Kind::WrongDot);
    if !wrong_dots.is_empty() {
        findings.push(Finding::error(
            "name_wrong_dot",
            Some(Field::Name),
            format!("姓名中的{}不是规定的间隔点，请使用“·”（U+00B7）", shown_zh(&wrong_dots)),
            format!(
                "{} in the name: not the middle dot; use \"·\" (U+00B7)",
                shown_en(&wrong_dots)
            ),
        ));
    }
    let invalid = distinct_of(Kind::Invalid);
    if !invalid.is_empty() {
        findings.push(Finding::error(
            "name_invalid_char",
            Some(Field::Name),
            format!("姓名含有不允许的字符：{}", shown_zh(&invalid)),
            format!("the name contains characters that are not allowed: {}", shown_en(&invalid)),
        ));
    }
    let private_use = distinct_of(Kind::PrivateUse);
    if !private_use.is_empty() {
        findings.push(Finding::warning(
            "name_private_use_char",
            Some(Field::Name),
            format!("姓名含有私用区字符{}，可能是生僻字的造字，请与证件核对", shown_zh(&private_use)),
            format!(
                "the name contains private-use characters {}, possibly rare characters encoded by an older system; check them against the card",
                shown_en(&private_use)
            ),
        ));
    }
    findings
}

fn is_dot(kind: Kind) -> bool {
    matches!(kind, Kind::MiddleDot | Kind::WrongDot)
}

/// A dot (right or look-alike) may only stand between two name parts: not first, not last, not
/// next to another dot.
fn dot_position_finding(kinds: &[Kind]) -> Option<Finding> {
    let first = kinds.first().copied().is_some_and(is_dot);
    let last = kinds.last().copied().is_some_and(is_dot);
    let doubled = kinds.windows(2).any(|pair| pair.iter().copied().all(is_dot));
    (first || last || doubled).then(|| {
        Finding::error(
            "name_dot_position",
            Some(Field::Name),
            "姓名中的间隔点只能位于两个名字部分之间，不能在开头、结尾或连续出现",
            "a dot in the name may only stand between two parts: not first, last or doubled",
        )
    })
}

/// A space may only separate two Latin-letter parts.
fn space_finding(kinds: &[Kind]) -> Option<Finding> {
    let misplaced = kinds.iter().enumerate().any(|(index, kind)| {
        *kind == Kind::Space
            && !(index
                .checked_sub(1)
                .and_then(|before| kinds.get(before))
                .is_some_and(|before| *before == Kind::Latin)
                && kinds.get(index + 1).is_some_and(|after| *after == Kind::Latin))
    });
    misplaced.then(|| {
        Finding::error(
            "name_misplaced_space",
            Some(Field::Name),
            "姓名中的空格只能用于分隔外文姓名的各部分，中文姓名不应含空格",
            "a space may only separate the parts of a Latin-script name; Chinese names have none",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(name: &str) -> Vec<String> {
        check(name).into_iter().map(|finding| finding.code).collect()
    }

    #[test]
    fn accepts_han_dotted_rare_and_latin_names() {
        for name in
            ["张三", "阿依古丽·买买提", "王𠀀", "李䶮", "John Smith", "JOSÉ GARCÍA", "MARIA·ANNA"]
        {
            assert!(codes(name).is_empty(), "{name}: {:?}", codes(name));
        }
    }

    #[test]
    fn flags_look_alike_dots() {
        for name in ["阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽．买买提", "阿依古丽.买买提"]
        {
            assert_eq!(codes(name), vec!["name_wrong_dot"], "{name}");
        }
    }

    #[test]
    fn flags_invalid_characters_once_each() {
        assert_eq!(codes("张3三3"), vec!["name_invalid_char"]);
        assert_eq!(codes("张-三_"), vec!["name_invalid_char"]);
        let finding = check("张3-三3").into_iter().next().expect("a finding");
        assert_eq!(finding.message_zh, "姓名含有不允许的字符：“3”、“-”");
        let finding = check("阿依古丽•买买提").into_iter().next().expect("a finding");
        assert_eq!(finding.message_zh, "姓名中的“•”(U+2022)不是规定的间隔点，请使用“·”（U+00B7）");
        let finding = check("张\u{200B}三").into_iter().next().expect("a finding");
        assert_eq!(finding.message_zh, "姓名含有不允许的字符：不可见字符U+200B");
    }

    #[test]
    fn flags_dot_positions() {
        assert_eq!(codes("·张三"), vec!["name_dot_position"]);
        assert_eq!(codes("张三·"), vec!["name_dot_position"]);
        assert_eq!(codes("张··三"), vec!["name_dot_position"]);
        assert_eq!(codes("张·.三"), vec!["name_wrong_dot", "name_dot_position"]);
    }

    #[test]
    fn flags_spaces_outside_latin_names() {
        assert_eq!(codes("张 三"), vec!["name_misplaced_space"]);
        assert_eq!(codes("John  Smith"), vec!["name_misplaced_space"]);
        assert_eq!(codes(" 张三 "), vec!["name_surrounding_space"]);
    }

    #[test]
    fn empty_and_private_use() {
        assert_eq!(codes("  "), vec!["name_empty"]);
        assert_eq!(codes("张\u{E000}"), vec!["name_private_use_char"]);
    }
}
