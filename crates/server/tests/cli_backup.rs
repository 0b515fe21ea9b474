//! `reviewdesk-server backup` while a real `serve` process takes intakes over HTTP, then
//! `restore`: the copy opens, passes `PRAGMA integrity_check` and `audit verify`, holds every
//! photo its rows reference, and restores into an empty data directory (a non-empty one only
//! with --force).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use support::server_process::{RunningServer, BIN};
use support::{multipart, valid_parts};

fn cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_online_backup_during_intake_restores_and_verifies() {
    let (dir, intake_key) = support::reviewers_and_intake_key();
    let server = RunningServer::start(dir.path());
    let base = server.base.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut accepted = 0;
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) || accepted < 5 {
                n += 1;
                let (content_type, body) = multipart(&valid_parts(&format!("BK-{n}"), "11"));
                let reply = http
                    .post(format!("{base}/api/v1/intake/submissions"))
                    .header("x-api-key", &intake_key)
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
                accepted += 1;
            }
            accepted
        })
    };
    // Let some intakes land, then back up while they go on.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let copy = tempfile::tempdir().unwrap();
    let dest = copy.path().join("backup");
    let data_dir = dir.path().as_os_str();
    let output = tokio::task::spawn_blocking({
        let dest = dest.clone();
        let data_dir = data_dir.to_owned();
        move || cli(&["backup".as_ref(), "--data-dir".as_ref(), &data_dir, dest.as_os_str()])
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let accepted = writer.await.unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verified"], true);
    let copied = report["submissions"].as_u64().unwrap();
    // Intakes went on while the backup ran: the snapshot has some of them, not all.
    assert!(copied >= 1 && copied < accepted, "{copied} of {accepted}");
    drop(server);

    // The copy on its own: audit verify (the copy holds no signing key: the checkpoints it
    // carries verify with the original's public key), and every referenced photo on disk.
    assert!(!dest.join("audit-signing.key").exists(), "a backup never carries the signing key");
    let public_key =
        cli(&["audit".as_ref(), "public-key".as_ref(), "--data-dir".as_ref(), data_dir]);
    let public_key = String::from_utf8_lossy(&public_key.stdout).trim().to_owned();
    let verified = cli(&[
        "audit".as_ref(),
        "verify".as_ref(),
        "--data-dir".as_ref(),
        dest.as_os_str(),
        "--public-key".as_ref(),
        public_key.as_ref(),
    ]);
    assert_eq!(verified.status.code(), Some(0), "{}", String::from_utf8_lossy(&verified.stderr));
    let conn = rusqlite::Connection::open(dest.join("reviewdesk.db")).unwrap();
    let mut statement = conn
        .prepare("SELECT portrait_sha256, emblem_sha256, handheld_sha256 FROM submissions")
        .unwrap();
    let rows: Vec<[String; 3]> = statement
        .query_map([], |row| Ok([row.get(0)?, row.get(1)?, row.get(2)?]))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len() as u64, copied);
    let distinct: std::collections::BTreeSet<&String> = rows.iter().flatten().collect();
    assert_eq!(report["images"].as_u64().unwrap(), distinct.len() as u64);
    for sha in rows.iter().flatten() {
        let path = dest.join("images").join(&sha[..2]).join(format!("{sha}.jpg"));
        assert!(path.exists(), "{sha} missing from the copy");
    }

    // Restore: refused over a non-empty directory, then forced; into a fresh one as is.
    let refused = cli(&["restore".as_ref(), dest.as_os_str(), "--data-dir".as_ref(), data_dir]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not empty"));
    let forced = cli(&[
        "restore".as_ref(),
        dest.as_os_str(),
        "--data-dir".as_ref(),
        data_dir,
        "--force".as_ref(),
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", String::from_utf8_lossy(&forced.stderr));
    let fresh = copy.path().join("fresh");
    let restored =
        cli(&["restore".as_ref(), dest.as_os_str(), "--data-dir".as_ref(), fresh.as_os_str()]);
    assert_eq!(restored.status.code(), Some(0), "{}", String::from_utf8_lossy(&restored.stderr));
    let server = RunningServer::start(&fresh);
    let ready = reqwest::get(format!("{}/readyz", server.base)).await.unwrap();
    assert_eq!(ready.status(), 200);

    // A broken copy is refused: a referenced photo removed.
    let sha = &rows[0][0];
    std::fs::remove_file(dest.join("images").join(&sha[..2]).join(format!("{sha}.jpg"))).unwrap();
    let broken = cli(&[
        "restore".as_ref(),
        dest.as_os_str(),
        "--data-dir".as_ref(),
        copy.path().join("x").as_os_str(),
    ]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("photos its rows reference"));
}
