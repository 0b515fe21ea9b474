//! The working-day calendar the desktop counts with: the server's, as last synced into the
//! cache (so working days left are computed offline too), or the bundled one until the first
//! sync. Parsed once per version; a body that does not parse is an error, never a silent
//! fallback.

use std::sync::Arc;

use reviewdesk_domain::calendar::WorkCalendar;
use reviewdesk_domain::wire::calendar::CalendarSource;

use super::{lock, Client};
use crate::error::ClientError;

/// The calendar and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncedCalendar {
    /// The server's version; `None`: not synced yet (the bundled calendar).
    pub version: Option<i64>,
    pub calendar: WorkCalendar,
    /// The server's imports, newest first (empty before the first sync).
    pub sources: Vec<CalendarSource>,
}

impl SyncedCalendar {
    fn bundled() -> SyncedCalendar {
        SyncedCalendar {
            version: None,
            calendar: WorkCalendar::bundled().clone(),
            sources: Vec::new(),
        }
    }
}

impl Client {
    /// The calendar to count working days with (see the module doc). Without an account: the
    /// bundled one.
    pub fn calendar(&self) -> Result<Arc<SyncedCalendar>, ClientError> {
        let Some(active) = lock(&self.active).clone() else {
            return Ok(Arc::new(SyncedCalendar::bundled()));
        };
        let stored = active.cache().calendar()?;
        let Some((version, body)) = stored else {
            return Ok(Arc::new(SyncedCalendar::bundled()));
        };
        let mut parsed = lock(&active.calendar);
        if let Some(current) = parsed.as_ref().filter(|c| c.version == Some(version)) {
            return Ok(Arc::clone(current));
        }
        let calendar = WorkCalendar::parse(&body.file).map_err(|error| ClientError::Calendar {
            message: format!("{} / {error}", error.message_zh()),
        })?;
        let synced =
            Arc::new(SyncedCalendar { version: Some(version), calendar, sources: body.sources });
        *parsed = Some(Arc::clone(&synced));
        Ok(synced)
    }
}
