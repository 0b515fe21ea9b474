//! The face-similarity calibration (`/api/v1/face-calibration`) on [`Transport`]: its status,
//! a new run on the province's decided cases, and the bands a supervisor sets from a run.
//! Supervisors only; the server refuses anyone else and that refusal is passed on unchanged.

use reqwest::Method;
use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};

use super::{read_json, Transport, TransportError};

impl Transport {
    /// `GET /api/v1/face-calibration`: the latest run and the bands in force.
    pub async fn face_calibration(&self) -> Result<CalibrationStatus, TransportError> {
        let request = self.request(Method::GET, &["face-calibration"])?;
        read_json(self.send(request).await?).await
    }

    /// `POST /api/v1/face-calibration/runs`: measures the province's decided cases now.
    pub async fn run_face_calibration(&self) -> Result<CalibrationRun, TransportError> {
        let request = self.post(&["face-calibration", "runs"], &serde_json::json!({}))?;
        read_json(self.send(request).await?).await
    }

    /// `PUT /api/v1/face-calibration/bands`: the thresholds chosen from a run (audited).
    pub async fn set_similarity_bands(
        &self,
        bands: &SetBandsRequest,
    ) -> Result<SimilarityBands, TransportError> {
        let request = self.request(Method::PUT, &["face-calibration", "bands"])?.json(bands);
        read_json(self.send(request).await?).await
    }
}
