//! The working-day calendar the desktop counts with, and where it comes from (the supervisors'
//! coverage panel and the "next year is provisional" banner); a month of it day by day (the
//! date picker's days off).

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use reviewdesk_domain::calendar::{china_date, MarkedDay};
use tauri::State;

use crate::error::AppError;
use crate::models::CalendarStatus;
use crate::workstation::Workstation;

/// The synced calendar's coverage and sources; before the first sync, the bundled calendar.
#[tauri::command(async)]
#[specta::specta]
pub fn calendar_status(
    workstation: State<'_, Arc<Workstation>>,
) -> Result<CalendarStatus, AppError> {
    let synced = workstation.client.calendar()?;
    let years = synced.calendar.covered_years();
    Ok(CalendarStatus {
        version: synced.version.and_then(|version| u32::try_from(version).ok()),
        first_year: *years.start(),
        last_year: *years.end(),
        sources: synced.sources.clone(),
        next_year_pending: synced.calendar.next_year_pending(china_date(Utc::now())),
    })
}

/// The month `day` lies in, day by day, as the calendar due dates are counted with answers it
/// (days it cannot answer are left out).
#[tauri::command(async)]
#[specta::specta]
pub fn calendar_month(
    workstation: State<'_, Arc<Workstation>>,
    day: NaiveDate,
) -> Result<Vec<MarkedDay>, AppError> {
    Ok(workstation.client.calendar()?.calendar.month(day))
}
