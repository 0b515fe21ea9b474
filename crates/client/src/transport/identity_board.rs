//! `GET /api/v1/submissions/{id}/identity-board` on [`Transport`]: the identity board of one
//! submission (the held card rectified, three faces, bands once calibrated), for its lease holder
//! (the server decides and audits; its refusal is passed on unchanged).

use reqwest::Method;
use reviewdesk_domain::wire::identity_board::IdentityBoardView;

use super::{read_json, Transport, TransportError};

impl Transport {
    /// The identity board of submission `id`, as the server's background checks left it.
    pub async fn identity_board(&self, id: &str) -> Result<IdentityBoardView, TransportError> {
        let request = self.request(Method::GET, &["submissions", id, "identity-board"])?;
        read_json(self.send(request).await?).await
    }
}
