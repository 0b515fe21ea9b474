//! Giving the offline batch back before it runs out: [`Client::release_offline`].
//!
//! An offline checkout leases a day's batch for hours; a reviewer who will not finish it gives it
//! back so colleagues can take it now rather than when the leases expire. Releasing needs the
//! server (a batch forgotten only locally would stay locked to this reviewer until it expires), so
//! offline it is refused with `offline` and the batch stays workable here.

use reviewdesk_domain::wire::ReleaseRequest;

use super::{claims_from_queue, Client};
use crate::error::ClientError;
use crate::sync::{CacheChange, ForgetReason};
use crate::transport::TransportError;

/// What [`Client::release_offline`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Released {
    /// Submissions given back to the server's queue.
    pub released: u32,
    /// Submissions the server no longer held for this reviewer (expired, taken back): forgotten
    /// here all the same.
    pub already_gone: u32,
}

impl Client {
    /// Gives back every undecided submission of the offline batch: each lease is released on the
    /// server and the submission leaves the cache. Decided ones stay (their decisions wait in the
    /// outbox). A lease the server no longer knows as this reviewer's is forgotten too. Stops at
    /// the first network failure with `offline`, keeping what was not released yet.
    pub async fn release_offline(&self) -> Result<Released, ClientError> {
        let active = self.active()?;
        if !claims_from_queue(active.account.user.role) {
            return Err(ClientError::ReviewersOnly);
        }
        let _round = self.sync_lock.lock().await;
        let transport = active.transport().ok_or(ClientError::NotSignedIn)?;
        let leases = active.cache().offline_leases(self.clock.now())?;
        let mut done = Released { released: 0, already_gone: 0 };
        for (submission_id, lease_token) in leases {
            let request = ReleaseRequest { submission_id: submission_id.clone(), lease_token };
            match transport.release(&request).await {
                Ok(()) => done.released += 1,
                Err(TransportError::Refused { status: 404 | 409, .. }) => done.already_gone += 1,
                Err(error) => return Err(error.into()),
            }
            let forget = CacheChange::Forget { submission_id, why: ForgetReason::LeaseLost };
            active.cache().apply(&[forget], self.clock.now())?;
        }
        Ok(done)
    }
}
