//! `GET /api/v1/submissions/{id}/identity-board`: the held card rectified and the three faces
//! of one submission, as the background photo checks recorded them
//! ([`reviewdesk_store::Store::identity_board`]). Read like the photos it is cut from (the lease
//! holder or, once decided, a supervisor of the province; 404 to anyone else, 410 once purged),
//! audited as `image_view` with `"identity_board": true`. Until the checks have settled the
//! board is `pending` (never an empty `computed`), saying why when the checks gave up or the
//! face models are missing right now. No band until the deployment is calibrated, and never a
//! distance.

use axum::extract::State;
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reviewdesk_domain::photo_findings::PhotoChecks;
use reviewdesk_domain::wire::identity_board::{
    BoardFace, BoardState, FaceSource, HeldCardView, IdentityBoardView,
};
use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_imaging::jpeg_header::read_dimensions;
use serde_json::json;

use super::blocking::with_store;
use super::error::ApiError;
use super::extract::ApiPath;
use super::photo_reads::read_audited;
use super::principal::Staff;
use super::state::AppState;
use crate::store::{BoardOutcome, HeldCardRecord, StoredBoard};

/// The reviewer's words for a board whose photo checks gave up.
const CHECKS_FAILED: &str = "自动检查未完成，身份比对（持证人与证件人像）未运行，请人工比对";

/// One submission's identity board.
#[utoipa::path(get, path = "/api/v1/submissions/{id}/identity-board", tag = "submissions",
    params(("id" = String, Path, description = "submission id")),
    responses((status = 200, body = IdentityBoardView, description = "recorded as `image_view` (`identity_board`); `pending` until the photo checks have run"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such submission, or not the caller's to read (leased to someone else, another province's, not decided yet for a supervisor)"),
        (status = 410, body = ErrorBody, description = "`personal_data_purged`: deleted after the retention period")),
    security(("bearer" = [])))]
pub async fn identity_board(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<IdentityBoardView>, ApiError> {
    let now = state.clock.now();
    let (checks, board) = with_store(&state.store, move |store| {
        read_audited(store, &staff.user, &id, now, |_| json!({ "identity_board": true }))?;
        Ok((store.photo_checks(&id)?.state, store.identity_board(&id)?))
    })
    .await?;
    let models_problem = state
        .image_checks
        .as_ref()
        .and_then(|checks| checks.face_models_unavailable())
        .map(|problem| problem.message_zh());
    Ok(Json(view(checks, board, models_problem)))
}

/// What the reader is shown: the recorded board once the checks have settled, else `pending`
/// (with why, when the checks gave up or the models are missing right now).
fn view(
    checks: PhotoChecks,
    board: Option<StoredBoard>,
    models_problem: Option<String>,
) -> IdentityBoardView {
    let settled = matches!(checks, PhotoChecks::Done | PhotoChecks::Failed);
    let Some(board) = board.filter(|_| settled).map(|stored| stored.board) else {
        let problem = match checks {
            PhotoChecks::Failed => Some(CHECKS_FAILED.to_owned()),
            _ => models_problem,
        };
        return IdentityBoardView {
            state: BoardState::Pending,
            problem,
            held_card: None,
            faces: Vec::new(),
            calibrated: false,
            bands: Vec::new(),
        };
    };
    let faces = match board.outcome {
        BoardOutcome::Computed => FaceSource::ALL
            .into_iter()
            .map(|source| BoardFace {
                source,
                crop_jpeg: board
                    .faces
                    .iter()
                    .find(|face| face.source == source)
                    .map(|face| STANDARD.encode(&face.crop_jpeg)),
            })
            .collect(),
        BoardOutcome::ModelsUnavailable | BoardOutcome::PhotosUnreadable => Vec::new(),
    };
    IdentityBoardView {
        state: board.outcome.state(),
        problem: board.problem,
        held_card: board.held_card.as_ref().and_then(held_card_view),
        faces,
        // The calibration (bands) is a supervisor's act not yet made: no band, no distance.
        calibrated: false,
        bands: Vec::new(),
    }
}

/// The held card as sent: its size read from the JPEG's own header; a card whose stored JPEG
/// has none is left out (logged), never sent without a size.
fn held_card_view(held: &HeldCardRecord) -> Option<HeldCardView> {
    match read_dimensions(&held.jpeg) {
        Ok(size) => Some(HeldCardView {
            corners: held.corners,
            rectified_jpeg: STANDARD.encode(&held.jpeg),
            width: size.width,
            height: size.height,
        }),
        Err(error) => {
            tracing::error!(%error, "identity board: the stored held card is not a JPEG");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{BoardFaceRecord, BoardRecord};

    fn stored(outcome: BoardOutcome) -> StoredBoard {
        StoredBoard {
            board: BoardRecord {
                outcome,
                problem: None,
                held_card: None,
                faces: vec![BoardFaceRecord {
                    source: FaceSource::HandheldPerson,
                    crop_jpeg: vec![1, 2, 3],
                    embedding: vec![0.5; 128],
                }],
            },
            computed_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_board_is_shown_only_once_the_checks_settled() {
        // Recorded, but its check is being retried: still pending.
        let view = view(PhotoChecks::Pending, Some(stored(BoardOutcome::Computed)), None);
        assert_eq!((view.state, view.faces.len()), (BoardState::Pending, 0));
        let missing = Some("人脸模型文件缺失".to_owned());
        let view = super::view(PhotoChecks::Pending, None, missing.clone());
        assert_eq!((view.state, view.problem), (BoardState::Pending, missing));
        let view = super::view(PhotoChecks::Failed, None, None);
        assert_eq!(
            (view.state, view.problem.as_deref()),
            (BoardState::Pending, Some(CHECKS_FAILED))
        );
    }

    #[test]
    fn every_face_is_listed_found_or_not_and_no_band_is_given() {
        let view = view(PhotoChecks::Done, Some(stored(BoardOutcome::Computed)), None);
        assert_eq!(view.state, BoardState::Computed);
        let sources: Vec<FaceSource> = view.faces.iter().map(|face| face.source).collect();
        assert_eq!(sources, FaceSource::ALL);
        let found: Vec<bool> = view.faces.iter().map(|face| face.crop_jpeg.is_some()).collect();
        assert_eq!(found, [false, false, true]);
        assert!(!view.calibrated && view.bands.is_empty());
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("embedding") && !json.contains("distance"), "{json}");
    }
}
