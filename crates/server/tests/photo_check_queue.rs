//! The photo checks' durable queue with the real `reviewdesk-server serve` (real Tesseract,
//! synthetic ID-card photos), on both stores:
//! - killed with SIGKILL while checks are queued and one is in hand, a restarted server checks
//!   every remaining submission exactly once (its claim outlives the dead worker only for the
//!   lease), and nothing is recorded twice;
//! - two instances on one PostgreSQL share the work, each submission checked once;
//! - SIGTERM with a backlog exits within 5 s and gives back the claim in hand;
//! - an OCR engine that cannot start (no `chi_sim` data) makes `/readyz` answer 503
//!   `ocr_unavailable` and the submission say `unavailable`, and the work stays queued.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;
use std::ffi::OsStr;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use reqwest::multipart::{Form, Part};
use reviewdesk_domain::review::Role;
use reviewdesk_server::auth::{IssuedSecret, Passwords, SecretKind};
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{NewUser, Store};
use reviewdesk_store::testing::postgres::{database, TestDatabase};
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};
use serde_json::{json, Value};
use support::server_process::RunningServer;
use support::{identity, PASSWORD};

/// A short lease, so a dead worker's claim is taken again within the test.
const LEASE: (&str, &str) = ("REVIEWDESK__IMAGES__CHECK_LEASE_SECONDS", "5");

/// Where the deployment keeps its data: a data directory (SQLite) or a PostgreSQL database with
/// a shared photo directory.
struct Deployment {
    dir: tempfile::TempDir,
    db: Option<TestDatabase>,
    intake_key: String,
}

impl Deployment {
    fn sqlite() -> Deployment {
        Deployment::prepared(tempfile::tempdir().unwrap(), None)
    }

    fn postgres() -> Deployment {
        Deployment::prepared(tempfile::tempdir().unwrap(), Some(database()))
    }

    /// A reviewer `li` of province 11 and an intake key.
    fn prepared(dir: tempfile::TempDir, db: Option<TestDatabase>) -> Deployment {
        let deployment = Deployment { dir, db, intake_key: String::new() };
        let store = deployment.store();
        let now = Utc::now();
        let user = NewUser {
            username: "li".to_owned(),
            password_hash: Passwords::with_cost(64, 1).unwrap().hash(PASSWORD).unwrap(),
            role: Role::Reviewer,
            province: Some("11".to_owned()),
        };
        store.add_user(&user, now).unwrap();
        let key = IssuedSecret::new(SecretKind::IntakeKey).unwrap();
        store.add_intake_key(&key.hash, "portal", now).unwrap();
        Deployment { intake_key: key.secret, ..deployment }
    }

    fn store(&self) -> Box<dyn Store> {
        match &self.db {
            Some(db) => Box::new(PgStore::connect(&db.url()).unwrap()),
            None => Box::new(SqliteStore::open(&self.dir.path().join("reviewdesk.db")).unwrap()),
        }
    }

    /// Runs `work` on a fresh store handle, off the async threads (the PostgreSQL client is
    /// synchronous).
    fn with_store<T>(&self, work: impl FnOnce(&dyn Store) -> T) -> T {
        tokio::task::block_in_place(|| work(self.store().as_ref()))
    }

    fn serve(&self, env: &[(&str, &str)]) -> RunningServer {
        let images = self.dir.path().join("images");
        // The data directory holds the audit signing key on PostgreSQL too: never the
        // working directory, which tests running at once would share.
        let mut args: Vec<&OsStr> = vec![OsStr::new("--image-check-workers"), OsStr::new("1")];
        args.extend([OsStr::new("--data-dir"), self.dir.path().as_os_str()]);
        let url = self.db.as_ref().map(TestDatabase::url);
        if let Some(url) = &url {
            args.extend([OsStr::new("--db"), OsStr::new(url.as_str())]);
            args.extend([OsStr::new("--images-dir"), images.as_os_str()]);
        }
        RunningServer::start_with_env(&args, env)
    }

    /// Checks not yet recorded, and of those held under a live claim.
    fn backlog(&self) -> (u64, u64) {
        let backlog = self.with_store(|store| store.photo_check_backlog(Utc::now()).unwrap());
        (backlog.queued, backlog.claimed)
    }

    /// Waits (up to `limit`) until `done` holds for the backlog.
    fn wait_for(&self, limit: Duration, what: &str, done: impl Fn((u64, u64)) -> bool) {
        let until = Instant::now() + limit;
        loop {
            let backlog = self.backlog();
            if done(backlog) {
                return;
            }
            assert!(Instant::now() < until, "{what}: backlog (queued, claimed) = {backlog:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Four applicants' photos (rendered once), used in turn.
fn photo_sets() -> Vec<[Vec<u8>; 3]> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let generator =
        Generator::new(GeneratorConfig::new(17, today).with_defects(0.0, DefectMix::NONE)).unwrap();
    (0..4)
        .map(|index| {
            let specimen = generator.specimen(index).unwrap();
            [specimen.portrait.jpeg, specimen.emblem.jpeg, specimen.handheld.jpeg]
        })
        .collect()
}

/// Submits `count` applicants (`{prefix}-{n}`) through `base`; their submission ids.
async fn submit(base: &str, key: &str, prefix: &str, count: usize) -> Vec<String> {
    let http = reqwest::Client::new();
    let photos = photo_sets();
    let mut ids = Vec::new();
    for n in 0..count {
        let [portrait, emblem, handheld] = photos[n % photos.len()].clone();
        let part = |bytes: Vec<u8>, name: &str| {
            Part::bytes(bytes).file_name(format!("{name}.jpg")).mime_str("image/jpeg").unwrap()
        };
        let form = Form::new()
            .text("identity", identity(&format!("{prefix}-{n}"), "11").to_string())
            .part("portrait", part(portrait, "portrait"))
            .part("emblem", part(emblem, "emblem"))
            .part("handheld", part(handheld, "handheld"));
        let reply = http
            .post(format!("{base}/api/v1/intake/submissions"))
            .header("x-api-key", key)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        ids.push(reply.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// `reviewdesk_image_checks_total{outcome}` of one instance.
async fn checks_total(base: &str, outcome: &str) -> u64 {
    let text = reqwest::get(format!("{base}/metrics")).await.unwrap().text().await.unwrap();
    let line = format!("reviewdesk_image_checks_total{{outcome=\"{outcome}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&line))
        .unwrap_or_else(|| panic!("no {line} in\n{text}"))
        .parse()
        .unwrap()
}

/// Every submission's checks are done, each finding recorded once.
fn all_done_once(deployment: &Deployment, ids: &[String]) {
    deployment.with_store(|store| done_once(store, ids));
}

fn done_once(store: &dyn Store, ids: &[String]) {
    for id in ids {
        let record = store.photo_checks(id).unwrap();
        assert_eq!(record.state, reviewdesk_domain::photo_findings::PhotoChecks::Done, "{id}");
        let mut seen = HashSet::new();
        for found in &record.findings {
            let key = (found.side, found.finding.code.clone(), found.finding.message_zh.clone());
            assert!(seen.insert(key), "{id}: {:?} recorded twice", found.finding.code);
        }
    }
}

async fn a_killed_server_leaves_no_check_undone_or_done_twice(deployment: &Deployment) {
    const SUBMISSIONS: usize = 8;
    let first = deployment.serve(&[LEASE]);
    let ids = submit(&first.base, &deployment.intake_key, "K", SUBMISSIONS).await;
    // Killed mid-work: some checks recorded, one in hand, the rest queued.
    deployment.wait_for(Duration::from_secs(300), "one check done, the next in hand", |(q, c)| {
        q < SUBMISSIONS as u64 && c == 1
    });
    first.sigkill();
    let (left, held) = deployment.backlog();
    assert!(left > 0 && held == 1, "queued {left}, claimed {held}");

    let second = deployment.serve(&[LEASE]);
    deployment.wait_for(Duration::from_secs(300), "all checked after restart", |(q, _)| q == 0);
    // The restarted server recorded exactly the checks that were left: none twice, none lost.
    assert_eq!(checks_total(&second.base, "done").await, left);
    assert_eq!(checks_total(&second.base, "lost").await, 0);
    all_done_once(deployment, &ids);
}

async fn sigterm_with_a_backlog_exits_within_five_seconds(deployment: &Deployment) {
    let server = deployment.serve(&[]);
    submit(&server.base, &deployment.intake_key, "T", 16).await;
    deployment.wait_for(Duration::from_secs(120), "a check in hand", |(_, c)| c == 1);
    let (took, success) = server.sigterm();
    assert!(success, "serve exited with an error");
    assert!(took <= Duration::from_secs(5), "SIGTERM took {took:?}");
    let (queued, claimed) = deployment.backlog();
    assert!(queued > 0, "the backlog stays queued");
    assert_eq!(claimed, 0, "the claim in hand was given back");
    // The abandoned attempt does not count against the submission.
    let work = deployment.with_store(|store| {
        store.claim_photo_check("test", chrono::Duration::minutes(1), Utc::now()).unwrap()
    });
    assert_eq!(work.unwrap().attempts, 1);
}

async fn ocr_that_cannot_start_is_loud_and_the_work_waits(deployment: &Deployment) {
    let empty = tempfile::tempdir().unwrap();
    let tessdata = empty.path().to_str().unwrap();
    let server = deployment.serve(&[("TESSDATA_PREFIX", tessdata)]);
    let http = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(30);
    let ready = loop {
        let reply = http.get(format!("{}/readyz", server.base)).send().await.unwrap();
        if reply.status() == 503 || Instant::now() > until {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["code"], "ocr_unavailable", "{body}");

    let ids = submit(&server.base, &deployment.intake_key, "O", 1).await;
    let token = &support::remote::login(&http, &server.base, "li", PASSWORD).await;
    // Reads follow the lease: the reviewer claims the item first.
    let claim = json!({"max": 1});
    let (status, _) =
        support::remote::post(&http, &server.base, "/api/v1/queue/claim", token, claim).await;
    assert_eq!(status, 200);
    let body: Value = http
        .get(format!("{}/api/v1/submissions/{}", server.base, ids[0]))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["image_checks"], "unavailable", "{body}");
    assert_eq!(body["image_checks_done"], false, "{body}");
    let photo_findings =
        body["findings"].as_array().unwrap().iter().filter(|f| f.get("photo").is_some());
    assert_eq!(photo_findings.count(), 0, "{body}");
    assert_eq!(deployment.backlog(), (1, 0), "queued, not marked done without OCR");
}

async fn two_instances_share_the_work_each_submission_checked_once() {
    const SUBMISSIONS: usize = 10;
    let deployment = tokio::task::block_in_place(Deployment::postgres);
    let (a, b) = (deployment.serve(&[]), deployment.serve(&[]));
    let ids = submit(&a.base, &deployment.intake_key, "S", SUBMISSIONS).await;
    deployment.wait_for(Duration::from_secs(300), "all checked", |(q, _)| q == 0);
    let (done_a, done_b) =
        (checks_total(&a.base, "done").await, checks_total(&b.base, "done").await);
    assert_eq!(done_a + done_b, SUBMISSIONS as u64, "each submission checked once");
    assert!(done_a > 0 && done_b > 0, "both instances worked: {done_a} and {done_b}");
    for base in [&a.base, &b.base] {
        assert_eq!(checks_total(base, "lost").await, 0);
        assert_eq!(checks_total(base, "retried").await, 0);
    }
    all_done_once(&deployment, &ids);
    drop((a, b));
    tokio::task::block_in_place(move || drop(deployment));
}

macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let deployment = super::Deployment::sqlite();
                super::$name(&deployment).await;
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let deployment = tokio::task::block_in_place(super::Deployment::postgres);
                super::$name(&deployment).await;
                tokio::task::block_in_place(move || drop(deployment));
            })*
        }
    };
}

on_both_stores!(
    a_killed_server_leaves_no_check_undone_or_done_twice,
    sigterm_with_a_backlog_exits_within_five_seconds,
    ocr_that_cannot_start_is_loud_and_the_work_waits,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_share_the_work() {
    two_instances_share_the_work_each_submission_checked_once().await;
}
