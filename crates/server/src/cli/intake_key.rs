//! `reviewdesk-server intake-key`: keys of the applicant-facing system. `create` makes one and
//! prints it once on standard output (only its hash is stored, so a lost key is replaced, not
//! recovered; its id goes to standard error); `list` shows every key; `revoke` ends one at once.

use std::io::Write;

use clap::Subcommand;

use super::data_dir::StoreArg;
use super::Outcome;
use crate::auth::{IssuedSecret, SecretKind};
use crate::clock::{Clock, SystemClock};
use crate::store::{IntakeKey, StoreError};

#[derive(Debug, Subcommand)]
pub enum IntakeKeyCommand {
    /// Create a new intake key and print it (send it as the X-Api-Key header).
    Create {
        /// What the key is for, e.g. the system that will use it.
        #[arg(long, default_value = "applicant system")]
        label: String,
        #[command(flatten)]
        data: StoreArg,
    },
    /// List every key: id, label, created, revoked.
    List {
        #[command(flatten)]
        data: StoreArg,
    },
    /// Revoke a key: requests made with it are refused from now on.
    Revoke {
        /// The key's id, as `create` and `list` show it.
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        data: StoreArg,
    },
}

fn describe(key: &IntakeKey) -> String {
    let revoked = key.revoked_at.map_or_else(|| "active".to_owned(), |at| format!("revoked {at}"));
    format!("{}\t{}\tcreated {}\t{revoked}", key.id, key.label, key.created_at)
}

fn execute(
    command: &IntakeKeyCommand,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    match command {
        IntakeKeyCommand::Create { label, data } => {
            let issued = IssuedSecret::new(SecretKind::IntakeKey).map_err(|e| e.to_string())?;
            let store = data.open_store()?;
            let key = store
                .add_intake_key(&issued.hash, label, SystemClock.now())
                .map_err(|e| e.to_string())?;
            let _ = writeln!(err, "intake key {} created ({})", key.id, key.label);
            writeln!(out, "{}", issued.secret).map_err(|e| e.to_string())
        }
        IntakeKeyCommand::List { data } => {
            let keys = data.open_store()?.intake_keys().map_err(|e| e.to_string())?;
            for key in &keys {
                writeln!(out, "{}", describe(key)).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        IntakeKeyCommand::Revoke { id, data } => {
            let key = data.open_store()?.revoke_intake_key(*id, SystemClock.now()).map_err(
                |e| match e {
                    StoreError::NotFound { .. } => format!("no intake key with id {id}"),
                    other => other.to_string(),
                },
            )?;
            writeln!(out, "{}", describe(&key)).map_err(|e| e.to_string())
        }
    }
}

pub fn run(command: &IntakeKeyCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    match execute(command, out, err) {
        Ok(()) => Outcome::Success,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
