//! End-to-end: a first start fills the screen's work area; the window's size is remembered across a restart (tauri-plugin-window-state, saved
//! shortly after a resize, so a session ended by a signal keeps it too), in the app's config dir.
//! Its own test binary: the app runs as a single instance per D-Bus session, so it must not run
//! beside another end-to-end test's app.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

async fn open_app(home: &Path) -> AppSession {
    AppSession::start_with_env(
        APP,
        &[("XDG_DATA_HOME", &home.join("data")), ("XDG_CONFIG_HOME", &home.join("config"))],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_size_survives_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let saved = home.path().join("config/cn.reviewdesk.desktop/.window-state.json");

    let app = open_app(home.path()).await;
    app.element("[data-testid=app-title]").await;
    // A first start fills the screen's work area (Xvfb has no panels: the whole screen).
    let (_, _, width, height) = app.client.get_window_rect().await.unwrap();
    let screen = app.client.execute("return [screen.availWidth, screen.availHeight]", vec![]).await;
    let screen: Vec<u64> = serde_json::from_value(screen.unwrap()).unwrap();
    assert_eq!((width, height), (screen[0], screen[1]), "a first start fills the screen");
    app.client.set_window_rect(20, 10, 1100, 700).await.unwrap();
    // Written shortly after the resize, before any exit.
    let deadline = Instant::now() + Duration::from_secs(10);
    let state = loop {
        let found = std::fs::read_to_string(&saved).unwrap_or_default();
        if found.contains("1100") {
            break found;
        }
        assert!(Instant::now() < deadline, "{} not written: {found:?}", saved.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["main"]["width"], 1100, "{state}");
    assert_eq!(state["main"]["height"], 700, "{state}");
    app.stop().await;

    let app = open_app(home.path()).await;
    app.element("[data-testid=app-title]").await;
    let (_, _, width, height) = app.client.get_window_rect().await.unwrap();
    assert_eq!((width, height), (1100, 700), "the remembered size after a restart");
    app.stop().await;
}
