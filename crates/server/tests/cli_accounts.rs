//! An account's lifecycle from the command line while `serve` runs on the same data directory:
//! `user disable` signs the account out at once (its token is refused on the next request) and
//! keeps it from logging in, `user enable` lets it in again, `user password` (new password on
//! standard input, the rules of `user add`) ends the sessions of the old one, `user
//! sessions-revoke` ends them all; an unknown name is a clear error; each change is audited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod support;

use reviewdesk_domain::audit::AuditAction;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use serde_json::json;
use support::server_process::RunningServer;

const PASSWORD: &str = "a long enough password";

fn run(args: &[&str], dir: &Path, stdin: &str) -> Output {
    support::server_process::run_in(args, dir, stdin)
}

/// Runs a command that must succeed; its standard output.
fn ok(args: &[&str], dir: &Path, stdin: &str) -> String {
    let out = run(args, dir, stdin);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    /// A token, or the refusal's status and code.
    async fn login(&self, password: &str) -> Result<String, (u16, String)> {
        let reply = self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"username": "li.na", "password": password}))
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let body: serde_json::Value = reply.json().await.unwrap();
        match status {
            200 => Ok(body["token"].as_str().unwrap().to_owned()),
            _ => Err((status, body["code"].as_str().unwrap().to_owned())),
        }
    }

    /// The status and code of a claim with `token`.
    async fn claim(&self, token: &str) -> (u16, String) {
        let reply = self
            .client
            .post(format!("{}/api/v1/queue/claim", self.base))
            .bearer_auth(token)
            .json(&json!({"max": 1}))
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let body: serde_json::Value = reply.json().await.unwrap();
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    }
}

fn refused(code: &str) -> (u16, String) {
    (401, code.to_owned())
}

#[tokio::test]
async fn disable_enable_password_and_sessions_revoke_act_on_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    ok(
        &["user", "add", "--username", "li.na", "--role", "reviewer", "--province", "11"],
        dir,
        &format!("{PASSWORD}\n"),
    );
    let server = RunningServer::start(dir);
    let api = Api { base: server.base.clone(), client: reqwest::Client::new() };

    let token = api.login(PASSWORD).await.unwrap();
    assert_eq!(api.claim(&token).await.0, 200);
    assert_eq!(ok(&["user", "disable", "li.na"], dir, ""), "disabled li.na (1 session ended)\n");
    assert_eq!(api.claim(&token).await, refused("session_revoked"));
    assert_eq!(api.login(PASSWORD).await, Err(refused("invalid_credentials")));
    assert_eq!(ok(&["user", "disable", "li.na"], dir, ""), "li.na was already disabled\n");

    assert_eq!(ok(&["user", "enable", "li.na"], dir, ""), "enabled li.na\n");
    let token = api.login(PASSWORD).await.unwrap();
    let short = run(&["user", "password", "li.na"], dir, "short\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 10"), "{short:?}");
    assert_eq!(api.claim(&token).await.0, 200, "a refused password changes nothing");

    let changed = ok(&["user", "password", "li.na"], dir, "another long password\n");
    assert_eq!(changed, "changed the password of li.na (1 session ended)\n");
    assert_eq!(api.claim(&token).await, refused("session_revoked"));
    assert_eq!(api.login(PASSWORD).await, Err(refused("invalid_credentials")));
    let token = api.login("another long password").await.unwrap();

    let signed_out = ok(&["user", "sessions-revoke", "li.na"], dir, "");
    assert_eq!(signed_out, "signed li.na out everywhere (1 session ended)\n");
    assert_eq!(api.claim(&token).await, refused("session_revoked"));
    api.login("another long password").await.unwrap();

    for command in ["disable", "enable", "password", "sessions-revoke"] {
        let unknown = run(&["user", command, "nobody"], dir, "another long password\n");
        assert_eq!(unknown.status.code(), Some(1), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&unknown.stderr),
            "error: no account is named 'nobody'\n",
            "{command}"
        );
    }
    drop(server);

    let store = SqliteStore::open(&dir.join("reviewdesk.db")).unwrap();
    let changes: Vec<(AuditAction, String, Option<String>)> = store
        .audit_chain()
        .unwrap()
        .into_iter()
        .map(|event| (event.entry.action, event.entry.actor, event.entry.subject))
        .filter(|(action, _, _)| {
            matches!(
                action,
                AuditAction::UserDisabled
                    | AuditAction::UserEnabled
                    | AuditAction::PasswordChanged
                    | AuditAction::SessionsRevoked
            )
        })
        .collect();
    let by_cli = |action| (action, "system".to_owned(), Some("li.na".to_owned()));
    assert_eq!(
        changes,
        [
            by_cli(AuditAction::UserDisabled),
            by_cli(AuditAction::UserEnabled),
            by_cli(AuditAction::PasswordChanged),
            by_cli(AuditAction::SessionsRevoked),
        ]
    );
}
