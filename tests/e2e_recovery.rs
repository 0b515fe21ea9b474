//! End-to-end, in the real window (tauri-driver + WebKitWebDriver under Xvfb) against a real
//! review server on loopback: the page's web process is killed (SIGKILL) and the window comes back
//! on the same case, saying so, with nothing given back or lost; the offline batch shows its own expiry, is released by
//! keyboard after a question, and signing out says what is still held before giving it back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const REVIEWER: &str = "reviewer11";

async fn seeded(scratch: &Path, count: u32) -> (DataDir, LocalServer) {
    let data = DataDir::new(scratch.join("server"));
    let options = DemoOptions { count, seed: 19, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    (data, server)
}

fn home(scratch: &Path) -> std::path::PathBuf {
    scratch.join("app-data")
}

/// Everything in the desktop's log folder.
fn desktop_log(dir: &Path) -> String {
    let Ok(files) = std::fs::read_dir(dir) else { return String::new() };
    files.flatten().filter_map(|file| std::fs::read_to_string(file.path()).ok()).collect()
}

/// A PNG of the whole X display (ImageMagick's `import`) in tests/artifacts/NAME.png: the window
/// as a person sees it, when WebDriver cannot take one.
fn display_screenshot(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    let taken = std::process::Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
        .expect("ImageMagick's import (scripts/setup.sh installs it)");
    assert!(taken.success(), "import -window root failed");
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    path
}

/// Starts the app with its own data directory and signs in as the demo reviewer.
async fn signed_in(scratch: &Path, url: &str) -> AppSession {
    let home = home(scratch);
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(url, REVIEWER, DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.wait_for_attribute("[data-testid=online]", "data-online", "true").await;
    app
}

async fn shown(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

/// The reviewer's decisions on the server: (submission, outcome).
fn decisions(data: &DataDir) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT d.submission_id, d.outcome FROM decisions d JOIN users u ON u.id = d.user_id
             WHERE u.username = ?1 ORDER BY d.decided_at",
        )
        .unwrap();
    statement
        .query_map([REVIEWER], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Submissions the server holds leased to the reviewer (live or not yet re-queued).
fn held_on_server(data: &DataDir) -> usize {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM queue q JOIN users u ON u.id = q.lease_user_id
         WHERE u.username = ?1 AND q.lease_expires_at IS NOT NULL",
        [REVIEWER],
        |row| row.get::<_, i64>(0),
    )
    .map(|n| usize::try_from(n).unwrap())
    .unwrap()
}

/// Waits (at most 30 s) until `check` holds.
async fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Presses Alt+`key`.
async fn press_alt(app: &AppSession, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    const ALT: char = '\u{E00A}';
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: ALT })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: ALT });
    app.client.perform_actions(actions).await.expect("key presses");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_web_process_comes_back_on_the_same_case_and_says_so() {
    let scratch = tempfile::tempdir().unwrap();
    let (data, server) = seeded(scratch.path(), 8).await;
    let app = signed_in(scratch.path(), &server.url()).await;

    // Not the first of the queue: the page must come back on the case it showed, not any case.
    let first = shown(&app).await;
    // The screen shows the first case as soon as it is downloaded; J moves once a second one is.
    let mut case = first.clone();
    let deadline = Instant::now() + Duration::from_secs(30);
    while case == first && Instant::now() < deadline {
        app.press("j").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        case = shown(&app).await;
    }
    assert_ne!(case, first, "J moved to the second case");
    app.element("[data-testid=photo-portrait] img").await;

    let renderers = app.web_processes();
    assert!(!renderers.is_empty(), "the app's WebKitWebProcess was found");
    for pid in &renderers {
        let killed = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        assert!(killed.unwrap().success(), "SIGKILL {pid}");
    }
    let started = Instant::now();

    // WebDriver's session ends with the page ("session deleted because of page crash"), so what
    // follows is watched from outside: the desktop's log, its processes and the X display. The
    // page reports itself once it shows a case again after a reload; the log records the crash
    // and that report.
    let log_dir = home(scratch.path()).join("cn.reviewdesk.desktop/logs");
    // The log redacts number-like runs (a UUID's may look like one): compare what it writes.
    let back = format!("case={:?}", reviewdesk_desktop::desktop_log::redact(&case));
    let deadline = Instant::now() + Duration::from_secs(90);
    while !desktop_log(&log_dir).lines().any(|line| {
        line.contains("the page is back after its web process ended") && line.contains(&back)
    }) {
        assert!(Instant::now() < deadline, "no report of {back}: {}", desktop_log(&log_dir));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovered_in = started.elapsed();
    let log = desktop_log(&log_dir);
    assert!(log.contains("the page's web process ended: loading the page again"), "{log}");
    let now = app.web_processes();
    assert!(!now.is_empty() && now.iter().all(|pid| !renderers.contains(pid)), "{now:?}");
    // The notice stays 20 s; the report comes once the case is painted, and the X display shows
    // the window's new frames a little later.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let shot = display_screenshot("e2e-recovery-notice");
    println!("recovered in {} ms; the screen: {}", recovered_in.as_millis(), shot.display());

    // Nothing was given back or lost: the server still has the five leased to the reviewer.
    assert_eq!(held_on_server(&data), 5);
    assert!(decisions(&data).is_empty());
    app.stop().await;
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_batch_shows_its_own_expiry_is_released_and_sign_out_says_what_is_held() {
    let scratch = tempfile::tempdir().unwrap();
    let (data, server) = seeded(scratch.path(), 20).await;
    let app = signed_in(scratch.path(), &server.url()).await;
    app.wait_for_text_containing("[data-testid=lease]", "租约").await;

    // Check out: the status line shows the batch's 8-hour expiry (Beijing time), not 15 minutes.
    let clicked = Utc::now();
    app.element("[data-testid=checkout]").await.click().await.unwrap();
    let batch = app.wait_for_text_containing("[data-testid=offline-batch]", "离线批次").await;
    let beijing = |at: chrono::DateTime<Utc>| {
        (at + chrono::Duration::hours(8))
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
            .format("%H:%M")
            .to_string()
    };
    // The lease starts between the click and now: its minute is one of these two.
    let expires = [beijing(clicked), beijing(Utc::now())]
        .into_iter()
        .find(|minute| batch.contains(minute.as_str()))
        .unwrap_or_else(|| beijing(Utc::now()));
    let held = held_on_server(&data);
    assert!(held > 5, "the batch came on top of the five prefetched: {held}");
    let in_batch = format!("{} 条", held - 5);
    assert!(
        batch.contains(&in_batch) && batch.contains(&expires),
        "{batch}: {in_batch}, {expires}"
    );
    app.screenshot("e2e-offline-batch").await;

    // Alt+G asks first; Escape keeps the batch; Alt+G then Enter releases it.
    press_alt(&app, 'g').await;
    let asked = app.text("[data-testid=release-dialog]").await;
    assert!(asked.contains("归还离线批次") && asked.contains(&in_batch), "{asked}");
    app.screenshot("e2e-offline-release-dialog").await;
    app.press(ESCAPE).await;
    app.element("[data-testid=offline-batch]").await;
    assert_eq!(held_on_server(&data), held);
    press_alt(&app, 'g').await;
    app.element("[data-testid=release-dialog]").await;
    app.press(ENTER).await;
    let released = format!("已归还 {in_batch}");
    app.wait_for_text_containing("[data-testid=offline-released]", &released).await;
    app.wait_for_text_containing("[data-testid=lease]", "租约").await;
    assert_eq!(held_on_server(&data), 5, "the batch went back, the prefetch stays");
    assert!(decisions(&data).is_empty(), "releasing decides nothing");

    // Sign-out says what is held and that it goes back; cancelling keeps the session.
    app.element("[data-testid=logout]").await.click().await.unwrap();
    let asked = app.text("[data-testid=logout-dialog]").await;
    assert!(asked.contains("您仍持有 5 条") && asked.contains("归还给服务器"), "{asked}");
    app.screenshot("e2e-logout-dialog").await;
    app.press(ESCAPE).await;
    app.element("[data-testid=review]").await;
    app.element("[data-testid=logout]").await.click().await.unwrap();
    app.element("[data-testid=logout-dialog]").await;
    app.press(ENTER).await;
    app.element("[data-testid=login]").await;
    eventually("nothing held after sign-out", || held_on_server(&data) == 0).await;
    app.stop().await;
    server.stop().await.unwrap();
}
