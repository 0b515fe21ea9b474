//! Request and response types that cross IPC and are not already domain types.

use reviewdesk_domain::id::IdType;
use serde::Serialize;

/// What the "About" line of the shell shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    /// The dataset behind the working-day calendar and its version, e.g. `chinesecalendar 1.11.0`.
    pub calendar_source: String,
    /// First and last year the calendar covers.
    pub calendar_years: (i32, i32),
    /// Every accepted document type with its display names, in the order the UI lists them.
    pub id_types: Vec<IdTypeInfo>,
}

/// A document type and its names, so the UI takes them from the domain instead of repeating them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IdTypeInfo {
    pub id: IdType,
    pub name_zh: String,
    pub name_en: String,
}
