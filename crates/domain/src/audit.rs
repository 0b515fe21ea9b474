//! The audit log's hash chain: how an event is hashed onto the one before it, and how a stored
//! chain is verified. Pure: the stores persist events, this module decides what makes them a chain.
//!
//! Each event's hash is SHA-256 over the previous event's hash and the event's fields, every field
//! length-prefixed so no two different events encode alike. The first event links to
//! [`GENESIS`]. Changing, removing, inserting or reordering any stored event breaks the chain at
//! that event, and [`verify`] names the first broken link.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The "previous hash" of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored as its snake_case name; names are API, never renamed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Login,
    LoginFailed,
    Logout,
    UserAdded,
    IntakeKeyCreated,
    IntakeKeyRevoked,
    Intake,
    Claim,
    LeaseRenewed,
    LeaseReleased,
    ImageView,
    /// A submission's sheet read (its personal data, the number masked).
    SubmissionView,
    Decision,
    SecondReviewConfirmed,
    SecondReviewChanged,
    PiiReveal,
    Export,
    GoldenPlanted,
    /// Personal data of decided submissions deleted after the retention period (counts only).
    RetentionPurge,
    /// A working-day calendar file imported (years, changed days, open due dates moved).
    CalendarImported,
    /// An account disabled: its sessions ended with it, and it cannot log in.
    UserDisabled,
    /// A disabled account enabled again.
    UserEnabled,
    /// An account's password replaced; its sessions ended with it.
    PasswordChanged,
    /// Every session of an account ended at once.
    SessionsRevoked,
    /// A supervisor's case search (what kind of query and how many hits; never the query).
    CaseSearch,
    /// A supervisor took a reviewer's live lease back (the case returns to the queue).
    LeaseRevoked,
    /// A supervisor ran a face-similarity calibration on the province's approved cases (counts
    /// only).
    FaceCalibrationRun,
    /// A supervisor set the province's similarity bands (the thresholds and the run).
    SimilarityBandsSet,
}

impl AuditAction {
    pub const ALL: [AuditAction; 28] = [
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::UserAdded,
        AuditAction::IntakeKeyCreated,
        AuditAction::IntakeKeyRevoked,
        AuditAction::Intake,
        AuditAction::Claim,
        AuditAction::LeaseRenewed,
        AuditAction::LeaseReleased,
        AuditAction::ImageView,
        AuditAction::SubmissionView,
        AuditAction::Decision,
        AuditAction::SecondReviewConfirmed,
        AuditAction::SecondReviewChanged,
        AuditAction::PiiReveal,
        AuditAction::Export,
        AuditAction::GoldenPlanted,
        AuditAction::RetentionPurge,
        AuditAction::CalendarImported,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::PasswordChanged,
        AuditAction::SessionsRevoked,
        AuditAction::CaseSearch,
        AuditAction::LeaseRevoked,
        AuditAction::FaceCalibrationRun,
        AuditAction::SimilarityBandsSet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::UserAdded => "user_added",
            AuditAction::IntakeKeyCreated => "intake_key_created",
            AuditAction::IntakeKeyRevoked => "intake_key_revoked",
            AuditAction::Intake => "intake",
            AuditAction::Claim => "claim",
            AuditAction::LeaseRenewed => "lease_renewed",
            AuditAction::LeaseReleased => "lease_released",
            AuditAction::ImageView => "image_view",
            AuditAction::SubmissionView => "submission_view",
            AuditAction::Decision => "decision",
            AuditAction::SecondReviewConfirmed => "second_review_confirmed",
            AuditAction::SecondReviewChanged => "second_review_changed",
            AuditAction::PiiReveal => "pii_reveal",
            AuditAction::Export => "export",
            AuditAction::GoldenPlanted => "golden_planted",
            AuditAction::RetentionPurge => "retention_purge",
            AuditAction::CalendarImported => "calendar_imported",
            AuditAction::UserDisabled => "user_disabled",
            AuditAction::UserEnabled => "user_enabled",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::SessionsRevoked => "sessions_revoked",
            AuditAction::CaseSearch => "case_search",
            AuditAction::LeaseRevoked => "lease_revoked",
            AuditAction::FaceCalibrationRun => "face_calibration_run",
            AuditAction::SimilarityBandsSet => "similarity_bands_set",
        }
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// Whether the event records someone seeing an applicant's personal data (a photo, the sheet,
    /// the full ID number, an export). Such an event must survive a power loss once its request was answered: the
    /// stores commit it durably (`reviewdesk_store::rules::audit_commits_durably`). Every action
    /// is listed, so a new one cannot be added without deciding.
    pub fn records_personal_data_access(self) -> bool {
        match self {
            // An export carries names (and, asked for, full numbers).
            AuditAction::ImageView
            | AuditAction::SubmissionView
            | AuditAction::PiiReveal
            | AuditAction::Export
            // A search by ID number or name is a lookup of personal data.
            | AuditAction::CaseSearch => true,
            AuditAction::Login
            | AuditAction::LoginFailed
            | AuditAction::Logout
            | AuditAction::UserAdded
            | AuditAction::IntakeKeyCreated
            | AuditAction::IntakeKeyRevoked
            | AuditAction::Intake
            | AuditAction::Claim
            | AuditAction::LeaseRenewed
            | AuditAction::LeaseReleased
            | AuditAction::Decision
            | AuditAction::SecondReviewConfirmed
            | AuditAction::SecondReviewChanged
            | AuditAction::GoldenPlanted
            | AuditAction::RetentionPurge
            | AuditAction::CalendarImported
            | AuditAction::UserDisabled
            | AuditAction::UserEnabled
            | AuditAction::PasswordChanged
            | AuditAction::SessionsRevoked
            | AuditAction::LeaseRevoked
            // Distances and counts, never a face or a name.
            | AuditAction::FaceCalibrationRun
            | AuditAction::SimilarityBandsSet => false,
        }
    }
}

/// The fields of an event that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// When, as RFC 3339 UTC text exactly as stored (hashing the text avoids precision drift).
    pub at: String,
    /// Who: a username, `intake:<key id>`, or `system`.
    pub actor: String,
    pub action: AuditAction,
    /// What it concerns, e.g. a submission id.
    pub subject: Option<String>,
    /// Further detail as canonical JSON text; never an ID number or a name.
    pub detail: String,
}

/// An event as stored: its fields and the two hashes that chain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ChainedEntry {
    pub entry: AuditEntry,
    /// Lower-case hex SHA-256 of the previous event ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// Lower-case hex SHA-256 of this event, see [`link_hash`].
    pub hash: String,
}

/// The hash of `entry` chained onto `prev_hash`.
pub fn link_hash(prev_hash: &str, entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&entry.seq.to_be_bytes());
    field(entry.at.as_bytes());
    field(entry.actor.as_bytes());
    field(entry.action.as_str().as_bytes());
    match &entry.subject {
        Some(subject) => {
            field(b"1");
            field(subject.as_bytes());
        }
        None => field(b"0"),
    }
    field(entry.detail.as_bytes());
    hex(&hasher.finalize())
}

/// Chains `entry` onto `prev_hash`.
pub fn chain(prev_hash: &str, entry: AuditEntry) -> ChainedEntry {
    let hash = link_hash(prev_hash, &entry);
    ChainedEntry { entry, prev_hash: prev_hash.to_owned(), hash }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Why a chain does not verify, at the first event where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
pub enum BrokenLink {
    #[error(
        "event {found}: expected sequence number {expected} (an event is missing or inserted)"
    )]
    Sequence { expected: u64, found: u64 },
    #[error("event {seq}: its previous-hash does not match the event before it")]
    PrevHash { seq: u64 },
    #[error("event {seq}: its content does not match its hash (the event was altered)")]
    Hash { seq: u64 },
}

impl BrokenLink {
    /// The sequence number of the first broken event.
    pub fn seq(&self) -> u64 {
        match self {
            BrokenLink::Sequence { found, .. } => *found,
            BrokenLink::PrevHash { seq } | BrokenLink::Hash { seq } => *seq,
        }
    }
}

/// Verifies a whole chain, in order from its first event. Returns the number of events.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a ChainedEntry>) -> Result<u64, BrokenLink> {
    verify_after(0, GENESIS, entries)
}

/// Verifies the part of a chain after event `seq` whose hash is `hash` (`0` and [`GENESIS`]: the
/// whole chain), in order. Returns the sequence number of its last event (`seq` if none).
pub fn verify_after<'a>(
    seq: u64,
    hash: &str,
    entries: impl IntoIterator<Item = &'a ChainedEntry>,
) -> Result<u64, BrokenLink> {
    let mut expected_prev = hash.to_owned();
    let mut count = seq;
    for stored in entries {
        count += 1;
        if stored.entry.seq != count {
            return Err(BrokenLink::Sequence { expected: count, found: stored.entry.seq });
        }
        if stored.prev_hash != expected_prev {
            return Err(BrokenLink::PrevHash { seq: count });
        }
        if link_hash(&stored.prev_hash, &stored.entry) != stored.hash {
            return Err(BrokenLink::Hash { seq: count });
        }
        expected_prev.clone_from(&stored.hash);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, actor: &str) -> AuditEntry {
        AuditEntry {
            seq,
            at: "2026-11-24T10:00:00.000Z".to_owned(),
            actor: actor.to_owned(),
            action: AuditAction::Claim,
            subject: Some(format!("sub-{seq}")),
            detail: "{}".to_owned(),
        }
    }

    fn built(n: u64) -> Vec<ChainedEntry> {
        let mut chain_so_far: Vec<ChainedEntry> = Vec::new();
        for seq in 1..=n {
            let prev = chain_so_far.last().map_or(GENESIS.to_owned(), |e| e.hash.clone());
            chain_so_far.push(chain(&prev, entry(seq, "alice")));
        }
        chain_so_far
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&built(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn tampering_is_found_at_the_first_broken_event() {
        let mut altered = built(5);
        altered[2].entry.actor = "mallory".to_owned();
        assert_eq!(verify(&altered), Err(BrokenLink::Hash { seq: 3 }));

        let mut rehashed = built(5);
        rehashed[2].entry.actor = "mallory".to_owned();
        rehashed[2].hash = link_hash(&rehashed[2].prev_hash, &rehashed[2].entry);
        assert_eq!(verify(&rehashed), Err(BrokenLink::PrevHash { seq: 4 }));

        let mut removed = built(5);
        removed.remove(1);
        assert_eq!(verify(&removed), Err(BrokenLink::Sequence { expected: 2, found: 3 }));
    }

    #[test]
    fn a_part_verifies_from_the_event_before_it() {
        let whole = built(5);
        assert_eq!(verify_after(2, &whole[1].hash, &whole[2..]), Ok(5));
        assert_eq!(verify_after(2, &whole[1].hash, &[]), Ok(2));
        assert_eq!(
            verify_after(2, &whole[0].hash, &whole[2..]),
            Err(BrokenLink::PrevHash { seq: 3 })
        );
        assert_eq!(
            verify_after(1, &whole[0].hash, &whole[2..]),
            Err(BrokenLink::Sequence { expected: 2, found: 3 })
        );
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let mut a = entry(1, "ab");
        a.subject = Some("c".to_owned());
        let mut b = entry(1, "a");
        b.subject = Some("bc".to_owned());
        assert_ne!(link_hash(GENESIS, &a), link_hash(GENESIS, &b));
        let mut none = entry(1, "a");
        none.subject = None;
        let mut empty = entry(1, "a");
        empty.subject = Some(String::new());
        assert_ne!(link_hash(GENESIS, &none), link_hash(GENESIS, &empty));
    }

    #[test]
    fn seeing_personal_data_is_recorded_durably_and_nothing_else_is() {
        let durable: Vec<_> =
            AuditAction::ALL.into_iter().filter(|a| a.records_personal_data_access()).collect();
        assert_eq!(
            durable,
            [
                AuditAction::ImageView,
                AuditAction::SubmissionView,
                AuditAction::PiiReveal,
                AuditAction::Export,
                AuditAction::CaseSearch
            ]
        );
    }

    #[test]
    fn action_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
    }
}
