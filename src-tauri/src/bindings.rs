//! The registry of IPC commands and the generator of their TypeScript bindings.
//!
//! `ui/src/lib/bindings.ts` is generated from this registry and committed. The test
//! `bindings_are_fresh` (tests/bindings.rs) fails when it is stale; regenerate with
//! `UPDATE_BINDINGS=1 cargo test --test bindings`.

use reviewdesk_domain::review::SubmissionStatus;
use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::commands::{
    about, calendar, face_calibration, identity_board, photo_hints, review, session, shell,
    supervision,
};
use crate::events::{ConflictsChanged, QueueChanged, SyncFinished, WorkChanged};

/// What the applicant's system shows for a decided case (`SubmissionStatus::applicant_text_zh`).
#[derive(serde::Serialize, specta::Type)]
struct ApplicantTexts {
    approved: &'static str,
    rejected: &'static str,
}

impl ApplicantTexts {
    const FROM_DOMAIN: ApplicantTexts = ApplicantTexts {
        approved: SubmissionStatus::Approved.applicant_text_zh(),
        rejected: SubmissionStatus::Rejected.applicant_text_zh(),
    };
}

/// Where the generated bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

/// The command and event registry shared by the running app and the bindings generator.
pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        // Every error code, for the UI's dictionary of error texts (`AppError.code` is a string:
        // a newer server may send a code this build does not know).
        .typ::<reviewdesk_domain::ErrorCode>()
        // What the applicant's system shows for a decided case, as the domain words it (an
        // overturn's confirmation shows the new one): one definition, never a copy in the UI.
        // One constant: tauri-specta writes several in no fixed order.
        .constant("APPLICANT_TEXTS", ApplicantTexts::FROM_DOMAIN)
        .events(collect_events![WorkChanged, QueueChanged, ConflictsChanged, SyncFinished])
        .commands(collect_commands![
            shell::app_info,
            shell::check_id,
            about::about_info,
            calendar::calendar_status,
            calendar::calendar_month,
            session::session_info,
            session::login,
            session::open_local_demo,
            session::logout,
            review::work_status,
            review::queue,
            review::review_sheet,
            review::reject_reasons,
            review::applicant_preview,
            review::decide,
            review::recall_decision,
            review::reveal_id_number,
            review::own_decision,
            review::checkout_offline,
            review::release_offline,
            review::page_recovered,
            review::conflicts,
            review::dismiss_conflict,
            photo_hints::photo_hints,
            identity_board::identity_board,
            supervision::second_reviews,
            supervision::second_review,
            supervision::case_sheet,
            supervision::decision_log,
            supervision::export_decisions,
            supervision::timeline,
            supervision::find_cases,
            supervision::queue_overview,
            supervision::export_monthly_report,
            supervision::revoke_lease,
            supervision::saved_views,
            supervision::save_view,
            supervision::delete_view,
            supervision::plant_golden,
            supervision::stats,
            supervision::verify_audit,
            face_calibration::face_calibration,
            face_calibration::run_face_calibration,
            face_calibration::set_similarity_bands,
        ])
}

/// The TypeScript exporter settings used for the committed bindings.
fn exporter() -> Typescript {
    Typescript::default()
        .bigint(BigIntExportBehavior::Fail)
        .header("// Generated from the Rust command registry (src-tauri/src/bindings.rs). Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test --test bindings\n")
}

/// Renders the bindings as the text that should be committed at [`BINDINGS_PATH`].
pub fn render() -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("reviewdesk-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("bindings.ts");
    builder().export(exporter(), &path).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}
