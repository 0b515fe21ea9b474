//! End-to-end: looking at photos and naming documents in the real window (tauri-driver +
//! WebKitWebDriver under Xvfb, run at 1366×768), against a real review server on loopback, with
//! the app's process in New York's time zone.
//!
//! A residents' permit case first: turned a quarter, and in the focus view, the whole photo stays
//! inside its panel; zoomed, the arrow keys pan it; the light level shows; the declared region
//! shows by name; the watermark shows Beijing time. Then a passport case: its photos are labelled
//! as a passport's, and a rejection's applicant text (preview and server) names the passport's
//! data page, never the ID card. Then a foreign permanent resident's case shows the nationality.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::local::LocalServer;
use serde_json::Value;
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const ENTER: &str = "\u{E007}";
const ARROW_LEFT: &str = "\u{E012}";
const ARROW_RIGHT: &str = "\u{E014}";

/// A pending first-stage submission of one of `types`, not yet claimed by anyone.
fn pending_of(data: &DataDir, types: &[&str]) -> String {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    let list = types.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
    conn.query_row(
        &format!(
            "SELECT q.submission_id FROM queue q JOIN submissions s ON s.id = q.submission_id
             WHERE q.stage = 'first' AND q.lease_user_id IS NULL
               AND json_extract(s.identity, '$.id_type') IN ({list})
             ORDER BY q.submission_id LIMIT 1"
        ),
        [],
        |row| row.get(0),
    )
    .unwrap_or_else(|e| panic!("the demo data holds no pending {types:?}: {e}"))
}

/// Puts `ids` first in the queue, in this order (the reviewer's first claim takes them).
fn claim_first(data: &DataDir, ids: &[&str]) {
    let conn = rusqlite::Connection::open(data.database()).unwrap();
    for (n, id) in ids.iter().enumerate() {
        let order = format!("2000-01-0{}", n + 1);
        let changed = conn
            .execute("UPDATE queue SET claim_order = ?1 WHERE submission_id = ?2", [&order, *id])
            .unwrap();
        assert_eq!(changed, 1);
    }
}

/// The applicant text the server recorded for submission `id`, once decided (at most 30 s).
async fn applicant_text_when_decided(data: &DataDir, id: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let conn = rusqlite::Connection::open(data.database()).unwrap();
        let text: Option<String> = conn
            .query_row(
                "SELECT applicant_text FROM decisions WHERE submission_id = ?1",
                [id],
                |row| row.get(0),
            )
            .ok();
        if let Some(text) = text {
            return text;
        }
        assert!(Instant::now() < deadline, "no decision on {id} reached the server");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The bounding rectangles (left, top, right, bottom) of the photo and its stage on `side`, once
/// they have settled: turns and pans are animated, and the software renderer under Xvfb plays an
/// 80 ms transition over a second or more.
async fn photo_and_stage(app: &AppSession, side: &str) -> ([f64; 4], [f64; 4]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = measure(app, side).await;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = measure(app, side).await;
        if now == last {
            return now;
        }
        assert!(Instant::now() < deadline, "the photo on {side} never settled: {now:?}");
        last = now;
    }
}

async fn measure(app: &AppSession, side: &str) -> ([f64; 4], [f64; 4]) {
    // After two painted frames (the window's animations advance as it paints).
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await
        .unwrap();
    let script =
        "const rect = (css) => { const r = document.querySelector(css).getBoundingClientRect(); \
                  return [r.left, r.top, r.right, r.bottom]; }; \
                  return [rect(arguments[0]), rect(arguments[1])];";
    let photo = format!("[data-testid=photo-{side}] img");
    let stage = format!("[data-testid=photo-{side}] .stage");
    let answer =
        app.client.execute(script, vec![Value::from(photo), Value::from(stage)]).await.unwrap();
    let rect = |value: &Value| -> [f64; 4] {
        let numbers: Vec<f64> =
            value.as_array().unwrap().iter().map(|n| n.as_f64().unwrap()).collect();
        [numbers[0], numbers[1], numbers[2], numbers[3]]
    };
    (rect(&answer[0]), rect(&answer[1]))
}

/// The photo lies wholly inside its stage (half a pixel of rounding allowed) and fills it in
/// one direction.
fn assert_inside(photo: [f64; 4], stage: [f64; 4], what: &str) {
    let slack = 0.5;
    assert!(
        photo[0] >= stage[0] - slack
            && photo[1] >= stage[1] - slack
            && photo[2] <= stage[2] + slack
            && photo[3] <= stage[3] + slack,
        "{what}: the photo {photo:?} leaves its panel {stage:?}"
    );
    let fills_width = (photo[2] - photo[0]) >= (stage[2] - stage[0]) - 2.0;
    let fills_height = (photo[3] - photo[1]) >= (stage[3] - stage[1]) - 2.0;
    assert!(fills_width || fills_height, "{what}: the photo {photo:?} does not fill {stage:?}");
}

async fn on_screen(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

/// Moves with `J` until submission `id` is on screen.
async fn go_to(app: &AppSession, id: &str) {
    for _ in 0..8 {
        if on_screen(app).await == id {
            return;
        }
        app.press("j").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("submission {id} never came on screen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_fit_their_panels_pan_by_keyboard_and_every_document_is_named_as_submitted() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 30, seed: 2026, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let permit = pending_of(&data, &["taiwan-permit", "hk-macau-permit"]);
    let passport = pending_of(&data, &["passport"]);
    let foreigner = pending_of(&data, &["foreign-permanent"]);
    claim_first(&data, &[&permit, &passport, &foreigner]);
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();

    // The app runs in New York's time zone.
    let app = AppSession::start_with_env(
        APP,
        &[("XDG_DATA_HOME", &home), ("TZ", Path::new("America/New_York"))],
    )
    .await;
    app.sign_in(&server.url(), "reviewer11", DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.element("[data-testid=photo-portrait] img").await;
    go_to(&app, &permit).await;

    // The watermark's time is Beijing's, though the computer is in New York.
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let before = Utc::now().with_timezone(&beijing).format("%Y-%m-%d %H:%M").to_string();
    let watermark = app.text("[data-testid=watermark] span").await;
    let after = Utc::now().with_timezone(&beijing).format("%Y-%m-%d %H:%M").to_string();
    assert!(
        watermark == format!("reviewer11 {before}") || watermark == format!("reviewer11 {after}"),
        "the watermark {watermark:?} is not Beijing time ({before})"
    );

    // The residents' permit: its declared region by name.
    let region = app.text("[data-testid=declared-region]").await;
    assert!(["香港", "澳门", "台湾"].contains(&region.as_str()), "declared region: {region:?}");

    // Upright, then turned a quarter each way: the whole photo stays inside its panel.
    let (photo, stage) = photo_and_stage(&app, "portrait").await;
    assert_inside(photo, stage, "upright");
    app.press("]").await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-rotate", "90").await;
    let (photo, stage) = photo_and_stage(&app, "portrait").await;
    assert_inside(photo, stage, "turned 90°");
    assert!(photo[3] - photo[1] > photo[2] - photo[0], "turned, the card stands upright");
    app.screenshot("e2e-photos-rotated").await;
    // The focus view refits it, larger.
    app.press("z").await;
    app.element("[data-testid=photo-portrait].enlarged").await;
    let (large, large_stage) = photo_and_stage(&app, "portrait").await;
    assert_inside(large, large_stage, "turned 90° in the focus view");
    assert!(large[3] - large[1] > photo[3] - photo[1], "the focus view shows it larger");
    app.screenshot("e2e-photos-focus-rotated").await;
    app.press("z").await;

    // Upright again, zoomed in: the arrow keys pan it (and only as far as its edges).
    app.press("0++").await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-zoom", "1.5625").await;
    let (zoomed, _) = photo_and_stage(&app, "portrait").await;
    app.press(ARROW_RIGHT).await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-pan", "-60,0").await;
    let (panned, _) = photo_and_stage(&app, "portrait").await;
    assert!(
        (zoomed[0] - panned[0] - 60.0).abs() < 1.0,
        "moved left 60 px: {zoomed:?} → {panned:?}"
    );
    for _ in 0..20 {
        app.press(ARROW_RIGHT).await;
    }
    let (far, far_stage) = photo_and_stage(&app, "portrait").await;
    assert!(
        far[2] >= far_stage[2] - 0.5,
        "panned to its right edge, no further: {far:?} {far_stage:?}"
    );
    app.press(ARROW_LEFT).await;
    // Brighter: the level shows.
    app.press("b").await;
    app.wait_for_text("[data-testid=brightness-portrait]", "115%").await;
    app.screenshot("e2e-photos-zoom-pan").await;
    app.press("0").await;
    app.wait_for_attribute("[data-testid=photo-portrait]", "data-zoom", "1").await;

    // The passport: its photos by a passport's names, and a rejection naming its data page.
    go_to(&app, &passport).await;
    app.wait_for_text("[data-testid=photo-label-portrait]", "资料页").await;
    app.wait_for_text("[data-testid=photo-label-emblem]", "封面").await;
    app.press("r").await;
    let search = app.element("[data-testid=reason-search]").await;
    search.send_keys("资料页照片").await.unwrap();
    let listed = app.text("[data-testid=reasons]").await;
    assert!(listed.contains("护照资料页照片不清晰") && !listed.contains("身份证"), "{listed}");
    app.press("1").await;
    let preview =
        app.wait_for_text_containing("[data-testid=preview] p", "护照资料页照片不清晰").await;
    assert!(!preview.contains("身份证"), "{preview}");
    app.screenshot("e2e-photos-passport-reject").await;
    app.press(ENTER).await;
    let recorded = applicant_text_when_decided(&data, &passport).await;
    assert!(recorded.contains("护照资料页照片不清晰"), "{recorded}");
    assert!(!recorded.contains("身份证"), "{recorded}");

    // The foreign permanent resident: the nationality the number encodes.
    go_to(&app, &foreigner).await;
    let nationality = app.text("[data-testid=nationality]").await;
    let alpha3 = nationality.rsplit_once('(').map(|(_, code)| code.trim_end_matches(')'));
    assert!(
        alpha3.is_some_and(|code| code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())),
        "nationality: {nationality:?}"
    );
    app.wait_for_text("[data-testid=photo-label-portrait]", "人像面").await;
    app.screenshot("e2e-photos-foreign-permanent").await;

    app.stop().await;
    server.stop().await.unwrap();
}
