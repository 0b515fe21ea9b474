//! A face-similarity calibration run at a province's scale, `cargo bench -p reviewdesk-server
//! --bench face_calibration`: `BENCH_SUBMISSIONS` (default 2,000) approved submissions, each with a
//! card portrait and a hand-held person (random unit-length 128-D embeddings, the person near its
//! card), in a SQLite store on a RAM disk where there is one. Times the parts of
//! `reviewdesk_server::face_calibration::run` — the store's read of the faces, the pairing and
//! rates (at most 200,000 different-person pairs), recording — against a baseline measured in the
//! same run: the same number of plain 128-D distances over a `Vec<f32>`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use reviewdesk_domain::face_calibration::{
    candidate_thresholds, pair_distances, rates, CalibrationMinimums, DIFFERENT_PAIRS_CAP,
};
use reviewdesk_domain::review::{Outcome, Role};
use reviewdesk_server::store::sqlite::SqliteStore;
use reviewdesk_server::store::testing::place;
use reviewdesk_server::store::{NewDecision, NewUser, Store, User};

/// xorshift64*: reproducible embeddings without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    }

    fn unit(&mut self) -> Vec<f32> {
        let v: Vec<f32> = (0..128).map(|_| self.next()).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / norm).collect()
    }
}

fn hex(values: &[f32]) -> String {
    values.iter().flat_map(|v| v.to_le_bytes()).map(|b| format!("{b:02x}")).collect()
}

fn user(store: &dyn Store, name: &str, role: Role) -> User {
    let new = NewUser {
        username: name.into(),
        password_hash: "$argon2id$bench".into(),
        role,
        province: Some("11".into()),
    };
    store.add_user(&new, Utc::now()).unwrap()
}

fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> (Elapsed, T) {
    let mut best = Elapsed::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = work();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    (best, last.unwrap())
}

fn ms(elapsed: Elapsed) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}

fn main() {
    let submissions: usize =
        std::env::var("BENCH_SUBMISSIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let ram = std::path::Path::new("/dev/shm");
    let dir = if ram.is_dir() { tempfile::tempdir_in(ram) } else { tempfile::tempdir() }.unwrap();
    let store = SqliteStore::open(&dir.path().join("reviewdesk.db")).unwrap();
    let reviewer = user(&store, "li.na", Role::Reviewer);
    let supervisor = user(&store, "zhao", Role::Supervisor);
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();

    let started = Instant::now();
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    for batch in (0..submissions).collect::<Vec<_>>().chunks(100) {
        for &i in batch {
            let id = format!("s{i:06}");
            let mut submission = place::submission(&id, day);
            submission.applicant_id = format!("a{i:06}");
            store.intake(&submission, "intake:bench", at).unwrap();
            let card = random.unit();
            let noise = random.unit();
            let person: Vec<f32> = card.iter().zip(&noise).map(|(c, n)| c + 0.3 * n).collect();
            conn.execute_batch(&format!(
                "INSERT INTO identity_boards (submission_id, province, state, computed_at)
                 VALUES ('{id}', '11', 'computed', '2026-03-02T02:00:00Z');
                 INSERT INTO board_faces VALUES ('{id}', 'card_portrait', '11', X'ff', X'{}');
                 INSERT INTO board_faces VALUES ('{id}', 'handheld_person', '11', X'ff', X'{}');",
                hex(&card),
                hex(&person)
            ))
            .unwrap();
        }
        let leases = store.claim(&reviewer, batch.len() as u32, Duration::hours(1), at).unwrap();
        for lease in leases {
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
            store.decide(&reviewer, &decision, at).unwrap();
        }
    }
    println!(
        "Face calibration: {submissions} approved submissions (SQLite in {}), set up in {:.1} s",
        dir.path().display(),
        started.elapsed().as_secs_f64()
    );

    let runs = 5;
    let (read, faces) = best_of(runs, || store.calibration_faces("11").unwrap());
    let (pair, pairs) = best_of(runs, || pair_distances(&faces, DIFFERENT_PAIRS_CAP));
    let thresholds = candidate_thresholds();
    let (rate, _) =
        best_of(runs, || rates(&pairs.same_person, &pairs.different_person, &thresholds));
    let (whole, run) = best_of(runs, || {
        reviewdesk_server::face_calibration::run(
            &store,
            &supervisor,
            CalibrationMinimums::STANDARD,
            at,
        )
        .unwrap()
    });
    // Baseline: as many plain distances as the run measured, over a flat Vec<f32>.
    let count = pairs.same_person.len() + pairs.different_person.len();
    let flat: Vec<f32> = (0..2 * 1024).flat_map(|_| random.unit()).collect();
    let (baseline, _) = best_of(runs, || {
        let mut total = 0.0f32;
        for k in 0..count {
            let a = &flat[(k % 1024) * 128..][..128];
            let b = &flat[(1024 + (k * 7) % 1024) * 128..][..128];
            total += a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt();
        }
        std::hint::black_box(total)
    });
    println!(
        "pairs: {} same-person, {} different-person{}; run #{} sufficient: {}",
        run.same_person_pairs,
        run.different_person_pairs,
        if pairs.sampled { " (sampled)" } else { "" },
        run.id,
        run.sufficient
    );
    println!("| step (best of {runs}) | ms | × baseline |");
    println!("|---|---:|---:|");
    let base = ms(baseline);
    for (step, elapsed) in [
        ("baseline: plain 128-D distances, same count", baseline),
        ("store read of the faces (calibration_faces)", read),
        ("pairing and distances (pair_distances)", pair),
        ("rates at 21 thresholds (rates)", rate),
        ("whole run, recorded and audited", whole),
    ] {
        println!("| {step} | {:.1} | {:.2} |", ms(elapsed), ms(elapsed) / base);
    }
}
