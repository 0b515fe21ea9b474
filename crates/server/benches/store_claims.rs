//! Store-level throughput of claims and of claim+decision cycles on the embedded SQLite store,
//! against a baseline measured in the same run: a bare SQLite transaction that updates one row
//! of a comparable table with the same journal and durability settings. The ratio says how much
//! the store's own work (lease bookkeeping, audit chain) costs on top of the database's commit.
//!
//! The store has one writer connection; its group commit lets concurrent callers share a commit,
//! so the threaded rows (T callers at once, as the HTTP server's blocking pool makes them) show
//! what that buys over the single-caller rows.
//!
//! Run: `cargo bench -p reviewdesk-server --bench store_claims` (prints a table). Latencies are per
//! call (for `max=10`, per call of ten).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Mutex;
use std::time::Instant;
use support::{figures, Figures};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{
    Lease, NewDecision, NewSubmission, NewUser, Store, SubmissionImages,
};

const ITEMS: usize = 3000;
/// Callers at once in the threaded rows.
const THREADS: usize = 8;

/// `THREADS` callers share `ITEMS` calls of `call` (which returns how many items it did); figures
/// over all of them.
fn threaded(call: impl Fn(usize) -> usize + Sync) -> Figures {
    let samples = Mutex::new(Vec::with_capacity(ITEMS));
    let done = Mutex::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let (call, samples, done) = (&call, &samples, &done);
            scope.spawn(move || {
                let mut mine = Vec::with_capacity(ITEMS / THREADS);
                let mut items = 0;
                for i in (t..ITEMS).step_by(THREADS) {
                    let at = Instant::now();
                    items += call(i);
                    mine.push(at.elapsed());
                }
                samples.lock().unwrap().extend(mine);
                *done.lock().unwrap() += items;
            });
        }
    });
    let elapsed = start.elapsed();
    figures(samples.into_inner().unwrap(), done.into_inner().unwrap(), elapsed)
}

fn baseline(dir: &std::path::Path, synchronous: &str) -> Figures {
    let conn = rusqlite::Connection::open(dir.join(format!("baseline-{synchronous}.db"))).unwrap();
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())).unwrap();
    conn.pragma_update(None, "synchronous", synchronous).unwrap();
    conn.execute_batch(
        "CREATE TABLE q (id INTEGER PRIMARY KEY, province TEXT, due TEXT, token TEXT, until TEXT);
         CREATE INDEX q_claim ON q (province, due);",
    )
    .unwrap();
    {
        let tx = conn.unchecked_transaction().unwrap();
        for i in 0..ITEMS {
            tx.execute(
                "INSERT INTO q (province, due) VALUES ('11', ?1)",
                [format!("2026-03-{:02}", 1 + i % 28)],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    let mut samples = Vec::with_capacity(ITEMS);
    let start = Instant::now();
    for i in 0..ITEMS {
        let t = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        conn.execute(
            "UPDATE q SET token = ?1, until = 'x' WHERE id = ?2",
            rusqlite::params![format!("t{i}"), i as i64 + 1],
        )
        .unwrap();
        conn.execute_batch("COMMIT").unwrap();
        samples.push(t.elapsed());
    }
    let count = samples.len();
    figures(samples, count, start.elapsed())
}

fn seeded_store(
    dir: &std::path::Path,
    name: &str,
) -> (SqliteStore, reviewdesk_server::store::User) {
    let store = SqliteStore::open(&dir.join(name)).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
    let user = NewUser {
        username: "bench".to_owned(),
        password_hash: "h".to_owned(),
        role: Role::Reviewer,
        province: Some("11".to_owned()),
    };
    let reviewer = store.add_user(&user, now).unwrap();
    for i in 0..ITEMS {
        let submission = NewSubmission {
            id: format!("s-{i:06}"),
            applicant_id: format!("a-{i}"),
            province: "11".to_owned(),
            identity: DeclaredIdentity::number_only(IdType::Resident, "11010519491231002X"),
            images: SubmissionImages {
                portrait: "a".repeat(64),
                emblem: "b".repeat(64),
                handheld: "c".repeat(64),
            },
            findings: Vec::new(),
            submitted_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2026, 3, 1 + (i % 28) as u32),
            due_provisional: false,
            calendar_version: None,
        };
        store.intake(&submission, "bench", now).unwrap();
    }
    (store, reviewer)
}

fn approve(i: usize, lease: &Lease) -> NewDecision {
    NewDecision {
        id: format!("d-{i}"),
        submission_id: lease.submission_id.clone(),
        lease_token: lease.lease_token.clone(),
        outcome: Outcome::Approve,
        reasons: Vec::new(),
        other_text: None,
        note: None,
        overridden_findings: Vec::new(),
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 3, 0, 0).unwrap();
    let lease = Duration::minutes(15);

    let full = baseline(dir.path(), "FULL");
    let normal = baseline(dir.path(), "NORMAL");

    let (store, reviewer) = seeded_store(dir.path(), "single.db");
    let mut samples = Vec::with_capacity(ITEMS);
    let mut leases = Vec::with_capacity(ITEMS);
    let start = Instant::now();
    for _ in 0..ITEMS {
        let t = Instant::now();
        leases.extend(store.claim(&reviewer, 1, lease, now).unwrap());
        samples.push(t.elapsed());
    }
    let claims = figures(samples, ITEMS, start.elapsed());
    assert_eq!(leases.len(), ITEMS);

    let mut samples = Vec::with_capacity(ITEMS);
    let start = Instant::now();
    for (i, held) in leases.iter().enumerate() {
        let t = Instant::now();
        store.decide(&reviewer, &approve(i, held), now).unwrap();
        samples.push(t.elapsed());
    }
    let decisions = figures(samples, ITEMS, start.elapsed());

    // Batched: one transaction leases ten; the figure counts leased submissions per second.
    let (batched_store, batched_reviewer) = seeded_store(dir.path(), "batched.db");
    let mut samples = Vec::with_capacity(ITEMS / 10);
    let mut leased = 0;
    let start = Instant::now();
    while leased < ITEMS {
        let t = Instant::now();
        leased += batched_store.claim(&batched_reviewer, 10, lease, now).unwrap().len();
        samples.push(t.elapsed());
    }
    let batched = figures(samples, leased, start.elapsed());

    // Threaded: THREADS callers at once; group commit lets them share commits.
    let (store, reviewer) = seeded_store(dir.path(), "threaded-claims.db");
    let held = Mutex::new(Vec::with_capacity(ITEMS));
    let threaded_claims = threaded(|_| {
        let leases = store.claim(&reviewer, 1, lease, now).unwrap();
        let count = leases.len();
        held.lock().unwrap().extend(leases);
        count
    });
    let held = held.into_inner().unwrap();
    assert_eq!(held.len(), ITEMS);
    let threaded_decisions = threaded(|i| {
        let decision = approve(i, &held[i]);
        store.decide(&reviewer, &decision, now).unwrap();
        1
    });
    let (store, reviewer) = seeded_store(dir.path(), "threaded-cycles.db");
    let threaded_cycles = threaded(|i| {
        let lease = store.claim(&reviewer, 1, lease, now).unwrap().pop().unwrap();
        store.decide(&reviewer, &approve(i, &lease), now).unwrap();
        1
    });

    let row = |name: &str, f: &Figures, base: &Figures| {
        println!(
            "| {name:<40} | {:>9.0} | {:>8.3} | {:>8.3} | {:>5.2} |",
            f.per_second,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3,
            f.per_second / base.per_second
        );
    };
    println!("store_claims: {ITEMS} items, SQLite WAL; ratio = ops/s over the bare transaction at the same durability");
    println!(
        "| case                                     |     ops/s |  p50 ms  |  p99 ms  | ratio |"
    );
    println!(
        "|------------------------------------------|-----------|----------|----------|-------|"
    );
    row("baseline: bare 1-row UPDATE, FULL", &full, &full);
    row("baseline: bare 1-row UPDATE, NORMAL", &normal, &normal);
    row("store.claim(max=1), NORMAL", &claims, &normal);
    row("store.claim(max=10), NORMAL: items/s", &batched, &normal);
    row("store.decide(approve), FULL", &decisions, &full);
    row(&format!("store.claim(max=1), {THREADS} callers"), &threaded_claims, &normal);
    row(&format!("store.decide(approve), {THREADS} callers"), &threaded_decisions, &full);
    row(&format!("claim(1)+decide cycles, {THREADS} callers"), &threaded_cycles, &full);
}
