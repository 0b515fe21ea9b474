//! Argon2id password hashes in PHC string form. Production uses the `argon2` crate's recommended
//! parameters (19 MiB, 2 passes, 1 lane); tests may pass lighter ones to [`Passwords::with_cost`].
//! Verification reads the parameters from the stored hash, so hashes made with other parameters
//! keep working.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use super::AuthError;

/// Shortest password `user add` accepts, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted anywhere, in bytes (bounds the hashing work one request can cause).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Hashes and verifies staff passwords.
#[derive(Debug, Clone)]
pub struct Passwords {
    argon2: Argon2<'static>,
    /// A hash of a password nobody has, verified when the username is unknown so that a failed
    /// login takes the same time whether or not the account exists.
    decoy: String,
}

impl Passwords {
    /// The recommended Argon2id parameters; what the binary uses.
    pub fn recommended() -> Result<Passwords, AuthError> {
        Passwords::from_params(Params::default())
    }

    /// Lighter or heavier parameters (memory in KiB, passes). Meant for tests, which would
    /// otherwise spend most of their time hashing.
    pub fn with_cost(memory_kib: u32, passes: u32) -> Result<Passwords, AuthError> {
        let params = Params::new(memory_kib, passes, 1, None)
            .map_err(|error| AuthError::Hashing(error.to_string()))?;
        Passwords::from_params(params)
    }

    fn from_params(params: Params) -> Result<Passwords, AuthError> {
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut decoy_password = [0u8; 32];
        getrandom::fill(&mut decoy_password).map_err(|e| AuthError::Random(e.to_string()))?;
        let decoy = argon2
            .hash_password(&decoy_password)
            .map_err(|error| AuthError::Hashing(error.to_string()))?
            .to_string();
        Ok(Passwords { argon2, decoy })
    }

    /// A new PHC string for `password`, after the length rules.
    pub fn hash(&self, password: &str) -> Result<String, AuthError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AuthError::PasswordTooShort { min: MIN_PASSWORD_CHARS });
        }
        if password.len() > MAX_PASSWORD_BYTES {
            return Err(AuthError::PasswordTooLong { max: MAX_PASSWORD_BYTES });
        }
        self.argon2
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| AuthError::Hashing(error.to_string()))
    }

    /// Whether `password` matches `stored` (a PHC string). An unreadable stored hash or an
    /// over-long password never matches.
    pub fn verify(&self, password: &str, stored: &str) -> bool {
        password.len() <= MAX_PASSWORD_BYTES
            && self.argon2.verify_password(password.as_bytes(), stored).is_ok()
    }

    /// Spends the time of one verification and answers `false`: for unknown usernames.
    pub fn verify_decoy(&self, password: &str) -> bool {
        let _ = self.verify(password, &self.decoy);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let passwords = Passwords::with_cost(64, 1).unwrap();
        let hash = passwords.hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert!(passwords.verify("correct horse battery", &hash));
        assert!(!passwords.verify("correct horse batterY", &hash));
        assert!(!passwords.verify("correct horse battery", "not a hash"));
        assert!(!passwords.verify_decoy("anything"));
    }

    #[test]
    fn hashes_made_with_other_parameters_still_verify() {
        let light = Passwords::with_cost(64, 1).unwrap();
        let other = Passwords::with_cost(128, 2).unwrap();
        let hash = other.hash("a long enough password").unwrap();
        assert!(light.verify("a long enough password", &hash));
    }

    #[test]
    fn length_rules() {
        let passwords = Passwords::with_cost(64, 1).unwrap();
        assert!(matches!(passwords.hash("short"), Err(AuthError::PasswordTooShort { .. })));
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert!(matches!(passwords.hash(&long), Err(AuthError::PasswordTooLong { .. })));
        assert!(!passwords.verify(&long, "whatever"));
    }

    #[test]
    fn the_recommended_parameters_are_the_crates_defaults() {
        let passwords = Passwords::recommended().unwrap();
        assert!(
            passwords.decoy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            passwords.decoy
        );
    }
}
