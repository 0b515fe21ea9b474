//! Claims per second on the PostgreSQL store, against a baseline measured in the same
//! run on the same server: a bare transaction that updates one row by primary key, committed with
//! the same `synchronous_commit = off` that claims use. The ratio says what the claim's own work
//! costs on top of a commit (picking from the ready set with FOR UPDATE SKIP LOCKED, the lease
//! record, the audit chain's head lock and events).
//!
//! The server is a throwaway one started by the bench (the tests' harness: Debian's binaries, a
//! temporary directory, loopback, `fsync = on`), reached over its unix socket.
//! `PG_BENCH_CALLERS` (default 8) callers claim at once from one province (the worst case: all of
//! them want the head of the same index).
//!
//! Decay mode (`PG_BENCH_DECAY_SECS=600`): as many workers each run intake → claim → decide
//! cycles for that long, so submissions, leases, decisions and the audit log grow all the time
//! while the ready set stays small; it prints claims/s per minute and the last minute over the
//! first (the check: at least 0.90). Runs shorter than 5 minutes compare the first and last fifth.
//!
//! Run: `cargo bench -p reviewdesk-server --bench pg_claims` (prints a table).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reviewdesk_store::testing::postgres as pg_server;
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::{
    NewDecision, NewSubmission, NewUser, Store, SubmissionImages, User,
};
use support::{figures, Figures};

/// Callers at once: `PG_BENCH_CALLERS`, default 8.
fn callers() -> usize {
    std::env::var("PG_BENCH_CALLERS").ok().and_then(|n| n.parse().ok()).unwrap_or(8)
}
/// Single-row claims measured.
const SINGLE: usize = 40_000;
/// Rows claimed in batches, per batch size.
const BATCHED: usize = 100_000;
const LEASE: Duration = Duration::minutes(15);

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

/// `count` queued submissions in `province`, written straight into the tables (intake one by one
/// would take longer than the bench).
fn seed(db: &pg_server::TestDatabase, province: &str, count: usize) {
    let mut client = db.client();
    let count = i32::try_from(count).unwrap();
    client
        .execute(
            "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
                 emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
                 due_date, status, updated_at)
             SELECT $1 || '-' || g, 'app-' || $1 || '-' || g, $1, '{}', repeat('a', 64),
                    repeat('b', 64), repeat('c', 64), '[]', 1, '2026-01-01',
                    '2026-03-02T02:00:00.000Z', to_char(date '2026-03-10' + g % 20, 'YYYY-MM-DD'),
                    'pending', '2026-03-02T02:00:00.000Z'
             FROM generate_series(1, $2) g",
            &[&province, &count],
        )
        .unwrap();
    client
        .execute(
            "INSERT INTO queue (submission_id, province, stage, claim_order, submitted_at)
             SELECT id, province, 'first', due_date, submitted_at FROM submissions
             WHERE province = $1",
            &[&province],
        )
        .unwrap();
    client.batch_execute("VACUUM ANALYZE").unwrap();
}

fn reviewers(store: &PgStore, province: &str) -> Vec<User> {
    (0..callers())
        .map(|t| {
            let new = NewUser {
                username: format!("r{province}-{t}"),
                password_hash: "$argon2id$bench".to_owned(),
                role: Role::Reviewer,
                province: Some(province.to_owned()),
            };
            store.add_user(&new, now()).unwrap()
        })
        .collect()
}

/// [`callers`] callers, each calling `call(thread)` until `total` items are done; every call
/// returns how many items it did (0: nothing left).
fn threaded(total: usize, call: impl Fn(usize) -> usize + Sync) -> Figures {
    let samples = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..callers() {
            let (call, samples, done) = (&call, &samples, &done);
            scope.spawn(move || {
                let mut mine = Vec::new();
                while done.load(Ordering::Relaxed) < total {
                    let at = Instant::now();
                    let items = call(t);
                    mine.push(at.elapsed());
                    if items == 0 {
                        break;
                    }
                    done.fetch_add(items, Ordering::Relaxed);
                }
                samples.lock().unwrap().extend(mine);
            });
        }
    });
    let elapsed = start.elapsed();
    figures(samples.into_inner().unwrap(), done.into_inner(), elapsed)
}

/// The bare transaction: update one row by primary key, `synchronous_commit = off`, one
/// connection per caller.
fn baseline(db: &pg_server::TestDatabase) -> Figures {
    let mut setup = db.client();
    setup
        .batch_execute(
            "CREATE TABLE bare (id INTEGER PRIMARY KEY, token TEXT, until TEXT);
             INSERT INTO bare SELECT g, NULL, NULL FROM generate_series(0, 999999) g;",
        )
        .unwrap();
    setup.batch_execute("VACUUM ANALYZE bare").unwrap();
    let clients: Vec<Mutex<postgres::Client>> = (0..callers())
        .map(|_| Mutex::new(postgres::Client::connect(&db.socket_url(), postgres::NoTls).unwrap()))
        .collect();
    let next = AtomicUsize::new(0);
    threaded(SINGLE, |t| {
        let mut client = clients[t].lock().unwrap();
        let id = i32::try_from(next.fetch_add(1, Ordering::Relaxed)).unwrap();
        client.batch_execute("BEGIN; SET LOCAL synchronous_commit = off").unwrap();
        client
            .execute(
                "UPDATE bare SET token = gen_random_uuid()::text, until = $2 WHERE id = $1",
                &[&id, &"2026-03-02T02:15:00.000Z"],
            )
            .unwrap();
        client.batch_execute("COMMIT").unwrap();
        1
    })
}

fn row(what: &str, per: &str, figures: &Figures, base: Option<&Figures>) {
    let ratio =
        base.map_or("—".to_owned(), |b| format!("{:.2}", figures.per_second / b.per_second));
    println!(
        "| {what:<44} | {:>10.0} {per:<7} | {:>8.2} | {:>8.2} | {ratio:>5} |",
        figures.per_second,
        figures.p50.as_secs_f64() * 1000.0,
        figures.p99.as_secs_f64() * 1000.0,
    );
}

fn throughput(db: &pg_server::TestDatabase) {
    let store = PgStore::connect_with_pool(&db.socket_url(), callers() + 2).unwrap();
    seed(db, "11", SINGLE + 1000);
    seed(db, "12", BATCHED + 1000);
    seed(db, "13", BATCHED + 1000);
    let (single, by_ten, by_hundred) =
        (reviewers(&store, "11"), reviewers(&store, "12"), reviewers(&store, "13"));
    let base = baseline(db);
    let store = &store;
    let one = threaded(SINGLE, |t| store.claim(&single[t], 1, LEASE, now()).unwrap().len());
    let ten = threaded(BATCHED, |t| store.claim(&by_ten[t], 10, LEASE, now()).unwrap().len());
    let hundred =
        threaded(BATCHED, |t| store.claim(&by_hundred[t], 100, LEASE, now()).unwrap().len());
    println!(
        "pg_claims: PostgreSQL {} , {} callers, one province; ratio = rows/s over the bare \
         transaction",
        pg_server::bindir().display(),
        callers()
    );
    println!("| what                                         |    rate            | p50 ms   | p99 ms   | ratio |");
    println!("|----------------------------------------------|--------------------|----------|----------|-------|");
    row("baseline: bare 1-row UPDATE tx (sync off)", "tx/s", &base, None);
    row("claim max=1 (single-row claims)", "claims/s", &one, Some(&base));
    row("claim max=10 (batched)", "rows/s", &ten, Some(&base));
    row("claim max=100 (batched)", "rows/s", &hundred, Some(&base));
    let audit: i64 = db.client().query_one("SELECT COUNT(*) FROM audit", &[]).unwrap().get(0);
    println!("audit events written: {audit}");
}

fn decay(db: &pg_server::TestDatabase, seconds: u64) {
    let store = Arc::new(PgStore::connect_with_pool(&db.socket_url(), callers() + 2).unwrap());
    let users = reviewers(&store, "44");
    let buckets: Vec<AtomicUsize> = (0..=seconds).map(|_| AtomicUsize::new(0)).collect();
    let start = Instant::now();
    let until = StdDuration::from_secs(seconds);
    std::thread::scope(|scope| {
        for (t, user) in users.iter().enumerate() {
            let (store, buckets) = (&store, &buckets);
            scope.spawn(move || {
                let mut i = 0u64;
                while start.elapsed() < until {
                    i += 1;
                    let at = now() + Duration::milliseconds(i64::try_from(i).unwrap());
                    let submission = NewSubmission {
                        id: uuid::Uuid::new_v4().to_string(),
                        applicant_id: format!("decay-{t}-{i}"),
                        province: "44".to_owned(),
                        identity: DeclaredIdentity::number_only(
                            IdType::Resident,
                            "11010519491231002X",
                        ),
                        images: SubmissionImages {
                            portrait: "a".repeat(64),
                            emblem: "b".repeat(64),
                            handheld: "c".repeat(64),
                        },
                        findings: Vec::new(),
                        submitted_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                        due_date: NaiveDate::from_ymd_opt(2026, 3, 11),
                        due_provisional: false,
                        calendar_version: None,
                    };
                    store.intake(&submission, "intake:bench", at).unwrap();
                    for lease in store.claim(user, 1, LEASE, at).unwrap() {
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
                        store.decide(user, &decision, at).unwrap();
                        let second = usize::try_from(start.elapsed().as_secs()).unwrap();
                        if let Some(bucket) = buckets.get(second) {
                            bucket.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    let per_second: Vec<usize> = buckets.iter().map(|b| b.load(Ordering::Relaxed)).collect();
    let seconds = usize::try_from(seconds).unwrap();
    let window = if seconds >= 300 { 60 } else { (seconds / 5).max(1) };
    let rate =
        |from: usize| per_second[from..from + window].iter().sum::<usize>() as f64 / window as f64;
    println!(
        "pg_claims decay: {seconds} s of intake → claim → decide, {} workers; claims/s per \
         {window} s window:",
        callers()
    );
    for from in (0..seconds).step_by(window).filter(|from| from + window <= seconds) {
        println!("  {:>4}–{:>4} s: {:>8.0}", from, from + window, rate(from));
    }
    let (first, last) = (rate(0), rate(seconds - window));
    let mut client = db.client();
    let count = |client: &mut postgres::Client, table: &str| -> i64 {
        client.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[]).unwrap().get(0)
    };
    println!(
        "first window {first:.0}/s, last window {last:.0}/s, last/first = {:.3} (check: ≥ 0.90); \
         rows at the end: submissions {}, decisions {}, leases {}, audit {}, queue {}; \
         database {} MB",
        last / first,
        count(&mut client, "submissions"),
        count(&mut client, "decisions"),
        count(&mut client, "leases"),
        count(&mut client, "audit"),
        count(&mut client, "queue"),
        client
            .query_one("SELECT pg_database_size(current_database()) / 1000000", &[])
            .unwrap()
            .get::<_, i64>(0),
    );
}

fn main() {
    let db = pg_server::database();
    match std::env::var("PG_BENCH_DECAY_SECS") {
        Ok(seconds) => decay(&db, seconds.parse().expect("PG_BENCH_DECAY_SECS: whole seconds")),
        Err(_) => throughput(&db),
    }
}
