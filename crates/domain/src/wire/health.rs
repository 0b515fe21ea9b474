//! [`Health`]: the answer of `GET /healthz` (the process is up) and `GET /readyz` (the store
//! answers and its schema is current). A store that is not ready answers 503 with `ErrorBody`.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Health {
    /// `ok` (healthz) or `ready` (readyz).
    pub status: String,
    /// With readyz: the database's schema version, the one this build expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<u32>,
}
