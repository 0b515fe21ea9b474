//! Parsing every accepted ID document type's number into what it encodes: this module owns the
//! number rules (GB 11643-1999 and its legacy 15-digit form, residence permits, foreign permanent
//! residence IDs, travel permits, passports), their typed errors ([`IdError`], stable codes) and
//! the warnings attached to accepted numbers.
//!
//! Input is normalised first (see `normalize`): surrounding whitespace trimmed, full-width digits,
//! letters and parentheses made ASCII, letters upper-cased. Everything is pure and total: any
//! string gives `Ok` or `Err`, never a panic.
//!
//! When a number fails the shape rules of its declared type (length, characters, format, province)
//! but is a valid number of another type (passports aside, whose rule is too loose to tell), the
//! error is `wrong_id_type` naming that type, since choosing the wrong type is the likelier slip.
//!
//! Warning codes attached to accepted numbers: `unknown_county`, `legacy_15_digit_upgraded`,
//! `old_travel_permit_format`, `foreign_permanent_2017_format`.

mod birth_date;
mod check_digit;
mod error;
mod foreign_permanent;
mod gb11643;
mod id_type;
mod normalize;
mod parsed;
mod passport;
mod reading;
mod residence_permit;
mod resident;
mod sex;
mod shape;
mod travel_permit;
mod warnings;

use chrono::NaiveDate;

pub use check_digit::mod11_2;
pub use error::{CharClass, DateProblem, ExpectedLength, FormatRule, IdError};
pub use id_type::{IdType, UnknownIdType};
pub use parsed::ParsedId;
pub use reading::NumberReading;
pub use sex::Sex;

// The place and nationality types a ParsedId carries, re-exported for callers of `parse`.
pub use crate::region::{Nationality, RegionInfo};

/// Parses `input` as a number of `id_type`, judging birth dates against `today`.
pub fn parse(id_type: IdType, input: &str, today: NaiveDate) -> Result<ParsedId, IdError> {
    let chars = normalize::normalize(input);
    match parse_as(id_type, &chars, today) {
        Err(error) if is_shape_error(&error) => Err(match type_that_fits(id_type, &chars, today) {
            Some(suggested) => IdError::WrongIdType { declared: id_type, suggested },
            None => error,
        }),
        result => result,
    }
}

fn parse_as(id_type: IdType, chars: &[char], today: NaiveDate) -> Result<ParsedId, IdError> {
    match id_type {
        IdType::Resident => resident::parse(chars, today),
        IdType::HkMacauPermit | IdType::TaiwanPermit => {
            residence_permit::parse(id_type, chars, today)
        }
        IdType::ForeignPermanent => foreign_permanent::parse(chars, today),
        IdType::HkMacauTravel => travel_permit::parse_hk_macau(chars),
        IdType::TaiwanTravel => travel_permit::parse_taiwan(chars),
        IdType::Passport => passport::parse(chars),
    }
}

/// Errors that say the number does not have the declared type's shape at all (as opposed to a
/// well-shaped number with a wrong date or check character).
fn is_shape_error(error: &IdError) -> bool {
    matches!(
        error,
        IdError::BadLength { .. }
            | IdError::BadCharset { .. }
            | IdError::BadFormat { .. }
            | IdError::UnknownProvince { .. }
    )
}

/// The first other type (passports excluded) under which the number is valid.
fn type_that_fits(declared: IdType, chars: &[char], today: NaiveDate) -> Option<IdType> {
    IdType::ALL
        .into_iter()
        .filter(|candidate| *candidate != declared && *candidate != IdType::Passport)
        .find(|candidate| parse_as(*candidate, chars, today).is_ok())
}
