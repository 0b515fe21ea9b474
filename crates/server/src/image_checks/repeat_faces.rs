//! Repeat faces (1:N within the province), after the identity board is recorded: the person in
//! the submission's hand-held photo is compared, by brute force, with the hand-held persons and
//! uploaded card portraits of every other submission of the province
//! ([`reviewdesk_store::Store::faces_to_compare`], [`reviewdesk_store::repeat_faces`]).
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

use reviewdesk_domain::face_findings::{face_differs_from_earlier_attempt, face_seen_elsewhere};
use reviewdesk_domain::photo_findings::ImageFinding;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::face_calibration::SimilarityBands;
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_store::repeat_faces::{faces_at_least, nearest_faces};
use reviewdesk_store::{FacesToCompare, Relation, StoredFace};

use crate::store::Store;

/// The similarity bands in force for the submission's province; `None` while uncalibrated.
///
/// The calibration (a supervisor's run on decided cases and the bands set from it, with its
/// store method) is not part of this build yet: every province reads as uncalibrated, so no
/// repeat-face finding is made. Wiring it is replacing this body with the store's read of the
/// bands in force for the submission's province.
pub(super) fn bands_in_force(
    _store: &dyn Store,
    _submission_id: &str,
) -> Result<Option<SimilarityBands>, String> {
    Ok(None)
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
    let compared = store
        .faces_to_compare(submission_id)
        .map_err(|error| format!("repeat-face lookup failed: {error}"))?;
    Ok(judged(&compared, bands))
}

/// The findings from what was read, by the bands.
fn judged(compared: &FacesToCompare, bands: &SimilarityBands) -> Vec<ImageFinding> {
    let Some(person) = compared.person.as_deref() else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    let elsewhere: Vec<&StoredFace> =
        compared.others.iter().filter(|face| face.relation == Relation::OtherIdentity).collect();
    let close = nearest_faces(
        person,
        elsewhere.iter().map(|face| face.embedding.as_slice()),
        bands.similar_below,
    );
    let cases = distinct_cases(close.iter().map(|(index, _)| elsewhere[*index]));
    if !cases.is_empty() {
        findings
            .push(ImageFinding { side: PhotoSide::Handheld, finding: face_seen_elsewhere(&cases) });
    }
    let earlier: Vec<&StoredFace> = compared
        .others
        .iter()
        .filter(|face| {
            face.relation == Relation::EarlierAttempt && face.source == FaceSource::HandheldPerson
        })
        .collect();
    let far = faces_at_least(
        person,
        earlier.iter().map(|face| face.embedding.as_slice()),
        bands.dissimilar_from,
    );
    let cases = distinct_cases(far.iter().map(|(index, _)| earlier[*index]));
    if !cases.is_empty() {
        findings.push(ImageFinding {
            side: PhotoSide::Handheld,
            finding: face_differs_from_earlier_attempt(&cases),
        });
    }
    findings
}

/// The case numbers of `faces`, each once, in the order given.
fn distinct_cases<'a>(faces: impl Iterator<Item = &'a StoredFace>) -> Vec<String> {
    let mut cases: Vec<String> = Vec::new();
    for face in faces {
        if !cases.contains(&face.case_number) {
            cases.push(face.case_number.clone());
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
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

    /// A unit vector along axis `axis`, moved `by` along the next axis (then normalised): two
    /// of them `a` and `b` apart along one axis are about `|a - b|` apart.
    fn face(axis: usize, by: f32) -> Vec<f32> {
        let mut v = vec![0.0; EMBEDDING_LEN];
        v[axis] = 1.0;
        v[axis + 1] = by;
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    fn stored(id: &str, source: FaceSource, relation: Relation, embedding: Vec<f32>) -> StoredFace {
        StoredFace {
            submission_id: id.to_owned(),
            case_number: format!("11-20260302-{id}"),
            source,
            relation,
            embedding,
        }
    }

    fn codes(findings: &[ImageFinding]) -> Vec<&str> {
        findings.iter().map(|found| found.finding.code.as_str()).collect()
    }

    #[test]
    fn a_close_face_under_another_number_and_a_far_face_on_a_re_attempt_are_findings() {
        use FaceSource::{CardPortrait, HandheldPerson};
        let person = face(0, 0.0);
        let compared = FacesToCompare {
            person: Some(person.clone()),
            others: vec![
                // Another identity: close on the card portrait (0.1 apart), and on a person.
                stored("0002", CardPortrait, Relation::OtherIdentity, face(0, 0.1)),
                stored("0003", HandheldPerson, Relation::OtherIdentity, face(0, 0.3)),
                stored("0003", CardPortrait, Relation::OtherIdentity, face(0, 0.05)),
                // Another identity, between the bands: uncertain, no finding.
                stored("0004", HandheldPerson, Relation::OtherIdentity, face(0, 0.5)),
                // The same number under another account: close, expected, no finding.
                stored("0005", HandheldPerson, Relation::SameNumberOtherApplicant, person.clone()),
                // The applicant's earlier attempts: one far person, one close person, a far
                // card portrait (the card is compared on the board, not here).
                stored("0006", HandheldPerson, Relation::EarlierAttempt, face(5, 0.0)),
                stored("0007", HandheldPerson, Relation::EarlierAttempt, face(0, 0.1)),
                stored("0008", CardPortrait, Relation::EarlierAttempt, face(9, 0.0)),
                // A later attempt (a retried check of an old submission) is not "earlier".
                stored("0009", HandheldPerson, Relation::LaterAttempt, face(7, 0.0)),
            ],
        };
        let found = judged(&compared, &bands());
        assert_eq!(codes(&found), ["face_seen_elsewhere", "face_differs_from_earlier_attempt"]);
        assert!(found.iter().all(|found| found.side == PhotoSide::Handheld));
        let elsewhere = &found[0].finding.message_zh;
        assert!(elsewhere.ends_with("11-20260302-0003、11-20260302-0002"), "{elsewhere}");
        let earlier = &found[1].finding.message_zh;
        assert!(earlier.ends_with("11-20260302-0006"), "{earlier}");

        // No person found on this submission: nothing to compare.
        let no_person = FacesToCompare { person: None, ..compared.clone() };
        assert!(judged(&no_person, &bands()).is_empty());
    }

    fn board(place: &Place, id: &str, person: &[f32]) {
        let hex: String = embedding_bytes(person).iter().map(|b| format!("{b:02x}")).collect();
        place.raw(&format!(
            "INSERT INTO identity_boards (submission_id, province, state, computed_at)
             VALUES ('{id}', '11', 'computed', '2026-03-02T02:00:00Z');
             INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             VALUES ('{id}', 'handheld_person', '11', X'FFD8', X'{hex}');"
        ));
    }

    #[test]
    fn uncalibrated_no_finding_is_made_even_for_the_same_face() {
        let place = Place::sqlite();
        let store = place.open();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
        for (id, number) in [("s1", "11010519491231002X"), ("s2", "110105199001010010")] {
            let mut submission = place::submission(id, now.date_naive());
            submission.identity = DeclaredIdentity::number_only(IdType::Resident, number);
            store.intake(&submission, "intake:test", now).unwrap();
            board(&place, id, &face(0, 0.0));
        }
        let store: &dyn Store = store.as_ref();
        assert_eq!(bands_in_force(store, "s2").unwrap(), None);
        assert!(findings(store, "s2", None).unwrap().is_empty());
        // Calibrated, the same face under another number is found, naming s1's case.
        let found = findings(store, "s2", Some(&bands())).unwrap();
        assert_eq!(codes(&found), ["face_seen_elsewhere"]);
        let first = store.submission_record("s1", now).unwrap().case_number;
        assert!(found[0].finding.message_zh.contains(&first));
        assert!(findings(store, "nope", Some(&bands())).is_err());
    }
}
