//! `reviewdesk-server intake-key create`: makes a key for the applicant-facing system and prints
//! it once; only its hash is stored, so a lost key is replaced, not recovered.

use std::io::Write;

use clap::Subcommand;

use super::data_dir::DataDirArg;
use super::Outcome;
use crate::auth::{IssuedSecret, SecretKind};
use crate::clock::{Clock, SystemClock};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum IntakeKeyCommand {
    /// Create a new intake key and print it (send it as the X-Api-Key header).
    Create {
        /// What the key is for, e.g. the system that will use it.
        #[arg(long, default_value = "applicant system")]
        label: String,
        #[command(flatten)]
        data: DataDirArg,
    },
}

pub fn run(command: &IntakeKeyCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let IntakeKeyCommand::Create { label, data } = command;
    let created =
        IssuedSecret::new(SecretKind::IntakeKey).map_err(|e| e.to_string()).and_then(|issued| {
            let store = data.open_store()?;
            let key = store
                .add_intake_key(&issued.hash, label, SystemClock.now())
                .map_err(|e| e.to_string())?;
            Ok((key, issued.secret))
        });
    match created {
        Ok((_, secret)) => {
            let _ = writeln!(out, "{secret}");
            Outcome::Success
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}
