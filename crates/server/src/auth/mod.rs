//! Authentication building blocks, free of HTTP: Argon2id password hashes ([`password`]), random
//! bearer secrets stored only as SHA-256 ([`secret`]), and the failed-login throttle
//! ([`throttle`]).

pub mod password;
pub mod secret;
pub mod throttle;

pub use password::Passwords;
pub use secret::{secret_hash, IssuedSecret, SecretKind};
pub use throttle::{LoginThrottle, ThrottleLimits};

/// What can go wrong while making or checking credentials.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("a password needs at least {min} characters")]
    PasswordTooShort { min: usize },
    #[error("a password may have at most {max} bytes")]
    PasswordTooLong { max: usize },
}
