//! The audit log's anchor outside the database: the server's Ed25519 signing key in a file of its
//! own ([`signing_key`]), the signed checkpoints of the chain's head it records while it runs
//! ([`checkpointer`]), and the verification `audit verify` runs: links, signatures, and the chain
//! against every checkpoint ([`verification`]). What is signed and how a chain is compared with a
//! checkpoint is the domain's (`reviewdesk_domain::audit_checkpoint`).

pub mod checkpointer;
pub mod signing_key;
pub mod verification;

pub use checkpointer::{CheckpointPolicy, Checkpointer};
pub use signing_key::{AuditSigningKey, KeyFileError};
pub use verification::{parse_public_key, verify_audit_log, AuditFailure, Verified};
