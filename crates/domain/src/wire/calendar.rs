//! The deployment's working-day calendar as the desktop syncs it: `GET /api/v1/calendar`.
//!
//! The desktop sends the version it holds (`?known_version=N`); an unchanged calendar answers
//! with the version alone, so the check costs one small request. The calendar travels in the
//! bundled file's own format (`crate::calendar::WorkCalendar::to_file`), read back with the same
//! strict parser.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Query of `GET /api/v1/calendar`.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarQuery {
    /// The version the caller holds; the calendar itself is left out when it is current.
    #[cfg_attr(
        feature = "openapi",
        param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_f64)
    )]
    pub known_version: Option<u32>,
}

/// One imported calendar file (a notice, or the bundled data a deployment started from).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CalendarSource {
    /// The import's number; the calendar's version is the newest one.
    pub version: u32,
    /// The notice's title (the file's `source` line).
    pub title: String,
    pub url: Option<String>,
    /// When the notice was published (`None` for the bundled data).
    pub published_on: Option<NaiveDate>,
    /// The years the file declared.
    pub first_year: i32,
    pub last_year: i32,
    /// The years the current calendar still takes from this import (a later import of the
    /// same year replaces it).
    pub years_in_use: Vec<i32>,
    pub imported_at: DateTime<Utc>,
    /// The administrator's name as given to `calendar import`, or `system` for the bundled data.
    pub imported_by: String,
    /// SHA-256 (hex) of the imported file.
    pub sha256: String,
    /// Days whose kind the import changed.
    pub changed_days: u32,
}

/// The calendar's content.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CalendarBody {
    /// The merged calendar in the calendar file format.
    pub file: String,
    /// Every import, newest first.
    pub sources: Vec<CalendarSource>,
}

/// The answer of `GET /api/v1/calendar`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CalendarUpdate {
    /// The server's calendar version.
    pub version: u32,
    /// `None` when the caller already holds `version`.
    pub calendar: Option<CalendarBody>,
}
