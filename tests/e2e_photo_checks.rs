//! End-to-end: the default run's photo checks reach the reviewer in the real window
//! (tauri-driver + WebKitWebDriver under Xvfb). The app starts as `scripts/run.sh` starts it
//! (`REVIEWDESK_DEMO=1`: local mode, the default demo queue, signed in as the demo reviewer); the
//! bundled server's photo-check worker checks the held submissions first. Once a held submission
//! with a planted rotated photo is checked, the window shows its `photo_rotated` finding beside
//! that photo, and `O` turns the view as the checks suggest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");

/// A submission the demo reviewer holds whose checks found a rotated photo: (id, side).
fn held_rotated(database: &Path) -> Option<(String, String)> {
    let conn = rusqlite::Connection::open(database).ok()?;
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(
        "SELECT q.submission_id, f.side FROM queue q
         JOIN users u ON u.id = q.lease_user_id
         JOIN image_findings f ON f.submission_id = q.submission_id
         WHERE u.username = 'reviewer11' AND q.lease_expires_at > ?1
           AND f.finding LIKE '%\"photo_rotated\"%'
         ORDER BY q.submission_id LIMIT 1",
        [chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .ok()
}

/// How many submissions the demo reviewer holds whose checks have not ended.
fn held_unchecked(database: &Path) -> u32 {
    let Ok(conn) = rusqlite::Connection::open(database) else { return u32::MAX };
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM queue q JOIN users u ON u.id = q.lease_user_id
         JOIN photo_check_work w ON w.submission_id = q.submission_id
         WHERE u.username = 'reviewer11' AND q.lease_expires_at > ?1",
        [chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
        |row| row.get(0),
    )
    .unwrap_or(u32::MAX)
}

async fn on_screen(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_demo_shows_a_rotated_photo_and_o_turns_it_upright() {
    let home = tempfile::tempdir().unwrap();
    let app = AppSession::start_with_env(
        APP,
        &[("XDG_DATA_HOME", home.path()), ("REVIEWDESK_DEMO", Path::new("1"))],
    )
    .await;
    app.element("[data-testid=review]").await;
    let database = home.path().join("cn.reviewdesk.desktop/local-server/reviewdesk.db");

    // The worker checks the held submissions first. If none of them has a rotated photo, the
    // reviewer approves one and the desktop draws the next.
    let deadline = Instant::now() + Duration::from_secs(600);
    let (target, side) = loop {
        if let Some(found) = held_rotated(&database) {
            break found;
        }
        assert!(Instant::now() < deadline, "no held submission with a rotated photo was checked");
        if held_unchecked(&database) == 0 {
            app.press("a").await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    };
    for _ in 0..20 {
        if on_screen(&app).await == target {
            break;
        }
        app.press("j").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(on_screen(&app).await, target, "the rotated submission is on screen");

    // The finding reaches the screen with the desktop's next refresh of unsettled submissions.
    let finding = format!("[data-testid=photo-findings-{side}] [data-code=photo_rotated]");
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.client.find(fantoccini::Locator::Css(&finding)).await.is_err() {
        assert!(Instant::now() < deadline, "{finding} did not appear");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let text = app.text(&finding).await;
    assert!(text.contains("照片被旋转"), "{text}");
    let suggestion = app.text(&format!("[data-testid=suggestion-{side}]")).await;
    // "建议校正: 90° · O": the degrees are the digits just before the first "°".
    let before = suggestion.split('°').next().unwrap();
    let degrees = before.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().to_owned();
    assert!(matches!(degrees.as_str(), "90" | "180" | "270"), "{suggestion}");
    let photo = format!("[data-testid=photo-{side}]");
    app.wait_for_attribute(&photo, "data-rotate", "0").await;
    app.screenshot("e2e-photo-checks-rotated").await;

    // Select that photo (Q/W/E) and apply the suggested correction with O.
    let select = match side.as_str() {
        "portrait" => "q",
        "emblem" => "w",
        _ => "e",
    };
    app.press(select).await;
    app.press("o").await;
    app.wait_for_attribute(&photo, "data-rotate", &degrees).await;
    app.screenshot("e2e-photo-checks-corrected").await;
    app.stop().await;
}
