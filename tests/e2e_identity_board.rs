//! End-to-end: the identity board (人证比对) in the real window (tauri-driver + WebKitWebDriver
//! under Xvfb), against the bundled review server on loopback with its background photo checks
//! and the real face models. Two applicants' photos carry real faces (`support/face_photos.rs`):
//! one holds their own card, the other is another man holding a card printed with the first's
//! face. Both go through intake and the checks; the reviewer opens the board with `I`: the
//! uploaded portrait side beside the held card rectified, at one scale, the three faces found,
//! and no similarity but 相似度尚未校准 (the deployment is not calibrated); the decision buttons
//! stay in view, the board follows `J`, Esc closes it. The server recorded each read. Screenshots
//! (`tests/artifacts/e2e-identity-board-*-WxH.png`) at the screen size the run gives
//! (`SCREEN`, 1366×768 by default; run again with 1920×1080).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/face_photos.rs"]
mod face_photos;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use face_photos::FaceComposer;
use reviewdesk_domain::wire::face_calibration::SetBandsRequest;
use reviewdesk_server::calendar_cache::DeploymentCalendar;
use reviewdesk_server::clock::china_date;
use reviewdesk_server::data_dir::DataDir;
use reviewdesk_server::demo::{self, DemoOptions, DEMO_PASSWORD};
use reviewdesk_server::intake::{self, IntakeRequest};
use reviewdesk_server::local::LocalServer;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::{NewCalibrationRun, Store};
use support::AppSession;

const APP: &str = env!("CARGO_BIN_EXE_reviewdesk-desktop");
const FACES: [&str; 3] = ["card_portrait", "held_card_portrait", "handheld_person"];

/// One number from the server's database (the test's view of what the server recorded).
fn count(database: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(database).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

/// Waits until the background checks have written `boards` identity boards and no work is left.
async fn checks_done(database: &Path, boards: i64) {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let written = count(database, "SELECT COUNT(*) FROM identity_boards");
        let left = count(database, "SELECT COUNT(*) FROM photo_check_work");
        if written == boards && left == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "checks not done: {written} boards, {left} queued");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The screen size of this run, for the screenshots' names (`1366x768`).
fn screen() -> String {
    let screen = std::env::var("SCREEN").unwrap_or_else(|_| "1366x768x24".to_owned());
    screen.rsplit_once('x').map(|(size, _)| size.to_owned()).unwrap_or(screen)
}

async fn on_screen(app: &AppSession) -> String {
    app.element("[data-testid=review]").await.attr("data-submission").await.unwrap().unwrap()
}

/// Moves with `J`/`K` until submission `id` is on screen.
async fn go_to(app: &AppSession, id: &str) {
    for key in ["j", "j", "j", "k", "k", "k"] {
        if on_screen(app).await == id {
            return;
        }
        app.press(key).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert_eq!(on_screen(app).await, id, "submission {id} is on screen");
}

/// Waits until the board on screen shows its three faces found (the read may answer `pending`
/// first, and the board asks again when the sheet's checks settle).
async fn three_faces_found(app: &AppSession) {
    let deadline = Instant::now() + Duration::from_secs(60);
    for face in FACES {
        let css = format!("[data-testid=board-face-{face}]");
        loop {
            let found = match app.client.find(fantoccini::Locator::Css(&css)).await {
                Ok(element) => element.attr("data-found").await.ok().flatten(),
                Err(_) => None,
            };
            if found.as_deref() == Some("true") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{face} not found on the board: {}",
                app.text("[data-testid=identity-board]").await
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(app.text(&format!("[data-testid=board-face-state-{face}]")).await, "已找到人脸");
    }
}

/// A number the page computes (JavaScript returning a number).
async fn page_number(app: &AppSession, script: &str) -> f64 {
    app.client.execute(script, vec![]).await.unwrap().as_f64().unwrap_or(f64::NAN)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_identity_board_shows_the_held_card_and_three_faces_without_a_score() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let now = Utc::now();
    // The demo accounts only; the queue is the two submissions below.
    let options = DemoOptions { count: 0, seed: 2026, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, now).unwrap();
    let composer = FaceComposer::new(31, china_date(now), "11");
    let mut ids = Vec::new();
    {
        let store = data.open_store().unwrap();
        let mut next = 0;
        for person in ["obama3.jpg", "biden.jpg"] {
            let (photos, index) = composer.submission(next, "obama2.jpg", person);
            next = index + 1;
            let request = IntakeRequest {
                applicant_id: photos.applicant.applicant_id.clone(),
                province: photos.applicant.province.clone(),
                identity: photos.applicant.identity.clone(),
                photos: [photos.portrait, photos.emblem, photos.handheld],
            };
            let receipt = intake::accept(
                &store,
                &data.images(),
                &Settings::default(),
                &DeploymentCalendar::default(),
                request,
                "e2e",
                now,
            )
            .unwrap();
            ids.push(receipt.id);
        }
    }
    let server = LocalServer::start(&data, None).await.unwrap();
    let database = data.database();
    checks_done(&database, 2).await;
    assert_eq!(count(&database, "SELECT COUNT(*) FROM board_faces"), 6, "three faces each");

    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "reviewer11", DEMO_PASSWORD).await;
    app.element("[data-testid=review]").await;
    app.element("[data-testid=photo-handheld] img").await;
    go_to(&app, &ids[0]).await;

    // I opens the board in place of the photos.
    app.press("i").await;
    app.element("[data-testid=identity-board]").await;
    three_faces_found(&app).await;
    let held = app.element("[data-testid=board-held-card]").await;
    let src = held.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/jpeg;base64,"), "{}", &src[..src.len().min(40)]);
    app.element("[data-testid=board-uploaded]").await;
    let similarity = app.text("[data-testid=board-similarity]").await;
    assert!(similarity.contains("相似度尚未校准"), "{similarity}");
    assert!(similarity.contains("仅供人工比对"), "{similarity}");
    assert!(app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=board-pair]"))
        .await
        .unwrap()
        .is_empty());
    for word in ["相似：", "不相似", "存疑"] {
        assert!(!similarity.contains(word), "a band before calibration: {similarity}");
    }

    // The two cards at one scale (the rectified card has the uploaded side's size), both drawn.
    let ratio = page_number(
        &app,
        "const a = document.querySelector('[data-testid=board-uploaded]').getBoundingClientRect();\
         const b = document.querySelector('[data-testid=board-held-card]').getBoundingClientRect();\
         return a.width > 0 && a.height > 0 ? (b.width / a.width) : -1;",
    )
    .await;
    assert!((ratio - 1.0).abs() < 0.02, "held card / uploaded card width: {ratio}");
    // The decision buttons stay in view beside the board.
    let below = page_number(
        &app,
        "const r = document.querySelector('[data-testid=approve]').getBoundingClientRect();\
         return window.innerHeight - r.bottom;",
    )
    .await;
    assert!(below >= 0.0, "the approve button is cut off by {below} px");
    // Nothing of the board is cut off at this size: it does not scroll.
    let hidden = page_number(
        &app,
        "const b = document.querySelector('[data-testid=identity-board]');\
         return b.scrollHeight - b.clientHeight;",
    )
    .await;
    assert!(hidden <= 1.0, "the board scrolls by {hidden} px");
    // Chinese throughout: no Latin word in the board's text (the watermark's username aside).
    let board = app
        .client
        .execute(
            "const board = document.querySelector('[data-testid=identity-board]').cloneNode(true);\
             board.querySelectorAll('[data-testid=watermark]').forEach((mark) => mark.remove());\
             return board.textContent;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    let latin: Vec<&str> =
        board.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    assert!(latin.is_empty(), "English in the Chinese board: {latin:?} in {board}");
    app.screenshot(&format!("e2e-identity-board-owner-{}", screen())).await;

    // Each read was audited by the server.
    let reads = count(
        &database,
        "SELECT COUNT(*) FROM audit WHERE action = 'image_view' AND detail LIKE '%identity_board%'",
    );
    assert!(reads >= 1, "no audited board read");

    // J: the board follows to the next case (another man holding a card with the first's face).
    go_to(&app, &ids[1]).await;
    app.element("[data-testid=identity-board]").await;
    three_faces_found(&app).await;
    let similarity = app.text("[data-testid=board-similarity]").await;
    assert!(similarity.contains("相似度尚未校准"), "{similarity}");
    app.screenshot(&format!("e2e-identity-board-other-person-{}", screen())).await;

    // Esc closes it and the photos are back; I opens and closes it again.
    app.press("\u{e00c}").await;
    app.wait_gone("[data-testid=identity-board]").await;
    app.element("[data-testid=photo-handheld] img").await;
    app.press("i").await;
    app.element("[data-testid=identity-board]").await;
    app.press("i").await;
    app.wait_gone("[data-testid=identity-board]").await;

    // The help lists the key, all of it in view.
    app.press("?").await;
    let keys = app.text("[data-testid=help] dl").await;
    assert!(keys.contains("人证比对"), "{keys}");
    let below = page_number(
        &app,
        "const r = document.querySelector('[data-testid=help] dl').getBoundingClientRect();\
         return window.innerHeight - r.bottom;",
    )
    .await;
    assert!(below >= 0.0, "the help is cut off by {below} px");
    app.screenshot(&format!("e2e-identity-board-help-{}", screen())).await;
    app.press("\u{e00c}").await;
    app.wait_gone("[data-testid=help]").await;

    // After calibration: a supervisor's bands in force (set through the store: two submissions
    // are far too few pairs for a run to allow bands; the run and its refusal are tested over
    // HTTP). The board, opened again, bands card↔person and held-card↔person as hints.
    set_bands(&data, 0.5, 0.7);
    app.press("i").await;
    app.element("[data-testid=identity-board]").await;
    three_faces_found(&app).await;
    let bands = wait_for_bands(&app, 2).await;
    assert!(bands.iter().all(|band| band == "dissimilar"), "another man: {bands:?}");
    let similarity = app.text("[data-testid=board-similarity]").await;
    assert!(!similarity.contains("尚未校准"), "{similarity}");
    assert!(similarity.contains("需人工复核"), "{similarity}");
    app.screenshot(&format!("e2e-identity-board-calibrated-other-person-{}", screen())).await;
    go_to(&app, &ids[0]).await;
    three_faces_found(&app).await;
    let bands = wait_for_bands(&app, 2).await;
    assert!(bands.iter().all(|band| band == "similar"), "the owner: {bands:?}");
    app.screenshot(&format!("e2e-identity-board-calibrated-owner-{}", screen())).await;
    app.stop().await;
}

/// Records a calibration run with enough pairs and sets bands from it, as supervisor11.
fn set_bands(data: &DataDir, similar_below: f32, dissimilar_from: f32) {
    let store = data.open_store().unwrap();
    let (supervisor, _) =
        store.user_for_login("supervisor11").unwrap().expect("the demo supervisor");
    let enough = NewCalibrationRun {
        same_person_pairs: 100,
        different_person_pairs: 3000,
        different_sampled: false,
        rates: Vec::new(),
        thin_reason: None,
    };
    let run = store.record_calibration_run(&supervisor, &enough, Utc::now()).unwrap();
    let bands = SetBandsRequest { run_id: run.id, similar_below, dissimilar_from };
    store.set_similarity_bands(&supervisor, &bands, Utc::now()).unwrap();
}

/// Waits until the board shows `pairs` bands; their `data-band`s.
async fn wait_for_bands(app: &AppSession, pairs: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let script = "return [...document.querySelectorAll('[data-testid=board-pair]')]\
                      .map((pair) => pair.dataset.band);";
        let bands: Vec<String> =
            serde_json::from_value(app.client.execute(script, vec![]).await.unwrap()).unwrap();
        if bands.len() == pairs {
            return bands;
        }
        assert!(Instant::now() < deadline, "{} bands shown: {bands:?}", bands.len());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The supervisor's 人脸校准 tab (key 8) over the demo's decided cases: uncalibrated at first,
/// said in words; a run reports its pairs and rates and, on so few cases, that they are too
/// thin to set bands from (the thresholds' fields stay shut); once bands are in force the tab
/// says which.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_runs_a_calibration_and_sees_it_is_too_thin() {
    let scratch = tempfile::tempdir().unwrap();
    let data = DataDir::new(scratch.path().join("server"));
    let options = DemoOptions { count: 12, seed: 2026, provinces: vec!["11".to_owned()] };
    demo::seed(&data, &options, Utc::now()).unwrap();
    let server = LocalServer::start(&data, None).await.unwrap();
    let home = scratch.path().join("app-data");
    std::fs::create_dir_all(&home).unwrap();
    let app = AppSession::start_with_env(APP, &[("XDG_DATA_HOME", &home)]).await;
    app.sign_in(&server.url(), "supervisor11", DEMO_PASSWORD).await;
    app.element("[data-testid=supervision]").await;
    app.press("8").await;
    let state = app.wait_for_text_containing("[data-testid=calib-state]", "尚未校准").await;
    assert!(state.contains("不显示相似度"), "{state}");
    app.element("[data-testid=calib-no-run]").await;

    app.element("[data-testid=calib-run]").await.click().await.unwrap();
    app.element("[data-testid=calib-run-result]").await;
    let thin = app.text("[data-testid=calib-thin]").await;
    assert!(thin.contains("暂不能据此设定"), "{thin}");
    let pairs = app.text("[data-testid=calib-pairs]").await;
    assert!(pairs.contains("同一人配对") && pairs.contains("不同人配对"), "{pairs}");
    let shut = app.element("[data-testid=calib-save]").await.attr("disabled").await.unwrap();
    assert!(shut.is_some(), "bands cannot be set from a thin run");
    app.screenshot(&format!("e2e-calibration-thin-{}", screen())).await;
    let runs =
        count(&data.database(), "SELECT COUNT(*) FROM audit WHERE action = 'face_calibration_run'");
    assert_eq!(runs, 1, "the run is audited");

    // Bands in force (set as a supervisor would from a sufficient run): the tab says so.
    set_bands(&data, 0.45, 0.6);
    app.press("1").await;
    app.press("8").await;
    let state = app.wait_for_text_containing("[data-testid=calib-state]", "已校准").await;
    assert!(state.contains("0.45") && state.contains("0.6"), "{state}");
    app.screenshot(&format!("e2e-calibration-in-force-{}", screen())).await;
    app.stop().await;
}
