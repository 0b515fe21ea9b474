//! Bearer secrets: session tokens for staff and API keys for the applicant-facing system. Each is
//! 32 bytes from the operating system's CSPRNG, written as base64url after a short prefix that says
//! what it is (`rds_` session, `rdk_` intake key) so a leaked one is recognisable. Only the SHA-256
//! of a secret is stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::AuthError;

/// Random bytes in every secret.
const SECRET_BYTES: usize = 32;

/// What a secret is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    Session,
    IntakeKey,
}

impl SecretKind {
    fn prefix(self) -> &'static str {
        match self {
            SecretKind::Session => "rds_",
            SecretKind::IntakeKey => "rdk_",
        }
    }
}

/// A freshly made secret: `secret` goes to its holder once, `hash` to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedSecret {
    pub secret: String,
    pub hash: String,
}

impl IssuedSecret {
    /// Makes a new random secret of `kind`.
    pub fn new(kind: SecretKind) -> Result<IssuedSecret, AuthError> {
        let mut bytes = [0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|error| AuthError::Random(error.to_string()))?;
        let secret = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes));
        let hash = secret_hash(&secret);
        Ok(IssuedSecret { secret, hash })
    }
}

/// Lower-case hex SHA-256 of a presented secret: what the store looks it up by.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_random_and_stored_by_hash() {
        let a = IssuedSecret::new(SecretKind::Session).unwrap();
        let b = IssuedSecret::new(SecretKind::Session).unwrap();
        assert!(a.secret.starts_with("rds_"));
        assert_eq!(a.secret.len(), 4 + 43);
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.hash, secret_hash(&a.secret));
        assert_eq!(a.hash.len(), 64);
        assert!(IssuedSecret::new(SecretKind::IntakeKey).unwrap().secret.starts_with("rdk_"));
    }

    #[test]
    fn the_hash_is_plain_sha256() {
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
