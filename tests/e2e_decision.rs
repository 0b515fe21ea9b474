//! End-to-end, the moment of decision in the real window (tauri-driver + WebKitWebDriver under
//! Xvfb) against a real review server on loopback: `A` on a case with a red finding asks once
//! more and names the finding; `Shift+A` approves at once and the server's decision carries
//! `overridden_findings`; a decision waits its undo window (the default, 10 s) and `U` (or
//! `Ctrl+Z`) inside it recalls it: the case is back on screen and nothing reaches the server; once
//! a window passed the screen says the decision is final. The status line counts today's work.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ESCAPE: &str = "\u{E00C}";
const SHIFT: char = '\u{E008}';
const CONTROL: char = '\u{E009}';

/// The reviewer's decisions on the server: (submission, outcome, overridden_findings).
fn decisions(data: &DataDir) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT d.submission_id, d.outcome, d.overridden_findings FROM decisions d
             JOIN users u ON u.id = d.user_id WHERE u.username = 'reviewer11' ORDER BY d.decided_at",
        )
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The status line's count of today's approvals.
async fn today(app: &AppSession) -> u32 {
    let approved = app.element("[data-testid=today]").await.attr("data-approved").await.unwrap();
    approved.unwrap().parse().unwrap()
}

/// Waits until the status line counts `approved` approvals today.
async fn today_is(app: &AppSession, approved: u32) {
    app.wait_for_attribute("[data-testid=today]", "data-approved", &approved.to_string()).await;
}

/// The reviewer's decisions on `submission` on the server (waiting up to `wait` for one).
async fn decisions_of(
    data: &DataDir,
    submission: &str,
    wait: Duration,
) -> Vec<(String, String, String)> {
    let deadline = Instant::now() + wait;
    loop {
        let found: Vec<_> =
            decisions(data).into_iter().filter(|(id, _, _)| id == submission).collect();
        if !found.is_empty() || Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn shown(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

/// Waits until the case on screen takes a decision: after an approval the next case shows at
/// once, but its buttons (and keys) wait until the previous decision is written.
async fn ready_to_decide(app: &AppSession) {
    app.element("[data-testid=approve]:not([disabled])").await;
}

/// Error findings listed for the case on screen (their codes).
async fn error_codes(app: &AppSession) -> Vec<String> {
    let mut codes = Vec::new();
    for item in app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=findings] li.error"))
        .await
        .unwrap()
    {
        codes.extend(item.attr("data-code").await.unwrap());
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_red_finding_asks_again_shift_a_approves_over_it_and_u_recalls_inside_the_window() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 12, seed: 11, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "reviewer11", DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;

    // A case with a red finding: cases without one are approved at once (Shift+A) until one shows.
    let mut red = Vec::new();
    let mut passed = Vec::new();
    for _ in 0..30 {
        red = error_codes(&app).await;
        if !red.is_empty() {
            break;
        }
        let clean = shown(&app).await;
        passed.push(clean.clone());
        ready_to_decide(&app).await;
        app.press_with(SHIFT, 'a').await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while shown(&app).await == clean {
            assert!(Instant::now() < deadline, "the next case did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(!red.is_empty(), "no case with an error finding among 30");
    let before = today(&app).await;
    let over = shown(&app).await;

    // `A` asks once more, naming the finding in Chinese; nothing is decided yet.
    ready_to_decide(&app).await;
    app.press("a").await;
    let prompt = app.wait_for_text_containing("[data-testid=approve-guard]", "确定仍要通过").await;
    assert!(prompt.contains("再按 A 确认通过"), "{prompt}");
    let named = app
        .element(&format!("[data-testid=guard-finding][data-code={}]", red[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(!named.is_empty() && !named.is_ascii(), "the finding is named in Chinese: {named:?}");
    app.screenshot("e2e-decision-guard").await;
    assert_eq!(today(&app).await, before, "nothing decided by the first A");
    assert_eq!(shown(&app).await, over, "still on the case");
    // Esc takes the question back; Shift+A approves at once.
    app.press(ESCAPE).await;
    app.wait_gone("[data-testid=approve-guard]").await;
    ready_to_decide(&app).await;
    app.press_with(SHIFT, 'a').await;
    app.wait_for_attribute("[data-testid=undo-notice]", "data-kind", "recall").await;
    today_is(&app, before + 1).await;
    let saved_at = Instant::now();

    // The next case: approved, then recalled with U inside its window.
    let next = shown(&app).await;
    assert_ne!(next, over);
    ready_to_decide(&app).await;
    app.press_with(SHIFT, 'a').await;
    today_is(&app, before + 2).await;
    assert_ne!(shown(&app).await, next, "the case after it is on screen");
    app.press("u").await;
    app.wait_for_text("[data-testid=toast]", "已撤回，该申请已回到待审列表").await;
    app.wait_for_attribute("[data-testid=review]", "data-submission", &next).await;
    today_is(&app, before + 1).await;
    app.screenshot("e2e-decision-recalled").await;

    // The first decision goes out after its window, naming what was overridden.
    let landed = decisions_of(&data, &over, Duration::from_secs(40)).await;
    assert!(saved_at.elapsed() >= Duration::from_secs(9), "sent inside its undo window");
    assert_eq!(landed.len(), 1, "{landed:?}");
    let (_, outcome, overridden) = &landed[0];
    assert_eq!(outcome, "approve");
    let overridden: Vec<String> = serde_json::from_str(overridden).unwrap();
    for code in &red {
        assert!(overridden.contains(code), "{code} not in {overridden:?}");
    }
    // The approvals of clean cases before it carried nothing overridden unless their photo checks
    // were not done.
    for clean in &passed {
        for (_, _, codes) in decisions_of(&data, clean, Duration::from_secs(20)).await {
            assert!(codes == "[]" || codes == r#"["photo_checks_not_done"]"#, "{codes}");
        }
    }
    app.wait_for_attribute("[data-testid=undo-notice]", "data-kind", "final").await;
    let final_text = app.text("[data-testid=undo-notice]").await;
    assert!(final_text.contains("如需更改，请联系审核主管"), "{final_text}");
    app.screenshot("e2e-decision-final").await;

    // Ctrl+Z recalls too: the recalled case decided again and taken back once more.
    ready_to_decide(&app).await;
    app.press_with(SHIFT, 'a').await;
    app.wait_for_attribute("[data-testid=undo-notice]", "data-kind", "recall").await;
    app.press_with(CONTROL, 'z').await;
    app.wait_for_attribute("[data-testid=review]", "data-submission", &next).await;
    tokio::time::sleep(Duration::from_secs(12)).await;
    let landed = decisions_of(&data, &next, Duration::ZERO).await;
    assert!(landed.is_empty(), "a recalled decision reached the server: {landed:?}");
    let status = app.text("[data-testid=today]").await;
    let total = before + 1;
    assert_eq!(status, format!("今日已审 {total}（通过 {total} · 不通过 0）"));
    app.stop().await;
    server.stop().await.unwrap();
}
