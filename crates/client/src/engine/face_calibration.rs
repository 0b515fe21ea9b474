//! The supervisor's face-similarity calibration: online only, from the server this session is
//! signed in to (which checks the supervisor and audits runs and bands).

use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};

use super::Client;
use crate::error::ClientError;

impl Client {
    /// The latest calibration run and the bands in force.
    pub async fn face_calibration(&self) -> Result<CalibrationStatus, ClientError> {
        Ok(self.online()?.face_calibration().await?)
    }

    /// Runs a calibration on the province's decided cases now.
    pub async fn run_face_calibration(&self) -> Result<CalibrationRun, ClientError> {
        Ok(self.online()?.run_face_calibration().await?)
    }

    /// Sets the similarity bands from a run.
    pub async fn set_similarity_bands(
        &self,
        bands: &SetBandsRequest,
    ) -> Result<SimilarityBands, ClientError> {
        Ok(self.online()?.set_similarity_bands(bands).await?)
    }
}
