//! `reviewdesk-server audit verify`: reads the chain and the database's checkpoints, any
//! `--checkpoints FILE` (JSON lines, as `audit checkpoint export` writes, or one JSON array), and
//! the trusted public keys (the signing key file's when it can be read, and every `--public-key`),
//! then runs [`verify_audit_log`]. A malformed `--public-key` is a usage error (2); an unreadable
//! file or key file is a data problem (1).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;
use reviewdesk_server::audit_anchor::{
    parse_public_key, verify_audit_log, AuditFailure, AuditSigningKey, KeyFileError, Verified,
};

use super::LocationArgs;
use crate::cli::Outcome;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    location: LocationArgs,
    /// Checkpoints exported earlier (`audit checkpoint export`); may be given more than once.
    #[arg(long, value_name = "FILE")]
    checkpoints: Vec<PathBuf>,
    /// A public key to trust (hex, as `audit public-key` prints it), besides the key file's; may
    /// be given more than once (one per instance with its own key, or a key replaced since).
    #[arg(long, value_name = "HEX")]
    public_key: Vec<String>,
}

pub fn run(args: &VerifyArgs, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let mut trusted = Vec::new();
    for text in &args.public_key {
        match parse_public_key(text) {
            Ok(key) => trusted.push(key),
            Err(message) => {
                let _ = writeln!(err, "error: --public-key: {message}");
                return Outcome::Usage;
            }
        }
    }
    match verify(args, trusted) {
        Ok(Ok(verified)) => {
            report(&verified, out, err);
            Outcome::Success
        }
        Ok(Err(failure)) => {
            let _ = match &failure {
                AuditFailure::Checkpoint(problem) => {
                    writeln!(out, "audit checkpoint cannot be trusted: {problem}")
                }
                other => writeln!(out, "audit chain broken at event {}: {other}", other.seq()),
            };
            Outcome::Negative
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Outcome::Negative
        }
    }
}

/// The verdict, or why there is none.
fn verify(
    args: &VerifyArgs,
    mut trusted: Vec<ed25519_dalek::VerifyingKey>,
) -> Result<Result<Verified, AuditFailure>, String> {
    let location = args.location.resolve()?;
    if let Some(missing) = location.store.missing() {
        return Err(missing);
    }
    match AuditSigningKey::load(&location.key_file) {
        Ok(key) => trusted.push(key.verifying_key()),
        Err(KeyFileError::Missing { .. }) => {}
        Err(error) if trusted.is_empty() => {
            return Err(format!("{error} (or give the public key with --public-key)"))
        }
        Err(_) => {}
    }
    let mut exported = Vec::new();
    for path in &args.checkpoints {
        exported.extend(read_checkpoints(path)?);
    }
    let store = location.store.open_store()?;
    let chain = store.audit_chain().map_err(|e| e.to_string())?;
    let stored = store.audit_checkpoints().map_err(|e| e.to_string())?;
    Ok(verify_audit_log(&chain, &stored, &exported, &trusted))
}

fn report(verified: &Verified, out: &mut impl Write, err: &mut impl Write) {
    let _ = writeln!(out, "audit chain intact: {} events", verified.events);
    if verified.checkpoints == 0 {
        let _ = writeln!(
            err,
            "warning: no signed checkpoint to compare with, so a chain cut short or hashed again \
             from the start would go unnoticed (serve signs checkpoints while it runs; keep \
             exports of `audit checkpoint export` and verify with --checkpoints)"
        );
        return;
    }
    let _ = writeln!(
        out,
        "agrees with {} signed checkpoints; the latest covers events 1..={}, signed at {}",
        verified.checkpoints,
        verified.covered,
        verified.covered_at.as_deref().unwrap_or("?"),
    );
    if verified.events > verified.covered {
        let _ = writeln!(
            out,
            "events {}..={} are newer than the latest checkpoint",
            verified.covered + 1,
            verified.events
        );
    }
}

/// Checkpoints from an export: JSON lines, or one JSON array.
fn read_checkpoints(path: &Path) -> Result<Vec<AuditCheckpoint>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read checkpoints {}: {e}", path.display()))?;
    let bad = |line: usize, e: serde_json::Error| {
        format!("{} line {line}: not an audit checkpoint: {e}", path.display())
    };
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(&text).map_err(|e| bad(e.line(), e));
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| bad(n + 1, e)))
        .collect()
}
