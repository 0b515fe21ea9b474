//! The shell's own commands: app and data versions, and the ID-number checker.

use chrono::Utc;
use reviewdesk_domain::calendar::{china_date, WorkCalendar};
use reviewdesk_domain::consistency::{self, ConsistencyReport, DeclaredIdentity};
use reviewdesk_domain::document;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::reasons;
use reviewdesk_domain::{ErrorCode, Lang};

use crate::error::AppError;
use crate::models::{AppInfo, IdTypeInfo, ReasonText};

/// Longest ID number accepted over IPC; every real document number is far shorter.
const MAX_ID_NUMBER_CHARS: usize = 64;

/// Version of the app and of the data compiled into it.
#[tauri::command]
#[specta::specta]
pub fn app_info() -> AppInfo {
    let calendar = WorkCalendar::bundled();
    let years = calendar.covered_years();
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        // The header also names the licence and home page; the UI shows the dataset and version.
        calendar_source: calendar.source().split(" (").next().unwrap_or_default().to_owned(),
        calendar_years: (*years.start(), *years.end()),
        id_types: IdType::ALL
            .iter()
            .map(|&id| IdTypeInfo {
                id,
                name_zh: id.name_zh().to_owned(),
                name_en: id.name_en().to_owned(),
                document: document::names_of(id),
                reason_texts: reasons::catalogue()
                    .iter()
                    .map(|reason| ReasonText {
                        code: reason.code.to_owned(),
                        zh: reason.text_for(id, Lang::Zh).into_owned(),
                        en: reason.text_for(id, Lang::En).into_owned(),
                    })
                    .collect(),
            })
            .collect(),
        demo_start: std::env::var_os("REVIEWDESK_DEMO").is_some_and(|value| value == "1"),
    }
}

/// Parses an ID number of the given type and reports what it encodes and what is wrong with it.
#[tauri::command]
#[specta::specta]
pub fn check_id(id_type: IdType, number: String) -> Result<ConsistencyReport, AppError> {
    if number.chars().count() > MAX_ID_NUMBER_CHARS {
        return Err(AppError::new(
            ErrorCode::InputTooLong,
            format!("ID number over {MAX_ID_NUMBER_CHARS} characters"),
        ));
    }
    let declared = DeclaredIdentity::number_only(id_type, number);
    Ok(consistency::check(&declared, china_date(Utc::now())))
}
