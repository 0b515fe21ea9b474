//! Encryption at rest: every personal value of the cache (identity, findings, photos, lease tokens,
//! decisions) is sealed with XChaCha20-Poly1305 under the caller's 32-byte [`CacheKey`], with a
//! fresh random nonce, and with associated data naming its table, column and row id, so a sealed
//! value copied into another row, column or table does not open.
//!
//! A sealed value is `version (1 byte) ‖ nonce (24) ‖ ciphertext and tag`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::error::CacheError;

const VERSION: u8 = 1;
const NONCE_BYTES: usize = 24;
const AD_PREFIX: &str = "reviewdesk-cache/v1";

/// The cache's 32-byte key. Kept in the OS keyring by the engine; never written to a file.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheKey([u8; 32]);

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(…)")
    }
}

impl CacheKey {
    pub fn from_bytes(bytes: [u8; 32]) -> CacheKey {
        CacheKey(bytes)
    }

    /// A new random key from the operating system.
    pub fn generate() -> Result<CacheKey, CacheError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| CacheError::Random(error.to_string()))?;
        Ok(CacheKey(bytes))
    }

    /// Lower-case hex, for the keyring.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<CacheKey> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(CacheKey(bytes.try_into().ok()?))
    }
}

/// Where a sealed value lives: what its associated data binds it to.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub id: &'a str,
}

impl Place<'_> {
    fn associated_data(&self) -> Vec<u8> {
        [AD_PREFIX, self.table, self.column, self.id].join("\0").into_bytes()
    }
}

/// Seals and opens values with one key.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    pub fn new(key: &CacheKey) -> Sealer {
        Sealer { cipher: XChaCha20Poly1305::new(Key::from_slice(&key.0)) }
    }

    pub fn seal(&self, place: Place<'_>, plaintext: &[u8]) -> Result<Vec<u8>, CacheError> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|error| CacheError::Random(error.to_string()))?;
        let aad = place.associated_data();
        let ciphertext = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: &aad })
            .map_err(|_| CacheError::Random("encryption failed".to_owned()))?;
        let mut sealed = Vec::with_capacity(1 + NONCE_BYTES + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    pub fn open(&self, place: Place<'_>, sealed: &[u8]) -> Result<Vec<u8>, CacheError> {
        let undecryptable =
            || CacheError::Undecryptable { table: place.table.to_owned(), id: place.id.to_owned() };
        if sealed.len() < 1 + NONCE_BYTES || sealed[0] != VERSION {
            return Err(undecryptable());
        }
        let (nonce, ciphertext) = sealed[1..].split_at(NONCE_BYTES);
        let aad = place.associated_data();
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: &aad })
            .map_err(|_| undecryptable())
    }

    /// Seals a value as JSON.
    pub fn seal_json(
        &self,
        place: Place<'_>,
        value: &impl serde::Serialize,
    ) -> Result<Vec<u8>, CacheError> {
        self.seal(place, &serde_json::to_vec(value)?)
    }

    /// Opens a value sealed as JSON.
    pub fn open_json<T: serde::de::DeserializeOwned>(
        &self,
        place: Place<'_>,
        sealed: &[u8],
    ) -> Result<T, CacheError> {
        Ok(serde_json::from_slice(&self.open(place, sealed)?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str) -> Place<'_> {
        Place { table: "items", column: "body", id }
    }

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&CacheKey::from_bytes([byte; 32]))
    }

    #[test]
    fn sealed_values_open_with_the_same_key_and_place() {
        let sealer = sealer(7);
        let sealed = sealer.seal(place("s1"), "王小明".as_bytes()).ok().unwrap_or_default();
        assert!(!sealed.windows(9).any(|w| w == "王小明".as_bytes()));
        assert_eq!(sealer.open(place("s1"), &sealed).ok(), Some("王小明".as_bytes().to_vec()));
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let sealer = sealer(7);
        let a = sealer.seal(place("s1"), b"x").ok();
        let b = sealer.seal(place("s1"), b"x").ok();
        assert_ne!(a, b);
    }

    #[test]
    fn another_key_row_column_or_table_does_not_open_it() {
        let sealed = sealer(7).seal(place("s1"), b"secret").ok().unwrap_or_default();
        let refused = |result: Result<Vec<u8>, CacheError>| {
            matches!(result, Err(CacheError::Undecryptable { .. }))
        };
        assert!(refused(sealer(8).open(place("s1"), &sealed)));
        assert!(refused(sealer(7).open(place("s2"), &sealed)));
        assert!(refused(sealer(7).open(Place { column: "lease", ..place("s1") }, &sealed)));
        assert!(refused(sealer(7).open(Place { table: "outbox", ..place("s1") }, &sealed)));
        let mut flipped = sealed.clone();
        if let Some(last) = flipped.last_mut() {
            *last ^= 1;
        }
        assert!(refused(sealer(7).open(place("s1"), &flipped)));
        assert!(refused(sealer(7).open(place("s1"), &sealed[..10])));
    }

    #[test]
    fn keys_round_trip_through_hex_and_never_print() {
        let key = CacheKey::generate().ok().unwrap_or_else(|| CacheKey::from_bytes([1; 32]));
        assert_eq!(CacheKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_eq!(CacheKey::from_hex("abcd"), None);
        assert!(!format!("{key:?}").contains(&key.to_hex()[..8]));
    }
}
