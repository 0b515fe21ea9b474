//! What both stores do alike with audit checkpoints (`reviewdesk_domain::audit_checkpoint`): the
//! rule a checkpoint must pass to be recorded, and reading one back from its row's values.

use reviewdesk_domain::audit_checkpoint::AuditCheckpoint;
use reviewdesk_domain::error_code::ErrorCode;

use crate::text_values::corrupt;
use crate::StoreError;

/// A checkpoint may be recorded only over an event that exists and has the checkpoint's hash:
/// `stored_hash` is the hash of the event at `checkpoint.seq`, if there is one.
pub fn check_recordable(
    checkpoint: &AuditCheckpoint,
    stored_hash: Option<&str>,
) -> Result<(), StoreError> {
    match stored_hash {
        None => {
            Err(StoreError::NotFound { what: "audit event at the checkpoint's sequence number" })
        }
        Some(hash) if hash == checkpoint.hash => Ok(()),
        Some(_) => Err(StoreError::invalid(
            ErrorCode::InvalidRequest,
            format!("审计检查点与审计日志不符：第 {} 条事件的哈希不同", checkpoint.seq),
        )),
    }
}

/// The sequence number as both stores keep it (a signed 64-bit integer).
pub fn stored_seq(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| {
        StoreError::invalid(ErrorCode::InvalidRequest, format!("审计检查点序号过大：{seq}"))
    })
}

/// A checkpoint from its row's values (`seq, hash, at, public_key, signature`).
pub fn from_row(
    seq: i64,
    hash: String,
    at: String,
    public_key: String,
    signature: String,
) -> Result<AuditCheckpoint, StoreError> {
    let seq = u64::try_from(seq).map_err(|_| corrupt("audit checkpoint seq", &seq.to_string()))?;
    Ok(AuditCheckpoint { seq, hash, at, public_key, signature })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint(seq: u64, hash: &str) -> AuditCheckpoint {
        AuditCheckpoint {
            seq,
            hash: hash.to_owned(),
            at: "2026-03-02T02:00:00.000Z".to_owned(),
            public_key: String::new(),
            signature: String::new(),
        }
    }

    #[test]
    fn only_a_checkpoint_over_an_existing_event_with_its_hash_is_recordable() {
        assert!(check_recordable(&checkpoint(3, "ab"), Some("ab")).is_ok());
        assert!(matches!(
            check_recordable(&checkpoint(3, "ab"), None),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            check_recordable(&checkpoint(3, "ab"), Some("cd")),
            Err(StoreError::Invalid { code: ErrorCode::InvalidRequest, .. })
        ));
        assert!(stored_seq(u64::MAX).is_err());
        assert!(from_row(-1, String::new(), String::new(), String::new(), String::new()).is_err());
    }
}
