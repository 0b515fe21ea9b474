//! `reviewdesk-server user add`: creates a staff account. The password is read from standard input
//! (its first line), never from the command line where other users could see it. The account's
//! later lifecycle (disable, enable, password, sessions-revoke) is [`super::user_lifecycle`].

use std::io::{BufRead, Write};

use clap::{Subcommand, ValueEnum};
use reviewdesk_domain::region;
use reviewdesk_domain::review::Role;

use super::data_dir::StoreArg;
use super::user_lifecycle::{self, AccountArgs, Action};
use super::Outcome;
use crate::auth::Passwords;
use crate::clock::{Clock, SystemClock};
use crate::store::NewUser;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Two-digit province code; required for reviewers and supervisors, not for admins.
        #[arg(long, value_name = "CODE")]
        province: Option<String>,
        #[command(flatten)]
        data: StoreArg,
    },
    /// Disable an account: its sessions end at once and it cannot log in until enabled.
    Disable(AccountArgs),
    /// Enable a disabled account again.
    Enable(AccountArgs),
    /// Set a new password, read from standard input; the account's sessions end.
    Password(AccountArgs),
    /// End every session of an account (sign it out everywhere).
    SessionsRevoke(AccountArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Reviewer,
    Supervisor,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Reviewer => Role::Reviewer,
            RoleArg::Supervisor => Role::Supervisor,
            RoleArg::Admin => Role::Admin,
        }
    }
}

fn check(username: &str, role: Role, province: Option<&str>) -> Result<(), String> {
    let valid_name = !username.is_empty()
        && username.chars().count() <= 64
        && username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !valid_name {
        return Err("--username: 1 to 64 characters among a-z, A-Z, 0-9, '.', '_' and '-'".into());
    }
    match (role, province) {
        (Role::Admin, Some(_)) => Err("--province: admins belong to no province".into()),
        (Role::Admin, None) => Ok(()),
        (_, None) => Err("--province: required for reviewers and supervisors".into()),
        (_, Some(code)) if code.len() == 2 && region::province(code).is_some() => Ok(()),
        (_, Some(code)) => Err(format!("--province: '{code}' is not a two-digit province code")),
    }
}

pub fn run(
    command: &UserCommand,
    input: &mut impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let (username, role, province, data) = match command {
        UserCommand::Add { username, role, province, data } => (username, role, province, data),
        UserCommand::Disable(args) => {
            return user_lifecycle::run(Action::Disable, args, input, out, err)
        }
        UserCommand::Enable(args) => {
            return user_lifecycle::run(Action::Enable, args, input, out, err)
        }
        UserCommand::Password(args) => {
            return user_lifecycle::run(Action::Password, args, input, out, err)
        }
        UserCommand::SessionsRevoke(args) => {
            return user_lifecycle::run(Action::RevokeSessions, args, input, out, err)
        }
    };
    let role = Role::from(*role);
    if let Err(message) = check(username, role, province.as_deref()) {
        let _ = writeln!(err, "error: {message}");
        return Outcome::Usage;
    }
    let password = match user_lifecycle::read_password(input) {
        Ok(password) => password,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Outcome::Usage;
        }
    };
    let created = Passwords::recommended()
        .and_then(|passwords| passwords.hash(&password))
        .map_err(|e| e.to_string())
        .and_then(|password_hash| {
            let store = data.open_store()?;
            let new = NewUser {
                username: username.clone(),
                password_hash,
                role,
                province: province.clone(),
            };
            store.add_user(&new, SystemClock.now()).map_err(|e| e.to_string())
        });
    match created {
        Ok(user) => {
            let province = user.province.as_deref().unwrap_or("-");
            let _ = writeln!(
                out,
                "added {} ({}, province {province})",
                user.username,
                user.role.as_str()
            );
            Outcome::Success
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
