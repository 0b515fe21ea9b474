//! Schema migrations of the SQLite store: applied in order, once each, each in its own transaction,
//! and checksummed so a migration edited after it landed is refused instead of silently skipped.

use crate::migration_sums::{checksum, needs_applying};
use crate::StoreError;
use rusqlite::{params, Connection, OptionalExtension};

/// (version, SQL), in order. Append only: never edit or remove a landed migration.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_auth.sql")),
    (3, include_str!("migrations/0003_image_findings.sql")),
    (4, include_str!("migrations/0004_supervision.sql")),
    (5, include_str!("migrations/0005_retention.sql")),
    (6, include_str!("migrations/0006_calendar.sql")),
    (7, include_str!("migrations/0007_released_leases.sql")),
    (8, include_str!("migrations/0008_photo_check_work.sql")),
    (9, include_str!("migrations/0009_account_lifecycle.sql")),
    (10, include_str!("migrations/0010_audit_checkpoints.sql")),
    (11, include_str!("migrations/0011_overridden_findings.sql")),
    (12, include_str!("migrations/0012_case_numbers.sql")),
    (13, include_str!("migrations/0013_saved_views.sql")),
    (14, include_str!("migrations/0014_photo_hashes.sql")),
    (15, include_str!("migrations/0015_identity_boards.sql")),
    (16, include_str!("migrations/0016_face_calibrations.sql")),
];

/// Brings the database to the newest schema.
pub(super) fn migrate(conn: &mut Connection, now: &str) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             checksum   TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    for &(version, sql) in MIGRATIONS {
        let applied: Option<String> = conn
            .query_row(
                "SELECT checksum FROM schema_migrations WHERE version = ?1",
                [version],
                |row| row.get(0),
            )
            .optional()?;
        if needs_applying(version, applied.as_deref(), sql)? {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, checksum, applied_at) VALUES (?1, ?2, ?3)",
                params![version, checksum(sql), now],
            )?;
            tx.commit()?;
        }
    }
    Ok(())
}

/// The newest schema version this build knows.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |&(version, _)| version)
}
