//! Checkpoints of the audit chain: the head's sequence number and hash at a moment, signed by the
//! server with a key kept outside the database. The hash chain ([`crate::audit`]) shows that no
//! stored event was changed in place, but not that the chain is whole: someone who can write the
//! database can cut its tail, or delete events and hash the rest again from [`GENESIS`] with the
//! public link function. A checkpoint they cannot sign anew catches both: the chain must still
//! reach every checkpoint's sequence number, with the checkpoint's hash there.
//!
//! Pure: this module defines what is signed ([`signed_message`]) and compares a chain with
//! checkpoints ([`check_against`]); the server holds the key, signs, and checks signatures.
//!
//! [`GENESIS`]: crate::audit::GENESIS

use serde::{Deserialize, Serialize};

use crate::audit::ChainedEntry;

/// Names what a signature is over, so a checkpoint's signature means nothing anywhere else.
pub const SIGNING_CONTEXT: &str = "reviewdesk audit checkpoint v1";

/// A signed statement "the audit chain's event `seq` has hash `hash`", made at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditCheckpoint {
    /// The head's sequence number when signed (events 1..=seq are covered).
    pub seq: u64,
    /// The head's hash (lower-case hex SHA-256, as stored).
    pub hash: String,
    /// When it was signed, RFC 3339 UTC text exactly as signed.
    pub at: String,
    /// The Ed25519 public key that signed, lower-case hex (32 bytes). Which keys to trust comes
    /// from outside the database; this field only says which one to try.
    pub public_key: String,
    /// The Ed25519 signature over [`signed_message`], lower-case hex (64 bytes).
    pub signature: String,
}

impl AuditCheckpoint {
    /// The bytes its signature is over.
    pub fn message(&self) -> Vec<u8> {
        signed_message(self.seq, &self.hash, &self.at)
    }
}

/// The bytes a checkpoint's signature covers: [`SIGNING_CONTEXT`], the sequence number, the hash
/// and the time, each length-prefixed (as the chain's links are) so no two checkpoints encode
/// alike.
pub fn signed_message(seq: u64, hash: &str, at: &str) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNING_CONTEXT.len() + hash.len() + at.len() + 40);
    let mut field = |bytes: &[u8]| {
        message.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        message.extend_from_slice(bytes);
    };
    field(SIGNING_CONTEXT.as_bytes());
    field(&seq.to_be_bytes());
    field(hash.as_bytes());
    field(at.as_bytes());
    message
}

/// How a chain fails a checkpoint, at the lowest checkpoint it fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorBreak {
    /// No events at all, while a checkpoint covers some.
    #[error(
        "the audit log is empty, but a checkpoint signed at {at} covers {checkpoint_seq} events \
         (every event was deleted)"
    )]
    Emptied { checkpoint_seq: u64, at: String },
    /// The chain ends before a checkpoint's sequence number.
    #[error(
        "the audit chain ends at event {length}, but a checkpoint signed at {at} covers \
         {checkpoint_seq} events: events {first_missing}..={checkpoint_seq} were removed \
         (truncated)"
    )]
    Truncated { length: u64, first_missing: u64, checkpoint_seq: u64, at: String },
    /// The event at a checkpoint's sequence number has another hash: the chain up to it was
    /// rewritten (events changed, removed or inserted, and the rest hashed again).
    #[error(
        "event {checkpoint_seq} disagrees with the checkpoint signed at {at} (its hash is {found}, \
         the checkpoint says {signed}): the chain was recomputed; the first changed event is \
         among events {first_suspect}..={checkpoint_seq}"
    )]
    Rewritten {
        checkpoint_seq: u64,
        at: String,
        found: String,
        signed: String,
        /// One past the highest checkpoint below that the chain still agrees with (1 if none).
        first_suspect: u64,
    },
}

impl AnchorBreak {
    /// The sequence number of the first event known to be missing or to disagree.
    pub fn seq(&self) -> u64 {
        match self {
            AnchorBreak::Emptied { .. } => 1,
            AnchorBreak::Truncated { first_missing, .. } => *first_missing,
            AnchorBreak::Rewritten { checkpoint_seq, .. } => *checkpoint_seq,
        }
    }
}

/// What a chain that agrees with its checkpoints looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Checkpoints compared.
    pub checkpoints: usize,
    /// The highest sequence number a checkpoint covers (0: none).
    pub covered: u64,
}

/// Compares a chain (in order from its first event, its links already verified with
/// [`crate::audit::verify`]) with checkpoints whose signatures were already checked: the chain
/// must reach every checkpoint's sequence number, and its event there must have the checkpoint's
/// hash. Checkpoints are compared from the lowest sequence number up; the first that fails is
/// named.
pub fn check_against(
    chain: &[ChainedEntry],
    checkpoints: &[AuditCheckpoint],
) -> Result<Anchored, AnchorBreak> {
    let mut ordered: Vec<&AuditCheckpoint> = checkpoints.iter().collect();
    ordered.sort_by_key(|checkpoint| checkpoint.seq);
    let length = chain.len() as u64;
    let mut agreed_up_to = 0u64;
    for checkpoint in ordered {
        let at = checkpoint.at.clone();
        if checkpoint.seq == 0 {
            // Covers nothing: an empty chain agrees with it.
            continue;
        }
        if length == 0 {
            return Err(AnchorBreak::Emptied { checkpoint_seq: checkpoint.seq, at });
        }
        if checkpoint.seq > length {
            return Err(AnchorBreak::Truncated {
                length,
                first_missing: length + 1,
                checkpoint_seq: checkpoint.seq,
                at,
            });
        }
        let stored = usize::try_from(checkpoint.seq - 1)
            .ok()
            .and_then(|index| chain.get(index))
            .filter(|stored| stored.entry.seq == checkpoint.seq);
        match stored {
            Some(stored) if stored.hash == checkpoint.hash => agreed_up_to = checkpoint.seq,
            other => {
                return Err(AnchorBreak::Rewritten {
                    checkpoint_seq: checkpoint.seq,
                    at,
                    found: other.map_or_else(String::new, |stored| stored.hash.clone()),
                    signed: checkpoint.hash.clone(),
                    first_suspect: agreed_up_to + 1,
                })
            }
        }
    }
    Ok(Anchored { checkpoints: checkpoints.len(), covered: agreed_up_to })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{chain, link_hash, verify, AuditAction, AuditEntry, GENESIS};

    fn built(n: u64) -> Vec<ChainedEntry> {
        let mut events: Vec<ChainedEntry> = Vec::new();
        for seq in 1..=n {
            let prev = events.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
            let entry = AuditEntry {
                seq,
                at: "2026-11-24T10:00:00.000Z".to_owned(),
                actor: "alice".to_owned(),
                action: AuditAction::Claim,
                subject: Some(format!("sub-{seq}")),
                detail: "{}".to_owned(),
            };
            events.push(chain(&prev, entry));
        }
        events
    }

    fn checkpoint_of(events: &[ChainedEntry], seq: u64) -> AuditCheckpoint {
        AuditCheckpoint {
            seq,
            hash: events[usize::try_from(seq).unwrap() - 1].hash.clone(),
            at: format!("2026-11-24T10:{seq:02}:00.000Z"),
            public_key: String::new(),
            signature: String::new(),
        }
    }

    /// Removes events `remove` (sequence numbers) and hashes the rest again from GENESIS.
    fn recomputed(events: &[ChainedEntry], remove: &[u64]) -> Vec<ChainedEntry> {
        let mut out: Vec<ChainedEntry> = Vec::new();
        for stored in events.iter().filter(|e| !remove.contains(&e.entry.seq)) {
            let prev = out.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
            let mut entry = stored.entry.clone();
            entry.seq = out.len() as u64 + 1;
            out.push(chain(&prev, entry));
        }
        out
    }

    #[test]
    fn an_untouched_chain_agrees_with_its_checkpoints() {
        let events = built(10);
        let checkpoints = [checkpoint_of(&events, 4), checkpoint_of(&events, 10)];
        assert_eq!(
            check_against(&events, &checkpoints),
            Ok(Anchored { checkpoints: 2, covered: 10 })
        );
        assert_eq!(check_against(&events, &[]), Ok(Anchored { checkpoints: 0, covered: 0 }));
    }

    #[test]
    fn a_cut_tail_is_found() {
        let events = built(10);
        let checkpoints = [checkpoint_of(&events, 4), checkpoint_of(&events, 10)];
        let broken = check_against(&events[..7], &checkpoints).unwrap_err();
        assert!(
            matches!(
                broken,
                AnchorBreak::Truncated { length: 7, first_missing: 8, checkpoint_seq: 10, .. }
            ),
            "{broken:?}"
        );
        assert_eq!(broken.seq(), 8);
        let emptied = check_against(&[], &checkpoints).unwrap_err();
        assert!(matches!(emptied, AnchorBreak::Emptied { checkpoint_seq: 4, .. }), "{emptied:?}");
    }

    #[test]
    fn a_recomputed_chain_verifies_alone_but_not_against_a_checkpoint() {
        let events = built(10);
        let checkpoints = [checkpoint_of(&events, 3), checkpoint_of(&events, 6)];
        let forged = recomputed(&events, &[4, 5]);
        assert_eq!(verify(&forged), Ok(8), "the links alone cannot tell");
        let broken = check_against(&forged, &checkpoints).unwrap_err();
        assert!(
            matches!(broken, AnchorBreak::Rewritten { checkpoint_seq: 6, first_suspect: 4, .. }),
            "{broken:?}"
        );
        assert_eq!(broken.seq(), 6);
        assert_ne!(forged[5].hash, link_hash(&forged[4].hash, &events[5].entry));
    }

    #[test]
    fn the_signed_message_separates_its_fields() {
        assert_ne!(signed_message(1, "ab", "c"), signed_message(1, "a", "bc"));
        assert_ne!(signed_message(1, "a", "b"), signed_message(2, "a", "b"));
        assert!(signed_message(1, "a", "b").starts_with(&30u64.to_be_bytes()));
    }
}
