//! Migration checksums, shared by both stores: a migration is applied once, its SHA-256 recorded,
//! and a recorded migration whose text has changed since is refused (`MigrationEdited`) instead of
//! being silently skipped.

use sha2::{Digest, Sha256};

use super::StoreError;

pub fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Whether migration `version` still needs applying, given the checksum recorded for it (if any).
pub fn needs_applying(version: u32, recorded: Option<&str>, sql: &str) -> Result<bool, StoreError> {
    match recorded {
        None => Ok(true),
        Some(sum) if sum == checksum(sql) => Ok(false),
        Some(_) => Err(StoreError::MigrationEdited { version }),
    }
}
