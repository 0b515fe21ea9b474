//! The photo checks' durable queue against the photo check alone, measured in the same run.
//!
//! 1. **Burst.** `N` synthetic applicants (distinct rendered photos, default 200) are checked
//!    three ways, one worker each:
//!    - *direct*: `reviewdesk_imaging::check` on the three photos and `submission_findings`,
//!      in a loop with one OCR engine — the baseline, no store, no queue;
//!    - *queue (SQLite)* and *queue (PostgreSQL)*: the server's [`ImageChecks`] with one worker on
//!      a real store, while the `N` submissions arrive through the real intake pipeline as one
//!      burst. Figures: checks per second from the first intake to the last recorded outcome,
//!      the ratio to *direct* (the queue's overhead), and each submission's time from intake to
//!      its recorded outcome (p50, p95), read from the store's own timestamps.
//! 2. **Stop.** The real `reviewdesk-server serve` (one worker) on a store holding 500 queued
//!    checks: the seconds from SIGTERM to exit (target: 5 s or less).
//!
//! Run: `cargo bench -p reviewdesk-server --bench photo_check_queue` (prints two tables).
//! `REVIEWDESK_BENCH_CHECKS` sets `N`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use reviewdesk_imaging::{check, submission_findings, OcrEngine, Strategy};
use reviewdesk_server::calendar_cache::DeploymentCalendar;
use reviewdesk_server::clock::SystemClock;
use reviewdesk_server::image_checks::{check_config, CheckWorkers, ImageChecks};
use reviewdesk_server::images::ImageFiles;
use reviewdesk_server::intake::{accept, IntakeRequest};
use reviewdesk_server::metrics::Metrics;
use reviewdesk_server::settings::Settings;
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::Store;
use reviewdesk_store::testing::postgres::{database, TestDatabase};
use reviewdesk_synthetic::{DefectMix, Generator, GeneratorConfig};

const DEFAULT_CHECKS: usize = 200;
const QUEUED_AT_STOP: usize = 500;

/// One applicant's declaration and photos.
struct Applicant {
    id: String,
    identity: reviewdesk_domain::consistency::DeclaredIdentity,
    photos: [Vec<u8>; 3],
}

fn applicants(count: usize) -> Vec<Applicant> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let config = GeneratorConfig::new(7, today)
        .with_provinces(&["11"])
        .with_defects(0.3, DefectMix::default());
    let generator = Generator::new(config).unwrap();
    (0..count as u64)
        .map(|index| {
            let specimen = generator.specimen(index).unwrap();
            Applicant {
                id: specimen.applicant.applicant_id.clone(),
                identity: specimen.applicant.identity.clone(),
                photos: [specimen.portrait.jpeg, specimen.emblem.jpeg, specimen.handheld.jpeg],
            }
        })
        .collect()
}

/// The baseline: the imaging crate alone, one engine, one submission after another.
fn direct(applicants: &[Applicant]) -> Duration {
    let config = check_config(&Settings::default());
    let mut engine = OcrEngine::new().unwrap();
    let started = Instant::now();
    for applicant in applicants {
        let reports = applicant
            .photos
            .each_ref()
            .map(|bytes| check(bytes, &config, Some((&mut engine, Strategy::Fast))));
        let findings =
            submission_findings(&reports, &applicant.identity.id_number, config.blur_threshold);
        std::hint::black_box(findings);
    }
    started.elapsed()
}

fn intake(store: &dyn Store, images: &ImageFiles, applicant: &Applicant, now: DateTime<Utc>) {
    let request = IntakeRequest {
        applicant_id: applicant.id.clone(),
        province: "11".to_owned(),
        identity: applicant.identity.clone(),
        photos: applicant.photos.clone(),
    };
    let settings = Settings::default();
    accept(store, images, &settings, &DeploymentCalendar::default(), request, "bench", now)
        .unwrap();
}

/// The burst through the queue: the elapsed time from the first intake to the last outcome.
fn queued(store: Arc<dyn Store>, images: ImageFiles, applicants: &[Applicant]) -> Duration {
    let checks = ImageChecks::start(
        Arc::clone(&store),
        Arc::new(images.clone()),
        Arc::new(SystemClock),
        check_config(&Settings::default()),
        CheckWorkers::server(1),
        Arc::new(Metrics::default()),
    );
    let started = Instant::now();
    for applicant in applicants {
        intake(store.as_ref(), &images, applicant, Utc::now());
        checks.notify();
    }
    while store.photo_check_backlog(Utc::now()).unwrap().queued > 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    checks.stop(Duration::from_secs(5));
    elapsed
}

/// Seconds from intake to the recorded outcome, per submission, sorted.
fn waits(rows: Vec<(String, String)>) -> Vec<f64> {
    let parse = |text: &str| DateTime::parse_from_rfc3339(text).unwrap();
    let mut waits: Vec<f64> = rows
        .iter()
        .map(|(queued, done)| (parse(done) - parse(queued)).num_milliseconds() as f64 / 1000.0)
        .collect();
    waits.sort_by(f64::total_cmp);
    waits
}

const WAITS_SQL: &str = "SELECT s.submitted_at, c.checked_at FROM submissions s
     JOIN image_checks c ON c.submission_id = s.id";

fn sqlite_waits(path: &Path) -> Vec<f64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut statement = conn.prepare(WAITS_SQL).unwrap();
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    waits(rows.collect::<Result<_, _>>().unwrap())
}

fn postgres_waits(db: &TestDatabase) -> Vec<f64> {
    let rows = db.client().query(WAITS_SQL, &[]).unwrap();
    waits(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

/// Seconds from SIGTERM to exit of `serve` with `args` once its worker holds a check.
fn seconds_to_stop(args: &[&str], store: &dyn Store) -> (f64, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reviewdesk-server"))
        .args(["serve", "--listen", "127.0.0.1:0", "--image-check-workers", "1"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    while store.photo_check_backlog(Utc::now()).unwrap().claimed == 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert!(child.wait().unwrap().success());
    let took = started.elapsed().as_secs_f64();
    (took, store.photo_check_backlog(Utc::now()).unwrap().queued)
}

fn main() {
    // As `serve` does: single-threaded OpenMP before Tesseract loads.
    reviewdesk_imaging::ocr::limit_ocr_threads();
    let count = std::env::var("REVIEWDESK_BENCH_CHECKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CHECKS);
    let applicants = applicants(count);

    let baseline = direct(&applicants);
    let rate = |elapsed: Duration| count as f64 / elapsed.as_secs_f64();
    println!("Photo checks of {count} submissions (3 photos each), one worker\n");
    println!("| run | seconds | checks/s | vs direct | intake→done p50 | p95 |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| direct (imaging alone) | {:.1} | {:.2} | 1.00 | – | – |",
        baseline.as_secs_f64(),
        rate(baseline)
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewdesk.db");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    let elapsed = queued(store, ImageFiles::new(dir.path().join("images")), &applicants);
    let sorted = sqlite_waits(&path);
    row("queue, SQLite", elapsed, count, baseline, &sorted);

    let db = database();
    let pg_dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(PgStore::connect(&db.url()).unwrap());
    let elapsed = queued(store, ImageFiles::new(pg_dir.path().join("images")), &applicants);
    row("queue, PostgreSQL", elapsed, count, baseline, &postgres_waits(&db));

    println!("\nSIGTERM to `serve` (one worker) with {QUEUED_AT_STOP} checks queued\n");
    println!("| store | seconds to exit | still queued after |");
    println!("|---|---:|---:|");
    let backlog: Vec<Applicant> = applicants_cycled(&applicants, QUEUED_AT_STOP);
    let stop_dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&stop_dir.path().join("reviewdesk.db")).unwrap();
    let images = ImageFiles::new(stop_dir.path().join("images"));
    for applicant in &backlog {
        intake(&store, &images, applicant, Utc::now());
    }
    let (took, left) = seconds_to_stop(&["--data-dir", stop_dir.path().to_str().unwrap()], &store);
    println!("| SQLite | {took:.2} | {left} |");
    let stop_db = database();
    let store = PgStore::connect(&stop_db.url()).unwrap();
    let images_dir = tempfile::tempdir().unwrap();
    let images = ImageFiles::new(images_dir.path());
    for applicant in &backlog {
        intake(&store, &images, applicant, Utc::now());
    }
    let url = stop_db.url();
    let args = ["--db", url.as_str(), "--images-dir", images_dir.path().to_str().unwrap()];
    let (took, left) = seconds_to_stop(&args, &store);
    println!("| PostgreSQL | {took:.2} | {left} |");
}

fn row(name: &str, elapsed: Duration, count: usize, baseline: Duration, waits: &[f64]) {
    assert_eq!(waits.len(), count, "every submission's outcome is recorded");
    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "| {name} | {:.1} | {rate:.2} | {:.2} | {:.1} s | {:.1} s |",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / baseline.as_secs_f64(),
        quantile(waits, 0.5),
        quantile(waits, 0.95),
    );
}

/// `count` applicants: the given ones again under fresh ids (the photos repeat).
fn applicants_cycled(applicants: &[Applicant], count: usize) -> Vec<Applicant> {
    (0..count)
        .map(|n| {
            let source = &applicants[n % applicants.len()];
            Applicant {
                id: format!("stop-{n}"),
                identity: source.identity.clone(),
                photos: source.photos.clone(),
            }
        })
        .collect()
}
