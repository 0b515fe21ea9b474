//! `reviewdesk-server user disable|enable|password|sessions-revoke USERNAME`: an account's
//! lifecycle. Disabling ends the account's sessions at once (same transaction) and keeps it from
//! logging in until enabled; a new password (read from standard input's first line, the rules of
//! `user add`) ends every session too; `sessions-revoke` signs the account out everywhere. Each
//! change is one audit event (actor `system`, as every account change made here).

use std::io::{BufRead, Write};

use clap::Args;

use super::data_dir::StoreArg;
use super::Outcome;
use crate::auth::Passwords;
use crate::clock::{Clock, SystemClock};
use crate::store::{AccountChange, StoreError};

/// The account a lifecycle command acts on.
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// The account's username.
    #[arg(value_name = "USERNAME")]
    pub username: String,
    #[command(flatten)]
    pub data: StoreArg,
}

/// Which lifecycle command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Disable,
    Enable,
    Password,
    RevokeSessions,
}

/// Reads the first line of `input` as a password (without its line ending).
pub fn read_password(input: &mut impl BufRead) -> Result<String, String> {
    let mut password = String::new();
    input
        .read_line(&mut password)
        .map_err(|_| "could not read the password from standard input".to_owned())?;
    Ok(password.trim_end_matches(['\r', '\n']).to_owned())
}

fn sessions(count: u64) -> String {
    match count {
        1 => "1 session ended".to_owned(),
        n => format!("{n} sessions ended"),
    }
}

fn report(action: Action, change: &AccountChange) -> String {
    let name = &change.user.username;
    let ended = sessions(change.sessions_revoked);
    match (action, change.changed) {
        (Action::Disable, true) => format!("disabled {name} ({ended})"),
        (Action::Disable, false) => format!("{name} was already disabled"),
        (Action::Enable, true) => format!("enabled {name}"),
        (Action::Enable, false) => format!("{name} was already enabled"),
        (Action::Password, _) => format!("changed the password of {name} ({ended})"),
        (Action::RevokeSessions, _) => format!("signed {name} out everywhere ({ended})"),
    }
}

fn apply(
    action: Action,
    args: &AccountArgs,
    input: &mut impl BufRead,
) -> Result<AccountChange, String> {
    // The new password is read and checked before the store is opened: a bad one changes nothing.
    let password_hash = match action {
        Action::Password => {
            let password = read_password(input)?;
            Some(
                Passwords::recommended()
                    .and_then(|passwords| passwords.hash(&password))
                    .map_err(|e| e.to_string())?,
            )
        }
        _ => None,
    };
    let store = args.data.open_store()?;
    let (name, now) = (args.username.as_str(), SystemClock.now());
    let changed = match (action, &password_hash) {
        (Action::Disable, _) => store.disable_user(name, now),
        (Action::Enable, _) => store.enable_user(name, now),
        (Action::Password, Some(hash)) => store.set_password(name, hash, now),
        (Action::Password, None) => return Err("no new password".to_owned()),
        (Action::RevokeSessions, _) => store.revoke_sessions(name, now),
    };
    changed.map_err(|error| match error {
        StoreError::NotFound { what: "user" } => format!("no account is named '{name}'"),
        other => other.to_string(),
    })
}

pub fn run(
    action: Action,
    args: &AccountArgs,
    input: &mut impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    match apply(action, args, input) {
        Ok(change) => {
            let _ = writeln!(out, "{}", report(action, &change));
            Outcome::Success
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
