//! The supervisors' decision log with a million decisions, on the embedded SQLite store and on
//! PostgreSQL (a throwaway server, the tests' harness): p50 and p95 of one page (50 entries) for
//! each common filter, a deep page, and the statistics' read of a 30-day range, against a
//! baseline measured in the same run on the same database: reading 50 decisions by primary key
//! (the least work any page of 50 can cost).
//!
//! The data is written straight into the store's tables (1M decisions through `decide` would
//! take an hour of fsyncs), shaped like a province's year: 40 reviewers, 300 days, 30 %
//! rejections with one or two of 12 reasons, 5 % late, 0.5 % overturned, 10 % with a finding, 3 % non-resident ID
//! types. SQLite gets no `ANALYZE` (the store never runs one); PostgreSQL gets the `ANALYZE` its
//! autovacuum would run after such a load.
//!
//! Run: `cargo bench -p reviewdesk-server --bench decision_log` (prints a table per store);
//! `LOG_BENCH_DECISIONS` (default 1,000,000), `LOG_BENCH_ROUNDS` (default 200) change the size,
//! `LOG_BENCH_STORES` (default `sqlite,postgres`) which stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use reviewdesk_store::testing::postgres as pg_server;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use reviewdesk_domain::consistency::DeclaredIdentity;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_domain::wire::supervision::DecisionLogFilter;
use reviewdesk_server::store::postgres::PgStore;
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::{NewUser, Store, User};
use rusqlite::params;

const REVIEWERS: usize = 40;
/// The finding one case in ten carries.
const FINDING: &str = r#"[{"code":"county_unknown"}]"#;
const DAYS: i64 = 300;
const REASONS: [&str; 12] = [
    "id_number_incorrect",
    "birth_date_incorrect",
    "ethnicity_incorrect",
    "valid_to_incorrect",
    "portrait_photo_unclear",
    "emblem_photo_unclear",
    "handheld_photo_unclear",
    "face_not_visible",
    "document_incomplete",
    "photo_rotated",
    "photo_mirrored",
    "wrong_side_uploaded",
];

/// A small deterministic generator (xorshift64*), so every run builds the same data.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn fill(path: &std::path::Path, reviewers: &[User], decisions: usize) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    let tx = conn.transaction().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let span = DAYS * 86_400;
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    {
        let mut submission = tx
            .prepare(
                "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
                     emblem_sha256, handheld_sha256, findings, attempt, period_start, submitted_at,
                     due_date, status, final_decision_id, updated_at, case_number)
                 VALUES (?1, ?2, '11', ?3, ?4, ?4, ?4, '[]', 1, '2026-01-01', ?5, ?6, ?7, ?8, ?5,
                     '11-20260101-' || substr(?1, 2))",
            )
            .unwrap();
        let mut decision = tx
            .prepare(
                "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons,
                     other_text, note, applicant_text, decided_at, province, id_type, claimed_at,
                     sla_breached, overturned, golden)
                 VALUES (?1, ?2, 'first', ?3, ?4, ?5, NULL, NULL, NULL, ?6, '11', ?7, ?8, ?9, ?10,
                     0)",
            )
            .unwrap();
        let mut reason_row = tx
            .prepare(
                "INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
                 VALUES (?1, ?2, '11', ?3)",
            )
            .unwrap();
        let identity = serde_json::to_string(&DeclaredIdentity::number_only(
            IdType::Resident,
            "11010519491231002X",
        ))
        .unwrap();
        let rare =
            serde_json::to_string(&DeclaredIdentity::number_only(IdType::Passport, "E12345678"))
                .unwrap();
        for i in 0..decisions {
            let seconds = (i as i64 * span) / decisions as i64;
            let decided = start + chrono::Duration::seconds(seconds);
            let claimed = decided - chrono::Duration::seconds(30 + dice.below(600) as i64);
            let submitted = decided - chrono::Duration::days(2);
            let decided_text = reviewdesk_server::store::text_values::timestamp(decided);
            let due = (submitted + chrono::Duration::days(9)).date_naive().to_string();
            let reject = dice.chance(300);
            let reasons: Vec<&str> = if reject {
                let first = REASONS[dice.below(12) as usize];
                if dice.chance(300) {
                    let second = REASONS[dice.below(12) as usize];
                    if second == first {
                        vec![first]
                    } else {
                        vec![first, second]
                    }
                } else {
                    vec![first]
                }
            } else {
                Vec::new()
            };
            let passport = dice.chance(30);
            let id = format!("s{i:08}");
            let decision_id = format!("d{i:08}");
            let reviewer = &reviewers[dice.below(REVIEWERS as u64) as usize];
            submission
                .execute(params![
                    id,
                    format!("a{i:08}"),
                    if passport { &rare } else { &identity },
                    "a".repeat(64),
                    reviewdesk_server::store::text_values::timestamp(submitted),
                    due,
                    if reject { "rejected" } else { "approved" },
                    decision_id,
                ])
                .unwrap();
            decision
                .execute(params![
                    decision_id,
                    id,
                    reviewer.id,
                    if reject { "reject" } else { "approve" },
                    serde_json::to_string(&reasons).unwrap(),
                    decided_text,
                    if passport { "passport" } else { "resident" },
                    reviewdesk_server::store::text_values::timestamp(claimed),
                    dice.chance(50),
                    dice.chance(5),
                ])
                .unwrap();
            for reason in reasons {
                reason_row.execute(params![decision_id, reason, decided_text]).unwrap();
            }
        }
    }
    // One case in ten with a consistency finding ("has automatic findings").
    tx.execute(&format!("UPDATE submissions SET findings = '{FINDING}' WHERE rowid % 10 = 0"), [])
        .unwrap();
    tx.commit().unwrap();
}

/// A random 30-day range of the data's year.
fn month(dice: &mut Dice) -> (NaiveDate, NaiveDate) {
    let day0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let from = day0 + chrono::Duration::days(dice.below((DAYS - 30) as u64) as i64);
    (from, from + chrono::Duration::days(29))
}

/// The same shape of data as [`fill`], generated inside PostgreSQL.
fn fill_postgres(db: &pg_server::TestDatabase, decisions: usize) {
    let mut client = db.client();
    let n = i64::try_from(decisions).unwrap();
    let identity = serde_json::to_string(&DeclaredIdentity::number_only(
        IdType::Resident,
        "11010519491231002X",
    ))
    .unwrap();
    let rare = serde_json::to_string(&DeclaredIdentity::number_only(IdType::Passport, "E12345678"))
        .unwrap();
    let reasons: Vec<String> = REASONS.iter().map(|r| (*r).to_owned()).collect();
    let ts = |column: &str| format!("to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    client.batch_execute("SELECT setseed(0.42)").unwrap();
    client
        .execute(
            &format!(
                "CREATE TABLE gen AS SELECT i,
                     timestamp '2026-01-01' + (i * {DAYS} * 86400.0 / $1::bigint) * interval '1 second'
                         AS decided,
                     random() < 0.3 AS reject, random() < 0.03 AS passport,
                     floor(random() * {REVIEWERS})::int AS reviewer,
                     1 + floor(random() * 12)::int AS r1, random() < 0.3 AS two,
                     1 + floor(random() * 12)::int AS r2, random() < 0.05 AS late,
                     random() < 0.005 AS overturned, 30 + floor(random() * 600)::int AS handling
                 FROM generate_series(0, $1::bigint - 1) i"
            ),
            &[&n],
        )
        .unwrap();
    client
        .execute(
            &format!(
                "INSERT INTO submissions (id, applicant_id, province, identity, portrait_sha256,
                     emblem_sha256, handheld_sha256, findings, attempt, period_start,
                     submitted_at, due_date, status, final_decision_id, updated_at, case_number)
                 SELECT 's' || lpad(i::text, 8, '0'), 'a' || lpad(i::text, 8, '0'), '11',
                     CASE WHEN passport THEN $2 ELSE $1 END, repeat('a', 64), repeat('a', 64),
                     repeat('a', 64), '[]', 1, '2026-01-01', {submitted},
                     to_char(decided + interval '7 days', 'YYYY-MM-DD'),
                     CASE WHEN reject THEN 'rejected' ELSE 'approved' END,
                     'd' || lpad(i::text, 8, '0'), {submitted},
                     '11-20260101-' || lpad(i::text, 8, '0')
                 FROM gen",
                submitted = ts("decided - interval '2 days'")
            ),
            &[&identity, &rare],
        )
        .unwrap();
    client
        .execute(
            &format!(
                "INSERT INTO decisions (id, submission_id, stage, user_id, outcome, reasons,
                     decided_at, province, id_type, claimed_at, sla_breached, overturned, golden)
                 SELECT 'd' || lpad(i::text, 8, '0'), 's' || lpad(i::text, 8, '0'), 'first',
                     u.id, CASE WHEN reject THEN 'reject' ELSE 'approve' END,
                     CASE WHEN NOT reject THEN '[]'
                          WHEN two AND r2 <> r1 THEN json_build_array(($1::text[])[r1],
                              ($1::text[])[r2])::text
                          ELSE json_build_array(($1::text[])[r1])::text END,
                     {decided}, '11', CASE WHEN passport THEN 'passport' ELSE 'resident' END,
                     {claimed}, late, overturned, false
                 FROM gen JOIN users u ON u.username = 'reviewer' || lpad(reviewer::text, 2, '0')",
                decided = ts("decided"),
                claimed = ts("decided - handling * interval '1 second'")
            ),
            &[&reasons],
        )
        .unwrap();
    client
        .batch_execute(
            "INSERT INTO decision_reasons (decision_id, reason, province, decided_at)
             SELECT d.id, r.reason, d.province, d.decided_at
             FROM decisions d, jsonb_array_elements_text(d.reasons::jsonb) AS r (reason);
             UPDATE submissions SET findings = '[{\"code\":\"county_unknown\"}]'
                 WHERE right(id, 1) = '0';
             DROP TABLE gen;
             ANALYZE;",
        )
        .unwrap();
}

struct Row {
    name: &'static str,
    matched: usize,
    p50: Duration,
    p95: Duration,
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    (at(0.5), at(0.95))
}

fn accounts(store: &dyn Store) -> (Vec<User>, User) {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let add = |username: String, role: Role| {
        let user = NewUser {
            username,
            password_hash: "$argon2id$bench".into(),
            role,
            province: Some("11".into()),
        };
        store.add_user(&user, now).unwrap()
    };
    let reviewers =
        (0..REVIEWERS).map(|n| add(format!("reviewer{n:02}"), Role::Reviewer)).collect();
    (reviewers, add("supervisor".into(), Role::Supervisor))
}

fn main() {
    let decisions = env("LOG_BENCH_DECISIONS", 1_000_000);
    let rounds = env("LOG_BENCH_ROUNDS", 200);
    let stores = std::env::var("LOG_BENCH_STORES").unwrap_or_else(|_| "sqlite,postgres".into());
    for name in stores.split(',') {
        match name {
            "sqlite" => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("reviewdesk.db");
                let store = SqliteStore::open(&path).unwrap();
                let (reviewers, supervisor) = accounts(&store);
                let started = Instant::now();
                fill(&path, &reviewers, decisions);
                eprintln!(
                    "sqlite: filled {decisions} decisions in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                let conn = rusqlite::Connection::open(&path).unwrap();
                let mut by_key = conn.prepare(BY_KEY_SQLITE).unwrap();
                let baseline = |id: String| {
                    let _: String = by_key.query_row([id], |row| row.get(0)).unwrap();
                };
                measure("SQLite", &store, &supervisor, decisions, rounds, baseline);
            }
            "postgres" => {
                let db = pg_server::database();
                let store = PgStore::connect(&db.url()).unwrap();
                accounts(&store);
                let started = Instant::now();
                fill_postgres(&db, decisions);
                eprintln!(
                    "postgres: filled {decisions} decisions in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                let supervisor = store.user_for_login("supervisor").unwrap().unwrap().0;
                let mut client = db.client();
                let statement = client.prepare(&BY_KEY_SQLITE.replace("?1", "$1")).unwrap();
                let baseline = |id: String| {
                    let _: String = client.query_one(&statement, &[&id]).unwrap().get(0);
                };
                measure("PostgreSQL", &store, &supervisor, decisions, rounds, baseline);
            }
            other => panic!("LOG_BENCH_STORES: unknown store {other:?} (sqlite, postgres)"),
        }
    }
}

/// 50 decisions by primary key, with the same joins a log page makes: the baseline.
const BY_KEY_SQLITE: &str = "SELECT d.id, d.decided_at, u.username, s.status FROM decisions d
     JOIN users u ON u.id = d.user_id JOIN submissions s ON s.id = d.submission_id
     WHERE d.id = ?1";

fn measure(
    store_name: &str,
    store: &dyn Store,
    supervisor: &User,
    decisions: usize,
    rounds: usize,
    mut by_key: impl FnMut(String),
) {
    let mut dice = Dice(42);
    type Pick = Box<dyn FnMut(&mut Dice) -> DecisionLogFilter>;
    let mut filters: Vec<(&'static str, Pick)> = vec![
        ("no filter (newest page)", Box::new(|_| DecisionLogFilter::default())),
        (
            "reviewer",
            Box::new(|d| DecisionLogFilter {
                reviewer: Some(format!("reviewer{:02}", d.below(REVIEWERS as u64))),
                ..Default::default()
            }),
        ),
        (
            "date range (30 days)",
            Box::new(|d| {
                let (from, to) = month(d);
                DecisionLogFilter { from: Some(from), to: Some(to), ..Default::default() }
            }),
        ),
        (
            "outcome = reject",
            Box::new(|_| DecisionLogFilter {
                outcome: Some(Outcome::Reject),
                ..Default::default()
            }),
        ),
        (
            "reason",
            Box::new(|d| DecisionLogFilter {
                reason: Some(REASONS[d.below(12) as usize].into()),
                ..Default::default()
            }),
        ),
        (
            "ID type = passport (3 %)",
            Box::new(|_| DecisionLogFilter {
                id_type: Some(IdType::Passport),
                ..Default::default()
            }),
        ),
        (
            "SLA breached (5 %)",
            Box::new(|_| DecisionLogFilter { sla_breached: Some(true), ..Default::default() }),
        ),
        (
            "has findings (10 %)",
            Box::new(|_| DecisionLogFilter { has_findings: Some(true), ..Default::default() }),
        ),
        (
            "no findings (90 %)",
            Box::new(|_| DecisionLogFilter { has_findings: Some(false), ..Default::default() }),
        ),
        (
            "overturned (0.5 %)",
            Box::new(|_| DecisionLogFilter { overturned: Some(true), ..Default::default() }),
        ),
        (
            "reviewer + reason + 30 days",
            Box::new(|d| {
                let (from, to) = month(d);
                DecisionLogFilter {
                    reviewer: Some(format!("reviewer{:02}", d.below(REVIEWERS as u64))),
                    reason: Some(REASONS[d.below(12) as usize].into()),
                    from: Some(from),
                    to: Some(to),
                    ..Default::default()
                }
            }),
        ),
        (
            "reviewer + reject + 30 days",
            Box::new(|d| {
                let (from, to) = month(d);
                DecisionLogFilter {
                    reviewer: Some(format!("reviewer{:02}", d.below(REVIEWERS as u64))),
                    outcome: Some(Outcome::Reject),
                    from: Some(from),
                    to: Some(to),
                    ..Default::default()
                }
            }),
        ),
    ];

    // Baseline: 50 decisions by primary key.
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        for _ in 0..50 {
            by_key(format!("d{:08}", dice.below(decisions as u64)));
        }
        samples.push(started.elapsed());
    }
    let (base50, base95) = percentiles(samples);

    let mut rows = Vec::new();
    for (name, pick) in &mut filters {
        let mut samples = Vec::with_capacity(rounds);
        let mut matched = 0;
        for _ in 0..rounds {
            let filter = pick(&mut dice);
            let started = Instant::now();
            let page = store.decision_log(supervisor, &filter, None, 50).unwrap();
            samples.push(started.elapsed());
            matched += page.records.len();
        }
        let (p50, p95) = percentiles(samples);
        rows.push(Row { name, matched: matched / rounds, p50, p95 });
    }
    // Twenty pages down, unfiltered: the cursor keeps every page an index range.
    let mut samples = Vec::with_capacity(rounds / 10);
    for _ in 0..(rounds / 10).max(1) {
        let mut cursor = None;
        let mut last = Duration::ZERO;
        for _ in 0..20 {
            let started = Instant::now();
            let page = store
                .decision_log(supervisor, &DecisionLogFilter::default(), cursor.as_deref(), 50)
                .unwrap();
            last = started.elapsed();
            cursor = page.next_cursor;
        }
        samples.push(last);
    }
    let (p50, p95) = percentiles(samples);
    rows.push(Row { name: "20th page, no filter", matched: 50, p50, p95 });
    // The statistics' read of 30 days (every decision of the range, not a page).
    let mut samples = Vec::new();
    let mut matched = 0;
    for _ in 0..(rounds / 10).max(1) {
        let (from, to) = month(&mut dice);
        let started = Instant::now();
        matched = store.stats_records(supervisor, from, to).unwrap().decisions.len();
        samples.push(started.elapsed());
    }
    let (p50, p95) = percentiles(samples);
    rows.push(Row { name: "statistics rows, 30 days", matched, p50, p95 });

    println!("\n{store_name}: decision log, {decisions} decisions, {rounds} rounds per filter, page of 50");
    println!("| query | entries | p50 ms | p95 ms | p95 / baseline p95 |");
    println!("|---|---|---|---|---|");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| baseline: 50 decisions by primary key | 50 | {:.2} | {:.2} | 1.00 |",
        ms(base50),
        ms(base95)
    );
    for row in rows {
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2} |",
            row.name,
            row.matched,
            ms(row.p50),
            ms(row.p95),
            row.p95.as_secs_f64() / base95.as_secs_f64()
        );
    }
}
