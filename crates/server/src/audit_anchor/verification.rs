//! `audit verify` as a function: the chain's links ([`reviewdesk_domain::audit::verify`]), every
//! checkpoint's signature against the keys trusted from outside the database (the key file's,
//! `--public-key`), and the chain against those checkpoints
//! ([`reviewdesk_domain::audit_checkpoint::check_against`]): a cut tail, an emptied log and a chain
//! hashed again from the start each fail, as does a checkpoint whose signature does not verify.

use ed25519_dalek::{Signature, VerifyingKey};
use reviewdesk_domain::audit::{verify, BrokenLink, ChainedEntry};
use reviewdesk_domain::audit_checkpoint::{check_against, AnchorBreak, AuditCheckpoint};

/// A public key from its hex text (64 digits), as `audit public-key` prints it.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, String> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut bytes)
        .map_err(|_| format!("{:?} is not a public key (64 hexadecimal digits)", text.trim()))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| format!("{:?} is not a valid Ed25519 public key", text.trim()))
}

/// Why a checkpoint cannot be believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointProblem {
    #[error(
        "the checkpoint of event {seq} signed at {at} names key {public_key}, which is not a \
         trusted key (the signing key file's, or one given with --public-key)"
    )]
    UntrustedKey { seq: u64, at: String, public_key: String },
    #[error(
        "the checkpoint of event {seq} signed at {at} has a signature that does not verify (the \
         checkpoint was forged or altered)"
    )]
    BadSignature { seq: u64, at: String },
    #[error(
        "there are {count} checkpoints but no public key to check their signatures with (the \
         signing key file, or --public-key)"
    )]
    NoTrustedKey { count: usize },
    #[error(
        "the exported checkpoint of event {seq} signed at {at} is missing from the database \
         (checkpoints are append-only: they were deleted)"
    )]
    NotInDatabase { seq: u64, at: String },
}

/// Checks `checkpoint`'s signature with the trusted key it names.
pub fn check_signature(
    checkpoint: &AuditCheckpoint,
    trusted: &[VerifyingKey],
) -> Result<(), CheckpointProblem> {
    let (seq, at) = (checkpoint.seq, checkpoint.at.clone());
    let key = trusted
        .iter()
        .find(|key| hex::encode(key.to_bytes()) == checkpoint.public_key)
        .ok_or_else(|| CheckpointProblem::UntrustedKey {
            seq,
            at: at.clone(),
            public_key: checkpoint.public_key.clone(),
        })?;
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(&checkpoint.signature, &mut bytes)
        .map_err(|_| CheckpointProblem::BadSignature { seq, at: at.clone() })?;
    key.verify_strict(&checkpoint.message(), &Signature::from_bytes(&bytes))
        .map_err(|_| CheckpointProblem::BadSignature { seq, at })
}

/// The first reason the audit log cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFailure {
    #[error("{0}")]
    Link(BrokenLink),
    #[error("{0}")]
    Checkpoint(CheckpointProblem),
    #[error("{0}")]
    Anchor(AnchorBreak),
}

impl AuditFailure {
    /// The sequence number of the first event (or checkpoint) that disagrees.
    pub fn seq(&self) -> u64 {
        match self {
            AuditFailure::Link(broken) => broken.seq(),
            AuditFailure::Checkpoint(
                CheckpointProblem::UntrustedKey { seq, .. }
                | CheckpointProblem::BadSignature { seq, .. }
                | CheckpointProblem::NotInDatabase { seq, .. },
            ) => *seq,
            AuditFailure::Checkpoint(CheckpointProblem::NoTrustedKey { .. }) => 0,
            AuditFailure::Anchor(anchor) => anchor.seq(),
        }
    }
}

/// An audit log that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub events: u64,
    /// Checkpoints compared (their signatures verified).
    pub checkpoints: usize,
    /// The highest sequence number a checkpoint covers (0: none).
    pub covered: u64,
    /// When the checkpoint covering `covered` was signed (the latest such).
    pub covered_at: Option<String>,
}

/// Verifies `chain` with the `trusted` keys against the checkpoints `stored` in the database and
/// those `exported` earlier (each in any order). An exported checkpoint the database no longer
/// holds fails too, after everything else passed.
pub fn verify_audit_log(
    chain: &[ChainedEntry],
    stored: &[AuditCheckpoint],
    exported: &[AuditCheckpoint],
    trusted: &[VerifyingKey],
) -> Result<Verified, AuditFailure> {
    let checkpoints: Vec<AuditCheckpoint> = stored.iter().chain(exported).cloned().collect();
    let checkpoints = checkpoints.as_slice();
    let events = verify(chain).map_err(AuditFailure::Link)?;
    if !checkpoints.is_empty() && trusted.is_empty() {
        return Err(AuditFailure::Checkpoint(CheckpointProblem::NoTrustedKey {
            count: checkpoints.len(),
        }));
    }
    for checkpoint in checkpoints {
        check_signature(checkpoint, trusted).map_err(AuditFailure::Checkpoint)?;
    }
    let anchored = check_against(chain, checkpoints).map_err(AuditFailure::Anchor)?;
    if let Some(gone) = exported.iter().find(|checkpoint| !stored.contains(checkpoint)) {
        return Err(AuditFailure::Checkpoint(CheckpointProblem::NotInDatabase {
            seq: gone.seq,
            at: gone.at.clone(),
        }));
    }
    let covered_at = checkpoints
        .iter()
        .filter(|checkpoint| checkpoint.seq == anchored.covered)
        .map(|checkpoint| checkpoint.at.clone())
        .max();
    Ok(Verified {
        events,
        checkpoints: anchored.checkpoints,
        covered: anchored.covered,
        covered_at,
    })
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::audit::{chain, AuditAction, AuditEntry, GENESIS};

    use super::super::AuditSigningKey;
    use super::*;

    fn built(n: u64) -> Vec<ChainedEntry> {
        let mut events: Vec<ChainedEntry> = Vec::new();
        for seq in 1..=n {
            let prev = events.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
            let entry = AuditEntry {
                seq,
                at: "2026-11-24T10:00:00.000Z".to_owned(),
                actor: "alice".to_owned(),
                action: AuditAction::Login,
                subject: None,
                detail: "{}".to_owned(),
            };
            events.push(chain(&prev, entry));
        }
        events
    }

    fn new_key() -> (tempfile::TempDir, AuditSigningKey) {
        let dir = tempfile::tempdir().unwrap();
        let key = AuditSigningKey::load_or_create(&dir.path().join("k")).unwrap();
        (dir, key)
    }

    #[test]
    fn signed_checkpoints_verify_and_altered_or_foreign_ones_do_not() {
        let (_dir, key) = new_key();
        let (_other_dir, other) = new_key();
        let events = built(5);
        let good = key.sign(5, &events[4].hash, "2026-11-24T10:05:00.000Z");
        let trusted = [key.verifying_key()];
        let verified =
            verify_audit_log(&events, std::slice::from_ref(&good), &[], &trusted).unwrap();
        assert_eq!((verified.events, verified.covered), (5, 5));

        let mut moved = good.clone();
        moved.seq = 4;
        moved.hash.clone_from(&events[3].hash);
        let failure = verify_audit_log(&events, &[moved], &[], &trusted).unwrap_err();
        assert!(matches!(
            failure,
            AuditFailure::Checkpoint(CheckpointProblem::BadSignature { seq: 4, .. })
        ));

        let foreign = other.sign(5, &events[4].hash, "2026-11-24T10:05:00.000Z");
        let failure = verify_audit_log(&events, &[foreign], &[], &trusted).unwrap_err();
        assert!(matches!(
            failure,
            AuditFailure::Checkpoint(CheckpointProblem::UntrustedKey { .. })
        ));

        let failure = verify_audit_log(&events, std::slice::from_ref(&good), &[], &[]).unwrap_err();
        assert!(matches!(
            failure,
            AuditFailure::Checkpoint(CheckpointProblem::NoTrustedKey { count: 1 })
        ));

        let failure = verify_audit_log(&events[..3], &[], std::slice::from_ref(&good), &trusted);
        let failure = failure.unwrap_err();
        assert!(matches!(failure, AuditFailure::Anchor(AnchorBreak::Truncated { .. })));
        assert_eq!(failure.seq(), 4);

        let failure = verify_audit_log(&events, &[], &[good], &trusted).unwrap_err();
        assert!(matches!(
            failure,
            AuditFailure::Checkpoint(CheckpointProblem::NotInDatabase { seq: 5, .. })
        ));
    }

    #[test]
    fn public_keys_parse_from_hex_only() {
        let (_dir, key) = new_key();
        assert_eq!(parse_public_key(&key.public_key_hex()).unwrap(), key.verifying_key());
        assert!(parse_public_key("abc").unwrap_err().contains("64 hexadecimal"));
        assert!(parse_public_key(&"zz".repeat(32)).is_err());
    }
}
