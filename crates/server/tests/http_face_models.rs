//! `/readyz` and the face models, in-process over a real SQLite store with the photo checks
//! running: ready with the models installed (scripts/setup.sh); 503 `face_models_unavailable`
//! naming the missing file when the models directory is empty, and naming the corrupt one when
//! a file does not match its pinned SHA-256; ready again once they are back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use reviewdesk_imaging::faces::default_models_dir;
use reviewdesk_imaging::faces::models::{RESNET_MODEL, SHAPE_5_MODEL};
use reviewdesk_server::auth::Passwords;
use reviewdesk_server::clock::SystemClock;
use reviewdesk_server::http::{app, AppState};
use reviewdesk_server::image_checks::CheckWorkers;
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use serde_json::Value;
use tower::ServiceExt;

async fn readyz(state: &AppState) -> (StatusCode, Value) {
    let request = Request::get("/readyz").body(Body::empty()).unwrap();
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn readyz_names_a_missing_or_corrupt_face_model() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("r.db")).unwrap());
    let state = AppState::new(
        store,
        ImageFiles::new(dir.path().join("images")),
        Settings::default(),
        Arc::new(SystemClock),
        Passwords::with_cost(64, 1).unwrap(),
    )
    .with_image_checks(CheckWorkers::desktop());
    let checks = Arc::clone(state.image_checks.as_ref().unwrap());
    let (status, body) = readyz(&state).await;
    assert_eq!(status, StatusCode::OK, "models installed by scripts/setup.sh: {body}");

    let empty = tempfile::tempdir().unwrap();
    assert!(checks.check_face_models(empty.path()).is_some());
    let (status, body) = readyz(&state).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["code"], "face_models_unavailable", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(SHAPE_5_MODEL.name) && message.contains("缺失"), "{message}");

    std::fs::copy(
        default_models_dir().join(SHAPE_5_MODEL.name),
        empty.path().join(SHAPE_5_MODEL.name),
    )
    .unwrap();
    std::fs::write(empty.path().join(RESNET_MODEL.name), b"not a network").unwrap();
    assert!(checks.check_face_models(empty.path()).is_some());
    let (status, body) = readyz(&state).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(RESNET_MODEL.name) && message.contains("损坏"), "{message}");

    assert!(checks.check_face_models(&default_models_dir()).is_none());
    assert_eq!(readyz(&state).await.0, StatusCode::OK);
    checks.stop(std::time::Duration::from_secs(5));
}
