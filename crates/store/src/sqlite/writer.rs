//! The one writer connection and its group commit.
//!
//! Every write of the store runs here, one at a time, each inside its own savepoint of a shared
//! `IMMEDIATE` transaction (a *batch*). A writer that finishes while others are queued for the
//! connection leaves the batch open for them and waits; the last writer of a batch (nobody queued,
//! or the batch is full) commits it once for everyone. So under load one fsync covers many
//! decisions, and alone a write commits at once, as a plain transaction would.
//!
//! A batch commits at the durability of the write that opened it (SQLite takes `synchronous` from
//! before `BEGIN`: set inside a transaction it does not apply to that commit). A write that needs
//! more than the open batch gives first ends that batch, then opens its own.
//!
//! What each caller sees is unchanged: its work happened entirely or not at all, and it returns
//! only after the commit that holds its work — a write reported as done is on disk. A failed piece
//! of work rolls back to its savepoint and leaves the rest of the batch alone; a failed commit
//! fails every write of that batch (none of them returned success). A panic in the work rolls back
//! its savepoint, the batch goes on, and the panic resumes in the caller.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rusqlite::Connection;

use crate::StoreError;

/// How hard a write insists on reaching the disk before it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Durability {
    /// Survives a process crash; a power loss may forget it.
    Normal,
    /// Survives power loss (fsync at commit).
    Full,
}

impl Durability {
    /// What a lone audit event of `action` commits at ([`crate::rules::audit_commits_durably`]).
    pub(super) fn for_audit(action: reviewdesk_domain::audit::AuditAction) -> Durability {
        if crate::rules::audit_commits_durably(action) {
            Durability::Full
        } else {
            Durability::Normal
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        }
    }
}

/// Most writes one commit carries, so a steady stream of writers still commits regularly.
const MAX_BATCH: usize = 64;

/// The open transaction and what it holds.
struct Batch {
    number: u64,
    writes: usize,
    durability: Durability,
}

struct Connected {
    conn: Connection,
    /// The `synchronous` level the connection is set to.
    synchronous: Durability,
    batch: Option<Batch>,
    next_batch: u64,
}

/// Commits done so far: batches are numbered and commit in order.
#[derive(Default)]
struct Commits {
    /// Every batch numbered below this has ended (committed or failed).
    ended_below: u64,
    /// Failed batches whose writers have not all read the failure yet: number → (message,
    /// writers still to read it).
    failed: HashMap<u64, (String, usize)>,
}

pub(super) struct Writer {
    connected: Mutex<Connected>,
    /// Threads waiting for `connected`.
    queued: AtomicUsize,
    commits: Mutex<Commits>,
    ended: Condvar,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Writer {
    /// Takes over `conn`, whose `synchronous` level is FULL.
    pub(super) fn new(conn: Connection) -> Writer {
        Writer {
            connected: Mutex::new(Connected {
                conn,
                synchronous: Durability::Full,
                batch: None,
                next_batch: 0,
            }),
            queued: AtomicUsize::new(0),
            commits: Mutex::new(Commits::default()),
            ended: Condvar::new(),
        }
    }

    /// The `synchronous` level the connection is set to: the level of the last batch begun.
    #[cfg(test)]
    pub(super) fn synchronous(&self) -> Durability {
        lock(&self.connected).synchronous
    }

    /// Runs `work` atomically; returns once it is committed at `durability` (or failed).
    pub(super) fn write<T>(
        &self,
        durability: Durability,
        work: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let mut connected = lock(&self.connected);
        self.queued.fetch_sub(1, Ordering::SeqCst);

        if connected.batch.as_ref().is_some_and(|batch| batch.durability < durability) {
            // Its writers learn any failure through `failed`; this writer is not one of them.
            let _ = self.end_batch(&mut connected, false);
        }
        let outcome = run_in_savepoint(&mut connected, durability, work);
        let wrote = matches!(outcome, Ok(Ok(_)));
        let mut batch_number = None;
        if let Some(batch) = connected.batch.as_mut() {
            if wrote {
                batch.writes += 1;
            }
            batch_number = Some(batch.number);
        }
        let full = connected.batch.as_ref().is_some_and(|batch| batch.writes >= MAX_BATCH);
        let last = full || self.queued.load(Ordering::SeqCst) == 0;
        let commit_failure = if last { self.end_batch(&mut connected, wrote) } else { None };
        drop(connected);

        let value = match outcome {
            Ok(Ok(value)) => value,
            Ok(Err(error)) => return Err(error),
            Err(panic) => panic::resume_unwind(panic),
        };
        if let Some(message) = commit_failure {
            return Err(StoreError::Backend { message });
        }
        match batch_number {
            // Someone queued behind this writer commits the batch; wait for it.
            Some(number) if !last => self.await_batch(number).map(|()| value),
            _ => Ok(value),
        }
    }

    /// Commits the open batch, if any, and tells its writers. Returns the failure, if any.
    /// `wrote`: whether the calling writer's own work is in the batch.
    fn end_batch(&self, connected: &mut Connected, wrote: bool) -> Option<String> {
        let batch = connected.batch.take()?;
        let result = commit(connected);
        let mut commits = lock(&self.commits);
        commits.ended_below = batch.number + 1;
        let failure = result.err().map(|error| error.to_string());
        if let Some(message) = &failure {
            // The calling writer reads its failure directly; the others through `failed`.
            let others = batch.writes - usize::from(wrote);
            if others > 0 {
                commits.failed.insert(batch.number, (message.clone(), others));
            }
        }
        drop(commits);
        self.ended.notify_all();
        failure
    }

    /// Waits until batch `number` has ended; its failure, if it failed.
    fn await_batch(&self, number: u64) -> Result<(), StoreError> {
        let mut commits = lock(&self.commits);
        while commits.ended_below <= number {
            commits = self.ended.wait(commits).unwrap_or_else(PoisonError::into_inner);
        }
        let Some((message, readers)) = commits.failed.get_mut(&number) else {
            return Ok(());
        };
        let error = StoreError::Backend { message: message.clone() };
        *readers -= 1;
        if *readers == 0 {
            commits.failed.remove(&number);
        }
        Err(error)
    }
}

type Outcome<T> = Result<Result<T, StoreError>, Box<dyn std::any::Any + Send>>;

/// Opens a batch at `durability` if none is open, then runs `work` in a savepoint of it: released
/// on `Ok`, rolled back on `Err` or panic.
fn run_in_savepoint<T>(
    connected: &mut Connected,
    durability: Durability,
    work: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Outcome<T> {
    if connected.batch.is_none() {
        if let Err(error) = begin(connected, durability) {
            return Ok(Err(error.into()));
        }
        connected.batch = Some(Batch { number: connected.next_batch, writes: 0, durability });
        connected.next_batch += 1;
    }
    let savepoint = match connected.conn.savepoint() {
        Ok(savepoint) => savepoint,
        Err(error) => return Ok(Err(error.into())),
    };
    // The savepoint rolls back when dropped unless committed: on `Err` and on unwinding alike.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(&savepoint)));
    match outcome {
        Ok(Ok(value)) => Ok(savepoint.commit().map(|()| value).map_err(StoreError::from)),
        other => other,
    }
}

/// Sets `synchronous` for the commit to come, then begins the batch's transaction.
fn begin(connected: &mut Connected, durability: Durability) -> Result<(), rusqlite::Error> {
    if connected.synchronous != durability {
        connected.conn.pragma_update(None, "synchronous", durability.pragma())?;
        connected.synchronous = durability;
    }
    connected.conn.execute_batch("BEGIN IMMEDIATE")
}

/// Commits; on failure, makes sure nothing of the batch stays open.
fn commit(connected: &mut Connected) -> Result<(), rusqlite::Error> {
    let result = connected.conn.execute_batch("COMMIT");
    if result.is_err() && !connected.conn.is_autocommit() {
        let _ = connected.conn.execute_batch("ROLLBACK");
    }
    result
}

#[cfg(test)]
mod tests {

    use std::sync::Arc;
    use std::thread;
    use std::time::{Duration, Instant};

    use super::*;

    /// A writer over a fresh WAL file with table `t(x)`, and a reader of it.
    fn writer() -> (tempfile::TempDir, Arc<Writer>, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("writer.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "FULL").unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE t (x INTEGER NOT NULL,
                 parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);",
        )
        .unwrap();
        let reader = Connection::open(&path).unwrap();
        (dir, Arc::new(Writer::new(conn)), reader)
    }

    fn rows(reader: &Connection) -> Vec<i64> {
        let mut statement = reader.prepare("SELECT x FROM t ORDER BY x").unwrap();
        statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
    }

    fn batches(writer: &Writer) -> u64 {
        lock(&writer.commits).ended_below
    }

    /// Spins until another thread is queued for the connection (so this writer's batch stays open
    /// for it), with a deadline so a broken protocol fails the test instead of hanging it.
    fn until_someone_queued(writer: &Writer) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while writer.queued.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < deadline, "nobody queued behind the first writer");
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// Spins until some thread holds the connection.
    fn until_the_connection_is_taken(writer: &Writer) {
        while writer.connected.try_lock().is_ok() {
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// Runs `first` (which waits until `second` is queued) and `second` concurrently.
    fn two_writers<A, B>(
        writer: &Arc<Writer>,
        first: A,
        second: B,
    ) -> (thread::Result<Result<(), StoreError>>, Result<(), StoreError>)
    where
        A: FnOnce(&Connection) -> Result<(), StoreError> + Send + 'static,
        B: FnOnce(&Connection) -> Result<(), StoreError> + Send + 'static,
    {
        let leader = Arc::clone(writer);
        let waiting = Arc::clone(writer);
        let first = thread::spawn(move || {
            leader.write(Durability::Full, |conn| {
                let result = first(conn);
                until_someone_queued(&leader);
                result
            })
        });
        until_the_connection_is_taken(&waiting);
        let second = waiting.write(Durability::Full, second);
        (first.join(), second)
    }

    fn insert(x: i64) -> impl FnOnce(&Connection) -> Result<(), StoreError> + Send + 'static {
        move |conn| {
            conn.execute("INSERT INTO t (x) VALUES (?1)", [x])?;
            Ok(())
        }
    }

    #[test]
    fn a_lone_write_commits_at_once() {
        let (_dir, writer, reader) = writer();
        writer.write(Durability::Full, insert(1)).unwrap();
        assert_eq!(rows(&reader), [1]);
        assert_eq!(batches(&writer), 1);
    }

    #[test]
    fn a_writer_with_someone_queued_shares_one_commit_and_both_return_after_it() {
        let (_dir, writer, reader) = writer();
        let (first, second) = two_writers(&writer, insert(1), insert(2));
        first.unwrap().unwrap();
        second.unwrap();
        assert_eq!(rows(&reader), [1, 2]);
        assert_eq!(batches(&writer), 1, "two writes, one commit");
    }

    #[test]
    fn a_failed_write_rolls_back_alone() {
        let (_dir, writer, reader) = writer();
        let failing = |conn: &Connection| -> Result<(), StoreError> {
            conn.execute("INSERT INTO t (x) VALUES (2)", [])?;
            Err(StoreError::NotFound { what: "submission" })
        };
        let (first, second) = two_writers(&writer, insert(1), failing);
        first.unwrap().unwrap();
        assert!(matches!(second, Err(StoreError::NotFound { .. })), "{second:?}");
        assert_eq!(rows(&reader), [1]);
    }

    #[test]
    fn a_panicking_write_rolls_back_alone_and_the_panic_reaches_its_caller() {
        let (_dir, writer, reader) = writer();
        let panicking = |conn: &Connection| -> Result<(), StoreError> {
            conn.execute("INSERT INTO t (x) VALUES (1)", [])?;
            panic!("work panicked after writing")
        };
        let first = {
            let writer = Arc::clone(&writer);
            thread::spawn(move || writer.write(Durability::Full, panicking))
        };
        assert!(first.join().is_err(), "the panic resumes in the caller");
        writer.write(Durability::Full, insert(2)).unwrap();
        assert_eq!(rows(&reader), [2]);
    }

    #[test]
    fn a_failed_commit_fails_every_write_of_the_batch_and_keeps_none() {
        let (_dir, writer, reader) = writer();
        // A deferred foreign key passes the savepoint and fails only at COMMIT.
        let orphan = |conn: &Connection| -> Result<(), StoreError> {
            conn.execute("INSERT INTO t (x, parent) VALUES (1, 99)", [])?;
            Ok(())
        };
        let (first, second) = two_writers(&writer, orphan, insert(2));
        assert!(matches!(first.unwrap(), Err(StoreError::Backend { .. })));
        assert!(matches!(second, Err(StoreError::Backend { .. })), "{second:?}");
        assert!(rows(&reader).is_empty());
        assert!(lock(&writer.commits).failed.is_empty(), "every failure was read");
        writer.write(Durability::Normal, insert(3)).unwrap();
        assert_eq!(rows(&reader), [3]);
    }

    #[test]
    fn a_write_needing_more_durability_ends_a_weaker_open_batch_first() {
        let (_dir, writer, reader) = writer();
        let leader = Arc::clone(&writer);
        let first = thread::spawn(move || {
            leader.write(Durability::Normal, |conn| {
                insert(1)(conn)?;
                until_someone_queued(&leader);
                Ok(())
            })
        });
        until_the_connection_is_taken(&writer);
        writer.write(Durability::Full, insert(2)).unwrap();
        first.join().unwrap().unwrap();
        assert_eq!(rows(&reader), [1, 2]);
        assert_eq!(batches(&writer), 2, "the NORMAL batch, then the FULL one");
        assert_eq!(lock(&writer.connected).synchronous, Durability::Full);
    }

    #[test]
    fn many_concurrent_writers_all_land_exactly_once() {
        let (_dir, writer, reader) = writer();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let writer = Arc::clone(&writer);
                thread::spawn(move || {
                    for i in 0..100 {
                        let durability =
                            if i % 2 == 0 { Durability::Full } else { Durability::Normal };
                        writer.write(durability, insert(t * 1000 + i)).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let mut expected: Vec<i64> =
            (0..8).flat_map(|t| (0..100).map(move |i| t * 1000 + i)).collect();
        expected.sort_unstable();
        assert_eq!(rows(&reader), expected);
        assert!(batches(&writer) <= 800);
    }
}
