//! Repeat faces on PostgreSQL: the submission's hand-held person and the province's other faces
//! (see [`crate::repeat_faces`]), read in one transaction.

use super::tx::Tx;
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
           COALESCE(upper(s.identity::jsonb ->> 'id_number')
                    = upper(me.identity::jsonb ->> 'id_number'), false),
           s.submitted_at < me.submitted_at
    FROM submissions me
    JOIN board_faces f ON f.province = me.province
                      AND f.source IN ('card_portrait', 'handheld_person')
                      AND f.submission_id <> me.id
    JOIN submissions s ON s.id = f.submission_id
    WHERE me.id = $1 AND s.purged_at IS NULL";

pub(super) fn faces_to_compare(
    tx: &mut Tx<'_>,
    submission_id: &str,
) -> Result<FacesToCompare, StoreError> {
    if tx.query_opt("SELECT 1 FROM submissions WHERE id = $1", &[&submission_id])?.is_none() {
        return Err(StoreError::NotFound { what: "submission" });
    }
    let person = tx.query_opt(
        "SELECT embedding FROM board_faces
         WHERE submission_id = $1 AND source = 'handheld_person'",
        &[&submission_id],
    )?;
    let person = match person {
        Some(row) => {
            let bytes: Vec<u8> = row.try_get(0)?;
            Some(embedding_from_bytes(&bytes).ok_or_else(|| corrupt("embedding", submission_id))?)
        }
        None => None,
    };
    let rows = tx.query(OTHERS, &[&submission_id])?;
    let mut others = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get(0)?;
        let source: String = row.try_get(2)?;
        let bytes: Vec<u8> = row.try_get(3)?;
        others.push(StoredFace {
            source: source_of(&source).ok_or_else(|| corrupt("face source", &source))?,
            embedding: embedding_from_bytes(&bytes).ok_or_else(|| corrupt("embedding", &id))?,
            case_number: row.try_get(1)?,
            relation: relation_of(row.try_get(4)?, row.try_get(5)?, row.try_get(6)?),
            submission_id: id,
        });
    }
    Ok(FacesToCompare { person, others })
}
