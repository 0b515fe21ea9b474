//! `GET /healthz` and `GET /readyz` in-process, over both stores: ready when the store answers
//! with the schema this build expects, 503 `schema_not_current` once the database holds a newer
//! migration than this build knows; healthz answers without touching the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use reviewdesk_server::auth::Passwords;
use reviewdesk_server::clock::SystemClock;
use reviewdesk_server::http::{app, AppState};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use serde_json::Value;
use tower::ServiceExt;

async fn get(store: &Arc<dyn Store>, images: &std::path::Path, path: &str) -> (StatusCode, Value) {
    let state = AppState::new(
        Arc::clone(store),
        ImageFiles::new(images),
        Settings::default(),
        Arc::new(SystemClock),
        Passwords::with_cost(64, 1).unwrap(),
    );
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = app(state).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn ready_then_not_current(store: Arc<dyn Store>, raw: impl FnOnce(&str)) {
    let images = tempfile::tempdir().unwrap();
    let (status, body) = get(&store, images.path(), "/healthz").await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (status, body) = get(&store, images.path(), "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready");
    let version = body["schema_version"].as_u64().unwrap();
    let asked = Arc::clone(&store);
    let expected = tokio::task::spawn_blocking(move || asked.readiness().unwrap().expected);
    assert_eq!(u64::from(expected.await.unwrap()), version);

    raw(&format!(
        "INSERT INTO schema_migrations (version, checksum, applied_at) \
         VALUES ({}, 'x', '2026-03-02T00:00:00.000Z')",
        version + 1
    ));
    let (status, body) = get(&store, images.path(), "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "schema_not_current");
    assert!(body["message"].as_str().unwrap().contains(&(version + 1).to_string()));
    // Liveness does not depend on the store.
    assert_eq!(get(&store, images.path(), "/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn readyz_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewdesk.db");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    ready_then_not_current(store, |sql| {
        rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    })
    .await;
}

#[test]
fn readyz_on_postgres() {
    // The synchronous PostgreSQL client runs its own runtime: opened, used behind the store's
    // back and dropped outside the test's.
    let db = reviewdesk_store::testing::postgres::database();
    let store: Arc<dyn Store> = Arc::new(PgStore::connect(&db.url()).unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(ready_then_not_current(Arc::clone(&store), |sql| {
        std::thread::scope(|scope| {
            scope.spawn(|| db.client().batch_execute(sql).unwrap()).join().unwrap();
        });
    }));
    drop(runtime);
    drop(store);
}
