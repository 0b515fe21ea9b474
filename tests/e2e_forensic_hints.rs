//! End-to-end: the photo viewer's 取证提示 in the real window (tauri-driver + WebKitWebDriver under
//! Xvfb, 1366×768), against a real review server on loopback. The reviewer opens the hints of the
//! hand-held photo: they are labelled as hints that are no ground for a rejection, show the JPEG
//! quality and the encoder read from the file's tables, and the error-level view; the server
//! recorded the read (`image_view` with `"hints": true`). Closing them shows the photo again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

/// How many hint reads the server's audit log holds (waits up to 10 s for the first).
async fn hint_reads(data: &DataDir) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let conn = rusqlite::Connection::open(data.database()).unwrap();
        let count: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit WHERE action = 'image_view'
                 AND detail LIKE '%\"hints\":true%'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        if count > 0 || Instant::now() > deadline {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hints_of_a_photo_open_in_the_viewer_labelled_as_hints() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 6, seed: 2026, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "reviewer11", DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.element("[data-testid=photo-handheld] img").await;

    app.element("[data-testid=hints-open-handheld]").await.click().await.unwrap();
    app.wait_for_text("[data-testid=hints-caveat]", "提示，不作为退回依据").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut quality = app.text("[data-testid=hints-quality]").await;
    while !quality.chars().any(|c| c.is_ascii_digit()) {
        assert!(Instant::now() < deadline, "no quality shown: {quality:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        quality = app.text("[data-testid=hints-quality]").await;
    }
    let encoder = app.text("[data-testid=hints-encoder]").await;
    assert!(encoder.contains("量化表"), "{encoder}");
    let ela = app.element("[data-testid=hints-ela]").await;
    let src = ela.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/png;base64,"), "{}", &src[..src.len().min(40)]);
    app.screenshot("e2e-forensic-hints").await;
    assert_eq!(hint_reads(&data).await, 1);

    // No English in the Chinese panel but the encoder libraries' names and the quality number.
    let panel = app.text("[data-testid=hints-handheld]").await;
    let latin: String = panel
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| {
            !word.is_empty() && !["libjpeg", "turbo", "JPEG", "Photoshop"].contains(word)
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(latin.is_empty(), "English in the Chinese hints panel: {latin:?}");

    app.element("[data-testid=hints-handheld] .close").await.click().await.unwrap();
    app.wait_gone("[data-testid=hints-handheld]").await;

    // By keyboard: E selects the hand-held photo, H opens its hints, Esc closes them.
    app.press("e").await;
    app.press("h").await;
    app.wait_for_text("[data-testid=hints-caveat]", "提示，不作为退回依据").await;
    app.press("\u{e00c}").await;
    app.wait_gone("[data-testid=hints-handheld]").await;
    app.stop().await;
}
