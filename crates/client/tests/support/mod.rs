//! Shared by the client's integration tests: the real review server in-process (its library, a
//! SQLite file and image folder in a temporary directory, served on 127.0.0.1 by
//! `reviewdesk_server::http::serve`), stoppable and restartable on the same port; one clock that
//! both the server and the clients read, moved by the test; staff accounts; submissions queued
//! through the real intake endpoint with real JPEGs; and a TCP proxy that can swallow replies.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod proxy;

use std::io::Cursor;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::multipart::{Form, Part};
use reviewdesk_client::{Client, MemorySecrets, SecretStore, Settings};
use reviewdesk_domain::review::Role;
use reviewdesk_server::auth::{IssuedSecret, Passwords, SecretKind};
use reviewdesk_server::http::{serve, AppState};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings as ServerSettings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{NewUser, Store};
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const PASSWORD: &str = "correct horse battery";
pub const NAME: &str = "王小明";
pub const ID_NUMBER: &str = "11010519491231002X";
pub const PROVINCE: &str = "11";

/// One clock for the server and every client of a test.
pub struct SharedClock(Mutex<DateTime<Utc>>);

impl SharedClock {
    /// Monday 2 March 2026, 10:00 in Beijing (a working day with calendar data).
    pub fn new() -> Arc<SharedClock> {
        Arc::new(SharedClock(Mutex::new(Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap())))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    pub fn get(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// One clock for the server and the client: both read the domain's `Clock`.
impl reviewdesk_client::Clock for SharedClock {
    fn now(&self) -> DateTime<Utc> {
        self.get()
    }
}

/// A real JPEG of `width`×`height`, its pixels varied by `seed`.
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), (y as u8).wrapping_mul(3), seed])
    });
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

/// The three photos every test submission carries.
pub fn photos() -> [Vec<u8>; 3] {
    [jpeg(64, 40, 1), jpeg(64, 40, 2), jpeg(48, 64, 3)]
}

pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub clock: Arc<SharedClock>,
    pub state: AppState,
    pub addr: SocketAddr,
    intake_key: String,
    running: Option<(oneshot::Sender<()>, JoinHandle<()>)>,
}

impl TestServer {
    /// Starts a server with `users` (reviewers of province 11) and `queued` submissions.
    pub async fn start(users: &[&str], queued: usize) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap());
        let clock = SharedClock::new();
        let state = AppState::new(
            store.clone(),
            ImageFiles::new(dir.path().join("images")),
            // These tests drive the client far faster than a person (the fault client loops sync
            // and decide flat out); the server's per-caller rate limit is tested on its own
            // (crates/server/tests/http_rate_limit.rs).
            ServerSettings { request_rate: None, ..ServerSettings::default() },
            clock.clone(),
            Passwords::with_cost(64, 1).unwrap(),
        );
        for username in users {
            let user = NewUser {
                username: (*username).to_owned(),
                password_hash: state.passwords.hash(PASSWORD).unwrap(),
                role: Role::Reviewer,
                province: Some(PROVINCE.to_owned()),
            };
            store.add_user(&user, clock.get()).unwrap();
        }
        let issued = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
        store.add_intake_key(&issued.hash, "portal", clock.get()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut server =
            TestServer { dir, store, clock, state, addr, intake_key: issued.secret, running: None };
        server.serve(listener);
        for n in 0..queued {
            server.submit(&format!("A-{n}")).await;
        }
        server
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = oneshot::channel::<()>();
        let state = self.state.clone();
        let task = tokio::spawn(async move {
            serve(listener, state, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        self.running = Some((stop, task));
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving: the port refuses connections until [`TestServer::restart`].
    pub async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            task.await.unwrap();
        }
    }

    /// Serves again on the same port, over the same data.
    pub async fn restart(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }

    /// Queues a submission for `applicant` through the intake endpoint; returns its id.
    pub async fn submit(&self, applicant: &str) -> String {
        let identity = json!({
            "applicant_id": applicant, "province": PROVINCE, "id_type": "resident",
            "id_number": ID_NUMBER, "name": NAME, "sex": "female",
            "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
            "valid_from": "2010-01-01", "valid_to": null
        });
        let [portrait, emblem, handheld] = photos();
        let photo = |bytes: Vec<u8>, name: &str| {
            Part::bytes(bytes).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
        };
        let form = Form::new()
            .text("identity", identity.to_string())
            .part("portrait", photo(portrait, "portrait"))
            .part("emblem", photo(emblem, "emblem"))
            .part("handheld", photo(handheld, "handheld"));
        let reply = reqwest::Client::new()
            .post(format!("{}/api/v1/intake/submissions", self.url()))
            .header("x-api-key", &self.intake_key)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let body: serde_json::Value = reply.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// Decisions the server recorded for `submission_id`, straight from its database file.
    pub fn decisions_recorded(&self, submission_id: &str) -> Vec<(String, String, String)> {
        let conn = rusqlite::Connection::open_with_flags(
            self.dir.path().join("reviewdesk.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let mut statement = conn
            .prepare(
                "SELECT d.id, u.username, d.outcome FROM decisions d JOIN users u ON u.id = d.user_id
                 WHERE d.submission_id = ?1 ORDER BY d.rowid",
            )
            .unwrap();
        statement
            .query_map([submission_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The `overridden_findings` column of the decision recorded for `submission_id`, as stored.
    pub fn store_decision_overrides(&self, submission_id: &str) -> String {
        let conn = rusqlite::Connection::open_with_flags(
            self.dir.path().join("reviewdesk.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        conn.query_row(
            "SELECT overridden_findings FROM decisions WHERE submission_id = ?1",
            [submission_id],
            |row| row.get(0),
        )
        .unwrap()
    }

    /// Every decision the server recorded.
    pub fn decision_count(&self) -> usize {
        let conn = rusqlite::Connection::open_with_flags(
            self.dir.path().join("reviewdesk.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        conn.query_row("SELECT COUNT(*) FROM decisions", [], |row| row.get::<_, i64>(0)).unwrap()
            as usize
    }
}

/// A desktop client keeping its files in `data_dir` and its secrets in `secrets`, with no undo
/// window: these tests move the shared clock by hand and expect a decision to go out at the next
/// sync (`tests/undo.rs` runs the default window).
pub fn client(data_dir: &Path, secrets: &Arc<MemorySecrets>, clock: &Arc<SharedClock>) -> Client {
    client_with(
        data_dir,
        secrets,
        clock,
        Settings { undo_window: Duration::zero(), ..Settings::default() },
    )
}

/// A desktop client with `settings`.
pub fn client_with(
    data_dir: &Path,
    secrets: &Arc<MemorySecrets>,
    clock: &Arc<SharedClock>,
    settings: Settings,
) -> Client {
    let secrets: Arc<dyn SecretStore> = secrets.clone();
    Client::new(data_dir, settings, secrets, clock.clone())
}

/// Every byte of every file under `dir`.
pub fn all_bytes_under(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bytes.extend(all_bytes_under(&path));
        } else {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
