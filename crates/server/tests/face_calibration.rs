//! The face-similarity calibration, end to end:
//!
//! - Over HTTP (in-process, SQLite): only supervisors reach the three routes (reviewers and
//!   admins 403 `supervisors_only`, nothing audited for them); a run counts the province's
//!   approved pairs and is audited; a thin run is said in words and bands cannot be set from it;
//!   bad thresholds, an unknown run and another province's run are 422 with their codes; bands
//!   set are read back and audited; another province's supervisor sees none of it.
//! - On a fixture set of real faces, on both stores: "calibration on a fixture set produces the
//!   rates and the bands". The photos are the example images of the PyPI sdist
//!   `face_recognition==1.3.0` (MIT licence; `tests/test_images/`: obama.jpg, obama2.jpg,
//!   obama3.jpg, biden.jpg — official portraits of US government officials), installed into
//!   `$REVIEWDESK_FACE_TEST_IMAGES` by `scripts/setup.sh`; the models are dlib's (public domain /
//!   CC0, PyPI `face_recognition_models==0.3.0`). Embedded with `FaceFinder`, stored as the
//!   board faces of approved (and, to be left out, rejected and pending) submissions.
//! - `reviewdesk-server face-calibration` prints the latest run's table and the bands in force.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate};
use image::GrayImage;
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::face_calibration::{band_of, candidate_thresholds, CalibrationMinimums};
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::face_calibration::SetBandsRequest;
use reviewdesk_domain::wire::identity_board::{FaceSource, SimilarityBand};
use reviewdesk_imaging::faces::{default_models_dir, distance, FaceFinder};
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::testing::place::{self, Place};
use reviewdesk_server::store::{NewDecision, NewUser, Store, User};
use serde_json::{json, Value};
use support::server_process::BIN;
use support::{server_with, start_time, Server};

// ---------------------------------------------------------------------------------------------
// Writing board faces as the photo-check workers do (their store method is another branch's).

fn hex(values: &[f32]) -> String {
    values.iter().flat_map(|v| v.to_le_bytes()).map(|b| format!("{b:02x}")).collect()
}

/// SQL writing the board of `id` with these faces; `blob` quotes hex bytes for the database.
fn board_sql(
    id: &str,
    province: &str,
    faces: &[(FaceSource, Vec<f32>)],
    blob: impl Fn(&str) -> String,
) -> String {
    let mut sql = format!(
        "INSERT INTO identity_boards (submission_id, province, state, computed_at)
         VALUES ('{id}', '{province}', 'computed', '2026-03-02T02:00:00Z');"
    );
    for (source, embedding) in faces {
        sql.push_str(&format!(
            "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             VALUES ('{id}', '{}', '{province}', {}, {});",
            source.as_str(),
            blob("ffd8ffd9"),
            blob(&hex(embedding)),
        ));
    }
    sql
}

fn sqlite_blob(bytes: &str) -> String {
    format!("X'{bytes}'")
}

/// An embedding whose first number is `x`: distances between two are |x − y|.
fn at(x: f32) -> Vec<f32> {
    let mut values = vec![0.0; 128];
    values[0] = x;
    values
}

// ---------------------------------------------------------------------------------------------
// Over HTTP.

/// A reviewer approves one submission of `applicant` through the API; its id.
async fn approved(server: &Server, key: &str, reviewer: &str, applicant: &str) -> String {
    let id = server.submit(key, applicant, "11").await;
    let (claimed, lease) = server.claim(reviewer, 1).await.remove(0);
    assert_eq!(claimed, id);
    let decision = server
        .post_json(
            "/api/v1/decisions",
            Some(reviewer),
            json!({"id": uuid::Uuid::new_v4().to_string(), "submission_id": id,
                   "lease_token": lease, "outcome": "approve"}),
        )
        .await;
    assert_eq!(decision.status, StatusCode::CREATED, "{}", decision.json());
    id
}

fn write_board(server: &Server, id: &str, faces: &[(FaceSource, Vec<f32>)]) {
    let conn = rusqlite::Connection::open(server.store.path()).unwrap();
    conn.execute_batch(&board_sql(id, "11", faces, sqlite_blob)).unwrap();
}

fn events(server: &Server, action: AuditAction) -> Vec<(String, Value)> {
    server
        .store
        .audit_chain()
        .unwrap()
        .into_iter()
        .filter(|e| e.entry.action == action)
        .map(|e| (e.entry.actor, serde_json::from_str(&e.entry.detail).unwrap()))
        .collect()
}

async fn put_bands(server: &Server, token: &str, body: Value) -> support::Reply {
    server.call_json(Method::PUT, "/api/v1/face-calibration/bands", Some(token), Some(body)).await
}

#[tokio::test]
async fn supervisors_of_the_province_run_read_and_set_the_calibration_audited() {
    let minimums = CalibrationMinimums { same_person_pairs: 2, different_person_pairs: 2 };
    let server = server_with(Settings { calibration_minimums: minimums, ..Settings::default() });
    server.add_user("li.na", Role::Reviewer, Some("11"));
    server.add_user("zhao", Role::Supervisor, Some("11"));
    server.add_user("huang", Role::Supervisor, Some("44"));
    server.add_user("root", Role::Admin, None);
    let reviewer = server.login("li.na").await;
    let zhao = server.login("zhao").await;
    let huang = server.login("huang").await;
    let admin = server.login("root").await;

    // Reviewers and admins reach none of the three routes, and nothing is audited for them.
    for token in [&reviewer, &admin] {
        server
            .post_json("/api/v1/face-calibration/runs", Some(token), json!({}))
            .await
            .error(StatusCode::FORBIDDEN, "supervisors_only");
        server
            .get("/api/v1/face-calibration", Some(token))
            .await
            .error(StatusCode::FORBIDDEN, "supervisors_only");
        put_bands(
            &server,
            token,
            json!({"run_id": 1, "similar_below": 0.4, "dissimilar_from": 0.6}),
        )
        .await
        .error(StatusCode::FORBIDDEN, "supervisors_only");
    }
    server
        .get("/api/v1/face-calibration", None)
        .await
        .error(StatusCode::UNAUTHORIZED, "missing_token");

    // Uncalibrated: said as nulls, never a default.
    let status = server.get("/api/v1/face-calibration", Some(&zhao)).await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.json(), json!({"latest_run": null, "bands": null}));

    // A run before any face: nothing to pair, thin, no rates; bands cannot be set from it.
    let empty = server.post_json("/api/v1/face-calibration/runs", Some(&zhao), json!({})).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.json());
    let empty = empty.json();
    assert_eq!(
        (empty["same_person_pairs"].as_u64(), empty["sufficient"].as_bool()),
        (Some(0), Some(false))
    );
    assert_eq!(empty["rates"], json!([]));
    assert!(empty["thin_reason"].as_str().unwrap().contains("同一人配对只有 0 对"), "{empty}");
    let thin = put_bands(
        &server,
        &zhao,
        json!({"run_id": empty["id"], "similar_below": 0.4, "dissimilar_from": 0.6}),
    )
    .await
    .error(StatusCode::UNPROCESSABLE_ENTITY, "calibration_too_thin");
    assert!(thin["message"].as_str().unwrap().contains("同一人配对只有 0 对"), "{thin}");

    // Two approved applicants with both faces, one approved with the card's face only.
    let key = server.intake_key();
    let a = approved(&server, &key, &reviewer, "A-1").await;
    let b = approved(&server, &key, &reviewer, "B-1").await;
    let c = approved(&server, &key, &reviewer, "C-1").await;
    write_board(
        &server,
        &a,
        &[(FaceSource::CardPortrait, at(0.0)), (FaceSource::HandheldPerson, at(0.35))],
    );
    write_board(
        &server,
        &b,
        &[(FaceSource::CardPortrait, at(5.0)), (FaceSource::HandheldPerson, at(5.5))],
    );
    write_board(&server, &c, &[(FaceSource::CardPortrait, at(9.0))]);

    let run = server.post_json("/api/v1/face-calibration/runs", Some(&zhao), json!({})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.json());
    let run = run.json();
    // Same: A, B. Different: cards A B C × persons A B less A×A and B×B.
    assert_eq!(
        (run["same_person_pairs"].as_u64(), run["different_person_pairs"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!((run["sufficient"].as_bool(), &run["thin_reason"]), (Some(true), &Value::Null));
    assert_eq!(run["run_by"], "zhao");
    let rates = run["rates"].as_array().unwrap();
    assert_eq!(rates.len(), candidate_thresholds().len());
    // At 0.4: A's 0.35 matches, B's 0.5 does not; no different pair (≥ 3.5) matches.
    let at_04 =
        rates.iter().find(|r| (r["threshold"].as_f64().unwrap() - 0.4).abs() < 1e-6).unwrap();
    assert_eq!(
        (at_04["false_non_match_rate"].as_f64(), at_04["false_match_rate"].as_f64()),
        (Some(0.5), Some(0.0))
    );
    let runs = events(&server, AuditAction::FaceCalibrationRun);
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1].0, "zhao");
    assert_eq!(runs[1].1["run_id"], run["id"]);
    assert_eq!(
        (runs[1].1["same_person_pairs"].as_u64(), runs[1].1["different_person_pairs"].as_u64()),
        (Some(2), Some(4))
    );

    // Refusals, each with its code, writing nothing.
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let id = run["id"].clone();
    for (low, high) in [(0.6, 0.4), (0.0, 0.5), (0.5, 2.0), (1e39, 1e39)] {
        put_bands(
            &server,
            &zhao,
            json!({"run_id": id, "similar_below": low, "dissimilar_from": high}),
        )
        .await
        .error(unprocessable, "bad_similarity_bands");
    }
    put_bands(&server, &zhao, json!({"run_id": 999, "similar_below": 0.4, "dissimilar_from": 0.6}))
        .await
        .error(unprocessable, "unknown_calibration_run");
    put_bands(&server, &huang, json!({"run_id": id, "similar_below": 0.4, "dissimilar_from": 0.6}))
        .await
        .error(unprocessable, "unknown_calibration_run");
    put_bands(&server, &zhao, json!({"run_id": id, "similar_below": 0.4}))
        .await
        .error(unprocessable, "invalid_request");
    put_bands(
        &server,
        &zhao,
        json!({"run_id": id, "similar_below": 0.4, "dissimilar_from": 0.6, "x": 1}),
    )
    .await
    .error(unprocessable, "invalid_request");
    assert!(events(&server, AuditAction::SimilarityBandsSet).is_empty());
    assert_eq!(
        server.get("/api/v1/face-calibration", Some(&zhao)).await.json()["bands"],
        Value::Null
    );

    // Set: read back, audited; the latest run stays the one shown.
    server.clock.advance(Duration::minutes(3));
    let set = put_bands(
        &server,
        &zhao,
        json!({"run_id": id, "similar_below": 0.45, "dissimilar_from": 0.6}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.json());
    let set = set.json();
    assert_eq!(
        (set["similar_below"].as_f64().map(|v| v as f32), set["run_id"].clone()),
        (Some(0.45), id.clone())
    );
    assert_eq!(set["set_by"], "zhao");
    let status = server.get("/api/v1/face-calibration", Some(&zhao)).await.json();
    assert_eq!(status["bands"], set);
    assert_eq!(status["latest_run"], run);
    let bands_set = events(&server, AuditAction::SimilarityBandsSet);
    assert_eq!(bands_set.len(), 1);
    assert_eq!((bands_set[0].0.as_str(), bands_set[0].1["run_id"].clone()), ("zhao", id));

    // Another province's supervisor sees none of it, and their run counts none of these cases.
    assert_eq!(
        server.get("/api/v1/face-calibration", Some(&huang)).await.json(),
        json!({"latest_run": null, "bands": null})
    );
    let far =
        server.post_json("/api/v1/face-calibration/runs", Some(&huang), json!({})).await.json();
    assert_eq!(
        (far["same_person_pairs"].as_u64(), far["different_person_pairs"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(reviewdesk_domain::audit::verify(&server.store.audit_chain().unwrap()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// The fixture set of real faces, on both stores.

fn test_images() -> PathBuf {
    let dir = reviewdesk_imaging::faces::models::test_images_dir();
    assert!(
        dir.join("obama.jpg").is_file(),
        "{} has no obama.jpg: run scripts/setup.sh",
        dir.display()
    );
    dir
}

struct Fixture {
    obama: Vec<f32>,
    obama2: Vec<f32>,
    obama3: Vec<f32>,
    biden: Vec<f32>,
    /// biden.jpg mirrored (the set has one photo of him): a hand-held selfie is often mirrored.
    biden_mirrored: Vec<f32>,
}

fn embed(finder: &FaceFinder, image: &GrayImage, name: &str) -> Vec<f32> {
    finder.find(image, 1).unwrap_or_else(|| panic!("no face found in {name}")).embedding
}

fn fixture() -> Fixture {
    let finder = FaceFinder::load(&default_models_dir()).expect("face models (scripts/setup.sh)");
    let dir = test_images();
    let grey = |name: &str| image::open(dir.join(name)).expect(name).to_luma8();
    let biden = grey("biden.jpg");
    Fixture {
        obama: embed(&finder, &grey("obama.jpg"), "obama.jpg"),
        obama2: embed(&finder, &grey("obama2.jpg"), "obama2.jpg"),
        obama3: embed(&finder, &grey("obama3.jpg"), "obama3.jpg"),
        biden: embed(&finder, &biden, "biden.jpg"),
        biden_mirrored: embed(&finder, &image::imageops::flip_horizontal(&biden), "biden mirrored"),
    }
}

fn staff(store: &dyn Store, name: &str, role: Role) -> User {
    let new = NewUser {
        username: name.to_owned(),
        password_hash: "$argon2id$test".to_owned(),
        role,
        province: Some("11".to_owned()),
    };
    store.add_user(&new, start_time()).unwrap()
}

/// Submission `id` of `applicant` with these faces, decided `outcome` (`None`: left pending).
fn case(
    place: &Place,
    store: &dyn Store,
    reviewer: &User,
    (id, applicant): (&str, &str),
    faces: &[(FaceSource, Vec<f32>)],
    outcome: Option<Outcome>,
) {
    let mut submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    submission.applicant_id = applicant.to_owned();
    store.intake(&submission, "intake:test", start_time()).unwrap();
    let blob = |bytes: &str| match place {
        Place::Sqlite(_) => sqlite_blob(bytes),
        Place::Postgres(_) => format!("decode('{bytes}', 'hex')"),
    };
    place.raw(&board_sql(id, "11", faces, blob));
    let Some(outcome) = outcome else { return };
    let lease = store.claim(reviewer, 1, Duration::minutes(30), start_time()).unwrap().remove(0);
    let reasons =
        if outcome == Outcome::Reject { vec!["sex_incorrect".to_owned()] } else { Vec::new() };
    let decision = NewDecision {
        id: uuid::Uuid::new_v4().to_string(),
        submission_id: lease.submission_id,
        lease_token: lease.lease_token,
        outcome,
        reasons,
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    };
    store.decide(reviewer, &decision, start_time()).unwrap();
}

fn calibration_on_a_fixture_set_produces_the_rates_and_the_bands(place: Place) {
    let faces = fixture();
    let store = place.open();
    let store = store.as_ref();
    let reviewer = staff(store, "li.na", Role::Reviewer);
    let zhao = staff(store, "zhao", Role::Supervisor);
    let (card, person) = (FaceSource::CardPortrait, FaceSource::HandheldPerson);
    let both = |c: &Vec<f32>, p: &Vec<f32>| vec![(card, c.clone()), (person, p.clone())];
    case(
        &place,
        store,
        &reviewer,
        ("obama-1", "O"),
        &both(&faces.obama, &faces.obama2),
        Some(Outcome::Approve),
    );
    case(
        &place,
        store,
        &reviewer,
        ("biden-1", "B"),
        &both(&faces.biden, &faces.biden_mirrored),
        Some(Outcome::Approve),
    );
    // Left out: a rejected case and a pending one (their faces are Obama's again).
    case(
        &place,
        store,
        &reviewer,
        ("obama-r", "O3"),
        &both(&faces.obama3, &faces.obama),
        Some(Outcome::Reject),
    );
    case(&place, store, &reviewer, ("obama-p", "O4"), &both(&faces.obama3, &faces.obama2), None);

    let same =
        [distance(&faces.obama, &faces.obama2), distance(&faces.biden, &faces.biden_mirrored)];
    let different =
        [distance(&faces.obama, &faces.biden_mirrored), distance(&faces.biden, &faces.obama2)];
    eprintln!("fixture distances: same person {same:?}, different persons {different:?}");
    // What dlib's model does on these (Western, frontal, well-lit) faces.
    assert!(
        same.iter().all(|d| *d < 0.6) && different.iter().all(|d| *d > 0.6),
        "{same:?} {different:?}"
    );

    // With the standard minimums: thin, said with its numbers, and no bands from it.
    let now = start_time();
    let thin =
        reviewdesk_server::face_calibration::run(store, &zhao, CalibrationMinimums::STANDARD, now)
            .unwrap();
    assert_eq!((thin.same_person_pairs, thin.different_person_pairs), (2, 2));
    assert!(!thin.sufficient);
    let reason = thin.thin_reason.clone().unwrap();
    assert!(
        reason.contains("同一人配对只有 2 对") && reason.contains("不同人配对只有 2 对"),
        "{reason}"
    );
    let request = |run_id| SetBandsRequest { run_id, similar_below: 0.5, dissimilar_from: 0.6 };
    let refused = store.set_similarity_bands(&zhao, &request(thin.id), now).unwrap_err();
    assert_eq!(refused.code().as_str(), "calibration_too_thin");

    // With the minimums lowered to this set's size (a fixture, not a deployment).
    let lowered = CalibrationMinimums { same_person_pairs: 2, different_person_pairs: 2 };
    let run = reviewdesk_server::face_calibration::run(store, &zhao, lowered, now).unwrap();
    assert!(run.sufficient && run.thin_reason.is_none());
    assert_eq!((run.same_person_pairs, run.different_person_pairs), (2, 2));
    assert_eq!(run.rates.len(), candidate_thresholds().len());
    for rate in &run.rates {
        let t = rate.threshold;
        let fnm = same.iter().filter(|d| **d >= t).count() as f64 / 2.0;
        let fm = different.iter().filter(|d| **d < t).count() as f64 / 2.0;
        assert_eq!((rate.false_non_match_rate, rate.false_match_rate), (fnm, fm), "at {t}");
    }
    let at_06 = run.rates.iter().find(|r| (r.threshold - 0.6).abs() < 1e-6).unwrap();
    assert_eq!((at_06.false_match_rate, at_06.false_non_match_rate), (0.0, 0.0));

    let set = store.set_similarity_bands(&zhao, &request(run.id), now).unwrap();
    let status = store.calibration_status("11").unwrap();
    assert_eq!(status.latest_run.as_ref(), Some(&run));
    assert_eq!(status.bands.as_ref(), Some(&set));
    let bands = store.similarity_bands("11").unwrap().unwrap();
    assert_eq!((bands.similar_below, bands.dissimilar_from, bands.run_id), (0.5, 0.6, run.id));
    // The bands in force on the fixture's pairs: different persons 不相似, the same not.
    for d in different {
        assert_eq!(band_of(d, &bands), Some(SimilarityBand::Dissimilar));
    }
    for d in same {
        assert_ne!(band_of(d, &bands), Some(SimilarityBand::Dissimilar), "{d}");
    }
}

reviewdesk_store::on_both_stores!(Place; calibration_on_a_fixture_set_produces_the_rates_and_the_bands);

// ---------------------------------------------------------------------------------------------
// The command line report.

#[test]
fn the_command_prints_the_latest_run_and_the_bands_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let report = |province: &str| {
        let output = Command::new(BIN)
            .args(["face-calibration", "--province", province, "--data-dir"])
            .arg(dir.path())
            .env_remove("REVIEWDESK__STORAGE__DATABASE_URL")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    // No database yet: an error, not an empty report.
    let (code, _, err) = report("11");
    assert_eq!(code, Some(1));
    assert!(err.contains("no database"), "{err}");
    let (code, _, err) = report("1x");
    assert_eq!(code, Some(2), "{err}");

    let store = reviewdesk_server::data_dir::DataDir::new(dir.path()).open_store().unwrap();
    let zhao = staff(&store, "zhao", Role::Supervisor);
    let (code, out, err) = report("11");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("尚未运行校准") && out.contains("相似度尚未校准"), "{out}");

    let lowered = CalibrationMinimums { same_person_pairs: 0, different_person_pairs: 0 };
    let thin = reviewdesk_server::face_calibration::run(
        &store,
        &zhao,
        CalibrationMinimums::STANDARD,
        start_time(),
    )
    .unwrap();
    let (_, out, _) = report("11");
    assert!(out.contains(&format!("#{}", thin.id)) && out.contains("数据不足"), "{out}");
    assert!(out.contains("无比率"), "{out}");
    // 10:00 Beijing time, never UTC.
    assert!(out.contains("2026-03-02 10:00"), "{out}");

    // Rates and bands: a run over two approved cases' faces (written as the workers do).
    let reviewer = staff(&store, "li.na", Role::Reviewer);
    for (id, x) in [("s1", 0.0f32), ("s2", 5.0)] {
        let mut submission = place::submission(id, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        submission.applicant_id = format!("app-{id}");
        store.intake(&submission, "intake:test", start_time()).unwrap();
        let lease =
            store.claim(&reviewer, 1, Duration::minutes(30), start_time()).unwrap().remove(0);
        let decision = NewDecision {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: lease.submission_id,
            lease_token: lease.lease_token,
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        store.decide(&reviewer, &decision, start_time()).unwrap();
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.execute_batch(&board_sql(
            id,
            "11",
            &[(FaceSource::CardPortrait, at(x)), (FaceSource::HandheldPerson, at(x + 0.4))],
            sqlite_blob,
        ))
        .unwrap();
    }
    let run =
        reviewdesk_server::face_calibration::run(&store, &zhao, lowered, start_time()).unwrap();
    store
        .set_similarity_bands(
            &zhao,
            &SetBandsRequest { run_id: run.id, similar_below: 0.45, dissimilar_from: 0.6 },
            start_time(),
        )
        .unwrap();
    let (code, out, _) = report("11");
    assert_eq!(code, Some(0));
    assert!(
        out.contains("同一人配对 same-person pairs: 2; 不同人配对 different-person pairs: 2"),
        "{out}"
    );
    eprintln!("{out}");
    assert!(out.contains("数据量足够"), "{out}");
    // The 0.400 row: both same pairs are 0.4 apart, a tie: not a match.
    let row = out.lines().find(|l| l.trim_start().starts_with("0.400")).unwrap();
    assert!(row.contains("0.00% (0/2)") && row.contains("100.00% (2/2)"), "{row}");
    let row = out.lines().find(|l| l.trim_start().starts_with("0.425")).unwrap();
    assert!(row.ends_with(" 0.00% (0/2)"), "{row}");
    assert!(out.contains("相似 similar < 0.450") && out.contains(">= 0.600"), "{out}");
    assert!(out.contains(&format!("run #{}", run.id)), "{out}");
    // Another province: nothing of this one's.
    let (_, out, _) = report("44");
    assert!(out.contains("尚未运行校准") && out.contains("相似度尚未校准"), "{out}");
}
