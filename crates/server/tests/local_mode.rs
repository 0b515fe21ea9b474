//! Local mode (the desktop's default): a demo data directory served in-process on loopback, used
//! over real HTTP exactly as the desktop uses it, then stopped.

use chrono::Utc;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use serde_json::{json, Value};

/// What the desktop's demo leaves to review: its pending submissions' document types.
#[test]
fn the_local_mode_demo_queue_holds_every_kind_of_document() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path().join("local"));
    let options = DemoOptions {
        count: demo::LOCAL_MODE_COUNT,
        provinces: vec!["11".to_owned()],
        ..DemoOptions::default()
    };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT DISTINCT json_extract(s.identity, '$.id_type') FROM queue q
             JOIN submissions s ON s.id = q.submission_id WHERE q.stage = 'first'",
        )
        .unwrap();
    let pending: Vec<String> =
        statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    for kind in ["resident", "foreign-permanent", "passport"] {
        assert!(pending.iter().any(|t| t == kind), "no pending {kind}: {pending:?}");
    }
    assert!(
        pending.iter().any(|t| t.ends_with("-permit") || t.ends_with("-travel")),
        "no pending permit: {pending:?}"
    );
}

#[tokio::test]
async fn a_seeded_demo_directory_is_served_on_loopback_and_reviewable() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path().join("local"));
    let options = DemoOptions { count: 3, seed: 7, provinces: vec!["44".to_owned()] };
    let summary = demo::seed(&data, &options, Utc::now()).unwrap();
    assert_eq!(summary.created, 3);
    assert!(summary.accounts.contains(&"reviewer44".to_owned()));

    let server = LocalServer::start(&data, None).await.unwrap();
    assert!(server.address().ip().is_loopback(), "local mode listens on loopback only");
    let base = server.url();
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "reviewer44", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().expect("a token").to_owned();
    let claim: Value = client
        .post(format!("{base}/api/v1/queue/claim"))
        .bearer_auth(&token)
        .json(&json!({"max": 5}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let leases = claim["leases"].as_array().unwrap();
    assert_eq!(leases.len(), 3, "{claim}");
    let id = leases[0]["submission_id"].as_str().unwrap();
    let photo = client
        .get(format!("{base}/api/v1/submissions/{id}/images/portrait"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(&photo.bytes().await.unwrap()[..2], [0xFF, 0xD8], "a JPEG");

    server.stop().await.unwrap();
    assert!(client.get(format!("{base}/api/v1/openapi.json")).send().await.is_err(), "stopped");

    // Local data is anchored like a server's: signed at start (the seeded head) and at stop
    // (after the login, claim and photo view), with a key in the data directory.
    let store = data.open_store().unwrap();
    let chain = reviewdesk_server::store::Store::audit_chain(&store).unwrap();
    let checkpoints = reviewdesk_server::store::Store::audit_checkpoints(&store).unwrap();
    assert_eq!(checkpoints.len(), 2, "{checkpoints:?}");
    assert_eq!(checkpoints[1].seq, chain.len() as u64, "the stop checkpoint covers every event");
    let key = reviewdesk_server::audit_anchor::AuditSigningKey::load(
        &data.root().join("audit-signing.key"),
    )
    .unwrap();
    let verified = reviewdesk_server::audit_anchor::verify_audit_log(
        &chain,
        &checkpoints,
        &[],
        &[key.verifying_key()],
    )
    .unwrap();
    assert_eq!(verified.covered, chain.len() as u64);
    drop(store);

    // Seeding again adds nothing twice; the data survives a restart.
    let again = demo::seed(&data, &options, Utc::now()).unwrap();
    assert_eq!((again.created, again.already_there), (0, 3));
}

/// The nice value of this process's thread named `name`, if there is one (Linux).
#[cfg(target_os = "linux")]
fn nice_of_thread(name: &str) -> Option<i64> {
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let task = task.ok()?.path();
        let comm = std::fs::read_to_string(task.join("comm")).unwrap_or_default();
        if comm.trim() == name {
            let stat = std::fs::read_to_string(task.join("stat")).ok()?;
            // After "pid (comm) ": state is field 3, nice field 19.
            let after = stat.rsplit_once(") ")?.1;
            return after.split_whitespace().nth(16)?.parse().ok();
        }
    }
    None
}

/// Local mode runs the same photo checks as `serve`: the demo's checks get done, by one worker
/// running below normal priority (so the window stays responsive while the OCR runs).
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_mode_checks_the_photos_with_one_low_priority_worker() {
    use reviewdesk_server::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path().join("local"));
    let options = DemoOptions { count: 2, seed: 7, provinces: vec!["44".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();

    // The thread names itself and lowers its priority once it runs: under load that can take a
    // moment after start.
    let started = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while nice_of_thread("photo-checks-0").is_none_or(|nice| nice <= 0) {
        assert!(std::time::Instant::now() < started, "no photo-check worker below normal priority");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let store = data.open_store().unwrap();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        // Sampled while the worker is alive (it ends with the server).
        let nice = nice_of_thread("photo-checks-0").expect("local mode runs a photo-check worker");
        assert!(nice > 0, "the worker runs at nice {nice}, not below normal priority");
        assert!(nice_of_thread("photo-checks-1").is_none(), "one worker only");
        if store.photo_check_backlog(Utc::now()).unwrap().queued == 0 {
            break;
        }
        assert!(std::time::Instant::now() < until, "the demo's checks did not finish");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    server.stop().await.unwrap();
}
