//! Running one network [`Operation`] through the transport: look up what it needs in the cache
//! (lease token, queued decision), send, and wrap the outcome as an [`Answer`] for the sync step.
//! A failed refresh of a body is logged here: the sync step keeps it off the status line.

use reviewdesk_domain::wire::{ClaimRequest, RenewRequest};

use super::Active;
use crate::error::ClientError;
use crate::sync::{Answer, Operation};
use crate::transport::Transport;

/// The answer, or `None` when there was nothing to send (the row left the cache meanwhile).
pub async fn execute(
    active: &Active,
    transport: &Transport,
    operation: Operation,
) -> Result<Option<Answer>, ClientError> {
    let failed = |operation: Operation, error| Answer::Failed { operation, error };
    let answer = match operation.clone() {
        Operation::Forget { .. } => return Ok(None),
        Operation::Send { decision_id, .. } => {
            let decision = active.cache().outbox_decision_for_send(&decision_id)?;
            let Some(decision) = decision else { return Ok(None) };
            match transport.decide(&decision).await {
                Ok(receipt) => Answer::Sent { decision_id, receipt: Box::new(receipt) },
                Err(error) => failed(operation, error),
            }
        }
        Operation::Renew { submission_id, lease_seconds } => {
            let token = active.cache().lease_token(&submission_id)?;
            let Some(lease_token) = token else { return Ok(None) };
            let request =
                RenewRequest { submission_id, lease_token, lease_seconds: Some(lease_seconds) };
            match transport.renew(&request).await {
                Ok(lease) => Answer::Renewed { lease, lease_seconds },
                Err(error) => failed(operation, error),
            }
        }
        Operation::Claim { count, lease_seconds } => {
            let request = ClaimRequest { max: count, lease_seconds: Some(lease_seconds) };
            match transport.claim(&request).await {
                Ok(claimed) => {
                    Answer::Claimed { leases: claimed.leases, lease_seconds, offline: false }
                }
                Err(error) => failed(operation, error),
            }
        }
        Operation::FetchSubmission { submission_id } => {
            match transport.submission(&submission_id).await {
                Ok(body) => Answer::Submission { body: Box::new(body) },
                Err(error) => failed(operation, error),
            }
        }
        Operation::RefreshSubmission { submission_id } => {
            match transport.submission(&submission_id).await {
                Ok(body) => Answer::Submission { body: Box::new(body) },
                Err(error) => {
                    tracing::warn!(
                        submission = %submission_id,
                        code = error.code(),
                        "could not refresh a submission's photo checks; a later round asks again"
                    );
                    failed(operation, error)
                }
            }
        }
        Operation::SyncCalendar { known_version } => {
            let known = known_version.and_then(|version| u32::try_from(version).ok());
            match transport.calendar(known).await {
                Ok(update) => Answer::Calendar { update: Box::new(update) },
                Err(error) => failed(operation, error),
            }
        }
        Operation::FetchImage { submission_id, side } => {
            match transport.image(&submission_id, side).await {
                Ok(bytes) => Answer::Image { submission_id, side, bytes },
                Err(error) => failed(operation, error),
            }
        }
    };
    Ok(Some(answer))
}
