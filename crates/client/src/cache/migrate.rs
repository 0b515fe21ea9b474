//! Schema migrations of the cache: numbered SQL files under `migrations/`, each applied once in its
//! own transaction and recorded with its SHA-256; a recorded migration whose file changed since is
//! refused ([`CacheError::MigrationEdited`]). Files are never edited once landed; new ones are added.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::error::CacheError;
use super::time::millis;

/// `(version, SQL)`, in order.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_cache.sql")),
    (2, include_str!("migrations/0002_body_calendar_version.sql")),
    (3, include_str!("migrations/0003_photo_checks.sql")),
    (4, include_str!("migrations/0004_undo_and_today.sql")),
];

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

pub fn migrate(
    conn: &mut Connection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), CacheError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS migrations (
             version    INTEGER PRIMARY KEY,
             sha256     TEXT NOT NULL,
             applied_at INTEGER NOT NULL
         )",
    )?;
    let newest: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM migrations", [], |row| row.get(0))?;
    let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    if let Some(newest) = newest.filter(|newest| *newest > known) {
        return Err(CacheError::TooNew { version: newest });
    }
    for (version, sql) in MIGRATIONS {
        let recorded: Option<String> = conn
            .query_row("SELECT sha256 FROM migrations WHERE version = ?1", [version], |row| {
                row.get(0)
            })
            .optional()?;
        match recorded {
            Some(sha) if sha == checksum(sql) => {}
            Some(_) => return Err(CacheError::MigrationEdited { version: *version }),
            None => {
                let tx = conn.transaction()?;
                tx.execute_batch(sql)?;
                tx.execute(
                    "INSERT INTO migrations (version, sha256, applied_at) VALUES (?1, ?2, ?3)",
                    params![version, checksum(sql), millis(now)],
                )?;
                tx.commit()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(1_772_416_800, 0).unwrap_or_default()
    }

    #[test]
    fn applies_once_and_refuses_edited_or_newer_schemas() -> Result<(), CacheError> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn, now())?;
        migrate(&mut conn, now())?;
        let count: u32 = conn.query_row("SELECT COUNT(*) FROM migrations", [], |r| r.get(0))?;
        assert_eq!(count as usize, MIGRATIONS.len());

        conn.execute("UPDATE migrations SET sha256 = 'x' WHERE version = 1", [])?;
        assert!(matches!(
            migrate(&mut conn, now()),
            Err(CacheError::MigrationEdited { version: 1 })
        ));

        conn.execute(
            "UPDATE migrations SET sha256 = ?1 WHERE version = 1",
            [checksum(MIGRATIONS[0].1)],
        )?;
        conn.execute("INSERT INTO migrations VALUES (99, 'y', 0)", [])?;
        assert!(matches!(migrate(&mut conn, now()), Err(CacheError::TooNew { version: 99 })));
        Ok(())
    }
}
