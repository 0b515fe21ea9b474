//! The identity boards on PostgreSQL (see [`crate::identity_boards`]): recorded under the
//! photo-check claim, whose work row is locked first (as finishing does), the board row and its
//! faces replaced together; read back with the faces in board order.

use chrono::{DateTime, Utc};

use super::tx::Tx;
use crate::identity_boards::{corners_text, embedding_bytes, StoredBoard, StoredRows};
use crate::text_values::timestamp;
use crate::{BoardRecord, StoreError};

pub(super) fn record(
    tx: &mut Tx<'_>,
    submission_id: &str,
    claim: &str,
    board: &BoardRecord,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    board.validate()?;
    let held = tx.query_opt(
        "SELECT 1 FROM photo_check_work WHERE submission_id = $1 AND claim = $2 FOR UPDATE",
        &[&submission_id, &claim],
    )?;
    if held.is_none() {
        return Ok(false);
    }
    let province: String = tx
        .query_opt("SELECT province FROM submissions WHERE id = $1", &[&submission_id])?
        .ok_or(StoreError::NotFound { what: "submission" })?
        .try_get(0)?;
    let corners = board.held_card.as_ref().map(|held| corners_text(&held.corners)).transpose()?;
    let card_jpeg = board.held_card.as_ref().map(|held| held.jpeg.as_slice());
    tx.execute("DELETE FROM board_faces WHERE submission_id = $1", &[&submission_id])?;
    tx.execute(
        "INSERT INTO identity_boards
             (submission_id, province, state, problem, held_card_corners, held_card_jpeg,
              computed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (submission_id) DO UPDATE SET province = excluded.province,
             state = excluded.state, problem = excluded.problem,
             held_card_corners = excluded.held_card_corners,
             held_card_jpeg = excluded.held_card_jpeg, computed_at = excluded.computed_at",
        &[
            &submission_id,
            &province,
            &board.outcome.as_str(),
            &board.problem,
            &corners,
            &card_jpeg,
            &timestamp(now),
        ],
    )?;
    if !board.faces.is_empty() {
        let sources: Vec<&str> = board.faces.iter().map(|face| face.source.as_str()).collect();
        let crops: Vec<&[u8]> = board.faces.iter().map(|face| face.crop_jpeg.as_slice()).collect();
        let embeddings: Vec<Vec<u8>> =
            board.faces.iter().map(|face| embedding_bytes(&face.embedding)).collect();
        tx.execute(
            "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             SELECT $1, source, $2, crop, embedding
             FROM UNNEST($3::text[], $4::bytea[], $5::bytea[]) AS f (source, crop, embedding)",
            &[&submission_id, &province, &sources, &crops, &embeddings],
        )?;
    }
    Ok(true)
}

pub(super) fn read(
    tx: &mut Tx<'_>,
    submission_id: &str,
) -> Result<Option<StoredBoard>, StoreError> {
    let Some(row) = tx.query_opt(
        "SELECT state, problem, held_card_corners, held_card_jpeg, computed_at
         FROM identity_boards WHERE submission_id = $1",
        &[&submission_id],
    )?
    else {
        return Ok(None);
    };
    let mut rows = StoredRows {
        state: row.try_get(0)?,
        problem: row.try_get(1)?,
        corners: row.try_get(2)?,
        card_jpeg: row.try_get(3)?,
        computed_at: row.try_get(4)?,
        faces: Vec::new(),
    };
    for face in tx.query(
        "SELECT source, crop_jpeg, embedding FROM board_faces WHERE submission_id = $1",
        &[&submission_id],
    )? {
        rows.faces.push((face.try_get(0)?, face.try_get(1)?, face.try_get(2)?));
    }
    rows.board().map(Some)
}
