//! `finding_reasons`: every finding code the workspace can emit has an entry (the reasons it
//! supports or an explicit "no reason"), read from the sources so a new code without an entry
//! fails here; every entry names catalogue reasons; and the real checks' findings suggest the
//! reasons a reviewer would pick.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reviewdesk_domain::consistency::{check, DeclaredIdentity};
use reviewdesk_domain::finding_reasons::{
    reasons_for, suggested_reasons, supports, Supports, TABLE,
};
use reviewdesk_domain::id::{IdType, Sex};
use reviewdesk_domain::photo_findings;
use reviewdesk_domain::reasons;
use reviewdesk_domain::review::PhotoSide;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The string literal at the start of `text` (after whitespace), if any.
fn literal(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// The value of `const NAME: &str = "…";` in `source`.
fn constant<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let at = source.find(&format!("const {name}: &str ="))?;
    literal(source[at..].split_once('=')?.1)
}

/// The codes `IdError::code` answers with (its match arms' literals).
fn id_error_codes(source: &str) -> Vec<String> {
    let start = source.find("pub fn code(&self) -> &'static str").expect("IdError::code");
    let body = &source[start..];
    let body = &body[..body.find("\n    }\n").expect("end of IdError::code")];
    body.lines()
        .filter_map(|line| line.split_once("=> "))
        .filter_map(|(_, rest)| literal(rest))
        .map(str::to_owned)
        .collect()
}

/// Every finding code the non-test sources of the workspace construct, with where.
fn emitted_codes() -> BTreeMap<String, String> {
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        rust_files(&workspace().join(dir), &mut files);
    }
    let mut codes = BTreeMap::new();
    let mut unreadable = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        let shown = file.strip_prefix(workspace()).unwrap_or(&file).display().to_string();
        if shown.contains("/tests/") || shown.contains("/benches/") || shown.contains("/fuzz/") {
            continue;
        }
        // Unit tests may build findings with made-up codes.
        let source = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for call in ["Finding::error(", "Finding::warning(", "Finding::new("] {
            for (at, _) in source.match_indices(call) {
                let args = &source[at + call.len()..];
                let first = args.split(',').next().unwrap_or("").trim();
                let code = if let Some(code) = literal(args) {
                    vec![code.to_owned()]
                } else if first.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    && !first.is_empty()
                {
                    constant(source, first).map(|code| vec![code.to_owned()]).unwrap_or_default()
                } else if first == "self.code()" && shown.ends_with("id/error.rs") {
                    id_error_codes(source)
                } else {
                    Vec::new()
                };
                if code.is_empty() {
                    unreadable.push(format!("{shown}: {call}{first}"));
                }
                for code in code {
                    codes.entry(code).or_insert_with(|| shown.clone());
                }
            }
        }
    }
    assert!(
        unreadable.is_empty(),
        "finding codes this test cannot read (use a literal or a const): {unreadable:?}"
    );
    codes
}

#[test]
fn every_emitted_finding_code_has_an_entry() {
    let emitted = emitted_codes();
    // The scan is not vacuous: it sees every kind of check.
    for known in [
        "checksum_mismatch",
        "sex_mismatch",
        "photo_mirrored",
        "unknown_county",
        "due_date_unknown",
    ] {
        assert!(emitted.contains_key(known), "the scan missed {known}: {emitted:?}");
    }
    let missing: Vec<String> = emitted
        .iter()
        .filter(|(code, _)| supports(code).is_none())
        .map(|(code, file)| format!("{code} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "finding codes without an entry in finding_reasons::TABLE (add the reasons they support \
         or Supports::Nothing with why): {missing:?}"
    );
}

#[test]
fn every_entry_is_a_code_something_emits_once() {
    let emitted = emitted_codes();
    let mut seen = Vec::new();
    for (code, _) in TABLE {
        assert!(!seen.contains(code), "{code} has two entries");
        seen.push(code);
        assert!(emitted.contains_key(*code), "{code} has an entry but nothing emits it");
    }
}

#[test]
fn every_entry_names_catalogue_reasons_the_reviewer_can_tick_at_once() {
    for (code, supports) in TABLE {
        let named: Vec<&str> = match supports {
            Supports::Reasons(codes) => {
                assert!(!codes.is_empty(), "{code}: use Supports::Nothing for no reason");
                codes.to_vec()
            }
            Supports::ByPhoto { portrait, emblem, handheld } => vec![portrait, emblem, handheld],
            Supports::Nothing(why) => {
                assert!(!why.trim().is_empty(), "{code}: say why it supports no reason");
                Vec::new()
            }
        };
        for reason in named {
            let found =
                reasons::find(reason).unwrap_or_else(|| panic!("{code} → unknown reason {reason}"));
            assert!(!found.needs_text, "{code} → {reason} needs a free text, cannot be suggested");
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The GB 11643-1999 example: a woman born 1949-12-31.
const STANDARD_EXAMPLE: &str = "11010519491231002X";

fn suggested_for(identity: &DeclaredIdentity) -> Vec<String> {
    suggested_reasons(&check(identity, date(2025, 6, 1)).findings)
}

#[test]
fn the_real_checks_suggest_the_reason_that_names_them() {
    let mut identity = DeclaredIdentity::number_only(IdType::Resident, STANDARD_EXAMPLE);
    identity.sex = Some(Sex::Male);
    assert_eq!(suggested_for(&identity), ["sex_incorrect"]);

    let mut identity = DeclaredIdentity::number_only(IdType::Resident, STANDARD_EXAMPLE);
    identity.birth_date = Some(date(1949, 12, 30));
    assert_eq!(suggested_for(&identity), ["birth_date_incorrect"]);

    let mut identity = DeclaredIdentity::number_only(IdType::Resident, "11010519491231002Y");
    identity.sex = Some(Sex::Female);
    assert_eq!(suggested_for(&identity), ["id_number_incorrect"]);
}

#[test]
fn photo_findings_suggest_by_their_photo_in_catalogue_order_once() {
    let findings = [
        photo_findings::photo_mirrored(PhotoSide::Handheld),
        photo_findings::photo_blurred(PhotoSide::Emblem, 20.0, 100.0)
            .about_photo(PhotoSide::Emblem),
        photo_findings::photo_rotated(PhotoSide::Portrait, 90),
        photo_findings::photo_mirrored(PhotoSide::Portrait),
        photo_findings::photo_orientation_unsure(PhotoSide::Emblem),
    ];
    assert_eq!(
        suggested_reasons(&findings),
        ["emblem_photo_unclear", "photo_rotated", "photo_mirrored"]
    );
    // Without the photo it concerns, a blur says nothing about which photo is unclear.
    assert!(reasons_for(&photo_findings::photo_blurred(PhotoSide::Emblem, 20.0, 100.0)).is_empty());
    let portrait = photo_findings::photo_blurred(PhotoSide::Portrait, 20.0, 100.0)
        .about_photo(PhotoSide::Portrait);
    assert_eq!(reasons_for(&portrait), ["portrait_photo_unclear"]);
    let handheld = photo_findings::photo_blurred(PhotoSide::Handheld, 20.0, 100.0)
        .about_photo(PhotoSide::Handheld);
    assert_eq!(reasons_for(&handheld), ["handheld_photo_unclear"]);
}

#[test]
fn named_findings_map_as_the_reviewer_would_reject() {
    let expect = [
        ("sex_mismatch", "sex_incorrect"),
        ("birth_date_mismatch", "birth_date_incorrect"),
        ("id_expired", "id_expired"),
        ("photo_rotated", "photo_rotated"),
        ("photo_mirrored", "photo_mirrored"),
        ("photo_wrong_side", "wrong_side_uploaded"),
        ("photo_id_number_mismatch", "id_number_incorrect"),
        ("wrong_id_type", "id_type_incorrect"),
    ];
    for (code, reason) in expect {
        match supports(code) {
            Some(Supports::Reasons(codes)) => assert_eq!(codes, [reason], "{code}"),
            other => panic!("{code}: {other:?}"),
        }
    }
    assert!(matches!(supports("photo_reused"), Some(Supports::Nothing(_))));
    assert!(matches!(supports("photo_near_duplicate"), Some(Supports::Nothing(_))));
    assert!(matches!(supports("id_expiring_soon"), Some(Supports::Nothing(_))));
    assert_eq!(supports("no_such_code"), None);
}
