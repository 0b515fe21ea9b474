//! Revoking an intake key as an operator does it: `intake-key create`, then `intake-key revoke`
//! while `serve` runs; the very next request with that key is refused. `list` shows both states,
//! revoking twice records nothing new, and the audit chain stays intact.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::server_process::{RunningServer, BIN};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN).args(args).arg("--data-dir").arg(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_by_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let created = run(&["intake-key", "create", "--label", "portal"], dir.path());
    assert!(created.status.success(), "{}", text(&created.stderr));
    let key = text(&created.stdout).trim().to_owned();
    assert!(text(&created.stderr).contains("intake key 1 created (portal)"));
    assert!(text(&run(&["intake-key", "list"], dir.path()).stdout).contains("1\tportal\tcreated"));

    let server = RunningServer::start(dir.path());
    let base = &server.base;
    let client = reqwest::Client::new();
    let status_with_key = || async {
        let reply = client
            .get(format!("{base}/api/v1/intake/submissions/no-such-id"))
            .header("X-Api-Key", &key)
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let body: serde_json::Value = reply.json().await.unwrap();
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    };

    // The key works: the request gets past authentication to a 404 for the unknown id.
    assert_eq!(status_with_key().await, (404, "not_found".to_owned()));
    let revoked = run(&["intake-key", "revoke", "--id", "1"], dir.path());
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert!(text(&revoked.stdout).contains("revoked"));
    assert_eq!(status_with_key().await, (401, "invalid_api_key".to_owned()));
    drop(server);

    // Revoking again changes nothing; an unknown id is an error naming it.
    assert!(run(&["intake-key", "revoke", "--id", "1"], dir.path()).status.success());
    let unknown = run(&["intake-key", "revoke", "--id", "9"], dir.path());
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no intake key with id 9"));
    let verified = run(&["audit", "verify"], dir.path());
    assert!(verified.status.success(), "{}", text(&verified.stdout));
    // created, revoked once: two events.
    assert!(text(&verified.stdout).contains("2 events"), "{}", text(&verified.stdout));
}
