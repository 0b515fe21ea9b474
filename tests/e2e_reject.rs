//! End-to-end: the reject panel in the real window (tauri-driver + WebKitWebDriver under Xvfb,
//! run at 1366×768 by scripts/test.sh) against a
//! real review server on loopback.
//!
//! A case whose declared birth date contradicts its number opens with 出生日期填写错误 ticked
//! (the domain's finding → reason table) and `Enter` rejects it with that reason on the server;
//! the filter finds 镜像反转 by `jx` and by `jingxiang`; ←/→ switch the category; ticking 其他原因
//! moves the focus to its text, an empty text shows its error beside the confirm button, and
//! `Ctrl+Enter` sends. The whole panel — reasons, preview, error, confirm button — is inside the
//! viewport without scrolling, at the screen's size and at a 1280×720 window.
//! Its own test binary: the app runs as a single instance per D-Bus session.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use reviewdesk_domain::reasons::catalogue;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use serde_json::Value;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ENTER: char = '\u{E007}';
const CONTROL: char = '\u{E009}';
const BACKSPACE: &str = "\u{E003}";

/// The reviewer's decisions on the server: (submission, outcome, reasons JSON, other text).
fn decisions(data: &DataDir) -> Vec<(String, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT d.submission_id, d.outcome, d.reasons, d.other_text FROM decisions d
             JOIN users u ON u.id = d.user_id WHERE u.username = 'reviewer11'
             ORDER BY d.decided_at",
        )
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

async fn decisions_when(
    data: &DataDir,
    count: usize,
) -> Vec<(String, String, String, Option<String>)> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let landed = decisions(data);
        if landed.len() >= count || Instant::now() > deadline {
            assert_eq!(landed.len(), count, "{landed:?}");
            return landed;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The submissions whose intake findings include `code`.
fn submissions_with_finding(data: &DataDir, code: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn.prepare("SELECT id, findings FROM submissions").unwrap();
    let rows: Vec<(String, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.into_iter()
        .filter(|(_, findings)| {
            let findings: Value = serde_json::from_str(findings).unwrap();
            findings.as_array().unwrap().iter().any(|finding| finding["code"] == code)
        })
        .map(|(id, _)| id)
        .collect()
}

async fn shown(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

async fn script(app: &AppSession, js: &str) -> Value {
    app.client.execute(js, vec![]).await.unwrap()
}

/// The codes of the reasons the picker lists now, and of the ticked ones.
async fn listed(app: &AppSession) -> (Vec<String>, Vec<String>) {
    let found = script(
        app,
        "const codes = (css) => [...document.querySelectorAll(css)].map((l) => l.dataset.code);\
         return [codes('[data-testid=reasons] label'), codes('[data-testid=reasons] label.on')];",
    )
    .await;
    let list = |value: &Value| -> Vec<String> {
        value.as_array().unwrap().iter().map(|code| code.as_str().unwrap().to_owned()).collect()
    };
    (list(&found[0]), list(&found[1]))
}

async fn wait_listed(app: &AppSession, good: impl Fn(&[String], &[String]) -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (visible, ticked) = listed(app).await;
        if good(&visible, &ticked) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: listed {visible:?}, ticked {ticked:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Asserts the open reject panel is all in view: the confirm button, the preview and (when
/// shown) the error inside the viewport, the error right beside the button, and neither the
/// page, the panel nor the reasons list scrolling. Returns the viewport's size.
async fn assert_panel_in_view(app: &AppSession, label: &str) -> (f64, f64) {
    let found = script(
        app,
        "const rect = (css) => { const e = document.querySelector(css); if (!e) return null;\
           const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };\
         const scrolls = (css) => { const e = document.querySelector(css);\
           return e ? e.scrollHeight > e.clientHeight + 1 : false; };\
         return { width: innerWidth, height: innerHeight,\
           confirm: rect('[data-testid=confirm-reject]'), preview: rect('[data-testid=preview]'),\
           problem: rect('[data-testid=decision-problem]'), reasons: rect('[data-testid=reasons]'),\
           page: document.scrollingElement.scrollHeight > innerHeight + 1,\
           panel: scrolls('[data-testid=reject-panel]'), list: scrolls('[data-testid=reasons]') };",
    )
    .await;
    let (width, height) = (found["width"].as_f64().unwrap(), found["height"].as_f64().unwrap());
    let inside = |name: &str| {
        let r: Vec<f64> =
            found[name].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert!(
            r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= width && r[3] <= height,
            "{label}: {name} {r:?} is outside the {width}×{height} viewport: {found}"
        );
        r
    };
    let confirm = inside("confirm");
    inside("preview");
    inside("reasons");
    if !found["problem"].is_null() {
        let problem = inside("problem");
        assert!(
            confirm[1] - problem[3] >= 0.0 && confirm[1] - problem[3] < 16.0,
            "{label}: the error is not right above the confirm button: {found}"
        );
    }
    for part in ["page", "panel", "list"] {
        assert_eq!(found[part], false, "{label}: the {part} scrolls: {found}");
    }
    (width, height)
}

/// Presses Ctrl+Enter.
async fn ctrl_enter(app: &AppSession) {
    let actions = KeyActions::new("chord".to_owned())
        .then(KeyAction::Down { value: CONTROL })
        .then(KeyAction::Down { value: ENTER })
        .then(KeyAction::Up { value: ENTER })
        .then(KeyAction::Up { value: CONTROL });
    app.client.perform_actions(actions).await.unwrap();
}

async fn focused(app: &AppSession) -> String {
    script(app, "return document.activeElement?.dataset?.testid ?? ''")
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reject_panel_suggests_filters_by_pinyin_and_fits_the_screen() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 12, seed: 11, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let birth = submissions_with_finding(&data, "birth_date_mismatch");
    assert!(!birth.is_empty(), "the demo seed has a case with a birth-date finding");
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "reviewer11", DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;

    // Go to a case with the birth-date finding (J through the queue).
    let mut steps = 0;
    while !birth.contains(&shown(&app).await) {
        steps += 1;
        assert!(steps <= 12, "no case with a birth-date finding in the queue");
        let before = shown(&app).await;
        app.press("j").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while shown(&app).await == before {
            assert!(Instant::now() < deadline, "J did not move on from {before}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let case = shown(&app).await;
    app.element("[data-testid=findings] li[data-code=birth_date_mismatch]").await;

    // R: 出生日期填写错误 is ticked and marked 建议, and the applicant's text is previewed.
    app.press("r").await;
    wait_listed(
        &app,
        |_, ticked| ticked.iter().any(|code| code == "birth_date_incorrect"),
        "R ticks the suggested reason",
    )
    .await;
    let mark = app.text("label[data-code=birth_date_incorrect] .suggested").await;
    assert_eq!(mark, "建议");
    let preview = app.wait_for_text_containing("[data-testid=preview] p", "出生日期填写错误").await;
    assert!(preview.starts_with("不通过原因："), "{preview}");
    let (width, height) = assert_panel_in_view(&app, "suggested").await;
    let screen: Vec<f64> = serde_json::from_value(
        script(&app, "return [screen.availWidth, screen.availHeight]").await,
    )
    .unwrap();
    assert_eq!(vec![width, height], screen, "the first window fills the screen");
    let (visible, _) = listed(&app).await;
    assert_eq!(visible.len(), catalogue().len(), "every reason listed at once: {visible:?}");
    app.screenshot("e2e-reject-suggested-1366x768").await;
    app.press(&ENTER.to_string()).await;
    let landed = decisions_when(&data, 1).await;
    assert_eq!((landed[0].0.as_str(), landed[0].1.as_str()), (case.as_str(), "reject"));
    let reasons: Vec<String> = serde_json::from_str(&landed[0].2).unwrap();
    assert!(reasons.contains(&"birth_date_incorrect".to_owned()), "{reasons:?}");

    // Pinyin: `jx` and `jingxiang` find 镜像反转, and 1 ticks it.
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;
    let next = shown(&app).await;
    assert_ne!(next, case, "the next case is on screen");
    app.press("r").await;
    app.element("[data-testid=reason-search]").await;
    // What this case's findings suggest is ticked already; 1 below toggles 镜像反转 on top.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, suggested) = listed(&app).await;
    let mirrored_after = !suggested.contains(&"photo_mirrored".to_owned());
    // `jx` also reads as 证件显示 (zheng-jian-xian-shi) in 照片中的证件显示不完整: both are listed.
    app.press("jx").await;
    wait_listed(&app, |visible, _| visible == ["document_incomplete", "photo_mirrored"], "jx")
        .await;
    app.screenshot("e2e-reject-pinyin-jx").await;
    app.press(&BACKSPACE.repeat(2)).await;
    app.press("jingxiang").await;
    wait_listed(&app, |visible, _| visible == ["photo_mirrored"], "jingxiang").await;
    app.press("1").await;
    wait_listed(
        &app,
        |_, ticked| ticked.contains(&"photo_mirrored".to_owned()) == mirrored_after,
        "1 toggles 镜像反转",
    )
    .await;
    // ←/→ switch the category over an empty filter: → is 身份信息 (nine reasons).
    app.press(&BACKSPACE.repeat(9)).await;
    app.press("\u{E014}").await;
    wait_listed(&app, |visible, _| visible.len() == 9, "→ shows 身份信息").await;
    let (visible, _) = listed(&app).await;
    assert_eq!(visible[1], "id_number_incorrect", "{visible:?}");
    app.press("\u{E014}\u{E014}").await;
    wait_listed(&app, |visible, _| visible == ["photo_rotated", "photo_mirrored"], "照片方向")
        .await;
    app.screenshot("e2e-reject-category").await;

    // 其他原因: 1 in its category ticks it and moves the focus to its text; Enter with no text
    // shows the error beside the confirm button; Ctrl+Enter sends.
    app.press("\u{E012}\u{E012}\u{E012}\u{E012}").await;
    wait_listed(&app, |visible, _| visible == ["other"], "←… reaches 其他").await;
    app.press("1").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while focused(&app).await != "other-text" {
        assert!(Instant::now() < deadline, "the focus did not move to the other text");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.press(&ENTER.to_string()).await;
    app.wait_for_text("[data-testid=decision-problem]", "选择“其他原因”时，请填写具体说明。").await;
    assert_eq!(focused(&app).await, "other-text", "the focus stays in the text");
    assert_panel_in_view(&app, "error").await;
    app.screenshot("e2e-reject-other-error").await;
    app.element("[data-testid=other-text]").await.send_keys("照片背景中有他人证件").await.unwrap();
    app.wait_for_text_containing("[data-testid=preview] p", "照片背景中有他人证件").await;

    // The same at a 1280×720 window.
    app.client.set_window_rect(0, 0, 1280, 720).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let size = script(&app, "return [innerWidth, innerHeight]").await;
        if size == serde_json::json!([1280, 720]) {
            break;
        }
        assert!(Instant::now() < deadline, "the window did not become 1280×720: {size}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every reason (Esc back to the filter, → from 其他 wraps to 全部), all in view.
    app.press("\u{E00C}").await;
    assert_eq!(focused(&app).await, "reason-search", "Esc in the text returns to the filter");
    app.press("\u{E014}").await;
    wait_listed(&app, |visible, _| visible.len() == catalogue().len(), "全部").await;
    assert_panel_in_view(&app, "1280x720").await;
    app.screenshot("e2e-reject-1280x720").await;
    app.element("[data-testid=other-text]").await.click().await.unwrap();
    ctrl_enter(&app).await;
    let landed = decisions_when(&data, 2).await;
    assert_eq!(landed[1].0, next);
    let mut reasons: Vec<String> = serde_json::from_str(&landed[1].2).unwrap();
    let mut expected: Vec<String> =
        suggested.into_iter().filter(|code| code != "photo_mirrored").collect();
    if mirrored_after {
        expected.push("photo_mirrored".to_owned());
    }
    expected.push("other".to_owned());
    reasons.sort();
    expected.sort();
    assert_eq!(reasons, expected);
    assert_eq!(landed[1].3.as_deref(), Some("照片背景中有他人证件"));

    app.stop().await;
    server.stop().await.unwrap();
}
