//! Request and response types that cross IPC and are neither domain nor client types (those
//! are sent as they are: `Status`, `DecisionInput`, `VerdictInput`, `Checkout`, `CaseSheet`).

use reviewdesk_client::{ConflictKind, ConflictRecord, OwnDecision, Refusal};
use reviewdesk_domain::document::DocumentNames;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::Role;
use reviewdesk_domain::wire::Decision;
use serde::Serialize;

/// The working-day calendar the desktop counts with (`calendar_status`).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CalendarStatus {
    /// The server's calendar version; `None`: not synced yet (the bundled calendar is used).
    pub version: Option<u32>,
    pub first_year: i32,
    pub last_year: i32,
    /// The server's imports, newest first (empty before the first sync).
    pub sources: Vec<reviewdesk_domain::wire::calendar::CalendarSource>,
    /// From 1 November: next year, while no notice for it is imported (its due dates are
    /// provisional).
    pub next_year_pending: Option<i32>,
}

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
    /// Open local mode with the demo queue when nobody is signed in (the README's run command
    /// sets `REVIEWDESK_DEMO=1`). The UI starts it, so the window shows the progress.
    pub demo_start: bool,
}

/// A document type and its names, so the UI takes them from the domain instead of repeating them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IdTypeInfo {
    pub id: IdType,
    pub name_zh: String,
    pub name_en: String,
    /// What the document calls its photos (人像面, 资料页, 正面 …), for labels outside a sheet.
    pub document: DocumentNames,
    /// Every reject reason as this document's holder reads it (the photo reasons name its parts:
    /// `护照资料页照片不清晰`), in catalogue order.
    pub reason_texts: Vec<ReasonText>,
}

/// A reject reason's text for one document type.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReasonText {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// Who is signed in, where.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SessionView {
    pub username: String,
    pub role: Role,
    pub province: Option<String>,
    pub server_url: String,
    /// The bundled server on this computer (demo data).
    pub local_mode: bool,
}

/// One submission ready to review, in queue order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct QueueEntry {
    pub submission_id: String,
}

impl QueueEntry {
    pub fn list(ids: Vec<String>) -> Vec<QueueEntry> {
        ids.into_iter().map(|submission_id| QueueEntry { submission_id }).collect()
    }
}

/// A decision of ours the server did not take: ours as made here, and either the decision that
/// stands (`kind` `conflict`) or the server's refusal (`refused`). The UI words it from `kind`
/// and the refusal's code. (The cached submission stays out: it holds the full ID number.)
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ConflictView {
    pub kind: ConflictKind,
    pub yours: OwnDecision,
    pub theirs: Option<Decision>,
    pub refusal: Option<Refusal>,
}

impl ConflictView {
    pub fn list(records: Vec<ConflictRecord>) -> Vec<ConflictView> {
        records
            .into_iter()
            .map(|record| ConflictView {
                kind: record.kind,
                yours: record.ours,
                theirs: record.theirs,
                refusal: record.refusal,
            })
            .collect()
    }
}

/// What the About view (关于) shows: the build, where the app keeps its files, and its server.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AboutView {
    pub version: String,
    /// `debug` or `release`.
    pub profile: String,
    /// Operating system and architecture the binary was built for, e.g. `linux x86_64`.
    pub target: String,
    /// The Tauri runtime's version.
    pub tauri_version: String,
    /// The signed-in account's server; `None` when nobody is signed in.
    pub server_url: Option<String>,
    /// The server is local mode's, inside this app (本地模式).
    pub local_mode: bool,
    /// The account, caches and local mode's data.
    pub data_dir: String,
    /// The daily log files.
    pub log_dir: String,
    /// The saved window size and position.
    pub config_dir: String,
}
