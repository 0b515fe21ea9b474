//! A submission's three reports (portrait side, emblem side, hand-held) and the declared number
//! → the reviewer's findings, each carrying the photo it concerns ([`ImageFinding`]) so the
//! desktop shows it beside that image. Reuse across applicants needs the store and is added by
//! the server (`reviewdesk_domain::photo_findings::photo_reused`).

use reviewdesk_domain::finding::Correction;
use reviewdesk_domain::id::mod11_2;
use reviewdesk_domain::photo_findings::{self as found, ImageFinding};
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::Finding;

use crate::card_text::CardSide;
use crate::report::Report;

/// The findings of one submission: `reports` in [`PhotoSide::ALL`] order; `declared_number` as
/// the applicant entered it; `blur_threshold` as configured.
pub fn submission_findings(
    reports: &[Report; 3],
    declared_number: &str,
    blur_threshold: f64,
) -> Vec<ImageFinding> {
    let mut findings = Vec::new();
    let mut add = |side: PhotoSide, finding: Finding| {
        findings.push(ImageFinding { side, finding: finding.about_photo(side) });
    };
    for (side, report) in PhotoSide::ALL.into_iter().zip(reports) {
        if let Some(error) = report.errors.first() {
            add(side, found::photo_unreadable(side, &error.message));
        }
        if let (Some(score), Some(false)) = (report.blur_score, report.sharp) {
            add(side, found::photo_blurred(side, score, blur_threshold));
        }
        if let Some(orientation) = report.orientation {
            let searched = orientation.confidence > 0.0 || !orientation.unsure;
            if orientation.unsure && report.warnings.iter().any(|w| w.code == "orientation_unsure")
            {
                add(side, found::photo_orientation_unsure(side));
            } else if searched {
                for warning in &report.warnings {
                    match warning.code.as_str() {
                        "image_rotated" => {
                            let shown = shown_turn(report);
                            let finding = found::photo_rotated(side, shown.rotate_cw());
                            add(side, finding.with_correction(correction(shown)));
                        }
                        "image_mirrored" => {
                            let finding = found::photo_mirrored(side);
                            add(side, finding.with_correction(correction(shown_turn(report))));
                        }
                        _ => {}
                    }
                }
            }
        }
        let shows = match report.side {
            CardSide::Portrait => Some(PhotoSide::Portrait),
            CardSide::Emblem => Some(PhotoSide::Emblem),
            CardSide::Other | CardSide::Unknown => None,
        };
        if let Some(shows) = shows {
            if side != PhotoSide::Handheld && shows != side {
                add(side, found::photo_wrong_side(side, shows));
            }
        }
        if side != PhotoSide::Emblem {
            if let Some(read) = &report.id_number {
                if number_mismatch(read, declared_number) {
                    add(side, found::photo_id_number_mismatch(side, read));
                }
            }
        }
    }
    for (i, first) in PhotoSide::ALL.into_iter().enumerate() {
        for (j, second) in PhotoSide::ALL.into_iter().enumerate().skip(i + 1) {
            if reports[i].sha256 == reports[j].sha256 {
                add(first, found::photo_duplicate_side(first, second));
                add(second, found::photo_duplicate_side(second, first));
            }
        }
    }
    findings
}

/// The correction that makes the photo read upright, as displayed (EXIF already applied).
fn shown_turn(report: &Report) -> crate::Turn {
    let exif = report
        .exif_orientation
        .and_then(|tag| crate::Turn::from_exif(tag.into()))
        .unwrap_or(crate::Turn::IDENTITY);
    let total = report.orientation.map(|o| o.turn()).unwrap_or(crate::Turn::IDENTITY);
    exif.inverse().then(total)
}

fn correction(turn: crate::Turn) -> Correction {
    Correction { rotate_cw: turn.rotate_cw(), mirrored: turn.mirrored }
}

/// A number read differs from the declared one, and the reading is trustworthy: an 18-character
/// number only counts when its check character is right (else it is probably misread).
fn number_mismatch(read: &str, declared: &str) -> bool {
    let read = read.to_uppercase();
    let declared: String =
        declared.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if read == declared {
        return false;
    }
    let chars: Vec<char> = read.chars().collect();
    if chars.len() == 18 {
        return mod11_2(&chars[..17]) == Some(chars[17]);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_reading_counts_as_a_mismatch() {
        assert!(!number_mismatch("11010519491231002X", "11010519491231002x"));
        assert!(number_mismatch("610922199508200794", "11010519491231002X"));
        // Check character wrong: a misreading, not evidence.
        assert!(!number_mismatch("610922199508200795", "11010519491231002X"));
        assert!(number_mismatch("40501134", "40501133"));
    }
}
