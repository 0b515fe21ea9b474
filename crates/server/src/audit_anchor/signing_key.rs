//! The audit signing key: an Ed25519 key in a file outside the database, readable by the service
//! user only (mode 0600), created on the server's first start. The file holds the 32-byte secret
//! as hex under a comment line. A key file others may read is refused, as ssh refuses one.
//!
//! Creation is safe when several processes start at once on shared storage: the key is written
//! to a temporary file of its own, made durable, then hard-linked to its name, which fails if
//! another process linked its key first; that one is then read.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use reviewdesk_domain::audit_checkpoint::{signed_message, AuditCheckpoint};

/// The key file's name in the data directory when `audit.signing_key_file` names none.
pub const DEFAULT_FILE_NAME: &str = "audit-signing.key";

const HEADER: &str = "# reviewdesk-server audit signing key (Ed25519). Keep it secret: it signs the \
                      audit log's checkpoints. Its public key: `reviewdesk-server audit public-key`.";

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error(
        "no audit signing key at {path} (the server creates it on its first start; or give the \
         public key with --public-key)"
    )]
    Missing { path: PathBuf },
    #[error("cannot read the audit signing key {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot create the audit signing key {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error(
        "the audit signing key {path} may be read by other users (mode {mode:o}); allow its owner \
         only: chmod 600 {path}"
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{path} is not an audit signing key: {problem}")]
    Malformed { path: PathBuf, problem: &'static str },
    #[error("cannot draw a new key from the operating system's randomness: {0}")]
    Random(String),
}

/// The server's signing key, read from (or created in) its file.
pub struct AuditSigningKey {
    key: SigningKey,
}

impl std::fmt::Debug for AuditSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditSigningKey").field("public_key", &self.public_key_hex()).finish()
    }
}

impl AuditSigningKey {
    /// Reads the key at `path`; creates it (mode 0600) if there is none.
    pub fn load_or_create(path: &Path) -> Result<AuditSigningKey, KeyFileError> {
        match AuditSigningKey::load(path) {
            Err(KeyFileError::Missing { .. }) => AuditSigningKey::create(path),
            other => other,
        }
    }

    /// Reads the key at `path`.
    pub fn load(path: &Path) -> Result<AuditSigningKey, KeyFileError> {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyFileError::Missing { path: path.to_owned() })
            }
            Err(source) => return Err(KeyFileError::Read { path: path.to_owned(), source }),
        };
        check_private(path, &metadata)?;
        let text = std::fs::read_to_string(path)
            .map_err(|source| KeyFileError::Read { path: path.to_owned(), source })?;
        let malformed = |problem| KeyFileError::Malformed { path: path.to_owned(), problem };
        let mut lines =
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        let line = lines.next().ok_or_else(|| malformed("it holds no key"))?;
        if lines.next().is_some() {
            return Err(malformed("it holds more than one line besides comments"));
        }
        let mut secret = [0u8; 32];
        hex::decode_to_slice(line, &mut secret)
            .map_err(|_| malformed("the key is not 64 hexadecimal digits"))?;
        Ok(AuditSigningKey { key: SigningKey::from_bytes(&secret) })
    }

    fn create(path: &Path) -> Result<AuditSigningKey, KeyFileError> {
        let failed = |source| KeyFileError::Create { path: path.to_owned(), source };
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| KeyFileError::Random(e.to_string()))?;
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(failed)?;
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).map_err(|e| KeyFileError::Random(e.to_string()))?;
        let temporary = dir.join(format!(".{DEFAULT_FILE_NAME}.{}.tmp", hex::encode(suffix)));
        let written = write_private(&temporary, &format!("{HEADER}\n{}\n", hex::encode(secret)));
        let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
        let _ = std::fs::remove_file(&temporary);
        match linked {
            Ok(()) => {
                sync_dir(&dir);
                Ok(AuditSigningKey { key: SigningKey::from_bytes(&secret) })
            }
            // Another process created it first: use theirs.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                AuditSigningKey::load(path)
            }
            Err(error) => Err(failed(error)),
        }
    }

    /// The public key, lower-case hex (what `audit public-key` prints).
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// A checkpoint of event `seq` with hash `hash`, signed now (`at`, RFC 3339 text).
    pub fn sign(&self, seq: u64, hash: &str, at: &str) -> AuditCheckpoint {
        let signature = self.key.sign(&signed_message(seq, hash, at));
        AuditCheckpoint {
            seq,
            hash: hash.to_owned(),
            at: at.to_owned(),
            public_key: self.public_key_hex(),
            signature: hex::encode(signature.to_bytes()),
        }
    }
}

#[cfg(unix)]
fn check_private(path: &Path, metadata: &std::fs::Metadata) -> Result<(), KeyFileError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::TooOpen { path: path.to_owned(), mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _metadata: &std::fs::Metadata) -> Result<(), KeyFileError> {
    Ok(())
}

/// Writes `text` to a new file readable and writable by its owner only, and makes it durable.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Makes a new name in `dir` durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_private_once_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join(DEFAULT_FILE_NAME);
        assert!(matches!(AuditSigningKey::load(&path), Err(KeyFileError::Missing { .. })));
        let created = AuditSigningKey::load_or_create(&path).unwrap();
        let again = AuditSigningKey::load_or_create(&path).unwrap();
        assert_eq!(created.public_key_hex(), again.public_key_hex());
        assert_eq!(created.public_key_hex().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DEFAULT_FILE_NAME);
        AuditSigningKey::load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = AuditSigningKey::load_or_create(&path).unwrap_err();
        assert!(matches!(refused, KeyFileError::TooOpen { mode: 0o644, .. }), "{refused}");
        assert!(refused.to_string().contains("chmod 600"));
    }

    #[test]
    fn a_malformed_key_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        for (text, problem) in [
            ("# only a comment\n", "holds no key"),
            ("zz\n", "64 hexadecimal"),
            (&format!("{}\n{}\n", "ab".repeat(32), "cd".repeat(32)) as &str, "more than one"),
        ] {
            let path = dir.path().join(format!("k{}", text.len()));
            write_private(&path, text).unwrap();
            let error = AuditSigningKey::load(&path).unwrap_err();
            assert!(error.to_string().contains(problem), "{error}");
        }
    }
}
