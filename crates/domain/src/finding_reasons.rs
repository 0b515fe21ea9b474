//! Which reject reasons a finding supports: the one table from finding codes (identity checks,
//! ID-number errors and warnings, photo checks, intake) to reason codes of the catalogue
//! ([`crate::reasons`]), so the reject panel opens with them ticked.
//!
//! Every finding code any check can emit has an entry, either the reasons it supports or an
//! explicit [`Supports::Nothing`] with why (`tests/finding_reasons.rs` reads the sources of the
//! workspace for emitted codes and fails on a code without an entry). A suggestion is only a
//! starting point: the reviewer confirms, unticks or adds.

use crate::finding::Finding;
use crate::reasons;
use crate::review::PhotoSide;

/// What a finding supports in the reject-reason catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supports {
    /// These reasons, whatever photo the finding concerns.
    Reasons(&'static [&'static str]),
    /// The reason for the photo the finding concerns (a finding without a photo suggests none).
    ByPhoto { portrait: &'static str, emblem: &'static str, handheld: &'static str },
    /// Deliberately no reason; the text says why (the finding asks the reviewer to look, or is
    /// only information).
    Nothing(&'static str),
}

const UNCLEAR: Supports = Supports::ByPhoto {
    portrait: "portrait_photo_unclear",
    emblem: "emblem_photo_unclear",
    handheld: "handheld_photo_unclear",
};
const NUMBER: Supports = Supports::Reasons(&["id_number_incorrect"]);
const NAME: Supports = Supports::Reasons(&["name_incorrect"]);
const VALID_FROM: Supports = Supports::Reasons(&["valid_from_incorrect"]);
const VALID_TO: Supports = Supports::Reasons(&["valid_to_incorrect"]);
const REGION: Supports = Supports::Reasons(&["region_incorrect"]);
const ETHNICITY: Supports = Supports::Reasons(&["ethnicity_incorrect"]);

/// Every finding code and what it supports, grouped by the check that emits it.
pub const TABLE: &[(&str, Supports)] = &[
    // The ID number does not parse (`id::IdError::code`).
    ("empty", NUMBER),
    ("bad_length", NUMBER),
    ("bad_charset", NUMBER),
    ("checksum_mismatch", NUMBER),
    ("impossible_date", NUMBER),
    ("future_date", NUMBER),
    ("unknown_province", NUMBER),
    ("unknown_nationality", NUMBER),
    ("bad_format", NUMBER),
    ("wrong_id_type", Supports::Reasons(&["id_type_incorrect"])),
    // Warnings about an accepted number (`id::warnings`).
    ("unknown_county", Supports::Nothing("old numbers keep county codes that no longer exist")),
    ("legacy_15_digit_upgraded", Supports::Nothing("information: the old form was read")),
    ("old_travel_permit_format", Supports::Nothing("information: an older permit format")),
    ("foreign_permanent_2017_format", Supports::Nothing("information: the 2017 card form")),
    // The declaration against its number (`consistency`).
    ("implausible_age", Supports::Nothing("the reviewer checks the number against the card")),
    ("sex_mismatch", Supports::Reasons(&["sex_incorrect"])),
    ("birth_date_mismatch", Supports::Reasons(&["birth_date_incorrect"])),
    ("birth_date_future", Supports::Reasons(&["birth_date_incorrect"])),
    ("ethnicity_missing", ETHNICITY),
    ("ethnicity_special", Supports::Nothing("a lawful special entry; the reviewer compares")),
    ("ethnicity_unknown", ETHNICITY),
    ("region_mismatch", REGION),
    ("region_missing", REGION),
    ("region_unknown", REGION),
    ("name_empty", NAME),
    ("name_surrounding_space", Supports::Nothing("spaces around a name are trimmed")),
    ("name_wrong_dot", NAME),
    ("name_invalid_char", NAME),
    ("name_private_use_char", Supports::Nothing("rare characters exist; the reviewer compares")),
    ("name_dot_position", NAME),
    ("name_misplaced_space", NAME),
    ("valid_from_future", VALID_FROM),
    ("valid_from_before_birth", VALID_FROM),
    ("validity_age_boundary", Supports::Nothing("the issue date may follow the application")),
    ("validity_age_mismatch", VALID_TO),
    ("validity_length_wrong", VALID_TO),
    ("validity_end_before_start", VALID_TO),
    ("id_expired", Supports::Reasons(&["id_expired"])),
    ("id_expiring_soon", Supports::Nothing("still valid today")),
    // The automatic photo checks (`photo_findings`).
    ("photo_check_failed", Supports::Nothing("the checks did not run; the reviewer looks")),
    ("photo_unreadable", Supports::Reasons(&["file_not_as_required"])),
    ("photo_blurred", UNCLEAR),
    ("photo_rotated", Supports::Reasons(&["photo_rotated"])),
    ("photo_mirrored", Supports::Reasons(&["photo_mirrored"])),
    ("photo_orientation_unsure", Supports::Nothing("undecided; the reviewer looks")),
    ("photo_wrong_side", Supports::Reasons(&["wrong_side_uploaded"])),
    ("photo_id_number_mismatch", NUMBER),
    ("photo_duplicate_side", Supports::Reasons(&["wrong_side_uploaded"])),
    (
        "photo_reused",
        Supports::Nothing(
            "a file other applicants uploaded is a fraud signal for the reviewer to judge; no \
             catalogue reason states it (the reviewer writes 其他原因)",
        ),
    ),
    (
        "photo_near_duplicate",
        Supports::Nothing(
            "a likely copy of another applicant's photo is a fraud signal the reviewer confirms by \
             eye; no catalogue reason states it",
        ),
    ),
    // Intake (`reviewdesk-server`).
    ("due_date_unknown", Supports::Nothing("about the answer's due date, not the applicant")),
];

/// What the finding with this code supports; `None` for a code the table does not know.
pub fn supports(code: &str) -> Option<Supports> {
    TABLE.iter().find(|(known, _)| *known == code).map(|(_, supports)| *supports)
}

/// The reasons one finding supports.
pub fn reasons_for(finding: &Finding) -> Vec<&'static str> {
    match supports(&finding.code) {
        Some(Supports::Reasons(codes)) => codes.to_vec(),
        Some(Supports::ByPhoto { portrait, emblem, handheld }) => match finding.photo {
            Some(PhotoSide::Portrait) => vec![portrait],
            Some(PhotoSide::Emblem) => vec![emblem],
            Some(PhotoSide::Handheld) => vec![handheld],
            None => Vec::new(),
        },
        Some(Supports::Nothing(_)) | None => Vec::new(),
    }
}

/// The reasons a set of findings supports, each once, in catalogue order.
pub fn suggested_reasons<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<String> {
    let wanted: Vec<&str> = findings.into_iter().flat_map(reasons_for).collect();
    reasons::catalogue()
        .iter()
        .filter(|reason| wanted.contains(&reason.code))
        .map(|reason| reason.code.to_owned())
        .collect()
}
