//! The forensic hints of one photo, asked for in the viewer: online only (never cached; the
//! server computes them and audits the read).

use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::PhotoHints;

use super::Client;
use crate::error::ClientError;

impl Client {
    /// The hints of `side` of submission `id`, from the server this session is signed in to.
    pub async fn photo_hints(&self, id: &str, side: PhotoSide) -> Result<PhotoHints, ClientError> {
        let transport = self.active()?.transport().ok_or(ClientError::NotSignedIn)?;
        Ok(transport.photo_hints(id, side).await?)
    }
}
