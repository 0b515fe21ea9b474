//! The server's command line as an operator runs it, on a real data directory: `user add` (password
//! on standard input), `intake-key create`, `audit verify` on an intact and a tampered database,
//! and `serve` answering a login over a real socket.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod support;

use support::server_process::RunningServer;

fn run(args: &[&str], dir: &Path, stdin: &str) -> Output {
    support::server_process::run_in(args, dir, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn user_add_reads_the_password_from_stdin_and_checks_role_and_province() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["user", "add", "--username", "li.na", "--role", "reviewer", "--province", "11"];
    let out = run(&args, dir.path(), "a long enough password\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "added li.na (reviewer, province 11)\n");

    let again = run(&args, dir.path(), "a long enough password\n");
    assert_eq!(again.status.code(), Some(1));
    let short = ["user", "add", "--username", "wang", "--role", "reviewer", "--province", "11"];
    assert_eq!(run(&short, dir.path(), "short\n").status.code(), Some(1));
    let no_province = ["user", "add", "--username", "zhao", "--role", "supervisor"];
    assert_eq!(run(&no_province, dir.path(), "a long enough password\n").status.code(), Some(2));
    let bad_province =
        ["user", "add", "--username", "zhao", "--role", "reviewer", "--province", "99"];
    assert_eq!(run(&bad_province, dir.path(), "a long enough password\n").status.code(), Some(2));
    let admin = ["user", "add", "--username", "root", "--role", "admin"];
    assert_eq!(run(&admin, dir.path(), "a long enough password\n").status.code(), Some(0));
}

#[test]
fn intake_keys_are_printed_once_and_audit_verify_finds_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["intake-key", "create", "--label", "portal"], dir.path(), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let key = text(&out.stdout);
    assert!(key.starts_with("rdk_") && key.trim().len() == 47, "{key}");
    run(&["intake-key", "create"], dir.path(), "");
    run(&["intake-key", "create"], dir.path(), "");

    let intact = run(&["audit", "verify"], dir.path(), "");
    assert_eq!(intact.status.code(), Some(0), "{}", text(&intact.stderr));
    assert_eq!(text(&intact.stdout), "audit chain intact: 3 events\n");

    let conn = rusqlite::Connection::open(dir.path().join("reviewdesk.db")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET actor = 'mallory' WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    let broken = run(&["audit", "verify"], dir.path(), "");
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        text(&broken.stdout).starts_with("audit chain broken at event 2:"),
        "{}",
        text(&broken.stdout)
    );

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(run(&["audit", "verify"], empty.path(), "").status.code(), Some(1));
}

#[tokio::test]
async fn serve_answers_a_login_over_a_real_socket() {
    let dir = tempfile::tempdir().unwrap();
    let add = ["user", "add", "--username", "li.na", "--role", "reviewer", "--province", "11"];
    assert_eq!(run(&add, dir.path(), "a long enough password\n").status.code(), Some(0));

    let server = RunningServer::start(dir.path());
    let base = &server.base;
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "li.na", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: serde_json::Value = reply.json().await.unwrap();
    drop(server);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["province"], "11");
    assert!(dir.path().join("reviewdesk.db").exists());
}
