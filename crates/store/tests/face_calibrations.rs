//! The face-similarity calibration against both stores: a run reads the card portraits and
//! hand-held persons of the province's approved submissions only (not rejected, pending, another
//! province's, nor the held card's portrait), with each one's applicant; runs and bands are kept
//! per province, each audited; bands are refused with their codes (bad thresholds, an unknown or
//! another province's run, a thin run) writing nothing; the latest bands are in force.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::face_calibration::EMBEDDING_LEN;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::face_calibration::{SetBandsRequest, ThresholdRates};
use reviewdesk_domain::wire::identity_board::FaceSource;
use reviewdesk_store::on_both_stores;
use reviewdesk_store::testing::place::{self, Place};
use reviewdesk_store::{NewCalibrationRun, NewDecision, NewUser, Store, StoreError, User};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn user(store: &dyn Store, name: &str, role: Role, province: Option<&str>) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role,
        province: province.map(str::to_owned),
    };
    store.add_user(&new, now()).unwrap()
}

/// An embedding whose first number is `x`.
fn embedding(x: f32) -> Vec<f32> {
    let mut values = vec![0.0; EMBEDDING_LEN];
    values[0] = x;
    values
}

fn hex(values: &[f32]) -> String {
    values.iter().flat_map(|v| v.to_le_bytes()).map(|b| format!("{b:02x}")).collect()
}

/// The board of `id` with these faces, written as the photo-check workers write it.
fn board(place: &Place, id: &str, province: &str, faces: &[(FaceSource, f32)]) {
    let blob = |bytes: &str| match place {
        Place::Sqlite(_) => format!("X'{bytes}'"),
        Place::Postgres(_) => format!("decode('{bytes}', 'hex')"),
    };
    let mut sql = format!(
        "INSERT INTO identity_boards (submission_id, province, state, computed_at)
         VALUES ('{id}', '{province}', 'computed', '2026-03-02T02:00:00Z');"
    );
    for (source, x) in faces {
        sql.push_str(&format!(
            "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             VALUES ('{id}', '{}', '{province}', {}, {});",
            source.as_str(),
            blob("ffd8ffd9"),
            blob(&hex(&embedding(*x))),
        ));
    }
    place.raw(&sql);
}

/// Submission `id` of `applicant` in `province`, taken through intake and decided by `reviewer`
/// (`None`: left pending).
fn case(
    store: &dyn Store,
    reviewer: &User,
    id: &str,
    applicant: &str,
    province: &str,
    outcome: Option<Outcome>,
) {
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut submission = place::submission(id, day);
    submission.applicant_id = applicant.to_owned();
    submission.province = province.to_owned();
    store.intake(&submission, "intake:test", now()).unwrap();
    let Some(outcome) = outcome else { return };
    let lease = store.claim(reviewer, 1, Duration::minutes(30), now()).unwrap().remove(0);
    assert_eq!(lease.submission_id, id);
    let reasons =
        if outcome == Outcome::Reject { vec!["sex_incorrect".to_owned()] } else { Vec::new() };
    let decision = NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: id.to_owned(),
        lease_token: lease.lease_token,
        outcome,
        reasons,
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(reviewer, &decision, now()).unwrap();
}

fn run(same: u32, different: u32, thin: Option<&str>) -> NewCalibrationRun {
    NewCalibrationRun {
        same_person_pairs: same,
        different_person_pairs: different,
        different_sampled: false,
        rates: vec![
            ThresholdRates { threshold: 0.5, false_match_rate: 0.0, false_non_match_rate: 0.25 },
            ThresholdRates { threshold: 0.6, false_match_rate: 0.125, false_non_match_rate: 0.0 },
        ],
        thin_reason: thin.map(str::to_owned),
    }
}

fn code<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    result.unwrap_err().code().to_string()
}

fn a_run_reads_only_the_provinces_approved_faces(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let reviewer = user(store, "li.na", Role::Reviewer, Some("11"));
    let reviewer44 = user(store, "chen", Role::Reviewer, Some("44"));
    case(store, &reviewer, "s1", "A", "11", Some(Outcome::Approve));
    board(
        &place,
        "s1",
        "11",
        &[
            (FaceSource::CardPortrait, 0.1),
            (FaceSource::HeldCardPortrait, 0.15),
            (FaceSource::HandheldPerson, 0.3),
        ],
    );
    case(store, &reviewer, "s2", "B", "11", Some(Outcome::Approve));
    board(&place, "s2", "11", &[(FaceSource::CardPortrait, 1.0)]);
    case(store, &reviewer, "s3", "C", "11", Some(Outcome::Reject));
    board(
        &place,
        "s3",
        "11",
        &[(FaceSource::CardPortrait, 2.0), (FaceSource::HandheldPerson, 2.1)],
    );
    case(store, &reviewer, "s4", "D", "11", None);
    board(
        &place,
        "s4",
        "11",
        &[(FaceSource::CardPortrait, 3.0), (FaceSource::HandheldPerson, 3.1)],
    );
    case(store, &reviewer44, "g1", "E", "44", Some(Outcome::Approve));
    board(
        &place,
        "g1",
        "44",
        &[(FaceSource::CardPortrait, 4.0), (FaceSource::HandheldPerson, 4.1)],
    );

    let faces = store.calibration_faces("11").unwrap();
    let seen: Vec<(String, String, FaceSource, f32)> = faces
        .iter()
        .map(|f| (f.submission_id.clone(), f.applicant_id.clone(), f.source, f.embedding[0]))
        .collect();
    assert_eq!(
        seen,
        [
            ("s1".into(), "A".into(), FaceSource::CardPortrait, 0.1),
            ("s1".into(), "A".into(), FaceSource::HandheldPerson, 0.3),
            ("s2".into(), "B".into(), FaceSource::CardPortrait, 1.0),
        ]
    );
    assert!(faces.iter().all(|f| f.embedding.len() == EMBEDDING_LEN));
    let far = store.calibration_faces("44").unwrap();
    assert_eq!(far.len(), 2);
    assert!(far.iter().all(|f| f.submission_id == "g1"));
    assert!(store.calibration_faces("31").unwrap().is_empty());
}

fn runs_and_bands_are_kept_per_province_and_audited(place: Place) {
    let store = place.open();
    let store = store.as_ref();
    let zhao = user(store, "zhao", Role::Supervisor, Some("11"));
    let far = user(store, "huang", Role::Supervisor, Some("44"));
    let nowhere = user(store, "admin", Role::Admin, None);

    // Nothing yet: uncalibrated, said as None, never a default band.
    let empty = store.calibration_status("11").unwrap();
    assert_eq!((empty.latest_run, empty.bands), (None, None));
    assert_eq!(store.similarity_bands("11").unwrap(), None);

    let reason = "同一人配对只有 2 对，至少需要 100 对";
    let thin = store.record_calibration_run(&zhao, &run(2, 6, Some(reason)), now()).unwrap();
    assert!(!thin.sufficient);
    assert_eq!(thin.thin_reason.as_deref(), Some(reason));
    assert_eq!((thin.same_person_pairs, thin.different_person_pairs), (2, 6));
    assert_eq!(thin.run_by, "zhao");
    let status = store.calibration_status("11").unwrap();
    assert_eq!(status.latest_run.as_ref(), Some(&thin));
    assert_eq!(status.bands, None);
    let event = store.audit_chain().unwrap().pop().unwrap().entry;
    assert_eq!((event.action, event.actor.as_str()), (AuditAction::FaceCalibrationRun, "zhao"));
    let detail: serde_json::Value = serde_json::from_str(&event.detail).unwrap();
    assert_eq!(detail["run_id"], thin.id);
    assert_eq!(detail["province"], "11");
    assert_eq!(
        (detail["same_person_pairs"].as_u64(), detail["sufficient"].as_bool()),
        (Some(2), Some(false))
    );

    let request = |run_id, similar_below, dissimilar_from| SetBandsRequest {
        run_id,
        similar_below,
        dissimilar_from,
    };
    let events = store.audit_chain().unwrap().len();
    // A thin run: refused with its reason.
    let refused = store.set_similarity_bands(&zhao, &request(thin.id, 0.45, 0.6), now());
    let StoreError::Invalid { message, .. } = &refused.as_ref().unwrap_err() else { panic!() };
    assert!(message.contains(reason), "{message}");
    assert_eq!(code(refused), "calibration_too_thin");

    let later = now() + Duration::minutes(5);
    let good = store.record_calibration_run(&zhao, &run(150, 9000, None), later).unwrap();
    assert!(good.sufficient && good.thin_reason.is_none());
    assert!(good.id > thin.id);
    assert_eq!(store.calibration_status("11").unwrap().latest_run.unwrap(), good);
    let events = events + 1;

    for (similar, dissimilar) in [(0.6, 0.45), (0.0, 0.5), (0.4, 2.0), (f32::NAN, 0.6)] {
        assert_eq!(
            code(store.set_similarity_bands(&zhao, &request(good.id, similar, dissimilar), later)),
            "bad_similarity_bands"
        );
    }
    assert_eq!(
        code(store.set_similarity_bands(&zhao, &request(good.id + 100, 0.45, 0.6), later)),
        "unknown_calibration_run"
    );
    // Another province's supervisor cannot set bands from this province's run.
    assert_eq!(
        code(store.set_similarity_bands(&far, &request(good.id, 0.45, 0.6), later)),
        "unknown_calibration_run"
    );
    assert_eq!(
        code(store.record_calibration_run(&nowhere, &run(1, 1, None), later)),
        "no_province"
    );
    // Nothing written by any refusal.
    assert_eq!(store.audit_chain().unwrap().len(), events);
    assert_eq!(store.similarity_bands("11").unwrap(), None);
    assert_eq!(store.similarity_bands("44").unwrap(), None);

    let set = store.set_similarity_bands(&zhao, &request(good.id, 0.45, 0.6), later).unwrap();
    assert_eq!((set.similar_below, set.dissimilar_from, set.run_id), (0.45, 0.6, good.id));
    assert_eq!((set.set_by.as_str(), set.set_at), ("zhao", later));
    assert_eq!(store.similarity_bands("11").unwrap().as_ref(), Some(&set));
    assert_eq!(store.calibration_status("11").unwrap().bands.as_ref(), Some(&set));
    assert_eq!(store.similarity_bands("44").unwrap(), None);
    assert_eq!(store.calibration_status("44").unwrap().latest_run, None);
    let event = store.audit_chain().unwrap().pop().unwrap().entry;
    assert_eq!(event.action, AuditAction::SimilarityBandsSet);
    let detail: serde_json::Value = serde_json::from_str(&event.detail).unwrap();
    assert_eq!(detail["run_id"], good.id);
    assert_eq!(detail["similar_below"].as_f64().map(|v| v as f32), Some(0.45));
    assert_eq!(detail["dissimilar_from"].as_f64().map(|v| v as f32), Some(0.6));

    // Set again (equal thresholds leave no 存疑 band, which is allowed): the latest is in force,
    // also after reopening the store; the run stays the latest.
    let again = store
        .set_similarity_bands(&zhao, &request(good.id, 0.5, 0.5), later + Duration::minutes(1))
        .unwrap();
    let reopened = place.open();
    assert_eq!(reopened.similarity_bands("11").unwrap(), Some(again));
    assert_eq!(reopened.calibration_status("11").unwrap().latest_run.unwrap(), good);
    assert!(reopened.audit_chain().unwrap().len() == events + 2);
    assert!(reviewdesk_domain::audit::verify(&reopened.audit_chain().unwrap()).is_ok());
}

on_both_stores!(Place; a_run_reads_only_the_provinces_approved_faces, runs_and_bands_are_kept_per_province_and_audited);
