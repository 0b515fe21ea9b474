//! Who is signed in where: [`Account`] (server URL, username, the user the server returned), kept
//! in `account.json` in the data directory (no secret in it), and the names derived from it: the
//! cache file and the two keyring entries (session token, cache key).

use std::path::{Path, PathBuf};

use reviewdesk_domain::wire::User;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ClientError;

const ACCOUNT_FILE: &str = "account.json";

/// The signed-in (or last signed-in) account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Account {
    pub server_url: String,
    pub username: String,
    pub user: User,
}

/// A short stable id for a server and username: names its cache file and keyring entries.
pub fn slot(server_url: &str, username: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{username}", server_url.trim_end_matches('/')));
    hex::encode(&digest[..8])
}

pub fn session_secret(slot: &str) -> String {
    format!("session/{slot}")
}

pub fn cache_key_secret(slot: &str) -> String {
    format!("cache-key/{slot}")
}

pub fn cache_path(data_dir: &Path, slot: &str) -> PathBuf {
    data_dir.join("cache").join(format!("{slot}.sqlite3"))
}

fn file_error(error: impl std::fmt::Display) -> ClientError {
    ClientError::AccountFile(error.to_string())
}

pub fn load(data_dir: &Path) -> Result<Option<Account>, ClientError> {
    match std::fs::read(data_dir.join(ACCOUNT_FILE)) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).map_err(file_error)?)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(file_error(error)),
    }
}

pub fn save(data_dir: &Path, account: &Account) -> Result<(), ClientError> {
    std::fs::create_dir_all(data_dir).map_err(file_error)?;
    let temporary = data_dir.join(format!("{ACCOUNT_FILE}.tmp"));
    let bytes = serde_json::to_vec_pretty(account).map_err(file_error)?;
    std::fs::write(&temporary, bytes).map_err(file_error)?;
    std::fs::rename(&temporary, data_dir.join(ACCOUNT_FILE)).map_err(file_error)
}

pub fn remove(data_dir: &Path) -> Result<(), ClientError> {
    match std::fs::remove_file(data_dir.join(ACCOUNT_FILE)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(file_error(error)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_depend_on_server_and_username_only() {
        assert_eq!(slot("http://a:1/", "wang"), slot("http://a:1", "wang"));
        assert_ne!(slot("http://a:1", "wang"), slot("http://a:1", "li"));
        assert_ne!(slot("http://a:1", "wang"), slot("http://b:1", "wang"));
        assert_eq!(slot("http://a:1", "wang").len(), 16);
    }
}
