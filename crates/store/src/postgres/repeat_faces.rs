//! Repeat faces on PostgreSQL (see [`crate::repeat_faces`]), in one read transaction: the
//! province's faces scanned from their bytes (no join), then only the matches looked up.

use super::tx::Tx;
use crate::repeat_faces::{differing, embedding_from_bytes, seen, ProvinceFaces, RepeatFaces};
use crate::text_values::corrupt;
use crate::StoreError;

pub(super) fn repeat_faces(
    tx: &mut Tx<'_>,
    submission_id: &str,
    similar_below: f32,
    dissimilar_from: f32,
) -> Result<RepeatFaces, StoreError> {
    let owner = tx
        .query_opt(
            "SELECT province, applicant_id, upper(identity::jsonb ->> 'id_number'), submitted_at
             FROM submissions WHERE id = $1",
            &[&submission_id],
        )?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    let province: String = owner.try_get(0)?;
    let applicant: String = owner.try_get(1)?;
    let number: Option<String> = owner.try_get(2)?;
    let submitted_at: String = owner.try_get(3)?;
    let person = tx.query_opt(
        "SELECT embedding FROM board_faces
         WHERE submission_id = $1 AND source = 'handheld_person'",
        &[&submission_id],
    )?;
    let Some(person) = person else {
        return Ok(RepeatFaces::default());
    };
    let person: Vec<u8> = person.try_get(0)?;
    let person =
        embedding_from_bytes(&person).ok_or_else(|| corrupt("embedding", submission_id))?;

    let rows = tx.query(
        "SELECT submission_id, source, embedding FROM board_faces
         WHERE province = $1 AND source IN ('card_portrait', 'handheld_person')
           AND submission_id <> $2",
        &[&province, &submission_id],
    )?;
    let mut faces = ProvinceFaces::default();
    for row in &rows {
        let bytes: &[u8] = row.try_get(2)?;
        faces.push(row.try_get(0)?, row.try_get(1)?, bytes);
    }
    let mut seen_elsewhere = Vec::new();
    for (id, source, distance) in faces.nearest(&person, similar_below)? {
        let case = tx.query_opt(
            "SELECT case_number FROM submissions
             WHERE id = $1 AND applicant_id <> $2 AND purged_at IS NULL
               AND COALESCE(upper(identity::jsonb ->> 'id_number') <> $3, true)",
            &[&id, &applicant, &number],
        )?;
        if let Some(row) = case {
            seen_elsewhere.push(seen(id, source, row.try_get(0)?, distance)?);
        }
    }

    let rows = tx.query(
        "SELECT s.id, s.case_number, f.embedding
         FROM submissions s
         JOIN board_faces f ON f.submission_id = s.id AND f.source = 'handheld_person'
         WHERE s.applicant_id = $1 AND s.id <> $2 AND s.submitted_at < $3
           AND s.purged_at IS NULL",
        &[&applicant, &submission_id, &submitted_at],
    )?;
    let mut earlier: Vec<(String, String, Vec<u8>)> = Vec::with_capacity(rows.len());
    for row in rows {
        earlier.push((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?));
    }
    Ok(RepeatFaces {
        compared: true,
        seen_elsewhere,
        differs_from_earlier: differing(&person, &earlier, dissimilar_from)?,
    })
}
