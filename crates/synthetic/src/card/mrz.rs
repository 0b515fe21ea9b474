//! A passport's machine-readable zone (ICAO 9303, TD3: two lines of 44 characters) for the data
//! page, with the 7-3-1 check digits, so the synthetic page carries what a real one does.

/// The ICAO 9303 check digit of `field`: weights 7, 3, 1 repeating; digits count as themselves,
/// A–Z as 10–35, `<` as 0.
fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .chars()
        .zip([7u32, 3, 1].into_iter().cycle())
        .map(|(c, weight)| c.to_digit(36).unwrap_or(0) * weight)
        .sum();
    char::from_digit(sum % 10, 10).unwrap_or('0')
}

/// `text` cut or padded with `<` to exactly `length` characters.
fn padded(text: &str, length: usize) -> String {
    let mut field: String = text.chars().take(length).collect();
    while field.chars().count() < length {
        field.push('<');
    }
    field
}

/// The two lines of a Chinese passport's zone. The name is not romanised here (no pinyin table),
/// so its field is filler.
pub(crate) fn passport_lines(
    number: &str,
    birth_yymmdd: &str,
    sex: char,
    expiry_yymmdd: &str,
) -> [String; 2] {
    let first = padded("POCHN", 44);
    let number_field = padded(number, 9);
    let body = format!(
        "{number_field}{}CHN{birth_yymmdd}{}{sex}{expiry_yymmdd}{}",
        check_digit(&number_field),
        check_digit(birth_yymmdd),
        check_digit(expiry_yymmdd),
    );
    let optional = padded("", 14);
    let composite_source = format!(
        "{number_field}{}{birth_yymmdd}{}{expiry_yymmdd}{}{optional}{}",
        check_digit(&number_field),
        check_digit(birth_yymmdd),
        check_digit(expiry_yymmdd),
        check_digit(&optional),
    );
    let second =
        format!("{body}{optional}{}{}", check_digit(&optional), check_digit(&composite_source));
    [first, second]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_doc_9303_examples() {
        assert_eq!(check_digit("L898902C3"), '6');
        assert_eq!(check_digit("740812"), '2');
        assert_eq!(check_digit("120415"), '9');
    }

    #[test]
    fn lines_are_44_characters() {
        let [first, second] = passport_lines("E12345678", "900105", 'F', "300105");
        assert_eq!(first.len(), 44);
        assert_eq!(second.len(), 44);
        assert!(second.starts_with("E12345678"));
    }
}
