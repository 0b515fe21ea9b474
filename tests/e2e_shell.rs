//! End-to-end: the desktop shell in the real window (tauri-driver + WebKitWebDriver under Xvfb).
//! Starts the app, checks the Chinese title, switches to English and back, opens the About view
//! (button, Esc, Alt+I), calls a Rust command (the ID check) for a valid and an invalid number, and
//! saves screenshots in tests/artifacts/.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Locator;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shell_renders_chinese_switches_language_and_calls_rust() {
    let app = AppSession::start(APP).await;

    // Chinese by default.
    app.wait_for_text("[data-testid=app-title]", "审核台").await;
    assert_eq!(app.client.title().await.unwrap(), "审核台 ReviewDesk");
    assert!(app.text("[data-testid=about]").await.contains("版本"));

    // To English and back, by the visible button.
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=app-title]", "ReviewDesk").await;
    assert!(app.text("[data-testid=about]").await.contains("Version"));
    app.screenshot("e2e-shell-en").await;
    app.element("[data-testid=lang-switch]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=app-title]", "审核台").await;

    // The About view: by its header button, closed by Esc, and by Alt+I.
    app.element("[data-testid=about-open]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=about-version]", env!("CARGO_PKG_VERSION")).await;
    app.wait_for_text("[data-testid=about-server]", "未登录").await;
    let data_dir = app.text("[data-testid=about-data-dir]").await;
    assert!(data_dir.ends_with("cn.reviewdesk.desktop"), "{data_dir}");
    let log_dir = app.text("[data-testid=about-log-dir]").await;
    assert!(log_dir.ends_with("logs"), "{log_dir}");
    assert!(app.text("[data-testid=about-build]").await.contains("debug"));
    app.press("\u{E00C}").await;
    wait_until_gone(&app, "[data-testid=about-view]").await;
    press_alt(&app, 'i').await;
    app.wait_for_text("[data-testid=about-version]", env!("CARGO_PKG_VERSION")).await;
    let shot = app.screenshot("e2e-shell-about").await;
    println!("screenshot: {}", shot.display());
    press_alt(&app, 'i').await;
    wait_until_gone(&app, "[data-testid=about-view]").await;

    // The ID checker is a tool beside sign-in (and beside the review screen).
    app.element("[data-testid=login]").await;
    app.element("[data-testid=tools]").await.click().await.unwrap();

    // A Rust command: the standard's own example number (GB 11643-1999), lower-case check char.
    let input = app.element("[data-testid=id-number]").await;
    input.send_keys("11010519491231002x").await.unwrap();
    app.element("[data-testid=id-submit]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=id-verdict]", "号码有效").await;
    app.wait_for_text("[data-testid=id-normalized]", "11010519491231002X").await;
    let shot = app.screenshot("e2e-shell-zh-valid").await;
    println!("screenshot: {}", shot.display());

    // A wrong check character: the error comes back as a finding with its stable code.
    input.clear().await.unwrap();
    input.send_keys("110105194912310021").await.unwrap();
    app.element("[data-testid=id-submit]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=id-verdict]", "号码无效").await;
    let finding = app
        .client
        .find(Locator::Css("li.error[data-code=checksum_mismatch]"))
        .await
        .expect("a checksum_mismatch finding");
    assert!(finding.text().await.unwrap().contains("校验"), "the message is Chinese");
    app.screenshot("e2e-shell-zh-invalid").await;

    app.stop().await;
}

/// Alt + `key`, as a person presses it.
async fn press_alt(app: &AppSession, key: char) {
    const ALT: char = '\u{E00A}';
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: ALT })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: ALT });
    app.client.perform_actions(actions).await.expect("key presses");
}

/// Waits until nothing matches `css`.
async fn wait_until_gone(app: &AppSession, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.client.find_all(Locator::Css(css)).await.unwrap().is_empty() {
        assert!(Instant::now() < deadline, "{css} is still there");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
