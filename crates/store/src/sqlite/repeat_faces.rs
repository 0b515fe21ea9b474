//! Repeat faces on SQLite: the submission's hand-held person and the province's other faces
//! (see [`crate::repeat_faces`]), read in one transaction.

use rusqlite::{params, Connection, OptionalExtension};

use crate::repeat_faces::{
    embedding_from_bytes, relation_of, source_of, FacesToCompare, StoredFace,
};
use crate::text_values::corrupt;
use crate::StoreError;

/// The other submissions' hand-held persons and card portraits in the submission's province,
/// with whether each is the same applicant's, declares the same ID number, and came earlier.
const OTHERS: &str = "
    SELECT f.submission_id, s.case_number, f.source, f.embedding,
           s.applicant_id = me.applicant_id,
           COALESCE(upper(json_extract(s.identity, '$.id_number'))
                    = upper(json_extract(me.identity, '$.id_number')), 0),
           s.submitted_at < me.submitted_at
    FROM submissions me
    JOIN board_faces f ON f.province = me.province
                      AND f.source IN ('card_portrait', 'handheld_person')
                      AND f.submission_id <> me.id
    JOIN submissions s ON s.id = f.submission_id
    WHERE me.id = ?1 AND s.purged_at IS NULL";

pub(super) fn faces_to_compare(
    tx: &Connection,
    submission_id: &str,
) -> Result<FacesToCompare, StoreError> {
    let known: Option<i64> = tx
        .query_row("SELECT 1 FROM submissions WHERE id = ?1", [submission_id], |row| row.get(0))
        .optional()?;
    if known.is_none() {
        return Err(StoreError::NotFound { what: "submission" });
    }
    let person: Option<Vec<u8>> = tx
        .query_row(
            "SELECT embedding FROM board_faces
             WHERE submission_id = ?1 AND source = 'handheld_person'",
            [submission_id],
            |row| row.get(0),
        )
        .optional()?;
    let person = person
        .map(|bytes| {
            embedding_from_bytes(&bytes).ok_or_else(|| corrupt("embedding", submission_id))
        })
        .transpose()?;
    let mut statement = tx.prepare_cached(OTHERS)?;
    let mut rows = statement.query(params![submission_id])?;
    let mut others = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let source: String = row.get(2)?;
        let bytes: Vec<u8> = row.get(3)?;
        others.push(StoredFace {
            source: source_of(&source).ok_or_else(|| corrupt("face source", &source))?,
            embedding: embedding_from_bytes(&bytes).ok_or_else(|| corrupt("embedding", &id))?,
            case_number: row.get(1)?,
            relation: relation_of(row.get(4)?, row.get(5)?, row.get(6)?),
            submission_id: id,
        });
    }
    Ok(FacesToCompare { person, others })
}
