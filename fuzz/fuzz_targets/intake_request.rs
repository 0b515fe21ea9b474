//! The intake request as the server receives it. Byte 0 picks the form:
//! - 0: the rest is the `identity` part alone, read by `http::identity_part::read` (the JSON
//!   parsing of the declared identity): `Ok` or a 422 `invalid_identity`, never a panic;
//! - 1: the rest is a whole multipart body (boundary `B`) sent to the real router
//!   (`http::app`, an intake key, a SQLite store in a temporary folder);
//! - 2: the rest is the `identity` part of an otherwise valid request (three real JPEGs).
//!
//! For every request: no panic, never a 5xx, and every refusal is `{code, message}` JSON. The
//! request rate is off (the target is the parsing, not the limiter).

#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use libfuzzer_sys::fuzz_target;
use reviewdesk_server::auth::{IssuedSecret, Passwords, SecretKind};
use reviewdesk_server::clock::SystemClock;
use reviewdesk_server::http::{app, identity_part, AppState};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use tower::ServiceExt;

struct Rig {
    runtime: tokio::runtime::Runtime,
    app: Router,
    key: String,
    photos: [Vec<u8>; 3],
}

fn rig() -> &'static Rig {
    static RIG: OnceLock<Rig> = OnceLock::new();
    RIG.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("reviewdesk-fuzz-intake-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let store = Arc::new(SqliteStore::open(&dir.join("reviewdesk.db")).expect("a store"));
        let issued = IssuedSecret::new(SecretKind::IntakeKey).expect("a key");
        store.add_intake_key(&issued.hash, "fuzz", chrono::Utc::now()).expect("key stored");
        let state = AppState::new(
            store,
            ImageFiles::new(dir.join("images")),
            // Thousands of requests a second from one key: with the request rate on, nearly
            // every one would be a 429 before it reached the intake's parsing under test.
            Settings { request_rate: None, ..Settings::default() },
            Arc::new(SystemClock),
            Passwords::with_cost(64, 1).expect("passwords"),
        );
        let jpeg = |name: &str| {
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/").to_owned() + name)
                .expect("a seed photo")
        };
        Rig {
            runtime: tokio::runtime::Builder::new_current_thread().build().expect("a runtime"),
            app: app(state),
            key: issued.secret,
            photos: [jpeg("portrait.jpg"), jpeg("emblem.jpg"), jpeg("handheld.jpg")],
        }
    })
}

fn part(body: &mut Vec<u8>, name: &str, bytes: &[u8]) {
    body.extend_from_slice(
        format!("--B\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
    );
    if name != "identity" {
        body.extend_from_slice(
            format!("; filename=\"{name}.jpg\"\r\nContent-Type: image/jpeg").as_bytes(),
        );
    }
    body.extend_from_slice(b"\r\n\r\n");
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n");
}

fn send(rig: &Rig, body: Vec<u8>) {
    let request = Request::post("/api/v1/intake/submissions")
        .header("x-api-key", &rig.key)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
        .body(Body::from(body))
        .expect("a request");
    let (status, bytes) = rig.runtime.block_on(async {
        let response = rig.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("a body");
        (status, bytes)
    });
    assert!(!status.is_server_error(), "{status}: {}", String::from_utf8_lossy(&bytes));
    if !status.is_success() {
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("an error is JSON");
        assert!(body["code"].is_string() && body["message"].is_string(), "{body}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => {
            if let Err(error) = identity_part::read(rest) {
                assert_eq!(error.code, "invalid_identity");
                assert_eq!(error.status, 422);
            }
        }
        1 => send(rig(), rest.to_vec()),
        _ => {
            let rig = rig();
            let mut body = Vec::new();
            part(&mut body, "identity", rest);
            for (name, photo) in ["portrait", "emblem", "handheld"].iter().zip(&rig.photos) {
                part(&mut body, name, photo);
            }
            body.extend_from_slice(b"--B--\r\n");
            send(rig, body);
        }
    }
});
