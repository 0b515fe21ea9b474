//! Request and response types that cross IPC and are not already domain types.

use chrono::{DateTime, Utc};
use reviewdesk_client::Status;
use reviewdesk_domain::id::IdType;
use reviewdesk_domain::review::{Outcome, Role, SubmissionStatus};
use reviewdesk_domain::sheet::ReviewSheet;
use reviewdesk_domain::wire::Decision;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

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

/// The always-visible status line.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WorkStatus {
    /// `false` once the server could not be reached; `null` before the first attempt.
    pub online: Option<bool>,
    pub outbox_pending: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub conflicts: u32,
    /// Submissions ready to review here.
    pub ready: u32,
    pub earliest_lease_expiry: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    /// The latest failure (the UI shows its own text for the code).
    pub last_error: Option<AppError>,
}

impl From<Status> for WorkStatus {
    fn from(status: Status) -> WorkStatus {
        WorkStatus {
            online: status.online,
            outbox_pending: status.outbox_pending,
            next_attempt_at: status.next_attempt_at,
            conflicts: status.conflicts,
            ready: status.ready,
            earliest_lease_expiry: status.earliest_lease_expiry,
            last_sync: status.last_sync,
            last_error: status
                .last_error
                .map(|error| AppError { code: error.code, message: error.message }),
        }
    }
}

/// One submission ready to review, in queue order.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct QueueEntry {
    pub submission_id: String,
}

/// A decision as the review screen sends it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct DecisionForm {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    pub note: Option<String>,
}

/// An offline checkout's result.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CheckoutView {
    pub claimed: u32,
    pub ready: u32,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Our decision as made here.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OwnDecisionView {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub decided_at: DateTime<Utc>,
}

/// A decision of ours the server did not take, with the one that stands.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConflictView {
    pub decision_id: String,
    pub submission_id: String,
    pub yours: OwnDecisionView,
    pub theirs: Option<Decision>,
    /// Why: `conflict`, or the server's refusal (the UI shows its own text for the code).
    pub code: String,
    /// Why, in Chinese.
    pub message: String,
}

/// A submission in the supervisor's case view (fetched online, not cached).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CaseView {
    pub sheet: ReviewSheet,
    pub status: SubmissionStatus,
}

/// A supervisor's verdict as the second-review screen sends it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct VerdictForm {
    pub submission_id: String,
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub other_text: Option<String>,
    /// Why: required.
    pub note: String,
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
