//! The records behind authentication: staff sessions (bearer tokens) and the intake keys of the
//! applicant-facing system. The store only ever sees SHA-256 hashes of the secrets.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::User;

/// A staff session, live or not: the caller decides with its clock whether it still counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Set by logout.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Session {
    /// Neither revoked nor expired at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// A key the applicant-facing system presents to call intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntakeKey {
    pub id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl IntakeKey {
    /// The audit actor of requests made with this key (`intake:<id>`).
    pub fn actor(&self) -> String {
        format!("intake:{}", self.id)
    }
}

/// Why a login failed, as the `login_failed` audit event records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailure {
    UnknownUser,
    WrongPassword,
    /// The account exists but is disabled (answered like a wrong password).
    AccountDisabled,
}

impl LoginFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            LoginFailure::UnknownUser => "unknown_user",
            LoginFailure::WrongPassword => "wrong_password",
            LoginFailure::AccountDisabled => "account_disabled",
        }
    }
}

/// What an account's lifecycle change ([`crate::Store::disable_user`] and its kin) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    pub user: User,
    /// False when the account already was as asked (disabling a disabled account): then nothing
    /// was written and nothing recorded.
    pub changed: bool,
    /// Live sessions the change ended.
    pub sessions_revoked: u64,
}
