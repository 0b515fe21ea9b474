//! The face-similarity calibration on SQLite (see [`crate::face_calibrations`]): the province's
//! approved faces read, runs and bands appended with their audit events, the latest of each read
//! back. SQLite has one writer, so checking a run and setting bands from it cannot interleave
//! with another write.

use chrono::{DateTime, Utc};
use reviewdesk_domain::audit::AuditAction;
use reviewdesk_domain::wire::face_calibration::{
    CalibrationRun, CalibrationStatus, SetBandsRequest, SimilarityBands,
};
use reviewdesk_domain::wire::identity_board::FaceSource;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;

use super::audit_log;
use super::rows::{corrupt, parse_timestamp, timestamp};
use crate::face_calibrations::{
    check_request, embedding_from_bytes, CalibrationFace, NewCalibrationRun, RunFacts,
};
use crate::rules::province_of;
use crate::{AuditNote, StoreError, User};

pub(super) fn faces(tx: &Connection, province: &str) -> Result<Vec<CalibrationFace>, StoreError> {
    let mut statement = tx.prepare_cached(
        "SELECT f.submission_id, s.applicant_id, f.source, f.embedding
         FROM board_faces f JOIN submissions s ON s.id = f.submission_id
         WHERE f.province = ?1 AND s.province = ?1
           AND f.source IN ('card_portrait', 'handheld_person')
           AND s.status = 'approved' AND s.golden = 0 AND s.purged_at IS NULL
         ORDER BY f.submission_id, f.source",
    )?;
    let mut rows = statement.query([province])?;
    let mut faces = Vec::new();
    while let Some(row) = rows.next()? {
        let source: String = row.get(2)?;
        let bytes: Vec<u8> = row.get(3)?;
        faces.push(CalibrationFace {
            submission_id: row.get(0)?,
            applicant_id: row.get(1)?,
            source: FaceSource::parse(&source).ok_or_else(|| corrupt("face source", &source))?,
            embedding: embedding_from_bytes(&bytes)
                .ok_or_else(|| corrupt("face embedding length", &bytes.len().to_string()))?,
        });
    }
    Ok(faces)
}

pub(super) fn record_run(
    tx: &Connection,
    supervisor: &User,
    run: &NewCalibrationRun,
    now: DateTime<Utc>,
) -> Result<CalibrationRun, StoreError> {
    let province = province_of(supervisor)?;
    tx.execute(
        "INSERT INTO face_calibration_runs (province, run_at, run_by, same_person_pairs,
             different_person_pairs, different_sampled, rates, sufficient, thin_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            province,
            timestamp(now),
            supervisor.username,
            run.same_person_pairs,
            run.different_person_pairs,
            run.different_sampled,
            serde_json::to_string(&run.rates)?,
            run.thin_reason.is_none(),
            run.thin_reason,
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::FaceCalibrationRun,
            subject: None,
            detail: json!({
                "run_id": id,
                "province": province,
                "same_person_pairs": run.same_person_pairs,
                "different_person_pairs": run.different_person_pairs,
                "different_sampled": run.different_sampled,
                "sufficient": run.thin_reason.is_none(),
            }),
        },
        now,
    )?;
    Ok(CalibrationRun {
        id,
        run_at: now,
        run_by: supervisor.username.clone(),
        same_person_pairs: run.same_person_pairs,
        different_person_pairs: run.different_person_pairs,
        rates: run.rates.clone(),
        sufficient: run.thin_reason.is_none(),
        thin_reason: run.thin_reason.clone(),
    })
}

pub(super) fn set_bands(
    tx: &Connection,
    supervisor: &User,
    request: &SetBandsRequest,
    now: DateTime<Utc>,
) -> Result<SimilarityBands, StoreError> {
    let province = province_of(supervisor)?;
    let run = tx
        .query_row(
            "SELECT thin_reason FROM face_calibration_runs WHERE id = ?1 AND province = ?2",
            params![request.run_id, province],
            |row| Ok(RunFacts { thin_reason: row.get(0)? }),
        )
        .optional()?;
    check_request(request, run.as_ref())?;
    tx.execute(
        "INSERT INTO similarity_bands (province, similar_below, dissimilar_from, run_id, set_by,
             set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            province,
            f64::from(request.similar_below),
            f64::from(request.dissimilar_from),
            request.run_id,
            supervisor.username,
            timestamp(now),
        ],
    )?;
    audit_log::append(
        tx,
        &AuditNote {
            actor: &supervisor.username,
            action: AuditAction::SimilarityBandsSet,
            subject: None,
            detail: json!({
                "province": province,
                "run_id": request.run_id,
                "similar_below": request.similar_below,
                "dissimilar_from": request.dissimilar_from,
            }),
        },
        now,
    )?;
    Ok(SimilarityBands {
        similar_below: request.similar_below,
        dissimilar_from: request.dissimilar_from,
        run_id: request.run_id,
        set_by: supervisor.username.clone(),
        set_at: now,
    })
}

fn count(value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt("pair count", &value.to_string()))
}

fn run_of(row: &Row<'_>) -> Result<CalibrationRun, StoreError> {
    let run_at: String = row.get(1)?;
    let rates: String = row.get(5)?;
    Ok(CalibrationRun {
        id: row.get(0)?,
        run_at: parse_timestamp(&run_at)?,
        run_by: row.get(2)?,
        same_person_pairs: count(row.get(3)?)?,
        different_person_pairs: count(row.get(4)?)?,
        rates: serde_json::from_str(&rates)?,
        sufficient: row.get(6)?,
        thin_reason: row.get(7)?,
    })
}

fn bands_of(row: &Row<'_>) -> Result<SimilarityBands, StoreError> {
    let set_at: String = row.get(4)?;
    Ok(SimilarityBands {
        similar_below: row.get::<_, f64>(0)? as f32,
        dissimilar_from: row.get::<_, f64>(1)? as f32,
        run_id: row.get(2)?,
        set_by: row.get(3)?,
        set_at: parse_timestamp(&set_at)?,
    })
}

pub(super) fn bands(
    tx: &Connection,
    province: &str,
) -> Result<Option<SimilarityBands>, StoreError> {
    let mut statement = tx.prepare_cached(
        "SELECT similar_below, dissimilar_from, run_id, set_by, set_at FROM similarity_bands
         WHERE province = ?1 ORDER BY id DESC LIMIT 1",
    )?;
    let mut rows = statement.query([province])?;
    rows.next()?.map(bands_of).transpose()
}

pub(super) fn status(tx: &Connection, province: &str) -> Result<CalibrationStatus, StoreError> {
    let latest_run = {
        let mut statement = tx.prepare_cached(
            "SELECT id, run_at, run_by, same_person_pairs, different_person_pairs, rates,
                    sufficient, thin_reason
             FROM face_calibration_runs WHERE province = ?1 ORDER BY id DESC LIMIT 1",
        )?;
        let mut rows = statement.query([province])?;
        rows.next()?.map(run_of).transpose()?
    };
    Ok(CalibrationStatus { latest_run, bands: bands(tx, province)? })
}
