//! Schema migrations of the PostgreSQL store: its own list (`migrations/NNNN_name.sql`), applied
//! in order, once each, all in one transaction (DDL is transactional in PostgreSQL), checksummed
//! like the SQLite store's
//! ([`crate::migration_sums`]). Several server instances may start at once: a
//! transaction-level advisory lock makes them migrate one after the other.

use postgres::Client;

use crate::migration_sums::{checksum, needs_applying};
use crate::StoreError;

/// (version, SQL), in order. Append only: never edit or remove a landed migration.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_audit_append_in_sql.sql")),
    (3, include_str!("migrations/0003_queue_unleased_in_claim_order.sql")),
    (4, include_str!("migrations/0004_audit_append_one_insert.sql")),
    (5, include_str!("migrations/0005_supervision.sql")),
    (6, include_str!("migrations/0006_retention.sql")),
    (7, include_str!("migrations/0007_group_claims.sql")),
    (8, include_str!("migrations/0008_calendar.sql")),
    (9, include_str!("migrations/0009_released_leases.sql")),
    (10, include_str!("migrations/0010_photo_check_work.sql")),
    (11, include_str!("migrations/0011_account_lifecycle.sql")),
    (12, include_str!("migrations/0012_audit_checkpoints.sql")),
    (13, include_str!("migrations/0013_overridden_findings.sql")),
    (14, include_str!("migrations/0014_case_numbers.sql")),
    (15, include_str!("migrations/0015_saved_views.sql")),
    (16, include_str!("migrations/0016_photo_hashes.sql")),
    (17, include_str!("migrations/0017_identity_boards.sql")),
    (18, include_str!("migrations/0018_face_calibrations.sql")),
];

/// The advisory lock key migrations hold (any constant; "rdmigr" in ASCII).
const MIGRATION_LOCK: i64 = 0x7264_6d69_6772;

/// Brings the database to the newest schema.
pub(super) fn migrate(client: &mut Client, now: &str) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             checksum   TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    for &(version, sql) in MIGRATIONS {
        let number = i32::try_from(version)
            .map_err(|_| StoreError::Corrupt { detail: format!("migration {version}") })?;
        let recorded: Option<String> = tx
            .query_opt("SELECT checksum FROM schema_migrations WHERE version = $1", &[&number])?
            .map(|row| row.try_get(0))
            .transpose()?;
        if needs_applying(version, recorded.as_deref(), sql)? {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ($1, $2, $3)",
                &[&number, &checksum(sql), &now],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The newest schema version this build knows.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |&(version, _)| version)
}
