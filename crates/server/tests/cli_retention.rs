//! `reviewdesk-server retention run` on a real data directory: submissions decided more than
//! `retention.days` ago lose their identity and their photo files; a photo another open
//! submission still uses stays; an old orphan file goes, a fresh one (an intake in flight) stays;
//! `audit verify` still passes and the purge is in the chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;
use std::time::SystemTime;

use chrono::{Duration, NaiveDate, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::store::{NewDecision, NewSubmission, NewUser, Store, SubmissionImages};
use support::jpeg;
use support::server_process::BIN;

const NUMBER: &str = "11010519491231002X";

fn age(path: &std::path::Path, days: u64) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - std::time::Duration::from_secs(days * 86_400)).unwrap();
}

#[test]
fn retention_run_purges_old_decisions_and_unused_photos() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let store = data.open_store().unwrap();
    let images = data.images();
    let long_ago = Utc::now() - Duration::days(4 * 365);
    let reviewer = store
        .add_user(
            &NewUser {
                username: "li.na".to_owned(),
                password_hash: "$argon2id$test".to_owned(),
                role: Role::Reviewer,
                province: Some("11".to_owned()),
            },
            long_ago,
        )
        .unwrap();
    let photo: Vec<String> = (0..6).map(|seed| images.put(&jpeg(64, 40, seed)).unwrap()).collect();
    let submit = |id: &str, shas: [&String; 3], at| {
        let submission = NewSubmission {
            id: id.to_owned(),
            applicant_id: format!("app-{id}"),
            province: "11".to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, NUMBER),
            images: SubmissionImages {
                portrait: shas[0].clone(),
                emblem: shas[1].clone(),
                handheld: shas[2].clone(),
            },
            findings: Vec::new(),
            submitted_on: NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
            due_date: None,
            due_provisional: false,
            calendar_version: None,
        };
        store.intake(&submission, "intake:test", at).unwrap();
    };
    submit("s-old", [&photo[0], &photo[1], &photo[2]], long_ago);
    let lease = store.claim(&reviewer, 1, Duration::minutes(15), long_ago).unwrap().remove(0);
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
    store.decide(&reviewer, &decision, long_ago).unwrap();
    // Still open, sharing photo 0 with the old one.
    submit("s-open", [&photo[0], &photo[3], &photo[4]], Utc::now());
    drop(store);
    let path = |sha: &str| dir.path().join("images").join(&sha[..2]).join(format!("{sha}.jpg"));
    for sha in &photo[..5] {
        age(&path(sha), 1500);
    }
    let old_orphan = images.put(&jpeg(64, 40, 90)).unwrap();
    age(&path(&old_orphan), 2);
    let fresh_orphan = images.put(&jpeg(64, 40, 91)).unwrap();

    let output = Command::new(BIN)
        .args(["retention", "run", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["submissions_purged"], 1, "{report}");
    assert_eq!(report["purged_images_removed"], 2, "{report}");
    // photo[5] was never used by anyone, but it is fresh; old_orphan is 2 days old.
    assert_eq!(report["orphan_images_removed"], 1, "{report}");

    assert!(path(&photo[0]).exists(), "still used by s-open");
    assert!(!path(&photo[1]).exists() && !path(&photo[2]).exists());
    assert!(path(&photo[3]).exists() && path(&photo[4]).exists());
    assert!(!path(&old_orphan).exists());
    assert!(path(&fresh_orphan).exists() && path(&photo[5]).exists());

    let db = rusqlite::Connection::open(dir.path().join("reviewdesk.db")).unwrap();
    let identity: String = db
        .query_row("SELECT identity FROM submissions WHERE id = 's-old'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(identity, "null");
    let decisions: i64 = db.query_row("SELECT COUNT(*) FROM decisions", [], |r| r.get(0)).unwrap();
    assert_eq!(decisions, 1);

    let verified =
        Command::new(BIN).args(["audit", "verify", "--data-dir"]).arg(dir.path()).output().unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", String::from_utf8_lossy(&verified.stderr));

    // A second run finds nothing more to do.
    let again = Command::new(BIN)
        .args(["retention", "run", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["submissions_purged"], 0, "{report}");
}

#[test]
fn retention_run_refuses_a_missing_data_directory() {
    let output = Command::new(BIN)
        .args(["retention", "run", "--data-dir", "/nonexistent/reviewdesk"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no database at"));
}
