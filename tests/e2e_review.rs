//! End-to-end: a reviewer's day in the real window (tauri-driver + WebKitWebDriver under Xvfb)
//! against a real review server on loopback (the server library, served from this test process
//! over a seeded SQLite data directory; the app is its own process and talks HTTP to it).
//!
//! Signs in, gets the prefetched queue, rotates and mirrors a photo, rejects with a reason; then
//! the server goes down, two more decisions are made offline, the app is closed and started
//! again (the outbox survives, the session resumes from the keyring), the server comes back, and
//! the server holds all three decisions exactly once with an intact audit chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::Utc;
use reviewdesk_domain::audit::verify;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use reviewdesk_server::store::Store;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const SHIFT: char = '\u{E008}';

/// [`decisions`] once there are `count` of them (at most 30 s).
async fn decisions_when(data: &DataDir, count: usize) -> Vec<(String, String)> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let landed = decisions(data);
        if landed.len() >= count || std::time::Instant::now() > deadline {
            assert_eq!(landed.len(), count, "{landed:?}");
            return landed;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The decisions of the reviewer the test signs in as (the demo's history has others).
fn decisions(data: &DataDir) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT d.submission_id, d.outcome FROM decisions d JOIN users u ON u.id = d.user_id
             WHERE u.username = 'reviewer11' ORDER BY d.decided_at",
        )
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

async fn open_app(home: &Path) -> AppSession {
    AppSession::start_with_env(APP, &[("XDG_DATA_HOME", home)]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_online_then_offline_across_a_restart_and_every_decision_lands_once() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 8, seed: 11, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let (url, port) = (server.url(), server.address().port());
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    // Sign in.
    let app = open_app(&home).await;
    app.sign_in(&url, "reviewer11", DEMO_PASSWORD).await;

    // The prefetched queue: a submission with its three photos, the number masked.
    app.element("[data-testid=review]").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;
    let masked = app.text("[data-testid=id-number]").await;
    assert!(masked.contains("**************"), "the ID number is masked: {masked}");
    // The case number people quote: province, Beijing intake date, sequence.
    let number = app.text("[data-testid=case-number]").await;
    let digits = number.trim_start_matches("案件编号").trim();
    assert!(digits.starts_with("11-") && digits.len() == 16, "{number}");
    app.element("[data-testid=photo-portrait] img").await;
    // `X` asks the server for the full number (it records the reveal first) and shows it.
    let shown = app.element("[data-testid=review]").await.attr("data-submission").await.unwrap();
    let full = declared_number(&data, &shown.unwrap());
    app.press("x").await;
    app.wait_for_text("[data-testid=id-number]", &full).await;

    // Rotate and mirror the portrait photo with the keyboard.
    app.press("]m").await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-rotate", "90").await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-mirrored", "true").await;
    app.screenshot("e2e-review-rotated").await;

    // `?` lists every key of the screen; Escape closes it (the reason picker below only opens once
    // the help is gone, since the help swallows the screen's keys).
    app.press("?").await;
    app.wait_for_text("[data-testid=help] h2", "键盘快捷键").await;
    let keys = app.text("[data-testid=help] dl").await;
    assert!(keys.contains("通过") && keys.contains("不通过（选择原因）"), "{keys}");
    app.screenshot("e2e-review-help").await;
    app.press(ESCAPE).await;

    // Reject with the first reason (R, 1, Enter); the preview shows what the applicant reads.
    let first = app.element("[data-testid=review]").await.attr("data-submission").await.unwrap();
    app.press("r").await;
    app.element("[data-testid=reason-search]").await;
    app.press("1").await;
    let preview = app.text("[data-testid=preview] p").await;
    assert!(preview.starts_with("不通过原因："), "{preview}");
    app.screenshot("e2e-review-reject").await;
    app.press(ENTER).await;
    // The outbox reads 0 both before the decision is queued and after it was sent: wait for the
    // decision on the server instead.
    let landed = decisions_when(&data, 1).await;
    app.wait_for_attribute("[data-testid=outbox]", "data-count", "0").await;
    assert_eq!(landed[0], (first.unwrap(), "reject".to_owned()));

    // The server goes down; two approvals are saved offline (Shift+A: approved at once, whatever
    // the findings; `tests/e2e_decision.rs` tests the guard).
    server.stop().await.unwrap();
    let second = app.element("[data-testid=review]").await.attr("data-submission").await.unwrap();
    app.press_with(SHIFT, 'a').await;
    app.wait_for_attribute("[data-testid=outbox]", "data-count", "1").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "false").await;
    let third = app.element("[data-testid=review]").await.attr("data-submission").await.unwrap();
    assert_ne!(second, third, "the next submission is on screen");
    app.press_with(SHIFT, 'a').await;
    app.wait_for_attribute("[data-testid=outbox]", "data-count", "2").await;
    app.screenshot("e2e-review-offline").await;
    let mut output = app.stop().await;

    // The app starts again: the session resumes, the outbox is still there.
    let app = open_app(&home).await;
    app.element("[data-testid=review]").await;
    app.wait_for_attribute("[data-testid=outbox]", "data-count", "2").await;

    // The server comes back on the same address; the outbox drains.
    let server = LocalServer::start(&data, Some(port)).await.unwrap();
    assert_eq!(server.address().port(), port);
    app.wait_for_attribute("[data-testid=outbox]", "data-count", "0").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;
    app.screenshot("e2e-review-synced").await;
    output += &app.stop().await;

    let landed = decisions(&data);
    assert_eq!(landed.len(), 3, "exactly three decisions: {landed:?}");
    let mut ids: Vec<&str> = landed.iter().map(|(id, _)| id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three different submissions: {landed:?}");
    assert_eq!(landed[1].0, second.unwrap());
    assert_eq!(landed[2].0, third.unwrap());
    assert_eq!(landed[1].1, "approve");
    let store = data.open_store().unwrap();
    verify(&store.audit_chain().unwrap()).unwrap();
    server.stop().await.unwrap();

    // Nothing the window, its WebDriver or the app printed in the whole run names an applicant.
    let identities = applicant_identities(&data);
    assert!(!identities.is_empty());
    for secret in identities {
        assert!(!output.contains(&secret), "the app's output holds an applicant's {secret:?}");
    }
}

/// The ID number declared in submission `id`, as the server holds it.
fn declared_number(data: &DataDir, id: &str) -> String {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let identity: String = conn
        .query_row("SELECT identity FROM submissions WHERE id = ?1", [id], |row| row.get(0))
        .unwrap();
    let identity: serde_json::Value = serde_json::from_str(&identity).unwrap();
    identity["id_number"].as_str().unwrap().to_owned()
}

/// Every applicant's ID number and name in the server's data.
fn applicant_identities(data: &DataDir) -> Vec<String> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn.prepare("SELECT identity FROM submissions").unwrap();
    let rows: Vec<String> =
        statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    let mut secrets = Vec::new();
    for row in rows {
        let identity: serde_json::Value = serde_json::from_str(&row).unwrap();
        for field in ["id_number", "name"] {
            if let Some(text) = identity[field].as_str().filter(|text| text.chars().count() >= 2) {
                secrets.push(text.to_owned());
            }
        }
    }
    secrets
}
