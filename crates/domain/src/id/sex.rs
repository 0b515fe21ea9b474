//! [`Sex`] as recorded on ID documents and encoded in ID numbers.

use serde::{Deserialize, Serialize};

/// Sex as recorded on the ID document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The sex an ID number's sequence digit encodes: odd is male, even (0 included) is female.
    pub fn from_sequence_digit(digit: u32) -> Sex {
        if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// 男 / 女.
    pub fn name_zh(&self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// male / female.
    pub fn name_en(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sex;

    #[test]
    fn odd_is_male_even_is_female() {
        assert_eq!(Sex::from_sequence_digit(1), Sex::Male);
        assert_eq!(Sex::from_sequence_digit(9), Sex::Male);
        assert_eq!(Sex::from_sequence_digit(0), Sex::Female);
        assert_eq!(Sex::from_sequence_digit(2), Sex::Female);
    }

    #[test]
    fn serializes_snake_case() {
        assert_eq!(serde_json::to_string(&Sex::Female).ok().as_deref(), Some("\"female\""));
    }
}
