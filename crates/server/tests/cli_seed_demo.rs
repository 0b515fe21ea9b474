//! `reviewdesk-server seed-demo` as a newcomer runs it: the real binary fills a data directory
//! that the store then serves (submissions with photos and findings, demo accounts), and a
//! second run adds nothing twice.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use chrono::Utc;
use reviewdesk_domain::audit::verify;
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;

fn seed(dir: &std::path::Path, count: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_reviewdesk-server"))
        .args(["seed-demo", "--count", count, "--provinces", "11", "--data-dir"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn seed_demo_fills_a_reviewable_queue_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = seed(dir.path(), "4");
    assert!(first.contains("4 new submissions (0 already there)"), "{first}");
    assert!(first.contains("reviewer11, reviewer11b, supervisor11"), "{first}");
    // The demo's history: reviewer11b decided one of the four, the supervisor planted a golden
    // copy of it (which reviewer11 may claim like any other item).
    assert!(first.contains("second demo reviewer of each province: 1"), "{first}");

    let again = seed(dir.path(), "4");
    assert!(again.contains("0 new submissions (4 already there)"), "{again}");

    let store = SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap();
    let (reviewer, hash) = store.user_for_login("reviewer11").unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"));
    let leases = store.claim(&reviewer, 10, chrono::Duration::minutes(15), Utc::now()).unwrap();
    assert_eq!(leases.len(), 4);
    let images = ImageFiles::new(dir.path().join("images"));
    for lease in &leases {
        let submission = store.submission(&reviewer, &lease.submission_id, Utc::now()).unwrap();
        assert_eq!(submission.province, "11");
        for sha in
            [&submission.images.portrait, &submission.images.emblem, &submission.images.handheld]
        {
            let jpeg = images.read(sha).unwrap();
            assert!(jpeg.starts_with(&[0xFF, 0xD8]), "a real JPEG");
        }
    }
    assert!(verify(&store.audit_chain().unwrap()).is_ok());
}
