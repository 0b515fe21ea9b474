//! `reviewdesk-server audit …`: the audit log from the command line.
//!
//! - `audit verify`: the chain's links, and the chain against every signed checkpoint the
//!   database holds and any `--checkpoints FILE` exported earlier, signatures checked with the
//!   signing key file's public key and any `--public-key` (see [`verify`]). Exit 0 when intact;
//!   exit 1 naming the first event (or checkpoint) that disagrees.
//! - `audit public-key`: the signing key's public key, hex, to keep with the exports.
//! - `audit checkpoint create`: sign the head now, as `serve` does on its schedule (for a
//!   deployment that is not running, or just before an export).
//! - `audit checkpoint export`: every checkpoint as JSON lines, for safe keeping elsewhere.
//!
//! Each reads the configuration `serve` reads (`--config`, the `REVIEWDESK__…` variables) for the
//! data directory, the database and `audit.signing_key_file`; the flags override it.

mod verify;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Args, Subcommand};
use reviewdesk_server::audit_anchor::{AuditSigningKey, CheckpointPolicy, Checkpointer};

use super::data_dir::{ConfiguredStoreArgs, StoreArg};
use super::Outcome;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the audit chain: its links, and against every signed checkpoint (the database's and
    /// those of --checkpoints files). Exit 1 names the first event that disagrees.
    Verify(verify::VerifyArgs),
    /// Print the public key of the audit signing key (hex): keep it with the exported checkpoints.
    PublicKey(LocationArgs),
    /// The signed checkpoints of the audit chain.
    #[command(subcommand)]
    Checkpoint(CheckpointCommand),
}

#[derive(Debug, Subcommand)]
pub enum CheckpointCommand {
    /// Sign the chain's head now with the signing key (created if missing), as `serve` does,
    /// unless the latest checkpoint of this key already covers it.
    Create(LocationArgs),
    /// Write every checkpoint as JSON lines (to stdout, or --output FILE) for safe keeping
    /// elsewhere; `audit verify --checkpoints FILE` checks the chain against them later.
    Export(ExportArgs),
}

/// Where the data and the signing key are: the configuration, then these flags.
#[derive(Debug, Clone, Args)]
pub struct LocationArgs {
    #[command(flatten)]
    store: ConfiguredStoreArgs,
    /// The audit signing key file [default: audit.signing_key_file, else
    /// DIR/audit-signing.key].
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
}

/// The store and key file `LocationArgs` name.
struct Location {
    store: StoreArg,
    key_file: PathBuf,
}

impl LocationArgs {
    fn resolve(&self) -> Result<Location, String> {
        let config = self.store.config()?;
        let key_file = match &self.key_file {
            Some(file) => file.clone(),
            None => config.audit.key_file(&config.storage.data_dir),
        };
        Ok(Location { store: StoreArg::of(&config), key_file })
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    location: LocationArgs,
    /// Write to this file (replaced if it exists) instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(command: &AuditCommand, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let outcome = match command {
        AuditCommand::Verify(args) => return verify::run(args, out, err),
        AuditCommand::PublicKey(location) => public_key(location, out),
        AuditCommand::Checkpoint(CheckpointCommand::Create(location)) => create(location, out),
        AuditCommand::Checkpoint(CheckpointCommand::Export(args)) => export(args, out, err),
    };
    match outcome {
        Ok(()) => Outcome::Success,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}

fn public_key(location: &LocationArgs, out: &mut impl Write) -> Result<(), String> {
    let location = location.resolve()?;
    let key = AuditSigningKey::load(&location.key_file).map_err(|e| e.to_string())?;
    let _ = writeln!(out, "{}", key.public_key_hex());
    Ok(())
}

fn create(location: &LocationArgs, out: &mut impl Write) -> Result<(), String> {
    let location = location.resolve()?;
    if let Some(missing) = location.store.missing() {
        return Err(missing);
    }
    let store = location.store.open_store()?;
    let key = AuditSigningKey::load_or_create(&location.key_file).map_err(|e| e.to_string())?;
    let checkpointer =
        Checkpointer::new(store, key, CheckpointPolicy::default()).map_err(|e| e.to_string())?;
    match checkpointer.checkpoint_if_due(Utc::now(), true).map_err(|e| e.to_string())? {
        Some(checkpoint) => {
            let _ = writeln!(
                out,
                "signed a checkpoint of event {} ({}) at {}",
                checkpoint.seq, checkpoint.hash, checkpoint.at
            );
        }
        None => {
            let _ = writeln!(out, "no new events since the latest checkpoint: nothing to sign");
        }
    }
    Ok(())
}

fn export(args: &ExportArgs, out: &mut impl Write, err: &mut impl Write) -> Result<(), String> {
    let location = args.location.resolve()?;
    if let Some(missing) = location.store.missing() {
        return Err(missing);
    }
    let store = location.store.open_store()?;
    let checkpoints = store.audit_checkpoints().map_err(|e| e.to_string())?;
    let mut lines = String::new();
    for checkpoint in &checkpoints {
        let line = serde_json::to_string(checkpoint).map_err(|e| e.to_string())?;
        lines.push_str(&line);
        lines.push('\n');
    }
    match &args.output {
        Some(path) => {
            write_file(path, &lines)?;
            let _ =
                writeln!(err, "exported {} checkpoints to {}", checkpoints.len(), path.display());
        }
        None => {
            out.write_all(lines.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
        }
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = std::fs::File::create(path).map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)
}
