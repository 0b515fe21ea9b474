//! The identity boards on SQLite (see [`crate::identity_boards`]): recorded on the writer
//! connection under the photo-check claim, the board row and its faces replaced together; read
//! back with the faces in board order.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::timestamp;
use crate::identity_boards::{corners_text, embedding_bytes, StoredBoard, StoredRows};
use crate::{BoardRecord, StoreError};

pub(super) fn record(
    tx: &Connection,
    submission_id: &str,
    claim: &str,
    board: &BoardRecord,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    board.validate()?;
    let held: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM photo_check_work WHERE submission_id = ?1 AND claim = ?2",
            params![submission_id, claim],
            |row| row.get(0),
        )
        .optional()?;
    if held.is_none() {
        return Ok(false);
    }
    let province: String = tx
        .query_row("SELECT province FROM submissions WHERE id = ?1", [submission_id], |row| {
            row.get(0)
        })
        .optional()?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    let corners = board.held_card.as_ref().map(|held| corners_text(&held.corners)).transpose()?;
    let card_jpeg = board.held_card.as_ref().map(|held| held.jpeg.as_slice());
    tx.execute("DELETE FROM board_faces WHERE submission_id = ?1", [submission_id])?;
    tx.execute(
        "INSERT INTO identity_boards
             (submission_id, province, state, problem, held_card_corners, held_card_jpeg,
              computed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (submission_id) DO UPDATE SET province = excluded.province,
             state = excluded.state, problem = excluded.problem,
             held_card_corners = excluded.held_card_corners,
             held_card_jpeg = excluded.held_card_jpeg, computed_at = excluded.computed_at",
        params![
            submission_id,
            province,
            board.outcome.as_str(),
            board.problem,
            corners,
            card_jpeg,
            timestamp(now)
        ],
    )?;
    for face in &board.faces {
        tx.execute(
            "INSERT INTO board_faces (submission_id, source, province, crop_jpeg, embedding)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                submission_id,
                face.source.as_str(),
                province,
                face.crop_jpeg,
                embedding_bytes(&face.embedding)
            ],
        )?;
    }
    Ok(true)
}

pub(super) fn read(
    tx: &Connection,
    submission_id: &str,
) -> Result<Option<StoredBoard>, StoreError> {
    let row = tx
        .query_row(
            "SELECT state, problem, held_card_corners, held_card_jpeg, computed_at
             FROM identity_boards WHERE submission_id = ?1",
            [submission_id],
            |row| {
                Ok(StoredRows {
                    state: row.get(0)?,
                    problem: row.get(1)?,
                    corners: row.get(2)?,
                    card_jpeg: row.get(3)?,
                    computed_at: row.get(4)?,
                    faces: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut rows) = row else { return Ok(None) };
    let mut statement = tx
        .prepare("SELECT source, crop_jpeg, embedding FROM board_faces WHERE submission_id = ?1")?;
    let faces = statement.query_map([submission_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?, row.get::<_, Vec<u8>>(2)?))
    })?;
    rows.faces = faces.collect::<Result<Vec<_>, _>>()?;
    rows.board().map(Some)
}
