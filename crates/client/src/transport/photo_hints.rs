//! `GET /api/v1/submissions/{id}/images/{side}/hints` on [`Transport`]: the forensic hints of
//! one photo, for the lease holder or a supervisor of a decided case (the server decides; its
//! refusal is passed on unchanged).

use reqwest::Method;
use reviewdesk_domain::review::PhotoSide;
use reviewdesk_domain::wire::photo_hints::PhotoHints;

use super::{read_json, Transport, TransportError};

impl Transport {
    /// The forensic hints of one photo (computed by the server on demand, audited there).
    pub async fn photo_hints(
        &self,
        id: &str,
        side: PhotoSide,
    ) -> Result<PhotoHints, TransportError> {
        let request =
            self.request(Method::GET, &["submissions", id, "images", side.as_str(), "hints"])?;
        read_json(self.send(request).await?).await
    }
}
