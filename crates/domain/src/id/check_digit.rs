//! The two check-character algorithms ID numbers use: ISO 7064 MOD 11-2 (GB 11643-1999, residence
//! permits, 2023 foreign permanent residence IDs) and ICAO 9303 7-3-1 (2017 foreign permanent
//! residence IDs).

/// GB 11643-1999 weights Wᵢ = 2^(17-i) mod 11 for the first 17 digits.
const MOD11_2_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// S mod 11 = 0..10 maps to this check character.
const MOD11_2_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The ISO 7064 MOD 11-2 check character (a digit or `X`) of the first 17 characters of a
/// GB 11643-1999 number (resident IDs, residence permits, 2023 foreign permanent residence IDs).
/// `None` unless exactly 17 ASCII digits.
pub fn mod11_2(digits: &[char]) -> Option<char> {
    if digits.len() != MOD11_2_WEIGHTS.len() {
        return None;
    }
    let mut sum = 0u32;
    for (c, weight) in digits.iter().zip(MOD11_2_WEIGHTS) {
        sum += c.to_digit(10)? * weight;
    }
    let index = usize::try_from(sum % 11).ok()?;
    MOD11_2_CHECK.get(index).copied()
}

/// The ICAO 9303 check digit (weights 7, 3, 1 repeating; digits count as themselves, A=10 … Z=35,
/// `<` = 0) of the given characters. `None` if a character has no value.
pub(crate) fn icao_7_3_1(chars: &[char]) -> Option<char> {
    let mut sum = 0u32;
    for (c, weight) in chars.iter().zip([7u32, 3, 1].into_iter().cycle()) {
        let value = match c {
            '<' => 0,
            'A'..='Z' | '0'..='9' => c.to_digit(36)?,
            _ => return None,
        };
        sum += value * weight;
    }
    char::from_digit(sum % 10, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn mod11_2_matches_the_standard_examples() {
        // GB 11643-1999 appendix examples.
        assert_eq!(mod11_2(&chars("11010519491231002")), Some('X'));
        assert_eq!(mod11_2(&chars("44052418800101001")), Some('4'));
    }

    #[test]
    fn mod11_2_refuses_bad_input() {
        assert_eq!(mod11_2(&chars("1101051949123100")), None);
        assert_eq!(mod11_2(&chars("1101051949123100A")), None);
    }

    #[test]
    fn icao_matches_doc_9303_examples() {
        // ICAO Doc 9303 part 3 worked example: document number L898902C3, check digit 6.
        assert_eq!(icao_7_3_1(&chars("L898902C3")), Some('6'));
        // Date of birth 740812 → 2.
        assert_eq!(icao_7_3_1(&chars("740812")), Some('2'));
        assert_eq!(icao_7_3_1(&chars("L898902C<")), Some('3'));
        assert_eq!(icao_7_3_1(&chars("ab")), None);
    }
}
