//! Secrets the client keeps: the session token and the cache key, in the OS keyring (Secret
//! Service on Linux, Keychain on macOS, Credential Manager on Windows), never in a file or in the
//! cache. [`SecretStore`] is the seam: [`OsKeyring`] in the app, [`MemorySecrets`] in unit tests.

use std::collections::HashMap;
use std::sync::Mutex;

use reviewdesk_domain::ErrorCode;

/// The keyring's service name the desktop uses.
pub const SERVICE: &str = "reviewdesk";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// The keyring cannot be reached or is locked.
    #[error("无法访问系统密钥环（{detail}），请确认密钥环服务已启动并已解锁")]
    Unavailable { detail: String },
    /// The keyring holds something that is not what the client stored.
    #[error("系统密钥环中的“{name}”内容无效")]
    BadValue { name: String },
}

impl SecretError {
    /// Stable snake_case code.
    pub fn code(&self) -> ErrorCode {
        match self {
            SecretError::Unavailable { .. } => ErrorCode::KeyringUnavailable,
            SecretError::BadValue { .. } => ErrorCode::KeyringBadValue,
        }
    }
}

/// Named secrets: read, write, delete. Deleting an absent secret is not an error.
pub trait SecretStore: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, name: &str, value: &str) -> Result<(), SecretError>;
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}

/// The operating system's keyring (`keyring` crate), under one service name.
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    pub fn new(service: &str) -> OsKeyring {
        OsKeyring { service: service.to_owned() }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, name).map_err(unavailable)
    }
}

impl Default for OsKeyring {
    fn default() -> Self {
        OsKeyring::new(SERVICE)
    }
}

fn unavailable(error: keyring::Error) -> SecretError {
    SecretError::Unavailable { detail: error.to_string() }
}

impl SecretStore for OsKeyring {
    fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(keyring::Error::BadEncoding(_)) => {
                Err(SecretError::BadValue { name: name.to_owned() })
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), SecretError> {
        self.entry(name)?.set_password(value).map_err(unavailable)
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}

/// Secrets in memory, shared by every handle to the same store: for tests and for a machine with
/// no keyring (nothing survives the process).
#[derive(Debug, Default)]
pub struct MemorySecrets {
    values: Mutex<HashMap<String, String>>,
}

impl MemorySecrets {
    fn values(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.values.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many secrets are held.
    pub fn len(&self) -> usize {
        self.values().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of the one secret whose name starts with `prefix` (for tests).
    pub fn get_named(&self, prefix: &str) -> Option<String> {
        let values = self.values();
        let mut found = values.iter().filter(|(name, _)| name.starts_with(prefix));
        match (found.next(), found.next()) {
            (Some((_, value)), None) => Some(value.clone()),
            _ => None,
        }
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, name: &str) -> Result<Option<String>, SecretError> {
        Ok(self.values().get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> Result<(), SecretError> {
        self.values().insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.values().remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_secrets_set_get_replace_and_delete() -> Result<(), SecretError> {
        let store = MemorySecrets::default();
        assert_eq!(store.get("a")?, None);
        store.set("a", "1")?;
        store.set("a", "2")?;
        assert_eq!(store.get("a")?.as_deref(), Some("2"));
        store.delete("a")?;
        store.delete("a")?;
        assert!(store.is_empty());
        Ok(())
    }
}
