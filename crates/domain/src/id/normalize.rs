//! Making typed ID numbers comparable before any rule runs.
//!
//! Surrounding whitespace (any Unicode whitespace, the ideographic space U+3000 included) is
//! trimmed; full-width ASCII forms (U+FF01–U+FF5E: `１２３`, `Ｘ`, `（`, ...), which Chinese input
//! methods produce, become their ASCII counterparts; ASCII letters are upper-cased (`x` → `X`).
//! Nothing else changes: whitespace or any other character inside the number is left for the
//! rules to refuse, since the number on the card has none.

/// The normalised characters of an ID number as typed.
pub(crate) fn normalize(input: &str) -> Vec<char> {
    input.trim().chars().map(fullwidth_to_ascii).map(|c| c.to_ascii_uppercase()).collect()
}

fn fullwidth_to_ascii(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn text(input: &str) -> String {
        normalize(input).into_iter().collect()
    }

    #[test]
    fn trims_and_uppercases() {
        assert_eq!(text("  11010519491231002x\t"), "11010519491231002X");
        assert_eq!(text("\u{3000}h12345678\u{3000}"), "H12345678");
    }

    #[test]
    fn maps_fullwidth_forms() {
        assert_eq!(text("１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X");
        assert_eq!(text("1234567801（Ｂ）"), "1234567801(B)");
    }

    #[test]
    fn keeps_inner_whitespace_and_other_characters() {
        assert_eq!(text("110105 1949"), "110105 1949");
        assert_eq!(text("1一2"), "1一2");
    }
}
