//! Photos stored content-addressed: `images/ab/abcdef….jpg` under the data directory, named by
//! the SHA-256 of their bytes. A write goes to a temporary file in the same folder, is fsynced,
//! renamed into place and the folder fsynced, so a file either exists whole or not at all. The
//! same bytes stored twice are written once.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct ImageFiles {
    root: PathBuf,
}

/// Whether `text` is a lower-case hex SHA-256, the only names this store makes or reads.
fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn not_a_hash(sha256: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("not a SHA-256: {sha256:?}"))
}

impl ImageFiles {
    /// Images under `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> ImageFiles {
        ImageFiles { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, sha256: &str) -> io::Result<PathBuf> {
        if !is_sha256_hex(sha256) {
            return Err(not_a_hash(sha256));
        }
        let shard = sha256.get(..2).ok_or_else(|| not_a_hash(sha256))?;
        Ok(self.root.join(shard).join(format!("{sha256}.jpg")))
    }

    /// Stores `bytes` and returns their SHA-256 (lower-case hex).
    pub fn put(&self, bytes: &[u8]) -> io::Result<String> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha256)?;
        if path.exists() {
            // Fresh again: retention removes only files untouched for a while, so a photo
            // uploaded again is never removed between this write and its submission's row.
            File::options().write(true).open(&path)?.set_modified(SystemTime::now())?;
            return Ok(sha256);
        }
        let folder = path.parent().ok_or_else(|| not_a_hash(&sha256))?;
        fs::create_dir_all(folder)?;
        let temporary = folder.join(format!(".{sha256}.{}.tmp", uuid::Uuid::new_v4()));
        let written = (|| {
            let mut file = File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temporary, &path)?;
            File::open(folder)?.sync_all()
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written.map(|()| sha256)
    }

    /// The bytes stored under `sha256`.
    pub fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        fs::read(self.path_of(sha256)?)
    }

    /// Removes the photo stored under `sha256` if it was last written before `cutoff`; whether
    /// it did. A photo that is not there is not an error.
    pub fn remove_if_older(&self, sha256: &str, cutoff: SystemTime) -> io::Result<bool> {
        let path = self.path_of(sha256)?;
        let modified = match fs::metadata(&path).and_then(|meta| meta.modified()) {
            Ok(modified) => modified,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(error) => return Err(error),
        };
        if modified >= cutoff {
            return Ok(false);
        }
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Every stored photo last written before `cutoff` (temporary files are not photos).
    pub fn stored_before(&self, cutoff: SystemTime) -> io::Result<Vec<String>> {
        let mut found = Vec::new();
        let shards = match fs::read_dir(&self.root) {
            Ok(shards) => shards,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(found),
            Err(error) => return Err(error),
        };
        for shard in shards {
            let shard = shard?;
            if !shard.file_type()?.is_dir() {
                continue;
            }
            for file in fs::read_dir(shard.path())? {
                let file = file?;
                let name = file.file_name();
                let Some(sha256) = name.to_str().and_then(|n| n.strip_suffix(".jpg")) else {
                    continue;
                };
                if is_sha256_hex(sha256) && file.metadata()?.modified()? < cutoff {
                    found.push(sha256.to_owned());
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_hash_once_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let files = ImageFiles::new(dir.path().join("images"));
        let sha = files.put(b"abc").unwrap();
        assert_eq!(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let path = dir.path().join("images/ba").join(format!("{sha}.jpg"));
        assert_eq!(fs::read(&path).unwrap(), b"abc");
        assert_eq!(files.put(b"abc").unwrap(), sha);
        assert_eq!(files.read(&sha).unwrap(), b"abc");
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn only_hashes_name_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = ImageFiles::new(dir.path());
        assert!(files.read("../../etc/passwd").is_err());
        assert!(files.read(&"A".repeat(64)).is_err());
        assert_eq!(files.read(&"a".repeat(64)).unwrap_err().kind(), io::ErrorKind::NotFound);
    }
}
