//! Repeat faces (1:N) at province scale: milliseconds per query for one hand-held person against
//! 10,000 and 100,000 stored faces (128-D `f32`, random unit vectors), measured in one run:
//!
//! - *baseline*: a plain dot-product loop over one flat `Vec<f32>` (the least a scan can cost);
//! - *scan*: [`nearest_faces`] over the embeddings as stored (512 little-endian bytes each, back
//!   to back, as the store collects them), at a threshold no random pair meets (every face
//!   compared, none kept);
//! - *store*: [`Store::repeat_faces`] on a SQLite file holding those faces: the whole read
//!   transaction (the submission, the province's faces read by their index, the scan, the
//!   lookups of matches and earlier attempts).
//!
//! Run: `cargo bench -p reviewdesk-store --bench repeat_faces` (prints one table).
//! `REVIEWDESK_BENCH_FACES` sets the sizes (comma-separated; default `10000,100000`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use reviewdesk_store::repeat_faces::{
    embedding_bytes, nearest_faces, EMBEDDING_BYTES, EMBEDDING_LEN,
};
use reviewdesk_store::sqlite::SqliteStore;
use reviewdesk_store::testing::place;
use reviewdesk_store::Store;

/// xorshift64*: reproducible random numbers without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32) / (1u64 << 24) as f32
    }

    /// A random unit vector (Gaussian components, by Box–Muller, normalised).
    fn unit(&mut self) -> Vec<f32> {
        let mut v: Vec<f32> = (0..EMBEDDING_LEN)
            .map(|_| {
                let (a, b) = (self.next().max(1e-7), self.next());
                (-2.0 * a.ln()).sqrt() * (std::f32::consts::TAU * b).cos()
            })
            .collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= norm);
        v
    }
}

/// Median milliseconds of `runs` calls.
fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// A SQLite store holding `faces` (one submission, board and hand-held person each, province
/// 11) plus the query's own submission `q` with its person; the rows are copied from one real
/// intake, so the schema's rules (case numbers, one open submission per applicant) hold.
fn store_with(dir: &std::path::Path, faces: &[Vec<f32>], person: &[f32]) -> SqliteStore {
    let path = dir.join("reviewdesk.db");
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap();
    let store = SqliteStore::open(&path).unwrap();
    store.intake(&place::submission("q", now.date_naive()), "intake:bench", now).unwrap();
    drop(store);
    let mut db = rusqlite::Connection::open(&path).unwrap();
    let columns: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info('submissions')")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let copied: Vec<String> = columns
        .iter()
        .map(|column| match column.as_str() {
            "id" => "?1".to_owned(),
            "applicant_id" => "'app-' || ?1".to_owned(),
            "case_number" => "'11-20260302-b' || ?1".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    let copy = format!(
        "INSERT INTO submissions ({}) SELECT {} FROM submissions WHERE id = 'q'",
        columns.join(", "),
        copied.join(", ")
    );
    let tx = db.transaction().unwrap();
    {
        let mut submission = tx.prepare(&copy).unwrap();
        let mut board = tx
            .prepare(
                "INSERT INTO identity_boards (submission_id, province, state, computed_at)
                 VALUES (?1, '11', 'computed', '2026-03-02T02:00:00Z')",
            )
            .unwrap();
        let mut face = tx
            .prepare(
                "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
                 VALUES (?1, 'handheld_person', '11', x'FFD8', ?2)",
            )
            .unwrap();
        board.execute(["q"]).unwrap();
        face.execute(rusqlite::params!["q", embedding_bytes(person)]).unwrap();
        for (index, embedding) in faces.iter().enumerate() {
            let id = format!("{index:06}");
            submission.execute([&id]).unwrap();
            board.execute([&id]).unwrap();
            face.execute(rusqlite::params![id, embedding_bytes(embedding)]).unwrap();
        }
    }
    tx.commit().unwrap();
    SqliteStore::open(&path).unwrap()
}

fn main() {
    let sizes: Vec<usize> = std::env::var("REVIEWDESK_BENCH_FACES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    // No two random 128-D unit vectors come this close (they sit ~1.41 apart): every face is
    // compared and none kept, the scan's worst case short of sorting matches.
    let threshold = 0.4;
    println!(
        "Repeat faces (1:N), one query, 128-D f32 random unit vectors, median of runs, one core"
    );
    println!("| stored faces | baseline: flat dot loop | scan (`nearest_faces`) | ratio | SQLite `repeat_faces` | ratio |");
    println!("|---|---|---|---|---|---|");
    let mut random = Random(0x5EED_F00D);
    for size in sizes {
        let faces: Vec<Vec<f32>> = (0..size).map(|_| random.unit()).collect();
        let query = random.unit();
        let flat: Vec<f32> = faces.iter().flatten().copied().collect();
        let runs = if size > 50_000 { 21 } else { 101 };
        let baseline = median_ms(runs, || {
            let mut best = f32::MIN;
            for row in flat.chunks_exact(EMBEDDING_LEN) {
                let dot: f32 = row.iter().zip(&query).map(|(a, b)| a * b).sum();
                best = best.max(dot);
            }
            black_box(best);
        });
        let stored: Vec<u8> = faces.iter().flat_map(|face| embedding_bytes(face)).collect();
        let scan = median_ms(runs, || {
            let found =
                nearest_faces(&query, stored.chunks_exact(EMBEDDING_BYTES), threshold).unwrap();
            assert!(found.is_empty());
            black_box(found);
        });
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(dir.path(), &faces, &query);
        let read_runs = if size > 50_000 { 7 } else { 21 };
        let with_read = median_ms(read_runs, || {
            let found = store.repeat_faces("q", threshold, 9.0).unwrap();
            assert!(found.compared && found.seen_elsewhere.is_empty());
            black_box(found);
        });
        println!(
            "| {size} | {baseline:.2} ms | {scan:.2} ms | {:.2}× | {with_read:.1} ms | {:.1}× |",
            scan / baseline,
            with_read / baseline
        );
    }
}
