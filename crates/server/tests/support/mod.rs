//! Shared by the HTTP tests: a server over a real SQLite file and image folder in a temporary
//! directory, a clock the test moves, staff accounts, intake keys, real JPEG files made with the
//! `image` crate, and requests sent in-process with `tower::ServiceExt::oneshot`. `server_process`
//! runs `serve` as a real process, `remote` speaks to one over its socket; the throwaway PostgreSQL is the store crate's
//! (`reviewdesk_store::testing::postgres`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod remote;
pub mod server_process;

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, TimeZone, Utc};
use reviewdesk_domain::review::Role;
use reviewdesk_server::auth::{IssuedSecret, Passwords, SecretKind};
use reviewdesk_server::clock::Clock;
use reviewdesk_server::http::{app, AppState};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{NewUser, Store, User};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

/// A clock the test moves by hand.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap();
        *now += by;
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Monday 2 March 2026, 10:00 in Beijing.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub clock: Arc<TestClock>,
    pub state: AppState,
    pub app: Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {:?} {}", self.status, String::from_utf8_lossy(&self.bytes))
        })
    }

    /// Asserts a `{code, message}` error with this status and code; returns the body.
    pub fn error(&self, status: StatusCode, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert_eq!(body["code"], code, "{body}");
        let message = body["message"].as_str().expect("a message");
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{message}");
        // Every refusal reads as the shared wire type a client parses it into.
        let parsed: reviewdesk_domain::wire::ErrorBody =
            serde_json::from_value(body.clone()).expect("an ErrorBody");
        assert_eq!(parsed.code, code);
        body
    }
}

pub fn server() -> Server {
    server_with(Settings::default())
}

pub fn server_with(settings: Settings) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap());
    let clock = Arc::new(TestClock(Mutex::new(start_time())));
    let state = AppState::new(
        store.clone(),
        ImageFiles::new(dir.path().join("images")),
        settings,
        clock.clone(),
        Passwords::with_cost(64, 1).unwrap(),
    );
    let app = app(state.clone());
    Server { dir, store, clock, state, app }
}

impl Server {
    pub fn add_user(&self, username: &str, role: Role, province: Option<&str>) -> User {
        let new = NewUser {
            username: username.to_owned(),
            password_hash: self.state.passwords.hash(PASSWORD).unwrap(),
            role,
            province: province.map(str::to_owned),
        };
        self.store.add_user(&new, self.clock.now()).unwrap()
    }

    pub fn intake_key(&self) -> String {
        let issued = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
        self.store.add_intake_key(&issued.hash, "portal", self.clock.now()).unwrap();
        issued.secret
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        Reply { status, headers, bytes }
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Any method, with a JSON body when one is given.
    pub async fn call_json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn get_with_key(&self, path: &str, key: &str) -> Reply {
        let request = Request::builder().uri(path).header("x-api-key", key);
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn login(&self, username: &str) -> String {
        let reply = self
            .post_json(
                "/api/v1/auth/login",
                None,
                json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
        reply.json()["token"].as_str().unwrap().to_owned()
    }

    /// Posts an intake request made of `parts` with the intake key.
    pub async fn intake(&self, key: &str, parts: &[(&str, Vec<u8>)]) -> Reply {
        let (content_type, body) = multipart(parts);
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/intake/submissions")
            .header(header::CONTENT_TYPE, content_type)
            .header("x-api-key", key)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// An intake request sent with a staff bearer token instead of a key.
    pub async fn intake_with_bearer(&self, token: &str) -> Reply {
        let (content_type, body) = multipart(&valid_parts("A-1", "11"));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/intake/submissions")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Submits a valid request for `applicant` in `province`; returns the submission id.
    pub async fn submit(&self, key: &str, applicant: &str, province: &str) -> String {
        let reply = self.intake(key, &valid_parts(applicant, province)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        reply.json()["id"].as_str().unwrap().to_owned()
    }

    /// Claims up to `max` items for the reviewer signed in with `token` (reads follow the
    /// lease); returns each item's submission id and lease token.
    pub async fn claim(&self, token: &str, max: u32) -> Vec<(String, String)> {
        let reply = self
            .post_json("/api/v1/queue/claim", Some(token), serde_json::json!({"max": max}))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
        reply.json()["leases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|lease| {
                let text = |field: &str| lease[field].as_str().unwrap().to_owned();
                (text("submission_id"), text("lease_token"))
            })
            .collect()
    }
}

/// A declared identity consistent with its number (the GB 11643 example).
pub fn identity(applicant: &str, province: &str) -> Value {
    json!({
        "applicant_id": applicant, "province": province, "id_type": "resident",
        "id_number": "11010519491231002X", "name": "王小明", "sex": "female",
        "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
        "valid_from": "2010-01-01", "valid_to": null
    })
}

/// A real baseline JPEG of `width`×`height`, its pixels varied by `seed`.
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), (y as u8).wrapping_mul(3), seed])
    });
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

pub fn valid_parts(applicant: &str, province: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("identity", identity(applicant, province).to_string().into_bytes()),
        ("portrait", jpeg(64, 40, 1)),
        ("emblem", jpeg(64, 40, 2)),
        ("handheld", jpeg(48, 64, 3)),
    ]
}

/// A multipart/form-data body; photo parts carry a filename and image/jpeg.
pub fn multipart(parts: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "reviewdesk-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        if *name == "identity" {
            body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: application/json\r\n\r\n")
                    .as_bytes(),
            );
        } else {
            body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .as_bytes(),
            );
        }
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A data directory for a `serve` process: reviewers `wang` and `li` of province 11 (password
/// [`PASSWORD`], a cheap Argon2id cost) and an intake key; returns the directory and the key.
pub fn reviewers_and_intake_key() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap();
    let now = Utc::now();
    let passwords = Passwords::with_cost(64, 1).unwrap();
    for username in ["wang", "li"] {
        let user = NewUser {
            username: username.to_owned(),
            password_hash: passwords.hash(PASSWORD).unwrap(),
            role: Role::Reviewer,
            province: Some("11".to_owned()),
        };
        store.add_user(&user, now).unwrap();
    }
    let key = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
    store.add_intake_key(&key.hash, "portal", now).unwrap();
    (dir, key.secret)
}

/// Waits until the store holds no photo-check work (every queued check recorded), up to `limit`.
pub async fn checks_done(state: &reviewdesk_server::http::AppState, limit: std::time::Duration) {
    let store = std::sync::Arc::clone(&state.store);
    let waited = tokio::task::spawn_blocking(move || {
        let until = std::time::Instant::now() + limit;
        while std::time::Instant::now() < until {
            if store.photo_check_backlog(Utc::now()).unwrap().queued == 0 {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    });
    assert!(waited.await.unwrap(), "photo checks still queued after {limit:?}");
}
