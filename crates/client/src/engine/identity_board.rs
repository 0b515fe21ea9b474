//! The identity board (人证比对), asked for when the reviewer opens it: online only (never
//! cached: face crops are personal data the server audits at each read).

use reviewdesk_domain::wire::identity_board::IdentityBoardView;

use super::Client;
use crate::error::ClientError;

impl Client {
    /// The identity board of submission `id`, from the server this session is signed in to.
    pub async fn identity_board(&self, id: &str) -> Result<IdentityBoardView, ClientError> {
        let transport = self.active()?.transport().ok_or(ClientError::NotSignedIn)?;
        Ok(transport.identity_board(id).await?)
    }
}
