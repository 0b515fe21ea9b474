//! Claim+decision cycles per second through the HTTP API, on a real socket, against baselines
//! measured in the same run.
//!
//! The server runs in-process exactly as `reviewdesk-server serve` runs it: its own Tokio runtime,
//! [`AppState::production`] (system clock, recommended Argon2id cost) over a SQLite file and an
//! image folder in a temporary data directory, served by [`reviewdesk_server::http::serve`] on
//! 127.0.0.1:0. Each measured row is seeded first through the real intake endpoint (multipart,
//! three small real JPEGs made once with the `image` crate; content-addressed, so stored once),
//! then `C` logged-in reviewers each loop `POST /queue/claim {max}` and one `POST /decisions`
//! (approve, a fresh UUID) per lease until the queue is empty.
//!
//! Baselines, same run:
//! - the store alone: the same number of `store.claim(max = 1)` + `store.decide` cycles, single
//!   thread, on its own SQLite file (measured before and after the HTTP rows; the ratio uses the
//!   mean), so the ratio shows what the HTTP layer costs on top of the store;
//! - the transport ceiling: an unauthenticated 404 (`no_such_endpoint`, no store work), and the
//!   cheapest authenticated request (`GET /submissions/{unknown}`: a session lookup and a read).
//!
//! Run: `cargo bench -p reviewdesk-server --bench http_cycles` (prints a table). The number of
//! cycles per row is `REVIEWDESK_BENCH_CYCLES` (default 3,000).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Cursor;
use std::sync::Arc;
use std::time::Instant;
use support::{figures, Figures};

use chrono::{Duration, Utc};
use reqwest::multipart::{Form, Part};
use reqwest::Client;
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_server::auth::{IssuedSecret, SecretKind};
use reviewdesk_server::clock::china_date;
use reviewdesk_server::http::{serve, AppState};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{NewDecision, NewSubmission, NewUser, Store, SubmissionImages};
use serde_json::{json, Value};

const DEFAULT_CYCLES: usize = 3000;
/// Reviewer counts of the `max = 1` rows.
const CONCURRENCY: [usize; 4] = [1, 4, 16, 64];
/// Reviewers and claim size of the batched row.
const BATCH_REVIEWERS: usize = 4;
const BATCH: u32 = 10;
/// Intake requests in flight while seeding.
const SEEDERS: usize = 8;
const PASSWORD: &str = "bench password, long enough";
const PROVINCE: &str = "11";

fn cycles_per_row() -> usize {
    std::env::var("REVIEWDESK_BENCH_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CYCLES)
}

/// A real baseline JPEG of `width`×`height`, its pixels varied by `seed`.
fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), (y as u8).wrapping_mul(3), seed])
    });
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

fn identity(applicant: &str) -> Value {
    json!({
        "applicant_id": applicant, "province": PROVINCE, "id_type": "resident",
        "id_number": "11010519491231002X", "name": "王小明", "sex": "female",
        "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
        "valid_from": "2010-01-01", "valid_to": null
    })
}

/// The store alone: `cycles` claim(max = 1) + approve cycles, one thread, on a fresh file.
fn store_baseline(path: &std::path::Path, cycles: usize) -> Figures {
    let store = SqliteStore::open(path).unwrap();
    let now = Utc::now();
    let user = NewUser {
        username: "baseline".to_owned(),
        password_hash: "unused".to_owned(),
        role: Role::Reviewer,
        province: Some(PROVINCE.to_owned()),
    };
    let reviewer = store.add_user(&user, now).unwrap();
    for i in 0..cycles {
        let submission = NewSubmission {
            id: format!("s-{i:06}"),
            applicant_id: format!("baseline-{i}"),
            province: PROVINCE.to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            submitted_on: china_date(now),
            due_date: None,
            due_provisional: false,
            calendar_version: None,
        };
        store.intake(&submission, "bench", now).unwrap();
    }
    let mut samples = Vec::with_capacity(cycles);
    let start = Instant::now();
    for _ in 0..cycles {
        let t = Instant::now();
        let now = Utc::now();
        let lease = store.claim(&reviewer, 1, Duration::minutes(15), now).unwrap().pop().unwrap();
        let decision = NewDecision {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: lease.submission_id,
            lease_token: lease.lease_token,
            outcome: Outcome::Approve,
            reasons: Vec::new(),
            other_text: None,
            note: None,
            overridden_findings: Vec::new(),
        };
        store.decide(&reviewer, &decision, now).unwrap();
        samples.push(t.elapsed());
    }
    figures(samples, cycles, start.elapsed())
}

struct Bench {
    client: Client,
    base: String,
    intake_key: String,
    photos: Arc<[Vec<u8>; 3]>,
}

impl Bench {
    /// Queues `count` new submissions through the intake endpoint, `SEEDERS` at a time.
    async fn seed(&self, row: &str, count: usize) {
        let mut seeders = Vec::new();
        for seeder in 0..SEEDERS {
            let (client, url, key, photos) = (
                self.client.clone(),
                format!("{}/api/v1/intake/submissions", self.base),
                self.intake_key.clone(),
                Arc::clone(&self.photos),
            );
            let row = row.to_owned();
            seeders.push(tokio::spawn(async move {
                for n in (seeder..count).step_by(SEEDERS) {
                    let photo = |i: usize, name: &str| {
                        Part::bytes(photos[i].clone())
                            .file_name(format!("{name}.jpg"))
                            .mime_str("image/jpeg")
                            .unwrap()
                    };
                    let form = Form::new()
                        .text("identity", identity(&format!("{row}-{n}")).to_string())
                        .part("portrait", photo(0, "portrait"))
                        .part("emblem", photo(1, "emblem"))
                        .part("handheld", photo(2, "handheld"));
                    let reply = client
                        .post(&url)
                        .header("x-api-key", &key)
                        .multipart(form)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
                }
            }));
        }
        for seeder in seeders {
            seeder.await.unwrap();
        }
    }

    async fn login(&self, username: &str) -> String {
        let reply = self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
        let body: Value = reply.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Each reviewer claims `max` and decides each lease until the queue is empty. Samples are
    /// per round (one claim and its decisions); the rate counts decisions.
    async fn cycles(&self, tokens: &[String], max: u32) -> Figures {
        let start = Instant::now();
        let reviewers: Vec<_> = tokens
            .iter()
            .map(|token| {
                let (client, base, token) = (self.client.clone(), self.base.clone(), token.clone());
                tokio::spawn(async move {
                    let (claim_url, decide_url) =
                        (format!("{base}/api/v1/queue/claim"), format!("{base}/api/v1/decisions"));
                    let (mut samples, mut decided) = (Vec::new(), 0);
                    loop {
                        let t = Instant::now();
                        let reply = client
                            .post(&claim_url)
                            .bearer_auth(&token)
                            .json(&json!({"max": max}))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(reply.status(), 200);
                        let body: Value = reply.json().await.unwrap();
                        let leases = body["leases"].as_array().unwrap();
                        if leases.is_empty() {
                            return (samples, decided);
                        }
                        for lease in leases {
                            let decision = json!({
                                "id": uuid::Uuid::new_v4().to_string(),
                                "submission_id": lease["submission_id"],
                                "lease_token": lease["lease_token"],
                                "outcome": "approve",
                            });
                            let reply = client
                                .post(&decide_url)
                                .bearer_auth(&token)
                                .json(&decision)
                                .send()
                                .await
                                .unwrap();
                            assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
                            decided += 1;
                        }
                        samples.push(t.elapsed());
                    }
                })
            })
            .collect();
        let (mut samples, mut decided) = (Vec::new(), 0);
        for reviewer in reviewers {
            let (mine, count) = reviewer.await.unwrap();
            samples.extend(mine);
            decided += count;
        }
        figures(samples, decided, start.elapsed())
    }

    /// `count` GETs of `path` (with `token` if any) from `concurrency` clients; any status.
    async fn requests(&self, path: &str, token: Option<&str>, concurrency: usize) -> Figures {
        let count = cycles_per_row();
        let start = Instant::now();
        let workers: Vec<_> = (0..concurrency)
            .map(|worker| {
                let (client, url) = (self.client.clone(), format!("{}{path}", self.base));
                let token = token.map(str::to_owned);
                tokio::spawn(async move {
                    let mut samples = Vec::new();
                    for _ in (worker..count).step_by(concurrency) {
                        let t = Instant::now();
                        let mut request = client.get(&url);
                        if let Some(token) = &token {
                            request = request.bearer_auth(token);
                        }
                        let reply = request.send().await.unwrap();
                        assert_eq!(reply.status(), 404);
                        reply.bytes().await.unwrap();
                        samples.push(t.elapsed());
                    }
                    samples
                })
            })
            .collect();
        let mut samples = Vec::new();
        for worker in workers {
            samples.extend(worker.await.unwrap());
        }
        figures(samples, count, start.elapsed())
    }
}

fn main() {
    let cycles = cycles_per_row();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("reviewdesk-data");
    std::fs::create_dir_all(&data).unwrap();

    // The server: its own runtime, as `serve` has.
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let store = Arc::new(SqliteStore::open(&data.join("reviewdesk.db")).unwrap());
    let state = AppState::production(
        store.clone(),
        ImageFiles::new(data.join("images")),
        // Throughput is measured here; one bench token would meet the per-caller rate limit.
        Settings { request_rate: None, ..Settings::default() },
    )
    .unwrap();
    let listener = server_runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = server_runtime.spawn(serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));

    // Accounts as `user add` and `intake-key create` make them.
    let now = Utc::now();
    let reviewers = CONCURRENCY.into_iter().max().unwrap();
    let hash = state.passwords.hash(PASSWORD).unwrap();
    for n in 0..reviewers {
        let user = NewUser {
            username: format!("reviewer{n}"),
            password_hash: hash.clone(),
            role: Role::Reviewer,
            province: Some(PROVINCE.to_owned()),
        };
        store.add_user(&user, now).unwrap();
    }
    let issued = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
    store.add_intake_key(&issued.hash, "bench", now).unwrap();

    let store_before = store_baseline(&dir.path().join("baseline-before.db"), cycles);

    let client_runtime = tokio::runtime::Runtime::new().unwrap();
    let bench = Bench {
        client: Client::new(),
        base: format!("http://{address}"),
        intake_key: issued.secret,
        photos: Arc::new([jpeg(64, 40, 1), jpeg(64, 40, 2), jpeg(48, 64, 3)]),
    };
    let (transport, rows) = client_runtime.block_on(async {
        let mut tokens = Vec::new();
        for n in 0..reviewers {
            tokens.push(bench.login(&format!("reviewer{n}")).await);
        }
        let unknown = "/api/v1/submissions/no-such-submission";
        let transport = [
            ("404 no_such_endpoint, C=1", bench.requests("/api/v1/nothing", None, 1).await),
            ("404 no_such_endpoint, C=16", bench.requests("/api/v1/nothing", None, 16).await),
            ("GET submission (auth+read), C=1", bench.requests(unknown, Some(&tokens[0]), 1).await),
            (
                "GET submission (auth+read), C=16",
                bench.requests(unknown, Some(&tokens[0]), 16).await,
            ),
        ];
        let mut rows = Vec::new();
        for c in CONCURRENCY {
            let seeding = Instant::now();
            bench.seed(&format!("c{c}"), cycles).await;
            let seeded = cycles as f64 / seeding.elapsed().as_secs_f64();
            rows.push((
                format!("HTTP claim(1)+decide, C={c}"),
                bench.cycles(&tokens[..c], 1).await,
            ));
            eprintln!("C={c}: seeded {cycles} at {seeded:.0} intakes/s");
        }
        bench.seed("batch", cycles).await;
        rows.push((
            format!("HTTP claim({BATCH})+{BATCH} decides, C={BATCH_REVIEWERS} *"),
            bench.cycles(&tokens[..BATCH_REVIEWERS], BATCH).await,
        ));
        (transport, rows)
    });
    let store_after = store_baseline(&dir.path().join("baseline-after.db"), cycles);
    let _ = stop.send(());
    server_runtime.block_on(serving).unwrap().unwrap();

    let base = (store_before.per_second + store_after.per_second) / 2.0;
    let row = |name: &str, f: &Figures| {
        println!(
            "| {name:<44} | {:>8.0} | {:>8.3} | {:>8.3} | {:>5.2} |",
            f.per_second,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3,
            f.per_second / base
        );
    };
    println!(
        "http_cycles: {cycles} cycles per row, SQLite WAL (leases NORMAL, decisions FULL); \
         ratio = rate over the store baseline's (mean of before and after: {base:.0}/s)"
    );
    println!(
        "| case                                         |      /s  |  p50 ms  |  p99 ms  | ratio |"
    );
    println!(
        "|----------------------------------------------|----------|----------|----------|-------|"
    );
    row("baseline: store claim(1)+decide, before", &store_before);
    row("baseline: store claim(1)+decide, after", &store_after);
    for (name, figures) in &transport {
        row(&format!("transport: {name}"), figures);
    }
    for (name, figures) in &rows {
        row(name, figures);
    }
    println!("* rate counts decisions; latency is per round (one claim and its {BATCH} decisions)");
}
