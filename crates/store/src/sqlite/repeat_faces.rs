//! Repeat faces on SQLite (see [`crate::repeat_faces`]), in one read transaction: the
//! province's faces scanned from their bytes (no join), then only the matches looked up.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use crate::repeat_faces::{differing, embedding_from_bytes, seen, ProvinceFaces, RepeatFaces};
use crate::text_values::corrupt;
use crate::StoreError;

/// The submission: province, applicant, declared number (upper case), arrival.
type Owner = (String, String, Option<String>, String);

pub(super) fn repeat_faces(
    tx: &Connection,
    submission_id: &str,
    similar_below: f32,
    dissimilar_from: f32,
) -> Result<RepeatFaces, StoreError> {
    let (province, applicant, number, submitted_at): Owner = tx
        .query_row(
            "SELECT province, applicant_id, upper(json_extract(identity, '$.id_number')),
                    submitted_at
             FROM submissions WHERE id = ?1",
            [submission_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?
        .ok_or(StoreError::NotFound { what: "submission" })?;
    let person: Option<Vec<u8>> = tx
        .query_row(
            "SELECT embedding FROM board_faces
             WHERE submission_id = ?1 AND source = 'handheld_person'",
            [submission_id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(person) = person else {
        return Ok(RepeatFaces::default());
    };
    let person =
        embedding_from_bytes(&person).ok_or_else(|| corrupt("embedding", submission_id))?;

    let mut faces = ProvinceFaces::default();
    let mut scan = tx.prepare_cached(
        "SELECT submission_id, source, embedding FROM board_faces
         WHERE province = ?1 AND source IN ('card_portrait', 'handheld_person')
           AND submission_id <> ?2",
    )?;
    let mut rows = scan.query(params![province, submission_id])?;
    while let Some(row) = rows.next()? {
        let bytes = match row.get_ref(2)? {
            ValueRef::Blob(bytes) => bytes,
            _ => &[],
        };
        faces.push(row.get(0)?, row.get(1)?, bytes);
    }
    let mut elsewhere = tx.prepare_cached(
        "SELECT case_number FROM submissions
         WHERE id = ?1 AND applicant_id <> ?2 AND purged_at IS NULL
           AND COALESCE(upper(json_extract(identity, '$.id_number')) <> ?3, 1)",
    )?;
    let mut seen_elsewhere = Vec::new();
    for (id, source, distance) in faces.nearest(&person, similar_below)? {
        let case: Option<String> =
            elsewhere.query_row(params![id, applicant, number], |row| row.get(0)).optional()?;
        if let Some(case_number) = case {
            seen_elsewhere.push(seen(id, source, case_number, distance)?);
        }
    }

    let mut statement = tx.prepare_cached(
        "SELECT s.id, s.case_number, f.embedding
         FROM submissions s
         JOIN board_faces f ON f.submission_id = s.id AND f.source = 'handheld_person'
         WHERE s.applicant_id = ?1 AND s.id <> ?2 AND s.submitted_at < ?3
           AND s.purged_at IS NULL",
    )?;
    let earlier = statement
        .query_map(params![applicant, submission_id, submitted_at], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<Result<Vec<(String, String, Vec<u8>)>, _>>()?;
    Ok(RepeatFaces {
        compared: true,
        seen_elsewhere,
        differs_from_earlier: differing(&person, &earlier, dissimilar_from)?,
    })
}
