//! Online backup and restore of the embedded (SQLite) deployment: `reviewdesk-server backup` and
//! `restore`. PostgreSQL deployments use `pg_dump` (README).
//!
//! A backup is a consistent snapshot taken while `serve` runs: `VACUUM INTO` copies the database
//! as one read transaction sees it (WAL mode lets writers go on; the copy is also compacted, and
//! needs no extra rusqlite feature), then the photos every row of *that copy* references are
//! copied. Intake stores its photos before its row commits, so every photo the snapshot names
//! already exists. The copy is then verified like a restore source: `PRAGMA integrity_check`, the
//! audit chain (`reviewdesk_domain::audit::verify`), and every referenced photo present.

use std::fs;
use std::path::{Path, PathBuf};

use reviewdesk_domain::audit::verify as verify_chain;
use rusqlite::{Connection, OpenFlags};

use crate::data_dir::DataDir;
use crate::store::sqlite::SqliteStore;
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} is not empty (restore --force replaces it)")]
    NotEmpty(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the copy fails the integrity check: {0}")]
    Integrity(String),
    #[error("the copy's audit chain is broken: {0}")]
    AuditChain(String),
    #[error(
        "the copy lacks {missing} of the {referenced} photos its rows reference (first: {first})"
    )]
    MissingImages { missing: usize, referenced: usize, first: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    pub submissions: u64,
    pub images: u64,
    pub audit_events: u64,
}

fn is_empty_dir(path: &Path) -> Result<bool, BackupError> {
    match fs::read_dir(path) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(BackupError::Io { path: path.to_path_buf(), source: error }),
    }
}

/// Every photo hash the database's rows reference, sorted, without repeats.
fn referenced_images(database: &Path) -> Result<Vec<String>, BackupError> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement = conn.prepare(
        "SELECT portrait_sha256 FROM submissions WHERE purged_at IS NULL
         UNION SELECT emblem_sha256 FROM submissions WHERE purged_at IS NULL
         UNION SELECT handheld_sha256 FROM submissions WHERE purged_at IS NULL
         ORDER BY 1",
    )?;
    let shas = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
    Ok(shas)
}

fn image_path(root: &Path, sha: &str) -> PathBuf {
    root.join("images").join(sha.get(..2).unwrap_or("00")).join(format!("{sha}.jpg"))
}

/// Checks a data directory as a backup must be: integrity, audit chain, photos.
pub fn verify(dir: &DataDir) -> Result<CopyReport, BackupError> {
    let database = dir.database();
    if !database.exists() {
        return Err(BackupError::NoDatabase(database));
    }
    {
        let conn = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let result: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if result != "ok" {
            return Err(BackupError::Integrity(result));
        }
    }
    let store = SqliteStore::open(&database).map_err(|e| BackupError::Integrity(e.to_string()))?;
    let chain = store.audit_chain().map_err(|e| BackupError::AuditChain(e.to_string()))?;
    let audit_events = verify_chain(&chain).map_err(|e| BackupError::AuditChain(e.to_string()))?;
    drop(store);
    let referenced = referenced_images(&database)?;
    let missing: Vec<&String> =
        referenced.iter().filter(|sha| !image_path(dir.root(), sha).exists()).collect();
    if let Some(first) = missing.first() {
        return Err(BackupError::MissingImages {
            missing: missing.len(),
            referenced: referenced.len(),
            first: (*first).clone(),
        });
    }
    let conn = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let submissions: i64 = conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get(0))?;
    Ok(CopyReport {
        submissions: submissions.unsigned_abs(),
        images: referenced.len() as u64,
        audit_events,
    })
}

fn copy_images(from: &Path, to: &Path, shas: &[String]) -> Result<(), BackupError> {
    for sha in shas {
        let source = image_path(from, sha);
        let target = image_path(to, sha);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder).map_err(io(folder))?;
        }
        fs::copy(&source, &target).map_err(io(&source))?;
    }
    Ok(())
}

/// Copies the live data directory `source` into `dest` (a new or empty folder) and verifies it.
pub fn backup(source: &DataDir, dest: &DataDir) -> Result<CopyReport, BackupError> {
    let database = source.database();
    if !database.exists() {
        return Err(BackupError::NoDatabase(database));
    }
    if !is_empty_dir(dest.root())? {
        return Err(BackupError::NotEmpty(dest.root().to_path_buf()));
    }
    fs::create_dir_all(dest.root()).map_err(io(dest.root()))?;
    let conn = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let target = dest.database();
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy().as_ref()])?;
    drop(conn);
    copy_images(source.root(), dest.root(), &referenced_images(&target)?)?;
    verify(dest)
}

/// Verifies the backup `source`, then copies it into `dest` (refused when `dest` holds anything,
/// unless `force`: then its database and photos are replaced).
pub fn restore(source: &DataDir, dest: &DataDir, force: bool) -> Result<CopyReport, BackupError> {
    verify(source)?;
    if !is_empty_dir(dest.root())? {
        if !force {
            return Err(BackupError::NotEmpty(dest.root().to_path_buf()));
        }
        for name in ["reviewdesk.db", "reviewdesk.db-wal", "reviewdesk.db-shm"] {
            let path = dest.root().join(name);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(BackupError::Io { path, source: error }),
            }
        }
        let images = dest.root().join("images");
        if images.exists() {
            fs::remove_dir_all(&images).map_err(io(&images))?;
        }
    }
    fs::create_dir_all(dest.root()).map_err(io(dest.root()))?;
    fs::copy(source.database(), dest.database()).map_err(io(&source.database()))?;
    copy_images(source.root(), dest.root(), &referenced_images(&source.database())?)?;
    verify(dest)
}
