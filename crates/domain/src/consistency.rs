//! A declared identity checked against its own ID number and the law: this module owns
//! [`DeclaredIdentity`] (what the applicant typed), [`check`] and the [`ConsistencyReport`] of
//! [`Finding`]s a reviewer reads.
//!
//! Findings come in a fixed order: the number's own errors and warnings (see [`crate::id`]), then
//! sex and birth date against the number, name, ethnicity, region, and the validity period. Every
//! code is API: never rename one, only add. Codes added here:
//!
//! | code | severity | field |
//! |---|---|---|
//! | `sex_mismatch`, `birth_date_mismatch` | error | sex / birth date |
//! | `birth_date_future` | error | birth date |
//! | `name_empty`, `name_invalid_char`, `name_wrong_dot`, `name_dot_position`, `name_misplaced_space` | error | name |
//! | `name_surrounding_space`, `name_private_use_char` | warning | name |
//! | `ethnicity_unknown` | error | ethnicity |
//! | `ethnicity_special`, `ethnicity_missing` | warning | ethnicity |
//! | `region_unknown`, `region_mismatch` | error | region |
//! | `region_missing` | warning | region |
//! | `valid_from_future`, `valid_from_before_birth` | error | valid from |
//! | `validity_end_before_start`, `validity_length_wrong`, `validity_age_mismatch`, `id_expired` | error | valid to |
//! | `validity_age_boundary`, `id_expiring_soon` | warning | valid to |
//!
//! [`Finding`]: crate::finding::Finding

mod age;
mod declared;
mod ethnicity;
mod name;
mod number_match;
mod region_match;
mod report;
mod validity;
mod validity_term;

use chrono::NaiveDate;

pub use age::full_years;
pub use declared::{DeclaredIdentity, Validity};
pub use ethnicity::{canonical_ethnicity, ETHNIC_GROUPS, SPECIAL_ETHNICITY_ENTRIES};
pub use region_match::declared_region_name;
pub use report::ConsistencyReport;

use crate::id::NumberReading;

/// Checks `declared` against its ID number and the rules, judging dates against `today`.
pub fn check(declared: &DeclaredIdentity, today: NaiveDate) -> ConsistencyReport {
    check_reading(declared, NumberReading::of(declared.id_type, &declared.id_number, today), today)
}

/// The same checks on a number already read (by whoever holds it in full): everything but the
/// parsing. `declared.id_number` is not looked at, so it may be masked.
pub fn check_reading(
    declared: &DeclaredIdentity,
    reading: NumberReading,
    today: NaiveDate,
) -> ConsistencyReport {
    let mut findings = Vec::new();
    let parsed = match reading {
        NumberReading::Read { says } => {
            findings.extend(says.warnings.iter().cloned());
            Some(says)
        }
        NumberReading::Unreadable { finding } => {
            findings.push(finding);
            None
        }
    };
    findings.extend(number_match::check(declared, parsed.as_ref(), today));
    if let Some(name) = &declared.name {
        findings.extend(name::check(name));
    }
    if let Some(ethnicity) = &declared.ethnicity {
        findings.extend(ethnicity::check(declared.id_type, ethnicity));
    }
    findings.extend(region_match::check(
        declared.id_type,
        declared.region.as_deref(),
        parsed.as_ref(),
    ));
    let birth_date = parsed.as_ref().and_then(|parsed| parsed.birth_date).or(declared.birth_date);
    findings.extend(validity::check(
        declared.id_type,
        birth_date,
        declared.valid_from,
        declared.valid_to,
        today,
    ));
    ConsistencyReport { parsed, findings }
}
