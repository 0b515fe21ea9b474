//! Repeat faces (1:N within the province), after the identity board is recorded: the person in
//! the submission's hand-held photo is compared, by brute force, with the hand-held persons and
//! uploaded card portraits of every other submission of the province
//! ([`reviewdesk_store::Store::repeat_faces`], the scan in [`reviewdesk_store::repeat_faces`]).
//!
//! - A face of another applicant under another ID number closer than the calibrated "similar"
//!   threshold: `face_seen_elsewhere`, naming those cases (nearest first).
//! - The same applicant's earlier attempt whose hand-held person is at least the calibrated
//!   "dissimilar" threshold away: `face_differs_from_earlier_attempt`, naming those cases.
//!
//! Only with the bands a supervisor set from the calibration ([`SimilarityBands`]): while the
//! province is uncalibrated no repeat-face finding is made at all — dlib's distances mean
//! nothing for these faces until measured on the province's own decided cases — and the
//! identity board says 相似度尚未校准. A submission whose person was not found is not compared
//! (its board says the face was not found). Another applicant declaring the same number (a
//! second account of the same person) is not a repeat face. Both findings are hints for a person
//! and suggest no reject reason.

use chrono::{DateTime, Utc};
use reviewdesk_domain::face_findings::{face_differs_from_earlier_attempt, face_seen_elsewhere};
use reviewdesk_domain::photo_findings::ImageFinding;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::face_calibration::SimilarityBands;
use reviewdesk_store::{FaceMatch, RepeatFaces};

use crate::store::Store;

/// The similarity bands in force for the submission's province (`Store::similarity_bands`, set
/// by a supervisor from a calibration run); `None` while the province is uncalibrated.
pub(super) fn bands_in_force(
    store: &dyn Store,
    submission_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<SimilarityBands>, String> {
    let province = store
        .submission_record(submission_id, now)
        .map_err(|error| format!("submission not read for its province: {error}"))?
        .province;
    store.similarity_bands(&province).map_err(|error| format!("bands not read: {error}"))
}

/// The repeat-face findings of one submission whose identity board is recorded; none without
/// `bands` (uncalibrated).
pub(super) fn findings(
    store: &dyn Store,
    submission_id: &str,
    bands: Option<&SimilarityBands>,
) -> Result<Vec<ImageFinding>, String> {
    let Some(bands) = bands else {
        return Ok(Vec::new());
    };
    let found = store
        .repeat_faces(submission_id, bands.similar_below, bands.dissimilar_from)
        .map_err(|error| format!("repeat-face lookup failed: {error}"))?;
    Ok(findings_of(&found))
}

/// The findings of what the store found, on the hand-held photo.
fn findings_of(found: &RepeatFaces) -> Vec<ImageFinding> {
    let mut findings = Vec::new();
    let elsewhere = distinct_cases(&found.seen_elsewhere);
    if !elsewhere.is_empty() {
        let finding = face_seen_elsewhere(&elsewhere);
        findings.push(ImageFinding { side: PhotoSide::Handheld, finding });
    }
    let earlier = distinct_cases(&found.differs_from_earlier);
    if !earlier.is_empty() {
        let finding = face_differs_from_earlier_attempt(&earlier);
        findings.push(ImageFinding { side: PhotoSide::Handheld, finding });
    }
    findings
}

/// The case numbers of `matches`, each once, in the order given.
fn distinct_cases(matches: &[FaceMatch]) -> Vec<String> {
    let mut cases: Vec<String> = Vec::new();
    for found in matches {
        if !cases.contains(&found.case_number) {
            cases.push(found.case_number.clone());
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use reviewdesk_domain::consistency::DeclaredIdentity;
    use reviewdesk_domain::id::IdType;
    use reviewdesk_store::repeat_faces::{embedding_bytes, EMBEDDING_LEN};
    use reviewdesk_store::testing::place::{self, Place};

    use super::*;

    fn bands() -> SimilarityBands {
        SimilarityBands {
            similar_below: 0.4,
            dissimilar_from: 0.6,
            run_id: 1,
            set_by: "zhang.wei".to_owned(),
            set_at: Utc.with_ymd_and_hms(2026, 3, 1, 2, 0, 0).unwrap(),
        }
    }

    /// A unit vector along `axis`, moved `by` along the next axis (then normalised).
    fn face(axis: usize, by: f32) -> Vec<f32> {
        let mut v = vec![0.0; EMBEDDING_LEN];
        v[axis] = 1.0;
        v[axis + 1] = by;
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    fn board(place: &Place, id: &str, faces: &[(&str, Vec<f32>)]) {
        let mut sql = format!(
            "INSERT INTO identity_boards (submission_id, province, state, computed_at)
             VALUES ('{id}', '11', 'computed', '2026-03-02T02:00:00Z');"
        );
        for (source, embedding) in faces {
            let hex: String =
                embedding_bytes(embedding).iter().map(|b| format!("{b:02x}")).collect();
            sql += &format!(
                "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
                 VALUES ('{id}', '{source}', '11', X'FFD8', X'{hex}');"
            );
        }
        place.raw(&sql);
    }

    fn codes(findings: &[ImageFinding]) -> Vec<&str> {
        findings.iter().map(|found| found.finding.code.as_str()).collect()
    }

    #[test]
    fn findings_only_by_the_calibrated_bands_naming_the_other_cases() {
        let place = Place::sqlite();
        let store = place.open();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
        let submit = |id: &str, applicant: &str, number: &str, at| {
            let mut submission = place::submission(id, now.date_naive());
            submission.applicant_id = applicant.to_owned();
            submission.identity = DeclaredIdentity::number_only(IdType::Resident, number);
            store.intake(&submission, "intake:test", at).unwrap().case_number
        };
        // Two applicants under two numbers: the same face on s1's card and s3's person, and
        // s3's card portrait near it too (one case, named once). app-3's earlier attempt s2 had
        // another person.
        let first = submit("s1", "app-1", "11010519491231002X", now);
        board(&place, "s1", &[("card_portrait", face(0, 0.0))]);
        let earlier = submit("s2", "app-3", "110105199001010010", now);
        board(&place, "s2", &[("handheld_person", face(7, 0.0))]);
        place.raw(
            "UPDATE submissions SET status = 'rejected' WHERE id = 's2';
                   DELETE FROM queue WHERE submission_id = 's2';",
        );
        submit("s3", "app-3", "110105199001010010", now + Duration::days(1));
        board(&place, "s3", &[("handheld_person", face(0, 0.0)), ("card_portrait", face(0, 0.1))]);
        let store: &dyn Store = store.as_ref();

        // Uncalibrated: no finding, however alike the faces.
        assert_eq!(bands_in_force(store, "s3", now).unwrap(), None);
        assert!(findings(store, "s3", None).unwrap().is_empty());
        // Calibrated: both, on the hand-held photo, naming the cases.
        let found = findings(store, "s3", Some(&bands())).unwrap();
        assert_eq!(codes(&found), ["face_seen_elsewhere", "face_differs_from_earlier_attempt"]);
        assert!(found.iter().all(|found| found.side == PhotoSide::Handheld));
        let elsewhere = &found[0].finding.message_zh;
        assert!(elsewhere.ends_with(&format!("相关案件：{first}")), "{elsewhere}");
        let differs = &found[1].finding.message_zh;
        assert!(differs.ends_with(&format!("此前案件：{earlier}")), "{differs}");
        // s1 has no person: nothing compared, nothing found.
        assert!(findings(store, "s1", Some(&bands())).unwrap().is_empty());
        assert!(findings(store, "nope", Some(&bands())).is_err());
    }

    #[test]
    fn a_case_matched_twice_is_named_once_nearest_first() {
        let at = |id: &str, distance: f32| FaceMatch {
            submission_id: id.to_owned(),
            case_number: format!("11-20260302-{id}"),
            source: reviewdesk_domain::wire::identity_board::FaceSource::HandheldPerson,
            distance,
        };
        let found = RepeatFaces {
            compared: true,
            seen_elsewhere: vec![at("0003", 0.05), at("0002", 0.1), at("0003", 0.3)],
            differs_from_earlier: Vec::new(),
        };
        let findings = findings_of(&found);
        assert_eq!(codes(&findings), ["face_seen_elsewhere"]);
        let text = &findings[0].finding.message_zh;
        assert!(text.ends_with("11-20260302-0003、11-20260302-0002"), "{text}");
        assert!(findings_of(&RepeatFaces::default()).is_empty());
    }
}
