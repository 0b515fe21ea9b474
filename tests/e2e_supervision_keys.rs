//! End-to-end: the supervisor's desk by keyboard alone, in the real window (tauri-driver +
//! WebKitWebDriver under Xvfb) over a seeded demo deployment served by the library on loopback
//! (the demo's history: a reviewer's decisions, every third one in the QA sample).
//!
//! Signed in as the demo supervisor, only keys: 2 opens 决定记录, J/K move the selected row, Enter
//! opens its case (photos, sheet), Esc goes back with the same row selected. A QA-sampled
//! approval is overturned: V, a reason by its number key, the note (an empty one is refused
//! beside the note box first), Ctrl+Enter; the confirmation shows what the applicant will read,
//! and nothing is recorded before Enter on 确认改判; then the next row opens with the
//! confirmation of what was saved, and the log shows the new verdict. The tab keys do not fire
//! while typing in a field (号码校验, the case search), and a search hit opens the case's sheet
//! and timeline; in 复核, J/K, Enter and Esc, and a confirmation (C) opens the next waiting item.
//! A second test: 队列's at-risk rows by J/K, Enter opens the case, Esc back to the same row.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use chrono::Utc;
use reviewdesk_domain::review::Outcome;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use reviewdesk_server::store::Store;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CONTROL: char = '\u{E009}';

/// The rows of the log page on screen, in order: (decision id is not shown, so) the
/// submission and stage of each, and which one is selected.
async fn log_rows(app: &AppSession) -> Vec<(String, String, bool)> {
    let script = "return [...document.querySelectorAll('[data-testid=log-row]')].map(r => \
                  [r.dataset.submission, r.dataset.stage, r.dataset.selected === 'true']);";
    let rows = app.client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(rows).unwrap()
}

/// The index of the selected log row (exactly one is selected).
async fn selected_row(app: &AppSession) -> usize {
    let rows = log_rows(app).await;
    let selected: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].2).collect();
    assert_eq!(selected.len(), 1, "one selected row: {rows:?}");
    selected[0]
}

/// The tab shown (the nav button marked `on`).
async fn tab_on(app: &AppSession) -> String {
    let script = "return document.querySelector('nav button.on')?.dataset.testid ?? '';";
    app.client.execute(script, vec![]).await.unwrap().as_str().unwrap().to_owned()
}

/// The `data-testid` of the element that has the focus.
async fn focused(app: &AppSession) -> String {
    let script = "return document.activeElement?.dataset.testid ?? '';";
    app.client.execute(script, vec![]).await.unwrap().as_str().unwrap().to_owned()
}

/// The second-review list's items in order (submission), and which one is selected.
async fn review_items(app: &AppSession) -> Vec<(String, bool)> {
    let script =
        "return [...document.querySelectorAll('[data-testid=second-review-item]')].map(r => \
                  [r.dataset.submission, r.dataset.selected === 'true']);";
    serde_json::from_value(app.client.execute(script, vec![]).await.unwrap()).unwrap()
}

/// Whether `selector`'s element is between the window's top and bottom (a list row: the list
/// may scroll sideways in a narrow window).
async fn rows_in_view(app: &AppSession, selector: &str) -> bool {
    let script = format!(
        "const r = document.querySelector({selector:?}).getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= window.innerHeight;"
    );
    app.client.execute(&script, vec![]).await.unwrap() == serde_json::json!(true)
}

/// Whether `selector`'s element is inside the window's visible area.
async fn in_view(app: &AppSession, selector: &str) -> bool {
    let script = format!(
        "const r = document.querySelector({selector:?}).getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;"
    );
    app.client.execute(&script, vec![]).await.unwrap() == serde_json::json!(true)
}

/// The second-stage decision on a submission, as the server stored it: (outcome, reasons JSON).
fn stored_verdict(db: &Path, submission: &str) -> Option<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let answer = conn.query_row(
        "SELECT outcome, reasons FROM decisions WHERE submission_id = ?1 AND stage = 'second'",
        [submission],
        |row| Ok((row.get(0)?, row.get(1)?)),
    );
    match answer {
        Ok(found) => Some(found),
        Err(rusqlite::Error::QueryReturnedNoRows) => None,
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_moves_opens_and_overturns_with_the_keyboard_only() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 40, seed: 2026, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();

    // A QA-sampled approval waiting for its second review, the newest (so the log, newest first,
    // has rows after it): the one to overturn.
    let store = data.open_store().unwrap();
    let (supervisor, _) = store.user_for_login("supervisor11").unwrap().unwrap();
    let waiting = store.second_reviews(&supervisor).unwrap();
    let target = waiting
        .iter()
        .filter(|item| item.first.outcome == Outcome::Approve)
        .max_by_key(|item| item.first.decided_at)
        .expect("the demo's QA sample holds an approval")
        .submission_id
        .clone();
    drop(store);
    let db = scratch.path().join("server").join("reviewdesk.db");
    assert!(db.exists(), "{}", db.display());

    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("supervisor-app");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "supervisor11", DEMO_PASSWORD).await;
    app.element("[data-testid=supervision]").await;

    // 决定记录 by its key; the first row is selected; J, J, K move the selection.
    app.press("2").await;
    app.element("[data-testid=log-row]").await;
    let rows = log_rows(&app).await;
    assert!(rows.len() >= 5, "the demo's history fills the page: {rows:?}");
    assert_eq!(selected_row(&app).await, 0);
    app.press("jj").await;
    assert_eq!(selected_row(&app).await, 2);
    app.press("k").await;
    assert_eq!(selected_row(&app).await, 1);
    app.press("\u{E015}").await; // ↓
    assert_eq!(selected_row(&app).await, 2);
    assert!(rows_in_view(&app, "[data-testid=log-row][data-selected=true]").await);
    app.screenshot("e2e-keys-log-selection").await;

    // Enter opens the selected row's case; Esc comes back to the same row.
    let (opened, _, _) = rows[2].clone();
    app.press(ENTER).await;
    let case = app.element("[data-testid=second-review-case]").await;
    assert_eq!(case.attr("data-submission").await.unwrap().as_deref(), Some(opened.as_str()));
    app.element("[data-testid=identity]").await;
    app.press(ESCAPE).await;
    app.element("[data-testid=log-row]").await;
    assert_eq!(selected_row(&app).await, 2, "back on the same row");

    // J/K to the QA-sampled approval (keys only), Enter: the verdict panel, since it waits.
    let at = rows
        .iter()
        .position(|(submission, stage, _)| submission == &target && stage == "first")
        .expect("the sampled decision is on the first page");
    let moves = if at >= 2 { "j".repeat(at - 2) } else { "k".repeat(2 - at) };
    if !moves.is_empty() {
        app.press(&moves).await;
    }
    assert!(at + 1 < rows.len(), "a row follows the sampled one");
    assert_eq!(selected_row(&app).await, at);
    app.press(ENTER).await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{target}\"]");
    app.wait_for_attribute(&case, "data-reviewable", "true").await;
    app.wait_for_attribute("[data-testid=first-decision]", "data-outcome", "approve").await;

    // V overturns to 不通过: the picker has the focus. Enter (no reason ticked) goes to the note;
    // Ctrl+Enter is refused beside the picker, which gets the focus back.
    app.press("v").await;
    app.element("[data-testid=reason-search]").await;
    app.press(ENTER).await;
    app.press_with(CONTROL, '\u{E007}').await;
    app.wait_for_text("[data-testid=verdict-reason-problem]", "改为不通过时请至少选择一项原因")
        .await;
    assert!(in_view(&app, "[data-testid=verdict-reason-problem]").await, "the error is on screen");
    assert_eq!(focused(&app).await, "reason-search");
    app.screenshot("e2e-keys-reason-missing").await;
    // 1 ticks the first reason, Enter goes to the note. Ctrl+Enter with no note: refused beside
    // the note box, which has the focus.
    app.press("1").await;
    app.element("[data-testid=reasons] label.on").await;
    app.press(ENTER).await;
    app.press_with(CONTROL, '\u{E007}').await;
    app.wait_for_text("[data-testid=verdict-problem]", "请填写理由").await;
    assert_eq!(focused(&app).await, "verdict-note", "the note box has the focus");
    assert!(in_view(&app, "[data-testid=verdict-problem]").await, "the error is on screen");
    assert!(stored_verdict(&db, &target).is_none());

    // The note, Ctrl+Enter: the confirmation shows what the applicant will read.
    let note = app.element("[data-testid=verdict-note]").await;
    note.send_keys("照片与申报信息不符，应予驳回").await.unwrap();
    app.press_with(CONTROL, '\u{E007}').await;
    app.wait_for_attribute("[data-testid=overturn-dialog]", "data-outcome", "reject").await;
    let applicant =
        app.wait_for_text_containing("[data-testid=overturn-applicant]", "不通过原因").await;
    assert!(applicant.contains("人工审核不通过"), "{applicant}");
    assert_eq!(focused(&app).await, "overturn-ok", "确认改判 has the focus");
    assert!(in_view(&app, "[data-testid=overturn-ok]").await);
    app.screenshot("e2e-keys-overturn-confirm").await;
    assert!(stored_verdict(&db, &target).is_none(), "nothing is recorded before the confirmation");

    // Esc cancels (still nothing); Ctrl+Enter asks again; Enter on 确认改判 records it.
    app.press(ESCAPE).await;
    app.wait_gone("[data-testid=overturn-dialog]").await;
    assert!(stored_verdict(&db, &target).is_none(), "a cancelled overturn records nothing");
    app.press_with(CONTROL, '\u{E007}').await;
    app.element("[data-testid=overturn-dialog]").await;
    app.press(ENTER).await;
    app.wait_gone("[data-testid=overturn-dialog]").await;

    // The next row opens, saying what was saved.
    app.wait_for_attribute("[data-testid=receipt]", "data-verdict", "overturned").await;
    app.wait_for_attribute("[data-testid=receipt]", "data-status", "rejected").await;
    let next = app.element("[data-testid=second-review-case]").await;
    let next_id = next.attr("data-submission").await.unwrap().unwrap();
    assert_eq!(next_id, rows[at + 1].0, "the next row opened");
    app.screenshot("e2e-keys-next-after-verdict").await;
    let (outcome, reasons) = stored_verdict(&db, &target).expect("the verdict was recorded");
    assert_eq!(outcome, "reject");
    assert_ne!(reasons, "[]");

    // Esc: the log shows the new verdict (the first decision overturned, the second on top).
    app.press(ESCAPE).await;
    let first_row =
        format!("[data-testid=log-row][data-submission=\"{target}\"][data-stage=first]");
    app.wait_for_attribute(&first_row, "data-overturned", "true").await;
    let second_row =
        format!("[data-testid=log-row][data-submission=\"{target}\"][data-stage=second]");
    let verdict_outcome = app.text(&format!("{second_row} td:nth-child(5)")).await;
    assert_eq!(verdict_outcome, "不通过");
    app.screenshot("e2e-keys-log-after-verdict").await;

    // The tab keys do not fire while typing: 号码校验 (6) focuses its number field; digits go
    // into it and the tab stays.
    app.press("6").await;
    app.element("[data-testid=tab-idcheck].on").await;
    app.press("1101051234").await;
    assert_eq!(tab_on(&app).await, "tab-idcheck");
    let typed =
        app.client.execute("return document.activeElement?.value ?? '';", vec![]).await.unwrap();
    assert_eq!(typed, serde_json::json!("1101051234"));
    // Ctrl+digit switches tabs from inside a field.
    app.press_with(CONTROL, '2').await;
    app.element("[data-testid=tab-log].on").await;

    // `/` and a case number: the hit opens the case's sheet and timeline; J/K in the box type.
    let number = app.text(&format!("{first_row} [data-testid=row-case-number]")).await;
    app.press("/").await;
    app.element("[data-testid=tab-timeline].on").await;
    app.press("jk3").await;
    assert_eq!(tab_on(&app).await, "tab-timeline", "3 typed, not a tab switch");
    let search = app.element("[data-testid=case-search]").await;
    assert_eq!(search.prop("value").await.unwrap().as_deref(), Some("jk3"));
    app.press_with(CONTROL, 'a').await;
    app.press(&format!("\u{E003}{number}{ENTER}")).await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{target}\"]");
    app.element(&case).await;
    app.element("[data-testid=identity]").await;
    app.wait_for_text("[data-testid=timeline-case-number]", &number).await;
    app.element("[data-testid=timeline-event][data-action=second_review_changed]").await;
    app.screenshot("e2e-keys-search-case").await;
    app.press(ESCAPE).await;
    app.wait_gone("[data-testid=second-review-case]").await;

    // 复核 (1): J/K through the waiting items, Enter opens, Esc back on the same row; confirming
    // one (C, the note, Ctrl+Enter: no dialog, only an overturn asks) opens the next one.
    app.press("1").await;
    app.element("[data-testid=second-review-item]").await;
    let items = review_items(&app).await;
    assert!(items.len() >= 2, "the QA sample still waits: {items:?}");
    assert!(items.iter().all(|(submission, _)| submission != &target), "the overturned one left");
    assert!(items[0].1, "the first item is selected");
    app.press("j").await;
    assert!(review_items(&app).await[1].1);
    app.press(ENTER).await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{}\"]", items[1].0);
    app.element(&case).await;
    app.press(ESCAPE).await;
    app.element("[data-testid=second-review-item]").await;
    assert!(review_items(&app).await[1].1, "back on the same row");
    app.press(&format!("k{ENTER}")).await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{}\"]", items[0].0);
    app.element(&case).await;
    app.press("c").await;
    app.wait_for_text_containing("[data-testid=verdict-note]", "").await;
    assert_eq!(focused(&app).await, "verdict-note");
    app.element("[data-testid=verdict-note]").await.send_keys("抽检无误").await.unwrap();
    app.press_with(CONTROL, '\u{E007}').await;
    app.wait_for_attribute("[data-testid=receipt]", "data-verdict", "confirmed").await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{}\"]", items[1].0);
    app.element(&case).await;
    app.screenshot("e2e-keys-review-next").await;
    assert!(stored_verdict(&db, &items[0].0).is_some(), "the confirmation was recorded");
    app.stop().await;
    drop(server);
}

/// The queue's at-risk rows in order (submission), and which one is selected.
async fn queue_rows(app: &AppSession) -> Vec<(String, bool)> {
    let script = "return [...document.querySelectorAll('[data-testid=queue-item]')].map(r => \
                  [r.dataset.submission, r.dataset.selected === 'true']);";
    serde_json::from_value(app.client.execute(script, vec![]).await.unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_at_risk_rows_move_open_and_come_back_by_keyboard() {
    // Requests made twelve days ago: whatever still waits is late, so at risk.
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 8, seed: 7, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now() - chrono::Duration::days(12)).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("supervisor-app");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "supervisor11", DEMO_PASSWORD).await;
    app.element("[data-testid=supervision]").await;

    // 队列 (7): the late rows, the first selected; J, J, K.
    app.press("7").await;
    app.element("[data-testid=queue-item][data-late=true]").await;
    let rows = queue_rows(&app).await;
    assert!(rows.len() >= 3, "late requests wait: {rows:?}");
    assert!(rows[0].1);
    app.press("jjk").await;
    assert!(queue_rows(&app).await[1].1, "the second row is selected");
    app.screenshot("e2e-keys-queue-selection").await;

    // Enter opens the case (not yet decided: its sheet is not shown, and says why; the timeline
    // is); Esc comes back to 队列 on the same row.
    app.press(ENTER).await;
    app.element("[data-testid=tab-timeline].on").await;
    let case = format!("[data-testid=second-review-case][data-submission=\"{}\"]", rows[1].0);
    app.element(&case).await;
    app.wait_for_text_containing("[data-testid=case-no-photos]", "尚未作出决定").await;
    app.element("[data-testid=timeline-event][data-action=intake]").await;
    app.screenshot("e2e-keys-queue-case").await;
    app.press(ESCAPE).await;
    app.element("[data-testid=tab-queue].on").await;
    app.element("[data-testid=queue-item]").await;
    assert!(queue_rows(&app).await[1].1, "back on the same row");
    app.stop().await;
    drop(server);
}
